"""Records kept compact (shared field sets, assistants and strings) and built with the cyclic collector paused."""

from __future__ import annotations

import copy
import gc
import threading
import weakref

import pytest

from bot.flireo.models import PhoneNumber
from bot.flireo.pages import parse_numbers
from bot.runtime import gcpause
from bot.runtime.gcpause import FULL_COLLECTION_EVERY, make_full_collections_rare, paused_gc, settle_long_lived
from tests.unit.support import RECORDS


def test_records_given_the_same_fields_share_one_set_of_them() -> None:
    numbers, _ = parse_numbers([*RECORDS, *RECORDS])
    assert numbers[0].model_fields_set is numbers[len(RECORDS)].model_fields_set
    assert numbers[0].model_fields_set == set(RECORDS[0])


def test_a_shared_set_of_fields_refuses_changes_but_copies_and_dumps_as_before() -> None:
    number = PhoneNumber.model_validate(RECORDS[1])
    with pytest.raises(TypeError):
        number.model_fields_set.add("shared")
    changed = number.model_copy(update={"available": False})
    assert "available" in changed.model_fields_set
    assert changed.available is False
    assert copy.deepcopy(number) == number
    assert number.model_dump(exclude_unset=True) == RECORDS[1]


def test_the_same_assistant_and_locality_are_held_once() -> None:
    linked = [r for r in RECORDS if r.get("linked_assistant")]
    first, second = (parse_numbers([linked[0]])[0][0] for _ in range(2))
    assert first.linked_assistant is second.linked_assistant
    assert first.locality is second.locality
    assert first.number_type is second.number_type


def test_the_collector_is_off_while_paused_and_back_on_after_nested_pauses() -> None:
    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_in_another_thread_keeps_the_collector_off_until_both_end() -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with paused_gc():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with paused_gc():
        pass
    still_off = not gc.isenabled()
    release.set()
    thread.join(5)
    assert still_off
    assert gc.isenabled()


def test_a_collector_someone_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_was_built_is_out_of_the_collectors_sight_once_settled() -> None:
    with paused_gc():
        built, _ = parse_numbers(RECORDS[:1])
    settle_long_lived()
    plain, _ = parse_numbers(RECORDS[:1])
    scanned = gc.get_objects()  # every generation the collector scans, not the frozen objects
    assert not any(thing is built[0] for thing in scanned)
    assert any(thing is plain[0] for thing in scanned)


def test_full_collections_are_made_rare_and_young_ones_left_alone() -> None:
    before = gc.get_threshold()
    try:
        make_full_collections_rare()
        assert gc.get_threshold() == (before[0], before[1], FULL_COLLECTION_EVERY)
    finally:
        gc.set_threshold(*before)


class Cycle:
    """An object that refers to itself: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_cyclic_garbage_a_settle_froze_is_collected_by_a_later_sweep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gcpause, "SWEEP_EVERY_SETTLES", 2)
    monkeypatch.setattr(gcpause, "_settles", 0)
    with paused_gc():
        garbage = weakref.ref(Cycle())
        settle_long_lived()
    gc.collect()
    assert garbage() is not None, "frozen: out of the collector's sight"
    settle_long_lived()
    assert garbage() is None, "the second settle swept the frozen objects"
