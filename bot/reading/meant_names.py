"""A place the account has no numbers in, named by the first word of a name it does have ("free in bergen" beside
Bergen op Zoom and Bergen Reception): asked back with those names, never answered "0 found"."""

from __future__ import annotations

from bot.reading.names import Names, Place
from bot.reading.text import fold

# At most this many longer names are offered as buttons.
MAX_MEANT = 4


def longer_names_meant(places: list[Place], names: Names) -> dict[str, tuple[str, ...]]:
    """For each place without numbers on the account, the account's places and assistants whose name starts with
    it (folded, as typed in the reader's words: `bergen op zoom`, `bergen reception`)."""
    meant: dict[str, tuple[str, ...]] = {}
    for place in places:
        if place.spellings & names.data_spellings:
            continue
        start = fold(place.label) + " "
        data_places = {
            fold(known.label)  # once each, as shown: not every spelling ("bergen o z")
            for phrase, known in names.places.items()
            if known.spellings & names.data_spellings and phrase.startswith(start)
        }
        longer = sorted(data_places) + sorted(phrase for phrase in names.assistant_names if phrase.startswith(start))
        if longer:
            meant[place.label] = tuple(longer[:MAX_MEANT])
    return meant
