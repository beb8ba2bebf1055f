"""Answering parsed queries from a hand-written snapshot: filters, localities, assistants, lookups, counts."""

from __future__ import annotations

import pytest

from bot.answers.search import answer
from bot.inventory.snapshot import Snapshot
from bot.reading.question import Kind
from bot.results.listing import Help, Listing, Lookups, Stats, TypeCount
from tests.unit.support import make_snapshot, question_for


def ask(snapshot: Snapshot, text: str) -> Listing:
    result = answer(question_for(text, snapshot), snapshot, "NL")
    assert isinstance(result, Listing)
    return result


def looked_up(snapshot: Snapshot, text: str) -> dict[str, list[str]]:
    result = answer(question_for(text, snapshot), snapshot, "NL")
    assert isinstance(result, Lookups)
    return {e164: [n.id for n in numbers] for e164, numbers in result.found}


def ids(listing: Listing) -> list[str]:
    return [number.id for number in listing.numbers]


def test_all_lists_every_account_number_sorted_by_number(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "all")
    assert len(listing.numbers) == 10
    assert [n.phone_number for n in listing.numbers] == sorted(n.phone_number for n in listing.numbers)
    assert listing.description == "all numbers"


def test_available_lists_only_available_numbers(snapshot: Snapshot) -> None:
    assert set(ids(ask(snapshot, "available"))) == {"n02", "n03", "n04", "n06", "n08"}


def test_linked_lists_only_numbers_with_an_assistant(snapshot: Snapshot) -> None:
    assert set(ids(ask(snapshot, "taken"))) == {"n01", "n05", "n07", "n09", "n10"}


def test_status_type_and_locality_filters_combine(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "available local amsterdam")
    assert ids(listing) == ["n02", "n03"]
    assert listing.description == "available local numbers in Amsterdam"


def test_type_and_status_combine_without_a_locality(snapshot: Snapshot) -> None:
    assert ids(ask(snapshot, "linked mobile")) == ["n09"]
    assert ids(ask(snapshot, "available mobile")) == ["n08"]


@pytest.mark.parametrize("text", ["zoeterwoude", "Zoëterwoude", "ZOETERWOUDE", "in zoeterwoude", "in ZOËTERWOUDE"])
def test_locality_matches_without_case_or_accents(snapshot: Snapshot, text: str) -> None:
    listing = ask(snapshot, text)
    assert ids(listing) == ["n06"]
    assert listing.description == "numbers in Zoëterwoude"


def test_locality_spelled_differently_in_the_data_is_one_locality(snapshot: Snapshot) -> None:
    # n03 says "amsterdam", the others "Amsterdam": one place, shown as most records spell it.
    listing = ask(snapshot, "in AMSTERDAM")
    assert ids(listing) == ["n02", "n01", "n03"]
    assert listing.description == "numbers in Amsterdam"


@pytest.mark.parametrize("text", ["in den haag", "den haag", "Den Haag local", "local numbers in Den Haag?"])
def test_multi_word_locality(snapshot: Snapshot, text: str) -> None:
    assert ids(ask(snapshot, text)) == ["n04", "n05"]


def test_two_localities_give_numbers_in_either(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "available utrecht or den haag")
    assert ids(listing) == ["n04"]
    assert listing.description == "available numbers in Utrecht or Den Haag"  # in the order asked


def test_linked_with_assistant_words_lists_that_assistants_numbers(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "linked billing desk")
    assert ids(listing) == ["n01", "n10"]
    assert listing.description == "numbers linked to Billing Desk"


def test_assistant_words_match_case_insensitively(snapshot: Snapshot) -> None:
    assert ids(ask(snapshot, "assistant NIGHT support")) == ["n09", "n05"]


def test_assistant_word_matches_every_assistant_containing_it(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "assistant desk")
    assert set(ids(listing)) == {"n01", "n07", "n10"}
    assert listing.description == "numbers linked to Billing Desk or Front Desk Utrecht"


def test_two_assistants_joined_by_or_give_numbers_of_either(snapshot: Snapshot) -> None:
    assert set(ids(ask(snapshot, "linked billing desk or night support"))) == {"n01", "n05", "n09", "n10"}


def test_locality_and_assistant_combine(snapshot: Snapshot) -> None:
    assert ids(ask(snapshot, "in den haag linked night support")) == ["n05"]


def test_unknown_assistant_name_after_assistant_is_not_answered_as_all_numbers(snapshot: Snapshot) -> None:
    question = question_for("assistant nitee", snapshot)
    assert question.kind is Kind.CLARIFY
    assert "nitee" in (question.problem or "")


def test_one_clear_typo_is_corrected_and_said(snapshot: Snapshot) -> None:
    question = question_for("available amsterdm", snapshot)
    assert question.places == ("Amsterdam",)
    assert question.corrections == (("amsterdm", "amsterdam"),)
    assert set(ids(ask(snapshot, "available amsterdm"))) == {"n02", "n03"}


def test_unknown_words_beside_readable_ones_are_answered_and_named_as_ignored(snapshot: Snapshot) -> None:
    question = question_for("available blorp zzyzx", snapshot)
    assert question.kind is Kind.LIST
    assert question.ignored == ("blorp", "zzyzx")


def test_misspelled_keyword_is_read_as_the_keyword(snapshot: Snapshot) -> None:
    assert question_for("availble", snapshot).status == "available"


def test_an_unknown_place_after_in_is_asked_back_not_ignored(snapshot: Snapshot) -> None:
    question = question_for("available in gotham", snapshot)
    assert question.kind is Kind.CLARIFY
    assert "*gotham*" in (question.problem or "")


