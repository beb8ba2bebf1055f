"""Changes dated by their numbers' pages: each change keeps the span of the two readings around it too.

A reading of 20,000 numbers takes ~3.4 minutes; it was dated from its start, so a change made while it ran could
fall after the interval said. Now seen_from/seen_until are the pages that saw the number before and after, and
reading_from/reading_until the readings' span, under which an answer lists that reading's changes. Changes stored
before have neither (NULL): their seen_from/seen_until were the readings' times, and are shown as they were.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the two nullable columns (no rewrite of the stored changes)."""
    op.add_column("changes", sa.Column("reading_from", sa.Text, nullable=True))
    op.add_column("changes", sa.Column("reading_until", sa.Text, nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("reading_until")
        batch.drop_column("reading_from")
