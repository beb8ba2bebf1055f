"""A refused Home Refresh is told on the Home view itself."""

from __future__ import annotations

from bot.replies.notices import home_with_notice


def test_the_notice_goes_above_the_view_and_is_escaped() -> None:
    view = {"type": "home", "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "42 numbers"}}]}
    shown = home_with_notice(view, "Try again in 3 s <soon>")
    assert shown["type"] == "home"
    assert shown["blocks"][1:] == view["blocks"]
    notice = shown["blocks"][0]
    assert notice["type"] == "context"
    assert "Try again in 3 s &lt;soon&gt;" in notice["elements"][0]["text"]
    assert len(view["blocks"]) == 1  # the rendered view itself is left as it was
