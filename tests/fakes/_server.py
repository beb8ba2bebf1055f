"""Shared plumbing for the loopback fakes: a threaded stdlib HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

JSON_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Incoming:
    """One parsed HTTP request as the fake's handler sees it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    time: float


@dataclass
class Reply:
    """What the fake answers; `drop=True` closes the socket without any answer.

    `chunks` (instead of `body`) streams a body of any size as it is produced, `chunk_delay` seconds apart: a
    slow-loris server, or hundreds of MB never held in memory. Without a Content-Length in `headers` the body
    ends when the connection closes.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    chunks: Iterable[bytes] | None = None
    chunk_delay: float = 0.0
    # Bytes written as they are, status line and headers included (`chunk_delay` apart): a server that trickles
    # its headers, or sends interim 1xx answers forever. The connection closes after them.
    raw: Iterable[bytes] | None = None

    @classmethod
    def json(cls, status: int, data: Any, headers: dict[str, str] | None = None) -> Reply:
        """Build a JSON reply."""
        return cls(status, json.dumps(data).encode(), {"Content-Type": JSON_TYPE, **(headers or {})})

    @classmethod
    def text(cls, status: int, text: str, headers: dict[str, str] | None = None) -> Reply:
        """Build a plain-text reply."""
        merged = {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
        return cls(status, text.encode(), merged)


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that skips the reverse-DNS lookup and tracks open connections."""

    daemon_threads = True
    fake: LoopbackFake

    def __init__(self, fake: LoopbackFake) -> None:
        self.fake = fake
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        """Bind without `socket.getfqdn` (slow or hanging in sandboxes)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def close_all_connections(self) -> None:
        """Shut down every open client socket so idle keep-alive threads end."""
        with self.connections_lock:
            conns = list(self.connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """Parses a request, hands it to the owning fake, writes its Reply."""

    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 60
    disable_nagle_algorithm = True  # headers and body go out in two writes; avoid the 40 ms delayed-ACK stall

    def setup(self) -> None:
        """Register the connection so stop() can close it."""
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        """Unregister the connection."""
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the fakes' records instead."""

    def _read_body(self) -> bytes:
        """Read a Content-Length or chunked body."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        """Serve one request through the fake."""
        arrived = time.monotonic()
        parts = urlsplit(self.path)
        body = self._read_body()
        incoming = Incoming(
            method=self.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            time=arrived,
        )
        fake = self.server.fake
        fake._enter()
        try:
            reply = fake._handle(incoming)
        finally:
            fake._leave()  # before answering, so a client that got its answer never sees it still in flight
        if reply is None or reply.drop or fake._stopping.is_set():
            self.close_connection = True
            return
        if reply.raw is not None:
            self.close_connection = True
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._stream(reply.raw, reply.chunk_delay)
            return
        try:
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if reply.chunks is None:
                self.send_header("Content-Length", str(len(reply.body)))
            elif not any(key.lower() == "content-length" for key in reply.headers):
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
            if reply.chunks is not None:
                self._stream(reply.chunks, reply.chunk_delay)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _stream(self, chunks: Iterable[bytes], delay: float) -> None:
        """Write a streamed body chunk by chunk, until done, the client hangs up or the fake stops."""
        stopping = self.server.fake._stopping
        for chunk in chunks:
            if (delay and stopping.wait(delay)) or stopping.is_set():
                self.close_connection = True
                return
            self.wfile.write(chunk)
            self.wfile.flush()

    do_GET = _dispatch  # noqa: N815
    do_POST = _dispatch  # noqa: N815
    do_PUT = _dispatch  # noqa: N815
    do_PATCH = _dispatch  # noqa: N815
    do_DELETE = _dispatch  # noqa: N815


class LoopbackFake:
    """Base class: start/stop a threaded HTTP server on 127.0.0.1:<free port>; subclasses answer requests."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.RLock())
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._in_flight = 0
        self._max_concurrent = 0

    # lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a free port and serve in a daemon thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"{type(self).__name__}:{self._server.server_port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release hung requests and close every connection (idempotent)."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()
        self._on_stop()
        server.shutdown()
        server.close_all_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        """Start the server."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop the server."""
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (only while running)."""
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not running; call start() or use it as a context manager")
        return self._server.server_port

    @property
    def root(self) -> str:
        """`http://127.0.0.1:PORT` without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    # concurrency accounting ---------------------------------------------------------------------------------

    @property
    def max_concurrent(self) -> int:
        """Peak number of requests being served at the same time."""
        with self._cond:
            return self._max_concurrent

    @property
    def in_flight(self) -> int:
        """Requests being served right now."""
        with self._cond:
            return self._in_flight

    def _reset_peak(self) -> None:
        """Reset the concurrency peak to what is in flight now."""
        with self._cond:
            self._max_concurrent = self._in_flight

    def _enter(self) -> None:
        with self._cond:
            self._in_flight += 1
            self._max_concurrent = max(self._max_concurrent, self._in_flight)

    def _leave(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify_all()

    # waiting --------------------------------------------------------------------------------------------

    def _wait_until(self, ready: Any, timeout: float) -> bool:
        """Block on the condition until `ready()` is true or the deadline passes; True when ready."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not ready():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    # subclass hooks ------------------------------------------------------------------------------------

    def _handle(self, req: Incoming) -> Reply | None:
        """Answer one request; None drops the connection."""
        raise NotImplementedError

    def _on_stop(self) -> None:
        """Release anything a handler may be blocked on."""
