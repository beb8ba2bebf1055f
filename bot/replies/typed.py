"""Keywords and questions to type, in the reply's language: a Dutch reply offers Dutch words (issue 23).

The reader reads either language, so these only choose the words a person is shown; what they ask is the same.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.i18n import language, pgettext
from bot.reading.question import EXPLICIT, unquote
from bot.reading.vocabulary import PHRASE_LANGUAGES, PHRASES

# How a canonical question asking whether there are any begins (Question.canonical).
ASKS_ANY = "are there"


def in_reply_language(keyword: str) -> str:
    """A keyword in the reply's language: a Dutch reply offered `latest` is offered the Dutch word of the same
    meaning closest in spelling; names and words both languages share as they are."""
    wanted = language().value
    if PHRASE_LANGUAGES.get(keyword, wanted) in (wanted, "both") or keyword not in PHRASES:
        return keyword
    sense = PHRASES[keyword]
    same = [phrase for phrase, meant in PHRASES.items() if meant is sense and PHRASE_LANGUAGES.get(phrase) == wanted]
    return max(same, key=lambda phrase: fuzz.ratio(keyword, phrase), default=keyword)


def keywords_in_reply_language(read: str) -> str:
    """What a typed word was read as, in the reply's language: `mob` read as *mobiele* in a Dutch reply."""
    whole = in_reply_language(read)
    if whole != read:
        return whole
    if read.startswith(ASKS_ANY):  # "are there" asks yes or no: filler word by word, so said as a whole ("zijn er")
        asks = pgettext("typed", "are there")
        return " ".join(filter(None, [asks, keywords_in_reply_language(read.removeprefix(ASKS_ANY).strip())]))
    return " ".join(in_reply_language(word) for word in read.split())


def _marker_words() -> dict[str, str]:
    """How each canonical marker is typed before its value, in the reply's language (the reader reads both)."""
    return {
        "in": pgettext("typed", "in"),
        "not-in": pgettext("typed", "outside"),
        "not-assistant": pgettext("typed", "not"),
        "prefix": pgettext("typed", "starting"),
        "not-prefix": pgettext("typed", "without"),  # "not starting 085" reads as starting 085
        "fragment": pgettext("typed", "containing"),
        "suffix": pgettext("typed", "ending"),
    }


def typed_in_reply_language(canonical: str) -> str:
    """A canonical question as a person types it in the reply's language: `available in:"Den Haag"` →
    `available in Den Haag`, or `vrij in Den Haag` in Dutch; names and digits as they are."""
    words = _marker_words()
    parts: list[str] = []
    at = 0
    for marker in EXPLICIT.finditer(canonical):
        parts.append(keywords_in_reply_language(canonical[at : marker.start()].strip()))
        parts.append(f"{words.get(marker.group(1), '')} {unquote(marker.group(2))}")
        at = marker.end()
    parts.append(keywords_in_reply_language(canonical[at:].strip()))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
