"""A number that stopped flipping more than an hour ago is posted as usual again, through the real `app.py`, on
SQLite and PostgreSQL; one still flipping within the hour stays damped.

Waiting an hour is not needed: the store is seeded first with three hours of readings at the default POLL_SECONDS
(tests/e2e/seeding.py: read from the fake Flireo by the bot's own client, stored through the store's own `record`,
dated when they would have been read). That is the history the bot itself would have left had it run then; the
app started on it reads on, and whether a number flaps is worked out from those stored changes.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.e2e.seeding import past_readings
from tests.e2e.test_flapping import posted
from tests.e2e.test_history import POLLING, WATCH_CHANNEL, answer, eventually, readings_seen
from tests.fakes.flireo import FlireoFake
from tests.fakes.slack import SlackFake

# The seeded past: a reading every 5 minutes (the default POLL_SECONDS of 300) for 3 hours, the last 5 minutes ago.
SEED_POLL = timedelta(minutes=5)
SEED_READINGS = 36
# The settled number flipped at each of the first 22 readings after the first (the last of them 70 minutes ago);
# the flapping one at every reading from the 2nd to the last (34 flips, 12 of them in the last hour). Both flipped
# an even number of times, so the last seeded reading is the account as it is now.
SETTLED_FLIPS = range(1, 23)
FLAPPING_FLIPS = range(2, SEED_READINGS)


def flipped(record: dict[str, Any], assistant: dict[str, Any]) -> None:
    """Turn a number the other way: linked → free, free → linked to `assistant` (someone relinking it, again)."""
    linked = record["linked_assistant"] is not None
    record.update(linked_assistant=None if linked else copy.deepcopy(assistant), available=linked)


def seed_history(flireo: FlireoFake, env: dict[str, str], settled: str, flapping: str, now: datetime) -> None:
    """Three hours of readings, the two numbers flipping in them, stored as the bot would have stored them then."""
    records, now_records = flireo.numbers, flireo.numbers
    with past_readings(flireo, env, SEED_POLL.total_seconds()) as store_reading:
        for i in range(SEED_READINGS):
            for number_id in [settled] * (i in SETTLED_FLIPS) + [flapping] * (i in FLAPPING_FLIPS):
                record = next(r for r in records if r["id"] == number_id)
                flipped(record, next(r for r in now_records if r["id"] == number_id)["linked_assistant"])
            flireo.set_numbers(records)
            store_reading(now - (SEED_READINGS - i) * SEED_POLL)
    assert records == now_records, "the last seeded reading is the account as it is now"


def test_a_number_that_stopped_flipping_an_hour_ago_is_posted_as_usual_and_one_still_flipping_stays_damped(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**POLLING, "DATA_DIR": str(tmp_path / "data"), **store_env}
    linked = [r for r in flireo.numbers if r["linked_assistant"]]
    settled, flapping = linked[0], linked[1]
    seed_history(flireo, env, settled["id"], flapping["id"], datetime.now(UTC))
    seeded = readings_seen(flireo)

    app = start_app(env)
    eventually(lambda: readings_seen(flireo) > seeded, what="the app's first reading")
    assert "I'll post every change" in str(answer(app, slack, "watch", channel=WATCH_CHANNEL))

    records = flireo.numbers  # both numbers change once more, in one reading
    for record in records:
        if record["id"] in (settled["id"], flapping["id"]):
            flipped(record, record["linked_assistant"])
    flireo.set_numbers(records)

    eventually(lambda: posted(slack)[0] >= 1, timeout=30, what="the settled number's post")
    one_by_one, summaries, text = posted(slack)
    assert (one_by_one, summaries) == (1, 0), text
    assert settled["phone_number"][-4:] in text, f"the settled number's change is posted as usual:\n{text}"
    assert flapping["phone_number"][-4:] not in text, f"12 changes in the last hour: still damped:\n{text}"
