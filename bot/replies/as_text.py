"""A Block Kit message as plain text: what the console and `ask` print, and workflow steps and fallbacks say."""

from __future__ import annotations

import re
from typing import Any

from bot.replies.counts import aligned_table
from bot.replies.emoji import as_characters
from bot.replies.state import Action
from bot.replies.views import Message

# The console's keys for the page buttons, shown where Slack shows the buttons.
KEYS = {Action.PREVIOUS: "p", Action.NEXT: "n", Action.REFRESH: "r"}
# Slack's links and date tokens, `<tel:+31…|+31 20 …>` and `<!date^…|14:02 UTC>`: a terminal shows their text.
SLACK_LINK = re.compile(r"<(?:tel:|!date\^)[^|<>]*\|([^<>]*)>")
# In Slack a question starts with the slash command; in the console it is typed on its own.
SLASH_COMMAND = re.compile(r"/numbers\s+")


def _plain(mrkdwn: str) -> str:
    mrkdwn = SLASH_COMMAND.sub("", SLACK_LINK.sub(r"\1", as_characters(mrkdwn)))
    mrkdwn = re.sub(r"(?<!\w)[*_`](.+?)[*_`](?!\w)", r"\1", mrkdwn)
    return mrkdwn.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _table_lines(rows: list[list[dict[str, Any]]]) -> list[str]:
    """A table block as aligned columns, like a fixed-width table in Slack."""
    return aligned_table([[str(cell.get("text", "")) for cell in row] for row in rows])


def _block_lines(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        title = as_characters(block["text"]["text"])
        return [title, "─" * min(len(title), 72)]
    if kind == "section":
        texts = [block["text"]["text"]] if block.get("text") else []
        texts += [f["text"] for f in block.get("fields", [])]
        return [_plain(line) for text in texts for line in text.split("\n")]
    if kind == "table":
        return _table_lines(block.get("rows", []))
    if kind == "context":
        return [_plain(" ".join(e.get("text", "") for e in block.get("elements", [])))]
    if kind == "actions":
        labels = [
            f"[{KEYS[Action(e['action_id'])]}] {e['text']['text']}"
            for e in block.get("elements", [])
            if e.get("action_id") in KEYS
        ]
        return ["  ".join(labels)] if labels else []
    return []


def message_text(message: Message, *, with_keys: bool = True) -> str:
    """A Block Kit message as terminal text (`with_keys`: the n/p/r hints, for the interactive console)."""
    blocks = [b for b in message.blocks if with_keys or b.get("type") != "actions"]
    return "\n".join(line for block in blocks for line in _block_lines(block))
