"""The query language of SPEC §3: every row of its table, natural questions, and hostile input."""

from __future__ import annotations

import pytest

from bot.errors import UserError
from bot.reading.query import Kind, Query, Status, parse, strip_slack_markup


@pytest.mark.parametrize("text", ["", "   ", "help", "HELP", "help me", "?!?...", "🙂🙂", "numbers", "what?", "the"])
def test_empty_or_help_asks_for_usage_help(text: str) -> None:
    assert parse(text) == Query(kind=Kind.HELP)


@pytest.mark.parametrize("text", ["list", "all", "list all numbers", "show me all our numbers"])
def test_list_and_all_ask_for_every_number(text: str) -> None:
    assert parse(text) == Query(kind=Kind.LIST)


@pytest.mark.parametrize("text", ["available", "free", "unused", "Available numbers"])
def test_available_words_filter_on_available(text: str) -> None:
    assert parse(text) == Query(status=Status.AVAILABLE)


@pytest.mark.parametrize("text", ["linked", "taken", "used", "assigned"])
def test_linked_words_filter_on_a_linked_assistant(text: str) -> None:
    assert parse(text) == Query(status=Status.LINKED)


@pytest.mark.parametrize(
    ("text", "number_type"),
    [
        ("local", "local"),
        ("mobile", "mobile"),
        ("national", "national"),
        ("locals", "local"),
        ("mobiles", "mobile"),
        ("nationals", "national"),
        ("LOCAL numbers", "local"),
    ],
)
def test_type_words_and_their_plurals_filter_on_number_type(text: str, number_type: str) -> None:
    assert parse(text) == Query(number_type=number_type)


def test_a_bare_locality_word_becomes_place_words() -> None:
    assert parse("amsterdam") == Query(place_words=(("amsterdam",),))


def test_in_takes_a_multi_word_locality() -> None:
    assert parse("in den haag") == Query(in_words=("den", "haag"))


def test_locality_words_are_folded_without_accents() -> None:
    assert parse("in Zoëterwoude") == Query(in_words=("zoeterwoude",))


def test_linked_followed_by_words_names_an_assistant() -> None:
    assert parse("linked billing desk") == Query(status=Status.LINKED, place_words=(("billing", "desk"),))


def test_assistant_followed_by_words_names_an_assistant() -> None:
    assert parse("assistant night support") == Query(assistant_words=("night", "support"))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("find 020 123 4567", "020 123 4567"),
        ("who +31201234567", "+31201234567"),
        ("4567", "4567"),
        ("0201234567", "0201234567"),
        ("0031201234567", "0031201234567"),
        ("find 020-123-4567", "020-123-4567"),
        ("who has (020) 123 4567?", "020 123 4567"),
    ],
)
def test_lookups_keep_the_number_as_typed(text: str, number: str) -> None:
    assert parse(text) == Query(kind=Kind.LOOKUP, number=number)


def test_slack_auto_linked_number_is_looked_up_by_its_label() -> None:
    assert parse("<tel:+31201234567|020 123 4567>") == Query(kind=Kind.LOOKUP, number="020 123 4567")


def test_slack_link_without_label_is_looked_up_by_its_target() -> None:
    assert parse("find <tel:+31201234567>") == Query(kind=Kind.LOOKUP, number="+31201234567")


def test_words_around_a_number_only_frame_the_question() -> None:
    assert parse("Which assistant answers 020 123 4567?") == Query(kind=Kind.LOOKUP, number="020 123 4567")


def test_find_without_a_number_asks_which_number() -> None:
    with pytest.raises(UserError, match="Which number"):
        parse("find")


def test_two_digit_token_is_not_a_lookup() -> None:
    assert parse("available 12").kind is Kind.LIST


def test_shared_asks_for_the_shared_default_numbers() -> None:
    assert parse("shared") == Query(shared=True)


@pytest.mark.parametrize("text", ["stats", "summary", "count", "how many", "How many numbers do we have?"])
def test_stats_words_ask_for_counts(text: str) -> None:
    assert parse(text) == Query(kind=Kind.STATS)


def test_refresh_alone_gives_fresh_counts() -> None:
    assert parse("refresh") == Query(kind=Kind.STATS, refresh=True)


def test_refresh_marks_any_question_for_fresh_data() -> None:
    assert parse("available mobile refresh") == Query(status=Status.AVAILABLE, number_type="mobile", refresh=True)


