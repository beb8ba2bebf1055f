"""The fair worker queues: bounded, taking keys in turn, and delayed jobs that hold no thread."""

from __future__ import annotations

import threading

import pytest

from bot.ops.workers import FairWorkers, Limits
from handlers.delivery import MAX_RETRY_AFTER_SECONDS, SHORT_PAUSE_SECONDS, retry_after_seconds

WAIT = 5.0


def test_one_key_never_holds_more_than_its_share_of_threads() -> None:
    workers = FairWorkers("test", Limits(threads=4, queued=100, queued_per_key=100, running_per_key=2))
    release, running, other_ran = threading.Event(), threading.Semaphore(0), threading.Event()

    def hog() -> None:
        running.release()
        release.wait(WAIT)

    for _ in range(10):
        workers.submit("hog", hog)
    assert running.acquire(timeout=WAIT)
    assert running.acquire(timeout=WAIT)
    workers.submit("other", other_ran.set)
    assert other_ran.wait(WAIT), "another key waited behind the hog's backlog"
    assert not running.acquire(timeout=0.2), "the hog ran on more than its two threads"
    release.set()
    workers.stop()


def test_a_full_queue_drops_instead_of_blocking() -> None:
    workers = FairWorkers("test", Limits(threads=1, queued=3, queued_per_key=2, running_per_key=1))
    block = threading.Event()
    assert workers.submit("a", lambda: block.wait(WAIT), delay=60)
    assert workers.submit("a", lambda: None, delay=60)
    assert not workers.submit("a", lambda: None), "the key's share is full"
    assert workers.submit("b", lambda: None, delay=60)
    assert not workers.submit("c", lambda: None), "the whole queue is full"
    workers.stop()


def test_a_delayed_job_holds_no_thread_while_it_waits() -> None:
    workers = FairWorkers("test", Limits(threads=1, queued=10, queued_per_key=10, running_per_key=1))
    order: list[str] = []
    done = threading.Event()
    workers.submit("a", lambda: (order.append("later"), done.set()), delay=0.3)
    workers.submit("b", lambda: order.append("now"))
    assert done.wait(WAIT)
    assert order == ["now", "later"]
    workers.stop()


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("10", 10.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("nan", SHORT_PAUSE_SECONDS),
        ("-5", SHORT_PAUSE_SECONDS),
        ("inf", SHORT_PAUSE_SECONDS),
        ("soon", SHORT_PAUSE_SECONDS),
        ("Wed, 21 Oct 2015 07:28:00 GMT", SHORT_PAUSE_SECONDS),
        (None, SHORT_PAUSE_SECONDS),
        ("86400", MAX_RETRY_AFTER_SECONDS),
    ],
)
def test_retry_after_is_read_as_seconds_and_anything_else_is_a_short_pause(header: str | None, seconds: float) -> None:
    assert retry_after_seconds(header) == seconds


def test_start_starts_every_thread_once_before_any_job() -> None:
    workers = FairWorkers("test", Limits(threads=3, queued=10, queued_per_key=10, running_per_key=1))
    before = threading.active_count()
    workers.start()
    workers.start()
    try:
        assert threading.active_count() - before == 3
        done = threading.Event()
        workers.submit("a", done.set)
        assert done.wait(WAIT)
        assert threading.active_count() - before == 3, "the first job started no more threads"
    finally:
        workers.stop()


def test_a_stopped_pool_starts_no_threads() -> None:
    workers = FairWorkers("test", Limits(threads=3, queued=10, queued_per_key=10, running_per_key=1))
    workers.stop()
    before = threading.active_count()
    workers.start()
    assert threading.active_count() == before
