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


@pytest.fixture(scope="module")
def dutch_names() -> Names:
    return build_names(
        ["Lochem", "Groenlo", "Gouda"], ["Effe Wachten", "Mobile First Crew", "Wie Weet Hub", "Geen Punt"]
    )


def ask_dutch(names: Names, text: str) -> Question:
    return read(text, names, "NL", frozenset({LINKED}))


@pytest.mark.parametrize(
    "text", ["effe de vrije in gouda", "vrije 06 nrs effe", "kan je effe de bezette in gouda geven"]
)
def test_an_ordinary_word_in_a_name_never_names_the_assistant_alone(dutch_names: Names, text: str) -> None:
    assert ask_dutch(dutch_names, text).assistants == ()


def test_the_whole_name_with_an_ordinary_word_is_still_the_assistant(dutch_names: Names) -> None:
    assert ask_dutch(dutch_names, "effe wachten").assistants == ("Effe Wachten",)


@pytest.mark.parametrize(("text", "place"), [("lochum ff de vrije", "Lochem"), ("groenl vrij effe", "Groenlo")])
def test_one_letter_off_or_left_out_of_a_long_place_is_that_place(dutch_names: Names, text: str, place: str) -> None:
    assert ask_dutch(dutch_names, text).places == (place,)


@pytest.mark.parametrize(
    ("text", "status", "left_out"),
    [
        ("free numbers nobody uses, locals only, gouda excluded", Status.AVAILABLE, ()),
        ("geen punt zonder z'n 06", None, ("06",)),
        ("in gouda, wat heeft niemand", Status.AVAILABLE, ()),
    ],
)
def test_nobody_and_dutch_contractions_read_as_said(
    dutch_names: Names, text: str, status: Status | None, left_out: tuple[str, ...]
) -> None:
    question = ask_dutch(dutch_names, text)
    assert (question.kind, question.status, question.not_prefixes) == (Kind.LIST, status, left_out)


def test_a_status_said_again_after_an_assistant_left_out_is_asked_for(dutch_names: Names) -> None:
    question = ask_dutch(dutch_names, "gouda, wat niet van geen punt is en wel bezet")
    assert (question.status, question.not_assistants) == (Status.LINKED, ("Geen Punt",))


@pytest.mark.parametrize(("text", "kind"), [("tel ff de landelijke", Kind.COUNT), ("tel 0115 123 456", Kind.LOOKUP)])
def test_tel_counts_unless_a_number_follows(dutch_names: Names, text: str, kind: Kind) -> None:
    assert ask_dutch(dutch_names, text).kind is kind


def test_a_question_word_and_one_more_word_after_a_name_narrows_it(dutch_names: Names) -> None:
    question = ask_dutch(dutch_names, "weet hub wie, welke mobiele")
    assert (question.assistants, question.number_types, question.also_asked) == (("Wie Weet Hub",), ("mobile",), None)


@pytest.mark.parametrize("text", ["help and then free in gouda", "eerst hulp, dan de vrije in gouda"])
def test_help_first_is_help_with_the_other_question_said(dutch_names: Names, text: str) -> None:
    question = ask_dutch(dutch_names, text)
    assert (question.kind, question.also_asked) == (Kind.HELP, "available in:Gouda")


@pytest.mark.parametrize("text", ["bot what are you for", "wat moet ik typen bij deze bot"])
def test_what_the_bot_is_for_is_help(dutch_names: Names, text: str) -> None:
    assert ask_dutch(dutch_names, text).kind is Kind.HELP


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("status", Kind.STATS),
        ("status pls", Kind.STATS),
        ("what do we have", Kind.STATS),
        ("haal opnieuw op", Kind.STATS),
        ("thanks", Kind.HELP),
        ("# free in gouda", Kind.COUNT),
        ("nr of free locals", Kind.COUNT),
        ("any updates?", Kind.CHANGES),
        ("what got updated today", Kind.CHANGES),
    ],
)
def test_short_requests_as_on_call_people_type_them(names: Names, text: str, kind: Kind) -> None:
    question = ask(names, text)
    assert (question.kind, question.ignored) == (kind, ())


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("which assistant has the most numbers", "assistant"),
        ("top assistants", "assistant"),
        ("which city has the most free numbers", "place"),
        ("welke assistent heeft de meeste nummers", "assistant"),
    ],
)
def test_who_has_the_most_is_a_count_per_group(names: Names, text: str, group: str) -> None:
    question = ask(names, text)
    assert question.kind is Kind.COUNT
    assert question.group_by is not None
    assert question.group_by.value == group


