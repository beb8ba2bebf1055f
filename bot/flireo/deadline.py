"""One wall-clock deadline for a whole Flireo request: connecting, sending, headers (interim 1xx too) and body (#19).

httpx's timeouts are per socket operation: a server that sends `102 Processing` a byte a second never trips one,
and on a cold cache every question waited 15 s for a request that never ended. Here every read and write of a
request's connection is given no more than what is left of the request's deadline, and none starts after it.
A connection cut this way is in the middle of a response, so httpcore closes it: it is never used again.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

from bot.tls import tls_context

_current = threading.local()


@contextlib.contextmanager
def request_deadline(deadline: float) -> Iterator[None]:
    """Bound every network operation this thread makes meanwhile by `deadline` (time.monotonic())."""
    outer = getattr(_current, "deadline", None)
    _current.deadline = deadline if outer is None else min(outer, deadline)
    try:
        yield
    finally:
        _current.deadline = outer


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` shortened to what is left of the current request's deadline; `error` when nothing is."""
    deadline: float | None = getattr(_current, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the current request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read, within the request's deadline."""
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write, within the request's deadline."""
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        """Close the connection."""
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        """Upgrade to TLS, within the request's deadline."""
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        """As the wrapped stream (the socket, for the body's watchdog)."""
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sync backend, its connections wrapped in DeadlineStream."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect, within the request's deadline."""
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._backend.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        """Connect, within the request's deadline."""
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        """As httpcore's."""
        self._backend.sleep(seconds)


def deadline_transport(limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport whose requests a `request_deadline` bounds as a whole.

    httpx 0.28 takes no network backend, so its pool is replaced by one built with ours (the same settings
    HTTPTransport gives it for HTTP/1.1 with the default TLS context).
    """
    transport = httpx.HTTPTransport(limits=limits, verify=tls_context())
    transport._pool = httpcore.ConnectionPool(
        ssl_context=tls_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=False,
        network_backend=DeadlineBackend(),
    )
    return transport
