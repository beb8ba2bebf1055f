"""What a user sees in a reply: numbers shown, buttons offered, texts read."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from tests.fakes.signing import app_mention_event

# A number is shown bold, as a tel: link (`*<tel:+31…|+31 20 …>*`), or as plain bold text when it is not E.164.
_SHOWN_NUMBER = re.compile(r"\*(?:<tel:\+\d+\|)?(\+[\d ]+)>?\*")


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


def check_a_retried_event_is_answered_once(first: Any, retried_to: Any, slack: Any) -> None:
    """Deliver a mention to `first`, the same event as Slack's retry to `retried_to`: one answer, then a sentinel."""
    event = app_mention_event("<@U0BOT> stats", ts="1700000001.000100")
    assert first.event(event, event_id="EvSAME") == 200
    slack.wait_for_api_call("chat.postMessage")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert retried_to.event(event, event_id="EvSAME", extra_headers=retry) == 200
    # A later event's answer shows the retry had its chance to be answered and was not.
    retried_to.event(app_mention_event("<@U0BOT> help", ts="1700000002.000100"), event_id="EvSENTINEL")
    slack.wait_for_api_call("chat.postMessage", count=2)
    assert [c.body["thread_ts"] for c in slack.calls("chat.postMessage")] == ["1700000001.000100", "1700000002.000100"]


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on at `port`, read from the kernel's table (Linux's /proc/net)."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with open(table) as lines:
            for line in list(lines)[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(_address(address, width))
    return found


def _address(hex_address: str, width: int) -> str:
    """A /proc/net address (host byte order, 32-bit words) as text: 0100007F → 127.0.0.1."""
    words = [bytes.fromhex(hex_address[i : i + 8])[::-1] for i in range(0, width, 8)]
    return str(ipaddress.ip_address(b"".join(words)))
