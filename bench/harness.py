"""Processes and timed commands for the benchmark: a bot subprocess in HTTP mode, signed slash commands."""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from bot.ops.config import Settings
from tests.fakes.flireo import DEFAULT_API_KEY, FlireoFake
from tests.fakes.signing import FORM, post_to_app, slash_command_body
from tests.fakes.slack import DEFAULT_BOT_TOKEN, SlackFake

REPO_ROOT = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "bench-signing-secret"
HEALTH_DEADLINE_SECONDS = 20.0
ANSWER_TIMEOUT_SECONDS = 40.0
OURS = [sys.executable, str(REPO_ROOT / "app.py")]
NAIVE = [sys.executable, "-m", "bench.naive_bot"]
# Our app with the limiter's window scaled like the rest of the time-scaled steady load (see bench/scaled_app.py).
OURS_SCALED = [sys.executable, "-m", "bench.scaled_app"]

# Every setting the app reads (SPEC §6), so none leaks in from the developer's shell (or a Redis URL joins replicas).
_APP_SETTINGS = {name.upper() for name in Settings.model_fields}
_users = itertools.count(1)
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(slack: SlackFake, flireo: FlireoFake, port: int, **settings: str) -> dict[str, str]:
    """The child's environment: ours minus the app's settings and proxies, plus the bench's."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key.upper() not in _APP_SETTINGS and "PROXY" not in key.upper()
    }
    env.update(
        SLACK_BOT_TOKEN=DEFAULT_BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.url,
        FLIREO_API_KEY=DEFAULT_API_KEY,
        FLIREO_API_URL=flireo.url,
        PORT=str(port),
        LOG_LEVEL="WARNING",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        # Each bot starts with no stored history (a cold start is cold) and no background refresh of its own.
        DATA_DIR=tempfile.mkdtemp(prefix="numbers-bench-"),
        POLL_SECONDS="0",
    )
    env.update(settings)
    return env


@dataclass(frozen=True)
class Timing:
    """One command: ack status and seconds, answer seconds (None: no answer), and the reply's text."""

    ack_status: int
    ack: float
    answer: float | None
    text: str
    warned: bool = False

    @property
    def ok(self) -> bool:
        """Acked and answered, without a warning (an error, stale data or a notice) anywhere in the reply."""
        return self.ack_status == 200 and self.answer is not None and not self.warned


class BotProcess:
    """A bot (`python app.py` or the naive one) in HTTP mode on a free port."""

    def __init__(self, name: str, argv: list[str], slack: SlackFake, flireo: FlireoFake, logs: Path, **settings: str):
        self.name = name
        self.argv = argv
        self.slack = slack
        self.port = free_port()
        self.env = bot_env(slack, flireo, self.port, **settings)
        self.log_path = logs / f"{name}-{self.port}.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> BotProcess:
        """Start and wait for /healthz."""
        self._log = self.log_path.open("wb")
        self._proc = subprocess.Popen(
            # Run from the logs folder, not the repo: a developer's .env there must not reach the bench's bots.
            self.argv,
            cwd=self.log_path.parent,
            env={**self.env, "PYTHONPATH": str(REPO_ROOT)},
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + HEALTH_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; see {self.log_path}")
            with contextlib.suppress(OSError), _NO_PROXY.open(f"{self.url}/healthz", timeout=1) as resp:
                if resp.status == 200:
                    return self
            time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"{self.name} not healthy within {HEALTH_DEADLINE_SECONDS}s; see {self.log_path}")

    def __exit__(self, *exc: object) -> None:
        """Terminate (kill after 10 s)."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def rss_mb(self) -> float:
        """Resident memory (VmRSS from /proc/PID/status) in MiB."""
        assert self._proc is not None
        for line in Path(f"/proc/{self._proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def send(self, text: str) -> tuple[str, float, int, float]:
        """POST a signed `/numbers text` → (response_url, sent at, ack status, ack seconds)."""
        response_url = self.slack.response_url(label=f"{self.name}: {text}")
        # A different user each time, as in a team: the bot limits how fast one user may ask.
        body = slash_command_body(text, response_url, user_id=f"U0BENCH{next(_users):06d}")
        sent = time.monotonic()
        try:
            status, _, _, _ = post_to_app(self.url, body, SIGNING_SECRET, FORM, timeout=ANSWER_TIMEOUT_SECONDS)
        except (OSError, urllib.error.URLError):
            status = 0
        return response_url, sent, status, time.monotonic() - sent

    def await_answer(self, response_url: str, sent: float, status: int, ack: float) -> Timing:
        """Wait for the reply on `response_url`: seconds from the POST to the reply's arrival."""
        try:
            reply = self.slack.wait_for_response(response_url, timeout=ANSWER_TIMEOUT_SECONDS)
        except AssertionError:
            return Timing(status, ack, None, "")
        return Timing(status, ack, reply.time - sent, str(reply.body.get("text", "")), _failed(reply.body))

    def command(self, text: str) -> Timing:
        """One command, timed from its POST to its response_url reply."""
        return self.await_answer(*self.send(text))


def median_ms(values: list[float]) -> float:
    """Median in milliseconds."""
    return statistics.median(values) * 1000


def percentile_ms(values: list[float], pct: float) -> float:
    """Nearest-rank percentile in milliseconds."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1] * 1000


def _failed(body: dict[str, Any]) -> bool:
    """An error reply or stale data: an error is a section opening with :warning:, stale data says so. A warning in a
    card's header (a looked-up number no assistant answers, issue 21) is an answer, not a failure."""
    sections = [
        block.get("text", {}).get("text", "") for block in body.get("blocks", []) if block.get("type") == "section"
    ]
    return any(text.startswith(":warning:") for text in sections) or "stale since" in json.dumps(body)
