"""Changes exported as a CSV file in the channel, through the real `app.py` and Slack's upload flow (the fake's
files.getUploadURLExternal → upload URL → files.completeUploadExternal), in HTTP mode and Socket Mode."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from bot.answers.export import COLUMNS
from tests.e2e.conftest import AppProcess, app_env, free_port
from tests.e2e.helpers import all_text, buttons
from tests.e2e.test_history import POLLING, answer, eventually, make_changes, stored_readings
from tests.e2e.test_history_store import BULK, BULK_SETTINGS, found
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.signing import slash_command_body
from tests.fakes.slack import DEFAULT_APP_TOKEN, SlackFake
from tests.fakes.slack_files import UploadedFile
from tests.fakes.socket_mode import SocketModeFake


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A small account (one page), so the poller can read it every second within budget."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def rows_of(upload: UploadedFile) -> list[dict[str, str]]:
    """The uploaded CSV's rows, by column, after checking its header."""
    reader = csv.reader(io.StringIO(upload.text, newline=""))
    assert next(reader) == list(COLUMNS)
    return [dict(zip(COLUMNS, row, strict=True)) for row in reader]


def kinds(changed: dict[str, str]) -> dict[str, str]:
    """make_changes' words ('unlinked from') as the file's kinds ('unlinked')."""
    return {number: words.split()[0] for number, words in changed.items()}


def uploaded(slack: SlackFake, count: int = 1, timeout: float = 30.0) -> list[UploadedFile]:
    """Until `count` files have been shared."""
    return eventually(lambda: len(slack.uploaded_files) >= count and slack.uploaded_files, timeout, "an upload")


def with_changes(start_app, slack: SlackFake, flireo: FlireoFake) -> tuple[AppProcess, dict[str, str]]:
    """A running app whose history holds the four changes of make_changes."""
    app = start_app(POLLING)
    eventually(lambda: stored_readings(Path(app.cwd) / "data"), what="the first reading to be stored")
    changed = make_changes(flireo)
    eventually(lambda: found(app, slack, "changes") == "4", what="the changes to be stored")
    return app, changed


