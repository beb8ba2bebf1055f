"""Fixtures for end-to-end tests: the real `python app.py` in HTTP mode against loopback Slack and Flireo fakes."""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from bot.ops.config import Settings
from tests.fakes.flireo import DEFAULT_API_KEY, FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.signing import (
    BOT_USER_ID,
    FORM,
    JSON,
    app_mention_event,
    block_actions_body,
    event_body,
    post_to_app,
    slash_command_body,
)
from tests.fakes.slack import DEFAULT_BOT_TOKEN, SlackFake

REPO_ROOT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = DEFAULT_BOT_TOKEN
FLIREO_API_KEY = DEFAULT_API_KEY
HEALTH_DEADLINE_SECONDS = 20.0

# Every setting the app reads must not leak in from the developer's shell (REDIS_URL, USER_RATE_LIMIT, ...).
_APP_SETTINGS = {name.upper() for name in Settings.model_fields}
_PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

_APPS_KEY = pytest.StashKey[list["AppProcess"]]()
_event_seq = itertools.count(1)


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# No read of the account as the process starts (the default POLL_SECONDS reads it at once, issue 22): a test of what a
# question meets on a cold cache (a fault, a count of Flireo requests) starts the app with these settings.
COLD_START: dict[str, str | None] = {"POLL_SECONDS": "0"}


def app_env(
    slack: SlackFake, flireo: FlireoFake | None, port: int, overrides: dict[str, str | None] | None
) -> dict[str, str]:
    """The child's environment: inherited minus Slack/Flireo/app settings/proxies, plus the test settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "FLIREO_")) and key.upper() not in _APP_SETTINGS | set(_PROXY_VARS)
    }
    env.update(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.url,
            "PORT": str(port),
            "LOG_LEVEL": "INFO",
            "CACHE_TTL_SECONDS": "60",
            "PYTHONUNBUFFERED": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
    )
    if flireo is not None:
        env["FLIREO_API_KEY"] = FLIREO_API_KEY
        env["FLIREO_API_URL"] = flireo.url
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


class AppProcess:
    """One running `python app.py` (HTTP mode) with helpers to send it signed Slack requests."""

    def __init__(
        self,
        slack: SlackFake,
        env: dict[str, str],
        log_path: Path,
        *,
        argv: list[str] | None = None,
        cwd: Path | None = None,
        signing_secret: str = SIGNING_SECRET,
    ) -> None:
        self.slack = slack
        self.env = env
        self.port = int(env["PORT"])
        self.log_path = log_path
        self.argv = argv or [sys.executable, str(REPO_ROOT / "app.py")]
        # Not the repo: the app reads .env from its working directory, and a developer's must not reach tests.
        self.cwd = cwd or log_path.parent
        self.signing_secret = signing_secret
        self.last: tuple[int, dict[str, str], bytes, float] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    # lifecycle -------------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """The child's pid while started."""
        return self._proc.pid if self._proc else None

    @property
    def returncode(self) -> int | None:
        """The exit code once the process ended, else None."""
        return self._proc.poll() if self._proc else None

    def start(self, wait: bool = True) -> AppProcess:
        """Launch the process; with wait=True block until `GET /healthz` answers 200 (pytest.fail otherwise)."""
        self._log = self.log_path.open("wb")
        self._proc = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float = HEALTH_DEADLINE_SECONDS) -> None:
        """Poll `/healthz` until 200; fail with the captured output if the process exits or the deadline passes."""
        assert self._proc is not None, "start() first"
        deadline = time.monotonic() + timeout
        last_error = "no answer yet"
        while True:
            code = self._proc.poll()
            if code is not None:
                pytest.fail(f"app exited with code {code} before becoming healthy; output:\n{self.logs()}")
            try:
                status, body = self.get("/healthz", timeout=1.0)
            except OSError as exc:  # connection refused while it boots, timeouts
                last_error = repr(exc)
            else:
                if status == 200:
                    return
                last_error = f"HTTP {status}: {body[:200]!r}"
            if time.monotonic() >= deadline:
                self.stop()
                pytest.fail(
                    f"app not healthy on {self.url}/healthz within {timeout}s ({last_error}); output:\n{self.logs()}"
                )
            # Waiting on the child doubles as the poll interval and notices an early exit at once.
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=0.1)

    def stop(self) -> int | None:
        """Terminate (then kill after 10 s); return the exit code. Safe to call twice."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None
        return proc.returncode if proc is not None else None

    def logs(self) -> str:
        """Everything the process wrote to stdout and stderr so far."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    # requests ---------------------------------------------------------------------------------------------

    def get(self, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
        """`GET {url}{path}` → (status, body); HTTP errors are returned, connection errors raise OSError."""
        try:
            with _NO_PROXY_OPENER.open(f"{self.url}{path}", timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        extra_headers: dict[str, str] | None = None,
        timeout: float = 10,
        secret: str | None = None,
    ) -> tuple[int, dict[str, str], bytes, float]:
        """Sign and POST a raw body to `/slack/events` → (status, headers, body, elapsed seconds)."""
        self.last = post_to_app(
            self.url,
            body,
            secret if secret is not None else self.signing_secret,
            content_type,
            timestamp=timestamp,
            extra_headers=extra_headers,
            timeout=timeout,
        )
        return self.last

    def command(
        self,
        text: str,
        *,
        user_id: str = "U0USER",
        channel_id: str = "C0CHAN",
        command: str = "/numbers",
        timeout: float = 10,
    ) -> tuple[int, str]:
        """Send `/numbers <text>` with a fresh response_url → (ack status, response_url); full answer in `.last`."""
        response_url = self.slack.response_url(label=f"{command} {text}")
        body = slash_command_body(text, response_url, command=command, user_id=user_id, channel_id=channel_id)
        status, *_ = self.post(body, FORM, timeout=timeout)
        return status, response_url

    def click(
        self,
        action_id: str,
        value: str,
        response_url: str | None = None,
        *,
        user_id: str = "U0USER",
        channel_id: str = "C0CHAN",
        message: dict[str, Any] | None = None,
        container: dict[str, Any] | None = None,
        block_id: str = "nav",
        timeout: float = 10,
    ) -> tuple[int, str]:
        """Click a button (`message=None` ⇒ an ephemeral message) → (HTTP status, response_url used)."""
        response_url = response_url or self.slack.response_url(label=f"click {action_id}")
        body = block_actions_body(
            action_id,
            value,
            response_url,
            user_id=user_id,
            channel_id=channel_id,
            message=message,
            container=container,
            block_id=block_id,
        )
        status, *_ = self.post(body, FORM, timeout=timeout)
        return status, response_url

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        extra_headers: dict[str, str] | None = None,
        timeout: float = 10,
    ) -> int:
        """Deliver an Events API event (unique event_id unless given) → HTTP status."""
        event_id = event_id or f"Ev{next(_event_seq):08d}"
        status, *_ = self.post(event_body(event, event_id=event_id), JSON, extra_headers=extra_headers, timeout=timeout)
        return status

    def mention(
        self, text: str, *, channel: str = "C0CHAN", user: str = "U0USER", ts: str | None = None
    ) -> tuple[int, str]:
        """Send `@numbers <text>` as an app_mention → (HTTP status, the mention's ts to expect as thread_ts)."""
        ts = ts or f"{1700000000 + next(_event_seq)}.000100"
        status = self.event(app_mention_event(f"<@{BOT_USER_ID}> {text}", channel=channel, user=user, ts=ts))
        return status, ts


