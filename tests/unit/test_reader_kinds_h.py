"""The reader on the kinds two tuning sets (written by helpers over inventories of their own, /work/tune21f-h)
found wrong, over names and words of our own: short swaps in place names, a name typo that is a keyword, links
said with "someone on them", letter O's before a word, numbers joined by a plus, leavings out after all the towns or
after an assistant left out, included types, and shared numbers beside the account's own."""

from __future__ import annotations

import pytest

from bot.reading.names import Names, build_names
from bot.reading.question import Kind, Question, Status
from bot.reading.reader import read

LOCALITIES = ["Axel", "Beilen", "Gouda", "Urk", "Lemmer", "Terneuzen"]
ASSISTANTS = ["Open All Hours", "Find Me Desk", "Terneuzen Pilots", "Mobile Care"]
LINKED = "+31115123456"


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


def ask(names: Names, text: str) -> Question:
    return read(text, names, "NL", frozenset({LINKED, "+318004684", "+319003623352"}))


@pytest.mark.parametrize(("text", "place"), [("axle whats taken", "Axel"), ("bielen linkd", "Beilen")])
def test_two_letters_swapped_in_a_place_name_are_that_place_and_said(names: Names, text: str, place: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.places, question.status) == (Kind.LIST, (place,), Status.LINKED)
    assert question.corrections


def test_a_name_with_a_typo_that_is_a_keyword_is_that_name_never_a_status_and_the_name(names: Names) -> None:
    question = ask(names, "open al hours numbers")
    assert (question.assistants, question.status) == (("Open All Hours",), None)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("gouda nrs met iemand erop", Status.LINKED),
        ("0115 ones w/ someone on them", Status.LINKED),
        ("which ones in gouda don't have anyone on them", Status.AVAILABLE),
        ("mobiele met niemand erop", Status.AVAILABLE),
    ],
)
def test_someone_on_a_number_is_a_link(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.ignored) == (Kind.LIST, status, ())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("O115 123 456 owner?", (LINKED,)),
        ("line 0900 3623352 + 0800 4684 timeouts (5xx)", ("+319003623352", "+318004684")),
    ],
)
def test_numbers_as_alerts_write_them_are_all_looked_up(names: Names, text: str, found: tuple[str, ...]) -> None:
    question = ask(names, text)
    assert (question.kind, question.lookups, question.invalid_numbers) == (Kind.LOOKUP, found, ())


def test_all_the_towns_but_some_leaves_those_out(names: Names) -> None:
    question = ask(names, "linked towns bar urk and lemmer")
    assert (question.status, question.number_types, question.places) == (Status.LINKED, ("local",), ())
    assert question.not_places == ("Urk", "Lemmer")


def test_a_status_after_an_assistant_left_out_and_before_a_prefix_is_asked_for(names: Names) -> None:
    question = ask(names, "all but the terneuzen pilots, linked 0115s")
    assert (question.status, question.prefix, question.not_assistants) == (
        Status.LINKED,
        "0115",
        ("Terneuzen Pilots",),
    )


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("all free stuff incl. mobiles & nationals, how many", ()),
        ("free local incl mobiles", ("local", "mobile")),
    ],
)
def test_types_said_to_be_included_never_narrow(names: Names, text: str, types: tuple[str, ...]) -> None:
    question = ask(names, text)
    assert (question.status, question.number_types) == (Status.AVAILABLE, types)


@pytest.mark.parametrize(
    ("text", "first", "also"),
    [
        ("show shared nrs and also free in beilen", "shared", "available in:Beilen"),
        ("open in gouda; count in urk", "available in:Gouda", "count available in:Urk"),
    ],
)
def test_a_second_request_of_its_own_is_answered_never_merged(names: Names, text: str, first: str, also: str) -> None:
    question = ask(names, text)
    assert (question.canonical(), question.also_asked) == (first, also)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("gimme the big picture real quick", Kind.STATS),
        ("wtf does this thing do", Kind.HELP),
        ("welke heeft 3456 aan het eind", Kind.LIST),
    ],
)
def test_plain_requests_in_other_words(names: Names, text: str, kind: Kind) -> None:
    question = ask(names, text)
    assert (question.kind, question.ignored) == (kind, ())
