"""The language a question is asked in: the majority of its English-only and Dutch-only words (issue 23)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bot.i18n.language import Language
from bot.reading.vocabulary import PHRASE_LANGUAGES
from bot.reading.words import Item, tokens_of

_LANGUAGES = {language.value: language for language in Language}


def votes(phrases: Iterable[str]) -> Counter[Language]:
    """How many of the phrases are English-only and Dutch-only; names, digits and shared words say nothing."""
    tags = (_LANGUAGES.get(PHRASE_LANGUAGES.get(phrase, "")) for phrase in phrases)
    return Counter(tag for tag in tags if tag is not None)


def item_votes(items: Iterable[Item]) -> Counter[Language]:
    """The votes of the words the reader matched to a keyword."""
    return votes(item.text for item in items if item.sense is not None)


def language_of_words(text: str) -> Language | None:
    """The language of a command's words, one by one (`volg vrije nummers`, `watches`): its majority, or None."""
    return majority(votes(tokens_of(text)))


def majority(counted: Counter[Language]) -> Language | None:
    """The language most words are in; None when no word tells or two languages tie (then DEFAULT_LANGUAGE)."""
    ranked = counted.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
