"""CSV exports, watch posts waiting for Slack and broken watches read in Dutch, with no English word left (#23)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import Language, in_language
from bot.inventory.history import Watch
from bot.inventory.outbox import OutboxStatus
from bot.replies import export_views
from bot.replies.export_views import (
    NO_CHANNEL,
    export_comment,
    export_note,
    file_too_large,
    notice,
    upload_refused,
)
from bot.replies.views import Message
from bot.replies.watch_views import render_watch_broken_notice, render_watches, waiting_line
from tests.unit.dutch_words import english_left, message_texts

SINCE = datetime(2026, 1, 14, 14, 2, tzinfo=UTC)
UNTIL = datetime(2026, 1, 15, 14, 2, tzinfo=UTC)
NAMES = ["Billing Desk"]


def text_of(message: Message) -> str:
    return "\n".join(message_texts(message))


def dutch(render: Callable[[], str]) -> Message:
    """A sentence rendered in Dutch, as the notice the asker reads, after checking no English word is left."""
    with in_language(Language.NL):
        message = notice(render())
    assert english_left(message, NAMES) == [], text_of(message)
    return message


@pytest.mark.parametrize(
    ("render", "expected"),
    [
        (lambda: export_note(0, "nummers van Billing Desk", 100_000), "Niets te exporteren"),
        (lambda: export_note(1, "nummers", 100_000), "Ik exporteer 1 wijziging als CSV-bestand"),
        (lambda: export_note(2, "nummers", 100_000), "Ik exporteer 2 wijzigingen als CSV-bestand"),
        (lambda: export_note(5_500, "nummers", 100_000), "Ik exporteer 5.500 wijzigingen"),
        (lambda: export_note(150_000, "nummers", 100_000), "150.000 wijzigingen zijn meer dan ik in één bestand"),
        (lambda: export_comment(1, "vrije nummers", SINCE, UNTIL), "CSV-export: 1 wijziging aan vrije nummers van"),
        (lambda: export_comment(5_500, "nummers", SINCE, UNTIL), "CSV-export: 5.500 wijzigingen aan nummers van"),
        (lambda: file_too_large(1_500 * 1024**2), "1.500 MB"),
        (lambda: upload_refused("missing_scope"), "`files:write`"),
        (lambda: upload_refused("not_in_channel"), "`/invite @numbers`"),
        (lambda: upload_refused("channel_not_found"), "`/invite @numbers`"),
        (lambda: upload_refused("ratelimited"), "ratelimited"),
        (lambda: export_views._(NO_CHANNEL), "kanaal"),
    ],
)
def test_what_a_dutch_export_tells_the_asker_is_dutch(render: Callable[[], str], expected: str) -> None:
    assert expected in text_of(dutch(render))


def test_the_same_export_note_in_english_stays_english() -> None:
    assert export_note(5_500, "numbers", 100_000).startswith("Exporting 5,500 changes as a CSV file")


@pytest.mark.parametrize(
    ("waiting", "expected"),
    [
        (OutboxStatus(pending=1, oldest_pending=UNTIL), "1 bericht wacht"),
        (OutboxStatus(pending=2, oldest_pending=UNTIL, last_error="ratelimited"), "2 berichten wachten"),
        (OutboxStatus(pending=1_200, oldest_pending=UNTIL, last_error="http_503"), "1.200 berichten"),
        (OutboxStatus(pending=3, oldest_pending=UNTIL, last_error="timeout"), "(`timeout`)"),
        (OutboxStatus(dead=1), "1 bericht"),
        (OutboxStatus(dead=2), "2 berichten"),
    ],
)
def test_posts_waiting_for_slack_are_said_in_dutch(waiting: OutboxStatus, expected: str) -> None:
    watches = [Watch(1, "C1", "linked", language=Language.NL)]
    with in_language(Language.NL):
        message = render_watches(watches, waiting)
        line = waiting_line(waiting)
    assert line is not None
    assert expected in line, line
    assert english_left(message, NAMES) == [], text_of(message)


@pytest.mark.parametrize("error", ["not_in_channel", "is_archived", "channel_not_found", "account_inactive"])
def test_a_broken_watch_is_said_in_dutch_in_the_list_and_to_whoever_set_it(error: str) -> None:
    watch = Watch(2, "C1", 'linked assistant:"Billing Desk"', language=Language.NL, broken=error)
    with in_language(Language.NL):
        listed = render_watches([watch])
        told = render_watch_broken_notice(watch, error)
    assert "*kapot*" in text_of(listed), text_of(listed)
    assert "Je bewaking 2 in <#C1>" in text_of(told), text_of(told)
    assert english_left(listed, NAMES) == [], text_of(listed)
    assert english_left(told, NAMES) == [], text_of(told)


def test_a_post_waiting_since_yesterday_says_the_day_as_a_slack_date() -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    with in_language(Language.NL):
        line = waiting_line(OutboxStatus(pending=2, oldest_pending=yesterday))
    assert line is not None
    assert "<!date^" in line, "Slack writes the date in each reader's own locale"
