"""Workflow Builder steps through the real `python app.py` (HTTP mode; Socket Mode in test_workflow_steps_socket.py):
a `function_executed` event as Slack sends it → functions.completeSuccess with the manifest's outputs, or
functions.completeError with a sentence a workflow author can read."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.inventory.coordination.link import key_prefix
from tests.e2e.conftest import FLIREO_API_KEY, AppProcess
from tests.fakes.flireo import FlireoFake, make_numbers
from tests.fakes.slack import ApiCall, SlackFake
from tests.fakes.workflow_steps import output_problems

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
FUNCTIONS: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["functions"]
# Slack: an Events API request is acknowledged within 3 s, else retried.
ACK_WITHIN_SECONDS = 3.0
# Our bound for a step's completion on loopback; the workflow waits on it, so it must not wait on anything slow.
COMPLETE_WITHIN_SECONDS = 10.0
E164 = re.compile(r"\+\d{8,15}")
SUCCESS, ERROR = "functions.completeSuccess", "functions.completeError"


@pytest.fixture(autouse=True)
def declared_steps(slack: SlackFake) -> None:
    """Slack knows the manifest's functions: it builds events from them and checks completeSuccess against them."""
    slack.functions.declare(FUNCTIONS)


def run_step(
    app: AppProcess, callback_id: str, inputs: dict[str, Any], *, event_id: str | None = None
) -> tuple[str, float]:
    """Deliver a function_executed event, signed as Slack does → (its execution id, when it was sent)."""
    event = app.slack.functions.start(callback_id, inputs)
    sent = time.monotonic()
    assert app.event(event, event_id=event_id) == 200
    assert app.last is not None
    assert app.last[3] < ACK_WITHIN_SECONDS
    return event["function_execution_id"], sent


def completion(slack: SlackFake, method: str, execution_id: str) -> ApiCall:
    """The step's completion call, waited for."""
    return slack.wait_for_api_call(
        method, lambda c: c.body.get("function_execution_id") == execution_id, timeout=COMPLETE_WITHIN_SECONDS
    )


def outputs_of(slack: SlackFake, callback_id: str, execution_id: str, sent: float) -> dict[str, Any]:
    """The outputs a step completed with, checked: accepted by Slack, of the declared names and types, in time."""
    call = completion(slack, SUCCESS, execution_id)
    assert call.ok, call.response
    outputs = call.body["outputs"]
    assert output_problems(FUNCTIONS[callback_id]["output_parameters"], outputs) == []
    assert set(outputs) == set(FUNCTIONS[callback_id]["output_parameters"]["properties"])
    elapsed = call.time - sent
    print(f"{callback_id}: event → completeSuccess in {elapsed * 1000:.0f} ms (HTTP)")
    assert elapsed < COMPLETE_WITHIN_SECONDS
    return dict(outputs)


def error_of(slack: SlackFake, execution_id: str) -> str:
    """The error a step completed with (accepted by Slack), after checking it never also succeeded."""
    call = completion(slack, ERROR, execution_id)
    assert call.ok, call.response
    assert not [c for c in slack.calls(SUCCESS) if c.body.get("function_execution_id") == execution_id]
    return str(call.body["error"])


def linked_number(flireo: FlireoFake) -> dict[str, Any]:
    """A number of the fake account that an assistant answers."""
    return next(n for n in flireo.numbers if n["linked_assistant"])


def test_a_pasted_alert_is_looked_up_and_its_first_number_described(
    start_app: Callable[..., AppProcess], slack: SlackFake, flireo: FlireoFake
) -> None:
    app = start_app()
    number = linked_number(flireo)
    alert = f"[FIRING] inbound calls failing on {number['phone_number']} and +31 20 555 0199 since 14:02"
    execution, sent = run_step(app, "look_up_number", {"text": alert, "user_id": "U0ONCALL"})
    outputs = outputs_of(slack, "look_up_number", execution, sent)
    assert outputs["found"] is True
    assert outputs["status"] == "linked"
    assert outputs["assistant"] == number["linked_assistant"]["name"]
    assert outputs["number"] == number["phone_number"]
    assert outputs["number_type"] == number["number_type"]
    assert abs(outputs["data_as_of"] - time.time()) < 120
    assert outputs["summary"].startswith("1 linked · 1 not ours")  # the verdict first (issue 21)
    assert "not on this account" in outputs["summary"]


def test_a_number_not_on_the_account_is_found_false_with_its_status(
    start_app: Callable[..., AppProcess], slack: SlackFake
) -> None:
    app = start_app()
    execution, sent = run_step(app, "look_up_number", {"text": "020 555 0199"})
    outputs = outputs_of(slack, "look_up_number", execution, sent)
    assert (outputs["found"], outputs["status"], outputs["number"]) == (False, "not on the account", "+31205550199")
    assert outputs["assistant"] == outputs["locality"] == ""


