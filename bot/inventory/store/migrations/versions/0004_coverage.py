"""What history covers: the spans of time its readings were stored without a gap, and why each gap happened.

A store written before has no spans: one is made from its oldest change (or its reading) to its reading, the most
it can vouch for. Leaves room for the watch-post outbox, which comes in a later revision.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the spans table and vouch for what an older store holds."""
    op.create_table(
        "coverage",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("ended_at", sa.Text, nullable=False),
        sa.Column("gap_reason", sa.Text),  # why there were no readings before this span ("the bot was stopped")
    )
    op.create_index("coverage_by_end", "coverage", ["ended_at"])
    bind = op.get_bind()
    last = bind.execute(sa.text("SELECT fetched_at FROM snapshot WHERE id = 1")).scalar()
    if last is None:
        return
    oldest = bind.execute(sa.text("SELECT MIN(seen_from) FROM changes")).scalar()
    bind.execute(
        sa.text("INSERT INTO coverage (started_at, ended_at) VALUES (:start, :end)"),
        {"start": min(oldest, last) if oldest else last, "end": last},
    )


def downgrade() -> None:
    """Drop the spans."""
    op.drop_index("coverage_by_end", "coverage")
    op.drop_table("coverage")
