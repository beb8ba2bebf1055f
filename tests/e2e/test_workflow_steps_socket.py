"""Workflow Builder steps through the real `python app.py` in Socket Mode: a `function_executed` envelope is acked at
once and the step completed through functions.completeSuccess / completeError; a retried envelope completes once."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.test_socket_mode import ACK_WITHIN_SECONDS, SocketWorld, world  # noqa: F401 (a fixture, used below)
from tests.e2e.test_workflow_steps import COMPLETE_WITHIN_SECONDS, ERROR, FUNCTIONS, SUCCESS
from tests.fakes.slack import ApiCall
from tests.fakes.workflow_steps import output_problems


@pytest.fixture(scope="module")
def steps(world: SocketWorld) -> SocketWorld:  # noqa: F811 (pytest passes the imported fixture)
    """test_socket_mode's world (the fakes and one app in Socket Mode), with Slack knowing the manifest's steps."""
    world.slack.functions.declare(FUNCTIONS)
    return world


def run_step(steps: SocketWorld, callback_id: str, inputs: dict[str, Any], event_id: str) -> tuple[str, float]:
    """Send a function_executed envelope → (its execution id, when it was sent); its ack is checked."""
    event = steps.slack.functions.start(callback_id, inputs)
    sent = time.monotonic()
    assert steps.event(event, event_id) < ACK_WITHIN_SECONDS
    return event["function_execution_id"], sent


def completed(steps: SocketWorld, method: str, execution_id: str) -> ApiCall:
    """The step's completion call, waited for, and accepted by Slack."""
    call = steps.slack.wait_for_api_call(
        method, lambda c: c.body.get("function_execution_id") == execution_id, timeout=COMPLETE_WITHIN_SECONDS
    )
    assert call.ok, call.response
    return call


def test_a_step_envelope_is_acked_at_once_and_completed_with_the_declared_outputs(steps: SocketWorld) -> None:
    execution, sent = run_step(steps, "look_up_number", {"text": "call 020 555 0199 now"}, "EvSOCKET-STEP-1")
    call = completed(steps, SUCCESS, execution)
    outputs = call.body["outputs"]
    assert output_problems(FUNCTIONS["look_up_number"]["output_parameters"], outputs) == []
    assert (outputs["found"], outputs["number"]) == (False, "+31205550199")
    elapsed = call.time - sent
    print(f"look_up_number: event → completeSuccess in {elapsed * 1000:.0f} ms (Socket Mode)")
    assert elapsed < COMPLETE_WITHIN_SECONDS


def test_free_numbers_complete_in_socket_mode(steps: SocketWorld) -> None:
    execution, sent = run_step(steps, "find_free_numbers", {"how_many": 2}, "EvSOCKET-STEP-2")
    call = completed(steps, SUCCESS, execution)
    assert call.body["outputs"]["count"] == 2
    print(f"find_free_numbers: event → completeSuccess in {(call.time - sent) * 1000:.0f} ms (Socket Mode)")


def test_a_step_that_cannot_answer_is_completed_with_an_error(steps: SocketWorld) -> None:
    execution, _ = run_step(steps, "what_changed", {"how_far_back": "someday"}, "EvSOCKET-STEP-3")
    assert "how far back" in completed(steps, ERROR, execution).body["error"]


def test_a_retried_step_envelope_completes_once(steps: SocketWorld) -> None:
    event = steps.slack.functions.start("find_free_numbers", {})
    execution = event["function_execution_id"]
    body = {"type": "event_callback", "team_id": "T0TEST", "api_app_id": "A0NUMBERS", "event": event}
    body |= {"event_id": "EvSOCKET-STEP-RETRY", "event_time": int(time.time())}
    first = steps.sockets.send_envelope("events_api", body)
    steps.sockets.wait_for_ack(first)
    completed(steps, SUCCESS, execution)
    again = steps.sockets.send_envelope("events_api", body, retry_attempt=1)
    steps.sockets.wait_for_ack(again)
    # A later step's completion shows the retry has been handled: it never completes the first one again.
    later, _ = run_step(steps, "find_free_numbers", {}, "EvSOCKET-STEP-AFTER")
    completed(steps, SUCCESS, later)
    done = [c for c in steps.slack.api_calls if c.body.get("function_execution_id") == execution]
    assert [(c.method, c.ok) for c in done] == [(SUCCESS, True)]
