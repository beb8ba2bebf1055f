"""HTTP mode behind waitress, tuned so hostile traffic cannot fill it, and a guard in front of Bolt.

Measured on loopback before: 98 idle sockets filled waitress's 100 connections (a signed command then waited
140 s), and an unsigned 500 MB POST was read, parsed and logged whole by Bolt. Now bodies over MAX_BODY_BYTES
(4 MiB, see handlers/payloads.py) are refused by waitress before they are read, idle or trickling connections are
closed within seconds, and only signed, well-formed requests reach Bolt, already parsed (handlers/bolt_http.py);
the rest get 400/401/413 and one short log line.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_sdk.signature import SignatureVerifier
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from bot.ops.listen import bind_error, resolve
from handlers.bolt_http import Dispatch
from handlers.payloads import MAX_BODY_BYTES, BadPayload, parse_body, shape_problem

log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Request threads only verify, ack and hand over, so a few go a long way.
HTTP_THREADS = 16
# Sockets held open at once: enough that hundreds of idle ones leave room for Slack (poll(), not select()'s 1024).
CONNECTION_LIMIT = 2000
# Opening a connection needs no signature: one client address keeps at most this many idle ones (its oldest idle
# connection is closed when it opens another), and when the server nears CONNECTION_LIMIT the oldest idle
# connections of anyone make room. A connection with a request in it is never closed. Measured before: 2,000 idle
# sockets from one address filled every slot, and a signed command was acked after 4.6-11 s.
IDLE_PER_ADDRESS = 50
HEADROOM = 100
# A connection counts as idle for IDLE_PER_ADDRESS only after this long without a byte: a burst of requests (or a
# proxy's) opens many connections at once, each sending its request right away, read within milliseconds; closing
# them before that reset 20 of 70 concurrent mentions. Near the limit, age does not matter.
IDLE_GRACE_SECONDS = 0.25
# Past this many connections from one address, its oldest idle ones are closed whatever their age: no burst of
# Slack's is that large, and 2,000 sockets opened within the grace would otherwise all stay.
MOST_PER_ADDRESS = 200
# Connections taken from the listen backlog per wake-up (waitress takes one): a backlog of idle sockets is drained
# in a few passes of the event loop, not one pass each, so a signed request behind them is not kept waiting.
ACCEPTS_PER_WAKE = 64
# A connection that sends nothing for this long is closed (waitress's default is 120 s).
IDLE_SECONDS = 5
# A request whose headers and body have not all arrived this long after its first byte is closed (a trickle).
REQUEST_READ_SECONDS = 5
# How often waitress looks for such connections.
SWEEP_SECONDS = 1
SLACK_EVENTS_PATH = "/slack/events"
# Slack's signature headers (docs: "Verifying requests from Slack"): a Unix time in seconds and `v0=` + the hex
# HMAC-SHA256. Anything else is refused before slack_sdk's verifier sees it: it raises on a 5,000-digit time
# (int() refuses more than 4,300 digits) and on a non-ASCII signature (hmac.compare_digest), which was HTTP 500.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


class _BoundedParser(HTTPRequestParser):
    """waitress's request parser, answering 400 to a Content-Length too long for int() (more than 4,300 digits
    raise ValueError there, which waitress logs as an uncaught exception and drops the connection unanswered)."""

    def parse_header(self, header_plus: bytes) -> None:
        """waitress's header parsing, with that ValueError turned into the parse error it is."""
        try:
            super().parse_header(header_plus)
        except ValueError:
            raise ParsingError("Content-Length is invalid") from None


