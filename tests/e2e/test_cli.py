"""`python app.py ask`, the console on a terminal, and start-up errors, as a user runs them."""

from __future__ import annotations

import json
import os
import pty
import select
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.ops.config import Settings
from tests.e2e.conftest import FLIREO_API_KEY, REPO_ROOT
from tests.fakes.flireo import FlireoFake

SETTINGS = {name.upper() for name in Settings.model_fields}
CLEAN_ENV = {key: value for key, value in os.environ.items() if key.upper() not in SETTINGS}
# Not the repo: the app reads .env from its working directory, and a developer's must not reach tests.
WORKDIR = Path(tempfile.mkdtemp(prefix="numbers-cli-"))
APP = str(REPO_ROOT / "app.py")


def run_app(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run `python app.py ARGS` off a terminal."""
    return subprocess.run(
        [sys.executable, APP, *args],
        cwd=WORKDIR,
        env={**CLEAN_ENV, **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_ask_answers_from_a_flireo_url(flireo: FlireoFake) -> None:
    result = run_app("ask", "available", "local", env={"FLIREO_API_KEY": FLIREO_API_KEY, "FLIREO_API_URL": flireo.url})
    expected = sum(1 for n in flireo.numbers if n["available"] and n["number_type"] == "local")
    assert result.returncode == 0, result.stderr
    assert f"Available local numbers: {expected} found" in result.stdout
    assert "demo data" not in result.stdout
    assert flireo.request_count("/v1/phone-numbers", exact=True) >= 1
    assert FLIREO_API_KEY not in result.stdout + result.stderr


def test_ask_without_a_key_answers_from_demo_data() -> None:
    result = run_app("ask", "available", "local")
    assert result.returncode == 0, result.stderr
    assert "Available local numbers:" in result.stdout
    assert "demo data" in result.stdout


def test_ask_json_prints_the_block_kit_message() -> None:
    result = run_app("ask", "--json", "find", "020", "123", "4567")
    message = json.loads(result.stdout)
    assert result.returncode == 0
    assert message["text"].startswith("Linked to Billing Desk · +31 20 123 4567")
    assert message["blocks"][0]["type"] == "header"


def test_ask_says_plainly_when_flireo_rejects_the_key(flireo: FlireoFake) -> None:
    result = run_app("ask", "stats", env={"FLIREO_API_KEY": "wrong-key", "FLIREO_API_URL": flireo.url})
    assert result.returncode == 1
    assert "API key was rejected" in result.stdout
    assert "wrong-key" not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_off_a_terminal_without_slack_credentials_it_exits_2_naming_them() -> None:
    result = run_app()
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr
    assert "SLACK_SIGNING_SECRET" in result.stderr


def test_a_bad_setting_stops_start_up_with_one_line_naming_it() -> None:
    result = run_app(env={"PAGE_SIZE": "many", "FLIREO_API_KEY": "k"})
    assert result.returncode == 2
    assert "PAGE_SIZE" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_key_without_url_is_refused_at_start_up() -> None:
    result = run_app(env={"FLIREO_API_KEY": "secret-key-value"})
    assert result.returncode == 2
    assert "FLIREO_API_URL: required" in result.stderr
    assert "secret-key-value" not in result.stderr


def _read_until(fd: int, needle: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    seen = ""
    while needle not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"did not see {needle!r}; got:\n{seen}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            seen += os.read(fd, 65536).decode(errors="replace")
    return seen


def test_on_a_terminal_it_runs_the_console_on_demo_data() -> None:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, APP], cwd=WORKDIR, env=CLEAN_ENV, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    try:
        _read_until(leader, "numbers> ")
        os.write(leader, b"available local\n")
        first = _read_until(leader, "numbers> ")
        assert "Available local numbers:" in first
        assert "demo data" in first
        os.write(leader, b"n\n")
        assert "Page 2 of" in _read_until(leader, "numbers> ")
        os.write(leader, b"q\n")
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)


def test_an_app_token_without_a_bot_token_exits_2_naming_it() -> None:
    result = run_app(env={"SLACK_APP_TOKEN": "xapp-1-test"})
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bot_token_slack_rejects_stops_start_up_in_plain_words(slack) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-not-this-one", "SLACK_SIGNING_SECRET": "s3cret-value", "SLACK_API_URL": slack.url}
    result = run_app(env=env)
    assert result.returncode == 2
    assert "numbers: Slack did not accept SLACK_BOT_TOKEN (invalid_auth)" in result.stderr
    assert "could not reach" not in result.stderr
    assert "Traceback" not in result.stderr
    assert "xoxb-not-this-one" not in result.stderr


def test_a_slack_that_cannot_be_reached_stops_start_up_saying_so_not_blaming_the_token() -> None:
    with socket.socket() as closed:  # a port nothing listens on: connection refused
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/api/"
    env = {"SLACK_BOT_TOKEN": "xoxb-1-2-fine", "SLACK_SIGNING_SECRET": "s3cret-value", "SLACK_API_URL": url}
    result = run_app(env=env)
    assert result.returncode == 2
    assert f"numbers: could not reach Slack at {url} (" in result.stderr
    assert "did not accept SLACK_BOT_TOKEN" not in result.stderr
    assert "Traceback" not in result.stderr


def test_http_mode_listens_on_the_host_it_is_given(start_app) -> None:
    app = start_app({"HOST": "127.0.0.1"})
    status, _ = app.get("/healthz")
    assert status == 200
    assert f"listening on http://127.0.0.1:{app.port}" in app.logs()


def test_ask_treats_a_lone_letter_as_it_treats_gibberish() -> None:
    for words in (["x"], ["q2"], ["asdfghjkl"]):
        result = run_app("ask", *words)
        assert result.returncode == 1, words
        assert result.stdout.startswith(f"I don't understand {words[0]}."), result.stdout


def test_ask_for_help_or_a_greeting_shows_help_and_exits_0() -> None:
    # "hallo" is Dutch: its help is Dutch (issue 23), with the same header.
    for words, header in (
        (["help"], "Ask about the account's phone numbers"),
        (["?"], "Ask about the account's phone numbers"),
        (["hallo"], "Vraag naar de telefoonnummers van het account"),
    ):
        result = run_app("ask", *words)
        assert result.returncode == 0, words
        assert result.stdout.startswith(header), result.stdout


def test_a_flireo_429_reply_says_flireos_own_wait_not_the_bots_retry_cap(flireo: FlireoFake) -> None:
    flireo.fail_next(20, status=429, headers={"Retry-After": "30"})
    result = run_app("ask", "available", "local", env={"FLIREO_API_KEY": FLIREO_API_KEY, "FLIREO_API_URL": flireo.url})
    assert result.returncode == 1, result.stdout
    assert "try again in 30 s" in result.stdout, result.stdout


def test_a_cards_history_agrees_with_the_card_right_after_a_change(flireo: FlireoFake, tmp_path: Path) -> None:
    env = {"FLIREO_API_KEY": FLIREO_API_KEY, "FLIREO_API_URL": flireo.url, "DATA_DIR": str(tmp_path)}
    numbers = flireo.numbers
    linked = next(n for n in numbers if n["linked_assistant"])
    assert run_app("ask", "stats", env=env).returncode == 0  # the first reading, stored
    flireo.set_numbers([{**n, "linked_assistant": None, "available": True} if n is linked else n for n in numbers])
    result = run_app("ask", "refresh", "who", "answers", linked["phone_number"], env=env)
    lines = result.stdout.splitlines()
    assert "Recent history" in lines, result.stdout
    history = lines[lines.index("Recent history") + 1]
    assert "No assistant answers it" in lines[0], result.stdout
    assert history.startswith("• not linked since"), result.stdout  # never "linked to …" under a free number


def test_stored_data_served_while_flireo_rejects_the_key_says_the_key_was_rejected(
    flireo: FlireoFake, tmp_path: Path
) -> None:
    env = {"FLIREO_API_KEY": FLIREO_API_KEY, "FLIREO_API_URL": flireo.url, "DATA_DIR": str(tmp_path)}
    assert run_app("ask", "stats", env=env).returncode == 0  # a reading stored
    flireo.fail_next(50, status=401)
    result = run_app("ask", "refresh", "stats", env=env)
    stale = next(line for line in result.stdout.splitlines() if "stale since" in line)
    assert "API key was rejected (HTTP 401)" in stale, result.stdout
    assert "unreachable" not in result.stdout


def test_ask_shows_a_later_page_of_a_long_answer() -> None:
    first = run_app("ask", "list").stdout.splitlines()
    second = run_app("ask", "--page", "2", "list").stdout.splitlines()
    assert second[0] == first[0]  # the same question
    assert any(line.startswith("Page 2 of ") for line in second), second
    assert set(second[2:12]).isdisjoint(first[2:12])  # other numbers


def test_app_help_says_how_to_run_it_and_exits_0() -> None:
    result = run_app("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python app.py")
    assert "ask QUESTION" in result.stdout


def test_an_unknown_argument_is_said_with_the_usage_and_exits_2_instead_of_being_ignored() -> None:
    for argv in (["--port", "80"], ["aks", "stats"]):
        result = run_app(*argv)
        assert result.returncode == 2, argv
        assert result.stderr.startswith(f"numbers: unknown argument {argv[0]!r}"), result.stderr
        assert "usage: python app.py" in result.stderr
        assert "Traceback" not in result.stderr


def test_health_port_set_for_ask_is_said_not_silently_ignored() -> None:
    result = run_app("ask", "stats", env={"HEALTH_PORT": "9100"})
    assert result.returncode == 0
    assert "HEALTH_PORT is not served here" in result.stderr
    assert "numbers on the account" in result.stdout


def test_a_question_read_right_that_cannot_be_answered_here_does_not_point_to_help() -> None:
    for words in (["changes", "since", "midnight"], ["watch", "linked", "billing", "desk"], ["buyable", "local"]):
        result = run_app("ask", *words)
        assert result.stdout.startswith("⚠️ "), result.stdout
        assert "for examples" not in result.stdout, words  # it was understood: help would send them the wrong way
    assert "for examples" in run_app("ask", "asdfghjkl").stdout


def test_ask_what_changed_sees_the_change_its_own_reading_just_found(flireo: FlireoFake, tmp_path: Path) -> None:
    env = {"FLIREO_API_KEY": FLIREO_API_KEY, "FLIREO_API_URL": flireo.url, "DATA_DIR": str(tmp_path)}
    numbers = flireo.numbers
    linked = next(n for n in numbers if n["linked_assistant"])
    assert run_app("ask", "stats", env=env).returncode == 0  # the first reading, stored
    flireo.set_numbers([{**n, "linked_assistant": None, "available": True} if n is linked else n for n in numbers])
    result = run_app("ask", "what", "changed", "in", "the", "last", "hour", env=env)
    assert "1 found" in result.stdout.splitlines()[0], result.stdout
