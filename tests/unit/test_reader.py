"""The reader (SPEC §3): numbers first, names from the data as whole phrases, keywords in two languages."""

from __future__ import annotations

import unicodedata

import pytest

from bot.reading.names import Names, build_names
from bot.reading.phones import without_format_characters
from bot.reading.question import Kind, Question, Status
from bot.reading.reader import MAX_QUESTION_CHARS, read

LOCALITIES = ["Amsterdam", "Den Haag", "Alphen aan den Rijn", "Capelle aan den IJssel", "Rotterdam", "'s-Hertogenbosch"]
ASSISTANTS = ["Front Desk Rotterdam", "Free Trial Line", "Den Haag Reception", "Billing Desk", "Night Support"]
ON_ACCOUNT = frozenset({"+31201234567", "+31612345678", "+31105403871"})


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


def ask(names: Names, text: str) -> Question:
    return read(text, names, "NL", ON_ACCOUNT)


@pytest.mark.parametrize(
    ("text", "lookups"),
    [
        ("INC0012345: caller reports 020 123 4567 not answering", ["+31201234567"]),
        ("2026-11-27 14:02:11 SIP 486 from 10.0.4.17 to +31 20 123 4567", ["+31201234567"]),
        ("ticket #4521 prio 2, callback 06-12345678 at 09:15", ["+31612345678"]),
        ("which assistant is on +31201234567 and +31612345678", ["+31201234567", "+31612345678"]),
        ("tel:+31105403871", ["+31105403871"]),
        ("<tel:+31105403871|010 540 3871> is down", ["+31105403871"]),
        ("0031 10 540 3871 en 0201234567", ["+31105403871", "+31201234567"]),
        ("+31 (0)20-123 4567", ["+31201234567"]),
        ("+44 20 7946 0958", ["+442079460958"]),
    ],
)
def test_every_number_in_the_text_is_looked_up_and_nothing_else(names: Names, text: str, lookups: list[str]) -> None:
    question = ask(names, text)
    assert question.kind is Kind.LOOKUP
    assert list(question.lookups) == lookups


@pytest.mark.parametrize(
    "text", ["INC0012345", "#4521", "2026-11-27", "14:02:11", "10.0.4.17", "show me 5 free numbers", "0.42"]
)
def test_ids_dates_times_ips_decimals_and_counts_are_not_numbers(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.kind is not Kind.LOOKUP
    assert question.fragment is None
    assert question.prefix is None


def test_is_a_number_free_answers_its_real_status(names: Names) -> None:
    question = ask(names, "is 020 123 4567 free?")
    assert question.kind is Kind.LOOKUP
    assert question.status is None


@pytest.mark.parametrize(
    ("text", "prefix", "fragment", "status"),
    [
        ("free numbers in 020", "020", None, Status.AVAILABLE),
        ("free 085 numbers", "085", None, Status.AVAILABLE),
        ("06 linked", "06", None, Status.LINKED),
        ("numbers with 4567 in them", None, "4567", None),
        ("vrije nummers met 555", None, "555", Status.AVAILABLE),
        ("0172 numbers with 3871", "0172", "3871", None),
    ],
)
def test_prefixes_and_fragments_combine_with_other_filters(
    names: Names, text: str, prefix: str | None, fragment: str | None, status: Status | None
) -> None:
    question = ask(names, text)
    assert (question.kind, question.prefix, question.fragment, question.status) == (
        Kind.LIST,
        prefix,
        fragment,
        status,
    )


def test_two_digits_alone_are_too_short_and_said_so(names: Names) -> None:
    question = ask(names, "numbers with 45 in them")
    assert question.kind is Kind.CLARIFY
    assert "too short" in (question.problem or "")


@pytest.mark.parametrize(
    ("text", "assistants", "places", "status"),
    [
        ("what's free in amsterdam", (), ("Amsterdam",), Status.AVAILABLE),
        ("can u show the free numbers", (), (), Status.AVAILABLE),
        ("front desk rotterdam", ("Front Desk Rotterdam",), (), None),
        ("front desk rotterdam numbers in amsterdam", ("Front Desk Rotterdam",), ("Amsterdam",), None),
        ("free trial line", ("Free Trial Line",), (), None),
        ("free numbers in rotterdam", (), ("Rotterdam",), Status.AVAILABLE),
        ("den haag reception", ("Den Haag Reception",), (), None),
        ("den haag", (), ("Den Haag",), None),
        ("desk", ("Billing Desk", "Front Desk Rotterdam"), (), None),
        ("alphen", (), ("Alphen aan den Rijn",), None),
        ("capelle aan den ijssel", (), ("Capelle aan den IJssel",), None),
        ("the hague", (), ("Den Haag",), None),
        ("'s-Gravenhage", (), ("Den Haag",), None),
        ("DenHaag", (), ("Den Haag",), None),
        ("den bosch", (), ("'s-Hertogenbosch",), None),
        ("free numbers in zwolle", (), ("Zwolle",), Status.AVAILABLE),
        ("linked billing desk", ("Billing Desk",), (), None),  # the assistant says it is linked
    ],
)
def test_names_are_whole_words_or_phrases_longest_first(
    names: Names, text: str, assistants: tuple[str, ...], places: tuple[str, ...], status: Status | None
) -> None:
    question = ask(names, text)
    assert question.kind is Kind.LIST
    assert (question.assistants, question.places, question.status) == (assistants, places, status)
    assert question.ignored == ()


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("numbers not linked", Status.AVAILABLE),
        ("which numbers are not in use", Status.AVAILABLE),
        ("which numbers are not available", Status.LINKED),
        ("numbers in den haag that aren't taken", Status.AVAILABLE),
        ("niet gekoppelde nummers", Status.AVAILABLE),
        ("nummers die niet vrij zijn", Status.LINKED),
        ("niet in gebruik", Status.AVAILABLE),
        ("unused", Status.AVAILABLE),
        ("vrij", Status.AVAILABLE),
        ("beschikbare", Status.AVAILABLE),
        ("gekoppeld", Status.LINKED),
        ("bezet", Status.LINKED),
    ],
)
def test_negation_and_dutch_status_words_are_read(names: Names, text: str, status: Status) -> None:
    assert ask(names, text).status is status


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("how many free numbers do we have", Kind.COUNT),
        ("count mobile", Kind.COUNT),
        ("hoeveel vrije nummers", Kind.COUNT),
        ("how many numbers", Kind.STATS),
        ("overzicht", Kind.STATS),
        ("refresh", Kind.STATS),
        ("list refresh", Kind.LIST),
        ("hulp", Kind.HELP),
        ("?", Kind.HELP),
        ("", Kind.HELP),
        ("welke mobiele nummers zijn te koop", Kind.BUYABLE),
        ("mislukte bestellingen", Kind.ORDERS),
    ],
)
def test_kinds_of_question_in_both_languages(names: Names, text: str, kind: Kind) -> None:
    assert ask(names, text).kind is kind