class _DeadlineChannel(HTTPChannel):
    """waitress's channel, remembering when the request being read began (waitress only tracks the last byte),
    and known to the server by its client address."""

    parser_class = _BoundedParser
    reading_since: float | None = None
    server: _GuardedServer

    def __init__(self, server: _GuardedServer, sock: Any, addr: Any, adj: Adjustments, map: Any = None) -> None:
        super().__init__(server, sock, addr, adj, map)
        server.opened(self)

    def handle_close(self) -> None:
        """Forget the connection, then close it as waitress does."""
        self.server.closed(self)
        super().handle_close()

    @property
    def idle(self) -> bool:
        """No request being read, served or written back: closing it loses nothing."""
        return not self.requests and self.request is None and not self.total_outbufs_len and not self.will_close

    def received(self, data: bytes) -> bool:
        """Note the first byte of a request; forget it once the request is complete."""
        if self.request is None and data:
            self.reading_since = time.monotonic()
        result = super().received(data)
        if self.request is None:
            self.reading_since = None
        return bool(result)


class _GuardedServer(TcpWSGIServer):
    """waitress's TCP server that also closes connections trickling a request for too long."""

    channel_class = _DeadlineChannel
    _by_address: dict[str, dict[int, _DeadlineChannel]]

    def handle_accept(self) -> None:
        """Accept every waiting connection (up to ACCEPTS_PER_WAKE), not only the first."""
        for _ in range(ACCEPTS_PER_WAKE):
            before = len(self._map)
            super().handle_accept()
            if len(self._map) == before or len(self._map) >= self.adj.connection_limit:
                return  # the backlog is empty (or the server full)

    def opened(self, channel: _DeadlineChannel) -> None:
        """A new connection: keep its address's idle ones, and everyone's, within bounds."""
        if not hasattr(self, "_by_address"):
            self._by_address = {}
        mine = self._by_address.setdefault(_host(channel.addr), {})
        mine[id(channel)] = channel
        if len(mine) > IDLE_PER_ADDRESS:
            grace = 0.0 if len(mine) > MOST_PER_ADDRESS else IDLE_GRACE_SECONDS
            _close_oldest_idle(list(mine.values()), keep=IDLE_PER_ADDRESS, quiet_since=time.time() - grace)
        if len(self._map) > self.adj.connection_limit - HEADROOM:
            channels = [c for c in self.active_channels.values() if isinstance(c, _DeadlineChannel)]
            _close_oldest_idle(channels, keep=self.adj.connection_limit - 2 * HEADROOM, quiet_since=time.time())

    def closed(self, channel: _DeadlineChannel) -> None:
        """A connection went away."""
        mine = getattr(self, "_by_address", {}).get(host := _host(channel.addr))
        if mine is not None:
            mine.pop(id(channel), None)
            if not mine:
                del self._by_address[host]

    def maintenance(self, now: float) -> None:
        """waitress's idle sweep, plus the request-read deadline."""
        super().maintenance(now)
        cutoff = time.monotonic() - REQUEST_READ_SECONDS
        for channel in list(self.active_channels.values()):
            since = getattr(channel, "reading_since", None)
            if since is not None and since < cutoff and not channel.requests:
                channel.will_close = True


def _host(addr: Any) -> str:
    return str(addr[0]) if isinstance(addr, tuple) and addr else str(addr)


def _close_oldest_idle(channels: list[_DeadlineChannel], keep: int, quiet_since: float) -> None:
    """Mark idle connections silent since `quiet_since` (waitress's clock), oldest first, to be closed until at most
    `keep` of `channels` stay open."""
    open_now = sum(1 for channel in channels if not channel.will_close)
    for channel in channels:  # in the order they were opened
        if open_now <= keep:
            return
        if channel.idle and channel.last_activity <= quiet_since:
            channel.will_close = True
            open_now -= 1


