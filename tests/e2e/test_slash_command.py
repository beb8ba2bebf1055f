"""The real `python app.py` in HTTP mode, driven as Slack drives it, against loopback Slack and Flireo."""

from __future__ import annotations

import json
import time

from tests.e2e.conftest import COLD_START, AppProcess
from tests.e2e.helpers import all_text, buttons, shown_numbers
from tests.fakes.flireo import FlireoFake
from tests.fakes.signing import FORM, slash_command_body
from tests.fakes.slack import SlackFake

NEXT, PREVIOUS, REFRESH, SHARE = "numbers-next", "numbers-previous", "numbers-refresh", "numbers-share"
INVENTORY = "/v1/phone-numbers"


def _available_local(flireo: FlireoFake) -> set[str]:
    return {n["phone_number"] for n in flireo.numbers if n["available"] and n["number_type"] == "local"}


def test_available_local_pages_through_exactly_the_expected_numbers(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app: AppProcess = start_app()
    status, url = app.command("available local")
    assert status == 200
    page = slack.wait_for_response(url).body
    assert page["response_type"] == "ephemeral"
    expected = _available_local(flireo)
    assert f"Available local numbers: {len(expected)} found" in all_text(page)
    assert PREVIOUS not in buttons(page)
    seen = shown_numbers(page)
    while NEXT in buttons(page):
        _, click_url = app.click(NEXT, buttons(page)[NEXT])
        page = slack.wait_for_response(click_url).body
        assert page["replace_original"] is True
        seen += shown_numbers(page)
    assert len(seen) == len(set(seen)), "a number was shown on two pages"
    assert set(seen) == expected
    assert f"Page {-(-len(expected) // 10)} of {-(-len(expected) // 10)}" in all_text(page)


def test_previous_returns_to_the_page_before(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("list")
    first = slack.wait_for_response(url).body
    _, next_url = app.click(NEXT, buttons(first)[NEXT])
    second = slack.wait_for_response(next_url).body
    _, back_url = app.click(PREVIOUS, buttons(second)[PREVIOUS])
    back = slack.wait_for_response(back_url).body
    assert shown_numbers(back) == shown_numbers(first)
    assert shown_numbers(second) != shown_numbers(first)
    assert "Page 1 of" in all_text(back)


def test_paging_within_the_ttl_makes_no_upstream_request(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("list")
    page = slack.wait_for_response(url).body
    before = flireo.request_count(INVENTORY, exact=True)
    for _ in range(3):
        _, click_url = app.click(NEXT, buttons(page)[NEXT])
        page = slack.wait_for_response(click_url).body
    assert "Page 4 of" in all_text(page)
    assert flireo.request_count(INVENTORY, exact=True) == before


def test_refresh_fetches_anew_and_shows_the_change(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("available mobile")
    page = slack.wait_for_response(url).body
    before = flireo.request_count(INVENTORY, exact=True)
    newly_free = next(n for n in flireo.numbers if n["number_type"] == "mobile" and not n["available"])
    changed = [
        {**n, "available": True, "linked_assistant": None} if n["id"] == newly_free["id"] else n for n in flireo.numbers
    ]
    flireo.set_numbers(changed)
    _, refresh_url = app.click(REFRESH, buttons(page)[REFRESH])
    refreshed = slack.wait_for_response(refresh_url).body
    assert flireo.request_count(INVENTORY, exact=True) > before
    assert refreshed["replace_original"] is True
    count = sum(1 for n in changed if n["available"] and n["number_type"] == "mobile")
    assert f"Available mobile numbers: {count} found" in all_text(refreshed)


def test_share_posts_the_same_view_in_channel_without_a_share_button(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("available local")
    page = slack.wait_for_response(url).body
    _, share_url = app.click(SHARE, buttons(page)[SHARE])
    shared = slack.wait_for_response(share_url).body
    assert shared["response_type"] == "in_channel"
    assert shown_numbers(shared) == shown_numbers(page)
    assert SHARE not in buttons(shared)
    assert NEXT in buttons(shared)


def test_mention_is_answered_in_its_thread(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    status, ts = app.mention("which mobile numbers are available?")
    assert status == 200
    call = slack.wait_for_api_call("chat.postMessage")
    assert call.ok
    assert call.body["channel"] == "C0CHAN"
    assert call.body["thread_ts"] == ts
    expected = {n["phone_number"] for n in flireo.numbers if n["available"] and n["number_type"] == "mobile"}
    assert f"Available mobile numbers: {len(expected)} found" in all_text(call.body)


def test_mention_inside_a_thread_answers_in_that_thread(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    event = {
        "type": "app_mention",
        "user": "U0USER",
        "text": "<@U0BOT> stats",
        "ts": "1700000100.000200",
        "thread_ts": "1700000000.000100",
        "channel": "C0CHAN",
        "event_ts": "1700000100.000200",
    }
    assert app.event(event) == 200
    call = slack.wait_for_api_call("chat.postMessage")
    assert call.body["thread_ts"] == "1700000000.000100"


def test_lookup_by_national_format_shows_the_linked_assistant(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    linked = next(n for n in flireo.numbers if n["linked_assistant"] and n["number_type"] == "local")
    national = "0" + linked["phone_number"][3:]  # +31 20 ... → 020 ...
    spaced = f"{national[:3]} {national[3:6]} {national[6:]}"
    app: AppProcess = start_app()
    _, url = app.command(f"find {spaced}")
    card = slack.wait_for_response(url).body
    assert linked["linked_assistant"]["name"] in all_text(card)
    assert "Linked to" in all_text(card)


def test_help_shows_examples(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app(COLD_START)
    _, url = app.command("")
    text = all_text(slack.wait_for_response(url).body)
    assert "/numbers available local amsterdam" in text
    assert "/numbers find 020 123 4567" in text
    assert flireo.request_count(INVENTORY, exact=True) == 0


def test_typos_with_one_clear_correction_are_answered_and_the_correction_is_said(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("availabel local amsterdm")
    text = all_text(slack.wait_for_response(url).body)
    assert "Available local numbers in Amsterdam" in text
    assert "_amsterdm_ as *amsterdam*" in text
    assert "_availabel_ as *available*" in text
    assert "Traceback" not in text


def test_an_unreadable_word_gets_did_you_mean_buttons_that_ask_the_corrected_question(
    start_app, slack: SlackFake
) -> None:
    app: AppProcess = start_app()
    _, url = app.command("nused numbers")  # as close to "unused" as to "used", which mean opposites: ask back
    reply = slack.wait_for_response(url).body
    assert "Did you mean" in all_text(reply)
    suggestion = next(iter(v for k, v in buttons(reply).items() if k.startswith("numbers-suggest")))
    _, next_url = app.click("numbers-suggest-0", suggestion)
    answered = all_text(slack.wait_for_response(next_url).body)
    assert "numbers: " in answered
    assert " found" in answered
    assert "Did you mean" not in answered


def test_a_bad_signature_is_refused(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    url = slack.response_url()
    status, *_ = app.post(slash_command_body("list", url), FORM, secret="not-the-signing-secret")
    assert status == 401
    assert slack.responses_for(url) == []


def test_a_request_signed_ten_minutes_ago_is_refused(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    url = slack.response_url()
    status, *_ = app.post(slash_command_body("list", url), FORM, timestamp=int(time.time()) - 600)
    assert status == 401
    assert slack.responses_for(url) == []


def test_a_tampered_button_gets_a_polite_reply(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.click(NEXT, '{"query": "list", "offset": -5}')
    reply = slack.wait_for_response(url).body
    assert "no longer works" in all_text(reply)
    assert reply.get("replace_original") is False


def test_the_account_is_read_as_the_process_starts_and_the_first_question_is_answered_from_that_read(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app: AppProcess = start_app()
    deadline = time.monotonic() + 10
    while json.loads(app.get("/healthz")[1])["snapshot_numbers"] != len(flireo.numbers):
        assert time.monotonic() < deadline, "the account was not read as the process started"
        time.sleep(0.05)  # polling with a deadline
    read_at_start = flireo.request_count(INVENTORY, exact=True)
    assert read_at_start > 0
    _, url = app.command("stats")
    assert f"{len(flireo.numbers)} numbers on the account" in all_text(slack.wait_for_response(url).body)
    assert flireo.request_count(INVENTORY, exact=True) == read_at_start, "the first question read nothing itself"


def test_healthz_reports_the_snapshot_without_calling_flireo(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app(COLD_START)
    status, body = app.get("/healthz")
    health = json.loads(body)
    assert status == 200
    assert health["snapshot_age_seconds"] is None
    assert flireo.request_count(exact=True) == 0
    _, url = app.command("stats")
    slack.wait_for_response(url)
    health = json.loads(app.get("/healthz")[1])
    assert health["snapshot_numbers"] == len(flireo.numbers)
