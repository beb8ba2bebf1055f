"""The per-user limit covers every surface: shortcuts, requests without a user, and a Home Refresh says so."""

from __future__ import annotations

import time

from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text
from tests.fakes.signing import BOT_USER_ID, FORM, app_mention_event, message_shortcut_body
from tests.fakes.slack import SlackFake

LIMIT_ONE = {"USER_RATE_LIMIT": "1", "USER_RATE_WINDOW_SECONDS": "60"}


def test_message_shortcuts_count_against_the_per_user_limit(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app(LIMIT_ONE)
    first, second = slack.response_url("shortcut 1"), slack.response_url("shortcut 2")
    assert app.post(message_shortcut_body("+31 20 000 0000", first), FORM)[0] == 200
    slack.wait_for_response(first)
    assert app.post(message_shortcut_body("+31 20 000 0000", second), FORM)[0] == 200
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
