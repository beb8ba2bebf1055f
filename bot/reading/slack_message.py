"""Every text a Slack message carries: monitoring integrations put alerts in attachments and blocks, not `text`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# Slack: a message holds at most 50 blocks and 100 attachments; nesting past this depth is not Block Kit.
MAX_DEPTH = 8
MAX_PARTS = 2000
_ATTACHMENT_TEXTS = ("pretext", "title", "text", "fallback", "footer", "author_name")


def message_texts(message: dict[str, Any], *, with_blocks: bool = True) -> str:
    """`text`, the attachments (pretext, title, text, fields, fallback) and the blocks, once each, one per line.

    A person's message repeats its `text` in rich_text blocks; `with_blocks=False` reads it without them.
    """
    parts: list[str] = []
    _add(parts, message.get("text"))
    for attachment in _dicts(message.get("attachments")):
        for key in _ATTACHMENT_TEXTS:
            _add(parts, attachment.get(key))
        for field in _dicts(attachment.get("fields")):
            _add(parts, field.get("title"))
            _add(parts, field.get("value"))
        if with_blocks:
            parts += _block_texts(attachment.get("blocks"), 0)
    if with_blocks:
        parts += _block_texts(message.get("blocks"), 0)
    return "\n".join(dict.fromkeys(part for part in parts[:MAX_PARTS] if part.strip()))


def _add(parts: list[str], value: object) -> None:
    if isinstance(value, str):
        parts.append(value)


def _dicts(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _block_texts(blocks: object, depth: int) -> list[str]:
    """Texts of section text and fields, context elements, headers and rich_text, however nested."""
    if depth > MAX_DEPTH:
        return []
    texts: list[str] = []
    for block in _dicts(blocks):
        text = block.get("text")
        if isinstance(text, dict):
            _add(texts, text.get("text"))
        elif isinstance(text, str) and block.get("type") in ("text", "mrkdwn", "plain_text"):
            texts.append(text)
        for field in _dicts(block.get("fields")):
            _add(texts, field.get("text"))
        if block.get("type") in ("link", "url"):
            _add(texts, block.get("url"))
        # Context elements, rich_text sections and lists all keep their parts in `elements`.
        texts += _inline(block.get("elements"), depth + 1)
    return texts


def _inline(elements: object, depth: int) -> list[str]:
    """Rich text is split into runs (text, link, emoji); a run of runs is one line."""
    if depth > MAX_DEPTH:
        return []
    runs: list[str] = []
    lines: list[str] = []
    for element in _dicts(elements):
        if "elements" in element:
            lines += _inline(element["elements"], depth + 1)
        elif element.get("type") in ("text", "link") and isinstance(element.get("text"), str):
            runs.append(element["text"])
        elif element.get("type") in ("mrkdwn", "plain_text") and isinstance(element.get("text"), str):
            lines.append(element["text"])
        elif element.get("type") == "link" and isinstance(element.get("url"), str):
            runs.append(element["url"])
    return (["".join(runs)] if runs else []) + lines
