"""Builds the Bolt app and runs it: HTTP on a production WSGI server (waitress) or Socket Mode."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

import handlers
from bot.container import Container
from bot.ops.config import Settings

log = logging.getLogger(__name__)

# Bolt acks a command only once one of these threads runs its listener; listeners only ack and hand the answer
# to the container's answer threads, so these never wait on Flireo and acks stay fast under any burst.
LISTENER_THREADS = 32
# waitress request threads: they only verify, ack and hand over, so a few go a long way.
HTTP_THREADS = 16
SLACK_RETRIES = 2

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def slack_client(settings: Settings) -> WebClient:
    """The Web API client, retrying Slack's 429s per Retry-After and dropped connections."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    client = WebClient(token=token, base_url=settings.slack_api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=SLACK_RETRIES))
    client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=SLACK_RETRIES))
    return client


class _TokenFromClientNote(logging.Filter):
    """Drops Bolt's start-up warning that `token` is unused: Bolt reads SLACK_BOT_TOKEN from the environment by
    itself, while ours comes (maybe from .env) through the WebClient we pass it, on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but that one."""
        return "`token` will be unused" not in record.getMessage()


def build_app(settings: Settings, deps: Container) -> App:
    """The Bolt app with every listener registered."""
    logging.getLogger("slack_bolt.App").addFilter(_TokenFromClientNote())
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    app = App(
        client=slack_client(settings),
        signing_secret=secret,
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="listener"),
        # Socket Mode needs no signature: the connection itself is authenticated.
        request_verification_enabled=settings.slack_app_token is None,
    )
    handlers.register(app, deps)

    @app.error
    def report_error(error: Exception) -> None:
        log.error("unhandled error in a listener: %s", type(error).__name__, exc_info=error)

    return app


def health(deps: Container) -> dict[str, Any]:
    """What /healthz says: the snapshot's age and the last upstream error; never calls Flireo."""
    state = deps.numbers.health()
    return {
        "status": "ok",
        "demo": deps.settings.demo,
        "snapshot_age_seconds": None if state.snapshot_age_seconds is None else round(state.snapshot_age_seconds, 1),
        "snapshot_numbers": state.snapshot_size,
        "last_upstream_error": state.last_error,
        "failing_since": state.failing_since.isoformat() if state.failing_since else None,
        "upstream_requests": state.upstream_requests,
        "flireo_rate_limit": deps.budget.upstream_health() if deps.budget else None,
        **(deps.redis.status() if deps.redis else {}),
    }


def wsgi_app(app: App, deps: Container) -> WsgiApp:
    """Slack's `POST /slack/events` through Bolt's WSGI adapter, plus `GET /healthz`."""
    slack = SlackRequestHandler(app, path="/slack/events")

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            body = json.dumps(health(deps)).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return slack(environ, start_response)

    return application


def serve_http(app: App, deps: Container, port: int) -> None:
    """Serve HTTP mode on 0.0.0.0:port with waitress until interrupted."""
    from waitress import serve

    log.info("numbers listening on http://0.0.0.0:%d (POST /slack/events, GET /healthz)", port)
    serve(wsgi_app(app, deps), host="0.0.0.0", port=port, threads=HTTP_THREADS, ident="numbers")  # noqa: S104


def serve_socket_mode(app: App, settings: Settings) -> None:
    """Connect to Slack over Socket Mode until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    log.info("numbers connecting to Slack in Socket Mode")
    SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
