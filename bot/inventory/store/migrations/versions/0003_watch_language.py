"""A watch remembers the language it was set in, and posts in it (issue 23); older watches have none (the default).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable `language` column: a watch made before it posts in DEFAULT_LANGUAGE."""
    op.add_column("watches", sa.Column("language", sa.Text, nullable=True))


def downgrade() -> None:
    """Drop the column again."""
    with op.batch_alter_table("watches") as batch:
        batch.drop_column("language")
