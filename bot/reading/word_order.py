"""Words said after what they apply to, put before it so the reader reads left to right: Dutch word order
(`die 0017 bevatten`, `de 06 niet`) and `with 0209 in them`."""

from __future__ import annotations

from bot.reading.vocabulary import Sense
from bot.reading.words import Item

MIN_FRAGMENT_DIGITS = 3
# Words that only frame what follows them: skipped when looking for the name after a status word.
DIGIT_MARKS = (Sense.FRAGMENT_MARK, Sense.SUFFIX_MARK, Sense.PREFIX_MARK, Sense.CODE_MARK)
FRAMING = {Sense.FILLER, Sense.NONE_OF, *DIGIT_MARKS}


def in_reading_order(items: list[Item]) -> list[Item]:
    """The items with a mark said after what it applies to put before it."""
    return _marks_said_after(items)


# Said after what they mark, in Dutch word order and in "with 0209 in them": `die 0017 bevatten`, `met 0209 erin`.
_MARKS_AFTER_DIGITS = (Sense.FRAGMENT_MARK, Sense.SUFFIX_MARK)


def _marks_said_after(items: list[Item]) -> list[Item]:
    """The items with a digit mark said after its digits put before them (`met 0209 erin` → `erin 0209`).

    Only a mark with no digits of its own after it: `containing 0209` keeps its order.
    """
    items = list(items)
    for at, item in enumerate(items):
        if item.sense not in _MARKS_AFTER_DIGITS or _next_digits(items, at) is not None:
            continue
        before = [i for i in range(at) if items[i].sense not in FRAMING]
        # "numbers with 45 in them": two digits stay too short (shared examples); "that contain 55" asks for them
        if before and len(items[before[-1]].digits or "") >= MIN_FRAGMENT_DIGITS:
            items.insert(before[-1], items.pop(at))
    return items


def _next_digits(items: list[Item], at: int) -> int | None:
    """Where the next digit group after `at` is, when only framing words stand between."""
    for i in range(at + 1, len(items)):
        if items[i].digits is not None:
            return i
        if items[i].sense not in FRAMING:
            return None
    return None
