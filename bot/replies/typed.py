"""Keywords and questions to type, in the reply's language: a Dutch reply offers Dutch words (issue 23).

The reader reads either language, so these only choose the words a person is shown; what they ask is the same.
"""

from __future__ import annotations

import re

from bot.i18n import language, pgettext
from bot.reading.question import EXPLICIT, unquote
from bot.reading.vocabulary import PHRASE_LANGUAGES, PHRASES

# Canonical questions open with these two-word phrases (Question.canonical): each said as a whole.
OPENINGS = ("are there", "are all")


def _canonical_words() -> dict[str, str]:
    """The words canonical questions are made of, as the reply's language types them (the reader reads both)."""
    return {
        "are there": pgettext("typed", "are there"),
        "are all": pgettext("typed", "are all"),
        "available": pgettext("typed", "available"),
        "linked": pgettext("typed", "linked"),
        "local": pgettext("typed", "local"),
        "mobile": pgettext("typed", "mobile"),
        "national": pgettext("typed", "national"),
        "not": pgettext("typed", "not"),
        "shared": pgettext("typed", "shared"),
        "all": pgettext("typed", "all"),
        "count": pgettext("typed", "count"),
        "assistant": pgettext("typed", "assistant"),
        "place": pgettext("typed", "place"),
        "stats": pgettext("typed", "stats"),
        "orders": pgettext("typed", "orders"),
        "changes": pgettext("typed", "changes"),
        "refresh": pgettext("typed", "refresh"),
    }


def _marker_words() -> dict[str, str]:
    """How each canonical marker is typed before its value, in the reply's language."""
    return {
        "in": pgettext("typed", "in"),
        "not-in": pgettext("typed", "outside"),
        "not-assistant": pgettext("typed", "not"),
        "prefix": pgettext("typed", "starting"),
        "not-prefix": pgettext("typed", "without"),  # "not starting 085" reads as starting 085
        "fragment": pgettext("typed", "containing"),
        "suffix": pgettext("typed", "ending"),
    }


def in_reply_language(keyword: str) -> str:
    """A keyword in the reply's language: a Dutch reply offered `latest` is offered a Dutch word of the same
    meaning (one of the canonical words above when it is one); names and words both languages share as they are."""
    if (canonical := _canonical_words().get(keyword)) is not None:
        return canonical
    wanted = language().value
    if PHRASE_LANGUAGES.get(keyword, wanted) in (wanted, "both") or keyword not in PHRASES:
        return keyword
    sense = PHRASES[keyword]
    same = [p for p, meant in PHRASES.items() if meant is sense and PHRASE_LANGUAGES.get(p) == wanted]
    # One word before a phrase ('ververs', not 'gekoppeld aan niemand'): the plainest the vocabulary lists.
    return min(same, key=lambda phrase: len(phrase.split()), default=keyword)


def keywords_in_reply_language(read: str) -> str:
    """What a typed word was read as, in the reply's language: `mob` read as *mobiel* in a Dutch reply."""
    whole = in_reply_language(read)
    if whole != read or any(word not in PHRASES for word in read.split()):
        return whole  # a name ("capelle aan den ijssel") as the data spells it: its "aan" is no keyword to translate
    return " ".join(in_reply_language(word) for word in read.split())


def _canonical_in_reply_language(read: str) -> str:
    """The words of a canonical question between its markers (keywords only: names are in markers), one by one."""
    whole = in_reply_language(read)
    if whole != read:
        return whole
    opening = next((o for o in OPENINGS if read == o or read.startswith(o + " ")), None)
    if opening is not None:  # "are there" asks yes or no; word by word it is filler
        rest = _canonical_in_reply_language(read.removeprefix(opening).strip())
        return " ".join(filter(None, [_canonical_words()[opening], rest]))
    return " ".join(in_reply_language(word) for word in read.split())


def typed_in_reply_language(canonical: str) -> str:
    """A canonical question as people would type it in the reply's language: `available in:"Den Haag"` →
    `available in Den Haag`, or `vrij in Den Haag` in Dutch; names and digits as they are."""
    words = _marker_words()
    parts: list[str] = []
    at = 0
    for marker in EXPLICIT.finditer(canonical):
        parts.append(_canonical_in_reply_language(canonical[at : marker.start()].strip()))
        parts.append(f"{words.get(marker.group(1), '')} {unquote(marker.group(2))}")
        at = marker.end()
    parts.append(_canonical_in_reply_language(canonical[at:].strip()))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