# fixtures -----------------------------------------------------------------------------------------------------


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A running FlireoFake with make_numbers(120) and 3 shared numbers."""
    with FlireoFake(make_numbers(120), shared=make_shared_numbers(3)) as fake:
        yield fake


@pytest.fixture
def slack() -> Iterator[SlackFake]:
    """A running SlackFake (bot token xoxb-test-token)."""
    with SlackFake(bot_token=BOT_TOKEN) as fake:
        yield fake


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """The app's history store, each test run on both: SQLite in DATA_DIR (the default), or a new PostgreSQL
    database on the session's server (DATABASE_URL)."""
    if request.param == "sqlite":
        return {}
    return {"DATABASE_URL": request.getfixturevalue("database_url")}


@pytest.fixture
def start_app(
    request: pytest.FixtureRequest, flireo: FlireoFake, slack: SlackFake, tmp_path: Path
) -> Iterator[Callable[..., AppProcess]]:
    """Factory `start_app(env_overrides=None, *, wait=True)`: run `python app.py`, wait for /healthz; None unsets."""
    # env_overrides: {"FLIREO_API_KEY": None} removes a variable (demo data); {"PAGE_SIZE": "5"} sets one.
    # Every started process is stopped at teardown; a failing test gets each app's output in its report.
    started: list[AppProcess] = []
    request.node.stash[_APPS_KEY] = started

    def _start(env_overrides: dict[str, str | None] | None = None, *, wait: bool = True) -> AppProcess:
        port = int((env_overrides or {}).get("PORT") or free_port())
        env = app_env(slack, flireo, port, env_overrides)
        app = AppProcess(slack, env, tmp_path / f"app-{len(started) + 1}.log")
        started.append(app)
        return app.start(wait=wait)

    yield _start
    for app in started:
        app.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach each started app's output to the report of a failing test."""
    report = yield
    if report.failed and report.when == "call":
        for i, app in enumerate(item.stash.get(_APPS_KEY, []), start=1):
            report.sections.append((f"app {i} output ({' '.join(app.argv)})", app.logs()))
    return report
