"""History end to end: Flireo changes between polls → `changes`, a number's card and watches show exactly those."""

from __future__ import annotations

import contextlib
import copy
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text, shown_numbers
from tests.fakes.flireo import ASSISTANTS, FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import ApiCall, SlackFake

INVENTORY = "/v1/phone-numbers"
WATCH_CHANNEL = "C0WATCH"
SENTINEL_CHANNEL = "C0SENTINEL"
# 40 numbers are one page: a poll a second is 60 requests a minute, within the test budget of 100.
POLLING = {"POLL_SECONDS": "1", "FLIREO_MAX_REQUESTS_PER_MINUTE": "100", "USER_RATE_LIMIT": "0"}


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A small account (one page), so the poller can read it every 1.5 s within budget."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def eventually(condition: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    """Poll `condition` until it is truthy (returning it), failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return result


def answer(app: AppProcess, slack: SlackFake, text: str, channel: str = "C0CHAN") -> dict[str, Any]:
    """The reply to `/numbers text`."""
    status, url = app.command(text, channel_id=channel)
    assert status == 200
    return slack.wait_for_response(url, timeout=10).body


def readings_seen(flireo: FlireoFake) -> int:
    """Inventory requests Flireo served (one per reading of this one-page account)."""
    return flireo.request_count(INVENTORY, exact=True)


def wait_for_readings(flireo: FlireoFake, more: int) -> None:
    """Until the poller has read the inventory `more` more times."""
    target = readings_seen(flireo) + more
    eventually(lambda: readings_seen(flireo) >= target, what=f"{more} more readings")


def posts_in(slack: SlackFake, channel: str) -> list[ApiCall]:
    """What the bot posted in a channel."""
    return [call for call in slack.calls("chat.postMessage") if call.body.get("channel") == channel]


def wait_for_post(slack: SlackFake, channel: str, count: int) -> list[ApiCall]:
    """Until the bot has posted `count` messages in `channel`."""
    return eventually(lambda: (found := posts_in(slack, channel)) and len(found) >= count and found, what="a post")


def new_record(number_id: str, phone_number: str) -> dict[str, Any]:
    """A free local Amsterdam number as Flireo sends it."""
    return {"id": number_id, "phone_number": phone_number, "locality": "Amsterdam", "number_type": "local",
            "available": True, "created_at": "2026-11-27T02:00:00Z", "linked_assistant": None}  # fmt: skip


def make_changes(flireo: FlireoFake) -> dict[str, str]:
    """Unlink one number, relink another, release a free one, add a new one; E.164 → what happened to it."""
    records = copy.deepcopy(flireo.numbers)
    linked = [r for r in records if r["linked_assistant"]]
    free = [r for r in records if r["available"]]
    unlinked, relinked, removed = linked[0], linked[1], free[0]
    unlinked.update(linked_assistant=None, available=True)
    relinked["linked_assistant"] = next(a for a in ASSISTANTS if a["id"] != relinked["linked_assistant"]["id"])
    records.remove(removed)
    added = new_record("11111111-2222-4333-8444-555555555555", "+31209990001")
    records.append(added)
    flireo.set_numbers(records)
    return {
        unlinked["phone_number"]: "unlinked from",
        relinked["phone_number"]: "relinked from",
        removed["phone_number"]: "removed",
        added["phone_number"]: "added",
    }


def add_sentinel(flireo: FlireoFake) -> str:
    """One more added number: once its post arrives, every earlier reading has been recorded (one thread, in order)."""
    records = flireo.numbers
    records.append(new_record("99999999-2222-4333-8444-555555555555", "+31209990099"))
    flireo.set_numbers(records)
    return "+31209990099"