def test_one_clear_typo_is_corrected_and_said(names: Names) -> None:
    question = ask(names, "availble in amsterdm")
    assert (question.status, question.places) == (Status.AVAILABLE, ("Amsterdam",))
    assert set(question.corrections) == {("availble", "available"), ("amsterdm", "amsterdam")}


def test_a_typo_between_opposites_is_asked_back_with_both(names: Names) -> None:
    question = ask(names, "nused numbers")
    assert question.kind is Kind.CLARIFY
    assert {s.label for s in question.suggestions} == {"unused", "used"}


@pytest.mark.parametrize("word", ["pls", "asap", "urgent", "rn", "graag"])
def test_filler_does_not_fail_a_clear_question(names: Names, word: str) -> None:
    question = ask(names, f"free mobile {word}")
    assert (question.kind, question.status, question.number_type, question.ignored) == (
        Kind.LIST,
        Status.AVAILABLE,
        "mobile",
        (),
    )


def test_a_word_it_cannot_place_is_ignored_and_said(names: Names) -> None:
    question = ask(names, "free mobile blorp")
    assert question.kind is Kind.LIST
    assert question.ignored == ("blorp",)


@pytest.mark.parametrize("text", ["asdfgh", "the thing from yesterday", "kun je even kijken", "lorem ipsum dolor"])
def test_nothing_readable_is_asked_back(names: Names, text: str) -> None:
    assert ask(names, text).kind is Kind.CLARIFY


def test_an_unknown_place_after_in_is_asked_back(names: Names) -> None:
    question = ask(names, "free numbers in gotham")
    assert question.kind is Kind.CLARIFY
    assert "gotham" in (question.problem or "")


def test_text_past_the_limit_is_said_not_silently_cut(names: Names) -> None:
    question = ask(names, "free " + "x" * (MAX_QUESTION_CHARS + 100))
    assert question.unread_chars > 0


def test_a_number_after_4000_characters_of_an_alert_is_still_read(names: Names) -> None:
    question = ask(names, "log line. " * 390 + "caller 020 123 4567")
    assert question.lookups == ("+31201234567",)


