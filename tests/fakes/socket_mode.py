"""Loopback fake of Slack's Socket Mode websocket server (stdlib only, RFC 6455 text/ping/close frames).

SlackFake's `apps.connections.open` hands out `SocketModeFake.url`. The fake says `hello` on every connection,
sends envelopes on the newest live one, records acks, and can misbehave the ways real connections do: ask to
reconnect while staying open, close, drop without a close frame, go silent, or restart.

It enforces Slack's documented limit of 10 open connections per app ("Socket Mode ... up to 10 open connections at
the same time"): a connection beyond it gets `disconnect` with reason `too_many_websockets` and no hello, then is
closed, as Slack's SDKs see it (slackapi/node-slack-sdk#1654). `foreign` stands for connections of the same app held
elsewhere (another replica, a leaked process). It records the most connections of ours open at once (`peak_open`):
a connection counts from its handshake until its close frame or its TCP close reaches the fake.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Self

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA
# Slack: "Your app can have up to 10 open WebSocket connections at the same time" (api.slack.com/apis/socket-mode).
MAX_CONNECTIONS_PER_APP = 10


@dataclass(frozen=True)
class Ack:
    """An envelope's acknowledgement: when it was sent, when the ack came, and its payload."""

    envelope_id: str
    sent: float
    acked: float
    payload: dict[str, Any] | None

    @property
    def gap(self) -> float:
        """Seconds from sending the envelope to its ack."""
        return self.acked - self.sent


@dataclass(eq=False)
class FakeConnection:
    """One accepted websocket."""

    id: int
    sock: socket.socket
    opened: float
    live: bool = True  # False once closed, dropped, silenced or asked to disconnect
    open: bool = True  # False once its close frame or TCP close reached the fake
    silent: bool = False
    pings: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    unread: bytes = b""  # read from the socket but not yet a whole frame (the reader's buffer)

    def send(self, opcode: int, data: bytes) -> None:
        """Send one unmasked frame (servers never mask)."""
        header = bytes([0x80 | opcode])
        if len(data) < 126:
            header += bytes([len(data)])
        elif len(data) < 1 << 16:
            header += bytes([126]) + struct.pack("!H", len(data))
        else:
            header += bytes([127]) + struct.pack("!Q", len(data))
        with self.lock, contextlib.suppress(OSError):
            self.sock.sendall(header + data)

    def send_json(self, message: dict[str, Any]) -> None:
        """Send a JSON text frame."""
        self.send(TEXT, json.dumps(message).encode())


