"""Watch posts go through a durable outbox: each is stored before it is sent, and marked once Slack took it.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the outbox and its index of due posts."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("watch_id", sa.Integer),
        sa.Column("body", sa.Text, nullable=False),  # the message as JSON: text and blocks
        sa.Column("state", sa.Text, nullable=False, server_default="pending"),  # pending, sent or dead
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("next_attempt_at", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("claimed_by", sa.Text),
        sa.Column("claimed_until", sa.Text),
        sa.Column("done_at", sa.Text),
    )
    op.create_index("outbox_due", "outbox", ["state", "next_attempt_at"])


def downgrade() -> None:
    """Drop the outbox."""
    op.drop_index("outbox_due", "outbox")
    op.drop_table("outbox")