def test_an_alert_status_code_is_no_overview(names: Names) -> None:
    assert ask(names, "SIP status 486").kind is not Kind.STATS


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("neither mobile care nor terneuzen pilots", ("Mobile Care", "Terneuzen Pilots")),
        ("noch mobile care noch terneuzen pilots", ("Mobile Care", "Terneuzen Pilots")),
    ],
)
def test_neither_nor_leaves_both_out(names: Names, text: str, left_out: tuple[str, ...]) -> None:
    question = ask(names, text)
    assert (question.assistants, question.not_assistants) == ((), left_out)


@pytest.mark.parametrize(
    ("text", "status", "place", "left_out"),
    [
        ("terneuzen pilots locals away from terneuzen itself", None, (), {"not_places": ("Terneuzen",)}),
        ("gouda bezet, maar niks van mobile care", Status.LINKED, ("Gouda",), {"not_assistants": ("Mobile Care",)}),
        ("nothing of mobile care, just linked", Status.LINKED, (), {"not_assistants": ("Mobile Care",)}),
    ],
)
def test_away_from_and_nothing_of_leave_out(
    names: Names, text: str, status: Status | None, place: tuple[str, ...], left_out: dict[str, tuple[str, ...]]
) -> None:
    question = ask(names, text)
    assert (question.status, question.places) == (status, place)
    for field, values in left_out.items():
        assert getattr(question, field) == values, field


@pytest.mark.parametrize("text", ["find me desk over in gouda", "mobile care over in urk"])
def test_over_without_nog_is_no_left_over(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, len(question.assistants), len(question.places)) == (None, 1, 1)


@pytest.fixture(scope="module")
def exclusion_names() -> Names:
    return build_names(["Goor", "Ommen", "Ulft", "Gouda"], ["Minus One", "Busy Bees", "Not Now Desk", "Zonder Zorgen"])


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("excluding ommen, which local numbers are free", ("Ommen",)),
        ("behalve ulft, welke lokale zijn vrij", ("Ulft",)),
        ("aside from ulft, any free locals?", ("Ulft",)),
        ("free locals. never mind ommen", ("Ommen",)),
        ("vrije lokale, ommen laat maar", ("Ommen",)),
        ("vrije lokale nummers, goor telt niet mee", ("Goor",)),
        ("vrije lokale, ulft niet meetellen", ("Ulft",)),
        ("hw many free lcoals excpt goor n ommen", ("Goor", "Ommen")),
        ("vrije plaatsnummers, geen gouda", ("Gouda",)),
        ("hoeveel vrije lokale behalve gor", ("Goor",)),
    ],
)
def test_places_left_out_in_every_way_leave_them_out_of_the_free_locals(
    exclusion_names: Names, text: str, left_out: tuple[str, ...]
) -> None:
    question = ask(exclusion_names, text)
    assert (question.status, question.number_types, question.places) == (Status.AVAILABLE, ("local",), ())
    assert question.not_places == left_out


def test_a_name_made_of_keywords_is_read_with_the_data_names(exclusion_names: Names) -> None:
    assert ask(exclusion_names, "minus one pls").assistants == ("Minus One",)


def test_an_unknown_word_after_an_exclusion_is_asked_about_never_moved_onto_the_type(exclusion_names: Names) -> None:
    question = ask(exclusion_names, "vrije lokale behalve xqzt")
    assert (question.kind, question.not_number_types) == (Kind.CLARIFY, ())


def test_hanging_without_an_assistant_is_free(exclusion_names: Names) -> None:
    question = ask(exclusion_names, "welke mobiele hangen zonder assistent")
    assert (question.kind, question.status) == (Kind.LIST, Status.AVAILABLE)


