"""The reader on the kinds stop 32 found wrong (the twenty-first blind set and what its fixes showed), over the names
of test_reader_kinds_k and words of our own: a listing whose status is in words it cannot read is asked back, a
leaving out said after a prefix with `lines`, a series (`reeks`) of a prefix, `and then only …` as one question, and
an exclusion word after a name that follows a word the reader does not know."""

from __future__ import annotations

import pytest

from bot.i18n import Language, in_language
from bot.reading.names import Names, build_names
from bot.reading.question import Kind, Status
from bot.replies.understood import render_clarify
from tests.unit.test_reader_kinds_k import ASSISTANTS, LOCALITIES, ask


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


@pytest.mark.parametrize(
    "text",
    [
        "zwolle — anything growing moss?",
        "kampen numbers that are out to pasture",
        "den helder numbers that are on a coffee break",
        "kampen lijnen die in de wachtkamer zitten",
        "zwolle, welke zijn al de deur uit",
    ],
)
def test_a_listing_whose_status_is_in_words_not_read_is_asked_back_free_linked_or_all(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.kind is Kind.CLARIFY
    assert [offer.label for offer in question.suggestions] == ["free", "linked", "all"]
    statuses = [ask(names, offer.question).status for offer in question.suggestions]
    assert statuses == [Status.AVAILABLE, Status.LINKED, None]


@pytest.mark.parametrize(
    "text",
    [
        "zwolle numbers, urgent!!",  # ordinary words only
        "free kampen numbers for the pilot",  # a status said: the rest is context
        "physio centre numbers for the pilot",  # an assistant's numbers are all linked
        "shared default nos, pls",  # Flireo's defaults
        "cell number finishing with 8877",  # one number by its end
        "numbers ending on 4412 somewhere",
        "numbers in zwolle for the new campaign",  # what they are for, not what they are
        "nummers in kampen voor de klant, spoed",
        "show numbers in zwolle for tomorrow's launch",
        "all kampen numbers that are in the audit",  # every number asked for
        "list numbers in zwolle sorted by number",
        "den helder numbers on a coffee break",  # not said where numbers are described: ignored, not asked
    ],
)
def test_a_listing_that_says_its_status_or_needs_none_is_not_asked_back(names: Names, text: str) -> None:
    assert ask(names, text).kind is not Kind.CLARIFY


def test_the_question_back_offers_free_linked_and_all_in_the_reply_language(names: Names) -> None:
    with in_language(Language.NL):  # as the service reads a question: in the language it was asked in
        text = render_clarify(ask(names, "kampen lijnen die in de wachtkamer zitten")).text
    assert "vrije of gekoppelde" in text
    assert all(word in text for word in ("vrij", "gekoppeld", "alle"))


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("vrije landelijke, de 0800-lijnen mogen eruit", "0800"),
        ("free national, the 0900 lines can go", "0900"),
        ("spare nationals, 088-lines can go", "088"),
    ],
)
def test_a_prefix_with_lines_before_a_leaving_out_said_after_is_left_out(
    names: Names, text: str, left_out: str
) -> None:
    question = ask(names, text)
    assert (question.kind, question.prefix, question.not_prefixes) == (Kind.LIST, None, (left_out,))


@pytest.mark.parametrize(
    ("text", "prefix", "fragment"),
    [
        ("de 038-reeks, wat is vrij", "038", None),
        ("hoeveel uit de 085-reeks zijn bezet", "085", None),
        ("0223-serie vrij", "0223", None),
        ("088-lijn, cijfers 7731 zitten erin", "088", "7731"),
        ("reeks 7731", None, "7731"),
    ],
)
def test_a_series_of_a_prefix_is_that_prefix_and_digits_after_cijfers_are_inside(
    names: Names, text: str, prefix: str | None, fragment: str | None
) -> None:
    question = ask(names, text)
    assert (question.prefix, question.fragment) == (prefix, fragment)


@pytest.mark.parametrize(
    ("text", "kind", "status"),
    [
        ("038 en dan alleen de bezette, tel ze", Kind.COUNT, Status.LINKED),
        ("kampen and then only the free ones", Kind.LIST, Status.AVAILABLE),
        ("zwolle mobiel en dan enkel de vrije", Kind.LIST, Status.AVAILABLE),
    ],
)
def test_and_then_only_narrows_the_question_before_it(names: Names, text: str, kind: Kind, status: Status) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.also_asked) == (kind, status, None)


