"""The reader on the kinds issue 21's blind held-out set found wrong: digits said to be contained, keyword typos,
numbers shared with other accounts, a link status said negatively, lists left out, numbers two digits short and two
questions in one."""

from __future__ import annotations

import pytest

from bot.i18n import Language, in_language
from bot.reading.names import Names, build_names
from bot.reading.question import Kind, Question, Status
from bot.reading.reader import read
from bot.replies.understood import understood_note
from tests.unit.support import RECORDS, make_snapshot, question_for

LOCALITIES = ["Amsterdam", "Den Haag", "Utrecht", "Ede", "Groningen"]
ASSISTANTS = ["Free Line Support", "Mobile Care", "Nobody Home", "Front Office Den Haag"]


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


def ask(names: Names, text: str) -> Question:
    return read(text, names, "NL", frozenset({"+31201234567"}))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("nummers met 0209 erin", "0209"),
        ("nummers die 0017 bevatten", "0017"),
        ("vrije nummers waar 0450 in zit", "0450"),
        ("numbers with 0209 in them", "0209"),
        ("any number with 0313 somewhere in it", "0313"),
        ("numbers that contain 55", "55"),
    ],
)
def test_digits_said_to_be_in_the_number_are_a_fragment_never_a_prefix(names: Names, text: str, fragment: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.fragment, question.prefix) == (Kind.LIST, fragment, None)


def test_two_digits_with_in_them_after_stay_too_short_to_look_for(names: Names) -> None:
    assert ask(names, "numbers with 45 in them").kind is Kind.CLARIFY


@pytest.mark.parametrize(
    ("text", "typed", "meant", "kind"),
    [
        ("how mnay free numbers", "mnay", "many", Kind.COUNT),
        ("hwo many linked in ede", "hwo", "how", Kind.COUNT),
        ("hw many mobile", "hw", "how", Kind.COUNT),
        ("hoe vele vrij in utrecht", "vele", "veel", Kind.COUNT),
        ("avial numbers in utrecht", "avial", "available", Kind.LIST),
    ],
)
def test_a_typo_in_a_keyword_is_corrected_and_said_never_dropped(
    names: Names, text: str, typed: str, meant: str, kind: Kind
) -> None:
    question = ask(names, text)
    assert question.kind is kind
    assert (typed, meant) in question.corrections
    assert typed not in question.ignored


def test_a_keyword_glued_to_an_abbreviated_numbers_is_split(names: Names) -> None:
    question = ask(names, "vrijenrs in ede")
    assert (question.kind, question.status, question.places) == (Kind.LIST, Status.AVAILABLE, ("Ede",))


def test_a_lone_slip_of_a_phrase_word_is_not_guessed(names: Names) -> None:
    assert ask(names, "hwo free").corrections == ()


@pytest.mark.parametrize(
    "text",
    [
        "which numbers are shared with other accounts?",
        "numbers we share with other customers",
        "welke nummers worden gedeeld",
        "welke nummers delen we met andere accounts",
    ],
)
def test_numbers_shared_with_other_accounts_are_the_shared_numbers(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.shared, question.ignored) == (Kind.LIST, True, ())


@pytest.mark.parametrize(
    "text",
    [
        "which numbers aren't hooked up to any assistant",
        "numbers that are not connected to anything",
        "numbers linked to nothing",
        "welke nummers zijn nergens aan gekoppeld",
        "nummers aan niks gekoppeld",
        "nummers die niet aangesloten zijn",
        "welke nummers hangen aan niets",
        "nummers die aan geen enkele assistent gekoppeld zijn",
        "nummers zonder assistent",
    ],
)
def test_a_link_status_said_negatively_is_free_never_linked(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.ignored) == (Kind.LIST, Status.AVAILABLE, ())


@pytest.mark.parametrize("text", ["is er niks vrij in ede", "nothing free in ede?"])
def test_nothing_beside_free_does_not_turn_it_round(names: Names, text: str) -> None:
    assert ask(names, text).status is Status.AVAILABLE


@pytest.mark.parametrize(
    ("text", "not_places", "not_prefixes"),
    [
        ("free numbers, skip utrecht and amersfoort", ("Utrecht", "Amersfoort"), ()),
        ("linked numbers, leave out den haag and ede", ("Den Haag", "Ede"), ()),
        ("free numbers, omitting 030 and 050", (), ("030", "050")),
        ("alle nummers, de 06 niet", (), ("06",)),
        ("vrije nummers, 085 en 088 niet", (), ("085", "088")),
        ("vrije nummers, utrecht en ede niet", ("Utrecht", "Ede"), ()),
        ("lokale nummers, sla groningen en den haag over", ("Groningen", "Den Haag"), ()),
        ("gekoppelde nummers met uitzondering van amsterdam", ("Amsterdam",), ()),
        ("free numbers, utrecht excluded", ("Utrecht",), ()),
    ],
)
def test_places_and_prefixes_left_out_as_a_list_are_never_asked_for(
    names: Names, text: str, not_places: tuple[str, ...], not_prefixes: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.kind, question.places, question.prefix) == (Kind.LIST, (), None)
    assert (question.not_places, question.not_prefixes) == (not_places, not_prefixes)


def test_a_negation_after_a_prefix_and_before_its_verb_is_not_read_as_leaving_it_out(names: Names) -> None:
    assert ask(names, "de 06 nummers die niet gekoppeld zijn").not_prefixes == ()
    assert ask(names, "waarom werkt de 020 niet").not_prefixes == ()


