"""The same watch is stored once per channel: a unique index on its channel, question and threshold.

The store already looks for an identical watch under its write lock (SqlHistory.add_watch); the index makes the
database itself refuse a second copy, whatever writes it. Stores from before typing a watch again was recognised
may hold copies: the oldest of each is kept (the copies are the same watch, and posted each change twice).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# A watch without a threshold has NULL there, and SQL's unique indexes hold NULLs distinct: -1 stands for none.
NO_THRESHOLD = -1


def upgrade() -> None:
    """Remove the copies of a watch (keeping the oldest), then index channel, question and threshold uniquely."""
    watches = sa.table("watches", sa.column("id"), sa.column("channel"), sa.column("query"), sa.column("threshold"))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(watches.c.id, watches.c.channel, watches.c.query, watches.c.threshold).order_by(watches.c.id)
    ).all()
    kept: set[tuple[str, str, int | None]] = set()
    copies = []
    for row in rows:
        key = (row.channel, row.query, row.threshold)
        if key in kept:
            copies.append(row.id)
        kept.add(key)
    if copies:
        bind.execute(sa.delete(watches).where(watches.c.id.in_(copies)))
    op.create_index(
        "watches_once",
        "watches",
        ["channel", "query", sa.text(f"coalesce(threshold, {NO_THRESHOLD})")],
        unique=True,
    )


def downgrade() -> None:
    """Drop the index (the copies removed stay removed)."""
    op.drop_index("watches_once", "watches")
