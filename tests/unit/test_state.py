"""Button values carry the page state; whatever comes back from Slack is validated."""

from __future__ import annotations

import json

import pytest

from bot.errors import UserError
from bot.reading.question import MAX_CANONICAL_CHARS
from bot.replies.state import MAX_OFFSET, PageState


def test_page_state_round_trips_through_a_button_value() -> None:
    state = PageState(query="available local in den haag", offset=20, public=True)
    assert PageState.from_value(state.to_value()) == state


def test_missing_offset_and_public_take_their_defaults() -> None:
    assert PageState.from_value('{"query": "all"}') == PageState(query="all", offset=0, public=False)


@pytest.mark.parametrize(
    "value",
    [
        "not json",
        "{",
        "",
        "null",
        "[]",
        '"all"',
        '{"offset": 10}',
        '{"query": "all", "offset": -10}',
        f'{{"query": "all", "offset": {MAX_OFFSET + 1}}}',
        '{"query": "all", "offset": 1e308}',
        '{"query": "all", "offset": 99999999999999999999999999}',
        '{"query": "all", "offset": 2.5}',
        '{"query": "all", "offset": "ten"}',
        '{"query": 42}',
        '{"query": null}',
        '{"query": "all", "public": "maybe"}',
        '{"query": "all", "admin": true}',
        '{"query": "all", "offset": 0, "user": "U1"}',
        json.dumps({"query": "x" * (MAX_CANONICAL_CHARS + 1)}),
        "x" * 2048,
        json.dumps({"query": "all", "pad": "y" * 2100}),
    ],
)
def test_tampered_button_value_is_a_user_error(value: str) -> None:
    with pytest.raises(UserError, match="button no longer works"):
        PageState.from_value(value)


@pytest.mark.parametrize("value", [None, 42, b'{"query": "all"}', {"query": "all"}, ["all"]])
def test_button_value_that_is_not_a_string_is_a_user_error(value: object) -> None:
    with pytest.raises(UserError):
        PageState.from_value(value)


def test_page_state_is_immutable() -> None:
    state = PageState(query="all")
    with pytest.raises(ValueError, match="frozen"):
        state.offset = 10  # type: ignore[misc]