def test_keywords_that_name_nothing_without_the_data_are_not_settled_before_it_is_read() -> None:
    question = read("minus one pls", build_names([], []), "NL")
    assert (question.kind, question.settled) == (Kind.CLARIFY, False)


@pytest.fixture(scope="module")
def everyday_names() -> Names:
    return build_names(["Kollum", "Vianen", "Goor", "Elburg"], ["Out Of Office", "Vrij Spel", "Spare Change"])


@pytest.mark.parametrize(
    ("text", "status", "places"),
    [
        ("find out what's available in kollum right now", Status.AVAILABLE, ("Kollum",)),
        ("kun je vrij snel de vrije in vianen geven", Status.AVAILABLE, ("Vianen",)),
        ("welke in goor zijn al weg", Status.LINKED, ("Goor",)),
        ("feel free to list everything taken in elburg", Status.LINKED, ("Elburg",)),
        ("out of curiosity, whats linked in elburg", Status.LINKED, ("Elburg",)),
        ("vrij weinig tijd, dus snel: gekoppelde in elburg", Status.LINKED, ("Elburg",)),
    ],
)
def test_everyday_words_that_are_in_names_or_look_like_filters_are_read_as_words(
    everyday_names: Names, text: str, status: Status, places: tuple[str, ...]
) -> None:
    question = ask(everyday_names, text)
    assert (question.status, question.places, question.assistants, question.ignored) == (status, places, (), ())


@pytest.mark.parametrize("text", ["spare change in elburg", "spare change, welke landelijke"])
def test_a_change_word_inside_a_whole_name_asks_about_the_assistant_not_about_changes(
    everyday_names: Names, text: str
) -> None:
    question = ask(everyday_names, text)
    assert (question.kind, question.assistants) == (Kind.LIST, ("Spare Change",))


@pytest.fixture(scope="module")
def phrase_names() -> Names:
    return build_names(["Goor", "Ommen", "Dieren"], ["Just In Case", "Toch Even", "Mobile Care", "Any Day Now"])


@pytest.mark.parametrize(
    ("text", "place", "name"),
    [
        ("ok just in case: what is free in goor", "Goor", "just in case"),
        ("any day now... free ones in ommen?", "Ommen", "any day now"),
        ("kun je toch even de vrije nummers in dieren laten zien", "Dieren", "toch even"),
    ],
)
def test_a_name_of_everyday_words_beside_a_question_for_free_numbers_is_said_as_words(
    phrase_names: Names, text: str, place: str, name: str
) -> None:
    question = ask(phrase_names, text)
    assert (question.status, question.places, question.assistants) == (Status.AVAILABLE, (place,), ())
    assert name in question.ignored


@pytest.mark.parametrize("text", ["just in case numbers", "mobile care, free ones in goor"])
def test_a_name_asked_about_stays_the_assistant(phrase_names: Names, text: str) -> None:
    assert ask(phrase_names, text).assistants != ()


def test_a_status_word_with_a_letter_left_out_beside_a_name_word_is_the_status(phrase_names: Names) -> None:
    question = ask(phrase_names, "fre mobile")
    assert (question.status, question.number_types, question.assistants) == (Status.AVAILABLE, ("mobile",), ())


def test_a_word_one_slip_from_a_keyword_and_from_a_place_is_asked_back(phrase_names: Names) -> None:
    question = ask(phrase_names, "omen free")
    assert question.kind is Kind.CLARIFY


@pytest.fixture(scope="module")
def seventh_kinds_names() -> Names:
    return build_names(["Gouda", "Zoetermeer", "Ede"], ["Mobile Kitchen", "Terneuzen Pilots"])


@pytest.mark.parametrize(
    "text", ["de mobiele die niet meer vrij zijn", "numbers no longer free", "welke zijn niet langer vrij in gouda"]
)
def test_no_longer_free_is_linked(seventh_kinds_names: Names, text: str) -> None:
    question = ask(seventh_kinds_names, text)
    assert (question.status, question.not_places) == (Status.LINKED, ())


