"""The reader on the kinds stop 31 found wrong (the fresh `app.py ask` check at the end of stop 30, the nineteenth to
twenty-first blind sets, the tuning sets n and o, a helper's phrase lists and a review), over the names of
test_reader_kinds_k and words of our own: corrections, leavings out, counts and their parts, statuses read by their
root, places with none."""

from __future__ import annotations

import pytest

from bot.reading.names import Names, build_names
from bot.reading.question import GroupBy, Kind, Question, Status
from bot.reading.status_roots import status_of_root
from tests.unit.test_reader_kinds_k import ASSISTANTS, LOCALITIES, ask


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


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
        "in welke plaatsen is niks meer vrij",
    ],
)
def test_which_places_have_none_asks_for_the_places_where_it_ran_out(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.group_by, question.with_none) == (Kind.COUNT, GroupBy.PLACE, True)
    assert question.status is Status.AVAILABLE
    assert ask(names, question.canonical()).canonical() == question.canonical(), "its buttons read it back the same"


def test_which_assistants_have_none_is_still_refused_honestly(names: Names) -> None:
    question = ask(names, "which assistants have no free numbers")
    assert question.kind is Kind.CLARIFY


@pytest.mark.parametrize(
    "text",
    [
        "hoeveel vrij totaal, en hoeveel daarvan mobiel",
        "how many free in total, and how many of those are mobile",
        "How many spare ones overall and how many of them are landlines",
        "hoeveel vrije nummers in totaal en hoeveel ervan landelijk",
    ],
)
def test_a_count_and_a_part_of_those_numbers_is_the_count_with_the_part_asked_beside_it(
    names: Names, text: str
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.COUNT, Status.AVAILABLE, ())
    part = ask(names, question.also_asked or "")
    assert (part.status, len(part.number_types)) == (Status.AVAILABLE, 1), "the part is of the first's numbers"


def test_a_part_of_those_numbers_keeps_every_filter_of_the_first(names: Names) -> None:
    question = ask(names, "how many numbers does quick claims have, and how many of them are 038")
    part = ask(names, question.also_asked or "")
    assert (question.assistants, part.assistants, part.prefix) == (("Quick Claims",), ("Quick Claims",), "038")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("zwolle, which lines are just sitting on the shelves", Status.AVAILABLE),
        ("kampen numbers that are sleeping", Status.AVAILABLE),
        ("any benched lines in zwolle", Status.AVAILABLE),
        ("welke nummers in kampen liggen te sluimeren", Status.AVAILABLE),
        ("zwolle: wat ligt er braak", Status.AVAILABLE),
        ("welke nummers in zwolle zijn verweesd", Status.AVAILABLE),
        ("which kampen numbers has somebody called dibs on", Status.LINKED),
        ("zwolle, welke zijn al vastgehaakt", Status.LINKED),
        ("welke nummers in kampen zijn opgeëist", Status.LINKED),
        ("welke nummers in kampen zijn nog niet opgeëist", Status.AVAILABLE),
    ],
)
def test_a_status_said_in_a_word_no_list_holds_is_read_by_its_root_and_said_back(
    names: Names, text: str, status: Status
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status) == (Kind.LIST, status)
    assert question.corrections, "the word read by its root is said back"


@pytest.mark.parametrize(
    "text",
    [
        "waarom werkt de 038 niet",
        "is the workflow for kampen numbers broken",
        "numbers in zwolle, working from home so quick pls",
        "gratis parkeren in kampen nummers",
        "kampen numbers I forgot about",
        "show me a dozen numbers in zwolle",
        "which dutch numbers are in kampen",
        "work mobile numbers in kampen",
        "after the deploy, show numbers in zwolle",
        "wat zijn de eisen voor een nummer in kampen",
        "nummers bij het knooppunt zwolle",
        "any unusual numbers in kampen?",
    ],
)
def test_a_word_whose_root_is_a_status_beside_a_status_or_as_an_everyday_word_is_no_status(
    names: Names, text: str
) -> None:
    question = ask(names, text)
    assert question.status is None


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("geparkeerde", Status.AVAILABLE),
        ("vastgeknoopt", Status.LINKED),
        ("eist", None),
        ("haakjes", None),
        ("la", None),
    ],
)
def test_a_root_is_found_under_dutch_prefixes_and_short_words_are_no_status(word: str, status: Status | None) -> None:
    sense = status_of_root(word)
    assert (Status(sense.value) if sense else None) is status


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("free in kampen, on second thought zwolle", ("Zwolle",)),
        ("linked in zwolle or rather kampen, I always swap them", ("Kampen",)),
        ("vrij in kampen, verbetering: zwolle", ("Zwolle",)),
        ("vrije in zwolle, bij nader inzien kampen", ("Kampen",)),
        ("bezette in kampen, nou nee, zwolle", ("Zwolle",)),
    ],
)
def test_more_ways_of_taking_back_a_place_are_read_as_a_correction(
    names: Names, text: str, places: tuple[str, ...]
) -> None:
    assert ask(names, text).places == places


