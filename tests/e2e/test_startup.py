"""Start-up failures as an operator meets them at 3 a.m.: one line naming the setting and what to do, exit 2."""

from __future__ import annotations

import contextlib
import os
import pty
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import BOT_TOKEN, SIGNING_SECRET, free_port
from tests.e2e.test_cli import APP, CLEAN_ENV, WORKDIR, _read_until, run_app
from tests.fakes.slack import DEFAULT_APP_TOKEN, SlackFake

EXIT_CONFIG = 2


def http_mode(slack: SlackFake, **extra: str) -> dict[str, str]:
    """HTTP mode's settings against the Slack fake, on a free port."""
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "PORT": str(free_port()),
        **extra,
    }


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The process's only output line, after checking it stopped with exit 2 and no traceback."""
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == EXIT_CONFIG, output
    assert "Traceback" not in output
    assert "listening" not in output
    assert len(output.splitlines()) == 1, output
    return output


@pytest.fixture
def held_port() -> Iterator[int]:
    """A port another process (here: this one) is listening on, as an old numbers still running would."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("0.0.0.0", 0))  # noqa: S104 - like the app's default HOST
        sock.listen()
        yield int(sock.getsockname()[1])


def test_a_port_still_held_by_an_old_process_is_one_line_naming_port(slack: SlackFake, held_port: int) -> None:
    line = one_line(run_app(env=http_mode(slack, PORT=str(held_port))))
    assert line == f"numbers: PORT {held_port} is in use (another numbers process?): stop it or set PORT"


def test_a_port_in_use_is_said_first_even_when_slack_cannot_be_reached(held_port: int) -> None:
    unreachable = {"SLACK_API_URL": f"http://127.0.0.1:{free_port()}/api/"}  # nothing listens there
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": str(held_port), **unreachable}
    line = one_line(run_app(env=env))
    assert line == f"numbers: PORT {held_port} is in use (another numbers process?): stop it or set PORT"


def test_a_health_port_still_held_is_one_line_naming_health_port(slack: SlackFake, held_port: int) -> None:
    line = one_line(run_app(env=http_mode(slack, HEALTH_PORT=str(held_port))))
    assert line == f"numbers: HEALTH_PORT {held_port} is in use (another numbers process?): stop it or set HEALTH_PORT"


def test_a_health_port_held_stops_socket_mode_before_it_connects(slack: SlackFake, held_port: int) -> None:
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": DEFAULT_APP_TOKEN, "SLACK_API_URL": slack.url}
    line = one_line(run_app(env={**env, "HEALTH_PORT": str(held_port)}))
    assert line == f"numbers: HEALTH_PORT {held_port} is in use (another numbers process?): stop it or set HEALTH_PORT"


@pytest.mark.parametrize("host", ["999.1.1.1", "no-such-host.invalid"])
def test_a_host_that_does_not_resolve_is_one_line_naming_host(slack: SlackFake, host: str) -> None:
    line = one_line(run_app(env=http_mode(slack, HOST=host)))
    assert line.startswith(f"numbers: HOST {host} is not an address of this machine")
    assert "set HOST to one of its addresses" in line


def test_a_host_address_of_another_machine_is_one_line_naming_host(slack: SlackFake) -> None:
    # 192.0.2.0/24 is TEST-NET-1 (RFC 5737): documentation only, never an address of this machine.
    line = one_line(run_app(env=http_mode(slack, HOST="192.0.2.7")))
    assert line.startswith("numbers: HOST 192.0.2.7 is not an address of this machine: set HOST")


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DEFAULT_REGION", "XX", "numbers: DEFAULT_REGION: must be a region code phonenumbers knows"),
        ("ALLOWED_USER_IDS", "#general", "numbers: ALLOWED_USER_IDS: entry 1 is not a Slack user id: one is U… or W…"),
        ("ALLOWED_CHANNEL_IDS", "not an id!", "numbers: ALLOWED_CHANNEL_IDS: entry 1 is not a Slack channel id"),
        ("SLACK_APP_TOKEN", "xoxb-1-app", "numbers: SLACK_APP_TOKEN: must start with xapp- "),
        ("SLACK_BOT_TOKEN", "xapp-1-bot", "numbers: SLACK_BOT_TOKEN: must start with xoxb- "),
        ("FLIREO_MAX_REQUESTS_PER_MINUTE", "1", "numbers: FLIREO_MAX_REQUESTS_PER_MINUTE: must be at least 2"),
        ("DATA_DIR", "/proc/numbers-data", "numbers: DATA_DIR: /proc/numbers-data cannot be created in /proc"),
    ],
)
def test_a_setting_that_cannot_work_is_one_line_naming_it(name: str, value: str, expected: str) -> None:
    # `ask` would run with any Slack setting: each of these stops even it, before a question is read.
    key = {"FLIREO_API_KEY": "k", "FLIREO_API_URL": "http://127.0.0.1:9"} if name == "DATA_DIR" else {}
    line = one_line(run_app("ask", "stats", env={name: value, **key}))
    assert line.startswith(expected)
    if name.endswith("_TOKEN"):
        assert value not in line


def run_on_a_terminal(env: dict[str, str]) -> tuple[int, str]:
    """`python app.py` on a pseudo-terminal, expected to stop at once → (exit status, everything it wrote)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, APP], cwd=WORKDIR, env={**CLEAN_ENV, **env}, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    try:
        code = proc.wait(timeout=30)
        seen = _read_until(leader, "numbers: ", timeout=5)
        with contextlib.suppress(OSError):  # the terminal closed with the process: everything was read
            seen += os.read(leader, 65536).decode(errors="replace")
        return code, seen
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)


def test_a_bot_token_alone_on_a_terminal_says_what_is_missing_instead_of_a_console() -> None:
    code, seen = run_on_a_terminal({"SLACK_BOT_TOKEN": "xoxb-1-alone"})
    assert code == EXIT_CONFIG
    assert "numbers> " not in seen
    assert (
        "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: "
        "set one, or unset SLACK_BOT_TOKEN for the console"
    ) in seen


def test_an_app_token_alone_on_a_terminal_names_the_bot_token_and_does_not_promise_a_console() -> None:
    code, seen = run_on_a_terminal({"SLACK_APP_TOKEN": "xapp-1-alone"})
    assert code == EXIT_CONFIG
    assert "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode needs it too" in seen
    assert "On a terminal it runs as a console" not in seen