def test_free_numbers_of_a_type_are_given_one_a_line(
    start_app: Callable[..., AppProcess], slack: SlackFake, flireo: FlireoFake
) -> None:
    app = start_app()
    execution, sent = run_step(app, "find_free_numbers", {"number_type": "mobile", "how_many": 3})
    outputs = outputs_of(slack, "find_free_numbers", execution, sent)
    given = outputs["numbers"].split("\n")
    assert outputs["count"] == len(given) == 3
    free_mobile = {n["phone_number"] for n in flireo.numbers if n["available"] and n["number_type"] == "mobile"}
    assert set(given) <= free_mobile
    assert f"Available mobile numbers: {len(free_mobile)} found" in outputs["summary"]


def test_free_numbers_default_to_one(start_app: Callable[..., AppProcess], slack: SlackFake) -> None:
    app = start_app()
    execution, sent = run_step(app, "find_free_numbers", {})
    outputs = outputs_of(slack, "find_free_numbers", execution, sent)
    assert outputs["count"] == 1
    assert E164.fullmatch(outputs["numbers"])


def test_what_changed_answers_with_a_count_and_what_history_covers(
    start_app: Callable[..., AppProcess], slack: SlackFake
) -> None:
    app = start_app()
    execution, sent = run_step(app, "what_changed", {"how_far_back": "1h"})
    outputs = outputs_of(slack, "what_changed", execution, sent)
    assert outputs["count"] == 0
    # The history began with this app: the summary is the change answer's own text, caveats and all.
    assert "No changes to all numbers since" in outputs["summary"]
    assert "data as of" in outputs["summary"]
    execution, sent = run_step(app, "what_changed", {"how_far_back": "sinds gisteren"})
    assert outputs_of(slack, "what_changed", execution, sent)["count"] == 0


def test_a_period_it_cannot_read_fails_the_step_with_a_readable_error(
    start_app: Callable[..., AppProcess], slack: SlackFake
) -> None:
    app = start_app()
    execution, _ = run_step(app, "what_changed", {"how_far_back": "whenever"})
    assert "couldn't read 'whenever' as how far back to look" in error_of(slack, execution)


def test_text_without_a_phone_number_fails_the_step_saying_so(
    start_app: Callable[..., AppProcess], slack: SlackFake
) -> None:
    app = start_app()
    execution, _ = run_step(app, "look_up_number", {"text": "disk full on db-3"})
    assert "found no phone number" in error_of(slack, execution)


def test_flireo_down_with_no_data_fails_the_step_with_the_outage(
    start_app: Callable[..., AppProcess], slack: SlackFake, flireo: FlireoFake
) -> None:
    flireo.fail_next(1000, status=503)
    app = start_app()
    execution, _ = run_step(app, "look_up_number", {"text": "020 123 4567"})
    error = error_of(slack, execution)
    assert "Flireo" in error
    assert "Traceback" not in error


def test_stale_data_completes_and_the_summary_says_it_is_stale(
    start_app: Callable[..., AppProcess], slack: SlackFake, flireo: FlireoFake
) -> None:
    # Every read past the TTL revalidates in the background. A snapshot stays fresh for as long as its read took
    # (cache._fresh_until), so on a loaded machine the next read may still be fresh: the test reads until a
    # refresh has run and failed, and the per-user limit must not stop it first.
    app = start_app({"CACHE_TTL_SECONDS": "0", "USER_RATE_LIMIT": "1000"})
    execution, sent = run_step(app, "find_free_numbers", {})
    outputs_of(slack, "find_free_numbers", execution, sent)
    flireo.fail_next(1000, status=500)
    execution, sent = run_step(app, "find_free_numbers", {})  # answered at once; its refresh fails behind it
    assert "stale" not in outputs_of(slack, "find_free_numbers", execution, sent)["summary"]
    deadline = time.monotonic() + 20
    while json.loads(app.get("/healthz")[1]).get("last_upstream_error") is None:  # poll until a refresh failed
        assert time.monotonic() < deadline, "the background refresh never failed"
        # The second step's read may have been fresh still, or found a refresh under way that read Flireo before
        # it failed (CI saw the wait time out): each read past the fresh window starts the next refresh.
        execution, sent = run_step(app, "find_free_numbers", {})
        outputs_of(slack, "find_free_numbers", execution, sent)
        time.sleep(0.1)
    execution, sent = run_step(app, "look_up_number", {"text": linked_number(flireo)["phone_number"]})
    outputs = outputs_of(slack, "look_up_number", execution, sent)
    assert outputs["found"] is True
    assert "stale since" in outputs["summary"]


