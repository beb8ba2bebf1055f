"""Flapping through the real `app.py`: a number flipping every poll gets one summary post, across a restart and
across replicas, because whether it flaps is read from its stored changes (SQLite or PostgreSQL), not memory."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import AppProcess
from tests.e2e.test_history import (
    POLLING,
    WATCH_CHANNEL,
    add_sentinel,
    answer,
    eventually,
    posts_in,
    readings_seen,
    wait_for_readings,
)
from tests.e2e.test_replicas import RedisServer
from tests.e2e.test_watch_outbox import outbox_rows
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import ApiCall, SlackFake

# bot/answers/flapping.py: 3 changes an hour are posted one by one, the 4th is a summary, then nothing.
ONE_BY_ONE = 3


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A one-page account, read every second."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def posted(slack: SlackFake) -> tuple[int, int, str]:
    """What the watch channel was told: changes posted one by one, 'keeps flipping' summaries, and all the text."""
    text = "\n".join(
        block["text"]["text"]
        for call in posts_in(slack, WATCH_CHANNEL)
        for block in call.body.get("blocks", [])
        if block["type"] == "section"
    )
    summaries = text.count("keeps flipping")
    headed = sum(int(count) for count in re.findall(r"Watch \d+: (\d+) changes? to", text))
    return headed - summaries, summaries, text


def start_flipping(flireo: FlireoFake) -> str:
    """A linked number starts flipping at each reading; returns its E.164."""
    record = next(r for r in flireo.numbers if r["linked_assistant"])
    flireo.flip_every_reading(record["id"])
    return str(record["phone_number"])


def until_summarised(slack: SlackFake, flireo: FlireoFake) -> None:
    """Until the flipping number's summary is posted, then a few more flips (which must post nothing)."""
    eventually(lambda: posted(slack)[1] >= 1, timeout=30, what="the summary of a flipping number")
    wait_for_readings(flireo, 3)


def after_a_sentinel(slack: SlackFake, flireo: FlireoFake) -> tuple[int, int, str]:
    """Add a number; once its post is in, every earlier reading has been posted about: what was posted."""
    sentinel = add_sentinel(flireo)
    eventually(lambda: sentinel in posted(slack)[2], timeout=30, what="the sentinel's post")
    return posted(slack)


def test_a_number_flipping_every_poll_gets_one_summary_and_a_restart_in_the_middle_posts_nothing_more(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = start_app({**POLLING, **store_env})
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    assert "I'll post every change" in str(answer(app, slack, "watch", channel=WATCH_CHANNEL))
    number = start_flipping(flireo)
    until_summarised(slack, flireo)
    one_by_one, summaries, text = posted(slack)
    assert (one_by_one, summaries) == (ONE_BY_ONE, 1), text
    assert number[-4:] in text

    app.stop()  # before: the damping lived in memory, so the restarted bot posted 3 changes and a summary again
    again = start_app({**POLLING, **store_env})
    wait_for_readings(flireo, 4)
    assert again.get("/healthz")[0] == 200
    one_by_one, summaries, text = after_a_sentinel(slack, flireo)
    assert (one_by_one, summaries) == (ONE_BY_ONE + 1, 1), f"only the sentinel is new:\n{text}"


def test_two_replicas_post_one_summary_for_a_number_flipping_every_poll(
    start_app, slack: SlackFake, flireo: FlireoFake, database_url: str, tmp_path: Path
) -> None:
    redis = RedisServer(tmp_path)
    try:
        env = {**POLLING, "REDIS_URL": redis.url, "DATABASE_URL": database_url}

        def start(i: int) -> AppProcess:
            return start_app({**env, "DATA_DIR": str(tmp_path / f"d{i}")})

        with ThreadPoolExecutor(2) as pool:
            apps = list(pool.map(start, range(2)))
        eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
        answer(apps[1], slack, "watch", channel=WATCH_CHANNEL)
        start_flipping(flireo)
        until_summarised(slack, flireo)
        wait_for_readings(flireo, 4)  # whichever replica reads, a reading is recorded and posted once
        one_by_one, summaries, text = after_a_sentinel(slack, flireo)
        assert (one_by_one, summaries) == (ONE_BY_ONE + 1, 1), text
    finally:
        redis.stop()


def flip_once(flireo: FlireoFake, number_id: str, assistant: dict[str, Any]) -> None:
    """One change: the number linked → free, or free → linked to `assistant`."""
    records = flireo.numbers
    record = next(r for r in records if r["id"] == number_id)
    linked = record["linked_assistant"] is not None
    record.update(linked_assistant=None if linked else copy.deepcopy(assistant), available=linked)
    flireo.set_numbers(records)


def call_text(call: ApiCall) -> str:
    """A post's section text."""
    return "\n".join(b["text"]["text"] for b in call.body.get("blocks", []) if b["type"] == "section")


def test_a_dutch_watch_summarises_a_flipping_number_in_dutch_and_a_429_on_the_summary_sends_it_again_once(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**POLLING, "DATA_DIR": str(tmp_path / "data"), **store_env}
    app = start_app(env)
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    assert "ik post elke wijziging" in str(answer(app, slack, "volg", channel=WATCH_CHANNEL))
    record = next(r for r in flireo.numbers if r["linked_assistant"])
    for done in range(1, ONE_BY_ONE + 1):  # one change a reading, each posted before the next
        flip_once(flireo, record["id"], record["linked_assistant"])
        eventually(lambda: sum(c.ok for c in posts_in(slack, WATCH_CHANNEL)) >= done, what=f"post {done}")  # noqa: B023

    slack.rate_limit_next("chat.postMessage", 1, retry_after=1)  # Slack's 429 for the summary's first attempt
    flip_once(flireo, record["id"], record["linked_assistant"])

    def summaries() -> list[ApiCall]:
        return [c for c in posts_in(slack, WATCH_CHANNEL) if "blijft wisselen" in call_text(c)]

    eventually(lambda: any(c.ok for c in summaries()), timeout=30, what="the summary, sent again after the 429")
    tries = summaries()
    assert [c.status for c in tries] == [429, 200], "refused once, sent again once"
    assert tries[1].time - tries[0].time >= 0.9, "the post waited Slack's Retry-After of 1 s"
    summary = call_text(tries[1])
    assert record["phone_number"][-4:] in summary
    assert "4 wijzigingen in het afgelopen uur" in summary, summary
    text = "\n".join(call_text(c) for c in posts_in(slack, WATCH_CHANNEL))
    assert "Bewaking 1: 1 wijziging aan" in text
    assert "keeps flipping" not in text, text
    assert "Watch 1" not in text, text
    *_, row = outbox_rows(env)  # the summary went through the durable outbox: stored, refused once, sent
    assert "blijft wisselen" in row.body
    assert (row.state, row.attempts) == ("sent", 2)
