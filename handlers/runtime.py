"""Builds the Bolt app and runs it: HTTP on a hardened WSGI server (waitress) or Socket Mode, with /healthz."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

import handlers
from bot.container import Container
from bot.inventory.outbox import OutboxStatus
from bot.inventory.store_health import HistoryUnavailable
from bot.monitoring.health import serve_health
from bot.monitoring.metrics import CONTENT_TYPE as METRICS_TYPE
from bot.monitoring.metrics import Metrics, Sources
from bot.ops.config import Settings
from bot.tls import tls_context
from handlers import http_server
from handlers.bolt_http import bolt_dispatch
from handlers.delivery import HTTP_TIMEOUT_SECONDS, Delivery
from handlers.http_server import SLACK_EVENTS_PATH, WsgiApp, guard
from handlers.socket_connection import app_token_rejection, open_connection_url
from handlers.socket_mode import SocketModeRunner
from handlers.socket_opener import LINK_DISABLED, Opener
from handlers.socket_slots import SLACK_MAX_CONNECTIONS, SharedSlots

log = logging.getLogger(__name__)

# Bolt acks a command only once one of these threads runs its listener; listeners only ack and hand the answer
# to the container's answer threads, so these never wait on Flireo and acks stay fast under any burst.
LISTENER_THREADS = 32
SLACK_RETRIES = 2


def slack_client(settings: Settings, *, sleeps_in_429: bool = True) -> WebClient:
    """The Web API client, retrying dropped connections, and Slack's 429s per Retry-After when `sleeps_in_429`.

    Bolt's own client (auth.test at start-up) may sleep in a Retry-After; the delivery workers' client must not:
    they queue a rate-limited message again instead, so a thread never sleeps while others wait.
    """
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    client = WebClient(token=token, base_url=settings.slack_api_url, timeout=HTTP_TIMEOUT_SECONDS, ssl=tls_context())
    if sleeps_in_429:
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=SLACK_RETRIES))
    client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=SLACK_RETRIES))
    return client


class _TokenFromClientNote(logging.Filter):
    """Drops Bolt's start-up warning that `token` is unused: Bolt reads SLACK_BOT_TOKEN from the environment by
    itself, while ours comes (maybe from .env) through the WebClient we pass it, on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but that one."""
        return "`token` will be unused" not in record.getMessage()


class _NoRequestBodies(logging.Filter):
    """Bolt puts request bodies in some warnings ("… for the request ({body})"): keep the sentence, drop the body."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite such records in place; never drops one."""
        message = record.getMessage()
        if "request (" in message:
            record.msg, record.args = message.split("request (", 1)[0] + "request (body not logged)", None
        return True


def build_app(settings: Settings, deps: Container) -> App:
    """The Bolt app with every listener registered."""
    bolt_log = logging.getLogger("slack_bolt.App")
    bolt_log.addFilter(_TokenFromClientNote())
    bolt_log.addFilter(_NoRequestBodies())
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    app = App(
        client=slack_client(settings),
        signing_secret=secret,
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="listener"),
        # Socket Mode needs no signature: the connection itself is authenticated.
        request_verification_enabled=settings.slack_app_token is None,
    )
    out = Delivery(slack_client(settings, sleeps_in_429=False))
    out.start()
    handlers.register(app, deps, out)

    @app.error
    def report_error(error: Exception) -> None:
        log.error("unhandled error in a listener: %s", type(error).__name__, exc_info=error)

    return app


_SLACK_ERROR = re.compile(r"'error': '([a-z_]{1,40})'")


def start_failure(exc: Exception, api_url: str) -> str:
    """The one line a start gets when Slack's auth.test fails: Slack not reached, or the token refused (which)."""
    if isinstance(exc, OSError):  # urllib's URLError too: refused, unresolvable, timed out
        reason = getattr(exc, "reason", None) or type(exc).__name__
        return f"could not reach Slack at {api_url} ({reason}): check the network or proxy, or SLACK_API_URL."
    # Bolt says a refused token as "`token` is invalid (auth.test result: {... 'error': 'invalid_auth' ...})".
    said = exc.response.get("error") if isinstance(exc, SlackApiError) and exc.response is not None else None
    error = said or next(iter(_SLACK_ERROR.findall(str(exc))), "refused")
    return f"Slack did not accept SLACK_BOT_TOKEN ({error}): check the token (xoxb-…) and the app's install."


