"""Reading change questions: the period, in English and Dutch, and the words left for the filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.reading.question import Kind
from bot.reading.when import DEFAULT_PERIOD, canonical_period, read_change_question
from tests.unit.support import make_snapshot, question_for

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# 02:30 in Amsterdam (winter, UTC+1).
NOW = datetime(2026, 11, 28, 1, 30, tzinfo=UTC)


def since(text: str) -> datetime:
    """The start of the period `text` asks about."""
    asked = read_change_question(text, NOW, AMSTERDAM)
    assert asked is not None, text
    return asked.since


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("changes", NOW - DEFAULT_PERIOD),
        ("what changed in the last hour", NOW - timedelta(hours=1)),
        ("changes since 1h", NOW - timedelta(hours=1)),
        ("changes in the last 30 minutes", NOW - timedelta(minutes=30)),
        ("history last 2 days", NOW - timedelta(days=2)),
        ("wijzigingen afgelopen uur", NOW - timedelta(hours=1)),
        ("wijzigingen afgelopen 2 uur", NOW - timedelta(hours=2)),
        ("changes 3 hours ago", NOW - timedelta(hours=3)),
        # 14:00 in Amsterdam is 13:00 UTC; asked at 02:30 it means yesterday afternoon.
        ("changes since 14:00", datetime(2026, 11, 27, 13, 0, tzinfo=UTC)),
        ("sinds 01:15 gewijzigd", datetime(2026, 11, 28, 0, 15, tzinfo=UTC)),
        ("changes today", datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),
        ("wat is er vandaag veranderd", datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),
        ("wat is er veranderd sinds gisteren", datetime(2026, 11, 26, 23, 0, tzinfo=UTC)),
        ("changes since 2026-11-28T01:00:00Z", datetime(2026, 11, 28, 1, 0, tzinfo=UTC)),
        ("what changed since midnight", datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),
        ("wat is er veranderd sinds middernacht", datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),
        ("heeft iemand iets aangepast vannacht", datetime(2026, 11, 27, 17, 0, tzinfo=UTC)),
    ],
)
def test_the_period_is_read(text: str, expected: datetime) -> None:
    assert since(text) == expected


def test_yesterday_alone_ends_at_midnight() -> None:
    asked = read_change_question("changes yesterday", NOW, AMSTERDAM)
    assert asked is not None
    assert asked.until == datetime(2026, 11, 27, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("changes billing desk", "billing desk"),
        ("what changed in the last hour local amsterdam", "local amsterdam"),
        ("changes +31 20 123 4567", "+31 20 123 4567"),
        ("did anything change with our numbers?", "our numbers?"),
        ("wat is er veranderd sinds gisteren", ""),
    ],
)
def test_the_rest_is_left_for_the_filters(text: str, rest: str) -> None:
    asked = read_change_question(text, NOW, AMSTERDAM)
    assert asked is not None
    assert asked.rest == rest


@pytest.mark.parametrize(
    "text",
    [
        "available local amsterdam",
        "find 020 123 4567",
        "stats today",
        "",
        "van wie is 020 123 4567",
        "since",
        "sinds ede",
    ],
)
def test_questions_without_a_change_word_are_not_change_questions(text: str) -> None:
    assert read_change_question(text, NOW, AMSTERDAM) is None


def test_the_canonical_period_reads_back_the_same() -> None:
    start, end = datetime(2026, 11, 27, 13, 0, tzinfo=UTC), datetime(2026, 11, 27, 23, 0, tzinfo=UTC)
    asked = read_change_question(f"changes {canonical_period(start, end)}", NOW, AMSTERDAM)
    assert asked is not None
    assert (asked.since, asked.until) == (start, end)


def test_a_change_question_keeps_its_filters_and_its_canonical_form_parses_back() -> None:
    snapshot = make_snapshot()
    query = question_for("what changed in the last hour linked local in amsterdam", snapshot, now=NOW, tz=AMSTERDAM)
    assert query.kind is Kind.CHANGES
    # "linked" after a change word is the kind of change (issue 20), not the status "linked" it is in a listing.
    assert (query.change_kinds, query.status, query.number_type) == (("linked",), None, "local")
    assert query.places == ("Amsterdam",)
    again = question_for(query.canonical(), snapshot, now=NOW + timedelta(hours=5), tz=AMSTERDAM)
    assert again == query.model_copy(update={"since": query.since.replace(microsecond=0) if query.since else None})


def test_a_change_question_about_a_number_keeps_the_number() -> None:
    query = question_for("changes +31 20 123 4567", make_snapshot(), now=NOW, tz=AMSTERDAM)
    assert (query.kind, query.lookups) == (Kind.CHANGES, ("+31201234567",))


@pytest.mark.parametrize("text", ["changes since monday", "wijzigingen sinds maandag", "what changed on monday"])
def test_a_weekday_is_the_start_of_its_last_occurrence(text: str) -> None:
    asked = read_change_question(text, NOW, AMSTERDAM)
    assert asked is not None
    start = asked.since.astimezone(AMSTERDAM)
    assert (start.weekday(), start.hour, start.minute) == (0, 0, 0)
    assert timedelta(0) <= NOW - asked.since < timedelta(days=7)


@pytest.mark.parametrize(
    ("text", "kinds", "rest"),
    [
        ("changes unlinked", ("unlinked",), ""),
        ("changes linked", ("linked",), ""),
        ("what was removed today", ("removed",), ""),
        ("wat is verwijderd", ("removed",), ""),
        ("welke nummers zijn toegevoegd", ("added",), ""),
        ("wijzigingen ontkoppeld of omgekoppeld", ("unlinked", "relinked"), ""),
        ("what got unlinked in amsterdam", ("unlinked",), "in amsterdam"),
        ("changes linked to billing desk", (), "linked billing desk"),
        ("changes not linked", (), "not linked"),
    ],
)
def test_kind_words_ask_for_changes_of_that_kind_and_an_assistant_or_status_stays_a_filter(
    text: str, kinds: tuple[str, ...], rest: str
) -> None:
    asked = read_change_question(text, NOW, AMSTERDAM)
    assert asked is not None, text
    assert (asked.kinds, asked.rest) == (kinds, rest)


@pytest.mark.parametrize("text", ["which numbers are linked", "linked numbers", "welke nummers zijn gekoppeld"])
def test_a_link_state_without_a_change_word_or_past_tense_is_a_listing_not_a_change_question(text: str) -> None:
    assert read_change_question(text, NOW, AMSTERDAM) is None


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("changes 6 december", datetime(2026, 12, 6, 0, 0), datetime(2026, 12, 7, 0, 0)),
        ("wijzigingen 6 december", datetime(2026, 12, 6, 0, 0), datetime(2026, 12, 7, 0, 0)),
        ("changes december 6, 2025", datetime(2025, 12, 6, 0, 0), datetime(2025, 12, 7, 0, 0)),
        ("changes between 01:00 and 02:00", datetime(2026, 12, 7, 1, 0), datetime(2026, 12, 7, 2, 0)),
        ("wijzigingen tussen 22:00 en 02:00", datetime(2026, 12, 6, 22, 0), datetime(2026, 12, 7, 2, 0)),
        ("changes between 1am and 2am", datetime(2026, 12, 7, 1, 0), datetime(2026, 12, 7, 2, 0)),
        ("changes since 2pm", datetime(2026, 12, 6, 14, 0), None),
        ("wijzigingen sinds 14u", datetime(2026, 12, 6, 14, 0), None),
        # A period alone asks what changed in it.
        ("since 2pm", datetime(2026, 12, 6, 14, 0), None),
        ("sinds 14u", datetime(2026, 12, 6, 14, 0), None),
        ("Since 14:30", datetime(2026, 12, 6, 14, 30), None),
        ("between 01:00 and 02:00", datetime(2026, 12, 7, 1, 0), datetime(2026, 12, 7, 2, 0)),
        ("tussen 01:00 en 02:00", datetime(2026, 12, 7, 1, 0), datetime(2026, 12, 7, 2, 0)),
    ],
)
def test_absolute_days_clock_ranges_and_12_hour_times_are_read_in_the_teams_zone(
    text: str, since: datetime, until: datetime | None
) -> None:
    now = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # 05:00 in Amsterdam
    asked = read_change_question(text, now, AMSTERDAM)
    assert asked is not None, text
    local = (since.replace(tzinfo=AMSTERDAM), until.replace(tzinfo=AMSTERDAM) if until else None)
    assert (asked.since, asked.until) == local, text
    assert asked.rest == "", text


def test_a_day_still_to_come_this_year_means_last_years() -> None:
    asked = read_change_question("changes 31 december", datetime(2026, 12, 7, 4, 0, tzinfo=UTC), AMSTERDAM)
    assert asked is not None
    assert asked.since == datetime(2025, 12, 31, 0, 0, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    "text",
    [
        "is 020 123 4567 veranderd?",
        "is 020-1234567 veranderd?",
        "is 0201234567 changed?",
        "is +31201234567 changed?",
        "wat is er met 020-123 4567 gebeurd",
    ],
)
def test_a_number_before_the_change_word_asks_about_that_number_however_it_is_grouped(text: str) -> None:
    question = question_for(text, make_snapshot())
    assert question.kind is Kind.LOOKUP, question.canonical()
    assert question.lookups == ("+31201234567",)
    assert question.asks_history


def test_a_change_word_before_a_number_asks_for_that_numbers_changes() -> None:
    question = question_for("changes 020-1234567", make_snapshot())
    assert question.kind is Kind.CHANGES


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("chagnes since 2pm", "changes"),
        ("cahnges today", "changes"),
        ("wat is er verandert sinds 14u", "veranderd"),
        ("wijzigignen vandaag", "wijzigingen"),
    ],
)
def test_a_change_word_one_slip_off_is_read_and_the_correction_said(text: str, meant: str) -> None:
    question = question_for(text, make_snapshot())
    assert question.kind is Kind.CHANGES, question.canonical()
    assert (text.split()[0] if meant != "veranderd" else "verandert", meant) in question.corrections


@pytest.mark.parametrize("text", ["which numbers have charges", "numbers charged to billing", "any chances"])
def test_words_a_slip_from_a_change_word_that_are_words_themselves_are_no_change_question(text: str) -> None:
    assert read_change_question(text, NOW, AMSTERDAM) is None


# NOW is Saturday 28 November 2026, 02:30 in Amsterdam: this week began Monday 23 November (22 November 23:00 UTC).
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "wijzigingen vorige week",
            datetime(2026, 11, 15, 23, 0, tzinfo=UTC),
            datetime(2026, 11, 22, 23, 0, tzinfo=UTC),
        ),
        ("changes previous week", datetime(2026, 11, 15, 23, 0, tzinfo=UTC), datetime(2026, 11, 22, 23, 0, tzinfo=UTC)),
        # bare hours between two hours are clock hours: 01:00-02:00 in Amsterdam has begun at 02:30
        (
            "wijzigingen tussen 1 en 2",
            datetime(2026, 11, 28, 0, 0, tzinfo=UTC),
            datetime(2026, 11, 28, 1, 0, tzinfo=UTC),
        ),
        # 9 to 10 has not begun today at 02:30: yesterday's
        (
            "changes between 9 and 10",
            datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
            datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
        ),
        (
            "wat is er gewijzigd tussen 23 en 1",
            datetime(2026, 11, 27, 22, 0, tzinfo=UTC),
            datetime(2026, 11, 28, 0, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_previous_week_and_a_span_of_bare_hours_are_periods_with_an_end(
    text: str, start: datetime, end: datetime
) -> None:
    asked = read_change_question(text, NOW, AMSTERDAM)
    assert asked is not None
    assert (asked.since, asked.until, asked.rest) == (start, end, "")


def test_a_span_of_prefixes_is_no_span_of_hours() -> None:
    asked = read_change_question("changes between 020 and 030", NOW, AMSTERDAM)
    assert asked is not None
    assert (asked.since, asked.until) == (NOW - DEFAULT_PERIOD, None)


@pytest.mark.parametrize(
    ("text", "typed", "meant", "start"),
    [
        ("changes snce 14:00", "snce", "since", datetime(2026, 11, 27, 13, 0, tzinfo=UTC)),
        ("wat is er veranderd gistren", "gistren", "gisteren", datetime(2026, 11, 26, 23, 0, tzinfo=UTC)),
        ("changes yesterdy in ede", "yesterdy", "yesterday", datetime(2026, 11, 26, 23, 0, tzinfo=UTC)),
        ("wijzigingen vandag", "vandag", "vandaag", datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),
        ("changes in the last 3 hous", "hous", "hours", NOW - timedelta(hours=3)),
    ],
)
def test_a_period_word_typed_one_slip_off_is_read_and_said(text: str, typed: str, meant: str, start: datetime) -> None:
    asked = read_change_question(text, NOW, AMSTERDAM)
    assert asked is not None
    assert (asked.since, asked.corrections) == (start, ((typed, meant),))


@pytest.mark.parametrize("text", ["changes in sint maarten", "changes once more", "changes mobile care"])
def test_words_two_slips_from_a_period_word_stay_as_typed(text: str) -> None:
    asked = read_change_question(text, NOW, AMSTERDAM)
    assert asked is not None
    assert (asked.since, asked.corrections) == (NOW - DEFAULT_PERIOD, ())


# NOW is 02:30 on Saturday 28 November in Amsterdam.
@pytest.mark.parametrize(
    ("text", "start"),
    [
        # Dutch "sinds 8 uur" is eight o'clock, never eight hours; a bare hour after "since" is that hour
        ("wat is er sinds 2 uur veranderd", datetime(2026, 11, 28, 1, 0, tzinfo=UTC)),
        ("changes since 8", datetime(2026, 11, 27, 7, 0, tzinfo=UTC)),
        ("wijzigingen sinds vanmorgen 1 uur", datetime(2026, 11, 28, 0, 0, tzinfo=UTC)),
        ("changes since this morning at 1", datetime(2026, 11, 28, 0, 0, tzinfo=UTC)),
        # after "afgelopen"/"laatste", "24u" is 24 hours; "3 uur geleden" is three hours ago
        ("wijzigingen afgelopen 24u", NOW - timedelta(hours=24)),
        ("changes 3 uur geleden", NOW - timedelta(hours=3)),
        ("changes since 3 hours", NOW - timedelta(hours=3)),
        # Saturday 02:30: this weekend began at Saturday's midnight
        ("what changed over the weekend", datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),
        ("wijzigingen dit weekend", datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),
    ],
)
def test_clock_hours_durations_and_the_weekend_are_read_as_people_mean_them(text: str, start: datetime) -> None:
    assert since(text) == start


def test_a_weekend_that_is_over_ends_on_monday() -> None:
    tuesday = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    asked = read_change_question("changes over the weekend", tuesday, AMSTERDAM)
    assert asked is not None
    assert (asked.since, asked.until) == (
        datetime(2026, 11, 27, 23, 0, tzinfo=UTC),
        datetime(2026, 11, 29, 23, 0, tzinfo=UTC),
    )


def test_a_prefix_after_from_is_no_clock_hour() -> None:
    asked = read_change_question("changes van 020", NOW, AMSTERDAM)
    assert asked is not None
    assert (asked.since, asked.rest) == (NOW - DEFAULT_PERIOD, "van 020")
