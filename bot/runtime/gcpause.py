"""Keeps Python's cyclic garbage collector out of building a snapshot (issue 14).

Parsing and indexing allocate hundreds of thousands of small objects, none of them garbage: the collector kept
scanning them while they were made (parsing 100,000 records took 0.82 s with it, 0.36 s without, on the bench
machine). Records hold no reference cycles, so reference counting frees an old snapshot's objects either way.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_paused_by_us = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic collector off (nesting and threads allowed); it is back on afterwards."""
    global _pauses, _paused_by_us
    with _lock:
        if _pauses == 0:
            _paused_by_us = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _paused_by_us:
                gc.enable()


# gc.freeze also takes in cyclic garbage not yet collected, which then stays: a couple of httpx responses (with their
# page of JSON) per refresh, seen in the bench. Every this many settles, the frozen objects are collected once
# (one full collection an hour at one refresh a minute: ~100-200 ms at 100,000 numbers, ~10 ms at 10,000).
SWEEP_EVERY_SETTLES = 60
_settles = 0


def settle_long_lived() -> None:
    """Move every object alive now out of the collector's sight (`gc.freeze`): a built snapshot is never garbage.

    Later collections then scan only what is new, so answers and the next build do not pay for the last one.
    """
    global _settles
    with _lock:
        _settles += 1
        sweep = _settles % SWEEP_EVERY_SETTLES == 0
    if sweep:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


# A full collection scans every object not frozen: during a refresh that is the half-built snapshot, 30-100 ms each
# and several per refresh at 100,000 numbers (seen with gc.callbacks in bench/scale_probe.py), all while answers
# wait for the GIL. Python runs one every 10 collections of the middle generation; every 100 keeps them rare (one
# per ~700,000 new tracked objects) while young garbage is collected as often as before. Measured at 100,000: no
# full collection during a refresh, the same memory.
FULL_COLLECTION_EVERY = 100


def make_full_collections_rare() -> None:
    """Raise the collector's third threshold (call once at start-up)."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def start_up_done() -> None:
    """Start-up ran with the collector off (app.py): what it made lives as long as the process, so it is frozen out
    of the collector's sight, and the collector comes back on (unless a `paused_gc` block is under way)."""
    global _paused_by_us
    settle_long_lived()
    make_full_collections_rare()
    with _lock:
        if _pauses == 0:
            gc.enable()
        else:
            _paused_by_us = True  # the last pause to end turns it on
