"""The outbox's sender: claims the due watch posts from the store and sends them through the channel pacer.

A post is marked sent right after Slack's 200; a 429 stores Slack's Retry-After as the post's next attempt; an HTTP
5xx or no connection is tried again with backoff (bot/inventory/outbox.py); a channel that refuses for good marks the
watch broken (its owner told, through the outbox too) and the post dead. Nothing waits in memory for long: a post
claimed here is either being sent or back in the store with the time of its next attempt.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from bot.answers.outbox import message_from, queued
from bot.answers.watches import Post, Watches
from bot.inventory.history import HistoryStore
from bot.inventory.outbox import DEAD, LEASE, PENDING, SENT, Attempt, ClaimedPost, Next, Outcome, after
from bot.inventory.store_health import HistoryUnavailable
from bot.ops.audit import AuditEntry, record
from handlers.pacing import ChannelPacer

log = logging.getLogger(__name__)

# With nothing due, the store is asked again this often (posts another replica stored, claims that ran out).
IDLE_SECONDS = 5.0
# Stopping (SIGTERM) waits at most this long for the posts being sent to be answered; the rest are left pending.
STOP_WAIT_SECONDS = 3.0


class OutboxSender:
    """One thread that claims due posts (renewing its claims while they are sent) and settles each attempt."""

    def __init__(
        self,
        store: HistoryStore,
        pacer: ChannelPacer,
        watches: Watches,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self._store = store
        self._pacer = pacer
        self._watches = watches
        self._now = now or (lambda: datetime.now(UTC))
        # Unique per process: a restarted process never mistakes a dead one's claims for its own.
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._in_flight: dict[int, ClaimedPost] = {}
        self._renewed = 0.0
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)

    def start(self) -> None:
        """Start sending (what the store holds from before a restart first)."""
        if not self._thread.is_alive() and not self._stopping.is_set():
            self._thread.start()

    def wake(self) -> None:
        """New posts were stored: look now, not at the next idle round."""
        self._wake.set()

    def stop(self, wait: float = STOP_WAIT_SECONDS) -> None:
        """Claim nothing more; wait (at most `wait` s) for the posts being sent, and give back the other claims."""
        self._stopping.set()
        self._wake.set()
        deadline = time.monotonic() + wait
        while self._sending() and time.monotonic() < deadline:
            time.sleep(0.05)  # the delivery threads settle them; nothing to wait on but their count
        try:
            released = self._store.release_claims(self.owner)
        except HistoryUnavailable as exc:
            log.warning("outbox: claims not given back (%s); they run out in %d s", exc, LEASE.seconds)
            return
        if released:
            log.info("outbox: %d unsent posts left pending for the next start", released)

    def _sending(self) -> int:
        with self._lock:
            return len(self._in_flight)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            wait = IDLE_SECONDS
            try:
                wait = self._round()
            except HistoryUnavailable as exc:  # the store says why on /healthz; posts wait in it
                log.info("outbox: cannot read the store: %s", exc)
            except Exception:
                log.exception("outbox round failed")
            self._wake.wait(wait)

    def _round(self) -> float:
        """Renew, claim and hand out; returns how long to sleep."""
        if self._sending() and time.monotonic() - self._renewed >= LEASE.total_seconds() / 3:
            self._store.renew_claims(self.owner)
            self._renewed = time.monotonic()
        if self._stopping.is_set():
            return 0
        due = self._store.next_post_due()  # a read: SQLite's write lock is taken only when something is due
        if due is not None and due <= self._now():
            claimed = self._store.claim_posts(self.owner)
            if claimed:
                self._renewed = time.monotonic()
            for post in claimed:
                self._send(post)
            due = self._store.next_post_due()
        wait = IDLE_SECONDS if due is None else (due - self._now()).total_seconds()
        if self._sending():
            wait = min(wait, LEASE.total_seconds() / 3)
        return min(max(wait, 0.05), IDLE_SECONDS)

    def _send(self, post: ClaimedPost) -> None:
        message = message_from(post.body)
        if message is None:
            self._store.settle_post(post, self.owner, Next(DEAD, error="unreadable"))
            return
        with self._lock:
            self._in_flight[post.id] = post
        self._pacer.post(post.channel, message, on_attempt=lambda attempt: self._attempted(post, attempt))

    def _attempted(self, post: ClaimedPost, attempt: Attempt) -> None:
        """On a delivery thread: store what comes next for the post, before anything else."""
        step = after(attempt, post, self._now())
        try:
            self._store.settle_post(post, self.owner, step)
        except HistoryUnavailable as exc:  # its claim runs out and it is tried again (sent twice, if it was sent)
            log.warning("outbox: post %d's %s not stored: %s", post.id, step.state, exc)
        finally:
            with self._lock:
                self._in_flight.pop(post.id, None)
        if step.state == SENT:
            _audit(post, "ok")
        elif step.state == DEAD:
            log.warning("outbox: post %d to %s given up: %s", post.id, post.channel, step.error[:80])
            _audit(post, "undelivered")
        elif step.state == PENDING and step.at is not None:
            wait = (step.at - self._now()).total_seconds()
            log.info("outbox: post %d to %s: %s; tried again in %.1f s", post.id, post.channel, step.error, wait)
        if attempt.outcome is Outcome.REFUSED:
            self._refused(post, attempt.error)
        self._wake.set()

    def _refused(self, post: ClaimedPost, error: str) -> None:
        """Mark the watch broken; its owner's notice goes through the outbox too."""
        message = message_from(post.body)
        if message is None:
            return
        try:
            notice = self._watches.refused(Post(post.channel, message, post.watch_id or 0), error)
            if notice is not None:
                self._store.enqueue_posts([queued(notice)])
        except HistoryUnavailable as exc:
            log.warning("outbox: the refused watch could not be marked broken: %s", exc)


def _audit(post: ClaimedPost, outcome: str) -> None:
    # GET /metrics counts these (numbers_watch_posts_total by outcome).
    record(AuditEntry("watch_delivery", None, post.channel, f"watch {post.watch_id}", outcome))