@pytest.mark.parametrize(
    "text",
    [
        "available local amsterdam",
        "front desk rotterdam numbers in den haag",
        "how many free 085 numbers",
        "linked billing desk or night support",
        "numbers in 's-Hertogenbosch with 4567",
        "shared",
        "find 020 123 4567 and 06 12345678",
        "orders failed",
        "buyable mobile 612",
    ],
)
def test_the_canonical_form_reads_back_to_the_same_question(names: Names, text: str) -> None:
    question = ask(names, text)
    again = ask(names, question.canonical())
    # Like `refresh`, the language travels beside the canonical text (in the button's PageState), not in it.
    assert again.model_copy(update={"refresh": question.refresh, "language": question.language}) == question.model_copy(
        update={"corrections": (), "ignored": (), "settled": again.settled}
    )


@pytest.mark.parametrize(
    ("text", "not_places", "not_assistants", "status"),
    [
        ("local numbers except amsterdam", ("Amsterdam",), (), None),
        ("free numbers outside den haag", ("Den Haag",), (), Status.AVAILABLE),
        ("numbers not in amsterdam or rotterdam", ("Amsterdam", "Rotterdam"), (), None),
        ("vrije nummers behalve amsterdam", ("Amsterdam",), (), Status.AVAILABLE),
        ("numbers not linked to billing desk", (), ("Billing Desk",), None),
        ("linked numbers except night support", (), ("Night Support",), Status.LINKED),
    ],
)
def test_places_and_assistants_can_be_left_out_never_read_as_asked_for(
    names: Names,
    text: str,
    not_places: tuple[str, ...],
    not_assistants: tuple[str, ...],
    status: Status | None,
) -> None:
    question = ask(names, text)
    assert (question.places, question.assistants) == ((), ())
    assert (question.not_places, question.not_assistants, question.status) == (not_places, not_assistants, status)


@pytest.mark.parametrize(
    ("text", "status"),
    [("numbers without an assistant", Status.AVAILABLE), ("mobiles that arent available", Status.LINKED)],
)
def test_negation_without_an_apostrophe_or_a_name_is_read(names: Names, text: str, status: Status) -> None:
    assert ask(names, text).status is status


def test_a_dash_between_spaces_separates_a_number_from_a_count(names: Names) -> None:
    question = ask(names, "call failures to 070 362 1144 - 37 failed calls in 15 minutes")
    assert question.lookups == ("+31703621144",)


def test_a_number_with_dashes_is_not_read_as_a_date(names: Names) -> None:
    assert ask(names, "+31-79-342-1877").lookups == ("+31793421877",)


@pytest.mark.parametrize(
    ("text", "lookups"),
    [("zoek 070 - 356 22 10", ("+31703562210",)), ("van wie is 0031-73-6128840", ("+31736128840",))],
)
def test_numbers_written_with_dashes_are_read_whole(names: Names, text: str, lookups: tuple[str, ...]) -> None:
    assert ask(names, text).lookups == lookups


@pytest.mark.parametrize(
    ("text", "status", "left_out"),
    [
        ("not mobile numbers", None, ("mobile",)),
        ("nummers die niet mobiel zijn", None, ("mobile",)),
        ("free numbers but not mobile", Status.AVAILABLE, ("mobile",)),
        ("all numbers except national ones", None, ("national",)),
        ("geen mobiele", None, ("mobile",)),
        ("vrije nummers behalve mobiel en nationaal", Status.AVAILABLE, ("mobile", "national")),
    ],
)
def test_a_negated_type_leaves_that_type_out_never_reads_it_as_the_type(
    names: Names, text: str, status: Status | None, left_out: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, status, ())
    assert question.not_number_types == left_out


@pytest.mark.parametrize(
    ("text", "types"),
    [("local and mobile numbers", ("local", "mobile")), ("mobiele of lokale nummers", ("mobile", "local"))],
)
def test_several_types_mean_any_of_them(names: Names, text: str, types: tuple[str, ...]) -> None:
    question = ask(names, text)
    assert (question.kind, question.number_types) == (Kind.LIST, types)


def test_a_type_asked_for_and_left_out_is_asked_back(names: Names) -> None:
    question = ask(names, "mobile numbers but not mobile")
    assert question.kind is Kind.CLARIFY
    assert "*mobile*" in (question.problem or "")


def test_leaving_out_shared_numbers_is_still_asked_back(names: Names) -> None:
    question = ask(names, "numbers that are not shared")
    assert question.kind is Kind.CLARIFY
    assert "leave out" in (question.problem or "")


def test_an_alert_that_says_changed_is_a_lookup_of_its_numbers(names: Names) -> None:
    question = ask(names, "[FIRING] Alert state changed: calls to 020 123 4567 failing")
    assert (question.kind, question.lookups) == (Kind.LOOKUP, ("+31201234567",))


