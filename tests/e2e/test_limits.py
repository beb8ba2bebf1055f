"""The per-user limit covers every surface: shortcuts, requests without a user, and a Home Refresh says so."""

from __future__ import annotations

import json
import time
import urllib.parse

from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text
from tests.fakes.signing import BOT_USER_ID, FORM, app_mention_event
from tests.fakes.slack import SlackFake

LIMIT_ONE = {"USER_RATE_LIMIT": "1", "USER_RATE_WINDOW_SECONDS": "60"}


def _shortcut_body(response_url: str) -> bytes:
    payload = {
        "type": "message_action",
        "callback_id": "lookup_numbers",
        "trigger_id": "1337.42.abcdef",
        "action_ts": f"{time.time():.6f}",
        "team": {"id": "T0TEST", "domain": "test"},
        "user": {"id": "U0USER", "team_id": "T0TEST"},
        "channel": {"id": "C0CHAN", "name": "incidents"},
        "response_url": response_url,
        "message_ts": "1700000000.000100",
        "message": {"type": "message", "user": "U0ALERTS", "text": "+31 20 000 0000", "ts": "1700000000.000100"},
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


def test_message_shortcuts_count_against_the_per_user_limit(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app(LIMIT_ONE)
    first, second = slack.response_url("shortcut 1"), slack.response_url("shortcut 2")
    assert app.post(_shortcut_body(first), FORM)[0] == 200
    slack.wait_for_response(first)
    assert app.post(_shortcut_body(second), FORM)[0] == 200
    assert "asking faster than I can answer" in all_text(slack.wait_for_response(second).body)


def test_mentions_without_a_user_are_limited_per_channel(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app(LIMIT_ONE)
    for n, channel in enumerate(("C0WORKFLOW", "C0WORKFLOW", "C0OTHER")):
        mention = app_mention_event(f"<@{BOT_USER_ID}> stats", channel=channel, ts=f"170000010{n}.000100")
        del mention["user"]  # a workflow step or another bot mentions the app without a user
        assert app.event(mention | {"bot_id": "B0WORKFLOW"}) == 200
    slack.wait_for_api_call("chat.postMessage", count=2)
    deadline = time.monotonic() + 5
    while '"rate_limited"' not in app.logs():
        assert time.monotonic() < deadline, "the second mention in C0WORKFLOW was not refused"
        time.sleep(0.05)  # polling the log with a deadline
    answered = sorted(call.body["channel"] for call in slack.calls("chat.postMessage"))
    assert answered == ["C0OTHER", "C0WORKFLOW"]


def test_a_refused_home_refresh_says_so_in_the_home_view(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app(LIMIT_ONE)
    home = {"type": "view", "view_id": "V0HOME"}
    app.click("numbers-home-refresh", "home", container=home)
    slack.wait_for_api_call("views.publish")
    app.click("numbers-home-refresh", "home", container=home)
    refused = slack.wait_for_api_call("views.publish", count=2)
    text = all_text(refused.body["view"])
    assert "asking faster than I can answer" in text
    assert "numbers on the account" in text  # the current data is still shown under the notice