def health(deps: Container, socket_mode: SocketModeRunner | None = None) -> dict[str, Any]:
    """What /healthz says: snapshot age, last upstream error, Socket Mode connections; never calls Flireo."""
    state = deps.numbers.health()
    if deps.redis:
        deps.redis.check_memory()  # one GET: a Redis that forgot everything is said here, not only after a poll
    report: dict[str, Any] = {
        "status": "ok",
        "demo": deps.settings.demo,
        "snapshot_age_seconds": None if state.snapshot_age_seconds is None else round(state.snapshot_age_seconds, 1),
        "snapshot_numbers": state.snapshot_size,
        "last_upstream_error": state.last_error,
        "failing_since": state.failing_since.isoformat() if state.failing_since else None,
        "upstream_requests": state.upstream_requests,
        "reading": state.reading,
        # Flireo's records that disagree (one id, two numbers; one number, two ids): kept, and said (at most 10).
        "flireo_conflicts": list(state.conflicts[:10]),
        "flireo_rate_limit": deps.budget.upstream_health() if deps.budget else None,
        "history": deps.history.store.health().as_json() if deps.history else _no_history(deps),
        # Watches Slack refuses for good (the bot not in the channel): each told to whoever set it, and counted here.
        "broken_watches": deps.watches.broken_count() if deps.watches else None,
        # Watch posts stored and not yet sent (Slack rate-limited or failing), and those given up.
        "outbox": _outbox(deps),
        "slack_events_rate_limited": deps.events_rate_limited.status(),
        **(deps.redis.status() if deps.redis else {}),
    }
    if socket_mode is not None:
        sockets = report["socket_mode"] = socket_mode.status()
        if sockets["state"] == LINK_DISABLED:
            report["status"] = LINK_DISABLED  # and HTTP 503: Socket Mode is switched off in the app's settings
        elif sockets["connections"] == 0 and sockets["waiting_for_a_shared_slot"]:
            report["status"] = "standby"  # other replicas hold all of Slack's connections: healthy, waiting
        elif sockets["connections"] == 0:
            report["status"] = "disconnected"  # and HTTP 503: a worker that cannot hear Slack is not healthy
    return report


def outbox_status(deps: Container) -> OutboxStatus | None:
    """What waits in the watch-post outbox; None without watches, or when the store cannot say."""
    if deps.history is None or deps.watches is None:
        return None
    try:
        return deps.history.store.outbox_status()
    except HistoryUnavailable:  # the store's trouble is /healthz's "history"
        return None


def _outbox(deps: Container) -> dict[str, Any] | None:
    status = outbox_status(deps)
    return status.as_json(datetime.now(UTC)) if status is not None else None


def _no_history(deps: Container) -> dict[str, Any]:
    return {"state": "off", "since": None, "reason": deps.numbers.no_history[0], "set_aside": None}


def health_response(deps: Container, socket_mode: SocketModeRunner | None = None) -> tuple[int, dict[str, Any]]:
    """/healthz's HTTP status and body."""
    report = health(deps, socket_mode)
    return (200 if report["status"] in ("ok", "standby") else 503), report


def metrics_of(deps: Container, socket_mode: SocketModeRunner | None = None) -> Metrics:
    """GET /metrics for this process, read from the same sources as /healthz."""
    history = deps.history.store.health if deps.history else None
    status = socket_mode.status if socket_mode is not None else None
    return Metrics(Sources(deps.numbers.health, deps.budget, history, status, lambda: outbox_status(deps)))


