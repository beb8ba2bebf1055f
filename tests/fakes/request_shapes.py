"""Every kind of request Slack sends to an app's Request URL, written from the field lists in Slack's docs.

Sources (docs.slack.dev): "Implementing slash commands" (the form fields, `ssl_check`), "url_verification event",
"app_rate_limited event", the interaction payload references (block_actions, block_suggestion, view_submission,
view_closed, shortcut, message_action), and "Events API" (the event_callback envelope, X-Slack-Retry-* headers).
Sign them with tests.fakes.signing.sign; interactivity is form-encoded `payload=<json>`, events are JSON.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.fakes.signing import API_APP_ID, VERIFICATION_TOKEN, event_body

TEAM = {"id": "T0TEST", "domain": "test"}
USER = {"id": "U0USER", "username": "oncall", "name": "oncall", "team_id": "T0TEST"}
# Block Kit: at most 50 blocks a message, at most 3,000 characters in a section's text.
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000


def slash_command_form(
    text: str,
    response_url: str,
    *,
    channel_name: str = "incident-room",
    user_name: str = "oncall",
    team_domain: str = "test",
) -> bytes:
    """`/numbers text` with every field of the docs' list, the names (channel, user, team) as given."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM["id"],
        "team_domain": team_domain,
        "enterprise_id": "E0ORG",
        "enterprise_name": "Test Org",
        "channel_id": "C0CHAN",
        "channel_name": channel_name,
        "user_id": USER["id"],
        "user_name": user_name,
        "command": "/numbers",
        "text": text,
        "response_url": response_url,
        "trigger_id": f"{int(time.time())}.4200000000.0123456789abcdef0123456789abcdef",
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
    }
    return urlencode(fields).encode()


def ssl_check_form() -> bytes:
    """What Slack posts when a command's Request URL is saved: `ssl_check=1` and the token."""
    return urlencode({"ssl_check": "1", "token": VERIFICATION_TOKEN}).encode()


def url_verification_json(challenge: str) -> bytes:
    """The handshake when the Events Request URL is saved: answer 200 with the challenge."""
    return json.dumps({"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}).encode()


def app_rate_limited_json(minute: int = 1518467820) -> bytes:
    """Sent when more than 30,000 events an hour were due for one workspace; it has no inner event."""
    body = {
        "token": VERIFICATION_TOKEN,
        "type": "app_rate_limited",
        "team_id": TEAM["id"],
        "minute_rate_limited": minute,
        "api_app_id": API_APP_ID,
    }
    return json.dumps(body).encode()


def interactivity_form(payload: dict[str, Any]) -> bytes:
    """An interaction as Slack posts it: form-encoded, one `payload` field holding the JSON."""
    return urlencode({"payload": json.dumps(payload)}).encode()


def block_suggestion_payload() -> dict[str, Any]:
    """An external select menu asking for options (block_suggestion payload reference)."""
    return {
        "type": "block_suggestion",
        "user": USER,
        "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": "C0CHAN"},
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "action_id": "numbers-place",
        "block_id": "numbers-filter",
        "value": "amst",
        "team": TEAM,
        "channel": {"id": "C0CHAN", "name": "incident-room"},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def _view(kind: str) -> dict[str, Any]:
    return {
        "id": "V0MODAL",
        "team_id": TEAM["id"],
        "type": kind,
        "blocks": [],
        "private_metadata": "",
        "callback_id": "numbers-modal",
        "state": {"values": {}},
        "hash": "1700000000.abcdef12",
        "title": {"type": "plain_text", "text": "Numbers"},
        "close": None,
        "submit": {"type": "plain_text", "text": "Ask"},
        "root_view_id": "V0MODAL",
        "app_id": API_APP_ID,
        "bot_id": "B0BOT",
    }


def view_submission_payload() -> dict[str, Any]:
    """A modal submitted (view_submission payload reference)."""
    return {
        "type": "view_submission",
        "team": TEAM,
        "user": USER,
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": "1700000000.4200000000.feedface",
        "view": _view("modal"),
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def view_closed_payload() -> dict[str, Any]:
    """A modal closed with `notify_on_close` (view_closed payload reference)."""
    return {
        "type": "view_closed",
        "team": TEAM,
        "user": USER,
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "view": _view("modal"),
        "is_cleared": False,
        "is_enterprise_install": False,
    }


def global_shortcut_payload(callback_id: str = "numbers-global") -> dict[str, Any]:
    """A global shortcut from the composer or search (shortcut payload reference)."""
    return {
        "type": "shortcut",
        "token": VERIFICATION_TOKEN,
        "action_ts": f"{time.time():.6f}",
        "team": TEAM,
        "user": USER,
        "callback_id": callback_id,
        "trigger_id": "1700000000.4200000000.cafebabe",
        "is_enterprise_install": False,
        "enterprise": None,
    }


def largest_message(text: str, char: str = "€") -> dict[str, Any]:
    """A bot message at Block Kit's limits: 50 sections of 3,000 characters, `text` first in the first one."""
    filler = char * (MAX_SECTION_CHARS - len(text) - 1)
    first = {"type": "section", "block_id": "s0", "text": {"type": "mrkdwn", "text": f"{text} {filler}"}}
    rest = [
        {"type": "section", "block_id": f"s{i}", "text": {"type": "mrkdwn", "text": char * MAX_SECTION_CHARS}}
        for i in range(1, MAX_BLOCKS)
    ]
    return {"bot_id": "B0ALERTS", "blocks": [first, *rest]}


def raw_utf8_form(payload: dict[str, Any]) -> bytes:
    """Interactivity with non-ASCII characters sent as UTF-8 (not \\u escapes), each byte percent-encoded."""
    return urlencode({"payload": json.dumps(payload, ensure_ascii=False)}).encode()


def unsubscribed_event_json(event_id: str) -> bytes:
    """An event_callback for an event no listener of ours takes (reaction_added)."""
    event = {"type": "reaction_added", "user": "U0USER", "reaction": "eyes", "event_ts": f"{time.time():.6f}"}
    event["item"] = {"type": "message", "channel": "C0CHAN", "ts": "1700000000.000100"}
    return event_body(event, event_id=event_id)
