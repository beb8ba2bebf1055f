"""One websocket to Slack's Socket Mode (websocket-client) and how to get its URL; the runner supervises these."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import websocket
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.socket_opener import Opener

CONNECT_TIMEOUT_SECONDS = 10.0

OpenUrl = Callable[[], str]


def open_connection_url(app_token: str, api_url: str) -> OpenUrl:
    """A function that asks Slack's `apps.connections.open` for a fresh websocket URL (it holds a ticket)."""
    client = WebClient(token=app_token, base_url=api_url, timeout=int(CONNECT_TIMEOUT_SECONDS))

    def open_url() -> str:
        response = client.apps_connections_open(app_token=app_token)
        url = response.get("url")
        if not isinstance(url, str) or not url.startswith(("ws://", "wss://")):
            raise ConnectionError("apps.connections.open gave no websocket URL")
        return url

    return open_url


# What apps.connections.open answers for a token that will never work (as opposed to Slack being unreachable).
TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive", "token_revoked"})


def app_token_rejection(opener: Opener) -> str | None:
    """Slack's error when it rejects the app-level token outright, else None (also when Slack is unreachable).

    The check is the first connection's own call: its URL is kept for that connection, not thrown away.
    """
    try:
        url = opener.next_url()
    except SlackApiError as exc:
        error = str(exc.response.get("error", ""))
        return error if error in TOKEN_ERRORS else None
    except Exception:  # unreachable or slow: the runner keeps trying and says so
        return None
    if url is not None:
        opener.keep_spare(url)
    return None


@dataclass(eq=False)
class Connection:
    """One websocket to Slack and what the watchdog needs to know about it."""

    slot: int
    ws: websocket.WebSocket
    opened_at: float
    last_heard: float
    lease: int = -1  # the shared connection slot it holds (-1: none, no Redis)
    hello: threading.Event = field(default_factory=threading.Event)
    retiring: bool = False
    end_reason: str | None = None
    closing_since: float | None = None  # a close frame was sent; the watchdog cuts it if Slack does not answer

    def send(self, text: str) -> bool:
        """Send a text frame; False when the connection is gone (Slack redelivers what was not acked)."""
        try:
            self.ws.send(text)
            return True
        except (OSError, websocket.WebSocketException):
            return False

    def end(self, reason: str, *, graceful: bool = False) -> None:
        """Close from outside the reader: the first reason given is the one logged.

        Graceful: send a close frame and let the reader wait for Slack's (so Slack counts the slot free before a
        replacement opens); otherwise cut the socket at once (a silent or broken connection).
        """
        if self.end_reason is None:
            self.end_reason = reason
        if graceful and self.closing_since is None:
            self.closing_since = time.monotonic()
            with contextlib.suppress(OSError, websocket.WebSocketException):
                self.ws.send_close()
            return
        self.cut()

    def cut(self) -> None:
        """Close without waiting for Slack's close frame."""
        sock = self.ws.sock
        if self.closing_since is None:
            with contextlib.suppress(OSError, websocket.WebSocketException):
                self.ws.send_close()
        if sock is not None:  # wakes the reader blocked in recv (ws.abort() would not: send_close unset `connected`)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def ping(self) -> None:
        """Ask the other end for a pong; a failure ends the connection."""
        try:
            self.ws.ping()
        except (OSError, websocket.WebSocketException):
            self.end("ping failed")


def connect(url: str, slot: int, now: float, lease: int = -1) -> Connection:
    """Open the websocket; reads block (the runner's watchdog ends connections that go quiet)."""
    # websocket-client checks a text frame's UTF-8 in pure Python: 1.2 s for a 1.35 MiB envelope, long enough for
    # the watchdog to take the connection for dead. json.loads checks it again anyway (invalid UTF-8 is refused).
    ws = websocket.create_connection(
        url, timeout=CONNECT_TIMEOUT_SECONDS, enable_multithread=True, skip_utf8_validation=True
    )
    ws.settimeout(None)
    return Connection(slot, ws, opened_at=now, last_heard=now, lease=lease)


def close_code(data: bytes) -> str:
    """A close frame's status code, for the log."""
    return f"code {int.from_bytes(data[:2], 'big')}" if len(data) >= 2 else "no code"


def describe(exc: BaseException) -> str:
    """A short reason without URLs (a websocket URL carries a ticket)."""
    if isinstance(exc, websocket.WebSocketConnectionClosedException):
        return "connection dropped"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, SlackApiError):
        return f"apps.connections.open: {str(exc.response.get('error', 'failed'))[:40]}"
    return type(exc).__name__
