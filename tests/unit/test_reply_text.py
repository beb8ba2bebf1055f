"""The parts of a post Slack reads besides the blocks: block ids, the top-level text, the unfurl flags."""

from __future__ import annotations

from bot.replies.block_ids import MAX_BLOCK_ID_CHARS, fresh_block_ids, fresh_view, role_of
from bot.replies.mrkdwn import spoken_text
from bot.replies.views import MAX_SPOKEN_NUMBERS_CHARS, Message, said_numbers

BLOCKS = [
    {"type": "header", "block_id": "numbers-header"},
    {"type": "section"},
    {"type": "context", "block_id": "numbers-context"},
    {"type": "context", "block_id": "numbers-context"},
]


def test_fresh_block_ids_are_unique_even_when_the_view_repeats_one() -> None:
    ids = [block["block_id"] for block in fresh_block_ids(BLOCKS)]
    assert len(set(ids)) == len(ids) == 4
    roles = [role_of(block_id) for block_id in ids]
    assert roles == ["numbers-header", "section", "numbers-context", "numbers-context"]


def test_each_post_gets_new_block_ids() -> None:
    first = {block["block_id"] for block in fresh_block_ids(BLOCKS)}
    second = {block["block_id"] for block in fresh_block_ids(BLOCKS)}
    assert first.isdisjoint(second)


def test_a_block_id_stays_within_slacks_255_characters() -> None:
    [block] = fresh_block_ids([{"type": "section", "block_id": "x" * 300}])
    assert len(block["block_id"]) <= MAX_BLOCK_ID_CHARS


def test_a_fresh_view_keeps_everything_but_the_ids() -> None:
    view = {"type": "home", "blocks": BLOCKS}
    fresh = fresh_view(view)
    assert fresh["type"] == "home"
    assert [block["type"] for block in fresh["blocks"]] == [block["type"] for block in BLOCKS]
    assert BLOCKS[3]["block_id"] == "numbers-context"  # the view itself is not changed


def test_every_post_turns_unfurling_off() -> None:
    kwargs = Message("text", []).as_kwargs()
    assert kwargs["unfurl_links"] is False
    assert kwargs["unfurl_media"] is False


def test_spoken_text_is_inert_and_reads_without_emoji_codes() -> None:
    text = spoken_text(":link: Linked to *Night* _desk_ <!channel> ~x~ `y` at 10:00:05, toll_free", 300)
    assert text == "Linked to Night desk &lt;!channel&gt; x y at 10∶00∶05, toll_free"


def test_numbers_are_listed_until_the_list_is_too_long() -> None:
    assert said_numbers(["+31 20 123 4567", "+31 6 1234 5678"]) == "+31 20 123 4567, +31 6 1234 5678"
    many = ["+31 20 123 4567"] * (MAX_SPOKEN_NUMBERS_CHARS // 10)
    assert said_numbers(many) == f"{len(many)} numbers: see the message"
