"""Slack's side of Workflow Builder custom steps, for SlackFake: executions, their tokens, and their completion.

As Slack documents it (reference/events/function_executed, methods/functions.completeSuccess|completeError):
- each run of a step is a `function_executed` event carrying a `function_execution_id` and a just-in-time
  `bot_access_token` for that execution;
- an execution completes once: a second completeSuccess/completeError answers `execution_not_in_running_state`,
  an unknown id `function_execution_not_found`;
- completeSuccess's `outputs` must conform to the step's declared output_parameters, else
  `parameter_validation_failed`.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass
from typing import Any

COMPLETE_METHODS = ("functions.completeSuccess", "functions.completeError")
API_APP_ID = "A0NUMBERS"

# Slack's parameter types → the JSON values that conform (slack#/types/timestamp: a Unix time in seconds).
_CONFORMS = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "slack#/types/timestamp": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v > 0,
    "slack#/types/user_id": lambda v: isinstance(v, str) and v[:1] in ("U", "W"),
    "slack#/types/channel_id": lambda v: isinstance(v, str) and v[:1] in ("C", "G", "D"),
}


@dataclass
class Execution:
    """One run of a step: its ids, its own token, and how it ended (None while running)."""

    id: str
    callback_id: str
    token: str
    started: float
    ended: str | None = None  # "success" or "error"


def output_problems(declared: dict[str, Any], outputs: Any) -> list[str]:
    """Why `outputs` does not conform to a manifest function's `output_parameters` (empty when it does)."""
    if not isinstance(outputs, dict):
        return ["outputs must be an object"]
    properties: dict[str, Any] = declared.get("properties") or {}
    problems = [f"missing required output {name!r}" for name in declared.get("required") or [] if name not in outputs]
    for name, value in outputs.items():
        spec = properties.get(name)
        if spec is None:
            problems.append(f"unknown output {name!r}")
        elif not _CONFORMS.get(spec["type"], lambda _v: True)(value):
            problems.append(f"output {name!r} is not a {spec['type']}: {value!r}")
    return problems


class FunctionExecutions:
    """The executions SlackFake started, and the manifest's functions to build events and check outputs with."""

    def __init__(self) -> None:
        self.functions: dict[str, dict[str, Any]] = {}  # callback_id → manifest `functions` entry
        self._executions: dict[str, Execution] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def declare(self, functions: dict[str, dict[str, Any]]) -> None:
        """The app's manifest `functions`, as Slack knows them once the manifest is saved."""
        self.functions = dict(functions)

    def start(self, callback_id: str, inputs: dict[str, Any]) -> dict[str, Any]:
        """A new execution of the step: the `function_executed` event Slack sends for it (the inner `event`)."""
        n = next(self._ids)
        execution = Execution(f"Fx{n:010d}", callback_id, f"xwfp-test-{n:06d}", time.monotonic())
        with self._lock:
            self._executions[execution.id] = execution
        declared = self.functions.get(callback_id, {})
        now = int(time.time())
        return {
            "type": "function_executed",
            "function": {
                "id": f"Fn{n:010d}",
                "callback_id": callback_id,
                "title": declared.get("title", callback_id),
                "description": declared.get("description", ""),
                "type": "app",
                "input_parameters": _parameters(declared.get("input_parameters")),
                "output_parameters": _parameters(declared.get("output_parameters")),
                "app_id": API_APP_ID,
                "date_created": now - 3600,
                "date_updated": now - 60,
                "date_deleted": 0,
            },
            "inputs": inputs,
            "function_execution_id": execution.id,
            "workflow_execution_id": f"Wx{n:010d}",
            "event_ts": f"{time.time():.6f}",
            "bot_access_token": execution.token,
        }

    def execution(self, execution_id: str) -> Execution | None:
        """The execution with this id, if started."""
        with self._lock:
            return self._executions.get(execution_id)

    def complete(self, method: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        """Slack's answer to functions.completeSuccess / completeError."""
        execution_id = body.get("function_execution_id")
        with self._lock:
            execution = self._executions.get(execution_id) if isinstance(execution_id, str) else None
            if execution is None:
                return {"ok": False, "error": "function_execution_not_found"}
            if token != execution.token:  # Bolt completes with the execution's own token (bot_access_token)
                return {"ok": False, "error": "invalid_auth"}
            if execution.ended is not None:
                return {"ok": False, "error": "execution_not_in_running_state"}
            if method == "functions.completeError":
                if not isinstance(body.get("error"), str) or not body["error"]:
                    return {"ok": False, "error": "invalid_arguments"}
                execution.ended = "error"
                return {"ok": True}
            declared = self.functions.get(execution.callback_id, {}).get("output_parameters", {})
            problems = output_problems(declared, body.get("outputs"))
            if problems:
                return {"ok": False, "error": "parameter_validation_failed", "errors": problems}
            execution.ended = "success"
            return {"ok": True}


def _parameters(declared: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The manifest's `{properties, required}` as the event lists them: one entry per parameter, with its name."""
    properties: dict[str, Any] = (declared or {}).get("properties") or {}
    required = set((declared or {}).get("required") or [])
    return [
        {
            "type": spec["type"],
            "name": name,
            "description": spec.get("description", ""),
            "title": spec.get("title", name),
            "is_required": name in required,
        }
        for name, spec in properties.items()
    ]
