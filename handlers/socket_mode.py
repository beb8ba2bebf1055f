"""Socket Mode that never goes quiet and stays inside Slack's limits.

Measured on a loopback fake (`python -m bench.socket_mode`), slack_sdk's built-in client acked 2.7 s late after
a `disconnect` and had no connection 5 s after a close, a TCP reset or a restart. This runner keeps `connections`
websockets (websocket-client) open at once, so one carries while another reconnects, and replaces any that
closes, is asked to go, or stays silent past two ping intervals.

Slack allows 10 connections per app and answers more with `too_many_websockets`, so never more than `connections`
are open at any moment, replacements included: a connection asked to go is closed (one at a time, while the others
carry) before its replacement opens, with the replacement's URL fetched first. With REDIS_URL every websocket also
holds a lease on one of Slack's 10 slots (handlers.socket_slots), so replicas share them.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from typing import Any

import websocket
from slack_bolt import App
from slack_sdk.errors import SlackApiError

from handlers.socket_cap import ConnectionCap
from handlers.socket_connection import Connection, close_code, connect, describe
from handlers.socket_envelopes import MAX_ENVELOPE_BYTES, Envelopes
from handlers.socket_opener import LINK_DISABLED, Opener
from handlers.socket_slots import LEASE_RENEW_SECONDS, SLACK_MAX_CONNECTIONS, SharedSlots

log = logging.getLogger(__name__)

MAX_CONNECTIONS = SLACK_MAX_CONNECTIONS
# Reconnect at once the first time, then back off (with jitter) while Slack keeps refusing.
FIRST_BACKOFF_SECONDS = 0.2
MAX_BACKOFF_SECONDS = 30.0
# A replacement that has not said hello by then no longer holds up the next connection's handoff.
HANDOFF_WAIT_SECONDS = 10.0
# Slack says hello right after the handshake; a connection without one by then is replaced.
HELLO_TIMEOUT_SECONDS = 10.0
# Slack answers our close frame at once; a connection that does not within this is cut.
CLOSE_WAIT_SECONDS = 2.0


class SocketModeRunner:
    """Keeps up to `connections` Socket Mode connections alive and dispatches their envelopes to the Bolt app."""

    def __init__(
        self,
        app: App,
        opener: Opener,
        *,
        connections: int = 2,
        ping_seconds: float = 2.5,
        slots: SharedSlots | None = None,
    ) -> None:
        self.opener = opener
        self.wanted = max(1, min(connections, MAX_CONNECTIONS))
        self.ping_seconds = ping_seconds
        self.reconnects = 0
        self.last_reconnect_reason: str | None = None
        self.envelopes = Envelopes(app)
        self.cap = ConnectionCap(self.wanted, slots)
        self._renews = slots is not None
        self._live: set[Connection] = set()
        self._lock = threading.Lock()
        self._handoff = threading.Lock()  # one connection changes hands at a time
        self._handoff_urls: dict[int, str] = {}
        self._up = {slot: threading.Event() for slot in range(1, self.wanted + 1)}
        self._stopping = threading.Event()

    # lifecycle --------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Open every connection and the watchdog in background threads."""
        for slot in range(1, self.wanted + 1):
            threading.Thread(target=self._keep_slot, args=(slot,), name=f"socket-{slot}", daemon=True).start()
        threading.Thread(target=self._watch, name="socket-watchdog", daemon=True).start()

    def stop(self) -> None:
        """Close every connection; nothing reconnects afterwards."""
        self._stopping.set()
        self.opener.stop()
        self.cap.stop()
        with self._lock:
            live = list(self._live)
        for conn in live:
            conn.end("shutting down")
        self.envelopes.stop()

    def status(self) -> dict[str, Any]:
        """What /healthz reports about Socket Mode: the sockets really open, not the ones wanted."""
        now = time.monotonic()
        with self._lock:
            ready = [c for c in self._live if c.hello.is_set()]
        return {
            "connections": len(ready),
            "connections_wanted": self.wanted,
            **self.cap.status(),
            **self.opener.status(),
            "reconnects": self.reconnects,
            "last_reconnect_reason": self.last_reconnect_reason,
            "seconds_since_heard": round(now - max((c.last_heard for c in ready), default=now), 1),
        }

    # one slot ---------------------------------------------------------------------------------------------

    def _keep_slot(self, slot: int) -> None:
        """Keep `slot` connected: reopen at once after a connection that worked, back off while none does."""
        backoff, failures = FIRST_BACKOFF_SECONDS, 0
        lease: int | None = None
        while lease is not None or (lease := self.cap.claim()) is not None:
            conn = None
            try:
                conn = self._open(slot, lease)
            except SlackApiError as exc:  # the opener already paces 429s and link_disabled
                reason = describe(exc)
                if exc.response.get("error") == LINK_DISABLED:
                    self._link_disabled("apps.connections.open")
            except Exception as exc:  # Slack unreachable or refusing: say so once per outage, keep trying
                reason = describe(exc)
            else:
                reason = self._read(conn) if conn is not None else "shutting down"
            if not self._handed_over(slot):  # a handoff keeps its claim and lease for the replacement
                self.cap.release(lease)
                lease = None
            if conn is not None and not self._lost(conn, reason):
                if lease is not None:
                    self.cap.release(lease)
                return
            if conn is not None and conn.hello.is_set():
                backoff, failures = FIRST_BACKOFF_SECONDS, 0
                continue
            if self._stopping.is_set() or self.opener.state != "ok":
                continue  # the opener waits out Slack's pause by itself
            failures += 1  # no connection, or one that ended before Slack's hello
            if failures == 1:
                log.warning("Socket Mode connection %d: cannot connect (%s); retrying", slot, reason)
            self._stopping.wait(backoff * random.uniform(0.5, 1.0))  # jitter, so connections do not retry in step
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _handed_over(self, slot: int) -> bool:
        with self._lock:
            return slot in self._handoff_urls and not self._stopping.is_set()

    def _open(self, slot: int, lease: int) -> Connection | None:
        with self._lock:
            url = self._handoff_urls.pop(slot, None)
        url = url or self.opener.next_url()
        if url is None:
            return None
        if not self.cap.held(lease):  # lost while the URL was on its way (a long Retry-After): claim again
            self.opener.keep_spare(url)
            raise ConnectionError("its shared slot was lost")
        conn = connect(url, slot, time.monotonic(), lease)
        with self._lock:
            self._live.add(conn)
        if self._stopping.is_set():
            conn.end("shutting down")
        return conn

    def _lost(self, conn: Connection, reason: str) -> bool:
        """A connection closed: log why once; True when its slot should reconnect."""
        with self._lock:
            self._live.discard(conn)
            if self._stopping.is_set():
                return False
            self.reconnects += 1
            self.last_reconnect_reason = reason
        if conn.retiring:
            log.info("Socket Mode connection %d closed (%s); its replacement opens now", conn.slot, reason)
        else:
            log.info("Socket Mode connection %d lost (%s); reconnecting", conn.slot, reason)
        return True

    # reading ----------------------------------------------------------------------------------------------

    def _read(self, conn: Connection) -> str:
        """Read frames until the connection is closed; return why it ended."""
        reason = "closed"
        try:
            while True:
                opcode, frame = conn.ws.recv_data_frame(control_frame=True)
                conn.last_heard = time.monotonic()
                if opcode == websocket.ABNF.OPCODE_CLOSE:
                    reason = f"closed by Slack ({close_code(frame.data)})"
                    break
                if opcode == websocket.ABNF.OPCODE_TEXT:
                    if len(frame.data) > MAX_ENVELOPE_BYTES:
                        self.envelopes.too_large(conn, frame.data)
                    else:
                        self._on_message(conn, frame.data)
        except Exception as exc:  # whatever ends the read loop, the slot must reconnect, not die with its thread
            reason = describe(exc)
        finally:
            conn.ws.shutdown()
        return conn.end_reason or reason

    def _on_message(self, conn: Connection, data: bytes) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            log.warning("Socket Mode connection %d: a message that is not JSON was ignored", conn.slot)
            return
        if not isinstance(message, dict):
            return
        kind = message.get("type")
        if kind == "hello":
            conn.hello.set()
            self._up[conn.slot].set()
            log.info("Socket Mode connection %d ready", conn.slot)
        elif kind == "disconnect":
            self._on_disconnect(conn, str(message.get("reason") or "no reason given")[:40])
        elif isinstance(message.get("envelope_id"), str):
            self.envelopes.submit(conn, message)

    # Slack's disconnects ----------------------------------------------------------------------------------

    def _on_disconnect(self, conn: Connection, reason: str) -> None:
        """Slack will close this connection: hand it over, give it up (too many), or stop (link disabled)."""
        if reason == LINK_DISABLED:
            self._link_disabled("Slack's disconnect")
        elif reason == "too_many_websockets":
            self._too_many(conn)
        elif not conn.retiring:
            conn.retiring = True
            log.info("Socket Mode connection %d: Slack asked to reconnect (%s)", conn.slot, reason)
            threading.Thread(target=self._hand_off, args=(conn, reason), daemon=True).start()

    def _hand_off(self, conn: Connection, reason: str) -> None:
        """Fetch the replacement's URL, close the old connection, let the replacement open; one slot at a time."""
        with self._handoff:
            if conn.end_reason is not None or self._stopping.is_set():
                return
            try:
                url = self.opener.next_url()
            except Exception as exc:  # the old connection carries on until Slack closes it; its slot reconnects then
                log.warning("Socket Mode connection %d: no replacement yet (%s)", conn.slot, describe(exc))
                return
            if url is None:
                return
            up = self._up[conn.slot]
            with self._lock:
                if conn.end_reason is not None:  # closed meanwhile: the next connection to open takes the URL
                    self.opener.keep_spare(url)
                    return
                self._handoff_urls[conn.slot] = url
                up.clear()
            conn.end(f"Slack asked to reconnect: {reason}", graceful=True)
            up.wait(HANDOFF_WAIT_SECONDS)

    def _too_many(self, conn: Connection) -> None:
        """Slack holds more of the app's connections than it allows: one fewer of ours, more only after a wait."""
        with self._lock:
            others = sum(1 for c in self._live if c is not conn and c.end_reason is None)
        limit, wait = self.cap.too_many(others)
        log.warning(
            "Socket Mode: Slack refused a connection (too_many_websockets); keeping %d, trying another in %.0f s",
            limit,
            wait,
        )
        conn.end("too_many_websockets", graceful=True)

    def _link_disabled(self, source: str) -> None:
        """Socket Mode is switched off: close every connection, the retiring ones too; the opener asks slowly."""
        self.opener.link_disabled(source)
        with self._lock:
            live = list(self._live)
        for conn in live:
            conn.end("Socket Mode switched off (link_disabled)", graceful=True)

    # watchdog ---------------------------------------------------------------------------------------------

    def _watch(self) -> None:
        """Ping quiet connections, end silent ones, cut unanswered closes, renew shared slots."""
        tick = max(0.05, self.ping_seconds / 4)
        renewed = time.monotonic()
        while not self._stopping.wait(tick):
            now = time.monotonic()
            with self._lock:
                live = list(self._live)
            for conn in live:
                self._check(conn, now)
            if self._renews and now - renewed >= LEASE_RENEW_SECONDS:
                renewed = now
                lost = self.cap.renew_all()
                for conn in live:
                    if conn.end_reason is None and conn.lease in lost:
                        conn.end("its shared slot was lost", graceful=True)

    def _check(self, conn: Connection, now: float) -> None:
        if conn.closing_since is not None:
            if now - conn.closing_since >= CLOSE_WAIT_SECONDS:
                conn.cut()
            return
        if conn.end_reason is not None:
            return  # already ending; its reader logs once
        quiet = now - conn.last_heard
        if not conn.hello.is_set() and now - conn.opened_at >= HELLO_TIMEOUT_SECONDS:
            conn.end(f"no hello within {HELLO_TIMEOUT_SECONDS:g} s")
        elif quiet >= 2 * self.ping_seconds:
            log.warning("Socket Mode connection %d silent for %.1f s; replacing it", conn.slot, quiet)
            conn.end(f"silent for {quiet:.1f} s")
        elif quiet >= self.ping_seconds:
            conn.ping()
