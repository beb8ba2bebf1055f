"""Block Kit replies (SPEC §4): what a listing shows, its buttons, and Slack's limits."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.answers.rendered import render_answer
from bot.answers.search import answer
from bot.inventory.snapshot import Snapshot
from bot.ops.config import MAX_PAGE_SIZE
from bot.replies.state import Action, BlockId, PageState
from bot.replies.views import (
    MAX_BLOCKS,
    MAX_SECTION_CHARS,
    Message,
    clamp_offset,
    escape,
    freshness,
    readable_number,
    render_error,
    render_help,
    render_listing,
    render_number_card,
    render_stats,
)
from bot.results.listing import Listing, Stats
from tests.unit.support import FAILING_AT, FETCHED_AT, generated_records, make_snapshot, question_for

FETCHED_EPOCH = int(FETCHED_AT.timestamp())


def view(snapshot: Snapshot, text: str, *, offset: int = 0, page_size: int = 10, public: bool = False) -> Message:
    query = question_for(text, snapshot)
    state = PageState(query=query.canonical(), offset=offset, public=public)
    return render_answer(answer(query, snapshot, "NL"), snapshot, state, page_size)


def blocks_of(message: Message, kind: str) -> list[dict[str, Any]]:
    return [block for block in message.blocks if block["type"] == kind]


def header(message: Message) -> str:
    return blocks_of(message, "header")[0]["text"]["text"]


def context(message: Message) -> str:
    return " ".join(element["text"] for block in blocks_of(message, "context") for element in block["elements"])


def section_texts(message: Message) -> list[str]:
    texts = []
    for block in blocks_of(message, "section"):
        if "text" in block:
            texts.append(block["text"]["text"])
        texts += [field["text"] for field in block.get("fields", [])]
    return texts


def result_lines(message: Message) -> list[str]:
    return [line for text in section_texts(message) for line in text.split("\n")]


def buttons(message: Message) -> dict[str, dict[str, Any]]:
    return {element["action_id"]: element for block in blocks_of(message, "actions") for element in block["elements"]}


def big_snapshot(count: int, **fields: Any) -> Snapshot:
    return make_snapshot(generated_records(count), [], **fields)


def assert_within_slack_limits(message: Message) -> None:
    assert message.text.strip()
    assert len(message.blocks) <= MAX_BLOCKS
    for text in section_texts(message):
        assert len(text) <= MAX_SECTION_CHARS
    for block in blocks_of(message, "header"):
        assert len(block["text"]["text"]) <= 150
    for element in buttons(message).values():
        assert len(element["value"]) <= 2000


def test_listing_header_has_the_description_and_count(snapshot: Snapshot) -> None:
    assert header(view(snapshot, "available local amsterdam")) == "Available local numbers in Amsterdam: 2 found"


def test_listing_has_one_line_per_number_on_the_page(snapshot: Snapshot) -> None:
    assert len(result_lines(view(snapshot, "all", page_size=4))) == 4


def test_number_line_shows_readable_number_type_locality_and_linked_assistant(snapshot: Snapshot) -> None:
    lines = result_lines(view(snapshot, "find 4567 refresh"))
    billing = next(line for line in lines if "+31 20 123 4567" in line)
    assert billing == "*<tel:+31201234567|+31 20 123 4567>* · local · Amsterdam · :link: linked to *Billing Desk*"


def test_number_line_says_available_for_a_free_number(snapshot: Snapshot) -> None:
    lines = result_lines(view(snapshot, "available mobile"))
    assert lines == ["*<tel:+31612345678|+31 6 12345678>* · mobile · :large_green_circle: available"]


def test_shared_numbers_are_marked_shared_once_in_the_header_not_on_every_line(snapshot: Snapshot) -> None:
    message = view(snapshot, "shared")
    assert "shared" in header(message).lower()
    assert len(result_lines(message)) == 2
    assert not any("shared" in line for line in result_lines(message))


def test_readable_number_is_international_format() -> None:
    assert readable_number("+31201234567") == "+31 20 123 4567"
    assert readable_number("not a number") == "not a number"


def test_context_has_page_of_pages_and_data_time(snapshot: Snapshot) -> None:
    text = context(view(snapshot, "all", page_size=4, offset=4))
    assert "Page 2 of 3" in text
    assert f"data as of <!date^{FETCHED_EPOCH}^{{date_short_pretty}} {{time}}|15 Jan 14:02 UTC>" in text
    assert "demo data" not in text
    assert "stale" not in text


def test_context_says_demo_data_for_the_demo_inventory() -> None:
    message = view(make_snapshot(demo=True), "all")
    assert "demo data" in context(message)
    assert "demo data" in message.text


def test_context_warns_when_data_is_stale() -> None:
    stale = make_snapshot().as_stale(FAILING_AT, "Flireo is unavailable (HTTP 503)")
    text = context(view(stale, "all"))
    failing = int(FAILING_AT.timestamp())
    since = f"<!date^{failing}^{{date_short_pretty}} {{time}}|15 Jan 14:30 UTC>"
    assert f"stale since {since}: Flireo is unavailable (HTTP 503)" in text  # since when, and why
    assert f"data as of <!date^{FETCHED_EPOCH}^{{date_short_pretty}} {{time}}|15 Jan 14:02 UTC>" in text
    assert "stale since 15 Jan 14:30 UTC: Flireo is unavailable (HTTP 503)" in view(stale, "all").text


def test_freshness_names_the_day_when_the_data_is_from_another_day(snapshot: Snapshot) -> None:
    assert freshness(snapshot, now=datetime(2026, 1, 16, 9, 0, tzinfo=UTC)) == "data as of 15 Jan 14:02 UTC"
    assert freshness(None) == "no data yet"


def test_previous_is_absent_on_the_first_page() -> None:
    found = buttons(view(big_snapshot(25), "all"))
    assert Action.PREVIOUS not in found
    assert Action.NEXT in found


def test_next_on_last_page_is_absent() -> None:
    found = buttons(view(big_snapshot(25), "all", offset=20))
    assert Action.NEXT not in found
    assert PageState.from_value(found[Action.PREVIOUS]["value"]).offset == 10


def test_middle_page_has_previous_and_next_pointing_a_page_away() -> None:
    found = buttons(view(big_snapshot(25), "all", offset=10))
    assert PageState.from_value(found[Action.PREVIOUS]["value"]).offset == 0
    assert PageState.from_value(found[Action.NEXT]["value"]).offset == 20


def test_single_page_has_neither_previous_nor_next(snapshot: Snapshot) -> None:
    found = buttons(view(snapshot, "all"))
    assert set(found) == {Action.REFRESH, Action.SHARE}


@pytest.mark.parametrize("text", ["all", "stats", "find 020 123 4567", "available utrecht", "4567"])
def test_refresh_is_always_there(snapshot: Snapshot, text: str) -> None:
    assert Action.REFRESH in buttons(view(snapshot, text))


def test_share_is_absent_once_public(snapshot: Snapshot) -> None:
    assert Action.SHARE in buttons(view(snapshot, "all"))
    assert Action.SHARE not in buttons(view(snapshot, "all", public=True))


def test_buttons_of_a_public_message_stay_public() -> None:
    found = buttons(view(big_snapshot(25), "all", offset=10, public=True))
    assert all(PageState.from_value(element["value"]).public for element in found.values())


def test_every_button_value_round_trips_through_page_state() -> None:
    snapshot = big_snapshot(35)
    asked = question_for("available local amsterdam", snapshot)
    for element in buttons(view(snapshot, "available local amsterdam", offset=10)).values():
        state = PageState.from_value(element["value"])
        assert state.to_value() == element["value"]
        assert question_for(state.query, snapshot) == asked


def test_refresh_and_share_keep_the_current_page() -> None:
    found = buttons(view(big_snapshot(35), "all", offset=20))
    assert PageState.from_value(found[Action.REFRESH]["value"]).offset == 20
    assert PageState.from_value(found[Action.SHARE]["value"]).offset == 20


def test_offset_past_the_end_is_clamped_to_the_last_page() -> None:
    message = view(big_snapshot(25), "all", offset=5000)
    assert "Page 3 of 3" in context(message)
    assert len(result_lines(message)) == 5
    assert Action.NEXT not in buttons(message)
    assert PageState.from_value(buttons(message)[Action.REFRESH]["value"]).offset == 20


def test_offset_between_pages_snaps_to_its_page() -> None:
    assert clamp_offset(13, total=25, page_size=10) == 10
    assert clamp_offset(0, total=0, page_size=10) == 0


def test_empty_listing_says_so_with_the_nearby_hint(snapshot: Snapshot) -> None:
    message = view(snapshot, "available local utrecht")
    assert header(message) == "Available local numbers in Utrecht: 0 found"
    assert section_texts(message) == [
        "No available local numbers in Utrecht; 2 in Amsterdam; 1 in Den Haag; 1 in Zoëterwoude."
    ]
    assert "Page" not in context(message)
    assert set(buttons(message)) == {Action.REFRESH}


def test_empty_lookup_says_no_number_matches(snapshot: Snapshot) -> None:
    message = view(snapshot, "find +31209999999")
    assert section_texts(message) == ["*<tel:+31209999999|+31 20 999 9999>* · :grey_question: not on this account"]


@pytest.mark.parametrize("page_size", [1, 10, MAX_PAGE_SIZE])
def test_largest_pages_of_hostile_names_stay_within_slack_limits(page_size: int) -> None:
    name = ("<&>" * 40)[:60]
    records = [
        {
            "id": f"x{i}",
            "phone_number": f"+31205{i:06d}",
            "locality": "<b>&" * 30,
            "number_type": "local" * 10,
            "available": False,
            "linked_assistant": {"id": "a", "name": name + "-" * i},
        }
        for i in range(120)
    ]
    snapshot = make_snapshot(records, [])
    message = view(snapshot, "linked", page_size=page_size, offset=page_size)
    assert_within_slack_limits(message)
    lines = result_lines(message)
    assert len(lines) == page_size
    # The only markup in a line is our own tel: link, built from a checked E.164 number.
    assert all(re.fullmatch(r"\*<tel:\+\d+\|[\d +]+>\*", line.split(" · ")[0]) for line in lines)
    assert all("<" not in line and ">" not in line for line in (line.split(" · ", 1)[1] for line in lines))
    assert "&lt;&amp;&gt;" in lines[0]


def test_names_with_markup_are_escaped_in_every_text() -> None:
    evil = "R&D <!channel> <@U123>"
    records = [
        {
            "id": "e1",
            "phone_number": "+31201234567",
            "locality": "A<b>",
            "number_type": "local",
            "linked_assistant": {"name": evil},
        }
    ]
    snapshot = make_snapshot(records, [])
    for message in (view(snapshot, "all"), view(snapshot, "linked r d"), view(snapshot, "find +31201234567")):
        for text in [message.text, context(message), *section_texts(message)]:
            assert "<!channel>" not in text
            assert "<@U123>" not in text


def test_every_message_has_a_nonempty_fallback_text(snapshot: Snapshot) -> None:
    for text in ["all", "stats", "find 020 123 4567", "4567", "available utrecht", "shared", "help"]:
        assert view(snapshot, text).text.strip()
    assert render_help().text.strip()
    assert render_error("Something broke.").text.strip()


def test_number_card_leads_with_who_answers_the_number_then_the_number_type_and_place(snapshot: Snapshot) -> None:
    message = view(snapshot, "find 020 123 4567")
    assert header(message) == ":link: Linked to Billing Desk"
    assert section_texts(message) == [
        "*<tel:+31201234567|+31 20 123 4567>*",
        "*Type:* local",
        "*Place:* Amsterdam",
        "*Added:* 14 Mar 2025",
    ]
    assert message.text.startswith("Linked to Billing Desk · +31 20 123 4567 · data as of 15 Jan 14:02 UTC")
    assert set(buttons(message)) == {Action.REFRESH, Action.SHARE}


def test_number_card_of_a_free_number_leads_with_a_warning_that_callers_reach_nobody(snapshot: Snapshot) -> None:
    number = next(n for n in snapshot.numbers if n.id == "n08")
    message = render_number_card(number, snapshot, PageState(query="find +31612345678"))
    assert header(message) == ":warning: No assistant answers it: callers reach nobody (available)"
    assert ":large_green_circle:" not in str(message.blocks)
    assert "*Place:* —" in section_texts(message)
    assert message.text.startswith("No assistant answers it: callers reach nobody (available) · +31 6 12345678")


def test_stats_view_shows_counts_by_type_and_top_localities(snapshot: Snapshot) -> None:
    stats = answer(question_for("stats", snapshot), snapshot, "NL")
    assert isinstance(stats, Stats)
    message = render_stats(stats, snapshot, PageState(query="stats"))
    assert header(message) == "10 numbers on the account, 5 available"
    (table,) = blocks_of(message, "table")
    assert [[cell["text"] for cell in row] for row in table["rows"]] == [
        ["Type", "Numbers", "Available", "Linked"],
        ["local", "7", "4", "3"],
        ["mobile", "2", "1", "1"],
        ["national", "1", "0", "1"],
    ]
    assert all(cell["type"] == "raw_text" for row in table["rows"] for cell in row)
    assert section_texts(message)[0].startswith("*Top places*\nAmsterdam: 3 (2 available)")
    assert "2 shared default numbers" in context(message)
    # Where the table cannot show (notifications, screen readers), the fallback says the same counts in words.
    assert message.text.startswith(
        "10 numbers on the account, 5 available: local 7 (4 available, 3 linked); "
        "mobile 2 (1 available, 1 linked); national 1 (0 available, 1 linked) · data as of 15 Jan 14:02 UTC"
    )


def test_stats_of_an_empty_account_says_no_numbers() -> None:
    snapshot = make_snapshot([], [])
    stats = answer(question_for("stats", snapshot), snapshot, "NL")
    assert isinstance(stats, Stats)
    message = render_stats(stats, snapshot, PageState(query="stats"))
    assert section_texts(message) == ["No numbers."]
    assert_within_slack_limits(message)


def test_help_lists_examples_for_the_command() -> None:
    message = render_help("/nums")
    assert header(message) == "Ask about the account's phone numbers"
    text = "\n".join(section_texts(message))
    assert "`/nums available local amsterdam`" in text
    assert "`/nums find 020 123 4567`" in text
    assert "/numbers" not in text


def test_error_view_shows_the_message_and_points_to_help(snapshot: Snapshot) -> None:
    message = render_error("I don't know the word *blorp*.", snapshot)
    assert section_texts(message) == [":warning: I don't know the word *blorp*."]
    assert "/numbers help" in context(message)
    assert "|15 Jan 14:02 UTC>" in context(message)
    assert message.text == "I don't know the word blorp."  # top-level text is inert: no marks to render bold


def test_error_view_escapes_names_from_the_data() -> None:
    message = render_error("No assistant is called *x*. Assistants: <!channel> & Co.")
    assert "<!channel>" not in section_texts(message)[0]
    assert "&lt;!channel&gt; &amp; Co" in section_texts(message)[0]
    assert "<!channel>" not in message.text


def test_very_long_error_stays_within_limits() -> None:
    assert_within_slack_limits(render_error("x" * 10_000))


def test_escape_handles_slack_control_characters() -> None:
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"


def test_listing_blocks_carry_the_ids_handlers_look_for(snapshot: Snapshot) -> None:
    message = view(snapshot, "all")
    block_ids = {block.get("block_id") for block in message.blocks}
    assert {BlockId.HEADER, BlockId.CONTEXT, BlockId.NAVIGATION} <= block_ids


def test_render_listing_accepts_a_listing_directly(snapshot: Snapshot) -> None:
    listing = Listing("numbers matching 4567", snapshot.numbers[:3], lookup="4567")
    message = render_listing(listing, snapshot, PageState(query="find 4567"), page_size=2)
    assert header(message) == "Numbers matching 4567: 3 found"
    assert "Page 1 of 2" in context(message)


def test_context_shows_a_notice_when_a_refresh_was_skipped(snapshot: Snapshot) -> None:
    noticed = snapshot.with_notice("Not refreshed: budget used")
    text = context(view(noticed, "all"))
    assert "Not refreshed: budget used" in text
    assert "stale" not in text


def test_data_from_today_shows_only_the_time_and_older_data_its_date() -> None:
    snapshot = make_snapshot(fetched_at=datetime(2026, 1, 15, 14, 2, tzinfo=UTC))
    assert freshness(snapshot, now=datetime(2026, 1, 15, 18, 0, tzinfo=UTC)) == "data as of 14:02 UTC"
    assert freshness(snapshot, now=datetime(2026, 1, 16, 9, 0, tzinfo=UTC)) == "data as of 15 Jan 14:02 UTC"