@pytest.mark.parametrize(
    "text",
    [
        "088 lines with a bot glued behind them, billing's excluded",
        "linked kampen numbers that ring somewhere, quick claims not counted",
    ],
)
def test_an_exclusion_word_after_a_name_leaves_it_out_whatever_word_came_before(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.assistants == ()
    assert len(question.not_assistants) == 1


def test_a_plain_not_after_a_verb_the_reader_does_not_know_still_belongs_to_the_verb(names: Names) -> None:
    assert ask(names, "waarom werkt de 038 niet").not_prefixes == ()


@pytest.mark.parametrize(
    ("text", "first_status", "also"),
    [
        ("numbers in kampen + whats free in zwolle", None, "available in:Zwolle"),
        ("nummers in den helder en wat is bezet in kampen", None, "linked in:Kampen"),
        ("free local kampen and what's linked in zwolle", Status.AVAILABLE, "linked in:Zwolle"),
        ("free in kampen and what about zwolle", Status.AVAILABLE, "available in:Zwolle"),
    ],
)
def test_a_question_word_before_another_place_asked_otherwise_is_a_second_question(
    names: Names, text: str, first_status: Status | None, also: str
) -> None:
    question = ask(names, text)
    assert (question.status, question.also_asked) == (first_status, also)
    assert len(question.places) == 1


@pytest.mark.parametrize("text", ["welke lijnen heeft billing gekregen", "which lines has billing received"])
def test_a_verb_of_receiving_beside_a_name_is_not_part_of_it(names: Names, text: str) -> None:
    assert ask(names, text).assistants == ("Billing Help",)


@pytest.mark.parametrize(
    ("text", "status", "type_"),
    [
        ("mobile numbers, which does nobody use yet", Status.AVAILABLE, "mobile"),
        ("mobiele nrs, welke gebruikt niemand", Status.AVAILABLE, "mobile"),
        ("kampen, welke zijn aan het werk", Status.LINKED, None),
        ("zwolle lines that have been put to work", Status.LINKED, None),
    ],
)
def test_a_bare_status_asked_after_what_it_narrows_is_one_question(
    names: Names, text: str, status: Status, type_: str | None
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_type, question.also_asked) == (
        Kind.LIST,
        status,
        type_,
        None,
    )


@pytest.mark.parametrize(
    "text", ["088 lines with a bot on them, billing's aside", "free kampen numbers, billing help dropped"]
)
def test_aside_and_dropped_leave_out_what_they_follow(names: Names, text: str) -> None:
    assert ask(names, text).not_assistants == ("Billing Help",)


@pytest.mark.parametrize(
    "text", ["welke nummers werken niet", "werken de nummers in kampen", "working numbers in zwolle"]
)
def test_working_is_never_corrected_to_a_status(names: Names, text: str) -> None:
    assert ask(names, text).status is None


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("spare ones in kampen.. actually zwolle", ("Zwolle",)),
        ("free in kampen, actually den helder", ("Den Helder",)),
        ("how many are actually free in kampen", ("Kampen",)),
    ],
)
def test_actually_before_another_place_corrects_it(names: Names, text: str, places: tuple[str, ...]) -> None:
    question = ask(names, text)
    assert (question.status, question.places) == (Status.AVAILABLE, places)


def test_a_name_said_as_whose_numbers_is_the_name_even_beside_a_question_for_free_ones() -> None:
    names = build_names(LOCALITIES, ["Sorry Sam", *ASSISTANTS])
    question = ask(names, "nummers van sorry sam, en wat is er vrij in kampen")
    assert (question.assistants, question.also_asked) == (("Sorry Sam",), "available in:Kampen")


@pytest.mark.parametrize("text", ["zoek op 4471, eind van t nummer", "nummers met 4471 op het eind"])
def test_the_end_of_the_number_marks_its_last_digits(names: Names, text: str) -> None:
    assert ask(names, text).suffix == "4471"


@pytest.mark.parametrize("text", ["what numbers do we have?", "welke nummers hebben we", "which numbers are there"])
def test_the_numbers_asked_for_with_nothing_else_said_are_all_of_them(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.has_filters()) == (Kind.LIST, False)


