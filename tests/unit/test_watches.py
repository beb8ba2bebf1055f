"""Watches and change views: what is posted where, once; how a change reads."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.answers.changes import answer_changes, with_names_from
from bot.answers.flapping import Flap, flap_states
from bot.answers.watches import Watches
from bot.inventory.cache import InventoryCache
from bot.inventory.diff import Change, ChangeKind, diff
from bot.inventory.snapshot import Snapshot, SnapshotRecord
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory
from bot.reading.watch_command import is_watch_command
from bot.replies.change_views import change_line, with_history
from bot.replies.state import PageState
from bot.replies.views import render_number_card
from tests.unit.support import RECORDS, FlireoStub, make_snapshot, numbers_from, question_for

EARLIER = datetime(2026, 11, 27, 2, 5, tzinfo=UTC)
LATER = EARLIER + timedelta(minutes=5)
NOW = LATER + timedelta(minutes=1)


@pytest.fixture
def watches(tmp_path: Path, make_cache: Callable[..., InventoryCache], flireo: FlireoStub) -> Watches:
    """Watches on a real store and a cache over the hand-written account."""
    return Watches(SqlHistory(sqlite_engine(tmp_path / "h.sqlite3"), keep_days=30), make_cache(flireo), region="NL")


def edited(edit: Callable[[list[dict[str, Any]]], None]) -> list[dict[str, Any]]:
    """A copy of the account after `edit`."""
    records = copy.deepcopy(RECORDS)
    edit(records)
    return records


def record(records: list[dict[str, Any]], number_id: str) -> dict[str, Any]:
    """The record with this id."""
    return next(r for r in records if r["id"] == number_id)


@pytest.mark.parametrize("text", ["watch", "watch linked billing desk", "watches", "unwatch 3", "Watch free below 2"])
def test_watch_commands_are_read_before_the_question_reader(text: str) -> None:
    assert is_watch_command(text)


@pytest.mark.parametrize("text", ["watchtower", "available local", "changes", "who watches 4567"])
def test_other_questions_are_not_watch_commands(text: str) -> None:
    assert not is_watch_command(text)


def test_a_change_watch_posts_only_the_changes_that_match_it(watches: Watches) -> None:
    watches.command("watch linked billing desk", channel="C1", user="U1")
    after = edited(lambda r: [record(r, "n01").update(linked_assistant=None, available=True), r.pop()])
    changes = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    (post,) = watches.posts_for(make_snapshot(after), changes)
    assert post.channel == "C1"
    text = post.message.blocks[0]["text"]["text"]
    assert "unlinked from *Billing Desk*" in text  # n01, linked to Billing Desk before
    assert "removed" in text  # n10, Billing Desk's national number
    assert watches.posts_for(make_snapshot(after), []) == [], "no changes, nothing to post"


def test_a_threshold_watch_posts_once_below_and_once_on_recovery(watches: Watches) -> None:
    reply = watches.command("watch free local amsterdam below 2", channel="C1", user="U1")
    assert reply.ok
    taken = edited(lambda r: record(r, "n02").update(available=False))
    first = watches.posts_for(make_snapshot(taken), [])
    assert [p.message.text for p in first] == ["Watch 1: 1 available local number in Amsterdam, below 2."]
    assert watches.posts_for(make_snapshot(taken), []) == [], "still below: said once"
    (recovered,) = watches.posts_for(make_snapshot(), [])
    assert "2 available local numbers in Amsterdam again" in recovered.message.text
    assert watches.posts_for(make_snapshot(), []) == []


def test_a_watch_naming_nothing_in_the_data_is_refused_and_not_stored(watches: Watches) -> None:
    reply = watches.command("watch linked pharmacy line", channel="C1", user="U1")
    assert not reply.ok
    assert "pharmacy" in reply.message.text
    assert "No watches" in watches.command("watches", channel="C1", user="U1").message.text


def test_unwatch_needs_the_number_of_a_watch_in_this_channel(watches: Watches) -> None:
    watches.command("watch mobile", channel="C1", user="U1")
    assert "Which watch?" in watches.command("unwatch mobile", channel="C1", user="U1").message.text
    assert not watches.command("unwatch 1", channel="C2", user="U1").ok
    assert watches.command("unwatch 1", channel="C1", user="U1").ok


def test_a_change_line_escapes_names_and_gives_the_interval_as_date_tokens() -> None:
    after = edited(lambda r: record(r, "n02").update(linked_assistant={"id": "x", "name": "<!channel> desk"}))
    (change,) = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    line = change_line(change, NOW)
    assert "linked to *&lt;!channel&gt; desk*" in line
    assert f"between <!date^{int(EARLIER.timestamp())}^{{time}}|02:05 UTC>" in line
    assert f"and <!date^{int(LATER.timestamp())}^{{time}}|02:10 UTC>" in line


def test_a_cards_history_goes_above_its_freshness_line_with_who_it_was_linked_to_before() -> None:
    after = edited(lambda r: record(r, "n01").update(linked_assistant={"id": "n", "name": "Night Support"}))
    changes = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    snapshot = make_snapshot(after)
    card = render_number_card(snapshot.numbers[0], snapshot, PageState(query="find +31201234567"))
    blocks = with_history(card, changes, NOW).blocks
    history = next(b for b in blocks if "Recent history" in b.get("text", {}).get("text", ""))
    assert blocks.index(history) == [b["type"] for b in blocks].index("context") - 1
    assert "linked to *Night Support* since <!date^" in history["text"]["text"]
    assert "; before: *Billing Desk*" in history["text"]["text"]


def test_changes_to_an_assistant_that_has_no_numbers_left_are_still_found(tmp_path: Path) -> None:
    store = SqlHistory(sqlite_engine(tmp_path / "h.sqlite3"), keep_days=30, now=lambda: NOW)
    after = edited(lambda r: [record(r, "n01").update(linked_assistant=None, available=True), r.pop()])
    store.record(SnapshotRecord(fetched_at=EARLIER, numbers=numbers_from(RECORDS)))
    store.record(SnapshotRecord(fetched_at=LATER, numbers=numbers_from(after)))
    older = with_names_from(make_snapshot(after), store.changes(EARLIER - timedelta(days=1), None))
    query = question_for("changes billing desk", older, now=NOW)
    listing = answer_changes(query, store, "NL")
    assert sorted(c.number_id for c in listing.changes) == ["n01", "n10"]
    assert listing.description == "numbers linked to Billing Desk"


def test_a_watch_per_group_is_refused_and_not_stored(watches: Watches) -> None:
    reply = watches.command("watch free numbers per city below 2", channel="C1", user="U1")
    assert not reply.ok
    assert "not one per place" in reply.message.text
    assert "No watches" in watches.command("watches", channel="C1", user="U1").message.text


def test_the_same_watch_in_a_channel_is_one_watch_and_posts_once(watches: Watches) -> None:
    assert watches.command("watch linked billing desk", channel="C1", user="U1").ok
    again = watches.command("watch  Linked Billing desk", channel="C1", user="U2")
    assert again.ok
    assert "Already watching" in again.message.text
    assert "watch 1" in again.message.text
    assert "watch 1" in watches.command("watch linked billing desk", channel="C1", user="U1").message.text
    assert "Watch 2" in watches.command("watch linked billing desk below 2", channel="C1", user="U1").message.text
    assert "Watch 3" in watches.command("watch linked billing desk", channel="C2", user="U1").message.text
    after = edited(lambda r: record(r, "n01").update(linked_assistant=None, available=True))
    changes = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    posts = watches.posts_for(make_snapshot(after), changes)
    assert sorted(p.channel for p in posts if p.watch_id != 2) == ["C1", "C2"], "one post per channel"


def read_at(store: SqlHistory, records: list[dict[str, Any]], moment: datetime) -> tuple[Snapshot, list[Change]]:
    """A reading of `records` at `moment`, recorded as the recorder does before the watches run: it and its changes."""
    snapshot = make_snapshot(records, fetched_at=moment)
    return snapshot, store.record(SnapshotRecord.of(snapshot))


def test_a_number_that_keeps_flipping_gets_one_summary_post_then_none_until_it_settles(tmp_path: Path,
    make_cache: Callable[..., InventoryCache], flireo: FlireoStub) -> None:  # fmt: skip
    store = SqlHistory(sqlite_engine(tmp_path / "h.sqlite3"), keep_days=30)
    watches = Watches(store, make_cache(flireo), region="NL")
    watches.command("watch billing desk", channel="C1", user="U1")
    linked, unlinked = RECORDS, edited(lambda r: record(r, "n01").update(linked_assistant=None, available=True))
    read_at(store, linked, EARLIER)
    posted: list[str] = []
    moment = EARLIER
    for step in range(12):  # every 5 minutes, 12 times: linked, free, linked, … (an hour of flipping)
        moment += timedelta(minutes=5)
        if step == 6:  # a restart half-way (a new Watches on the same store) tells it the same way
            watches = Watches(SqlHistory(sqlite_engine(tmp_path / "h.sqlite3"), keep_days=30), make_cache(flireo),
                              region="NL")  # fmt: skip
        snapshot, changes = read_at(store, unlinked if step % 2 == 0 else linked, moment)
        posted += [post.message.blocks[0]["text"]["text"] for post in watches.posts_for(snapshot, changes)]
    assert len(posted) == 4, posted  # 3 changes one by one, then one summary instead of 9 more
    assert "keeps flipping (unlinked, linked): 4 changes in the last hour" in posted[3]
    assert "I'll post again when it settles" in posted[3]
    snapshot, settled = read_at(store, unlinked, moment + timedelta(hours=2))
    (post,) = watches.posts_for(snapshot, settled)
    assert "unlinked from *Billing Desk*" in post.message.blocks[0]["text"]["text"], "after a quiet hour: posted"


def test_flapping_is_told_apart_by_the_changes_in_the_last_hour() -> None:
    change = diff(numbers_from(RECORDS), numbers_from(edited(lambda r: record(r, "n01").update(available=True))),
                  EARLIER, LATER)[0]  # fmt: skip

    def told(every: timedelta) -> list[Flap]:
        seen: dict[str, dict[datetime, ChangeKind]] = {}
        flaps = []
        for i in range(8):
            moved = replace(change, seen_until=EARLIER + every * i)
            flaps.append(flap_states([moved], seen, limit=3, window=timedelta(hours=1))[change.number_id].flap)
            seen.setdefault(change.number_id, {})[moved.seen_until] = moved.kind
        return flaps

    assert told(timedelta(minutes=20)) == [Flap.STEADY] * 8, "3 changes an hour at most: every one posted"
    assert told(timedelta(minutes=10)) == [Flap.STEADY] * 3 + [Flap.STARTED] + [Flap.DAMPED] * 4


def test_a_watch_slack_refuses_for_good_is_broken_posts_nothing_and_its_owner_hears_once(watches: Watches) -> None:
    watches.command("volg gekoppeld billing desk", channel="C1", user="U1")
    after = edited(lambda r: record(r, "n01").update(linked_assistant=None, available=True))
    changes = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    (post,) = watches.posts_for(make_snapshot(after), changes)
    notice = watches.refused(post, "not_in_channel")
    assert notice is not None
    assert notice.channel == "U1", "a direct message to whoever set it"
    assert "kapot" in notice.message.text, "in the language the watch was set in"
    assert watches.refused(post, "not_in_channel") is None, "told once"
    assert watches.broken_count() == 1
    assert watches.posts_for(make_snapshot(after), changes) == [], "a broken watch posts nothing"
    listing = watches.command("watches", channel="C1", user="U1").message
    assert "the bot is not in this channel" in str(listing.blocks)
    again = watches.command("volg gekoppeld billing desk", channel="C1", user="U1")
    assert "Bewaking 1" in again.message.text, "typed again: the same watch, mended"
    assert watches.broken_count() == 0
    assert len(watches.posts_for(make_snapshot(after), changes)) == 1
