"""Provinces and regions (data/regions_nl.txt): `friesland free` names no town, so it is asked back."""

from __future__ import annotations

from functools import cache
from importlib import resources

from bot.reading.names import Names

MAX_REGION_WORDS = 2  # the longest names in data/regions_nl.txt: "noord holland", "zeeuws vlaanderen"


@cache
def _regions() -> frozenset[str]:
    """The folded names of data/regions_nl.txt."""
    text = resources.files("bot.reading").joinpath("data/regions_nl.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def regions_named(tokens: list[str], unknown: set[str], names: Names) -> list[str]:
    """The provinces or regions among the unknown words (`friesland`, `noord holland`), not the data's places."""
    found: list[str] = []
    at = 0
    while at < len(tokens):
        for length in range(MAX_REGION_WORDS, 0, -1):
            words = tokens[at : at + length]
            phrase = " ".join(words)
            if len(words) == length and phrase in _regions() and phrase not in names.places and set(words) <= unknown:
                found.append(phrase)
                at += length
                break
        else:
            at += 1
    return found