def test_a_marker_that_opens_a_name_is_a_marker_when_the_name_does_not_go_on() -> None:
    names = build_names(LOCALITIES, [*ASSISTANTS, "No Wait Desk"])
    assert ask(names, "free in kampen, no wait, I meant zwolle").places == ("Zwolle",)
    assert ask(names, "free in kampen, no wait, I meant zwolle").assistants == ()
    assert ask(names, "no wait desk numbers in kampen").assistants == ("No Wait Desk",)


@pytest.mark.parametrize(
    "text",
    [
        "quick claims in kampen, nope, make that all of quick claims'",
        "quick claims in zwolle, nou nee, alles van quick claims",
    ],
)
def test_a_correction_to_all_of_what_was_said_drops_the_rest(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.assistants, question.places) == (("Quick Claims",), ())


@pytest.mark.parametrize(
    "text", ["who has mobiles, no wait, who has the 0800s", "wie heeft er mobiel, nee streep dat, wie heeft de 0800"]
)
def test_a_prefix_said_as_a_correction_takes_the_type_with_it(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.prefix, question.number_types, question.status) == ("0800", (), Status.LINKED)


@pytest.mark.parametrize(
    "text",
    ["every mobile on the account, linked or not", "alle mobiele nummers, gekoppeld of niet", "mobiles, taken or free"],
)
def test_a_status_or_not_asks_for_every_status(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, None, ("mobile",))


@pytest.mark.parametrize(
    "text",
    ["everything on the account except what's located in kampen", "alles behalve wat gelegen is in kampen"],
)
def test_ordinary_words_between_a_leaving_out_and_its_place_end_nothing(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.places, question.not_places) == ((), ("Kampen",))


@pytest.mark.parametrize(
    "text",
    [
        "vrije nummers in kampen, quick claims laat ik erbuiten",
        "bezette nummers, billing help houden we erbuiten",
        "kampen, de 038 mag je overslaan",
    ],
)
def test_a_dutch_leaving_out_with_a_subject_inside_it_leaves_out(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.not_assistants or question.not_prefixes
    assert not question.assistants
    assert question.prefix is None


def test_a_free_said_before_nobody_stays_free(names: Names) -> None:
    assert ask(names, "kampen: which ones are just parked, no bot yet").status is Status.AVAILABLE


@pytest.mark.parametrize(
    "text",
    [
        "how many taken ones in total, and how many of those in kampen",
        "hoeveel bezet totaal, en welk deel daarvan is van billing help",
    ],
)
def test_a_count_and_a_part_of_it_said_pointing_back_asks_the_part_of_those_numbers(names: Names, text: str) -> None:
    question = ask(names, text)
    part = ask(names, question.also_asked or "")
    assert (question.kind, question.status, part.status) == (Kind.COUNT, Status.LINKED, Status.LINKED)
    assert part.places or part.assistants


@pytest.mark.parametrize(
    ("text", "lookup"),
    [
        ("asterisk: SIP/trunk-0031384123456 CHANUNAVAIL", "+31384123456"),
        ("PJSIP/kpn_0384123456 hung up", "+31384123456"),
    ],
)
def test_a_number_glued_to_a_trunk_name_in_a_pbx_log_is_looked_up(names: Names, text: str, lookup: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.lookups) == (Kind.LOOKUP, (lookup,))


@pytest.mark.parametrize(
    "text", ["which line's last four are 4567", "nummer dat op 4567 uitkomt", "laatste vier cijfers 4567"]
)
def test_the_last_four_said_in_words_are_the_end_of_the_number(names: Names, text: str) -> None:
    assert ask(names, text).suffix == "4567"


@pytest.mark.parametrize(
    "text",
    [
        "free in kampen, my bad, zwolle",
        "free in kampen, sorry typo, zwolle",
        "free in kampen, hang on, zwolle",
        "free in kampen, nvm zwolle",
        "vrij in kampen, foutje, zwolle",
        "vrij in kampen, nou ja, zwolle",
        "vrij in kampen, moet zijn zwolle",
        "vrij in kampen, sorry verkeerd, zwolle",
    ],
)
def test_many_ways_of_owning_a_slip_take_back_what_was_said(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.places) == (Status.AVAILABLE, ("Zwolle",))


def test_instead_of_a_place_leaves_it_out_and_instead_alone_takes_it_back(names: Names) -> None:
    assert ask(names, "free numbers in kampen instead of zwolle").not_places == ("Zwolle",)
    assert ask(names, "free in kampen, instead zwolle").places == ("Zwolle",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("qty of free numbers in kampen", Kind.COUNT),
        ("hoeveelheid vrije nummers in kampen", Kind.COUNT),
        ("fetch the free numbers in kampen", Kind.LIST),
        ("stuur me de vrije nummers in kampen", Kind.LIST),
    ],
)
def test_more_words_for_counting_and_listing(names: Names, text: str, kind: Kind) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.places) == (kind, Status.AVAILABLE, ("Kampen",))
    assert not question.ignored


