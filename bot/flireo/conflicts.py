"""Records of the listing whose ids and phone numbers disagree: one id with two numbers, one number under two ids.

Flireo's `meta.total` counts ids. A second record of an id with another number was dropped as a repeat, and that
number read "not on this account" although Flireo lists it; a number under two ids (linked in one, available in
the other) was counted twice and shown with both states under "1 found" (#19). Such a read is read again like any
inconsistent one (bot/flireo/listing.py); when the next read shows the same, it is Flireo's data: every record is
kept and each carries a sentence saying what disagrees, shown wherever the number is, in the reply's language (a
Text, translated when shown; /healthz and the logs show it in English).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.flireo.models import PhoneNumber
from bot.i18n.translator import Joined, NText, Text, english

# Ids are Flireo's (untrusted, any length): enough of one to tell two apart.
SHOWN_ID_CHARS = 8
# Assistant names in a conflict's sentence, clipped like everywhere else.
SHOWN_NAME_CHARS = 40


def _short(record_id: str) -> str:
    return record_id[:SHOWN_ID_CHARS] + ("…" if len(record_id) > SHOWN_ID_CHARS else "")


def _state(number: PhoneNumber) -> Text:
    if number.linked_assistant is not None:
        name = number.linked_assistant.name[:SHOWN_NAME_CHARS]
        return Text("linked to {name}", name=name) if name else Text("linked to an unnamed assistant")
    return Text("available") if number.available else Text("not available")


def _noted(number: PhoneNumber, note: Text, record_id: str | None = None) -> PhoneNumber:
    said = Joined("; ", number.conflict, note) if number.conflict else note
    return number.model_copy(update={"conflict": said, "id": record_id or number.id})


def _one_per_id(numbers: Iterable[PhoneNumber], conflicts: list[Text]) -> list[PhoneNumber]:
    """A record per id and number: repeats of a record dropped, an id's other numbers kept (under id#number)."""
    first: dict[str, PhoneNumber] = {}
    others: dict[str, dict[str, PhoneNumber]] = {}
    for number in numbers:
        known = first.setdefault(number.id, number)
        if known is not number and known.phone_number != number.phone_number:
            others.setdefault(number.id, {known.phone_number: known}).setdefault(number.phone_number, number)
    if not others:
        return list(first.values())
    kept: list[PhoneNumber] = []
    for record_id, number in first.items():
        by_phone = others.get(record_id)
        if by_phone is None:
            kept.append(number)
            continue
        note = NText(
            "Flireo lists id {id} with {count} number: {numbers}",
            "Flireo lists id {id} with {count} numbers: {numbers}",
            len(by_phone),
            id=_short(record_id),
            numbers=", ".join(by_phone),
        )
        conflicts.append(note)
        for i, each in enumerate(by_phone.values()):
            kept.append(_noted(each, note, record_id if i == 0 else f"{record_id}#{each.phone_number}"))
    return kept


def reconciled(numbers: Iterable[PhoneNumber]) -> tuple[tuple[PhoneNumber, ...], tuple[Text, ...]]:
    """Every record Flireo listed once, each of those in a conflict noted; and the conflicts, sorted."""
    conflicts: list[Text] = []
    kept = _one_per_id(numbers, conflicts)
    first_at: dict[str, int] = {}
    shared_phones: dict[str, list[int]] = {}
    for position, number in enumerate(kept):
        at = first_at.setdefault(number.phone_number, position)
        if at != position:
            shared_phones.setdefault(number.phone_number, [at]).append(position)
    for phone, positions in shared_phones.items():
        states = Joined("; ", *(Joined(": ", _short(kept[p].id), _state(kept[p])) for p in positions))
        note = NText(
            "Flireo lists {phone} under {count} id ({states})",
            "Flireo lists {phone} under {count} ids ({states})",
            len(positions),
            phone=phone,
            states=states,
        )
        conflicts.append(note)
        for position in positions:
            kept[position] = _noted(kept[position], note)
    return tuple(kept), tuple(sorted(conflicts, key=english))
