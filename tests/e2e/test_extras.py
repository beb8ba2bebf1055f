"""On-call extras end to end: App Home, the "Look up numbers" shortcut, DMs, purchasable numbers, orders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text, buttons, shown_numbers
from tests.fakes.flireo import FlireoFake, make_buyable, make_numbers, make_orders, make_shared_numbers
from tests.fakes.signing import FORM, message_shortcut_body
from tests.fakes.slack import SlackFake

BUYABLE = "/v1/phone-numbers/available"
ORDERS = "/v1/phone-number-orders"


SHARED = make_shared_numbers(3)
OFFERS = make_buyable(30)
ORDER_LIST = make_orders(25)


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """Flireo with an inventory, purchasable numbers and orders."""
    with FlireoFake(make_numbers(120), shared=SHARED, buyable=OFFERS, orders=ORDER_LIST) as fake:
        yield fake


def _readable(e164: str) -> str:
    """+31201234567 → '020 123 4567'-style national text as people paste it in alerts."""
    national = "0" + e164[3:]
    return f"{national[:3]} {national[3:6]} {national[6:]}"


def test_app_home_shows_the_inventory_at_a_glance(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    assert app.event({"type": "app_home_opened", "user": "U0USER", "channel": "D0HOME", "tab": "home"}) == 200
    call = slack.wait_for_api_call("views.publish")
    view = call.body["view"]
    text = all_text(view)
    assert call.body["user_id"] == "U0USER"
    assert view["type"] == "home"
    assert f"{len(flireo.numbers):,} numbers on the account" in text
    assert "Free local numbers by place" in text
    assert f"Shared default numbers:* {len(SHARED)}" in text
    assert "data as of" in text
    fetched = flireo.request_count("/v1/phone-numbers", exact=True)
    app.click("numbers-home-refresh", "home", container={"type": "view", "view_id": "V0HOME"})
    slack.wait_for_api_call("views.publish", count=2)
    assert flireo.request_count("/v1/phone-numbers", exact=True) > fetched


def test_look_up_numbers_shortcut_reports_every_number_in_an_alert(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    linked = next(n for n in flireo.numbers if n["linked_assistant"] and n["number_type"] == "local")
    free = next(n for n in flireo.numbers if n["available"] and n["number_type"] == "mobile")
    alert = (
        f":rotating_light: Calls failing on {_readable(linked['phone_number'])} and <tel:{free['phone_number']}|"
        f"{free['phone_number']}>; also seen from +31 30 999 1234 (not ours)."
    )
    app: AppProcess = start_app()
    url = slack.response_url("shortcut")
    status, *_ = app.post(message_shortcut_body(alert, url), FORM)
    assert status == 200
    reply = slack.wait_for_response(url).body
    text = all_text(reply)
    assert reply["response_type"] == "ephemeral"
    assert text.startswith("1 linked · 1 with no assistant · 1 not ours · numbers in this message")
    assert linked["linked_assistant"]["name"] in text
    assert "not on this account" in text
    assert set(shown_numbers(reply)) == {linked["phone_number"], free["phone_number"], "+31309991234"}


def test_the_shortcut_reads_an_alert_that_lives_in_attachments_and_blocks(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    linked = next(n for n in flireo.numbers if n["linked_assistant"])
    free = next(n for n in flireo.numbers if n["available"])
    attachments = [
        {
            "fallback": f"[Triggered] #4521 calls failing on {_readable(linked['phone_number'])}",
            "title": "#4521 INC0012345 since 2026-11-27 03:12:44",
            "fields": [{"title": "Host", "value": "10.0.4.17", "short": True}],
        }
    ]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f"Also seen on {free['phone_number']}"}}]
    app: AppProcess = start_app()
    url = slack.response_url("shortcut")
    status, *_ = app.post(message_shortcut_body("", url, attachments=attachments, blocks=blocks), FORM)
    assert status == 200
    reply = slack.wait_for_response(url).body
    assert "1 linked · 1 with no assistant · numbers in this message" in all_text(reply)
    assert set(shown_numbers(reply)) == {linked["phone_number"], free["phone_number"]}


def test_a_direct_message_is_answered_in_the_dm_and_edits_and_bots_are_ignored(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    base = {"type": "message", "channel": "D0DM", "channel_type": "im", "user": "U0USER"}
    app.event({**base, "subtype": "message_changed", "ts": "1700000001.000100", "text": "stats"})
    app.event({**base, "bot_id": "B0OTHER", "ts": "1700000002.000100", "text": "stats"})
    app.event({**base, "user": "U0BOT", "bot_id": "B0BOT", "ts": "1700000003.000100", "text": "stats"})
    app.event({**base, "ts": "1700000004.000100", "text": "which mobile numbers are free?"})
    call = slack.wait_for_api_call("chat.postMessage")
    assert call.body["channel"] == "D0DM"
    assert "Available mobile numbers" in all_text(call.body)
    app.event({**base, "ts": "1700000005.000100", "text": "help"})
    slack.wait_for_api_call("chat.postMessage", count=2)
    assert len(slack.calls("chat.postMessage")) == 2, "an edit or a bot's message was answered"


def test_buyable_lists_offers_with_cost_and_is_cached_briefly(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("buyable mobile")
    reply = slack.wait_for_response(url).body
    mobiles = [o for o in OFFERS if o["number_type"] == "mobile"]
    text = all_text(reply)
    assert f"Purchasable mobile numbers: {len(mobiles)} found" in text
    assert "€4.50 a month" in text
    assert "reservable" in text
    shown = shown_numbers(reply)
    assert shown == sorted(shown), "offers come in number order"
    assert flireo.requests[-1].query["number_type"] == "mobile"
    _, url = app.command("buyable mobile")
    slack.wait_for_response(url)
    assert flireo.request_count(BUYABLE, exact=True) == 1
    assert not [r for r in flireo.requests if r.method != "GET"], "the bot must never order anything"


def test_buyable_with_a_pattern_passes_it_to_flireo(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    pattern = next(o for o in OFFERS if o["number_type"] == "national")["phone_number"][-4:]
    _, url = app.command(f"buyable national {pattern}")
    reply = slack.wait_for_response(url).body
    assert flireo.requests[-1].query["query"] == pattern
    assert all(pattern in number for number in shown_numbers(reply))


def test_buyable_local_explains_verification_groups(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("buyable local")
    assert "approved verification group" in all_text(slack.wait_for_response(url).body)
    assert flireo.request_count(BUYABLE, exact=True) == 0


def test_orders_are_filtered_by_status_and_paged(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("orders")
    first = slack.wait_for_response(url).body
    assert f"Phone-number orders: {len(ORDER_LIST)} found" in all_text(first)
    _, next_url = app.click("numbers-next", buttons(first)["numbers-next"])
    second = slack.wait_for_response(next_url).body
    assert "Page 2 of 3" in all_text(second)
    _, url = app.command("orders pending")
    pending = [o for o in ORDER_LIST if o["status"] == "pending"]
    reply = slack.wait_for_response(url).body
    assert f"Pending orders: {len(pending)} found" in all_text(reply)
    assert flireo.requests[-1].query["status"] == "pending"


def test_lookup_understands_0031_and_tel_uris(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    linked = next(n for n in flireo.numbers if n["linked_assistant"])
    app: AppProcess = start_app()
    for typed in ("00" + linked["phone_number"][1:], "tel:" + linked["phone_number"]):
        _, url = app.command(f"find {typed}")
        assert linked["linked_assistant"]["name"] in all_text(slack.wait_for_response(url).body)


def test_a_channel_allowlist_leaves_dms_and_the_home_tab_working(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app({"ALLOWED_CHANNEL_IDS": "C0OPS"})
    app.event({"type": "app_home_opened", "user": "U0USER", "channel": "D0HOME", "tab": "home"})
    assert slack.wait_for_api_call("views.publish").ok
    dm = {"type": "message", "channel": "D0DM", "channel_type": "im", "user": "U0USER", "ts": "1700000009.000100"}
    app.event({**dm, "text": "stats"})
    assert slack.wait_for_api_call("chat.postMessage").body["channel"] == "D0DM"
    assert slack.calls("chat.postEphemeral") == []
