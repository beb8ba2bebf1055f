"""A ChangeFilter as SQL: a change matches when its number passed every condition before it or after it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true

from bot.inventory.history import ChangeFilter
from bot.inventory.store.tables import changes


def _side(side: str, where: ChangeFilter) -> ColumnElement[bool]:
    """The number as it was on one side of the change passed every condition (a side that is absent never does)."""
    column: Any = lambda name: changes.c[f"{side}_{name}"]  # noqa: E731
    conditions: list[ColumnElement[bool]] = [column("available").is_not(None)]
    if where.available:
        conditions.append(column("available") == 1)
    if where.linked:
        conditions.append(column("linked") == 1)
    for name, wanted, unwanted in (
        ("type", where.types, where.not_types),
        ("locality", where.localities, where.not_localities),
        ("assistant", where.assistants, where.not_assistants),
    ):
        if wanted is not None:
            conditions.append(column(name).in_(wanted) if wanted else false())
        if unwanted:
            conditions.append(or_(column(name).is_(None), column(name).not_in(unwanted)))
    return and_(*conditions)


def condition(where: ChangeFilter | None) -> ColumnElement[bool]:
    """The WHERE clause for the changes a filter asks about (every change without one)."""
    if where is None:
        return true()
    if where.phone_numbers:  # a lookup asks about those numbers, whatever else was said
        clause: ColumnElement[bool] = changes.c.phone_number.in_(where.phone_numbers)
    else:
        clause = or_(_side("old", where), _side("new", where))
    if where.kinds:
        clause = and_(clause, changes.c.kind.in_(where.kinds))
    if where.phone_prefix:  # digits and "+" only (the reader's), so LIKE needs no escaping
        clause = and_(clause, changes.c.phone_number.like(f"{where.phone_prefix}%"))
    if where.digits_suffix:
        clause = and_(clause, changes.c.phone_number.like(f"%{where.digits_suffix}"))
    return clause
