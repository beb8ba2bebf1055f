"""Build and sign requests exactly as Slack sends them to an app's `POST /slack/events`."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

API_APP_ID = "A0NUMBERS"
VERIFICATION_TOKEN = "legacy-verification-token"  # Slack still sends it; apps must not rely on it.
BOT_USER_ID = "U0BOT"

_counter = itertools.count(1)


def _unique() -> int:
    return next(_counter)


def sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature headers for `body` (timestamp defaults to now)."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    base = f"v0:{ts}:".encode() + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


def _trigger_id() -> str:
    n = _unique()
    return f"{1700000000 + n}.{4200000000 + n}.{n:032x}"


def slash_command_body(
    text: str,
    response_url: str,
    *,
    command: str = "/numbers",
    user_id: str = "U0USER",
    channel_id: str = "C0CHAN",
    team_id: str = "T0TEST",
    trigger_id: str | None = None,
) -> bytes:
    """A slash-command body (application/x-www-form-urlencoded) with every field Slack sends."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": "test",
        "channel_id": channel_id,
        "channel_name": "incident-room",
        "user_id": user_id,
        "user_name": "oncall",
        "command": command,
        "text": text,
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or _trigger_id(),
    }
    return urlencode(fields).encode()


def block_actions_payload(
    action_id: str,
    value: str,
    response_url: str,
    *,
    user_id: str = "U0USER",
    channel_id: str = "C0CHAN",
    team_id: str = "T0TEST",
    message: dict[str, Any] | None = None,
    container: dict[str, Any] | None = None,
    block_id: str = "nav",
    button_text: str = "Next",
) -> dict[str, Any]:
    """Slack's block_actions payload for a click; message=None ⇒ ephemeral source: no `message`, is_ephemeral."""
    n = _unique()
    action_ts = f"{1700000000 + n}.{n:06d}"
    if container is None:
        message_ts = (message or {}).get("ts", f"{1700000000 + n}.{n + 100:06d}")
        container = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": message is None,
        }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "oncall", "name": "oncall", "team_id": team_id},
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": container,
        "trigger_id": _trigger_id(),
        "team": {"id": team_id, "domain": "test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "incident-room"},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": action_ts,
            }
        ],
    }
    if message is not None:
        payload["message"] = message
    return payload


def block_actions_body(
    action_id: str,
    value: str,
    response_url: str,
    *,
    user_id: str = "U0USER",
    channel_id: str = "C0CHAN",
    team_id: str = "T0TEST",
    message: dict[str, Any] | None = None,
    container: dict[str, Any] | None = None,
    block_id: str = "nav",
    button_text: str = "Next",
) -> bytes:
    """A button click as Slack posts it: form-encoded `payload=<json>` (see block_actions_payload)."""
    payload = block_actions_payload(
        action_id,
        value,
        response_url,
        user_id=user_id,
        channel_id=channel_id,
        team_id=team_id,
        message=message,
        container=container,
        block_id=block_id,
        button_text=button_text,
    )
    return urlencode({"payload": json.dumps(payload)}).encode()


def app_mention_event(
    text: str,
    *,
    channel: str = "C0CHAN",
    user: str = "U0USER",
    ts: str = "1700000000.000100",
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An `app_mention` event; `text` is used verbatim, so include the mention (`f"<@{BOT_USER_ID}> stats"`)."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": "T0TEST",
        "client_msg_id": f"00000000-0000-4000-8000-{_unique():012d}",
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def message_shortcut_payload(text: str, response_url: str, **message: Any) -> dict[str, Any]:
    """The "Look up numbers" message shortcut's payload as Slack sends it (`message` adds attachments, blocks)."""
    return {
        "type": "message_action",
        "token": "legacy-token",
        "action_ts": f"{time.time():.6f}",
        "team": {"id": "T0TEST", "domain": "test"},
        "user": {"id": "U0USER", "username": "oncall", "team_id": "T0TEST", "name": "oncall"},
        "channel": {"id": "C0CHAN", "name": "incidents"},
        "is_enterprise_install": False,
        "callback_id": "lookup_numbers",
        "trigger_id": _trigger_id(),
        "response_url": response_url,
        "message_ts": "1700000000.000100",
        "message": {"type": "message", "user": "U0ALERTS", "text": text, "ts": "1700000000.000100", **message},
    }


def message_shortcut_body(text: str, response_url: str, **message: Any) -> bytes:
    """The shortcut's form body, as it is POSTed to /slack/events."""
    return urlencode({"payload": json.dumps(message_shortcut_payload(text, response_url, **message))}).encode()


def event_body(event: dict[str, Any], *, event_id: str = "Ev0001", team_id: str = "T0TEST") -> bytes:
    """A JSON `event_callback` envelope around `event`, as the Events API posts it."""
    envelope = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "api_app_id": API_APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(float(event.get("event_ts", time.time()))),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(envelope).encode()


_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post_to_app(
    base_url: str,
    body: bytes,
    secret: str,
    content_type: str,
    *,
    timestamp: int | None = None,
    extra_headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> tuple[int, dict[str, str], bytes, float]:
    """Sign and POST `body` to `{base_url}/slack/events` → (status, headers, body, elapsed); HTTP errors returned."""
    url = base_url.rstrip("/")
    if not url.endswith("/slack/events"):
        url += "/slack/events"
    headers = {"Content-Type": content_type, **sign(secret, body, timestamp), **(extra_headers or {})}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    started = time.monotonic()
    try:
        with _NO_PROXY_OPENER.open(request, timeout=timeout) as resp:
            payload = resp.read()
            status, resp_headers = resp.status, dict(resp.headers.items())
    except urllib.error.HTTPError as err:
        payload = err.read()
        status, resp_headers = err.code, dict(err.headers.items())
    return status, resp_headers, payload, time.monotonic() - started
