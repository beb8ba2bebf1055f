"""The history store's tables, as the latest migration leaves them (SQLAlchemy Core, for SQLite and PostgreSQL).

Times are ISO 8601 text in UTC with microseconds (`iso()`): they sort as text, and the SQLite files of earlier
versions stored them so, which keeps one schema across both databases and an upgrade in place.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Index, Integer, MetaData, Table, Text, func

from bot.inventory.store.sides import SIDE_COLUMNS

metadata = MetaData()

snapshot = Table(
    "snapshot",
    metadata,
    Column("id", Integer, CheckConstraint("id = 1"), primary_key=True, autoincrement=False),
    Column("fetched_at", Text, nullable=False),
    Column("body", Text, nullable=False),  # the reading without its numbers: shared numbers, demo, read_seconds
)

# The last reading's numbers, one row each (migration 0008): a reading rewrites only the rows that changed.
inventory = Table(
    "inventory",
    metadata,
    Column("number_id", Text, primary_key=True),
    Column("body", Text, nullable=False),  # the number as JSON (PhoneNumber, defaults left out)
)

changes = Table(
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("seen_from", Text, nullable=False),
    Column("seen_until", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("number_id", Text, nullable=False),
    Column("phone_number", Text, nullable=False),
    Column("field", Text),
    Column("old", Text),
    Column("new", Text),
    # The readings around it, from the earlier's first page to the later's last (migration 0011; None before): the
    # interval its reading's changes are listed under. seen_from/seen_until are this number's own pages.
    Column("reading_from", Text),
    Column("reading_until", Text),
    # What the number was before and after (migration 0002): the filters run in the query.
    *(Column(name, Integer if kind is int else Text) for name, kind in SIDE_COLUMNS),
    Index("changes_by_time", "seen_until"),
    Index("changes_by_number", "number_id", "seen_until"),
    Index("changes_by_phone", "phone_number", "seen_until"),
    Index("changes_by_kind", "kind", "seen_until"),
)

watches = Table(
    "watches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("threshold", Integer),
    Column("created_by", Text),
    Column("created_at", Text, nullable=False),
    Column("below", Integer, nullable=False, server_default="0"),
    Column("language", Text),  # the language the watch was set in, its posts' language (None: the default)
    Column("broken", Text),  # Slack's permanent refusal of its posts (`not_in_channel`); None: it posts
)

# The same watch once per channel (migration 0010): NULL thresholds are made equal, as unique indexes hold NULLs apart.
Index("watches_once", watches.c.channel, watches.c.query, func.coalesce(watches.c.threshold, -1), unique=True)

coverage = Table(
    "coverage",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", Text, nullable=False),
    Column("ended_at", Text, nullable=False),
    Column("gap_reason", Text),
    Index("coverage_by_end", "ended_at"),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("name", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", Text, nullable=False),
    Column("watch_id", Integer),
    Column("body", Text, nullable=False),  # the message as JSON: text and blocks
    Column("state", Text, nullable=False, server_default="pending"),  # pending, sent or dead
    Column("created_at", Text, nullable=False),
    Column("next_attempt_at", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),  # Slack's last answer (`ratelimited`, `internal_error`, a network error)
    Column("claimed_by", Text),  # the process sending it, until `claimed_until`
    Column("claimed_until", Text),
    Column("done_at", Text),  # when it was sent, or given up
    Index("outbox_due", "state", "next_attempt_at"),
)
