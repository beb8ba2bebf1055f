"""What the history store keeps: the last snapshot, every change since `HISTORY_DAYS` ago, and the channels' watches.

The store itself is SQL (bot/inventory/store/); this module holds what every part of the bot shares about it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from bot.flireo.models import PhoneNumber
from bot.i18n.language import Language
from bot.inventory.diff import Change, ChangeKind, Delta, delta, diff
from bot.inventory.outbox import ClaimedPost, Next, OutboxStatus, QueuedPost
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store_health import StoreHealth

log = logging.getLogger(__name__)

# Per channel: enough for any incident room, few enough that `/numbers watches` fits one message (50 blocks).
MAX_WATCHES_PER_CHANNEL = 20


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes a question asks about, as the store tests them where they are stored.

    A change matches when its number passed every condition before the change or after it (names and places
    folded, as `bot.reading.text.fold` does); `phone_numbers` alone decides when set, as a lookup does. A tuple
    that is empty but not None (`localities=()`) matches nothing: a place asked for that the data never spells.
    """

    phone_numbers: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    available: bool = False
    linked: bool = False
    types: tuple[str, ...] | None = None
    not_types: tuple[str, ...] = ()
    localities: tuple[str, ...] | None = None
    not_localities: tuple[str, ...] = ()
    assistants: tuple[str, ...] | None = None
    not_assistants: tuple[str, ...] = ()
    phone_prefix: str | None = None  # E.164 start: "+3185"
    digits_suffix: str | None = None  # the number's last digits


# Why history has a gap, as stored (the replies say it in words).
GAP_STOPPED = "stopped"  # the bot was not running (the first reading after a start)
GAP_FAILED = "failed"  # the bot ran, but no reading was installed (Flireo failing, or nobody polling)
GAP_UNWRITABLE = "unwritable"  # readings were made but could not be stored (a full disk, say)


@dataclass(frozen=True)
class Gap:
    """A time without stored readings: a change in it is known only to lie somewhere between its two ends."""

    start: datetime
    end: datetime
    reason: str | None  # why: GAP_STOPPED, GAP_FAILED, GAP_UNWRITABLE (None: not known)


@dataclass(frozen=True)
class Coverage:
    """What history covers: its first and last stored reading, and the gaps in a period asked about."""

    first: datetime | None
    last: datetime | None
    gaps: tuple[Gap, ...]
    gap_after: timedelta = timedelta(minutes=15)  # readings further apart than this are a gap


@dataclass(frozen=True)
class Watch:
    """A channel's standing question: post its changes, or (with `threshold`) when its count falls below it."""

    id: int
    channel: str
    query: str  # canonical query text, read by the same reader as any question
    threshold: int | None = None
    created_by: str | None = None
    created_at: datetime | None = None
    below: bool = False  # a threshold watch's alert is out (until the count recovers)
    language: Language | None = None  # the language it was set in: it posts in it (None: DEFAULT_LANGUAGE)
    broken: str | None = None  # Slack refused its posts for good (e.g. `not_in_channel`): it posts nothing


class HistoryStore(Protocol):
    """What the bot needs from a history store (SQLite here; Redis for replicas)."""

    def last_snapshot(self) -> SnapshotRecord | None: ...
    def record(self, snapshot: SnapshotRecord) -> list[Change]: ...
    def changes(
        self,
        since: datetime,
        until: datetime | None = None,
        where: ChangeFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Change]: ...
    def count_changes(
        self, since: datetime, until: datetime | None = None, where: ChangeFilter | None = None
    ) -> int: ...
    def count_by_kind(
        self, since: datetime, until: datetime | None = None, where: ChangeFilter | None = None
    ) -> dict[str, int]: ...
    def changes_of_number(self, number_id: str, limit: int) -> list[Change]: ...
    def frequent_changes(
        self, since: datetime, until: datetime, at_least: int
    ) -> dict[str, dict[datetime, ChangeKind]]: ...
    def coverage(self, since: datetime, until: datetime | None = None) -> Coverage: ...
    def add_watch(self, watch: Watch) -> Watch: ...
    def watches(self, channel: str | None = None) -> list[Watch]: ...
    def remove_watch(self, channel: str, watch_id: int) -> bool: ...
    def set_below(self, watch_id: int, below: bool) -> None: ...
    def set_broken(self, watch_id: int, reason: str | None) -> None: ...
    def enqueue_posts(self, posts: list[QueuedPost]) -> None: ...
    def claim_posts(self, owner: str) -> list[ClaimedPost]: ...
    def renew_claims(self, owner: str) -> None: ...
    def settle_post(self, post: ClaimedPost, owner: str, step: Next) -> None: ...
    def release_claims(self, owner: str) -> int: ...
    def next_post_due(self) -> datetime | None: ...
    def outbox_status(self, channel: str | None = None) -> OutboxStatus: ...
    def health(self) -> StoreHealth: ...
    def close(self) -> None: ...


def iso(moment: datetime) -> str:
    """A UTC timestamp that sorts as text: `2026-11-28T02:05:00.000000+00:00`."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def change_to_json(change: Change) -> dict[str, Any]:
    """A change as plain JSON values (for SQLite rows and Redis)."""
    return {
        "kind": change.kind.value,
        "number_id": change.number_id,
        "phone_number": change.phone_number,
        "seen_from": iso(change.seen_from),
        "seen_until": iso(change.seen_until),
        "field": change.field,
        "old": change.old.model_dump(mode="json") if change.old else None,
        "new": change.new.model_dump(mode="json") if change.new else None,
        "reading_from": iso(change.reading_from) if change.reading_from else None,
        "reading_until": iso(change.reading_until) if change.reading_until else None,
    }


def change_from_json(data: dict[str, Any]) -> Change:
    """The change `change_to_json` wrote; raises ValueError for anything else."""
    try:
        return Change(
            ChangeKind(data["kind"]),
            str(data["number_id"]),
            str(data["phone_number"]),
            datetime.fromisoformat(data["seen_from"]),
            datetime.fromisoformat(data["seen_until"]),
            PhoneNumber.model_validate(data["old"]) if data.get("old") else None,
            PhoneNumber.model_validate(data["new"]) if data.get("new") else None,
            data.get("field"),
            _moment(data.get("reading_from")),
            _moment(data.get("reading_until")),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not a stored change: {exc}") from None


def _moment(stored: str | None) -> datetime | None:
    return datetime.fromisoformat(stored) if stored else None


def changes_between(
    previous: SnapshotRecord | None, snapshot: SnapshotRecord, differs: Delta | None = None
) -> list[Change]:
    """The changes a new reading brings; the first reading has nothing to compare with.

    `differs`: the numbers that differ between the two, when the caller has worked them out already.
    """
    if previous is None or snapshot.fetched_at <= previous.fetched_at or previous.demo != snapshot.demo:
        return []
    differs = differs if differs is not None else delta(previous.numbers, snapshot.numbers)
    if differs.quiet:
        return []
    # Dated by each number's pages (a reading of 20,000 numbers spans ~3.4 min), within the two readings' span.
    wanted = differs.ids()
    return diff(
        previous.numbers, snapshot.numbers, previous.began, max(snapshot.ended, snapshot.fetched_at),
        differs=differs, read_before=previous.read_at(wanted), read_after=snapshot.read_at(wanted),
    )  # fmt: skip
