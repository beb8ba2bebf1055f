"""After each reading this process fetched: store it and its changes, then hand what the watches post to Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from bot.answers.outbox import queued
from bot.answers.watches import Watches
from bot.i18n.translator import Text
from bot.inventory.cache import InventoryCache
from bot.inventory.history import HistoryStore
from bot.inventory.snapshot import Snapshot, SnapshotRecord
from bot.inventory.store_health import HistoryUnavailable

log = logging.getLogger(__name__)

RESTORED_NOTICE = Text("saved before the bot restarted; fetching fresh data")


class HistoryRecorder:
    """Keeps the history of the snapshots this process fetched (not adopted: each change is written once).

    Runs on its own thread, in order, so neither the fetch nor a user waits on the store or on Slack.
    """

    def __init__(self, store: HistoryStore) -> None:
        self.store = store
        self.watches: Watches | None = None
        # Set by the Slack layer (it wakes the outbox's sender); without it (console, `ask`) changes are stored but
        # no watch is evaluated.
        self.outbox_ready: Callable[[], None] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history")
        self._latest: Future[None] | None = None

    def after_fetch(self, snapshot: Snapshot) -> None:
        """The cache's install hook: record the snapshot in the background."""
        self._latest = self._thread.submit(self._record_logged, snapshot)

    def caught_up(self, timeout: float) -> bool:
        """Wait (at most `timeout` s) until the latest reading installed is recorded: a card's history must not
        lag the card itself. False when it is still being written."""
        latest = self._latest
        if latest is None:
            return True
        try:
            latest.result(timeout)
        except FutureTimeout:
            return False
        return True

    def restore(self, cache: InventoryCache) -> bool:
        """Serve the last stored snapshot at once after a restart, marked with its age, until a fresh one arrives."""
        record = self.store.last_snapshot()
        if record is None:
            return False
        snapshot = record.snapshot()
        cache.seed(snapshot.with_notice(RESTORED_NOTICE))
        log.info("serving the inventory stored at %s until a fresh one is fetched", record.fetched_at.isoformat())
        return True

    def close(self) -> None:
        """Finish the reading being recorded, then stop."""
        self._thread.shutdown(wait=True, cancel_futures=True)

    def _record_logged(self, snapshot: Snapshot) -> None:
        try:
            self.record(snapshot)
        except HistoryUnavailable as exc:  # the store logged and remembers it; replies and /healthz say so
            log.info("reading not recorded: %s", exc)
        except Exception:
            log.exception("recording the inventory's history failed")

    def record(self, snapshot: Snapshot) -> None:
        """Store a reading and its changes; post what the watches say about it."""
        record = SnapshotRecord.of(snapshot)
        changes = self.store.record(record)
        if changes:
            log.info("inventory changes detected: %d", len(changes))
        if self.watches is None or self.outbox_ready is None:
            return
        # Stored before anything is sent, on this thread; the sender's thread talks to Slack, so the next reading
        # is recorded on time whatever Slack answers (issue 20: a change showed after 18 s behind a Retry-After).
        posts = self.watches.posts_for(snapshot, changes)
        if not posts:
            return
        try:
            self.store.enqueue_posts([queued(post) for post in posts])
        except HistoryUnavailable as exc:  # the reading is recorded; only these posts are lost, and said so
            log.warning("%d watch posts could not be stored to send: %s", len(posts), exc)
            return
        self.outbox_ready()
