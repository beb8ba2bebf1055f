"""Block ids as Slack asks for them: unique within a view, and new each time a message or view is posted or updated.

Slack rejects a view with a repeated `block_id` (`invalid_arguments`), and asks for new block ids on each update of
a message (docs: "Updating messages", "Reference: blocks": a block_id is unique per message and per iteration of
it). The views keep their meaningful ids (`numbers-header`, …) for the code and tests that look for them; a post
sends each block as `<that id, or its type>-<position>-<this post's nonce>`, at most 255 characters.
"""

from __future__ import annotations

import secrets
from typing import Any

# Slack: a block_id is at most 255 characters.
MAX_BLOCK_ID_CHARS = 255
# 6 hex digits: 16.7 million updates before one message could see the same ids twice by chance.
NONCE_BYTES = 3


def fresh_block_ids(blocks: list[dict[str, Any]], nonce: str | None = None) -> list[dict[str, Any]]:
    """The blocks, each with an id unique within them and new for this post (`nonce` for tests)."""
    nonce = nonce or secrets.token_hex(NONCE_BYTES)
    fresh = []
    for position, block in enumerate(blocks):
        role = str(block.get("block_id") or block.get("type") or "block")
        suffix = f"-{position}-{nonce}"
        fresh.append({**block, "block_id": role[: MAX_BLOCK_ID_CHARS - len(suffix)] + suffix})
    return fresh


def role_of(block_id: str) -> str:
    """A sent block id's meaningful part (`numbers-header-0-a1b2c3` → `numbers-header`)."""
    return block_id.rsplit("-", 2)[0]


def fresh_view(view: dict[str, Any]) -> dict[str, Any]:
    """A Home or modal view with fresh, unique block ids."""
    return {**view, "blocks": fresh_block_ids(list(view.get("blocks") or []))}
