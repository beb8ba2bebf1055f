"""Replies as Slack asks for them, through the real `python app.py`: block ids unique per view and new on every
update, a top-level text a screen reader can use on its own (and inert), and no link ever unfurled."""

from __future__ import annotations

from collections import Counter
from typing import Any

import phonenumbers

from bot.replies.state import Action
from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import buttons, shown_numbers
from tests.fakes.flireo import FlireoFake
from tests.fakes.slack import SlackFake

HOME_CLICK = {"type": "view", "view_id": "V0HOME"}


def _block_ids(message: dict[str, Any]) -> list[str]:
    return [block["block_id"] for block in message.get("blocks", [])]


def _readable(e164: str) -> str:
    """`+31201234567` as the replies show it (`+31 20 123 4567`), via the same library."""
    return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def test_previous_next_and_refresh_send_new_block_ids_each_time(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("all numbers")
    pages = [slack.wait_for_response(url).body]
    for action in (Action.NEXT, Action.NEXT, Action.PREVIOUS, Action.REFRESH):
        _, click_url = app.click(action.value, buttons(pages[-1])[action.value])
        pages.append(slack.wait_for_response(click_url).body)
    assert [page.get("replace_original") for page in pages[1:]] == [True] * 4
    for page in pages:
        ids = _block_ids(page)
        assert len(set(ids)) == len(ids), ids
    seen = Counter(block_id for page in pages for block_id in _block_ids(page))
    assert [block_id for block_id, times in seen.items() if times > 1] == []


def test_a_refused_home_refresh_publishes_a_view_slack_accepts(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app({"USER_RATE_LIMIT": "1", "USER_RATE_WINDOW_SECONDS": "600"})
    app.click(Action.HOME_REFRESH.value, "home", container=HOME_CLICK)
    app.click(Action.HOME_REFRESH.value, "home", container=HOME_CLICK)  # over the limit: refused, said on the view
    refused = slack.wait_for_api_call("views.publish", lambda call: "faster than I can answer" in str(call.body), 10)
    assert refused.ok, refused.response
    ids = [block["block_id"] for block in refused.body["view"]["blocks"]]
    assert len(set(ids)) == len(ids) == len(refused.body["view"]["blocks"])
    assert all(call.ok for call in slack.calls("views.publish"))


def test_a_listings_text_says_the_header_and_every_number_shown(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("available local")
    page = slack.wait_for_response(url).body
    numbers = shown_numbers(page)
    assert numbers
    assert page["text"].startswith("Available local numbers")
    assert all(_readable(number) in page["text"] for number in numbers), page["text"]


def test_a_flireo_name_in_the_text_is_inert_and_no_post_unfurls(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    linked = next(n for n in flireo.numbers if n["linked_assistant"])
    name = "*Night* desk <!channel> see https://evil.example/x"
    flireo.set_numbers(
        [
            {**n, "linked_assistant": {**n["linked_assistant"], "name": name}} if n["id"] == linked["id"] else n
            for n in flireo.numbers
        ]
    )
    app: AppProcess = start_app()
    _, url = app.command(f"find {linked['phone_number']}")
    card = slack.wait_for_response(url).body
    assert "Night desk" in card["text"]
    assert "*" not in card["text"]
    assert "<!channel>" not in card["text"]
    assert _readable(linked["phone_number"]) in card["text"]
    _, share_url = app.click(Action.SHARE.value, buttons(card)[Action.SHARE.value])
    slack.wait_for_response(share_url)
    status, _ = app.mention(f"who answers {linked['phone_number']}")
    assert status == 200
    slack.wait_for_api_call("chat.postMessage")
    posts = [response.body for response in slack.responses] + [
        call.body for call in slack.api_calls if call.method.startswith("chat.")
    ]
    assert len(posts) >= 3
    assert all(post.get("unfurl_links") is False and post.get("unfurl_media") is False for post in posts), posts


def test_a_refusal_posted_ephemerally_does_not_unfurl_either(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app({"ALLOWED_CHANNEL_IDS": "C0ALLOWED"})
    status, _ = app.mention("stats", channel="C0CHAN")
    assert status == 200
    refusal = slack.wait_for_api_call("chat.postEphemeral")
    assert refusal.body.get("unfurl_links") is False
    assert refusal.body.get("unfurl_media") is False
