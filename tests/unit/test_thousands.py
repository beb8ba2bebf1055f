"""Counts a person reads are written as their language writes them: 5,500 in English, 5.500 in Dutch (#23)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.answers.search import count
from bot.answers.service import NumbersService
from bot.answers.watches import Watches
from bot.i18n import Language, in_language
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.inventory.diff import diff
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory
from bot.replies.change_views import render_changes
from bot.replies.extra_views import render_home
from bot.replies.state import PageState
from bot.replies.views import Message
from bot.results.changes import ChangeListing
from tests.unit.dutch_words import english_left, message_texts
from tests.unit.support import FETCHED_AT, FlireoStub, client_on, generated_records, make_snapshot, numbers_from

MakeCache = Callable[..., InventoryCache]
# 11,000 local numbers in Amsterdam, every other one free: 5,500 free and 5,500 linked to Billing Desk.
RECORDS = generated_records(11_000)
NAMES = ["Amsterdam", "Billing Desk"]


def text_of(message: Message | dict[str, object]) -> str:
    return "\n".join(message_texts(message))


@pytest.fixture(scope="module")
def stub() -> FlireoStub:
    return FlireoStub(RECORDS, shared=[])


ASKED = [
    ("free numbers", "Available numbers: 5,500 found"),
    ("vrije nummers", "Vrije nummers: 5.500 gevonden"),
    ("free numbers", "Page 1 of 1,834"),
    ("vrije nummers", "Pagina 1 van 1.834"),
    ("how many free numbers", "5,500 available numbers"),
    ("hoeveel vrije nummers", "5.500 vrije nummers"),
    ("how many numbers in amsterdam", "11,000 numbers in Amsterdam (5,500 available · 5,500 linked)"),
    ("hoeveel nummers in amsterdam", "11.000 nummers in Amsterdam (5.500 vrij · 5.500 gekoppeld)"),
    ("are there free numbers", "Yes: 5,500 available numbers"),
    ("zijn er vrije nummers", "Ja: 5.500 vrije nummers"),
    ("are all numbers linked", "No: 5,500 of 11,000 numbers are not linked"),
    ("zijn alle nummers gekoppeld", "Nee: 5.500 van de 11.000 nummers zijn niet gekoppeld"),
    ("how many numbers per place", "11,000 numbers, per place: 1 place"),
    ("how many numbers per place", "*Amsterdam*: 11,000 (5,500 available · 5,500 linked)"),
    ("hoeveel nummers per plaats", "11.000 nummers, per plaats: 1 plaats"),
    ("hoeveel nummers per plaats", "*Amsterdam*: 11.000 (5.500 vrij · 5.500 gekoppeld)"),
    ("overview", "11,000 numbers on the account, 5,500 available"),
    ("overview", "Amsterdam: 11,000 (5,500 available)"),
    ("overzicht", "11.000 nummers op het account, 5.500 vrij"),
    ("overzicht", "Amsterdam: 11.000 (5.500 vrij)"),
    ("vrije nummers in urk", "5.500 in Amsterdam"),
    ("free numbers in urk", "5,500 in Amsterdam"),
]


@pytest.mark.parametrize(("question", "expected"), ASKED)
def test_a_count_in_a_reply_is_written_as_the_question_s_language_writes_it(
    make_cache: MakeCache, stub: FlireoStub, question: str, expected: str
) -> None:
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=3, region="NL")
    message = service.reply(question).message
    assert expected in text_of(message)
    if "nummers" in question or question == "overzicht":
        assert english_left(message, NAMES) == [], text_of(message)


def test_the_stats_table_and_home_write_counts_in_their_language() -> None:
    stats = count(make_snapshot(RECORDS, shared=[]).index)
    with in_language(Language.EN):
        home = text_of(render_home(stats, make_snapshot(RECORDS, shared=[])))
    assert "Amsterdam: 5,500 free" in home
    assert "11,000" in home
    with in_language(Language.NL):
        home = text_of(render_home(stats, make_snapshot(RECORDS, shared=[])))
    assert "Amsterdam: 5.500 vrij" in home
    assert "11.000" in home


def test_a_long_change_listing_counts_in_its_language() -> None:
    before, after = RECORDS[:5500], [dict(r) for r in RECORDS[:5500]]
    for r in after:  # every other one was linked: 2,750 unlinked
        r.update(linked_assistant=None, available=True)
    later = FETCHED_AT + timedelta(minutes=5)
    changes = diff(numbers_from(before), numbers_from(after), FETCHED_AT, later)
    by_kind = {"unlinked": 2750}
    for lang, expected in (
        (Language.EN, "2,750 found (2,750 unlinked)"),
        (Language.NL, "2.750 gevonden (2.750 ontkoppeld)"),
    ):
        with in_language(lang):
            listing = ChangeListing("numbers", changes, FETCHED_AT - timedelta(hours=1), None, by_kind=by_kind)
            message = render_changes(listing, make_snapshot(after), PageState(query="changes"), 10, now=later)
        assert expected in text_of(message)


def test_a_threshold_watch_writes_its_counts_in_the_language_it_was_set_in(
    tmp_path: Path, make_cache: MakeCache, stub: FlireoStub
) -> None:
    store = SqlHistory(sqlite_engine(tmp_path / "h.sqlite3"), keep_days=30)
    watches = Watches(store, make_cache(stub), region="NL")
    added = watches.command("watch free local below 6000", channel="C1", user="U1")
    assert "(5,500 now, already below" in text_of(added.message)
    added = watches.command("volg vrije lokale nummers onder 6000", channel="C2", user="U1")
    assert "(nu 5.500, al eronder" in text_of(added.message)
    fewer = make_snapshot(RECORDS[:10_000], shared=[])  # 5,000 free: below 6,000 still, so no post; then recovered
    assert watches.posts_for(fewer, []) == []
    more = make_snapshot(generated_records(13_000), shared=[])
    posts = {post.channel: text_of(post.message) for post in watches.posts_for(more, [])}
    assert posts["C1"].startswith("Watch 1: 6,500 available local numbers again, at or above 6,000.")
    assert posts["C2"].startswith("Bewaking 2: weer 6.500 vrije lokale nummers, op of boven 6.000.")


def test_phone_digits_and_slack_date_tokens_are_left_as_they_are(make_cache: MakeCache, stub: FlireoStub) -> None:
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=3, region="NL")
    text = text_of(service.reply("vrije nummers").message)
    assert "+31 20 200 0000" in text, "a phone number's digits are not a count"
    assert "<!date^" in text, "Slack writes its date tokens in each reader's own locale"