@pytest.mark.parametrize("text", ["x" * 5000, "word " * 1000, "مرحبا بالعالم", "zzz 🙂 qqq"])
def test_unreadable_text_is_asked_back_in_a_short_sentence(snapshot: Snapshot, text: str) -> None:
    question = question_for(text, snapshot)
    assert question.kind is Kind.CLARIFY or question.kind is Kind.HELP
    assert len(question.problem or "") < 1000


def test_emoji_and_direction_marks_around_real_words_are_ignored(snapshot: Snapshot) -> None:
    assert ids(ask(snapshot, "🙂 local 🚀 \u202eutrecht\u202c")) == ["n07"]


def test_empty_result_says_what_is_nearby_in_other_localities(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "available local in utrecht")
    assert listing.numbers == ()
    assert listing.hint is not None
    assert listing.hint.startswith("2 in Amsterdam")
    assert "1 in Den Haag" in listing.hint


def test_empty_result_without_a_locality_says_what_other_types_there_are(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "available national")
    assert listing.numbers == ()
    assert listing.hint == "4 local; 1 mobile"


def test_nonempty_result_carries_no_hint(snapshot: Snapshot) -> None:
    assert ask(snapshot, "available local amsterdam").hint is None


@pytest.mark.parametrize(
    "typed", ["+31201234567", "020 123 4567", "0201234567", "0031201234567", "+31 (0)20 123 4567", "020-123-4567"]
)
def test_lookup_of_a_whole_number_in_any_format_finds_it_exactly(snapshot: Snapshot, typed: str) -> None:
    assert looked_up(snapshot, f"find {typed}") == {"+31201234567": ["n01"]}


def test_lookup_through_slack_auto_link_finds_the_number(snapshot: Snapshot) -> None:
    assert looked_up(snapshot, "who <tel:+31201234567|020 123 4567>") == {"+31201234567": ["n01"]}


def test_every_number_in_a_question_is_looked_up(snapshot: Snapshot) -> None:
    found = looked_up(snapshot, "which assistant is on +31201234567 and 0209999999?")
    assert found == {"+31201234567": ["n01"], "+31209999999": []}


def test_lookup_by_digit_fragment_finds_every_number_containing_it(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "4567")
    assert not listing.exact
    assert set(ids(listing)) == {"n01", "n04", "n08", "n09", "n10"}


def test_lookup_fragment_matches_the_national_format_too(snapshot: Snapshot) -> None:
    # +31715551234 is 071 555 1234 nationally: "0715" only appears in the national digits.
    assert ids(ask(snapshot, "0715")) == ["n06"]


def test_lookup_finds_shared_numbers(snapshot: Snapshot) -> None:
    assert looked_up(snapshot, "find +31202620000") == {"+31202620000": ["s02"]}


def test_lookup_of_a_whole_number_not_on_the_account_is_empty(snapshot: Snapshot) -> None:
    assert looked_up(snapshot, "find +31209999999") == {"+31209999999": []}


def test_lookup_of_an_unknown_fragment_is_empty(snapshot: Snapshot) -> None:
    assert ask(snapshot, "find 99999").numbers == ()


def test_shared_lists_the_shared_default_numbers(snapshot: Snapshot) -> None:
    listing = ask(snapshot, "shared")
    assert ids(listing) == ["s02", "s01"]
    assert all(n.shared for n in listing.numbers)
    assert listing.description == "shared default numbers"


def test_shared_combines_with_filters(snapshot: Snapshot) -> None:
    assert ids(ask(snapshot, "shared national")) == ["s01"]
    assert ids(ask(snapshot, "shared in amsterdam")) == ["s02"]


def test_account_listings_leave_shared_numbers_out(snapshot: Snapshot) -> None:
    assert not any(n.shared for n in ask(snapshot, "all").numbers)


def test_stats_count_total_types_and_top_localities(snapshot: Snapshot) -> None:
    stats = answer(question_for("stats", snapshot), snapshot, "NL")
    assert isinstance(stats, Stats)
    assert stats.total == 10
    assert stats.shared == 2
    assert stats.by_type == (
        TypeCount("local", 7, 4, 3),
        TypeCount("mobile", 2, 1, 1),
        TypeCount("national", 1, 0, 1),
    )
    assert stats.top_localities[:2] == (("Amsterdam", 3, 2), ("Den Haag", 2, 1))
    assert ("Zoëterwoude", 1, 1) in stats.top_localities


def test_stats_put_unknown_and_missing_types_after_the_documented_ones() -> None:
    records = [
        {"id": "a", "phone_number": "+31201230001", "number_type": "toll_free", "available": True},
        {"id": "b", "phone_number": "+31201230002", "number_type": None},
        {"id": "c", "phone_number": "+31201230003", "number_type": "mobile"},
    ]
    snapshot = make_snapshot(records, [])
    stats = answer(question_for("stats", snapshot), snapshot, "NL")
    assert isinstance(stats, Stats)
    assert [row.number_type for row in stats.by_type] == ["mobile", "toll_free", "untyped"]
    assert stats.top_localities == ()


def test_help_answers_with_help(snapshot: Snapshot) -> None:
    assert isinstance(answer(question_for("help", snapshot), snapshot, "NL"), Help)


def test_an_empty_account_lists_nothing_without_error() -> None:
    listing = ask(make_snapshot([], []), "available local")
    assert listing.numbers == ()
    assert listing.hint is None
