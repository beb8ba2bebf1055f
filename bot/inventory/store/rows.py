"""The stored inventory as rows keyed by the number's id: a reading writes the rows that changed, nothing else.

A quiet reading of 100,000 numbers used to rewrite all of them (27.9 MB); now it compares each number with the
previous reading's (in memory when this process wrote it, else read back) and touches only what differs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Connection, delete, insert, select, update

from bot.flireo.models import PhoneNumber
from bot.inventory.diff import Delta
from bot.inventory.history import iso
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.tables import inventory
from bot.inventory.store.tables import snapshot as snapshot_table

log = logging.getLogger(__name__)

# Ids per DELETE … IN (…): well under SQLite's 32,766 bound variables and PostgreSQL's 65,535.
IDS_PER_STATEMENT = 500
# What the snapshot row's body leaves out: the numbers have their own rows; a partial round is never stored; the
# numbers' read times run along their order, which the rows do not keep (and would cost ~40 kB a reading at
# 100,000 numbers): the reading's first and last page times stay (read_span).
NOT_IN_BODY = {"numbers", "partial", "read_times"}

_NUMBERS = TypeAdapter(tuple[PhoneNumber, ...])


def number_body(number: PhoneNumber) -> str:
    """A number's row body: its JSON, defaults left out."""
    return number.model_dump_json(exclude_defaults=True)


def reading_body(snapshot: SnapshotRecord) -> str:
    """The snapshot row's body: the reading without its numbers."""
    return snapshot.model_dump_json(exclude_defaults=True, exclude=NOT_IN_BODY)


def read_stored(connection: Connection) -> SnapshotRecord | None:
    """The stored reading with its numbers from their rows; None when there is none, or it cannot be read."""
    row = connection.execute(select(snapshot_table.c.body).where(snapshot_table.c.id == 1)).first()
    if row is None:
        return None
    bodies = connection.execute(select(inventory.c.body).order_by(inventory.c.number_id)).scalars().all()
    try:
        reading = SnapshotRecord.model_validate_json(row.body)
        # One JSON list parsed at once: a call per row would cost 100,000 calls at 100,000 numbers.
        numbers = _NUMBERS.validate_json("[" + ",".join(bodies) + "]")
    except (ValueError, ValidationError):
        log.warning("ignored an unreadable stored snapshot")
        return None
    return reading.model_copy(update={"numbers": numbers})


def write_reading(connection: Connection, snapshot: SnapshotRecord, differs: Delta | None) -> None:
    """Store `snapshot`: its row, and the rows of the numbers that differ from the stored reading's (`differs`;
    None when nothing is known of the stored rows: they are all written)."""
    values = {"fetched_at": iso(snapshot.fetched_at), "body": reading_body(snapshot)}
    if not connection.execute(update(snapshot_table).where(snapshot_table.c.id == 1).values(**values)).rowcount:
        connection.execute(insert(snapshot_table).values(id=1, **values))
    if differs is None:
        connection.execute(delete(inventory))
        _insert(connection, {number.id: number for number in snapshot.numbers}.values())
        return
    rewritten = [new for _, new in differs.differing]
    _delete(connection, [number.id for number in rewritten] + [number.id for number in differs.removed])
    _insert(connection, differs.added + rewritten)


def _insert(connection: Connection, numbers: Iterable[PhoneNumber]) -> None:
    rows = [{"number_id": number.id, "body": number_body(number)} for number in numbers]
    if rows:
        connection.execute(insert(inventory), rows)


def _delete(connection: Connection, ids: Sequence[str]) -> None:
    for start in range(0, len(ids), IDS_PER_STATEMENT):
        connection.execute(delete(inventory).where(inventory.c.number_id.in_(ids[start : start + IDS_PER_STATEMENT])))