@pytest.mark.parametrize("text", ["what changed for 020 123 4567", "changes +31 20 123 4567", "wat is er veranderd"])
def test_a_question_that_opens_with_change_words_asks_for_changes(names: Names, text: str) -> None:
    assert ask(names, text).kind is Kind.CHANGES


def test_a_date_that_does_not_exist_is_asked_back_not_a_crash(names: Names) -> None:
    assert ask(names, "changes since 2026-02-30t10:00z").kind is Kind.CLARIFY


@pytest.mark.parametrize(
    ("text", "ignored"), [("numbers containing 123 and 456", ("456",)), ("free 085 numbers 0612", ("0612",))]
)
def test_a_digit_group_the_answer_does_not_use_is_named_as_ignored(
    names: Names, text: str, ignored: tuple[str, ...]
) -> None:
    assert ask(names, text).ignored == ignored


@pytest.mark.parametrize(
    "text",
    ["zijn er nog vrije nummers over?", "vrije nummers voor het nieuwe kantoor", "zijn er echt geen vrije nummers?"],
)
def test_everyday_words_are_not_read_as_places_the_account_has_no_numbers_in(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.places) == (Kind.LIST, Status.AVAILABLE, ())


@pytest.mark.parametrize(("typed", "read_as"), [("linekd", "linked"), ("lcoal", "local"), ("nigth", "night")])
def test_two_swapped_letters_are_one_clear_typo(names: Names, typed: str, read_as: str) -> None:
    assert (typed, read_as) in ask(names, f"{typed} numbers").corrections


@pytest.mark.parametrize("text", ["numbers containing 0436", "nummers die bevatten 0436", "bevat 0436"])
def test_digits_after_containing_are_a_fragment_even_with_a_leading_zero(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.prefix, question.fragment, question.suffix) == (None, "0436", None)


@pytest.mark.parametrize(
    "text", ["numbers ending in 4567", "nummers die eindigen op 4567", "ending in 4567", "free ones ending 4567"]
)
def test_digits_after_ending_end_the_number(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.prefix, question.fragment, question.suffix) == (None, None, "4567")
    assert ask(names, question.canonical()).suffix == "4567", "a button reads it back the same"


def test_a_code_after_sip_or_status_is_context_not_a_fragment(names: Names) -> None:
    question = ask(names, "INC0012345 SIP 503 errors since 14:02 in Amsterdam")
    assert (question.places, question.fragment) == (("Amsterdam",), None)


def test_a_stray_code_in_a_pasted_line_is_asked_back(names: Names) -> None:
    assert ask(names, "PagerDuty: Flireo webhook 502 at 10.1.2.3:8443").kind is Kind.CLARIFY


def test_a_count_of_free_and_linked_is_a_breakdown_not_a_contradiction(names: Names) -> None:
    question = ask(names, "hoeveel vrij en hoeveel bezet in amsterdam")
    assert (question.kind, question.status, question.places) == (Kind.COUNT, None, ("Amsterdam",))


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("numbers linked to nobody", Status.AVAILABLE),
        ("nummers die niet gekoppeld zijn aan een assistent", Status.AVAILABLE),
    ],
)
def test_nobody_and_a_repeated_assistant_word_read_as_free(names: Names, text: str, status: Status) -> None:
    assert ask(names, text).status is status


def test_a_word_after_in_and_filler_is_no_place_slot(names: Names) -> None:
    question = ask(names, "free numbers, i'm in a hurry")
    assert (question.kind, question.ignored) == (Kind.LIST, ("hurry",))


def test_an_everyday_word_of_a_name_names_it_only_beside_assistant(names: Names) -> None:
    assert ask(names, "need a free line asap").assistants == ()
    assert ask(names, "the line assistants").assistants == ("Free Trial Line",)


def test_two_digits_to_find_are_too_short(names: Names) -> None:
    assert ask(names, "find 45").kind is Kind.CLARIFY


def test_a_prefix_of_a_purchasable_number_is_looked_for_in_e164(names: Names) -> None:
    assert ask(names, "buyable national 085").fragment == "3185"


def test_a_number_past_the_first_4000_characters_of_an_alert_is_read(names: Names) -> None:
    question = ask(names, "heartbeat ok from host 10.0.1.2 status=200. " * 120 + "CRITICAL: calls to 020 123 4567 fail")
    assert question.lookups == ("+31201234567",)


def test_more_numbers_than_one_question_looks_up_are_counted_and_said(names: Names) -> None:
    many = ", ".join(f"+3120555{i:04d}" for i in range(45))
    question = ask(names, f"who has {many}")
    assert (len(question.lookups), question.left_out_lookups) == (40, 5)