def test_changes_a_card_and_a_watch_show_exactly_what_changed_once(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = start_app({**POLLING, **store_env})
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    added = answer(app, slack, "watch", channel=WATCH_CHANNEL)
    assert "I'll post every change to all numbers" in all_text(added)

    changed = make_changes(flireo)
    (post,) = wait_for_post(slack, WATCH_CHANNEL, 1)
    assert sorted(shown_numbers(post.body)) == sorted(changed)

    listing = answer(app, slack, "changes since 1h")
    assert sorted(shown_numbers(listing)) == sorted(changed), "each change exactly once"
    text = all_text(listing)
    assert "4 found" in text
    # The change lines (the top-level text says the numbers and the count by kind, not each change's interval).
    lines = [line for b in listing["blocks"] if b["type"] == "section" for line in b["text"]["text"].splitlines()]
    assert "(1 added, 1 removed, 1 unlinked, 1 relinked)" in text, "the summary by kind leads"
    for number, words in changed.items():
        at = next(i for i, line in enumerate(lines) if number[-7:-4] in line.replace(" ", "") and words in line)
        # Its interval, said once above the changes of its reading: two readings, or one minute when both fell
        # in it (polls here are seconds apart).
        heading = next(line for line in reversed(lines[:at]) if line.startswith(("*Between ", "*At ")))
        assert re.search(r"Between <!date\^\d+.* and <!date\^\d+|At <!date\^\d+\^\{time\}", heading), heading

    relinked = next(number for number, words in changed.items() if words == "relinked from")
    card = all_text(answer(app, slack, f"find {relinked}"))
    assert "Recent history" in card
    assert "linked to *" in card
    assert "since <!date^" in card
    assert "; before: *" in card

    wait_for_readings(flireo, 2)
    sentinel = add_sentinel(flireo)
    posts = wait_for_post(slack, WATCH_CHANNEL, 2)
    assert shown_numbers(posts[1].body) == [sentinel]
    assert len(posts_in(slack, WATCH_CHANNEL)) == 2, "later readings without changes post nothing"


# Twenty different watches, each touched by make_changes (an Amsterdam number of Billing Desk unlinked, a Utrecht one
# of Outbound Reminders relinked, a free Amsterdam one removed, one added): the same watch twice is one watch.
TWENTY_WATCHES = [f"watch {words}".strip() for words in (
    "", "free", "local", "amsterdam", "free local", "free amsterdam", "local amsterdam", "free local amsterdam",
    "linked", "linked local", "linked amsterdam", "local billing desk", "linked billing desk", "outbound reminders",
    "utrecht", "local utrecht", "linked utrecht", "linked local amsterdam", "linked local utrecht",
    "amsterdam billing desk",
)]  # fmt: skip


def test_the_same_watch_typed_again_is_one_watch_and_posts_once(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app = start_app(POLLING)
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    assert "I'll post every change" in all_text(answer(app, slack, "watch linked billing desk", channel=WATCH_CHANNEL))
    for words in ("watch linked billing desk", "watch  Linked Billing desk", "WATCH linked billing desk"):
        again = all_text(answer(app, slack, words, channel=WATCH_CHANNEL))
        assert "Already watching" in again, again
        assert "watch 1" in again, again
    assert "Watches in this channel: 1" in all_text(answer(app, slack, "watches", channel=WATCH_CHANNEL))
    assert "I'll post here when" in all_text(
        answer(app, slack, "watch linked billing desk below 2", channel=WATCH_CHANNEL)
    )
    make_changes(flireo)
    wait_for_post(slack, WATCH_CHANNEL, 1)
    wait_for_readings(flireo, 2)  # a second copy of the watch would be in this post, or in one after it
    (post,) = posts_in(slack, WATCH_CHANNEL)
    sections = [block for block in post.body["blocks"] if block["type"] == "section"]
    assert len(sections) == 1, "one watch, one post of its changes"


def test_a_burst_of_watch_posts_to_one_channel_is_one_post_a_second_at_most(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app = start_app(POLLING)
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    for words in TWENTY_WATCHES:  # the most a channel may have: every one posts after the same reading
        assert "I'll post every change" in all_text(answer(app, slack, words, channel=WATCH_CHANNEL))
    make_changes(flireo)
    wait_for_post(slack, WATCH_CHANNEL, 1)
    wait_for_readings(flireo, 2)
    sentinel = add_sentinel(flireo)
    eventually(lambda: sentinel in shown_numbers(posts_in(slack, WATCH_CHANNEL)[-1].body), what="the sentinel's post")
    posts = posts_in(slack, WATCH_CHANNEL)
    # Slack asks for about a message a second per channel and does not promise to show bursts.
    assert len(posts) == 2, f"{len(posts)} posts for two readings"
    sections = [block["text"]["text"] for block in posts[0].body["blocks"] if block["type"] == "section"]
    assert len(sections) == 20, "every watch's post is in the one message"
    assert posts[1].time - posts[0].time >= 1.0


def test_changes_combine_with_filters_in_english_and_dutch(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app = start_app(POLLING)
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    before = flireo.numbers
    changed = make_changes(flireo)
    records = before + flireo.numbers
    local_amsterdam = sorted(
        {r["phone_number"] for r in records if r["phone_number"] in changed and r["locality"] == "Amsterdam"}
    )
    added = next(number for number, words in changed.items() if words == "added")
    eventually(lambda: shown_numbers(answer(app, slack, "changes")), what="the changes to be recorded")
    dutch = answer(app, slack, "wat is er veranderd sinds gisteren local amsterdam")
    assert sorted(shown_numbers(dutch)) == local_amsterdam
    assert shown_numbers(answer(app, slack, f"changes {added}")) == [added]
    long_ago = answer(app, slack, "what changed since 2026-01-01T00:00:00Z until 2026-01-02T00:00:00Z")
    assert "0 found" in all_text(long_ago)


def free_local_amsterdam(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records `free local amsterdam` counts."""
    return [r for r in records if r["available"] and r["number_type"] == "local" and r["locality"] == "Amsterdam"]


def test_a_threshold_watch_fires_once_and_once_on_recovery(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app = start_app(POLLING)
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    count = len(free_local_amsterdam(flireo.numbers))
    reply = all_text(answer(app, slack, f"watch free local amsterdam below {count}", channel=WATCH_CHANNEL))
    assert f"falls below {count}" in reply
    answer(app, slack, "watch", channel=SENTINEL_CHANNEL)

    records = flireo.numbers
    taken = free_local_amsterdam(records)[0]
    taken.update(available=False, linked_assistant=ASSISTANTS[0])
    flireo.set_numbers(records)
    (alert,) = wait_for_post(slack, WATCH_CHANNEL, 1)
    assert f"{count - 1} available local numbers in Amsterdam, below {count}" in all_text(alert.body)

    wait_for_readings(flireo, 2)
    taken.update(available=True, linked_assistant=None)
    flireo.set_numbers(records)
    posts = wait_for_post(slack, WATCH_CHANNEL, 2)
    assert len(posts) == 2, "the readings while it stayed below posted nothing (the recorder keeps their order)"
    assert f"{count} available local numbers in Amsterdam again" in all_text(posts[1].body)

    wait_for_readings(flireo, 2)
    add_sentinel(flireo)
    wait_for_post(slack, SENTINEL_CHANNEL, 3)  # taken, given back, the sentinel: every reading is recorded
    assert len(posts_in(slack, WATCH_CHANNEL)) == 2, "recovered once"


def test_watches_are_listed_with_a_remove_button_and_unwatch_removes_one(start_app, slack: SlackFake) -> None:
    app = start_app()
    answer(app, slack, "watch linked billing desk", channel=WATCH_CHANNEL)
    answer(app, slack, "watch free local below 2", channel=WATCH_CHANNEL)
    listing = answer(app, slack, "watches", channel=WATCH_CHANNEL)
    text = all_text(listing)
    assert "Watches in this channel: 2" in text
    assert "Billing Desk" in text
    assert "available local below 2" in text
    removes = [
        b["accessory"]["value"]
        for b in listing["blocks"]
        if b.get("accessory", {}).get("text", {}).get("text") == "Remove"
    ]
    assert len(removes) == 2
    assert "no watch" in all_text(answer(app, slack, f"unwatch {removes[0]}", channel="C0OTHER"))
    assert f"Watch {removes[0]} removed" in all_text(answer(app, slack, f"unwatch {removes[0]}", channel=WATCH_CHANNEL))
    _, url = app.click("numbers-unwatch", removes[1], channel_id=WATCH_CHANNEL)
    assert "No watches in this channel" in all_text(slack.wait_for_response(url, timeout=10).body)
    assert "No watches in this channel" in all_text(answer(app, slack, "watches", channel=WATCH_CHANNEL))


def stored_readings(data_dir: Path) -> int:
    """How many stored snapshots the app's history files hold (0 before the first is committed)."""
    total = 0
    for path in data_dir.glob("history-*.sqlite3"):
        with contextlib.suppress(sqlite3.Error):
            total += sqlite3.connect(path, timeout=1).execute("SELECT COUNT(*) FROM snapshot").fetchone()[0]
    return total


def test_a_restart_with_flireo_down_answers_from_the_stored_snapshot_marked_stale(
    start_app, slack: SlackFake, flireo: FlireoFake, tmp_path: Path
) -> None:
    first = start_app()
    assert f"{len(flireo.numbers):,} numbers on the account" in all_text(answer(first, slack, "stats"))
    eventually(lambda: stored_readings(tmp_path / "data"), what="the first reading to be stored")
    first.stop()

    flireo.fail_next(100_000, status=503)
    second = start_app()
    started = time.monotonic()
    at_once = all_text(answer(second, slack, "stats"))
    assert time.monotonic() - started < 3, "answered from the store, not after Flireo's retries"
    assert f"{len(flireo.numbers):,} numbers on the account" in at_once
    assert "saved before the bot restarted" in at_once

    health = lambda: json.loads(second.get("/healthz")[1])  # noqa: E731
    eventually(lambda: health()["failing_since"], timeout=30, what="the fetch after the restart to fail")
    later = all_text(answer(second, slack, "stats"))
    assert f"{len(flireo.numbers):,} numbers on the account" in later
    assert "stale since" in later


def test_a_watch_can_be_set_by_mentioning_the_bot_in_the_channel(start_app, slack: SlackFake) -> None:
    app = start_app()
    event = {
        "type": "app_mention",
        "user": "U0USER",
        "text": "<@U0BOT> watch linked billing desk",
        "ts": "1700000100.000200",
        "channel": WATCH_CHANNEL,
        "event_ts": "1700000100.000200",
    }
    assert app.event(event) == 200
    call = slack.wait_for_api_call("chat.postMessage")
    assert call.body["channel"] == WATCH_CHANNEL
    assert "I'll post every change to numbers linked to Billing Desk" in call.body["text"]


def test_a_watch_slack_refuses_for_good_is_marked_broken_listed_counted_and_its_owner_told(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app = start_app(POLLING)
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    answer(app, slack, "watch", channel=WATCH_CHANNEL)
    slack.refuse_channel(WATCH_CHANNEL, "not_in_channel")
    make_changes(flireo)
    dm = eventually(
        lambda: [c for c in slack.calls("chat.postMessage") if c.body.get("channel") == "U0USER"], what="a DM"
    )
    assert "Your watch 1" in all_text(dm[0].body)
    assert "the bot is not in this channel: invite it" in all_text(dm[0].body)
    assert [call.response.get("error") for call in posts_in(slack, WATCH_CHANNEL)] == ["not_in_channel"]
    listing = all_text(answer(app, slack, "watches", channel=WATCH_CHANNEL))
    assert "broken" in listing
    assert "the bot is not in this channel" in listing
    status, body = app.get("/healthz")
    assert status == 200
    assert json.loads(body)["broken_watches"] == 1

    wait_for_readings(flireo, 2)
    add_sentinel(flireo)
    wait_for_readings(flireo, 2)
    assert len(posts_in(slack, WATCH_CHANNEL)) == 1, "a broken watch posts nothing more"
    slack.refuse_channel(WATCH_CHANNEL, None)  # the bot invited: the watch typed again posts again
    assert "I'll post every change" in all_text(answer(app, slack, "watch", channel=WATCH_CHANNEL))
    assert json.loads(app.get("/healthz")[1])["broken_watches"] == 0
    flireo.set_numbers(flireo.numbers[1:])
    eventually(lambda: any(c.response.get("ok") for c in posts_in(slack, WATCH_CHANNEL)), what="a post after the fix")
