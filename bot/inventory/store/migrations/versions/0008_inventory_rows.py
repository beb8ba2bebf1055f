"""The stored inventory as one row per number, keyed by its id: a reading writes only the numbers that changed.

Until now the snapshot row held every number in one JSON body, rewritten at every reading (2.86 MB per quiet
reading at 10,000 numbers, 27.9 MB at 100,000: `python -m bench.store`). The snapshot row keeps the reading's
times and the shared numbers; each number moves to `inventory`, its body the same JSON it had in the list.

Revision ID: 0008
Revises: 0006
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

# Rows per INSERT while an existing store's numbers move into their table.
BATCH = 1_000


def upgrade() -> None:
    """Create `inventory` and move the stored reading's numbers into it (the reading and history stay)."""
    op.create_table(
        "inventory",
        sa.Column("number_id", sa.Text, primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    bind = op.get_bind()
    body = bind.execute(sa.text("SELECT body FROM snapshot WHERE id = 1")).scalar()
    try:
        reading = json.loads(body) if body else None
    except ValueError:
        reading = None  # an unreadable reading stays as it was: the store reads it as none, as before
    if not isinstance(reading, dict):
        return
    numbers = reading.pop("numbers", None) or []
    rows = {str(n["id"]): json.dumps(n, separators=(",", ":")) for n in numbers if isinstance(n, dict) and "id" in n}
    insert = sa.text("INSERT INTO inventory (number_id, body) VALUES (:number_id, :body)")
    items = [{"number_id": key, "body": value} for key, value in rows.items()]
    for start in range(0, len(items), BATCH):
        bind.execute(insert, items[start : start + BATCH])
    bind.execute(sa.text("UPDATE snapshot SET body = :body WHERE id = 1"), {"body": json.dumps(reading)})


def downgrade() -> None:
    """Put the numbers back into the snapshot row's body, and drop the table."""
    bind = op.get_bind()
    body = bind.execute(sa.text("SELECT body FROM snapshot WHERE id = 1")).scalar()
    if body is not None:
        reading = json.loads(body)
        bodies = bind.execute(sa.text("SELECT body FROM inventory ORDER BY number_id")).scalars()
        reading["numbers"] = [json.loads(number) for number in bodies]
        bind.execute(sa.text("UPDATE snapshot SET body = :body WHERE id = 1"), {"body": json.dumps(reading)})
    op.drop_table("inventory")