@pytest.mark.parametrize(("text", "lookups"), [("+31.20.123.4567", ("+31201234567",))])
def test_a_number_written_with_dots_is_read(names: Names, text: str, lookups: tuple[str, ...]) -> None:
    assert ask(names, text).lookups == lookups


def test_a_plural_prefix_is_the_prefix(names: Names) -> None:
    assert ask(names, "u got any spare 085s?").prefix == "085"


@pytest.mark.parametrize(
    "text", ["nummers beginnend met 050", "alle nummers die beginnen met 050", "numbers starting 050"]
)
def test_digits_after_starting_are_a_prefix(names: Names, text: str) -> None:
    assert (ask(names, text).prefix, ask(names, text).fragment) == ("050", None)


@pytest.mark.parametrize(
    ("text", "status"),
    [("nummers in amsterdam behalve de vrije", Status.LINKED), ("numbers except the linked ones", Status.AVAILABLE)],
)
def test_leaving_out_a_status_asks_for_the_other(names: Names, text: str, status: Status) -> None:
    assert ask(names, text).status is status


@pytest.mark.parametrize("text", ["wie heeft 0699999999 en 0612345678", "is 06 9999 9999 ours"])
def test_a_whole_national_number_not_in_use_is_still_looked_up(names: Names, text: str) -> None:
    assert "+31699999999" in ask(names, text).lookups


def test_buying_beside_a_question_about_the_account_answers_the_account(names: Names) -> None:
    question = ask(names, "zijn er vrije nummers in rotterdam of moet ik er een kopen")
    assert (question.kind, question.places, "buy" in question.ignored) == (Kind.LIST, ("Rotterdam",), True)


def test_a_place_given_to_orders_is_named_as_ignored(names: Names) -> None:
    question = ask(names, "orders failed in amsterdam")
    assert (question.kind, question.ignored) == (Kind.ORDERS, ("Amsterdam",))


@pytest.mark.parametrize("text", ["wie ben jij", "geen idee wat ik zoek"])
def test_who_or_find_with_nothing_else_readable_is_asked_back(names: Names, text: str) -> None:
    assert ask(names, text).kind is Kind.CLARIFY


def test_last_night_is_a_change_period(names: Names) -> None:
    assert ask(names, "is er iets veranderd vannacht?").kind is Kind.CHANGES


@pytest.mark.parametrize(
    "text",
    ["free or linked numbers in amsterdam", "available and linked in amsterdam", "vrije of gekoppelde in amsterdam"],
)
def test_both_statuses_together_mean_every_number_not_a_contradiction(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.kind is Kind.LIST
    assert question.status is None
    assert question.places == ("Amsterdam",)


def test_both_statuses_alone_list_every_number(names: Names) -> None:
    question = ask(names, "free or linked")
    assert (question.kind, question.status, question.has_filters()) == (Kind.LIST, None, False)


@pytest.mark.parametrize(
    "text",
    ["not mobile numbers in amsterdam", "local and mobile free", "vrije nummers behalve mobiel en nationaal"],
)
def test_types_asked_for_or_left_out_read_back_the_same_from_a_button(names: Names, text: str) -> None:
    question = ask(names, text)
    again = ask(names, question.canonical())
    assert (again.number_types, again.not_number_types, again.status) == (
        question.number_types,
        question.not_number_types,
        question.status,
    )


@pytest.mark.parametrize(
    ("text", "group_by", "status"),
    [
        ("how many numbers per assistant", "assistant", None),
        ("hoeveel nummers per stad", "place", None),
        ("count by city", "place", None),
        ("free numbers per place", "place", Status.AVAILABLE),
        ("vrije nummers per plaats", "place", Status.AVAILABLE),
        ("aantal per type", "type", None),
        ("numbers for each assistant in amsterdam", "assistant", None),
        ("which assistants do we have", "assistant", None),
        ("welke assistenten zijn er", "assistant", None),
        ("welke plaatsen hebben vrije nummers", "place", Status.AVAILABLE),
    ],
)
def test_a_count_per_assistant_place_or_type_is_read_in_both_languages(
    names: Names, text: str, group_by: str, status: Status | None
) -> None:
    question = ask(names, text)
    assert (question.kind, question.group_by, question.status) == (Kind.COUNT, group_by, status)
    assert not question.ignored
    assert ask(names, question.canonical()).group_by == group_by, "a button reads it back the same"


def test_a_change_question_per_group_says_the_grouping_is_ignored(names: Names) -> None:
    question = ask(names, "what changed since midnight per assistant")
    assert question.kind is Kind.CHANGES
    assert "per assistant" in question.ignored


@pytest.mark.parametrize(
    ("text", "status", "not_places"),
    [
        ("lokale nummers buiten amsterdam en rotterdam die vrij zijn", Status.AVAILABLE, ("Amsterdam", "Rotterdam")),
        ("local numbers not in den haag that are free", Status.AVAILABLE, ("Den Haag",)),
        ("numbers outside amsterdam that are still free", Status.AVAILABLE, ("Amsterdam",)),
        ("not in amsterdam, not free", Status.LINKED, ("Amsterdam",)),
    ],
)
def test_a_status_after_places_left_out_is_not_flipped_by_their_negation(
    names: Names, text: str, status: Status, not_places: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.status, question.not_places, question.places) == (status, not_places, ())


@pytest.mark.parametrize("text", ["free linked numbers", "vrije bezette nummers", "available, linked in amsterdam"])
def test_two_statuses_side_by_side_are_asked_back(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.kind is Kind.CLARIFY
    assert "both *available* and *linked*" in (question.problem or "")


@pytest.mark.parametrize(
    ("text", "prefix", "types"),
    [
        ("zijn er nog 06jes vrij", "06", ()),
        ("085'jes in gebruik", "085", ()),
        ("hoeveel 0800's hebben we", "0800", ()),
        ("mobieltjes vrij?", None, ("mobile",)),
    ],
)
def test_dutch_diminutives_and_plurals_of_prefixes_and_types_are_read(
    names: Names, text: str, prefix: str | None, types: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.prefix, question.number_types, question.ignored) == (prefix, types, ())


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("which numbers aren't assigned to anyone", Status.AVAILABLE),
        ("nummers die niet gekoppeld zijn aan iemand", Status.AVAILABLE),
        ("heeft iemand een vrij nummer in utrecht", Status.AVAILABLE),
        ("numbers assigned to anyone", Status.LINKED),
    ],
)
def test_anyone_and_iemand_are_read_not_corrected(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.status, question.corrections, question.ignored) == (status, (), ())