@pytest.mark.parametrize("text", ["who has 020 123 45", "is 0318 8218 free", "van wie is 06 2069 03"])
def test_a_number_two_digits_short_is_said_invalid_never_a_prefix_and_digits(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.prefix, question.fragment) == (Kind.LOOKUP, None, None)
    assert len(question.invalid_numbers) == 1


def test_a_prefix_and_digits_with_words_between_stay_a_listing(names: Names) -> None:
    question = ask(names, "numbers starting 030 containing 6473")
    assert (question.kind, question.prefix, question.fragment) == (Kind.LIST, "030", "6473")


@pytest.mark.parametrize(
    ("text", "first", "also"),
    [
        (
            "free local numbers in utrecht and which mobile ones are linked",
            "available local in:Utrecht",
            "linked mobile",
        ),
        ("available in ede, also linked in groningen?", "available in:Ede", "linked in:Groningen"),
        ("free numbers in den haag; linked ones in amsterdam", 'available in:"Den Haag"', "linked in:Amsterdam"),
        ("hoeveel vrij in ede en hoeveel gekoppeld in utrecht", "count available in:Ede", "count linked in:Utrecht"),
        ("gekoppelde nummers in ede, daarnaast de vrije in amsterdam", "linked in:Ede", "available in:Amsterdam"),
        ("free mobile numbers and the linked national ones", "available mobile", "linked national"),
        (
            "free local numbers in utrecht and linked mobile care numbers",
            "available local in:Utrecht",
            'assistant:"Mobile Care"',
        ),
    ],
)
def test_two_listings_in_one_are_read_each_on_its_own(names: Names, text: str, first: str, also: str) -> None:
    question = ask(names, text)
    assert (question.canonical(), question.also_asked) == (first, also)


@pytest.mark.parametrize(
    "text",
    [
        "free or linked numbers in ede",
        "free numbers in utrecht and amersfoort",
        "local numbers in utrecht and amersfoort that are free",
        "vrije lokale en mobiele nummers",
        "how many free and how many linked in groningen",
        "vrij en gekoppeld in ede",
        "free numbers in ede and linked",
        "linked mobile, not in utrecht and not mobile care",
    ],
)
def test_one_question_with_joined_names_types_or_statuses_is_never_split(names: Names, text: str) -> None:
    assert ask(names, text).also_asked is None


def test_a_listing_beside_a_lookup_is_kept_with_a_typo_or_a_longer_clause(names: Names) -> None:
    assert ask(names, "hoeveel vrje in ede en wie heeft 020 123 4567").also_asked == "count available in:Ede"
    long = ask(names, "wie heeft 020 123 4567 en hoeveel vrije nummers zijn er nog over in groningen")
    assert long.also_asked == "count available in:Groningen"


def test_a_name_corrected_is_said_as_the_data_spells_it_and_a_keyword_as_typed_in_its_language() -> None:
    name = Question(corrections=(("capelle aan de ijssel", "capelle aan den ijssel"),), language=Language.EN)
    dutch = Question(corrections=(("vrj", "vrij"),), language=Language.NL)
    with in_language(Language.EN):
        assert "*capelle aan den ijssel*" in (understood_note(name) or "")
        assert "*vrij*" in (understood_note(dutch) or "")


def test_a_place_without_numbers_that_starts_a_name_on_the_account_is_asked_back_never_zero_found() -> None:
    names = build_names(["Bergen op Zoom", "Ede"], ["Bergen Reception"])
    question = read("free in bergen", names, "NL")
    assert question.kind is Kind.CLARIFY
    assert [s.label for s in question.suggestions] == ["bergen op zoom", "bergen reception"]
    assert read("free in zwolle", names, "NL").kind is Kind.LIST  # no name starts so: "0 found in Zwolle" is true


@pytest.mark.parametrize(
    "text", ["free mobile numbers, linked ones too", "vrije mobiele nummers, en de gekoppelde ook"]
)
def test_the_other_status_said_alone_after_a_listing_means_both(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, None, ("mobile",))


def test_a_clause_is_read_alone_never_split_again(names: Names) -> None:
    clause = read("free numbers in ede, also linked in groningen", names, "NL", whole=False)
    assert clause.also_asked is None
    # Each clause once: with every clause trying every split of its own, 16 joins took minutes.
    many = ", ".join("abcdefghijklmnop")
    assert ask(names, many).kind is Kind.CLARIFY


@pytest.mark.parametrize(
    "text",
    [
        "hoeveel nummers hebben billing desk en spare line crew samen",
        "how many numbers do billing desk and spare line crew have together",
        "numbers of spare line crew and billing desk combined",
    ],
)
def test_a_name_read_as_typed_is_never_retyped_into_another_with_the_word_after_it(text: str) -> None:
    # `line crew samen` once read as a typo of "spare line crew", leaving `spare` to be read as free: 0 found.
    records = [
        {**record, "linked_assistant": {"id": "a-spare", "name": "Spare Line Crew"}, "available": False}
        for record in RECORDS[:3]
    ] + RECORDS[3:]
    question = question_for(text, make_snapshot(records))
    assert question.status is None, question.canonical()
    assert set(question.assistants) == {"Spare Line Crew", "Billing Desk"}
    assert question.ignored == ()


@pytest.mark.parametrize("text", ["spare line crwe", "numbers of spare lien crew"])
def test_the_start_of_a_name_with_a_typo_after_it_is_still_read_as_that_name(text: str) -> None:
    records = [{**RECORDS[0], "linked_assistant": {"id": "a-spare", "name": "Spare Line Crew"}}, *RECORDS[1:]]
    question = question_for(text, make_snapshot(records))
    assert question.assistants == ("Spare Line Crew",), question.canonical()
