"""What a change's number was on each side of it, as the store's columns hold it (folded, as the filters compare)."""

from __future__ import annotations

from typing import Any

from bot.flireo.models import PhoneNumber
from bot.reading.text import fold

# (column, type) for each side: "old_" before the change, "new_" after it; all NULL for a side that is absent.
_FIELDS: tuple[tuple[str, type], ...] = (
    ("available", int), ("linked", int), ("type", str), ("locality", str), ("assistant", str),
)  # fmt: skip
SIDE_COLUMNS: tuple[tuple[str, type], ...] = tuple(
    (f"{side}_{name}", kind) for side in ("old", "new") for name, kind in _FIELDS
)


def side_values(side: str, number: PhoneNumber | None) -> dict[str, Any]:
    """One side of a change as its column values (what `passes` compares, folded the same way)."""
    if number is None:
        return {f"{side}_{name}": None for name, _ in _FIELDS}
    assistant = number.linked_assistant
    return {
        f"{side}_available": int(number.available),
        f"{side}_linked": int(number.linked),
        f"{side}_type": number.number_type,
        f"{side}_locality": fold(number.locality) if number.locality else None,
        f"{side}_assistant": fold(assistant.name) if assistant is not None and assistant.name else None,
    }
