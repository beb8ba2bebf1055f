"""The store as version 0.1 of the bot made it in SQLite (bot/inventory/history.py): snapshot, changes, watches.

A store from that version has these tables and no alembic_version: only the missing tables are created, so it is
adopted in place; a new store gets all of them.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create what is missing of the first schema."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "snapshot" not in existing:
        op.create_table(
            "snapshot",
            sa.Column("id", sa.Integer, sa.CheckConstraint("id = 1"), primary_key=True, autoincrement=False),
            sa.Column("fetched_at", sa.Text, nullable=False),
            sa.Column("body", sa.Text, nullable=False),
        )
    if "changes" not in existing:
        op.create_table(
            "changes",
            sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("seen_from", sa.Text, nullable=False),
            sa.Column("seen_until", sa.Text, nullable=False),
            sa.Column("kind", sa.Text, nullable=False),
            sa.Column("number_id", sa.Text, nullable=False),
            sa.Column("phone_number", sa.Text, nullable=False),
            sa.Column("field", sa.Text),
            sa.Column("old", sa.Text),
            sa.Column("new", sa.Text),
        )
        op.create_index("changes_by_time", "changes", ["seen_until"])
        op.create_index("changes_by_number", "changes", ["number_id", "seen_until"])
    if "watches" not in existing:
        op.create_table(
            "watches",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("channel", sa.Text, nullable=False),
            sa.Column("query", sa.Text, nullable=False),
            sa.Column("threshold", sa.Integer),
            sa.Column("created_by", sa.Text),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("below", sa.Integer, nullable=False, server_default="0"),
        )


def downgrade() -> None:
    """Nothing before the first schema."""
