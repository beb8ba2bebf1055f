"""A snapshot of the whole inventory and how it was served: the value the cache holds and the views read."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from bot.flireo.models import PhoneNumber
from bot.flireo.read_times import ReadTimes, span, times_by_id
from bot.i18n import _, number
from bot.i18n.translator import Text, english
from bot.inventory.index import SearchIndex
from bot.runtime.gcpause import paused_gc, settle_long_lived


def utc_now() -> datetime:
    """The current time in UTC (a function so tests can pin it)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Progress:
    """How far a progressive read is: numbers read of Flireo's total, and when it should be done."""

    read: int
    total: int
    eta_seconds: float

    def words(self) -> str:
        """'partial: 6,000 of 100,000 numbers read; complete in about 15 min'."""
        minutes = math.ceil(self.eta_seconds / 60)
        read, total = number(self.read), number(self.total)
        if minutes <= 1:
            return _("partial: {read} of {total} numbers read; complete in under a minute").format(
                read=read, total=total
            )
        return _("partial: {read} of {total} numbers read; complete in about {minutes} min").format(
            read=read, total=total, minutes=minutes
        )


def reading_order(fetched_at: datetime, partial: Progress | None) -> tuple[datetime, bool, int]:
    """See Snapshot.order."""
    return (fetched_at, partial is None, partial.read if partial is not None else 0)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The whole inventory as of one fetch, with how fresh it is."""

    numbers: tuple[PhoneNumber, ...]
    shared: tuple[PhoneNumber, ...]
    fetched_at: datetime
    demo: bool = False
    # Set when this snapshot is served because Flireo is failing.
    stale_since: datetime | None = None
    stale_reason: str | Text | None = field(default=None)  # why: shown in the reply's language
    # A note for the reader that is not a failure (e.g. a refresh skipped to stay within budget).
    notice: str | Text | None = None
    # Set while an account larger than one budget window is first read: only these numbers are known yet.
    partial: Progress | None = None
    # When each number's page arrived, as runs along `numbers` (bot/flireo/read_times.py): it dates their changes.
    read_times: ReadTimes = ()

    @cached_property
    def index(self) -> SearchIndex:
        """Lookup tables built once per snapshot, so every query does not rescan or re-parse."""
        with paused_gc():
            index = SearchIndex(self.numbers, self.shared)
        settle_long_lived()  # the snapshot and its index live for minutes: later collections need not scan them
        return index

    @cached_property
    def conflicts(self) -> tuple[str, ...]:
        """Where Flireo's records of this snapshot disagree, one sentence each in English, for /healthz."""
        return tuple(sorted({english(number.conflict) for number in self.numbers if number.conflict}))

    @property
    def order(self) -> tuple[datetime, bool, int]:
        """Sorts readings: by when they were read; of one read, its partial rounds by how far they got, then whole."""
        return reading_order(self.fetched_at, self.partial)

    def as_stale(self, since: datetime, reason: str | Text) -> Snapshot:
        """The same data, marked as served while Flireo fails."""
        return self._annotated(stale_since=since, stale_reason=reason)

    def with_notice(self, notice: str | Text) -> Snapshot:
        """The same data with a note for the reader."""
        return self._annotated(notice=notice)

    def _annotated(self, **changes: object) -> Snapshot:
        copy = replace(self, **changes)  # type: ignore[arg-type]
        copy.__dict__["index"] = self.index  # share the built index rather than rebuild it
        return copy


class CacheOutcome(StrEnum):
    """How a snapshot was served, for the audit log."""

    HIT = "hit"
    MISS = "miss"
    STALE = "stale"


@dataclass(frozen=True)
class CacheHealth:
    """What /healthz reports; never calls Flireo."""

    snapshot_age_seconds: float | None
    snapshot_size: int | None
    last_error: str | None
    failing_since: datetime | None
    upstream_requests: int
    # A progressive read under way: 'partial: 6,000 of 100,000 numbers read; complete in about 15 min'.
    reading: str | None = None
    # Flireo requests by how they ended ("200", "429", "timeout", "unreachable"), for GET /metrics.
    upstream_outcomes: dict[str, int] = field(default_factory=dict)
    # Where the current snapshot's records disagree (one id with two numbers, one number under two ids).
    conflicts: tuple[str, ...] = ()


class SnapshotRecord(BaseModel):
    """A snapshot as it crosses processes: JSON validated on the way in, never pickle."""

    model_config = ConfigDict(frozen=True)

    fetched_at: datetime
    demo: bool = False
    numbers: tuple[PhoneNumber, ...] = ()
    shared: tuple[PhoneNumber, ...] = ()
    # A round of a progressive read, shared with the other replicas (never stored in history).
    partial: Progress | None = None
    # How long the whole read took, so every replica reads a large account no more often than that.
    read_seconds: float = 0.0
    # When each number's page arrived, as runs along `numbers`; and the first and last page's times (stored).
    read_times: tuple[tuple[int, datetime], ...] = ()
    read_span: tuple[datetime, datetime] | None = None

    @classmethod
    def of(cls, snapshot: Snapshot, read_seconds: float = 0.0) -> SnapshotRecord:
        """The record of a snapshot, to share or store."""
        return cls(
            fetched_at=snapshot.fetched_at,
            demo=snapshot.demo,
            numbers=snapshot.numbers,
            shared=snapshot.shared,
            partial=snapshot.partial,
            read_seconds=read_seconds,
            read_times=snapshot.read_times,
            read_span=span(snapshot.read_times),
        )

    @cached_property
    def conflicts(self) -> tuple[str, ...]:
        """Where Flireo's records of this snapshot disagree, one sentence each in English, for /healthz."""
        return tuple(sorted({english(number.conflict) for number in self.numbers if number.conflict}))

    @property
    def order(self) -> tuple[datetime, bool, int]:
        """See Snapshot.order."""
        return reading_order(self.fetched_at, self.partial)

    @property
    def began(self) -> datetime:
        """When the reading's first page arrived (its time when pages are not dated)."""
        return self.read_span[0] if self.read_span else self.fetched_at

    @property
    def ended(self) -> datetime:
        """When the reading's last page arrived (its time when pages are not dated)."""
        return self.read_span[1] if self.read_span else self.fetched_at

    def read_at(self, ids: Collection[str]) -> dict[str, datetime]:
        """These numbers' read times by id ({} when pages are not dated, e.g. a reading read back from the store)."""
        return times_by_id(self.numbers, self.read_times, ids)

    def snapshot(self) -> Snapshot:
        """The snapshot this record holds (its index built anew)."""
        return Snapshot(
            self.numbers, self.shared, self.fetched_at, demo=self.demo, partial=self.partial, read_times=self.read_times
        )
