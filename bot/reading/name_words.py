"""Dutch words for the words of assistants' names ("de receptie" for Front Desk Amsterdam), read as those words."""

from __future__ import annotations

from functools import cache
from importlib import resources

from bot.reading.names import Names
from bot.reading.text import fold
from bot.reading.vocabulary import PHRASES

# A compound ("nachtsupport") is split only into parts at least this long, so short words are not cut up.
MIN_COMPOUND_PART = 4


@cache
def dutch_name_words() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Dutch word → the English words it may stand for in a name, most likely first (data/name_words_nl.txt)."""
    text = resources.files("bot.reading").joinpath("data/name_words_nl.txt").read_text(encoding="utf-8")
    table: dict[str, tuple[tuple[str, ...], ...]] = {}
    for line in text.splitlines():
        if "=" not in line or line.lstrip().startswith("#"):
            continue
        dutch, english = line.split("=", 1)
        table[fold(dutch)] = tuple(tuple(fold(choice).split()) for choice in english.split("|") if fold(choice))
    return table


def translated_name_words(tokens: list[str], names: Names) -> tuple[list[str], list[tuple[str, str]]]:
    """The tokens with Dutch words for name words put as the names spell them, and each such reading to say."""
    in_names = words_of_names(names)
    if not in_names:
        return tokens, []
    out: list[str] = []
    said: list[tuple[str, str]] = []
    for token in tokens:
        if (dutch := _ij_typed_y(token, names, in_names)) is not None:  # `katwyk kustwacht`, `nymegen`
            out.append(dutch)
            said.append((token, dutch))
            continue
        english = None if _known(token, names, in_names) else _english(token, in_names)
        if english is None:
            out.append(token)
            continue
        out += english
        said.append((token, " ".join(english)))
    return out, said


def words_of_names(names: Names) -> set[str]:
    """Every word of the assistants' names, worked out once for these names."""
    return names.derived("name-words", lambda: set(names.names_with_word))


def _ij_typed_y(token: str, names: Names, in_names: set[str]) -> str | None:
    """A word of a place or a name with Dutch "ij" typed "y" (the usual way on a keyboard), as the data spells it."""
    if "y" not in token or _known(token, names, in_names):
        return None
    dutch = token.replace("y", "ij")
    known = (in_names, names.places, names.place_words, names.squeezed)  # `vrydagploeg`: Vrijdag Ploeg run together
    return dutch if any(dutch in words for words in known) else None


def _known(token: str, names: Names, in_names: set[str]) -> bool:
    return token in PHRASES or token in names.places or token in in_names or token.isdigit()


def _english(token: str, in_names: set[str]) -> tuple[str, ...] | None:
    """The first English reading of a Dutch word, or of a compound of one and a name word, that the names use."""
    if (whole := _choice(token, in_names)) is not None:
        return whole
    for cut in range(MIN_COMPOUND_PART, len(token) - MIN_COMPOUND_PART + 1):
        head, tail = token[:cut], token[cut:]
        first = _choice(head, in_names)
        rest = (tail,) if tail in in_names else _choice(tail, in_names)
        if first is not None and rest is not None:
            return (*first, *rest)
    return None


def _choice(word: str, in_names: set[str]) -> tuple[str, ...] | None:
    return next((choice for choice in dutch_name_words().get(word, ()) if set(choice) <= in_names), None)
