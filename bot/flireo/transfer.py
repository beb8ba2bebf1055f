"""Reading one HTTP body from Flireo within a size cap and a wall-clock deadline, whatever the server does."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
import zlib
from collections.abc import Callable

import httpx

from bot.errors import FlireoBadResponse, FlireoUnavailable
from bot.i18n.translator import Text

# A page of 100 numbers is ~30 KB of JSON; 2 MiB is ~70 times that, and small enough that 20 pages read at once
# stay far below the 200 MB the bot is meant to live in. Counted after decoding, so a gzip bomb stops here too.
MAX_BODY_BYTES = 2 * 1024 * 1024
# Bodies are read in slices this big; a compressed slice is decoded no further than the room left under the cap.
READ_CHUNK_BYTES = 64 * 1024
# We decode the body ourselves (to count decoded bytes as they come), so we only accept what zlib decodes.
ACCEPT_ENCODING = "gzip, deflate"

Decoder = Callable[[bytes, int], bytes]


class BodyTooLarge(FlireoBadResponse):
    """Flireo sent more than MAX_BODY_BYTES (after decoding)."""


def too_large() -> BodyTooLarge:
    """The error for a body over the cap, in plain words."""
    return BodyTooLarge(
        Text("Flireo sent a reply larger than {size} MB; it was not read.", size=MAX_BODY_BYTES // (1024 * 1024)), 200
    )


def _decoder(encoding: str) -> Decoder | None:
    """A bounded decoder for a Content-Encoding: `decode(chunk, room)` returns at most `room` bytes."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return lambda chunk, room: chunk
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return None
    # 32 + MAX_WBITS: zlib finds out itself whether the stream is gzip or zlib.
    inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)

    def decode(chunk: bytes, room: int) -> bytes:
        try:
            out = inflater.decompress(chunk, room)
        except zlib.error:
            raise FlireoBadResponse(Text("Flireo sent a compressed reply we could not decode."), 200) from None
        if inflater.unconsumed_tail:  # more than `room` bytes would come out of this chunk alone
            raise too_large()
        return out

    return decode


def _socket_of(response: httpx.Response) -> socket.socket | None:
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    return sock if isinstance(sock, socket.socket) else None


def _cut(sock: socket.socket) -> None:
    """End a read blocked on `sock` at once (shutdown wakes a blocked recv; close alone may not)."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class Watchdog:
    """One thread that cuts the socket of any read still going at its deadline.

    A `threading.Timer` per request started a thread for each of a fetch's 21 pages: ~4 ms of a 75 ms refresh.
    """

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._due: list[tuple[float, int, socket.socket]] = []  # a heap by deadline
        self._live: set[int] = set()
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, sock: socket.socket, deadline: float) -> int:
        """Cut `sock` at `deadline` unless `release` is called first with the token returned."""
        with self._wake:
            token = next(self._tokens)
            heapq.heappush(self._due, (deadline, token, sock))
            self._live.add(token)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="flireo-watchdog", daemon=True)
                self._thread.start()
            self._wake.notify()
        return token

    def release(self, token: int) -> None:
        """The read is over: leave its socket alone."""
        with self._wake:
            self._live.discard(token)

    def _run(self) -> None:
        with self._wake:
            while True:
                while self._due and self._due[0][1] not in self._live:
                    heapq.heappop(self._due)  # released reads, dropped as they come to the front
                if not self._due:
                    self._wake.wait()
                    continue
                wait = self._due[0][0] - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                _, token, sock = heapq.heappop(self._due)
                self._live.discard(token)
                _cut(sock)


_watchdog = Watchdog()


def read_body(response: httpx.Response, deadline: float) -> bytes:
    """The decoded body of a streamed response, or an error when it is too large or not done by `deadline`.

    httpx's timeouts are per read, so a server trickling a byte a second would never time out; a timer cuts the
    socket at the deadline instead, and the size is counted as the bytes arrive, so a huge body is never held.
    """
    try:
        held = response.content  # an in-memory transport (tests, demo data) hands the body over already read
    except httpx.ResponseNotRead:
        pass
    else:
        if len(held) > MAX_BODY_BYTES:
            raise too_large()
        return held
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large()
    decode = _decoder(response.headers.get("content-encoding", ""))
    if decode is None:
        raise FlireoBadResponse(Text("Flireo sent a reply in an encoding we do not read."), response.status_code)
    sock = _socket_of(response)
    watched = _watchdog.watch(sock, deadline) if sock is not None else None
    body = bytearray()
    try:
        for chunk in response.iter_raw(READ_CHUNK_BYTES):
            body += decode(chunk, MAX_BODY_BYTES - len(body) + 1)
            if len(body) > MAX_BODY_BYTES:
                raise too_large()
            if time.monotonic() >= deadline:
                raise late()
    except (httpx.TransportError, httpx.StreamError):
        if time.monotonic() >= deadline:
            raise late() from None
        raise FlireoUnavailable(Text("Flireo broke off its reply; try again in a minute.")) from None
    finally:
        if watched is not None:
            _watchdog.release(watched)
    return bytes(body)


def late() -> FlireoUnavailable:
    """The error for a reply not finished by the fetch's deadline."""
    return FlireoUnavailable(Text("Flireo did not answer in time; try again in a minute."))