def test_the_export_button_shares_every_change_of_the_answer_as_a_csv_file_in_the_channel(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app, changed = with_changes(start_app, slack, flireo)
    listing = answer(app, slack, "changes", channel="C0POSTMORTEM")
    assert "numbers-export" in buttons(listing)

    status, url = app.click("numbers-export", buttons(listing)["numbers-export"], channel_id="C0POSTMORTEM")
    assert status == 200
    said = slack.wait_for_response(url, timeout=10).body
    assert said["response_type"] == "ephemeral"
    assert said["replace_original"] is False
    assert "Exporting 4 changes as a CSV file" in all_text(said)
    (upload,) = uploaded(slack)
    assert upload.channel == "C0POSTMORTEM"
    assert upload.filename.startswith("changes-")
    assert upload.filename.endswith(".csv")
    assert upload.length == len(upload.content), "the length declared is the length sent"
    rows = rows_of(upload)
    assert {row["number"]: row["kind"] for row in rows} == kinds(changed)
    assert all(row["when_from"] < row["when_to"] and row["when_to"].endswith("Z") for row in rows)
    assert "CSV export: 4 changes to all numbers" in (upload.initial_comment or "")


def test_a_typed_export_answers_the_changes_and_shares_them_in_english_and_dutch(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app, changed = with_changes(start_app, slack, flireo)
    reply = all_text(answer(app, slack, "changes today csv"))
    assert "4 found" in reply
    assert "Exporting 4 changes as a CSV file" in reply
    assert len(rows_of(uploaded(slack)[0])) == 4

    dutch = all_text(answer(app, slack, "exporteer wijzigingen van vandaag"))
    assert "4 gevonden" in dutch
    assert "Ik exporteer 4 wijzigingen als CSV-bestand" in dutch, dutch
    assert len(rows_of(uploaded(slack, 2)[1])) == 4
    assert "4 wijzigingen" in (uploaded(slack, 2)[1].initial_comment or "")

    status, ts = app.mention("export changes since midnight")
    assert status == 200
    (_, _, in_thread) = uploaded(slack, 3)
    assert in_thread.thread_ts == ts
    assert in_thread.channel == "C0CHAN"
    assert {row["number"] for row in rows_of(in_thread)} == set(changed)


def test_5500_changes_are_exported_exactly_5500_rows(start_app, slack: SlackFake, tmp_path: Path) -> None:
    with FlireoFake(make_numbers(BULK + 100)) as big:
        app = start_app({**BULK_SETTINGS, "FLIREO_API_URL": big.url})
        eventually(lambda: stored_readings(tmp_path / "data"), timeout=60, what="the first reading to be stored")
        records = big.numbers
        for record in records[:BULK]:
            record["locality"] = "Testdorp"  # one locality change per number: exactly 5,500 changes
        big.set_numbers(records)
        eventually(lambda: found(app, slack, "changes") != "0", timeout=60, what="the bulk change to be recorded")
        assert "Exporting 5,500 changes" in all_text(answer(app, slack, "changes csv"))
        rows = rows_of(uploaded(slack, timeout=60)[0])
    assert len(rows) == BULK, "every change, not the page shown"
    assert len({row["number"] for row in rows}) == BULK
    assert {(row["kind"], row["field"], row["locality_after"]) for row in rows} == {("changed", "locality", "Testdorp")}


def test_without_the_files_write_scope_the_asker_is_told_in_plain_words(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app, _ = with_changes(start_app, slack, flireo)
    slack.revoke_scope("files:write")
    status, url = app.command("changes csv")
    assert status == 200
    refusal = slack.wait_for_response(url, lambda r: "files:write" in all_text(r.body), timeout=10).body
    assert refusal["response_type"] == "ephemeral"
    assert "I can't upload files here: the app lacks the `files:write` scope" in all_text(refusal)
    assert slack.uploaded_files == []
    assert eventually(lambda: app.logs().count("file upload failed: missing_scope") == 1)
    assert "Traceback" not in app.logs()


def test_a_channel_the_bot_is_not_in_is_answered_plainly(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app, _ = with_changes(start_app, slack, flireo)
    slack.refuse_channel("C0PRIVATE", "not_in_channel")
    status, url = app.command("changes csv", channel_id="C0PRIVATE")
    assert status == 200
    refusal = slack.wait_for_response(url, lambda r: "not a member" in all_text(r.body), timeout=10).body
    assert "Invite me" in all_text(refusal)
    assert slack.uploaded_files == []


def test_a_cell_that_starts_like_a_formula_is_neutralised(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app = start_app(POLLING)
    eventually(lambda: stored_readings(Path(app.cwd) / "data"), what="the first reading to be stored")
    records = flireo.numbers
    records[0]["locality"] = '=HYPERLINK("http://evil.example","x")'
    records[1]["locality"] = "@SUM(1+1)"
    flireo.set_numbers(records)
    eventually(lambda: found(app, slack, "changes") == "2", what="the changes to be stored")
    answer(app, slack, "changes csv")
    after = {row["number"]: row["locality_after"] for row in rows_of(uploaded(slack)[0])}
    assert after[records[0]["phone_number"]] == '\'=HYPERLINK("http://evil.example","x")'
    assert after[records[1]["phone_number"]] == "'@SUM(1+1)"
    assert all(number.startswith("+") for number in after), "an E.164 number stays as written"


def test_in_socket_mode_a_typed_export_is_shared_in_the_channel(tmp_path: Path, flireo: FlireoFake) -> None:
    with SlackFake() as slack, SocketModeFake() as sockets:
        slack.socket_url = sockets.url
        port = free_port()  # /healthz is on HEALTH_PORT in Socket Mode
        overrides: dict[str, str | None] = {
            **POLLING, "SLACK_SIGNING_SECRET": None, "SLACK_APP_TOKEN": DEFAULT_APP_TOKEN, "HOST": "127.0.0.1",
            "HEALTH_PORT": str(port),
        }  # fmt: skip
        app = AppProcess(slack, app_env(slack, flireo, port, overrides), tmp_path / "app.log")
        try:
            app.start()
            sockets.wait_for_live(1)
            eventually(lambda: stored_readings(tmp_path / "data"), what="the first reading to be stored")
            changed = make_changes(flireo)

            def asked(text: str) -> str:
                url = slack.response_url(label=f"socket {text}")
                payload = dict(parse_qsl(slash_command_body(text, url).decode()))
                sockets.wait_for_ack(sockets.send_envelope("slash_commands", payload))
                return all_text(slack.wait_for_response(url).body)

            eventually(lambda: "4 found" in asked("changes"), timeout=30, what="the changes to be stored")
            assert "Exporting 4 changes" in asked("changes csv")
            (upload,) = uploaded(slack)
            assert {row["number"]: row["kind"] for row in rows_of(upload)} == kinds(changed)
            assert upload.channel == "C0CHAN"
        finally:
            app.stop()
