"""The one watchdog thread that ends a Flireo read still going at its deadline (bot/flireo/transfer.py)."""

from __future__ import annotations

import socket
import time

from bot.flireo.transfer import Watchdog


def test_a_read_still_blocked_at_its_deadline_is_cut_and_a_released_one_is_left_alone() -> None:
    watchdog = Watchdog()
    kept, kept_peer = socket.socketpair()
    blocked, blocked_peer = socket.socketpair()
    with kept, kept_peer, blocked, blocked_peer:
        blocked.settimeout(5.0)  # a safety net for the test: the cut must come far sooner
        now = time.monotonic()
        watchdog.release(watchdog.watch(kept, now + 0.05))
        watchdog.watch(blocked, now + 0.1)
        started = time.monotonic()
        assert blocked.recv(1) == b"", "the blocked read ends with the socket shut down"
        assert time.monotonic() - started < 2.0
        kept_peer.sendall(b"x")  # its deadline has passed too, but it was released before: still open
        assert kept.recv(1) == b"x"
