"""A one-line notice on top of a view, for what the user should know about their last click."""

from __future__ import annotations

from typing import Any

from bot.replies.views import context_line, escape


def home_with_notice(view: dict[str, Any], notice: str) -> dict[str, Any]:
    """The same Home view with `notice` as a context line above everything else."""
    blocks = list(view.get("blocks") or [])
    return {**view, "blocks": [context_line(f":hourglass: {escape(notice)}").to_dict(), *blocks]}