def test_buying_local_numbers_in_a_place_asks_for_offers_not_the_accounts_numbers(names: Names) -> None:
    question = ask(names, "purchasable local numbers amsterdam")
    assert (question.kind, question.number_types) == (Kind.BUYABLE, ("local",))


@pytest.mark.parametrize(
    ("text", "assistants", "read_as"),
    [
        ("nummers van de nachtdienst", ("Night Support",), ("nachtdienst", "night support")),
        ("nachtsupport nummers", ("Night Support",), ("nachtsupport", "night support")),
        ("welke nummers heeft facturatie", ("Billing Desk",), ("facturatie", "billing")),
        ("de receptie in den haag", ("Den Haag Reception",), ("receptie", "reception")),
    ],
)
def test_dutch_words_for_english_name_words_name_the_assistant_and_say_so(
    names: Names, text: str, assistants: tuple[str, ...], read_as: tuple[str, str]
) -> None:
    question = ask(names, text)
    assert question.assistants == assistants
    assert read_as in question.corrections


def test_a_dutch_name_word_no_assistant_uses_stays_unknown(names: Names) -> None:
    question = ask(names, "nummers van de apotheek")  # no pharmacy here: not read as anything
    assert question.assistants == ()
    assert "apotheek" in question.ignored or question.kind is Kind.CLARIFY


@pytest.mark.parametrize(
    ("text", "types", "left_out"),
    [
        ("free numbers not mobile but local", ("local",), ("mobile",)),
        ("is there a free number, not mobile but national", ("national",), ("mobile",)),
        ("don't show mobile numbers, show local", ("local",), ("mobile",)),
        ("not mobile, only local", ("local",), ("mobile",)),
        ("niet mobiel maar nationaal", ("national",), ("mobile",)),
    ],
)
def test_leaving_out_a_type_ends_at_but_only_or_show(
    names: Names, text: str, types: tuple[str, ...], left_out: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.number_types, question.not_number_types) == (types, left_out)


def test_leaving_out_a_place_ends_at_but(names: Names) -> None:
    question = ask(names, "free numbers not in amsterdam but in rotterdam")
    assert (question.places, question.not_places) == (("Rotterdam",), ("Amsterdam",))


@pytest.mark.parametrize("text", ["which cities have no free numbers", "welke steden hebben geen vrije nummers"])
def test_places_with_none_are_asked_for_never_the_ones_that_have_some(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.with_none, question.status) == (Kind.COUNT, True, Status.AVAILABLE)


def test_assistants_with_none_are_asked_back(names: Names) -> None:
    question = ask(names, "which assistants have no free numbers")
    assert question.kind is Kind.CLARIFY
    assert "with none" in (question.problem or "")


