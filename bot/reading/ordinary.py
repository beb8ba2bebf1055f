"""Ordinary words of a sentence (data/ordinary_words_en_nl.txt): they frame a question and name nothing."""

from __future__ import annotations

from functools import cache
from importlib import resources

from bot.reading.vocabulary import PHRASES


@cache
def ordinary_words() -> frozenset[str]:
    """Ordinary words of a sentence: never corrected, never named as ignored, never a part of a name said alone."""
    text = resources.files("bot.reading").joinpath("data/ordinary_words_en_nl.txt").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return frozenset(word for line in lines for word in line.split() if word not in PHRASES)
