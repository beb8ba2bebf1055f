"""The terminal as a newcomer meets it: the console on a real pty, `ask` in a pipe, `make` on too old a Python."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import FLIREO_API_KEY, REPO_ROOT
from tests.e2e.test_cli import APP, CLEAN_ENV, WORKDIR, _read_until, run_app
from tests.fakes.flireo import FlireoFake

PROMPT = "numbers> "
SIGPIPE_EXIT = 141  # what a shell reports for a process ended by SIGPIPE (128 + 13)


class Console:
    """`python app.py` on a pseudo-terminal: type a line, read up to the next prompt."""

    def __init__(self, env: dict[str, str]) -> None:
        self.leader, follower = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, APP], cwd=WORKDIR, env=env, stdin=follower, stdout=follower, stderr=follower
        )
        os.close(follower)
        self.banner = _read_until(self.leader, PROMPT)

    def ask(self, line: str) -> str:
        """The console's answer to one typed line (without the echo and the next prompt)."""
        os.write(self.leader, line.encode() + b"\n")
        seen = _read_until(self.leader, PROMPT)
        return seen.replace("\r\n", "\n").removeprefix(line + "\n").removesuffix(PROMPT)

    def close(self) -> int:
        """Quit with `q` and return the exit status."""
        os.write(self.leader, b"q\n")
        try:
            return self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            os.close(self.leader)


@pytest.fixture
def console() -> Iterator[Console]:
    """The console on demo data."""
    running = Console(CLEAN_ENV)
    yield running
    if running.proc.poll() is None:
        running.proc.kill()


def test_console_banner_and_replies_show_no_markup(console: Console) -> None:
    assert "`" not in console.banner
    assert '"available local amsterdam"' in console.banner
    listing = console.ask("available local amsterdam")
    assert "demo data" in listing
    for markup in ("`", "<tel:", "<!date", ":large_green_circle:", "*"):
        assert markup not in listing, markup
    assert "UTC" in listing
    assert console.close() == 0


def test_console_card_leads_with_who_answers_and_n_after_it_says_one_page(console: Console) -> None:
    card = console.ask("find 020 123 4567")
    assert card.splitlines()[0] == "🔗 Linked to Billing Desk"
    assert "+31 20 123 4567" in card.splitlines()[2]
    assert console.ask("n").strip() == "That answer has only one page."
    console.ask("help")
    assert console.ask("n").strip() == "That answer has only one page."
    assert console.close() == 0


def test_console_errors_point_to_help_as_it_is_typed_there(console: Console) -> None:
    reply = console.ask("blorp zzyzx")
    assert "Type help for examples." in reply
    assert "/numbers" not in reply
    assert console.close() == 0


def test_console_says_a_flireo_outage_without_blaming_the_question(flireo: FlireoFake) -> None:
    flireo.fail_next(50, status=503)
    console = Console({**CLEAN_ENV, "FLIREO_API_KEY": FLIREO_API_KEY, "FLIREO_API_URL": flireo.url})
    try:
        reply = console.ask("stats")
        assert "Flireo is unavailable" in reply
        assert "help" not in reply
        assert "Traceback" not in reply
    finally:
        assert console.close() == 0


@pytest.mark.parametrize("head", [["-1"], ["-n", "0"]], ids=["head -1", "head -n 0"])
@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
def test_ask_into_a_pipe_that_closes_early_ends_quietly(head: list[str], json_flag: list[str]) -> None:
    app = subprocess.Popen(
        [sys.executable, APP, "ask", *json_flag, "all"],
        cwd=WORKDIR,
        env=CLEAN_ENV,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert app.stdout is not None
    assert app.stderr is not None
    reader = subprocess.run(["head", *head], stdin=app.stdout, capture_output=True, timeout=30, check=True)
    app.stdout.close()  # only `head` holds the pipe's read end now: once it exits, writes hit a broken pipe
    errors = app.stderr.read().decode()
    app.stderr.close()
    assert app.wait(timeout=30) in (0, SIGPIPE_EXIT)
    assert "Traceback" not in errors
    assert "BrokenPipeError" not in errors
    if head == ["-1"]:
        assert reader.stdout.decode().strip() in ("{", "All numbers: 162 found")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_on_too_old_a_python_names_the_version_needed(tmp_path: Path) -> None:
    old_python = tmp_path / "python3.10"
    # Answers like Python 3.10 would: its version, and a failed version check.
    old_python.write_text('#!/bin/sh\n[ "$1" = "--version" ] && { echo "Python 3.10.12"; exit 0; }\nexit 1\n')
    old_python.chmod(0o755)
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-C", str(REPO_ROOT), "console", f"PYTHON={old_python}", f"VENV={venv}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "numbers needs Python 3.11 or newer" in result.stderr
    assert "Python 3.10.12" in result.stderr
    assert not venv.exists(), "nothing is installed on a Python that cannot run the bot"


def test_the_readme_example_reply_is_what_the_bot_sends() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("/numbers available local amsterdam\n```\n", 1)[1].lstrip("\n").split("\n\n", 1)[0]
    shown = [line.removeprefix("> ").replace("**", "") for line in example.splitlines()]
    text = run_app("ask", "available", "local", "amsterdam")
    message = json.loads(run_app("ask", "--json", "available", "local", "amsterdam").stdout)
    lines = text.stdout.splitlines()
    assert shown[0] == lines[0]
    numbers = [line for line in shown if line.startswith("+")]
    assert numbers
    assert all(line in lines for line in numbers)
    freshness = re.sub(r"\d\d:\d\d UTC", "HH:MM UTC", shown[-2])
    assert freshness in [re.sub(r"\d\d:\d\d UTC", "HH:MM UTC", line) for line in lines]
    labels = [e["text"]["text"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert shown[-1] == " ".join(f"`[{label}]`" for label in labels)


def _older_python() -> str | None:
    """A Python older than 3.11 that runs here, if there is one (pyenv shims may name one they cannot run)."""
    for name in ("python3.10", "python3.9", "python3.8"):
        path = shutil.which(name)
        if path and subprocess.run([path, "-c", "pass"], capture_output=True, timeout=30, check=False).returncode == 0:
            return path
    return None


@pytest.mark.skipif(_older_python() is None, reason="no Python older than 3.11 on this machine")
def test_app_on_too_old_a_python_says_which_version_it_needs() -> None:
    older = _older_python()
    assert older is not None
    env = {key: value for key, value in CLEAN_ENV.items() if not key.startswith("PYTHON")}
    result = subprocess.run(
        [older, APP, "ask", "stats"], cwd=WORKDIR, env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 1
    assert "numbers needs Python 3.11 or newer" in result.stderr
    assert "Traceback" not in result.stderr
