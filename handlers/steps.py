"""Workflow Builder custom steps: a `function_executed` event → functions.completeSuccess or completeError.

Bolt acknowledges the event itself (`app.function` auto-acknowledges, Slack wants it within 3 s) and attaches the
execution's own token (`bot_access_token`) to the client `complete` and `fail` call Slack with.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Complete, Fail

from bot.answers.steps import Outputs, Step, StepError, WorkflowSteps
from bot.container import Container
from bot.ops.audit import AuditEntry, record, since
from handlers.common import now

log = logging.getLogger(__name__)


def make_step_listener(deps: Container, steps: WorkflowSteps, step: Step) -> Callable[..., None]:
    """The listener for one step's `function_executed` events."""

    def handle_step(ack: Ack, inputs: dict[str, Any], complete: Complete, fail: Fail, context: BoltContext) -> None:
        started = now()
        ack()
        given = dict(inputs) if isinstance(inputs, dict) else {}

        def answer() -> None:
            try:
                outputs = steps.run(step, given)
            except StepError as exc:
                sentence = str(exc)
                delivered = finish(lambda: fail(error=sentence))
                _audit(step, context, "error", None, started, delivered)
                return
            delivered = finish(lambda: complete(outputs=outputs))
            _audit(step, context, "ok", _count(outputs), started, delivered)

        deps.answer_later(answer, context.user_id)

    return handle_step


def finish(call: Callable[[], Any]) -> bool:
    """Call functions.completeSuccess / completeError; a refusal from Slack is logged, never raised."""
    try:
        call()  # slack_sdk raises SlackApiError for an answer that is not `ok`
    except Exception as exc:  # the execution timed out or was completed already: nothing left to tell anyone
        log.warning("could not complete a workflow step: %s", _slack_error(exc))
        return False
    return True


def fail_step(context: BoltContext, sentence: str) -> None:
    """Complete a refused step with an error the workflow author reads (from the middleware's refusals)."""
    fail = context.fail
    if fail is not None:
        finish(lambda: fail(error=sentence))


def _slack_error(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None and hasattr(response, "get") else None
    return str(error or type(exc).__name__)


def _count(outputs: Outputs) -> int | None:
    """How many numbers a step gave, for the audit line: `count`, or 1 / 0 for a look-up's `found`."""
    count, found = outputs.get("count"), outputs.get("found")
    if isinstance(count, int) and not isinstance(count, bool):
        return count
    return int(found) if isinstance(found, bool) else None


def _audit(step: Step, context: BoltContext, outcome: str, count: int | None, started: float, delivered: bool) -> None:
    """One audit line per step run, like every other surface's."""
    entry = AuditEntry(
        surface=f"step:{step.value}",
        user=context.user_id,
        channel=context.channel_id,
        query=step.value,
        outcome=outcome if delivered else f"{outcome}_undelivered",
        count=count,
        latency_ms=since(started),
    )
    record(entry)


def register(app: App, deps: Container) -> None:
    """Register one listener per step in manifest.yml's `functions`."""
    steps = WorkflowSteps(deps.numbers)
    for step in Step:
        app.function(step.value)(make_step_listener(deps, steps, step))
