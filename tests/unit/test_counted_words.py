"""A count and the words after it agree in both languages: '1 vrij lokaal nummer', '2 vrije lokale nummers' (#23)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.answers.service import NumbersService
from bot.answers.watches import Watches
from bot.i18n import Language, in_language
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory
from bot.replies.views import Message
from tests.unit.dutch_words import english_left, message_texts
from tests.unit.support import FETCHED_AT, FlireoStub, client_on, make_snapshot

MakeCache = Callable[..., InventoryCache]
NAMES = ["Amsterdam", "Billing Desk"]


def account(free: int) -> list[dict[str, Any]]:
    """`free` free local numbers in Amsterdam, one linked local number there and one free mobile number."""
    records: list[dict[str, Any]] = [
        {"id": f"f{i}", "phone_number": f"+3120111000{i}", "locality": "Amsterdam", "number_type": "local",
         "available": True} for i in range(free)
    ]  # fmt: skip
    records.append(
        {"id": "l1", "phone_number": "+31201234567", "locality": "Amsterdam", "number_type": "local",
         "available": False, "linked_assistant": {"id": "a1", "name": "Billing Desk"}}
    )  # fmt: skip
    records.append({"id": "m1", "phone_number": "+31612345678", "number_type": "mobile", "available": True})
    return records


def text_of(message: Message) -> str:
    return "\n".join(message_texts(message))


def reply_to(question: str, free: int, make_cache: MakeCache) -> str:
    stub = FlireoStub(account(free), shared=[])
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=3, region="NL")
    message = service.reply(question).message
    if " nummers" in question:  # a Dutch question: no English word left either
        assert english_left(message, NAMES) == [], text_of(message)
    return text_of(message)


COUNTED = [
    # (question, free local numbers, the reply's first line starts with)
    ("how many free local numbers in amsterdam", 0, "0 available local numbers in Amsterdam"),
    ("how many free local numbers in amsterdam", 1, "1 available local number in Amsterdam"),
    ("how many free local numbers in amsterdam", 2, "2 available local numbers in Amsterdam"),
    ("hoeveel vrije lokale nummers in amsterdam", 0, "0 vrije lokale nummers in Amsterdam"),
    ("hoeveel vrije lokale nummers in amsterdam", 1, "1 vrij lokaal nummer in Amsterdam"),
    ("hoeveel vrije lokale nummers in amsterdam", 2, "2 vrije lokale nummers in Amsterdam"),
    ("are there free local numbers in amsterdam", 0, "No: 0 available local numbers in Amsterdam"),
    ("are there free local numbers in amsterdam", 1, "Yes: 1 available local number in Amsterdam"),
    ("are there free local numbers in amsterdam", 2, "Yes: 2 available local numbers in Amsterdam"),
    ("zijn er vrije lokale nummers in amsterdam", 0, "Nee: 0 vrije lokale nummers in Amsterdam"),
    ("zijn er vrije lokale nummers in amsterdam", 1, "Ja: 1 vrij lokaal nummer in Amsterdam"),
    ("zijn er vrije lokale nummers in amsterdam", 2, "Ja: 2 vrije lokale nummers in Amsterdam"),
    ("how many free local numbers per place", 1, "1 available local number, per place: 1 place"),
    ("how many free local numbers per place", 2, "2 available local numbers, per place: 1 place"),
    ("hoeveel vrije lokale nummers per plaats", 1, "1 vrij lokaal nummer, per plaats: 1 plaats"),
    ("hoeveel vrije lokale nummers per plaats", 2, "2 vrije lokale nummers, per plaats: 1 plaats"),
    ("how many mobile numbers", 0, "1 mobile number"),
    ("hoeveel mobiele nummers", 0, "1 mobiel nummer"),
    ("hoeveel gekoppelde nummers", 0, "1 gekoppeld nummer"),
    ("hoeveel nummers in amsterdam", 0, "1 nummer in Amsterdam"),
    ("hoeveel nummers in amsterdam", 1, "2 nummers in Amsterdam"),
    ("how many numbers in amsterdam", 0, "1 number in Amsterdam"),
    # The breakdown after a count: a type standing for its numbers agrees with its own count.
    ("hoeveel vrije nummers in amsterdam", 1, "1 vrij nummer in Amsterdam (1 lokaal)"),
    ("hoeveel vrije nummers in amsterdam", 2, "2 vrije nummers in Amsterdam (2 lokale)"),
    ("how many free numbers in amsterdam", 1, "1 available number in Amsterdam (1 local)"),
]


@pytest.mark.parametrize(("question", "free", "expected"), COUNTED)
def test_a_count_and_the_words_after_it_agree(make_cache: MakeCache, question: str, free: int, expected: str) -> None:
    assert reply_to(question, free, make_cache).startswith(expected)


EVERY = [
    # (question, free local numbers in Amsterdam besides the one linked, the verdict)
    ("are all local numbers in amsterdam linked", 0, "Yes: 1 local number in Amsterdam, and it is linked"),
    ("are all local numbers in amsterdam linked", 1, "No: 1 of 2 local numbers in Amsterdam is not linked"),
    ("are all local numbers in amsterdam linked", 2, "No: 2 of 3 local numbers in Amsterdam are not linked"),
    ("are all mobile numbers free", 0, "Yes: 1 mobile number, and it is available"),
    ("are all mobile numbers linked", 0, "No: 1 mobile number, and it is not linked"),
    ("zijn alle lokale nummers in amsterdam gekoppeld", 0, "Ja: 1 lokaal nummer in Amsterdam, en dat is gekoppeld"),
    ("zijn alle lokale nummers in amsterdam gekoppeld", 1, "Nee: 1 van de 2 lokale nummers in Amsterdam is niet"),
    ("zijn alle lokale nummers in amsterdam gekoppeld", 2, "Nee: 2 van de 3 lokale nummers in Amsterdam zijn niet"),
    ("zijn alle mobiele nummers gekoppeld", 0, "Nee: 1 mobiel nummer, en dat is niet gekoppeld"),
]


@pytest.mark.parametrize(("question", "free", "expected"), EVERY)
def test_a_yes_or_no_about_every_number_says_one_as_one(
    make_cache: MakeCache, question: str, free: int, expected: str
) -> None:
    assert reply_to(question, free, make_cache).startswith(expected)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "watch free local amsterdam below 3",
            [
                "Watch 1: {n} available local {numbers} in Amsterdam, below 3.",
                "Watch 1: I'll post here when the number of available local numbers in Amsterdam falls below 3",
            ],
        ),
        (
            "volg vrije lokale nummers amsterdam onder 3",
            [
                "Bewaking 1: {n} {vrij} {lokaal} {nummer} in Amsterdam",
                "Bewaking 1: ik post hier wanneer het aantal vrije lokale nummers in Amsterdam onder 3 zakt",
            ],
        ),
    ],
)
def test_a_threshold_watch_says_a_count_of_0_1_and_2_as_each_reads(
    tmp_path: Path, make_cache: MakeCache, command: str, expected: list[str]
) -> None:
    watches = Watches(
        SqlHistory(sqlite_engine(tmp_path / "h.sqlite3"), keep_days=30),
        make_cache(FlireoStub(account(5), shared=[])),
        region="NL",
    )
    added = watches.command(command, channel="C1", user="U1")
    assert text_of(added.message).startswith(expected[1]), text_of(added.message)  # "numbers falls" no more
    for free in (2, 0, 1):  # each count posts: 2 and 0 are below 3, so between them it recovers at 5
        (post,) = watches.posts_for(make_snapshot(account(free), shared=[]), [])
        one = free == 1
        words = {
            "n": free,
            "numbers": "number" if one else "numbers",
            "vrij": "vrij" if one else "vrije",
            "lokaal": "lokaal" if one else "lokale",
            "nummer": "nummer" if one else "nummers",
        }
        assert text_of(post.message).startswith(expected[0].format(**words)), text_of(post.message)
        if command.startswith("volg"):
            assert english_left(post.message, NAMES) == []
        (recovered,) = watches.posts_for(make_snapshot(account(5), shared=[]), [])
        assert "5" in text_of(recovered.message)


def test_dutch_counts_stay_dutch_outside_a_reply_too() -> None:
    with in_language(Language.NL):
        from bot.i18n.words import counted_adjective, counted_numbers

        assert f"1 {counted_adjective('national', 1)} {counted_numbers(1)}" == "1 landelijk nummer"
        assert f"3 {counted_adjective('national', 3)} {counted_numbers(3)}" == "3 landelijke nummers"
        assert counted_numbers(1, shared=True) == "gedeeld standaardnummer"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("vrije landelijke nummers", "Geen vrije landelijke nummers; 2 lokale; 1 mobiel."),
        ("free national numbers", "No available national numbers; 2 local; 1 mobile."),
    ],
)
def test_what_an_empty_answer_offers_instead_counts_each_type_in_its_number(
    make_cache: MakeCache, question: str, expected: str
) -> None:
    assert expected in reply_to(question, 2, make_cache)


def test_a_lookup_of_invalid_numbers_counts_them_in_both_languages(make_cache: MakeCache) -> None:
    assert reply_to("wie heeft 020 123 45", 0, make_cache).startswith("1 ongeldig nummer")
    assert reply_to("wie heeft 020 123 45 en 030 123 45", 0, make_cache).startswith("2 ongeldige nummers")
    assert reply_to("who has 020 123 45", 0, make_cache).startswith("1 invalid number")
    assert reply_to("who has 020 123 45 and 030 123 45", 0, make_cache).startswith("2 invalid numbers")


def test_a_flipping_number_counts_its_changes_by_the_catalogues_plural_rule() -> None:
    from bot.inventory.diff import Change, ChangeKind
    from bot.replies.change_views import flapping_line

    change = Change(ChangeKind.UNLINKED, "n1", "+31201234567", FETCHED_AT, FETCHED_AT)
    with in_language(Language.NL):
        assert "1 wijziging in het afgelopen uur" in flapping_line(change, 1, [ChangeKind.UNLINKED])
        assert "1.200 wijzigingen in het afgelopen uur" in flapping_line(change, 1200, [ChangeKind.UNLINKED])
    assert "1 change in the last hour" in flapping_line(change, 1, [ChangeKind.UNLINKED])
    assert "1,200 changes in the last hour" in flapping_line(change, 1200, [ChangeKind.UNLINKED])


@pytest.mark.parametrize(
    ("written", "english", "dutch"),
    [
        ("020 123 456", "one digit short", "één cijfer te weinig"),
        ("020 123 45", "2 digits short", "2 cijfers te weinig"),
    ],
)
def test_how_many_digits_a_number_lacks_is_said_by_the_plural_rule(written: str, english: str, dutch: str) -> None:
    from bot.reading.written import why_invalid

    assert why_invalid(written, "NL") == english
    with in_language(Language.NL):
        assert why_invalid(written, "NL") == dutch
