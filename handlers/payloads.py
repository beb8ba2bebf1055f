"""Reading a request body from Slack as untrusted bytes: bounded, parsed without raising, checked for shape."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

# The largest request Slack really sends: a message shortcut ("Look up numbers") on a message at Block Kit's limits,
# form-encoded. Block Kit: 50 blocks a message, 3,000 characters in a section; a message's `text`: 40,000. A
# character outside the BMP is 12 bytes as JSON escapes (\ud83d\ude00), 16 once the form encodes each `\` as %5C
# (as raw UTF-8: 4 bytes, 12 percent-encoded). So 50 x 3,000 x 16 = 2.40 MB of blocks + 40,000 x 16 = 0.64 MB of
# text + the envelope (user, channel, team, ids, the blocks' JSON: well under 0.1 MB) = about 3.1 MB, under 4 MiB.
# Measured: 50 sections of 3,000 "€" sent as UTF-8 is 1.35 MiB (9 bytes a character); the old 1 MiB refused it.
MAX_BODY_BYTES = 4 * 1024 * 1024


class BadPayload(ValueError):
    """A body that is not a request Slack would send; the message is a short reason, never the body."""


def parse_body(body: bytes, content_type: str) -> dict[str, Any]:
    """The request as Bolt will see it: a form (with `payload=<json>` decoded) or a JSON object."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json"):
            return _object(json.loads(text))
        form = dict(parse_qsl(text, keep_blank_values=True))
        if "payload" in form:
            return _object(json.loads(form["payload"]))
        return form
    except UnicodeDecodeError:
        raise BadPayload("not UTF-8") from None
    except RecursionError:
        raise BadPayload("JSON nested too deeply") from None
    except ValueError as exc:  # json.JSONDecodeError and our own BadPayload
        raise BadPayload(str(exc) if isinstance(exc, BadPayload) else "invalid JSON") from None


# Bolt's matchers run a regex over these ids (`_matches` in slack_bolt.listener_matcher.builtins): anything but a
# string there raised inside Bolt, an HTTP 500 with a traceback (measured: action_id 5, callback_id 5).
_MATCHED_IDS = ("type", "command", "callback_id", "action_id", "block_id")
# The fields of the events we answer that our listeners read as text (Slack sends them as strings).
_EVENT_TEXTS = {
    "app_mention": ("user", "channel", "text", "ts", "thread_ts"),
    "message": ("user", "channel", "text", "ts", "thread_ts", "channel_type", "subtype"),
    "app_home_opened": ("user", "channel", "tab"),
}


def shape_problem(request: dict[str, Any]) -> str | None:
    """Why Bolt could not route this request (a field of the wrong type), or None when it can."""
    kind = request.get("type")
    for name in _MATCHED_IDS:
        if name in request and not isinstance(request[name], str):
            return f"{name} is not a string"
    if kind == "event_callback":
        return _event_problem(request.get("event"))
    if kind == "block_actions":
        actions = request.get("actions")
        if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
            return "block_actions without actions"
        if not all(isinstance(a.get("action_id"), str) and isinstance(a.get("block_id", ""), str) for a in actions):
            return "an action without a string action_id"
    if kind in ("view_submission", "view_closed"):
        view = request.get("view")
        if not isinstance(view, dict) or not isinstance(view.get("callback_id"), str):
            return f"{kind} without a view's callback_id"
    for name in ("user", "channel", "team", "container", "message", "view"):
        if name in request and not isinstance(request[name], dict | str | None):
            return f"{name} of the wrong type"
    return None


def _event_problem(event: object) -> str | None:
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return "event_callback without an event"
    # Bolt's step matcher reads event.function.callback_id and the step reads event.inputs: both objects.
    if event["type"] == "function_executed" and not (
        isinstance(event.get("function"), dict) and isinstance(event.get("inputs", {}), dict)
    ):
        return "function_executed without a function or its inputs"
    for name in _EVENT_TEXTS.get(event["type"], ()):
        if event.get(name) is not None and not isinstance(event[name], str):
            return f"{event['type']} with a {name} that is not a string"
    return None


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadPayload("not a JSON object")
    return value