class _RefusalLog:
    """One short line per refused request, at most one a second (the rest are counted into the next line)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0.0
        self._skipped = 0

    def __call__(self, status: int, reason: str) -> None:
        """Log (or count) one refusal."""
        with self._lock:
            now = time.monotonic()
            if now - self._last < 1.0:
                self._skipped += 1
                return
            skipped, self._skipped, self._last = self._skipped, 0, now
        more = f" ({skipped} more refused in the last second)" if skipped else ""
        log.info("refused a request to %s: HTTP %d, %s%s", SLACK_EVENTS_PATH, status, reason, more)


def guard(dispatch: Dispatch, signing_secret: str) -> WsgiApp:
    """Only signed, well-formed Slack requests within MAX_BODY_BYTES reach Bolt, parsed once; no body is logged."""
    verifier = SignatureVerifier(signing_secret)
    refused = _RefusalLog()

    def refuse(start_response: Callable[..., Any], status: int, reason: str) -> Iterable[bytes]:
        refused(status, reason)
        return _plain(start_response, status, f"{reason}\n")

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return refuse(start_response, 405, "only POST")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(start_response, 400, "bad Content-Length")
        if length > MAX_BODY_BYTES:
            return refuse(start_response, 413, "body too large")
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        if not _is_utf8(body):  # Slack sends UTF-8 only, and slack_sdk's verifier decodes before it checks
            return refuse(start_response, 400, "body is not UTF-8")
        content_type = str(environ.get("CONTENT_TYPE") or "")
        if not _signed(verifier, body, environ):
            if _is_ssl_check(body, content_type):
                return _plain(start_response, 200, "")
            return refuse(start_response, 401, "missing or invalid signature")
        try:
            request = parse_body(body, content_type)
        except BadPayload as exc:
            return refuse(start_response, 400, f"unreadable body ({exc})")
        if (problem := shape_problem(request)) is not None:
            return refuse(start_response, 400, problem)
        try:
            answer = dispatch(body.decode("utf-8"), request, _headers(environ))
        except Exception as exc:  # never a traceback for a request: one line, and Slack sees a plain 400
            return refuse(start_response, 400, f"request not handled ({type(exc).__name__})")
        response = WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)
        start_response(response.status, response.get_headers())
        return response.get_body()

    return application


def _signed(verifier: SignatureVerifier, body: bytes, environ: dict[str, Any]) -> bool:
    timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or "")
    signature = str(environ.get("HTTP_X_SLACK_SIGNATURE") or "")
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return False
    return verifier.is_valid(body=body, timestamp=timestamp, signature=signature)


def _is_ssl_check(body: bytes, content_type: str) -> bool:
    """Slack's `ssl_check=1` form (sent when a command's Request URL is saved): answered 200 as Bolt would, even
    unsigned, since Bolt answers it before checking signatures; it carries nothing and starts no work."""
    if not content_type.startswith("application/x-www-form-urlencoded") or len(body) > 4096:
        return False
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)).get("ssl_check") == "1"


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request's headers as Bolt reads them (lower-case, dashes): its signature and Slack's retry headers."""
    headers = {name.lower().replace("_", "-"): str(environ[name]) for name in ("CONTENT_TYPE",) if environ.get(name)}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].lower().replace("_", "-")] = str(value)
    return headers


def _plain(start_response: Callable[..., Any], status: int, text: str) -> Iterable[bytes]:
    body = text.encode()
    start_response(_STATUS[status], [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    413: "413 Payload Too Large",
}


def bind(application: WsgiApp, port: int, host: str = "0.0.0.0") -> _GuardedServer:  # noqa: S104
    """waitress, tuned as above, bound and listening on host:port (`.run()` serves); StartupError when it cannot."""
    resolve(host, port)  # waitress's own error for a name that does not resolve is "Invalid host/port specified."
    adj = Adjustments(
        host=host,
        port=port,
        threads=HTTP_THREADS,
        ident="numbers",
        connection_limit=CONNECTION_LIMIT,
        asyncore_use_poll=True,
        channel_timeout=IDLE_SECONDS,
        cleanup_interval=SWEEP_SECONDS,
        max_request_body_size=MAX_BODY_BYTES,
        max_request_header_size=64 * 1024,
        backlog=2048,
    )
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    try:
        return _GuardedServer(application, map={}, dispatcher=dispatcher, adj=adj, sockinfo=adj.listen[0])
    except OSError as exc:
        raise bind_error("PORT", host, port, exc) from None
