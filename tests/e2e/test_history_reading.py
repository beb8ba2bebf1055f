"""History read like an audit log through the real `app.py`, on SQLite and PostgreSQL: filters by kind, days, clock
ranges and 'since' in English and Dutch find exactly the changes that happened (the filters run in the store)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.helpers import all_text, shown_numbers
from tests.e2e.test_history import POLLING, answer, eventually, make_changes, readings_seen
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import SlackFake

ZONE = ZoneInfo("Europe/Amsterdam")  # TIMEZONE's default: days and clock times are read in it
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A one-page account, read every second."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def test_changes_are_found_by_kind_day_clock_range_and_since_in_english_and_dutch(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = start_app({**POLLING, **store_env})
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    started = datetime.now(ZONE)
    changed = make_changes(flireo)
    by_kind = {words: number for number, words in changed.items()}
    every = sorted(changed)
    eventually(lambda: len(shown_numbers(answer(app, slack, "changes"))) == 4, what="the changes to be recorded")
    ended = datetime.now(ZONE)
    if started.date() != (ended + timedelta(minutes=2)).date():
        pytest.skip("the changes straddle midnight in Europe/Amsterdam: 'today' and clock ranges would split them")

    found = lambda text: sorted(shown_numbers(answer(app, slack, text)))  # noqa: E731
    # Before: 'changes unlinked' listed available numbers; 'what was removed today' and 'sinds 14u' were asked back.
    assert found("changes unlinked") == [by_kind["unlinked from"]]
    assert found("what was removed today") == [by_kind["removed"]]
    assert found("wat is verwijderd") == [by_kind["removed"]]
    assert found(f"changes {ended.day} {MONTHS[ended.month - 1]}") == every
    assert found(f"changes {(ended - timedelta(days=2)).day} {MONTHS[(ended - timedelta(days=2)).month - 1]}") == []
    start, end = started - timedelta(minutes=1), ended + timedelta(minutes=2)
    assert found(f"changes between {start:%H:%M} and {end:%H:%M}") == every
    assert found(f"wijzigingen sinds {start.hour}u") == every
    hour = start.hour % 12 or 12
    assert found(f"changes since {hour}{'am' if start.hour < 12 else 'pm'}") == every
    summary = all_text(answer(app, slack, "changes"))
    assert "4 found (1 added, 1 removed, 1 unlinked, 1 relinked)" in summary, "the count by kind leads"
