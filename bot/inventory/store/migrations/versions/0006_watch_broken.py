"""A watch Slack refuses for good (the bot is not in its channel, the channel is gone) is marked broken, with why.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable `broken` column (Slack's error, e.g. `not_in_channel`); None: the watch posts."""
    op.add_column("watches", sa.Column("broken", sa.Text, nullable=True))


def downgrade() -> None:
    """Drop the column again."""
    with op.batch_alter_table("watches") as batch:
        batch.drop_column("broken")
