"""What each change's number was before and after, in columns: filters run in the query, counts are exact.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from bot.flireo.models import PhoneNumber
from bot.inventory.store.sides import SIDE_COLUMNS, side_values

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Rows filled per statement while backfilling a store written before these columns.
BATCH = 5_000


def upgrade() -> None:
    """Add the before/after columns and their indexes, and fill them for the changes already stored."""
    with op.batch_alter_table("changes") as batch:
        for name, kind in SIDE_COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer if kind is int else sa.Text))
    op.create_index("changes_by_phone", "changes", ["phone_number", "seen_until"])
    op.create_index("changes_by_kind", "changes", ["kind", "seen_until"])
    bind = op.get_bind()
    table = sa.table("changes", sa.column("seq"), sa.column("old"), sa.column("new"),
                     *(sa.column(name) for name, _ in SIDE_COLUMNS))  # fmt: skip
    last = 0
    while True:
        rows = bind.execute(
            sa.select(table.c.seq, table.c.old, table.c.new)
            .where(table.c.seq > last)
            .order_by(table.c.seq)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        updates = []
        for seq, old, new in rows:
            values = side_values("old", PhoneNumber.model_validate(json.loads(old)) if old else None)
            values.update(side_values("new", PhoneNumber.model_validate(json.loads(new)) if new else None))
            updates.append({"key": seq, **values})
        statement = table.update().where(table.c.seq == sa.bindparam("key"))
        bind.execute(statement.values({name: sa.bindparam(name) for name, _ in SIDE_COLUMNS}), updates)
        last = rows[-1][0]


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("changes_by_kind", "changes")
    op.drop_index("changes_by_phone", "changes")
    with op.batch_alter_table("changes") as batch:
        for name, _ in SIDE_COLUMNS:
            batch.drop_column(name)