def test_all_cities_is_no_grouping(names: Names) -> None:
    question = ask(names, "list free numbers in all cities")
    assert (question.kind, question.group_by, question.status) == (Kind.LIST, None, Status.AVAILABLE)


@pytest.mark.parametrize(
    ("text", "status", "places", "left_out"),
    [
        ("free numbers but no mobiles", Status.AVAILABLE, (), ("mobile",)),
        ("free nrs excl mobile", Status.AVAILABLE, (), ("mobile",)),
        ("what's left in amsterdam", Status.AVAILABLE, ("Amsterdam",), ()),
        ("nummers die nog over zijn", Status.AVAILABLE, (), ()),
        ("free ams numbers", Status.AVAILABLE, ("Amsterdam",), ()),
        ("nog vrije nummers in het haagse", Status.AVAILABLE, ("Den Haag",), ()),
    ],
)
def test_everyday_words_for_left_out_free_and_places_are_read(
    names: Names, text: str, status: Status, places: tuple[str, ...], left_out: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.status, question.places, question.not_number_types) == (status, places, left_out)


def test_a_prefix_left_out_is_left_out_never_read_as_asked_for(names: Names) -> None:
    question = ask(names, "list national free except 085")
    assert (question.kind, question.prefix, question.not_prefixes) == (Kind.LIST, None, ("085",))


def test_geven_is_a_dutch_verb_not_a_typo_for_geen(names: Names) -> None:
    assert ("geven", "geen") not in ask(names, "welke vrije nummers kan ik aan billing desk geven").corrections


@pytest.mark.parametrize(
    "joiner", ["\u200d", "\u200b", "\u200c", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u200f", "\u202c", "\u2066"]
)
def test_a_format_character_between_the_digits_of_a_number_is_ignored(names: Names, joiner: str) -> None:
    assert ask(names, f"who has 020{joiner}123{joiner}45{joiner}67").lookups == ("+31201234567",)
    assert ask(names, joiner.join("0201234567")).lookups == ("+31201234567",)


def test_the_characters_skipped_between_digits_are_unicodes_format_characters() -> None:
    skipped = {chr(code) for code in range(0x110000) if without_format_characters(f"1{chr(code)}2") == "12"}
    format_characters = {chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"}
    assert format_characters <= skipped
    # Code points a later Unicode made format characters may be unassigned in this Python's tables.
    assert {unicodedata.category(char) for char in skipped - format_characters} <= {"Cn"}


@pytest.mark.parametrize(
    ("text", "status", "types", "places", "said"),
    [
        ("fre local numbers in rotterdam", Status.AVAILABLE, ("local",), ("Rotterdam",), ("fre", "free")),
        ("lokaal vrj", Status.AVAILABLE, ("local",), (), ("vrj", "vrij")),
        ("avail mobile", Status.AVAILABLE, ("mobile",), (), ("avail", "available")),
        ("linked mob", Status.LINKED, ("mobile",), (), ("mob", "mobile")),
        ("usednumbers in amsterdam", Status.LINKED, (), ("Amsterdam",), ("usednumbers", "used numbers")),
        ("gekoppeldenummers den haag", Status.LINKED, (), ("Den Haag",), ("gekoppeldenummers", "gekoppelde nummers")),
        ("fre nummrs rotterdm", Status.AVAILABLE, (), ("Rotterdam",), ("fre", "free")),
    ],
)
def test_a_short_or_glued_typo_in_a_filter_slot_is_corrected_and_said(
    names: Names,
    text: str,
    status: Status,
    types: tuple[str, ...],
    places: tuple[str, ...],
    said: tuple[str, str],
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types, question.places) == (
        Kind.LIST,
        status,
        types,
        places,
    )
    assert said in question.corrections
    assert question.ignored == ()


@pytest.mark.parametrize("text", ["use local numbers", "ik wil gek lokaal"])
def test_an_ordinary_short_word_is_never_corrected_into_a_status(names: Names, text: str) -> None:
    assert ask(names, text).status is None


@pytest.mark.parametrize("text", ["which are the answers for free mobile", "ik wil graag vrije mobiele nummers"])
def test_ordinary_words_of_a_sentence_are_not_named_as_ignored(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.ignored) == (Kind.LIST, Status.AVAILABLE, ())


@pytest.mark.parametrize(
    ("text", "status", "not_places", "not_types"),
    [
        ("everything but rotterdam", None, ("Rotterdam",), ()),
        ("anything but amsterdam that is free", Status.AVAILABLE, ("Amsterdam",), ()),
        ("free, anything but national", Status.AVAILABLE, (), ("national",)),
        ("alles behalve den haag", None, ("Den Haag",), ()),
        ("gekoppeld maar alles behalve mobiel", Status.LINKED, (), ("mobile",)),
    ],
)
def test_everything_but_leaves_out_what_follows_it(
    names: Names, text: str, status: Status | None, not_places: tuple[str, ...], not_types: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.places, question.not_places, question.not_number_types) == (
        Kind.LIST,
        status,
        (),
        not_places,
        not_types,
    )


@pytest.mark.parametrize(
    "text",
    ["lokale nummers die niemand gebruikt", "mobile numbers nobody is using", "local numbers used by no one"],
)
def test_nobody_using_a_number_means_it_is_free(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.status) == (Kind.LIST, Status.AVAILABLE)


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("vrije nummers maar geen 085", ("085",)),
        ("everything except the 06 ones", ("06",)),
        ("not the 0800 numbers", ("0800",)),
        ("zonder 010 en 020", ("010", "020")),
    ],
)
def test_a_prefix_left_out_leaves_its_numbers_out(names: Names, text: str, left_out: tuple[str, ...]) -> None:
    question = ask(names, text)
    assert (question.kind, question.prefix, question.not_prefixes) == (Kind.LIST, None, left_out)


