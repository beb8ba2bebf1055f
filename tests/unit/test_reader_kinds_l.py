"""The reader on the kinds the fresh `app.py ask` check at the end of stop 30 found wrong, over names and words of
our own: a correction to a type in no place, everywhere but a place, places with none, a count and a part of it."""

from __future__ import annotations

import pytest

from bot.reading.names import Names, build_names
from bot.reading.question import Kind, Question, Status
from bot.reading.reader import read

LOCALITIES = ["Kampen", "Zwolle", "Den Helder"]
ASSISTANTS = ["Physio Centre", "Late Night Desk", "Quick Claims", "Billing Help"]


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


def ask(names: Names, text: str) -> Question:
    return read(text, names, "NL", frozenset())


@pytest.mark.parametrize(
    ("text", "number_type"),
    [
        ("spare landlines in zwolle, actually make that mobile", "mobile"),
        ("free local kampen, no wait, mobiles", "mobile"),
        ("vaste vrije nummers in den helder, of nee toch mobiel", "mobile"),
        ("vrije lokale in kampen, nee wacht, landelijke", "national"),
        ("free 038 numbers, i mean mobile ones", "mobile"),
    ],
)
def test_a_type_in_no_place_said_as_a_correction_takes_the_place_with_it(
    names: Names, text: str, number_type: str
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, Status.AVAILABLE, (number_type,))
    assert (question.places, question.prefix) == ((), None), "kept, the place would make it 0 found"


@pytest.mark.parametrize(
    "text",
    ["free mobiles, no wait, in zwolle", "vrije mobiele nummers, nee wacht, in zwolle bedoel ik"],
)
def test_a_place_said_as_a_correction_takes_a_type_in_no_place_with_it(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.places, question.number_types) == (Status.AVAILABLE, ("Zwolle",), ())


def test_a_correction_from_one_place_to_another_keeps_the_type(names: Names) -> None:
    question = ask(names, "free local kampen, nope, zwolle")
    assert (question.places, question.number_types) == (("Zwolle",), ("local",))


@pytest.mark.parametrize(
    "text",
    [
        "free numbers everywhere except kampen",
        "vrije nummers overal behalve kampen",
        "taken ones anywhere but kampen",
        "overal behalve in kampen, de bezette",
    ],
)
def test_everywhere_but_a_place_keeps_the_numbers_in_no_place(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.number_types, question.not_places) == (Kind.LIST, (), ("Kampen",))


@pytest.mark.parametrize(
    "text",
    [
        "welke plekken hebben geen vrije nummers",
        "in welke gemeenten zijn geen vrije nummers meer",
        "what locations have no spare numbers",
        "which villages have no free ones",
    ],
)
def test_which_places_have_none_is_refused_honestly_never_the_places_that_do(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.kind is Kind.CLARIFY
    assert question.problem


@pytest.mark.parametrize(
    "text",
    [
        "hoeveel vrij totaal, en hoeveel daarvan mobiel",
        "how many free in total, and how many of those are mobile",
        "How many spare ones overall and how many of them are landlines",
        "hoeveel vrije nummers in totaal en hoeveel ervan landelijk",
    ],
)
def test_a_count_and_a_type_of_those_numbers_is_the_count_whose_breakdown_says_both(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.COUNT, Status.AVAILABLE, ())
    assert question.also_asked is None
