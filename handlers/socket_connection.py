"""One websocket to Slack's Socket Mode (websocket-client) and how to get its URL; the runner supervises these."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import websocket
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

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


def app_token_rejection(open_url: OpenUrl) -> str | None:
    """Slack's error when it rejects the app-level token outright, else None (also when Slack is unreachable)."""
    try:
        open_url()  # the URL's ticket is simply left unused
    except SlackApiError as exc:
        error = str(exc.response.get("error", ""))
        return error if error in TOKEN_ERRORS else None
    except Exception:  # unreachable or slow: the runner keeps trying and says so
        return None
    return None


@dataclass(eq=False)
class Connection:
    """One websocket to Slack and what the watchdog needs to know about it."""

    slot: int
    ws: websocket.WebSocket
    opened_at: float
    last_heard: float
    hello: threading.Event = field(default_factory=threading.Event)
    retiring: bool = False
    end_reason: str | None = None

    def send(self, text: str) -> bool:
        """Send a text frame; False when the connection is gone (Slack redelivers what was not acked)."""
        try:
            self.ws.send(text)
            return True
        except (OSError, websocket.WebSocketException):
            return False

    def end(self, reason: str) -> None:
        """Close from outside the reader: the first reason given is the one logged."""
        if self.end_reason is None:
            self.end_reason = reason
        sock = self.ws.sock
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


def connect(url: str, slot: int, now: float) -> Connection:
    """Open the websocket; reads block (the runner's watchdog ends connections that go quiet)."""
    ws = websocket.create_connection(url, timeout=CONNECT_TIMEOUT_SECONDS, enable_multithread=True)
    ws.settimeout(None)
    return Connection(slot, ws, opened_at=now, last_heard=now)


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