@pytest.mark.parametrize(
    ("text", "assistants", "places"),
    [
        ("rotterdam front desk numbers", ("Front Desk Rotterdam",), ()),
        ("reception den haag", ("Den Haag Reception",), ()),
        ("billing desk rotterdam", ("Billing Desk",), ("Rotterdam",)),
    ],
)
def test_a_whole_name_in_another_word_order_is_that_name(
    names: Names, text: str, assistants: tuple[str, ...], places: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.assistants, question.places) == (assistants, places)


@pytest.mark.parametrize(
    ("text", "status", "places"),
    [
        ("gekoppelde in den hagg", Status.LINKED, ("Den Haag",)),
        ("free in capelle aan den ijsel", Status.AVAILABLE, ("Capelle aan den IJssel",)),
        ("vrije nummers bergen op zom", Status.AVAILABLE, ("Bergen op Zoom",)),
        ("free in a'foort", Status.AVAILABLE, ("Amersfoort",)),
    ],
)
def test_a_typo_in_a_place_of_several_words_is_corrected_to_the_place(
    names: Names, text: str, status: Status, places: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.places, question.assistants) == (
        Kind.LIST,
        status,
        places,
        (),
    )


@pytest.mark.parametrize(
    ("text", "also"),
    [
        ("free local numbers in rotterdam and who has 020 123 4567", "available local in:Rotterdam"),
        ("van wie is 06 12345678? en hoeveel vrije nummers in den haag", 'count available in:"Den Haag"'),
        ("is 020 123 4567 free?", None),
        ("calls to 020 123 4567 failing since 03:10, and 06 12345678 too", None),
    ],
)
def test_a_listing_asked_beside_a_lookup_is_kept_never_dropped_unsaid(
    names: Names, text: str, also: str | None
) -> None:
    question = ask(names, text)
    assert (question.kind, question.also_asked) == (Kind.LOOKUP, also)


@pytest.mark.parametrize("text", ["free numbers outside the randstad", "alles behalve de kust", "anything but blorp"])
def test_a_word_it_cannot_place_after_except_is_asked_back_never_ignored_into_the_opposite(
    names: Names, text: str
) -> None:
    question = ask(names, text)
    assert question.kind is Kind.CLARIFY
    assert "leave it out" in (question.problem or "")


@pytest.mark.parametrize(
    "text", ["nummers van de front desk van rotterdam", "front desk in rotterdam", "gekoppeld aan night van support"]
)
def test_the_rest_of_a_name_after_filler_completes_the_name_not_a_place(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.places == ()
    assert len(question.assistants) == 1


def test_an_unknown_word_beside_part_of_a_name_is_asked_back_never_every_assistant_with_the_part(names: Names) -> None:
    question = ask(names, "sales desk numbers")
    assert question.kind is Kind.CLARIFY
    assert "sales desk" in (question.problem or "")


@pytest.mark.parametrize(
    ("text", "said"),
    [("vrye nummers", ("vrye", "vrije")), ("vrei lokaal", ("vrei", "vrij")), ("frre local", ("frre", "free"))],
)
def test_a_four_letter_slip_and_dutch_y_or_ei_for_ij_are_corrected_and_said(
    names: Names, text: str, said: tuple[str, str]
) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, said in question.corrections) == (Kind.LIST, Status.AVAILABLE, True)


@pytest.mark.parametrize("text", ["well, which local numbers", "geen idee, lokale nummers", "call local numbers"])
def test_an_ordinary_four_letter_word_is_never_slipped_into_a_keyword(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.number_types) == (None, ("local",))