class SocketModeFake:
    """A websocket server on 127.0.0.1 speaking enough of Socket Mode for end-to-end tests."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._listener: socket.socket | None = None
        self._port = 0
        self._ids = itertools.count(1)
        self._connections: list[FakeConnection] = []
        self._sent: dict[str, float] = {}
        self._acks: dict[str, Ack] = {}
        self._stopping = False
        self.close_before_hello = False  # True: accept the handshake, then close at once (a broken edge)
        self.max_connections = MAX_CONNECTIONS_PER_APP
        self.foreign = 0  # the app's connections held elsewhere, counted against max_connections
        self.peak_open = 0  # the most connections of ours open at once
        self.too_many = 0  # connections refused with `too_many_websockets`

    # lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> Self:
        """Listen on 127.0.0.1 (the same port again after a restart)."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._port))
        listener.listen(64)
        self._port = listener.getsockname()[1]
        self._listener = listener
        self._stopping = False
        threading.Thread(target=self._accept, args=(listener,), name="socket-mode-fake", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening and drop every connection."""
        self._stopping = True
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for conn in self.connections():
            self._kill(conn, rst=True)

    def __enter__(self) -> Self:
        """Start listening."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop."""
        self.stop()

    @property
    def url(self) -> str:
        """The websocket URL apps.connections.open hands out."""
        return f"ws://127.0.0.1:{self._port}/link/?ticket=fake-ticket"

    # records ---------------------------------------------------------------------------------------------

    def connections(self) -> list[FakeConnection]:
        """Every connection accepted so far."""
        with self._cond:
            return list(self._connections)

    def open_connections(self) -> list[FakeConnection]:
        """Connections of ours open now (handshake done, no close seen yet)."""
        with self._cond:
            return [c for c in self._connections if c.open]

    def reset_peak(self) -> None:
        """Start counting `peak_open` again from the connections open now."""
        with self._cond:
            self.peak_open = len(self.open_connections())

    def live(self) -> list[FakeConnection]:
        """Connections that would carry an envelope now, newest first."""
        with self._cond:
            return [c for c in reversed(self._connections) if c.live]

    def wait_for_live(self, count: int, timeout: float = 10.0) -> list[FakeConnection]:
        """Block until at least `count` connections are live; return them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.live()) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"SocketModeFake: {len(self.live())} live connections, wanted {count}")
                self._cond.wait(remaining)
            return self.live()

    # envelopes -------------------------------------------------------------------------------------------

    def send_envelope(
        self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0, wait_seconds: float = 5.0
    ) -> str:
        """Send an envelope on the newest live connection (waiting up to `wait_seconds` for one); return its id."""
        envelope_id = f"env-{next(self._ids):06d}"
        sent = time.monotonic()
        conn = self.wait_for_live(1, timeout=wait_seconds)[0]
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        with self._cond:
            self._sent[envelope_id] = sent  # from when it was due, so waiting for a connection counts in the gap
        conn.send_json(envelope)
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> Ack:
        """Block until the envelope is acked; return the Ack."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self._acks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"SocketModeFake: no ack for {envelope_id} within {timeout}s")
                self._cond.wait(remaining)
            return self._acks[envelope_id]

    # misbehaving -----------------------------------------------------------------------------------------

    def ask_to_reconnect(self, reason: str = "refresh_requested") -> None:
        """Send `disconnect` on every live connection and leave the sockets open, as Slack does.

        Slack's reasons: `refresh_requested` (a routine refresh), `warning` (this connection closes soon),
        `link_disabled` (Socket Mode was switched off in the app's settings).
        """
        for conn in self.live():
            conn.live = False
            conn.send_json({"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}})

    def close_all(self) -> None:
        """Close every connection with a close frame and no warning."""
        for conn in self.live():
            conn.live = False
            conn.send(CLOSE, struct.pack("!H", 1001))
            self._kill(conn, rst=False)

    def drop_all(self, *, rst: bool = True) -> None:
        """Cut every connection without a close frame, as a load balancer or NAT does: a TCP reset, or a FIN."""
        for conn in self.live():
            self._kill(conn, rst=rst)

    def silence_all(self) -> None:
        """Every connection goes silent at once (the network path is gone, the sockets stay open)."""
        for conn in self.live():
            self.silence(conn)

    def silence(self, conn: FakeConnection) -> None:
        """Keep the socket open but stop reading, writing and answering pings."""
        conn.live = False
        conn.silent = True

    def restart(self, down_seconds: float = 0.3) -> None:
        """Drop everything, refuse connections for `down_seconds`, then listen on the same port again."""
        self.stop()
        time.sleep(down_seconds)  # the outage itself, not synchronisation
        self.start()

    # serving ---------------------------------------------------------------------------------------------

    def _closed(self, conn: FakeConnection) -> None:
        """The connection no longer counts against the limit."""
        with self._cond:
            conn.live = conn.open = False
            self._cond.notify_all()

    def _reap(self) -> None:
        """Count as closed every connection whose close frame or TCP close already arrived (its reader may not have
        run yet: on a loaded machine the reader thread lags the client's close by many milliseconds)."""
        for conn in self.open_connections():
            with contextlib.suppress(BlockingIOError, OSError):
                waiting = conn.sock.recv(65536, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                if waiting == b"" or (not conn.unread and _holds_a_close_frame(waiting)):
                    self._closed(conn)

    def _admit(self, conn: FakeConnection) -> bool:
        """Count a new connection; False (after telling it why) when it is one too many for the app."""
        self._reap()
        with self._cond:
            self._connections.append(conn)
            mine = len([c for c in self._connections if c.open])
            self.peak_open = max(self.peak_open, mine)
            over = mine + self.foreign > self.max_connections
            if over:
                self.too_many += 1
        if over:  # Slack's answer to an 11th connection: no hello, a disconnect, then the close
            conn.send_json({"type": "disconnect", "reason": "too_many_websockets", "debug_info": {"host": "fake"}})
            conn.send(CLOSE, struct.pack("!H", 1008))
            self._kill(conn, rst=False)
        return not over

    def _kill(self, conn: FakeConnection, *, rst: bool) -> None:
        self._closed(conn)
        with contextlib.suppress(OSError):
            if rst:  # linger 0: the close sends RST, not FIN; SHUT_RD wakes our reader so the close happens now
                conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.sock.shutdown(socket.SHUT_RD)
            else:
                conn.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            conn.sock.close()
        with self._cond:
            self._cond.notify_all()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                sock, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if not _handshake(sock):
            sock.close()
            return
        conn = FakeConnection(next(self._ids), sock, time.monotonic())
        if not self._admit(conn):
            return
        if self.close_before_hello:
            self._kill(conn, rst=False)
            return
        hello = {"type": "hello", "num_connections": len(self.open_connections()) + self.foreign}
        conn.send_json(hello | {"debug_info": {"host": "fake"}})
        with self._cond:
            self._cond.notify_all()
        with contextlib.suppress(OSError, ValueError):
            self._read(conn)
        self._closed(conn)
        with contextlib.suppress(OSError):
            sock.close()

    def _read(self, conn: FakeConnection) -> None:
        reader = _Reader(conn.sock)  # not makefile(): its reference would keep the socket open after close()
        while True:
            conn.unread = reader.buffer
            opcode, data = _read_frame(reader)
            if conn.silent:
                continue  # a dead path: nothing gets through either way
            if opcode == CLOSE:
                self._closed(conn)  # before the reply: a client that waits for it may count on the slot being free
                conn.send(CLOSE, data[:2])
                self._kill(conn, rst=False)
                return
            if opcode == PING:
                conn.pings += 1
                conn.send(PONG, data)
            elif opcode == TEXT:
                self._record_ack(json.loads(data))

    def _record_ack(self, message: dict[str, Any]) -> None:
        envelope_id = str(message.get("envelope_id"))
        with self._cond:
            if envelope_id in self._sent and envelope_id not in self._acks:
                payload = message.get("payload")
                self._acks[envelope_id] = Ack(envelope_id, self._sent[envelope_id], time.monotonic(), payload)
                self._cond.notify_all()


def _handshake(sock: socket.socket) -> bool:
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = sock.recv(4096)
        if not chunk or len(request) > 16384:
            return False
        request += chunk
    key = next(
        (
            line.split(b":", 1)[1].strip().decode()
            for line in request.split(b"\r\n")
            if line.lower().startswith(b"sec-websocket-key:")
        ),
        None,
    )
    if key is None:
        return False
    accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()  # noqa: S324 - RFC 6455
    sock.sendall(
        (
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
        ).encode()
    )
    return True


class _Reader:
    """Exact-size reads straight from a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def read(self, size: int) -> bytes:
        """`size` bytes, or fewer when the peer closed."""
        while len(self.buffer) < size:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            self.buffer += chunk
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data


def _read_exactly(reader: _Reader, size: int) -> bytes:
    data = reader.read(size)
    if len(data) < size:
        raise ValueError("connection closed")
    return data


def _holds_a_close_frame(data: bytes) -> bool:
    """Whether the whole client frames at the start of `data` include a close frame (RFC 6455 §5.2 framing)."""
    at = 0
    while at + 2 <= len(data):
        opcode, second = data[at] & 0x0F, data[at + 1]
        length, at = second & 0x7F, at + 2
        if length in (126, 127):
            size = 2 if length == 126 else 8
            if at + size > len(data):
                return False
            length, at = int.from_bytes(data[at : at + size], "big"), at + size
        at += (4 if second & 0x80 else 0) + length
        if opcode == CLOSE:
            return True
    return False


def _read_frame(reader: _Reader) -> tuple[int, bytes]:
    """One (unfragmented) client frame, unmasked."""
    first, second = _read_exactly(reader, 2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack("!H", _read_exactly(reader, 2))[0]
    elif length == 127:
        length = struct.unpack("!Q", _read_exactly(reader, 8))[0]
    mask = _read_exactly(reader, 4) if second & 0x80 else b"\0\0\0\0"
    data = _read_exactly(reader, length)
    return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(data))