def wsgi_app(app: App, deps: Container, metrics: Metrics | None = None) -> WsgiApp:
    """Slack's `POST /slack/events` (signed requests only, parsed once by the guard) into Bolt, `GET /healthz` and
    `GET /metrics`."""
    secret = deps.settings.slack_signing_secret
    slack = guard(bolt_dispatch(app), secret.get_secret_value() if secret else "")

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        reading = environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        if path == "/healthz" and reading:
            body = json.dumps(health(deps)).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        if path == "/metrics" and reading and metrics is not None:
            body = metrics.exposition()
            start_response("200 OK", [("Content-Type", METRICS_TYPE), ("Content-Length", str(len(body)))])
            return [body]
        if path == SLACK_EVENTS_PATH:
            return slack(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "10")])
        return [b"not found\n"]

    return application


def leave_posts_pending_on_sigterm(deps: Container) -> None:
    """At SIGTERM (a deploy) the outbox stops claiming and leaves its unsent posts pending, then the process ends as
    SIGTERM always ended it; SIGKILL leaves them claimed until their claim runs out (bot/inventory/outbox.py)."""
    if deps.outbox is None or threading.current_thread() is not threading.main_thread():
        return
    sender = deps.outbox

    def on_sigterm(signum: int, _frame: object) -> None:
        sender.stop()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(signal.SIGTERM, on_sigterm)


def serve_http(app: App, deps: Container, port: int, host: str = "0.0.0.0") -> None:  # noqa: S104
    """Serve HTTP mode on host:port (HOST, every interface by default; /healthz on HEALTH_PORT too when set).

    Both ports are bound before watch posts are sent or it says "listening": StartupError names the one that failed.
    """
    metrics = metrics_of(deps)
    server = http_server.bind(wsgi_app(app, deps, metrics), port, host)
    if deps.settings.health_port is not None:
        # The same address as the app: /healthz tells the snapshot's size and the key's rate-limit state.
        serve_health(deps.settings.health_port, lambda: health_response(deps), host, metrics.exposition)
    leave_posts_pending_on_sigterm(deps)
    deps.start_sending()  # the account is being read already (app.py starts it while the rest starts)
    log.info("numbers listening on http://%s:%d (POST /slack/events, GET /healthz, GET /metrics)", host, port)
    server.run()


def serve_socket_mode(app: App, deps: Container) -> bool:
    """Keep Socket Mode connections to Slack until interrupted (/healthz on HEALTH_PORT when set).

    False at once when Slack rejects SLACK_APP_TOKEN: retrying a wrong token would only hide the mistake.
    """
    settings = deps.settings
    assert settings.slack_app_token is not None
    app_token = settings.slack_app_token.get_secret_value()
    call = open_connection_url(app_token, settings.slack_api_url)
    opener = Opener(call, per_minute=settings.socket_mode_opens_per_minute)
    if (rejection := app_token_rejection(opener)) is not None:
        log.error("could not start: Slack did not accept SLACK_APP_TOKEN (%s)", rejection)
        return False
    slots = SharedSlots(deps.redis, app_token) if deps.redis else None
    runner = SocketModeRunner(
        app,
        opener,
        connections=settings.socket_mode_connections,
        ping_seconds=settings.socket_mode_ping_seconds,
        slots=slots,
    )
    if settings.health_port is not None:  # bound first: a port in use stops start-up before anything runs
        report = lambda: health_response(deps, runner)  # noqa: E731
        serve_health(settings.health_port, report, settings.host, metrics_of(deps, runner).exposition)
    leave_posts_pending_on_sigterm(deps)
    deps.start_background()  # only now: a process that exits on a wrong token must not spend Flireo's budget first
    log.info("numbers connecting to Slack in Socket Mode (%d connections)", runner.wanted)
    if slots is not None and (held := slots.held_elsewhere()) + runner.wanted > SLACK_MAX_CONNECTIONS:
        log.warning(
            "Socket Mode: other replicas hold %d of Slack's %d connections for this app; this one opens at most %d "
            "until they close some",
            held,
            SLACK_MAX_CONNECTIONS,
            max(0, SLACK_MAX_CONNECTIONS - held),
        )
    runner.start()
    try:
        threading.Event().wait()  # the runner's threads do the work; Ctrl-C or SIGTERM ends the process
    finally:
        runner.stop()
    return True