def test_a_retried_event_completes_the_step_once(start_app: Callable[..., AppProcess], slack: SlackFake) -> None:
    app = start_app()
    event = slack.functions.start("find_free_numbers", {"how_many": 2})
    execution = event["function_execution_id"]
    assert app.event(event, event_id="EvSTEP-RETRY") == 200
    completion(slack, SUCCESS, execution)
    assert app.event(event, event_id="EvSTEP-RETRY", extra_headers={"X-Slack-Retry-Num": "1"}) == 200
    assert app.event(event, event_id="EvSTEP-RETRY", extra_headers={"X-Slack-Retry-Num": "2"}) == 200
    done = [c for c in slack.api_calls if c.method in (SUCCESS, ERROR)]
    assert [(c.method, c.ok) for c in done] == [(SUCCESS, True)]


def test_a_user_or_channel_off_the_allowlists_gets_the_step_failed_not_answered(
    start_app: Callable[..., AppProcess], slack: SlackFake
) -> None:
    app = start_app({"ALLOWED_USER_IDS": "U0ONCALL", "ALLOWED_CHANNEL_IDS": "C0INCIDENT"})
    execution, _ = run_step(app, "look_up_number", {"text": "020 123 4567", "user_id": "U0STRANGER"})
    assert "not enabled for you" in error_of(slack, execution)
    inputs = {"text": "020 123 4567", "user_id": "U0ONCALL", "channel_id": "C0RANDOM"}
    execution, _ = run_step(app, "look_up_number", inputs)
    assert "not enabled in this channel" in error_of(slack, execution)
    execution, _ = run_step(app, "look_up_number", {"text": "020 123 4567"})
    assert "set this step's 'Asked by' input" in error_of(slack, execution)
    execution, sent = run_step(app, "look_up_number", {"text": "020 123 4567", "user_id": "U0ONCALL"})
    assert outputs_of(slack, "look_up_number", execution, sent)["number"] == "+31201234567"


def test_the_per_user_limit_counts_the_workflows_user(start_app: Callable[..., AppProcess], slack: SlackFake) -> None:
    app = start_app({"USER_RATE_LIMIT": "1", "USER_RATE_WINDOW_SECONDS": "60"})
    execution, sent = run_step(app, "find_free_numbers", {"user_id": "U0ONCALL"})
    outputs_of(slack, "find_free_numbers", execution, sent)
    execution, _ = run_step(app, "find_free_numbers", {"user_id": "U0ONCALL"})
    assert "asking faster than I can answer" in error_of(slack, execution)
    execution, sent = run_step(app, "find_free_numbers", {"user_id": "U0OTHER"})
    assert outputs_of(slack, "find_free_numbers", execution, sent)["count"] == 1


def test_what_changed_without_a_history_store_fails_saying_so_while_look_ups_go_on(
    start_app: Callable[..., AppProcess], slack: SlackFake, flireo: FlireoFake, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    for url in {flireo.url, flireo.url.rstrip("/")}:  # a folder where the store's file should be: it cannot open
        account = key_prefix(url, FLIREO_API_KEY).strip(":").split(":")[-1]
        (data / f"history-{account}.sqlite3").mkdir(parents=True)
    app = start_app({"DATA_DIR": str(data)})
    execution, _ = run_step(app, "what_changed", {"how_far_back": "since 09:00"})
    assert error_of(slack, execution).startswith("history unavailable")
    execution, sent = run_step(app, "look_up_number", {"text": "020 555 0199"})
    assert outputs_of(slack, "look_up_number", execution, sent)["status"] == "not on the account"


def test_partial_data_completes_and_the_summary_says_how_much_is_read(
    start_app: Callable[..., AppProcess], slack: SlackFake, flireo: FlireoFake
) -> None:
    numbers = make_numbers(1_200)  # 13 pages: with 5 requests a 2-second window, read over several windows
    flireo.set_numbers(numbers)
    app = start_app({"FLIREO_MAX_REQUESTS_PER_MINUTE": "5", "FLIREO_RATE_WINDOW_SECONDS": "2"})
    execution, sent = run_step(app, "find_free_numbers", {"how_many": 2})
    outputs = outputs_of(slack, "find_free_numbers", execution, sent)
    assert outputs["count"] == 2
    assert "of 1,200 numbers read" in outputs["summary"]
    execution, sent = run_step(app, "look_up_number", {"text": numbers[-1]["phone_number"]})
    looked_up = outputs_of(slack, "look_up_number", execution, sent)
    if "partial:" in looked_up["summary"]:  # the read may be over on a slow machine; then the number is found
        assert (looked_up["found"], looked_up["status"]) == (False, "not read yet")
        assert "not among the numbers read so far" in looked_up["summary"]