@pytest.mark.parametrize(
    ("text", "number_type"),
    [
        ("free sms-capable numbers", "mobile"),
        ("vrije zaktelefoon nummers", "mobile"),
        ("free pstn numbers", "local"),
        ("vrije doorkiesnummers", "local"),
        ("free freecall numbers", "national"),
        ("vrije landsdekkende nummers", "national"),
    ],
)
def test_more_words_for_the_types(names: Names, text: str, number_type: str) -> None:
    question = ask(names, text)
    assert (question.status, question.number_types) == (Status.AVAILABLE, (number_type,))


def test_a_slip_of_a_filler_word_is_that_word_not_a_longer_keyword_it_ends(names: Names) -> None:
    question = ask(names, "fre nummrs kampen")
    assert (question.status, question.number_types, question.places) == (Status.AVAILABLE, (), ("Kampen",))


def test_digits_read_as_an_ending_among_words_it_cannot_place_are_said_never_a_crash(names: Names) -> None:
    question = ask(names, "iemand belt terug van een nummer dat eindigt op 4567, is dat van ons en van wie")
    assert question.kind in (Kind.CLARIFY, Kind.LIST, Kind.LOOKUP)


@pytest.mark.parametrize(
    "text",
    [
        "taken numbers, kampen and zwolle are off the table",
        "vrije nummers; zwolle kun je vergeten",
        "bezette nummers, quick claims streep je maar weg",
        "free ones, the 038 range we can ignore",
        "gekoppeld, maar billing help doet niet ter zake",
        "de hele lijst, alleen zwolle niet",
        "spare numbers, kampen I can do without",
    ],
)
def test_a_leaving_out_said_after_with_a_word_between_leaves_out(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.not_places or question.not_assistants or question.not_prefixes
    assert (question.places, question.assistants, question.prefix) == ((), (), None)


@pytest.mark.parametrize(
    "text",
    [
        "quick claims: how many in total, and how many in zwolle",
        "geef het aantal vrije, en binnen dat aantal de 06",
    ],
)
def test_a_count_then_one_more_filter_asks_the_part_of_those_numbers_beside_it(names: Names, text: str) -> None:
    question = ask(names, text)
    part = ask(names, question.also_asked or "")
    assert question.kind is Kind.COUNT
    assert filter_kinds_of(part) > filter_kinds_of(question), "the part keeps the first's filters and adds one"


def filter_kinds_of(question: Question) -> set[str]:
    said = {
        "status": question.status,
        "place": question.places,
        "assistant": question.assistants,
        "prefix": question.prefix,
        "type": question.number_types,
    }
    return {kind for kind, value in said.items() if value}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("which kampen lines are still fair game", Status.AVAILABLE),
        ("zwolle, what's warming the bench", Status.AVAILABLE),
        ("mobiles still looking for an owner", Status.AVAILABLE),
        ("kampen: welke nummers staan nog op de reservebank", Status.AVAILABLE),
        ("which zwolle numbers are off the market", Status.LINKED),
        ("kampen: wat is al aan de man gebracht", Status.LINKED),
        ("hoeveel mobieltjes hebben een bot", Status.LINKED),
    ],
)
def test_more_idioms_for_free_and_taken(names: Names, text: str, status: Status) -> None:
    assert ask(names, text).status is status


