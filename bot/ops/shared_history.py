"""The history store shared by replicas through Redis: each change written once, by the replica that fetched.

Changes live in a sorted set scored by the end of the interval they happened in; the last recorded reading and
the watches beside it. When Redis is down, each replica falls back to its own SQLite store (which also keeps a
copy of what this replica recorded, so a restart without Redis still has its last snapshot).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.inventory.diff import Change
from bot.inventory.history import (
    MAX_CHANGES_READ,
    HistoryStore,
    Watch,
    change_from_json,
    change_to_json,
    changes_between,
    iso,
)
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store_health import HistoryUnavailable, StoreHealth
from bot.ops.replicas import RedisLink

if TYPE_CHECKING:  # redis is imported only with REDIS_URL (start-up without it: issue 14)
    import redis

log = logging.getLogger(__name__)

# Read a number's history from the newest changes in slices of this many.
SCAN_SLICE = 500


class SharedHistory:
    """The HistoryStore in Redis, with the replica's SQLite store as its fallback."""

    def __init__(self, link: RedisLink, prefix: str, keep_days: float, local: HistoryStore) -> None:
        self._link = link
        self._local = local
        self._keep = timedelta(days=keep_days)
        self._last_key = f"{prefix}history:last"
        self._changes_key = f"{prefix}history:changes"
        self._watches_key = f"{prefix}history:watches"
        self._watch_seq_key = f"{prefix}history:watch-seq"

    def last_snapshot(self) -> SnapshotRecord | None:
        """The last reading any replica recorded."""
        raw = self._link.call(lambda r: r.get(self._last_key), lambda: None)
        if raw is None:
            return self._local.last_snapshot()
        return _snapshot_or_none(raw)

    def record(self, snapshot: SnapshotRecord) -> list[Change]:
        """Diff against the last shared reading and write both in one MULTI; retried if another replica wrote."""
        try:  # this replica's own copy, for restarts and Redis outages
            local = self._local.record(snapshot)
        except HistoryUnavailable:  # said by the local store's health; the shared copy goes on
            local = []

        def write(pipe: Any) -> list[Change]:
            previous = _snapshot_or_none(pipe.get(self._last_key))
            if previous is not None and snapshot.fetched_at <= previous.fetched_at:
                return []
            changes = changes_between(previous, snapshot)
            cutoff = (snapshot.fetched_at - self._keep).timestamp()
            pipe.multi()
            if changes:
                members = {json.dumps(change_to_json(c), sort_keys=True): c.seen_until.timestamp() for c in changes}
                pipe.zadd(self._changes_key, members)
            pipe.set(self._last_key, snapshot.model_dump_json(exclude_defaults=True))
            pipe.zremrangebyscore(self._changes_key, "-inf", cutoff)
            return changes

        def shared(r: redis.Redis) -> list[Change]:
            result: list[Change] = r.transaction(write, self._last_key, value_from_callable=True)
            return result

        # Redis unreachable: this replica's own changes are posted (a change may then be posted once per replica).
        return self._link.call(shared, lambda: local)

    def changes(self, since: datetime, until: datetime | None = None) -> list[Change]:
        """Changes seen after `since` (and up to `until`), newest first."""
        top = until.timestamp() if until else "+inf"

        def read(r: redis.Redis) -> list[Any]:
            return r.zrevrangebyscore(self._changes_key, top, f"({since.timestamp()}", start=0, num=MAX_CHANGES_READ)

        rows = self._link.call(read, lambda: None)
        return self._local.changes(since, until) if rows is None else _decoded(rows)

    def changes_of_number(self, number_id: str, limit: int) -> list[Change]:
        """One number's latest changes, newest first."""

        def read(r: redis.Redis) -> list[Change]:
            found: list[Change] = []
            for start in range(0, MAX_CHANGES_READ, SCAN_SLICE):
                rows = r.zrevrange(self._changes_key, start, start + SCAN_SLICE - 1)
                found += [c for c in _decoded(rows) if c.number_id == number_id]
                if len(found) >= limit or len(rows) < SCAN_SLICE:
                    break
            return found[:limit]

        return self._link.call(read, lambda: self._local.changes_of_number(number_id, limit))

    def add_watch(self, watch: Watch) -> Watch:
        """Store a new watch for every replica; returns it with its id."""

        def add(r: redis.Redis) -> Watch:
            stored = replace(watch, id=int(r.incr(self._watch_seq_key)))
            r.hset(self._watches_key, str(stored.id), _watch_json(stored))
            return stored

        return self._link.call(add, lambda: self._local.add_watch(watch))

    def watches(self, channel: str | None = None) -> list[Watch]:
        """A channel's watches (every channel's with None), oldest first."""

        def read(r: redis.Redis) -> list[Watch]:
            found = [_watch_or_none(raw) for raw in r.hvals(self._watches_key)]
            return sorted((w for w in found if w and (channel is None or w.channel == channel)), key=lambda w: w.id)

        return self._link.call(read, lambda: self._local.watches(channel))

    def remove_watch(self, channel: str, watch_id: int) -> bool:
        """Remove a channel's watch; False when it has no such watch."""

        def remove(r: redis.Redis) -> bool:
            watch = _watch_or_none(r.hget(self._watches_key, str(watch_id)))
            return watch is not None and watch.channel == channel and bool(r.hdel(self._watches_key, str(watch_id)))

        return self._link.call(remove, lambda: self._local.remove_watch(channel, watch_id))

    def set_below(self, watch_id: int, below: bool) -> None:
        """Remember whether a threshold watch's alert is out (only the replica that fetched evaluates watches)."""

        def update(r: redis.Redis) -> None:
            watch = _watch_or_none(r.hget(self._watches_key, str(watch_id)))
            if watch is not None:
                r.hset(self._watches_key, str(watch_id), _watch_json(replace(watch, below=below)))

        self._link.call(update, lambda: self._local.set_below(watch_id, below))

    def health(self) -> StoreHealth:
        """The local store's state (Redis's is on /healthz beside it)."""
        return self._local.health()

    def close(self) -> None:
        """Close the local store (the Redis link belongs to the container)."""
        self._local.close()


def _watch_json(watch: Watch) -> str:
    fields = asdict(watch)
    fields["created_at"] = iso(watch.created_at) if watch.created_at else None
    return json.dumps(fields)


def _watch_or_none(raw: Any) -> Watch | None:
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        created = datetime.fromisoformat(data["created_at"]) if data.get("created_at") else None
        return Watch(
            int(data["id"]), str(data["channel"]), str(data["query"]), data.get("threshold"),
            data.get("created_by"), created, bool(data.get("below")),
        )  # fmt: skip
    except (ValueError, KeyError, TypeError):
        log.warning("ignored an unreadable watch in Redis")
        return None


def _snapshot_or_none(raw: Any) -> SnapshotRecord | None:
    if not raw:
        return None
    try:
        return SnapshotRecord.model_validate_json(raw)
    except ValueError:
        log.warning("ignored an unreadable stored snapshot in Redis")
        return None


def _decoded(rows: list[Any]) -> list[Change]:
    changes = []
    for raw in rows:
        try:
            changes.append(change_from_json(json.loads(raw)))
        except ValueError:
            log.warning("skipped an unreadable change in Redis")
    return changes
