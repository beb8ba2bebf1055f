"""Replies an on-call person takes in at a glance: what matters first, nothing repeated, tappable, local times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.answers.rendered import render_answer
from bot.answers.search import answer, count
from bot.flireo.models import BuyableNumber
from bot.inventory.catalog import Fetched
from bot.inventory.snapshot import Snapshot
from bot.replies.extra_views import buyable_line, render_buyable, render_home
from bot.replies.formats import monthly_price, slack_date, tel_link
from bot.replies.state import Action, PageState
from bot.replies.views import Message, bold_number, freshness, render_error
from bot.results.listing import Stats
from tests.fakes.slack import block_problems
from tests.unit.support import FETCHED_AT, generated_records, make_snapshot, question_for


def view(snapshot: Snapshot, text: str, *, page_size: int = 10) -> Message:
    query = question_for(text, snapshot)
    return render_answer(answer(query, snapshot, "NL"), snapshot, PageState(query=query.canonical()), page_size)


def texts_of(blocks: list[dict[str, Any]], kind: str) -> list[str]:
    found = []
    for block in blocks:
        if block["type"] != kind:
            continue
        if kind == "context":
            found += [element["text"] for element in block["elements"]]
        elif kind == "header":
            found.append(block["text"]["text"])
        else:
            found += [block["text"]["text"]] if "text" in block else []
            found += [field["text"] for field in block.get("fields", [])]
    return found


def lines_of(message: Message) -> list[str]:
    return [line for text in texts_of(message.blocks, "section") for line in text.split("\n")]


def action_ids(blocks: list[dict[str, Any]]) -> set[str]:
    return {e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_lines_leave_off_what_the_header_already_says(snapshot: Snapshot) -> None:
    message = view(snapshot, "available local amsterdam")
    assert lines_of(message) == ["*<tel:+31201110000|+31 20 111 0000>*", "*<tel:+31207654321|+31 20 765 4321>*"]
    assert len(texts_of(message.blocks, "context")) == 1  # no "All: …" line: the header says it all


def test_what_every_line_shares_but_the_header_does_not_say_is_said_once_under_it() -> None:
    snapshot = make_snapshot(generated_records(4), [])
    message = view(snapshot, "all")
    assert texts_of(message.blocks, "context")[0] == "All: local · Amsterdam"
    assert lines_of(message)[:2] == [
        "*<tel:+31202000000|+31 20 200 0000>* · :large_green_circle: available",
        "*<tel:+31202000001|+31 20 200 0001>* · :link: linked to *Billing Desk*",
    ]


def test_the_assistant_shows_on_every_line_even_when_all_share_it(snapshot: Snapshot) -> None:
    lines = lines_of(view(snapshot, "linked night support"))
    assert len(lines) == 2
    assert all(line.endswith(":link: linked to *Night Support*") for line in lines)


def test_details_that_differ_stay_on_the_lines(snapshot: Snapshot) -> None:
    lines = lines_of(view(snapshot, "available"))
    assert "*<tel:+31612345678|+31 6 12345678>* · mobile" in lines
    assert "*<tel:+31703456789|+31 70 345 6789>* · local · Den Haag" in lines


def test_a_single_match_of_a_fragment_keeps_its_whole_line(snapshot: Snapshot) -> None:
    assert lines_of(view(snapshot, "876543")) == [
        "*<tel:+31709876543|+31 70 987 6543>* · local · Den Haag · :link: linked to *Night Support*"
    ]


def test_numbers_are_tel_links_and_anything_else_is_escaped_text() -> None:
    assert bold_number("+31201234567") == "*<tel:+31201234567|+31 20 123 4567>*"
    assert bold_number("+3120|<!channel>") == "*+3120|&lt;!channel&gt;*"
    assert tel_link("+31201234567", "+31 20 123 4567|x") is None
    assert tel_link("0201234567", "020 123 4567") is None


def test_times_are_slack_date_tokens_with_utc_in_the_token_and_in_the_fallback() -> None:
    snapshot = make_snapshot(fetched_at=FETCHED_AT)
    today = FETCHED_AT + timedelta(hours=1)
    epoch = int(FETCHED_AT.timestamp())
    assert freshness(snapshot, today, slack=True) == f"data as of <!date^{epoch}^{{time}}|14:02 UTC>"
    assert freshness(snapshot, today) == "data as of 14:02 UTC"
    assert slack_date(FETCHED_AT, with_day=True) == f"<!date^{epoch}^{{date_short_pretty}} {{time}}|15 Jan 14:02 UTC>"
    message = view(snapshot, "all")
    assert "<!date^" in texts_of(message.blocks, "context")[-1]
    assert "<!date" not in message.text
    assert "15 Jan 14:02 UTC" in message.text


def test_single_page_and_empty_results_show_no_page_count(snapshot: Snapshot) -> None:
    for text in ["all", "available local utrecht", "find +31209999999"]:
        message = view(snapshot, text)
        assert "Page" not in " ".join(texts_of(message.blocks, "context")), text
        assert "page" not in message.text, text


def test_a_listing_of_several_pages_still_says_which_page() -> None:
    message = view(make_snapshot(generated_records(25), []), "all")
    assert texts_of(message.blocks, "context")[-1].startswith("Page 1 of 3 · ")
    assert "(page 1 of 3)" in message.text


def test_empty_results_and_errors_have_no_share_button(snapshot: Snapshot) -> None:
    assert action_ids(view(snapshot, "available local utrecht").blocks) == {Action.REFRESH}
    assert action_ids(view(snapshot, "find +31209999999").blocks) == {Action.REFRESH}
    assert action_ids(render_error("I don't know the word *blorp*.").blocks) == set()
    assert Action.SHARE in action_ids(view(snapshot, "available local").blocks)


def test_an_outage_is_not_answered_with_a_pointer_to_help(snapshot: Snapshot) -> None:
    outage = render_error("Flireo is unavailable (HTTP 503); try again in a minute.", snapshot, asked_wrong=False)
    context = " ".join(texts_of(outage.blocks, "context"))
    assert "help" not in context
    assert "data as of" in context
    assert texts_of(render_error("Flireo is down.", asked_wrong=False).blocks, "context") == []
    typo = render_error("I don't know the word *blorp*.", snapshot)
    assert "Type `/numbers help` for examples." in " ".join(texts_of(typo.blocks, "context"))


def offer(number: str, monthly: str | None = "4.50", currency: str | None = "EUR") -> BuyableNumber:
    return BuyableNumber.model_validate(
        {"phone_number": number, "number_type": "mobile", "cost": {"monthly": monthly, "currency": currency}}
    )


@pytest.mark.parametrize(
    ("monthly", "currency", "said"),
    [
        ("4.50", "EUR", "€4.50 a month"),
        ("2", "eur", "€2.00 a month"),
        ("1250", "USD", "$1,250.00 a month"),
        ("3.1", "CHF", "3.10 CHF a month"),
        ("3.10", "<!here>", "3.10 a month"),
        ("lots", "EUR", None),
        ("-1", "EUR", None),
        (None, "EUR", None),
    ],
)
def test_prices_read_as_money_a_month(monthly: str | None, currency: str | None, said: str | None) -> None:
    assert monthly_price(monthly, currency) == said


def test_purchasable_numbers_come_in_number_order_with_their_price_and_without_the_asked_type() -> None:
    fetched = Fetched((offer("+31687654321"), offer("+31612345678"), offer("+31655555555")), FETCHED_AT)
    message = render_buyable(fetched, "mobile", None, PageState(query="buyable mobile"), 10)
    assert lines_of(message) == [
        "*<tel:+31612345678|+31 6 12345678>* · €4.50 a month · not reservable",
        "*<tel:+31655555555|+31 6 55555555>* · €4.50 a month · not reservable",
        "*<tel:+31687654321|+31 6 87654321>* · €4.50 a month · not reservable",
    ]
    assert (
        buyable_line(offer("+31612345678", "nonsense"))
        == "*<tel:+31612345678|+31 6 12345678>* · mobile · not reservable"
    )


def test_app_home_leads_with_how_many_numbers_are_free_and_shows_the_table(snapshot: Snapshot) -> None:
    stats = count(snapshot.index)
    assert isinstance(stats, Stats)
    home = render_home(stats, snapshot)
    assert texts_of(home["blocks"], "header") == ["10 numbers on the account, 5 available"]
    # Slack renders a table block in messages only, so Home shows the same table in fixed-width text.
    assert not [block for block in home["blocks"] if block["type"] == "table"]
    assert texts_of(home["blocks"], "section")[0].split("\n") == [
        "```Type      Numbers  Available  Linked",
        "─" * 36,
        "local           7          4       3",
        "mobile          2          1       1",
        "national        1          0       1```",
    ]


def test_a_table_of_many_unknown_types_stays_within_slack_rows() -> None:
    records = [
        {"id": f"t{i}", "phone_number": f"+3120{i:07d}", "number_type": f"kind{i:03d}", "available": True}
        for i in range(150)
    ]
    snapshot = make_snapshot(records, [], fetched_at=datetime(2026, 1, 15, 14, 2, tzinfo=UTC))
    message = view(snapshot, "stats")
    (table,) = [block for block in message.blocks if block["type"] == "table"]
    assert len(table["rows"]) == 100
    stats = count(snapshot.index)
    assert all(len(text) <= 3000 for text in texts_of(render_home(stats, snapshot)["blocks"], "section"))


@pytest.mark.parametrize("text", ["stats", "all", "find 020 123 4567", "available local utrecht", "shared", "help"])
def test_every_reply_passes_the_slack_fakes_block_checks(snapshot: Snapshot, text: str) -> None:
    assert block_problems(view(snapshot, text).blocks) == []
    stats = count(snapshot.index)
    assert block_problems(render_home(stats, snapshot)["blocks"], max_blocks=100, tables=False) == []


def test_a_number_without_a_type_or_place_keeps_the_others_on_their_lines() -> None:
    records = [
        {"id": "a", "phone_number": "+31201110000", "locality": "Amsterdam", "number_type": "local", "available": True},
        {"id": "b", "phone_number": "+31201110001", "available": True},
    ]
    lines = lines_of(view(make_snapshot(records, []), "all"))
    assert lines[0] == "*<tel:+31201110000|+31 20 111 0000>* · local · Amsterdam"
    assert lines[1] == "*<tel:+31201110001|+31 20 111 0001>*"
