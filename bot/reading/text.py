"""Text folding shared by the parser and the index, so both sides compare the same way."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\D+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Den Haag', "'s-Hertogenbosch" → 'den haag', 's hertogenbosch'."""
    if text.isascii():  # nothing to decompose: 20,000 assistant names of 200 characters took 4 s char by char
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def words(text: str) -> tuple[str, ...]:
    """The folded words of `text`."""
    return tuple(fold(text).split())


def digits(text: str) -> str:
    """Only the digits of `text`."""
    return _DIGITS.sub("", text)
