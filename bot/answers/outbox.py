"""Watch posts as the outbox stores them: a message as JSON, and back."""

from __future__ import annotations

import json
import logging

from bot.answers.watches import Post
from bot.inventory.outbox import QueuedPost
from bot.replies.views import Message

log = logging.getLogger(__name__)


def queued(post: Post) -> QueuedPost:
    """A watch's post as the outbox stores it."""
    body = json.dumps({"text": post.message.text, "blocks": post.message.blocks}, ensure_ascii=False)
    return QueuedPost(post.channel, post.watch_id, body)


def message_from(body: str) -> Message | None:
    """The message a stored post holds; None for a row that is not one (it is given up, never a traceback)."""
    try:
        data = json.loads(body)
        text, blocks = data["text"], data["blocks"]
    except (ValueError, TypeError, KeyError):
        log.warning("an outbox row that is no message was given up")
        return None
    if not isinstance(text, str) or not isinstance(blocks, list):
        return None
    return Message(text, blocks)