def test_a_type_said_after_a_name_word_across_filler_filters_the_assistant(seventh_kinds_names: Names) -> None:
    question = ask(seventh_kinds_names, "the kitchen numbers on mobile")
    assert (question.assistants, question.number_types) == (("Mobile Kitchen",), ("mobile",))


@pytest.mark.parametrize("text", ["what's on the kitchen line", "pilots van terneuzen"])
def test_a_name_word_with_line_or_a_place_after_filler_is_the_assistant(seventh_kinds_names: Names, text: str) -> None:
    question = ask(seventh_kinds_names, text)
    assert (question.kind, len(question.assistants), question.places) == (Kind.LIST, 1, ())


@pytest.mark.parametrize(
    "text",
    ["uh what kinds of questions can i ask you", "leg ff uit hoe ik je gebruik", "wat voor vragen kan ik stellen"],
)
def test_asking_what_can_be_asked_is_help(seventh_kinds_names: Names, text: str) -> None:
    assert ask(seventh_kinds_names, text).kind is Kind.HELP


@pytest.mark.parametrize(
    ("text", "status", "left_out"),
    [
        ("gouda minus whatever's free", Status.LINKED, {}),
        ("lokaal en vrij, gouda laat je weg", Status.AVAILABLE, {"not_places": ("Gouda",)}),
        ("mobile kitchen min de 06", None, {"not_prefixes": ("06",)}),
        ("gouda min de vrije", Status.LINKED, {}),
        ("mobieltjes die aan geen assistent vastzitten", Status.AVAILABLE, {}),
        ("gouda nummers zonder iemand erachter", Status.AVAILABLE, {}),
    ],
)
def test_the_eighth_sets_kinds_of_leaving_out(
    seventh_kinds_names: Names, text: str, status: Status | None, left_out: dict[str, tuple[str, ...]]
) -> None:
    question = ask(seventh_kinds_names, text)
    assert (question.kind, question.status) == (Kind.LIST, status)
    for field, values in left_out.items():
        assert getattr(question, field) == values, field


def test_else_is_a_word_never_a_name(seventh_kinds_names: Names) -> None:
    names = build_names(["Gouda"], ["Nothing Else Club", "Mobile Kitchen"])
    question = ask(names, "where else does mobile kitchen have local numbers, besides gouda")
    assert (question.assistants, question.not_places) == (("Mobile Kitchen",), ("Gouda",))


def test_how_many_of_each_status_is_one_count(seventh_kinds_names: Names) -> None:
    question = ask(seventh_kinds_names, "gouda: hoeveel vrij, hoeveel bezet")
    assert (question.kind, question.status, question.places, question.also_asked) == (
        Kind.COUNT,
        None,
        ("Gouda",),
        None,
    )


@pytest.mark.parametrize(
    ("text", "kind", "status"),
    [
        ("gouda what can i still grab", Kind.LIST, Status.AVAILABLE),
        ("gouda wat kan ik nog pakken", Kind.LIST, Status.AVAILABLE),
        ("gouda freeee", Kind.LIST, Status.AVAILABLE),
        ("06 nummers die bij niemand horen", Kind.LIST, Status.AVAILABLE),
        ("tally of 06 nobody's on", Kind.COUNT, Status.AVAILABLE),
        ("hoe staat het account ervoor", Kind.STATS, None),
    ],
)
def test_the_ninth_sets_kinds(seventh_kinds_names: Names, text: str, kind: Kind, status: Status | None) -> None:
    question = ask(seventh_kinds_names, text)
    assert (question.kind, question.status, question.ignored) == (kind, status, ())


def test_last_digits_said_in_dutch_are_an_ending(seventh_kinds_names: Names) -> None:
    question = ask(seventh_kinds_names, "welk nr heeft 5521 als laatste cijfers")
    assert (question.kind, question.suffix, question.ignored) == (Kind.LIST, "5521", ())


def test_both_places_of_an_area_left_out(seventh_kinds_names: Names) -> None:
    question = ask(seventh_kinds_names, "free locals, leave out both 015 towns")
    assert (question.status, question.not_prefixes) == (Status.AVAILABLE, ("015",))