def test_refresh_marks_a_lookup_for_fresh_data() -> None:
    assert parse("refresh find 4567") == Query(kind=Kind.LOOKUP, number="4567", refresh=True)


def test_natural_question_with_odd_case_and_punctuation() -> None:
    assert parse("Which local numbers are still free in Den Haag??") == Query(
        status=Status.AVAILABLE, number_type="local", in_words=("den", "haag")
    )


def test_shouted_words_with_odd_spacing_and_commas() -> None:
    assert parse("  AVAILABLE   local,amsterdam ") == Query(
        status=Status.AVAILABLE, number_type="local", place_words=(("amsterdam",),)
    )


def test_words_come_in_any_order() -> None:
    assert parse("amsterdam local available") == parse("available local amsterdam")


def test_mention_markup_is_ignored() -> None:
    assert parse("<@U123> which mobile numbers are available?") == Query(status=Status.AVAILABLE, number_type="mobile")


def test_a_mention_alone_asks_for_help() -> None:
    assert parse("<@U123ABC>") == Query(kind=Kind.HELP)


def test_strip_slack_markup_keeps_labels_of_channels_and_links() -> None:
    text = strip_slack_markup("<@U1> in <#C1|ops> see <https://x.test|the docs> <!here>")
    assert "U1" not in text
    assert "ops" in text
    assert "the docs" in text
    assert "<" not in text


@pytest.mark.parametrize("text", ["available linked", "free taken", "linked numbers that are unused"])
def test_available_and_linked_together_is_a_user_error(text: str) -> None:
    with pytest.raises(UserError, match="both"):
        parse(text)


def test_two_number_types_is_a_user_error() -> None:
    with pytest.raises(UserError, match=r"local.*mobile"):
        parse("local mobile")


def test_repeating_a_word_is_not_a_contradiction() -> None:
    assert parse("free available local locals") == Query(status=Status.AVAILABLE, number_type="local")


@pytest.mark.parametrize(
    "text",
    [
        "list",
        "available",
        "linked",
        "available local amsterdam",
        "Which local numbers are still free in Den Haag??",
        "mobile in den haag",
        "linked billing desk",
        "linked local billing desk",
        "assistant night support",
        "taken national assistant billing",
        "linked billing desk or night support",
        "amsterdam or rotterdam",
        "amsterdam local rotterdam",
        "in amsterdam linked billing desk",
        "shared",
        "shared national",
        "stats",
        "how many",
        "find 020 123 4567",
        "who +31201234567",
        "<tel:+31201234567|020 123 4567>",
        "4567",
        "available mobile refresh",
        "help",
        "",
    ],
)
def test_canonical_text_parses_back_to_the_same_query(text: str) -> None:
    query = parse(text)
    assert parse(query.canonical()) == query.model_copy(update={"refresh": False})


def test_canonical_of_a_multi_run_query_keeps_the_runs_apart() -> None:
    # "linked billing desk or night support" is two assistants; read as one run it names none.
    query = parse("linked billing desk or night support")
    assert query.place_words == (("billing", "desk"), ("night", "support"))
    assert parse(query.canonical()).place_words == query.place_words


def parse_outcome(text: str) -> Query | UserError:
    """The parsed query, or the UserError it raised; any other exception fails the test."""
    try:
        return parse(text)
    except UserError as exc:
        return exc


@pytest.mark.parametrize(
    "text",
    [
        "x" * 5000,
        "available " * 600,
        "4" * 5000,
        "🙂📞☎️ available 🚀",
        "مرحبا بالعالم أرقام",
        "\u202eavailable local\u202c",
        "!!!???...,,,;;;",
        "<<<>>>|||",
        "<@",
        "\x00\x01\x02 available",
        "find " + "1" * 200,
        "in",
        "assistant",
        "linked",
    ],
)
def test_hostile_input_raises_nothing_but_user_error(text: str) -> None:
    outcome = parse_outcome(text)
    assert isinstance(outcome, Query) or str(outcome)


def test_very_long_input_is_cut_before_parsing() -> None:
    query = parse("available " + "x" * 5000)
    assert query.status is Status.AVAILABLE
    assert sum(len(word) for run in query.place_words for word in run) <= 500


def test_only_punctuation_is_help() -> None:
    assert parse("?!.,;:-").kind is Kind.HELP
