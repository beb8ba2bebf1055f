"""Flireo's text is shown as itself: never formatting, a forged line, a mention, or a block Slack rejects (#10)."""

from __future__ import annotations

import pytest

from bot.replies.extra_views import render_home
from bot.replies.mrkdwn import SECTION_TEXT_CHARS, clip, flireo_text
from bot.replies.state import PageState
from bot.replies.views import number_line, render_number_card, render_stats
from bot.results.listing import Stats, TypeCount
from tests.unit.support import make_snapshot, numbers_from

FORGED = "Billing Desk\n*+31 20 999 9999* · local · Amsterdam · :large_green_circle: available"


def test_a_newline_in_a_name_cannot_forge_a_number_line() -> None:
    text = flireo_text(FORGED, 200)
    assert "\n" not in text
    assert "*" not in text
    assert ":large_green_circle:" not in text
    assert "+31 20 999 9999" in text  # still readable, as itself


@pytest.mark.parametrize("mark", ["*", "_", "~", "`"])
def test_formatting_marks_become_look_alikes(mark: str) -> None:
    assert mark not in flireo_text(f"{mark}bold{mark}", 50)


def test_an_underscore_inside_a_word_is_kept() -> None:
    assert flireo_text("toll_free", 20) == "toll_free"


def test_underscores_that_could_italicise_are_replaced() -> None:
    assert "_" not in flireo_text("__bold__ _it_", 30)


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\x00", "\x1b", "\u2028", "\ufeff"])
def test_control_and_bidi_characters_never_reach_slack(char: str) -> None:
    assert char not in flireo_text(f"Night{char}Support", 50)


def test_mentions_and_links_stay_text() -> None:
    assert flireo_text("<!channel> & <https://evil|x>", 100) == "&lt;!channel&gt; &amp; &lt;https://evil|x&gt;"


def test_clipping_never_leaves_half_an_entity() -> None:
    text = flireo_text("a" * 8 + "&" * 10, 12)
    assert len(text) <= 12
    assert text.endswith("…")
    assert not text.removesuffix("…").endswith(("&", "&a", "&am"))


def test_clip_keeps_short_text_whole() -> None:
    assert clip("Amsterdam", 10) == "Amsterdam"


def test_a_huge_locality_and_type_fit_every_block() -> None:
    record = {"id": "x1", "phone_number": "+31201234567", "locality": "L" * 5000, "number_type": "t" * 5000}
    number = numbers_from([record])[0]
    assert len(number_line(number)) < 200
    card = render_number_card(number, make_snapshot(), PageState(query="x"))
    for block in card.blocks:
        for field in block.get("fields", []):
            assert len(field["text"]) <= 2000


def test_stats_and_home_of_many_long_types_stay_within_slacks_limits() -> None:
    types = tuple(TypeCount("t" * 3500 + str(i), 1, 1, 0) for i in range(200))
    stats = Stats(200, 0, types, (("L" * 2500, 200, 1),), (("L" * 2500, 1),))
    message = render_stats(stats, make_snapshot(), PageState(query="stats"))
    home = render_home(stats, make_snapshot())
    for block in [*message.blocks, *home["blocks"]]:
        if block.get("text"):
            assert len(block["text"]["text"]) <= SECTION_TEXT_CHARS
