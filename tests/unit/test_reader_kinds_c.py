"""The reader on the kinds issue 21's third blind held-out set found wrong, over words of our own: abbreviations made
plural or with letters left out, keyword phrases glued together, places with their last letter mistyped."""

from __future__ import annotations

import pytest

from bot.reading.names import Names, build_names
from bot.reading.question import Kind, Question, Status
from bot.reading.reader import read

LOCALITIES = ["Gouda", "Delft", "Utrecht", "Ede", "Groningen"]
ASSISTANTS = ["Free Line Support", "Mobile Care", "Nobody Home"]


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


def ask(names: Names, text: str) -> Question:
    return read(text, names, "NL", frozenset({"+31201234567"}))


@pytest.mark.parametrize(
    ("text", "status", "number_type", "typed"),
    [
        ("spare nats pls", Status.AVAILABLE, "national", "nats"),
        ("linked locs", Status.LINKED, "local", "locs"),
        ("which mobs are spare", Status.AVAILABLE, "mobile", "mobs"),
        ("lnkd ntnl numbers", Status.LINKED, "national", "ntnl"),
        ("gekoppelde mobs", Status.LINKED, "mobile", "mobs"),
        ("vrije nats graag", Status.AVAILABLE, "national", "nats"),
        ("welke locs zijn bezet", Status.LINKED, "local", "locs"),
    ],
)
def test_a_plural_or_shortened_type_word_is_corrected_and_said_never_ignored(
    names: Names, text: str, status: Status, number_type: str, typed: str
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, status, (number_type,))
    assert typed in dict(question.corrections)
    assert typed not in question.ignored


@pytest.mark.parametrize(
    ("text", "status", "number_type"),
    [
        ("ingebruik lokale nrs", Status.LINKED, "local"),
        ("hookedup mobiles", Status.LINKED, "mobile"),
        ("gekoppeldmob", Status.LINKED, "mobile"),
        ("sparemobs", Status.AVAILABLE, "mobile"),
    ],
)
def test_a_keyword_phrase_or_an_abbreviation_glued_on_is_split_and_read(
    names: Names, text: str, status: Status, number_type: str
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, status, (number_type,))


@pytest.mark.parametrize(("text", "place"), [("free in goudo", "Gouda"), ("vrij in delfd", "Delft")])
def test_a_place_with_its_last_letter_mistyped_is_that_place_and_said(names: Names, text: str, place: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.places) == (Kind.LIST, (place,))
    assert question.corrections


@pytest.mark.parametrize("text", ["avalaible mobile numbers", "beschikbrae mobiele"])
def test_a_long_status_word_two_slips_off_is_corrected(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, Status.AVAILABLE, ("mobile",))


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("spare local numbers anywhere but gouda", ("Gouda",)),
        ("local numbers everywhere other than delft and gouda", ("Delft", "Gouda")),
        ("lokale nummers overal behalve in groningen", ("Groningen",)),
        ("vrije lokale overal buiten delft", ("Delft",)),
        ("gekoppelde lokale nummers, alles zonder gouda", ("Gouda",)),
        ("every local number but the gouda ones", ("Gouda",)),
    ],
)
def test_everything_but_in_any_form_leaves_the_place_out_never_asks_for_it(
    names: Names, text: str, places: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.kind, question.places, question.not_places) == (Kind.LIST, (), places)


@pytest.mark.parametrize("text", ["linked to everybody except nobody home", "iedereen behalve nobody home"])
def test_everyone_but_an_assistant_is_the_other_assistants_linked_numbers(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.not_assistants) == (Status.LINKED, ("Nobody Home",))


def test_a_but_that_narrows_after_all_is_not_read_as_leaving_out(names: Names) -> None:
    question = ask(names, "all spare ones, but only in delft")
    assert (question.places, question.not_places) == (("Delft",), ())


@pytest.mark.parametrize(
    ("text", "prefix", "not_prefixes"),
    [
        ("spare numbers in the 015 area", "015", ()),
        ("lokale nummers niet in het 0182-gebied", None, ("0182",)),
        ("linked numbers outside the 015 region", None, ("015",)),
    ],
)
def test_an_area_after_a_prefix_is_meant_plainly_never_asked_back(
    names: Names, text: str, prefix: str | None, not_prefixes: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.kind, question.prefix, question.not_prefixes, question.ignored) == (
        Kind.LIST,
        prefix,
        not_prefixes,
        (),
    )


