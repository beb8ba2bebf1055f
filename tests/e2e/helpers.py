"""What a user sees in a reply: numbers shown, buttons offered, texts read."""

from __future__ import annotations

import re
from typing import Any

_SHOWN_NUMBER = re.compile(r"\*(\+[\d ]+)\*")


def shown_numbers(message: dict[str, Any]) -> list[str]:
    """The E.164 numbers listed in a message's sections, in order."""
    found: list[str] = []
    for block in message.get("blocks", []):
        if block.get("type") == "section" and block.get("text"):
            found += ["+" + re.sub(r"\D", "", m) for m in _SHOWN_NUMBER.findall(block["text"]["text"])]
    return found


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Button action_id → value."""
    return {
        element["action_id"]: element["value"]
        for block in message.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"]
    }


def all_text(message: dict[str, Any]) -> str:
    """Every text a user can read in a message, joined."""
    parts = [message.get("text", "")]
    for block in message.get("blocks", []):
        if block.get("text"):
            parts.append(block["text"]["text"])
        parts += [field["text"] for field in block.get("fields", [])]
        parts += [element.get("text", "") for element in block.get("elements", []) if block.get("type") == "context"]
    return "\n".join(parts)
