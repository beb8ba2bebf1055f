"""The client-side request budget (SPEC §5): a moving one-minute window that lets a burst go at once."""

from __future__ import annotations

import threading

from bot.flireo.budget import WINDOW_SECONDS, RequestBudget
from tests.unit.support import FakeClock


def test_a_burst_up_to_the_budget_goes_at_once(clock: FakeClock) -> None:
    budget = RequestBudget(20, clock=clock)
    assert [budget.try_acquire(0) for _ in range(20)] == [0.0] * 20
    assert budget.used() == 20


def test_beyond_the_budget_try_acquire_returns_the_wait(clock: FakeClock) -> None:
    budget = RequestBudget(3, clock=clock)
    for _ in range(3):
        budget.try_acquire(0)
        clock.advance(10)
    # The oldest request went out 30 s ago; it leaves the window in another 30 s.
    assert budget.try_acquire(0) == 30.0
    assert budget.wait_seconds() == 30.0
    assert budget.used() == 3


def test_a_refused_request_takes_no_slot(clock: FakeClock) -> None:
    budget = RequestBudget(1, clock=clock)
    budget.try_acquire(0)
    budget.try_acquire(0)
    budget.try_acquire(0)
    clock.advance(WINDOW_SECONDS)
    assert budget.try_acquire(0) == 0.0


def test_the_window_moves(clock: FakeClock) -> None:
    budget = RequestBudget(2, clock=clock)
    budget.try_acquire(0)
    clock.advance(30)
    budget.try_acquire(0)
    assert budget.try_acquire(0) > 0
    clock.advance(30)  # the first request is now a minute old
    assert budget.used() == 1
    assert budget.try_acquire(0) == 0.0
    assert budget.try_acquire(0) == 30.0
    clock.advance(30)
    assert budget.wait_seconds() == 0.0


def test_an_unused_budget_needs_no_wait(clock: FakeClock) -> None:
    budget = RequestBudget(60, clock=clock)
    assert budget.wait_seconds() == 0.0
    assert budget.used() == 0


def test_a_wait_longer_than_max_wait_returns_at_once() -> None:
    # Real clock: the one slot frees after a minute, far beyond max_wait, so this does not wait for it.
    budget = RequestBudget(1)
    assert budget.try_acquire(0) == 0.0
    assert budget.try_acquire(0.01) > 59


def test_concurrent_callers_never_exceed_the_budget(clock: FakeClock) -> None:
    budget = RequestBudget(10, clock=clock)
    start = threading.Barrier(30, timeout=5)
    granted: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        start.wait()
        result = budget.try_acquire(0)
        with lock:
            granted.append(result)

    threads = [threading.Thread(target=take) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert granted.count(0.0) == 10
    assert len(granted) == 30
