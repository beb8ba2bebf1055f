"""Socket Mode that never goes quiet: several connections, prompt reconnects and a watchdog for silent ones.

Measured on a loopback fake (`python -m bench.socket_mode`), slack_sdk's built-in client acked 2.7 s late after
a `disconnect` and had no connection 5 s after a close, a TCP reset or a restart. This runner keeps `connections`
websockets (websocket-client) open at once, so one carries while another reconnects, and replaces any that
closes, is asked to go (after its replacement said hello), or stays silent past two ping intervals.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import websocket
from slack_bolt import App, BoltRequest, BoltResponse

from handlers.payloads import shape_problem
from handlers.socket_connection import Connection, OpenUrl, close_code, connect, describe

log = logging.getLogger(__name__)

# Slack allows at most 10 Socket Mode connections per app and spreads envelopes over them.
MAX_CONNECTIONS = 10
# Envelopes dispatched to Bolt at once; each only waits for its listener's ack (listeners ack first).
DISPATCH_THREADS = 16
# Reconnect at once the first time, then back off (with jitter) while Slack keeps refusing.
FIRST_BACKOFF_SECONDS = 0.2
MAX_BACKOFF_SECONDS = 30.0
# A connection asked to go (Slack's `disconnect`) is closed once its replacement said hello, or after this long.
RETIRE_GRACE_SECONDS = 10.0
# Slack says hello right after the handshake; a connection without one by then is replaced.
HELLO_TIMEOUT_SECONDS = 10.0
# Envelopes larger than this are not Slack's (its payloads are a few KiB): the connection is dropped.
MAX_MESSAGE_BYTES = 1024 * 1024


class SocketModeRunner:
    """Keeps `connections` Socket Mode connections alive and dispatches their envelopes to the Bolt app."""

    def __init__(self, app: App, open_url: OpenUrl, *, connections: int = 2, ping_seconds: float = 2.5) -> None:
        self.app = app
        self.open_url = open_url
        self.wanted = max(1, min(connections, MAX_CONNECTIONS))
        self.ping_seconds = ping_seconds
        self.reconnects = 0
        self.last_reconnect_reason: str | None = None
        self._live: set[Connection] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._pool = ThreadPoolExecutor(DISPATCH_THREADS, thread_name_prefix="envelope")

    # lifecycle --------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Open every connection and the watchdog in background threads."""
        for slot in range(1, self.wanted + 1):
            self._spawn_connector(slot, retire=None)
        threading.Thread(target=self._watch, name="socket-watchdog", daemon=True).start()

    def stop(self) -> None:
        """Close every connection; nothing reconnects afterwards."""
        self._stopping.set()
        with self._lock:
            live = list(self._live)
        for conn in live:
            conn.end("shutting down")
        self._pool.shutdown(wait=False, cancel_futures=True)

    def status(self) -> dict[str, Any]:
        """What /healthz reports about Socket Mode."""
        now = time.monotonic()
        with self._lock:
            ready = [c for c in self._live if c.hello.is_set()]
        return {
            "connections": len(ready),
            "connections_wanted": self.wanted,
            "reconnects": self.reconnects,
            "last_reconnect_reason": self.last_reconnect_reason,
            "seconds_since_heard": round(now - max((c.last_heard for c in ready), default=now), 1),
        }

    # connecting -------------------------------------------------------------------------------------------

    def _spawn_connector(self, slot: int, retire: Connection | None) -> None:
        args = (slot, retire)
        threading.Thread(target=self._connect_until_up, args=args, name=f"socket-{slot}", daemon=True).start()

    def _connect_until_up(self, slot: int, retire: Connection | None) -> None:
        """Keep `slot` connected: reopen at once after a connection that worked, back off while none does."""
        backoff = FIRST_BACKOFF_SECONDS
        failures = 0
        while not self._stopping.is_set():
            try:
                conn = self._open(slot)
            except Exception as exc:  # Slack unreachable or refusing: say so once per outage, keep trying
                conn, reason = None, describe(exc)
            else:
                if retire is not None:
                    threading.Thread(target=self._retire_after_hello, args=(retire, conn), daemon=True).start()
                    retire = None
                reason = self._read(conn)
                if not self._lost(conn, reason):
                    return  # retired (its replacement carries on) or shutting down
            if conn is not None and conn.hello.is_set():
                backoff, failures = FIRST_BACKOFF_SECONDS, 0
                continue
            failures += 1  # no connection, or one that ended before Slack's hello
            if failures == 1:
                log.warning("Socket Mode connection %d: cannot connect (%s); retrying", slot, reason)
            self._stopping.wait(backoff * random.uniform(0.5, 1.0))  # jitter, so connections do not retry in step
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _open(self, slot: int) -> Connection:
        conn = connect(self.open_url(), slot, time.monotonic())
        with self._lock:
            self._live.add(conn)
        if self._stopping.is_set():
            conn.end("shutting down")
        return conn

    def _retire_after_hello(self, old: Connection, new: Connection) -> None:
        """Close a connection Slack asked us to leave once its replacement can carry envelopes."""
        new.hello.wait(RETIRE_GRACE_SECONDS)
        old.end(old.end_reason or "replaced")

    def _lost(self, conn: Connection, reason: str) -> bool:
        """A connection ended: log why once; True when its slot should reconnect (it was not already replaced)."""
        with self._lock:
            self._live.discard(conn)
            if self._stopping.is_set():
                return False
            self.reconnects += 1
            self.last_reconnect_reason = reason
        if conn.retiring:
            log.info("Socket Mode connection %d closed (%s); its replacement carries on", conn.slot, reason)
            return False
        log.info("Socket Mode connection %d lost (%s); reconnecting", conn.slot, reason)
        return True

    # reading ----------------------------------------------------------------------------------------------

    def _read(self, conn: Connection) -> str:
        """Read frames until the connection ends; return why it ended."""
        reason = "closed"
        try:
            while True:
                opcode, frame = conn.ws.recv_data_frame(control_frame=True)
                conn.last_heard = time.monotonic()
                if opcode == websocket.ABNF.OPCODE_CLOSE:
                    reason = f"closed by Slack ({close_code(frame.data)})"
                    break
                if opcode == websocket.ABNF.OPCODE_TEXT:
                    if len(frame.data) > MAX_MESSAGE_BYTES:
                        reason = f"message of {len(frame.data)} bytes refused"
                        break
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
            log.info("Socket Mode connection %d ready", conn.slot)
        elif kind == "disconnect":
            self._on_disconnect(conn, str(message.get("reason") or "no reason given")[:40])
        elif isinstance(message.get("envelope_id"), str):
            self._pool.submit(self._dispatch, conn, message)

    def _on_disconnect(self, conn: Connection, reason: str) -> None:
        """Slack will close this connection soon: open its replacement now, close this one once that is up."""
        if conn.retiring:
            return
        conn.retiring = True
        conn.end_reason = f"Slack asked to reconnect: {reason}"
        log.info("Socket Mode connection %d: Slack asked to reconnect (%s); opening a replacement", conn.slot, reason)
        self._spawn_connector(conn.slot, retire=conn)

    def _dispatch(self, conn: Connection, envelope: dict[str, Any]) -> None:
        """Run the envelope through Bolt and send the ack (with the listener's response payload, if any)."""
        payload = envelope.get("payload")
        response: dict[str, Any] = {"envelope_id": envelope["envelope_id"][:200]}
        problem = shape_problem(payload) if isinstance(payload, dict) and payload else "no payload"
        if problem is None:
            try:
                bolt = self.app.dispatch(
                    BoltRequest(mode="socket_mode", body=payload, headers=_retry_headers(envelope))
                )
            except Exception as exc:  # a malformed payload must not take the connection down
                log.warning("Socket Mode envelope could not be handled: %s", type(exc).__name__)
            else:
                if (ack_payload := _ack_payload(bolt)) is not None:
                    response["payload"] = ack_payload
        else:
            log.warning("Socket Mode envelope acknowledged and ignored: %s", problem)
        conn.send(json.dumps(response))

    # watchdog ---------------------------------------------------------------------------------------------

    def _watch(self) -> None:
        """Ping connections that are quiet; end the ones silent for two intervals (no envelope, no pong)."""
        tick = max(0.05, self.ping_seconds / 4)
        while not self._stopping.wait(tick):
            now = time.monotonic()
            with self._lock:
                live = list(self._live)
            for conn in live:
                quiet = now - conn.last_heard
                if conn.end_reason is not None:
                    continue  # already ending; its reader logs once
                if not conn.hello.is_set() and now - conn.opened_at >= HELLO_TIMEOUT_SECONDS:
                    conn.end(f"no hello within {HELLO_TIMEOUT_SECONDS:g} s")
                elif quiet >= 2 * self.ping_seconds:
                    log.warning("Socket Mode connection %d silent for %.1f s; replacing it", conn.slot, quiet)
                    conn.end(f"silent for {quiet:.1f} s")
                elif quiet >= self.ping_seconds:
                    conn.ping()


def _retry_headers(envelope: dict[str, Any]) -> dict[str, str] | None:
    """Slack's retry fields as the HTTP headers Bolt and the seen-events middleware read."""
    headers = {}
    if isinstance(attempt := envelope.get("retry_attempt"), int) and attempt > 0:
        headers["x-slack-retry-num"] = str(attempt)
    if isinstance(reason := envelope.get("retry_reason"), str) and reason:
        headers["x-slack-retry-reason"] = reason[:40]
    return headers or None


def _ack_payload(bolt: BoltResponse) -> dict[str, Any] | None:
    """The body Bolt would have answered over HTTP (a slash command's ephemeral reply), as the ack's payload."""
    if bolt.status != 200 or not bolt.body:
        return None
    content_type = (bolt.headers.get("content-type") or [""])[0]
    if content_type.startswith("application/json"):
        body = json.loads(bolt.body)
        return body if isinstance(body, dict) else None
    return {"text": bolt.body}