@pytest.mark.parametrize(
    "text", ["numbers in kampen for incident 4211", "nummers in zwolle, ticket 5532", "zaak 8823: vrije mobiele"]
)
def test_the_digits_of_a_ticket_or_incident_are_no_filter(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.fragment, question.prefix) == (Kind.LIST, None, None)


@pytest.mark.parametrize(
    ("text", "prefix", "also"),
    [
        ("038 and 0223 numbers", "038", "prefix:0223"),
        ("vrije 038 of 0223", "038", "available prefix:0223"),
        ("hoeveel bezet in 085 en 088", "085", "count linked prefix:088"),
    ],
)
def test_a_second_prefix_is_asked_beside_the_first_never_dropped(
    names: Names, text: str, prefix: str, also: str
) -> None:
    question = ask(names, text)
    assert (question.prefix, question.also_asked, question.ignored) == (prefix, also, ())


@pytest.mark.parametrize(
    ("text", "kept", "left_out"),
    [
        ("van billing help alleen de lokale, mobiel en landelijk niet", ("local",), ("mobile", "national")),
        ("alleen de mobiele, vast en landelijk niet", ("mobile",), ("local", "national")),
    ],
)
def test_what_only_names_before_a_run_left_out_after_is_asked_for(
    names: Names, text: str, kept: tuple[str, ...], left_out: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.number_types, question.not_number_types) == (kept, left_out)


@pytest.mark.parametrize(
    ("text", "prefix"), [("numbers with 038 in front, free ones", "038"), ("vrije nummers met 0223 vooraan", "0223")]
)
def test_digits_said_in_front_start_the_number(names: Names, text: str, prefix: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.prefix) == (Kind.LIST, Status.AVAILABLE, prefix)


def test_what_a_caller_said_frames_the_digits_asked_for(names: Names) -> None:
    question = ask(names, "caller said the number had 9673 in it, find it")
    assert (question.kind, question.fragment) == (Kind.LIST, "9673")


@pytest.mark.parametrize(
    "text",
    [
        "when you're free, numbers in kampen",
        "if you have a spare minute, numbers in zwolle",
        "numbers in kampen for the open ticket",
        "we're busy today, zwolle numbers pls",
        "ik ben vrij, nummers in kampen",
    ],
)
def test_chat_about_people_or_tickets_says_no_status_of_the_numbers(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status) == (Kind.LIST, None)


@pytest.mark.parametrize(
    "text",
    [
        "numbers in kampen for the new assistant",
        "ik heb er een nodig voor een nieuwe assistent",
        "numbers we can still use in zwolle",
        "welke nummers kunnen we nog gebruiken in kampen",
        "nummers nog over in zwolle?",
    ],
)
def test_numbers_wanted_for_a_new_assistant_or_still_usable_are_free_ones(names: Names, text: str) -> None:
    assert ask(names, text).status is Status.AVAILABLE


def test_a_place_typed_with_a_slip_after_in_beats_a_greeting() -> None:
    names = build_names(["Heiloo", *LOCALITIES], ASSISTANTS)
    question = ask(names, "vrij in heillo graag")  # closer to "hello" than to Heiloo by letters
    assert (question.status, question.places) == (Status.AVAILABLE, ("Heiloo",))


def test_a_prefix_left_out_after_nr_is_left_out(names: Names) -> None:
    question = ask(names, "ik zoek een vrij landelijk nr, 0900 niet")
    assert (question.prefix, question.not_prefixes) == (None, ("0900",))


def test_laat_maar_zien_shows_what_was_asked_never_leaves_it_out(names: Names) -> None:
    question = ask(names, "in kampen is alles bezet toch? laat maar zien")
    assert (question.status, question.places) == (Status.LINKED, ("Kampen",))


@pytest.mark.parametrize("text", ["what can this bot do, never used it", "first time using this, what can i ask it"])
def test_never_having_used_the_bot_asks_for_help_not_free_numbers(names: Names, text: str) -> None:
    assert ask(names, text).kind is Kind.HELP


@pytest.mark.parametrize(
    ("text", "fragment", "suffix"),
    [
        ("klant noemde 5709, welk nummer bedoelt ie", "5709", None),
        ("klant noemde 6556, welk nr hoort daarbij", "6556", None),
        ("nr eindigt op 6611 geloof ik", None, "6611"),
    ],
)
def test_digits_a_customer_mentioned_are_searched_for(
    names: Names, text: str, fragment: str | None, suffix: str | None
) -> None:
    question = ask(names, text)
    assert (question.kind, question.fragment, question.suffix) == (Kind.LIST, fragment, suffix)