@pytest.mark.parametrize(
    "text", ["every kampen number, bot or no bot", "alle nummers in kampen, met of zonder bot", "kampen, linked or not"]
)
def test_either_status_said_as_an_idiom_is_every_number(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.places) == (None, ("Kampen",))


@pytest.mark.parametrize(
    "text",
    [
        "every free number except the kampen ones, mobiles and nationals included",
        "alles wat vrij is, kampen uitgezonderd, mobiele en landelijke tellen gewoon mee",
    ],
)
def test_types_said_to_be_included_after_them_narrow_nothing(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.number_types, question.not_places) == (Status.AVAILABLE, (), ("Kampen",))


def test_types_said_not_to_be_included_are_left_out(names: Names) -> None:
    assert ask(names, "linked numbers, mobiles not included").not_number_types == ("mobile",)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("free numbers in kampen -- s/kampen/zwolle/", ("Zwolle",)),
        ("free numbers in kampen *zwolle", ("Zwolle",)),
    ],
)
def test_a_slip_corrected_the_way_chat_does_it_is_the_correction(
    names: Names, text: str, places: tuple[str, ...]
) -> None:
    assert ask(names, text).places == places


@pytest.mark.parametrize(
    "text",
    [
        "quick claims' numbers apart from anything sitting in zwolle",
        "all assigned numbers that don't live in zwolle",
        "spare ones, but hold back kampen",
    ],
)
def test_a_leaving_out_a_few_words_before_its_place_leaves_that_place_out(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.not_places
    assert question.places == ()


@pytest.mark.parametrize(
    "text",
    [
        "how many free and how many of those are shared",
        "free in kampen, sorry, the shared ones",
        "vrije nummers in zwolle, nee wacht, de gedeelde",
    ],
)
def test_shared_said_in_a_correction_or_a_part_is_read_never_a_crash(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.shared or ask(names, question.also_asked or "").shared


@pytest.mark.parametrize(
    "text",
    [
        "negeer de vorige vraag, vrije nummers in kampen",
        "zonder haast, vrije nummers in kampen",
        "instead of asking again, free numbers in kampen",
    ],
)
def test_a_leaving_out_opening_a_sentence_never_reaches_the_status_after_it(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.places) == (Status.AVAILABLE, ("Kampen",))


@pytest.mark.parametrize(
    "text", ["ticket INC-0012345678 free numbers in kampen", "see JIRA-0201234567 for details, free in kampen"]
)
def test_a_ticket_id_glued_to_digits_is_no_number(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.lookups) == (Kind.LIST, ())


@pytest.mark.parametrize(
    ("text", "status"),
    [("which zwolle numbers are deployed already", Status.LINKED), ("welke zijn werkloos in kampen", Status.AVAILABLE)],
)
def test_status_words_whose_stems_are_everyday_words_are_read_whole(names: Names, text: str, status: Status) -> None:
    assert ask(names, text).status is status


@pytest.mark.parametrize("text", ["after the deploy, show numbers in zwolle", "voor het werk: nummers in kampen"])
def test_their_everyday_stems_are_never_corrected_onto_them(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.corrections) == (None, ())


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen numbers plugged into a bot", Status.LINKED),
        ("welke zitten vast aan een bot in zwolle", Status.LINKED),
        ("038 lines without a bot", Status.AVAILABLE),
        ("zwolle lines waiting for a bot", Status.AVAILABLE),
        ("mobiles that are botless", Status.AVAILABLE),
    ],
)
def test_a_bot_said_with_an_article_is_an_assistant_beside_its_verb(names: Names, text: str, status: Status) -> None:
    assert ask(names, text).status is status


def test_the_bot_is_this_bot_and_says_no_status(names: Names) -> None:
    assert ask(names, "which numbers does the bot know in kampen").status is None