@pytest.mark.parametrize("text", ["spare numbers in delft itself", "lokale nummers, niet in gouda zelf"])
def test_a_place_itself_is_that_place_never_an_unknown_one(names: Names, text: str) -> None:
    assert ask(names, text).kind is Kind.LIST


@pytest.mark.parametrize(
    "text",
    ["mobile care and nobody home, how many numbers each", "hoeveel hebben mobile care en nobody home elk"],
)
def test_a_count_of_two_assistants_each_is_their_count_never_asked_back(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, set(question.assistants)) == (Kind.COUNT, {"Mobile Care", "Nobody Home"})


@pytest.mark.parametrize(
    ("text", "first", "also"),
    [
        ("how many mobiles and which does mobile care have", "count mobile", 'assistant:"Mobile Care"'),
        ("how many in delft and what has nobody home got", "count in:Delft", 'assistant:"Nobody Home"'),
        ("hoeveel zijn er bezet en wat heeft nobody home", "count linked", 'assistant:"Nobody Home"'),
        ("hoeveel lokale en welke heeft mobile care", "count local", 'assistant:"Mobile Care"'),
    ],
)
def test_a_second_question_opened_by_a_question_word_is_answered_on_its_own_never_merged(
    names: Names, text: str, first: str, also: str
) -> None:
    question = ask(names, text)
    assert (question.canonical(), question.also_asked) == (first, also)


@pytest.mark.parametrize("text", ["spare numbers and which are mobile", "vrije nummers en welke zijn mobiel"])
def test_which_are_after_a_listing_narrows_it(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.number_types, question.also_asked) == (("mobile",), None)


@pytest.mark.parametrize(
    ("text", "kind", "also"),
    [
        ("stats first, then spare mobiles", Kind.STATS, "available mobile"),
        ("overzicht graag en daarna de gekoppelde lokale", Kind.STATS, "linked local"),
        ("eerst een samenvatting, vervolgens vrij in gouda", Kind.STATS, "available in:Gouda"),
        ("spare in delft and then the overview", Kind.LIST, "stats"),
        ("vrije nummers in delft, en daarna die in gouda", Kind.LIST, "available in:Gouda"),
    ],
)
def test_two_questions_in_turn_answer_the_first_and_say_the_second(
    names: Names, text: str, kind: Kind, also: str
) -> None:
    question = ask(names, text)
    assert (question.kind, question.also_asked) == (kind, also)


def test_than_is_never_read_as_then(names: Names) -> None:
    assert ask(names, "vrije nummers in delft meer dan gouda").also_asked is None


@pytest.mark.parametrize(("text", "typed"), [("spare mobz", "mobz"), ("gekoppelde lokxx nummers", "lokxx")])
def test_a_word_that_begins_as_a_type_word_is_asked_back_never_ignored(names: Names, text: str, typed: str) -> None:
    question = ask(names, text)
    assert question.kind is Kind.CLARIFY
    assert typed in (question.problem or "")


@pytest.mark.parametrize(
    ("text", "group_by", "status"),
    [
        ("how many free numbers, broken down by city", "place", Status.AVAILABLE),
        ("linked count split by type", "type", Status.LINKED),
        ("hoeveel gekoppelde nummers, uitgesplitst per stad", "place", Status.LINKED),
        ("aantal vrije nummers opgesplitst per soort", "type", Status.AVAILABLE),
    ],
)
def test_a_count_broken_down_or_split_per_group_is_a_count_per_group_never_asked_back(
    names: Names, text: str, group_by: str, status: Status
) -> None:
    question = ask(names, text)
    assert (question.kind, question.group_by, question.status) == (Kind.COUNT, group_by, status)
    assert not question.ignored


@pytest.mark.parametrize(
    "text", ["delft, what does mobile care have there", "gouda: welke nummers heeft nobody home daar?"]
)
def test_a_place_said_first_and_pointed_back_at_with_there_is_one_question_with_the_assistant(
    names: Names, text: str
) -> None:
    question = ask(names, text)
    assert question.places
    assert question.assistants
    assert question.also_asked is None


def test_there_of_a_second_question_with_its_own_status_does_not_merge_it(names: Names) -> None:
    question = ask(names, "free in gouda and are there any linked in delft")
    assert (question.status, question.places) == (Status.AVAILABLE, ("Gouda",))
    assert question.also_asked