@pytest.mark.parametrize(
    "text",
    [
        "kampen numbers that are just sitting there",
        "wat is er nog te halen in zwolle",
        "which kampen numbers are still on the market",
    ],
)
def test_numbers_said_to_be_there_for_the_taking_are_free(names: Names, text: str) -> None:
    assert ask(names, text).status is Status.AVAILABLE


@pytest.mark.parametrize(
    ("text", "place"), [("toegewezn inkampne", "Kampen"), ("vrij inzwole", "Zwolle"), ("free inkampen", "Kampen")]
)
def test_in_run_together_with_a_place_is_that_place(names: Names, text: str, place: str) -> None:
    assert ask(names, text).places == (place,)


def test_or_not_after_a_status_keeps_the_status_said_after_it(names: Names) -> None:
    question = ask(names, "038 vergeven of niet? laat de bezette zien")
    assert (question.status, question.prefix) == (Status.LINKED, "038")


def test_someone_who_called_frames_the_digits_asked_for(names: Names) -> None:
    assert ask(names, "iemand belde van iets met 6861, welk nr").fragment == "6861"


@pytest.mark.parametrize(
    ("text", "status", "prefix"),
    [
        ("anything free with area code 038", Status.AVAILABLE, "038"),
        ("085 already linked to sth?", Status.LINKED, "085"),
        ("038 numbers we dont use", Status.AVAILABLE, "038"),
        ("in de 038, wat gebruiken we niet", Status.AVAILABLE, "038"),
    ],
)
def test_everyday_ways_of_saying_area_code_and_status_are_read(
    names: Names, text: str, status: Status, prefix: str
) -> None:
    question = ask(names, text)
    assert (question.status, question.prefix) == (status, prefix)


@pytest.mark.parametrize(
    "text", ["06 numbers in use that dont belong to billing help", "nummers die niet van billing help zijn"]
)
def test_numbers_that_do_not_belong_to_an_assistant_leave_it_out(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.assistants, question.not_assistants) == ((), ("Billing Help",))


@pytest.mark.parametrize(
    ("text", "also"),
    [
        ("kampen free count + who is on 0800", "prefix:0800"),
        ("which numbers are flireo defaults and whats free in zwolle", "available in:Zwolle"),
    ],
)
def test_a_question_word_before_other_numbers_asked_otherwise_is_a_second_question(
    names: Names, text: str, also: str
) -> None:
    assert ask(names, text).also_asked == also


def test_it_does_not_matter_where_is_no_word_to_ask_about(names: Names) -> None:
    question = ask(names, "vrij lokaal nummer, maakt niet uit waar behalve kampen")
    assert (question.kind, question.status, question.not_places) == (Kind.LIST, Status.AVAILABLE, ("Kampen",))


def test_whose_numbers_asked_after_a_count_is_a_second_question(names: Names) -> None:
    question = ask(names, "kampen aantal vrij? en van wie zijn de 0900 nrs")
    assert (question.kind, question.prefix, question.also_asked) == (Kind.COUNT, None, "prefix:0900")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("any numbers left in kampen we can give to a new bot", Status.AVAILABLE),
        ("wich numbres are taken in zwolle", Status.LINKED),
        ("vrij nummertje nodig in kampen", Status.AVAILABLE),
        ("marketing wants a free 0800 in zwolle, do we have one", Status.AVAILABLE),
    ],
)
def test_everyday_words_around_a_question_leave_its_status_read(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.kind, question.status) == (Kind.LIST, status)


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("need a free one, mobile and local are no good for this client", ("mobile", "local")),
        ("klant wil een vrij nummer maar landelijk valt af", ("national",)),
    ],
)
def test_no_good_and_valt_af_leave_out_what_they_follow(names: Names, text: str, left_out: tuple[str, ...]) -> None:
    question = ask(names, text)
    assert (question.number_types, question.not_number_types) == ((), left_out)


def test_niet_meerekenen_leaves_out_the_name_before_it(names: Names) -> None:
    question = ask(names, "welke 06 zijn gekoppeld, billing help niet meerekenen")
    assert (question.assistants, question.not_assistants) == ((), ("Billing Help",))
