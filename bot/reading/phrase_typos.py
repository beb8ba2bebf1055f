"""Typos across words: a keyword phrase with a slip in one word (`hwo many`), words glued together (`freenumbers`,
`inuse`), a multi-word name mistyped (`bergen op zom`), and mistyped filler (`numbrs`)."""

from __future__ import annotations

from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.reading.names import Names
from bot.reading.sounds import sound_of
from bot.reading.typos import (
    CORRECT_AT,
    MIN_SHORT_CHARS,
    abbreviation_of,
    close_matches,
    ordinary_words,
    swapped,
    targets,
)
from bot.reading.vocabulary import PHRASES, Sense

# A word of a keyword phrase ("how many", "hoe veel") is corrected by one slip when its neighbour completes the phrase:
# `hwo many`, `how mnay`, `hw many`. Alone, `hwo` could as well be `who`.
MIN_PHRASE_WORD_CHARS = 2


def phrase_word_typo(tokens: list[str], at: int) -> str | None:
    """The word of a keyword phrase `tokens[at]` is one slip from, when a neighbour completes that phrase."""
    word = tokens[at]
    if len(word) < MIN_PHRASE_WORD_CHARS or not word.isalpha() or word in PHRASES or word in ordinary_words():
        return None  # "alles onder feestdag": an everyday word is no slip of "alles zonder"
    before = tokens[at - 1] if at > 0 else None
    after = tokens[at + 1] if at + 1 < len(tokens) else None
    found = {
        candidate
        for candidate, phrases in _phrase_words().items()
        if OSA.distance(word, candidate) == 1
        and any(
            _slip_of(neighbour, other)
            for phrase in phrases
            for neighbour, other in _neighbours(phrase, candidate, before, after)
        )
    }
    return found.pop() if len(found) == 1 else None


def _neighbours(phrase: str, candidate: str, before: str | None, after: str | None) -> list[tuple[str | None, str]]:
    """(the word beside, the phrase's word it should be) for `candidate` as the phrase's first or second word."""
    first, second = phrase.split()
    return [
        pair for pair, fits in (((after, second), first == candidate), ((before, first), second == candidate)) if fits
    ]


def _slip_of(typed: str | None, meant: str) -> bool:
    """`typed` is `meant`, or one slip from it (`hw mny`: both words of `how many` mistyped)."""
    return typed is not None and (typed == meant or (typed not in PHRASES and OSA.distance(typed, meant) == 1))


@cache
def _phrase_words() -> dict[str, frozenset[str]]:
    """Each word of a two-word keyword phrase (not filler) → the phrases it is in."""
    found: dict[str, set[str]] = {}
    for phrase, sense in PHRASES.items():
        words = phrase.split()
        if len(words) == 2 and sense is not Sense.FILLER:
            for word in words:
                found.setdefault(word, set()).add(phrase)
    return {word: frozenset(phrases) for word, phrases in found.items()}


# A glued word splits into two known words of at least these many letters ("freenumbers", "vrijenummers").
MIN_GLUED_PART = 2


def unglued(word: str, names: Names) -> tuple[str, ...] | None:
    """`freenumbers` → (`free`, `numbers`): two words the reader knows, one of them more than filler."""
    if len(word) < 2 * MIN_GLUED_PART + 1 or not word.isalpha():
        return None
    if (phrase := _glued_phrases().get(word)) is not None:  # `inuse`, `notinuse`: a keyword phrase run together
        return tuple(phrase.split())
    for cut in range(MIN_GLUED_PART, len(word) - MIN_GLUED_PART + 1):
        head, tail = word[:cut], word[cut:]
        if _known_word(head, names) and _known_word(tail, names) and not (_filler(head) and _filler(tail)):
            return head, tail
    choices = targets(names)
    if (meant := close_matches(word, choices).correction) and len(meant) >= len(word) - 1:
        return None  # `geographc` is geographic mistyped, not `geo` and an abbreviation (`graphc`)
    for mark in _GLUED_PLACE_MARKS:  # `inbudle`: "in" run together with a place typed with a slip
        tail = word.removeprefix(mark)
        if tail == word or len(tail) < MIN_PLACE_CHARS:
            continue
        if tail in names.places or close_matches(tail, choices).correction in names.places:
            return mark, tail
    for cut in range(MIN_GLUED_PART, len(word) - MIN_SHORT_CHARS + 1):  # `vrijemob`: a keyword and an abbreviation
        head, tail = word[:cut], word[cut:]
        if PHRASES.get(head) not in (None, Sense.FILLER) and abbreviation_of(tail, choices):
            return head, tail
    for cut in range(MIN_GLUED_PART, len(word) - MIN_GLUED_PART + 1):  # "freenumbrs": a keyword and mistyped filler
        head, tail = word[:cut], word[cut:]
        if PHRASES.get(head) not in (None, Sense.FILLER) and (filler := filler_typo(tail)):
            return head, filler
    return None


# Place marks typed run together with the place after them (`inbudle`, `teheerde`); a tail this short is no place.
_GLUED_PLACE_MARKS = ("in", "te", "bij", "uit")
MIN_PLACE_CHARS = 4


@cache
def _glued_phrases() -> dict[str, str]:
    """Keyword phrases (not filler) with the spaces left out → the phrase (`inuse` → `in use`)."""
    return {
        phrase.replace(" ", ""): phrase
        for phrase, sense in PHRASES.items()
        if " " in phrase and sense is not Sense.FILLER and phrase.replace(" ", "") not in PHRASES
    }


def _known_word(word: str, names: Names) -> bool:
    """A keyword (names glued together are read by Names.squeezed: `frontdesk`, `denhaag`)."""
    return word in PHRASES


def _filler(word: str) -> bool:
    return PHRASES.get(word) is Sense.FILLER


# A run of 2-4 words is read as a name of as many words with a typo in it ("bergen op zom", "den hag") at this
# fuzz.token_sort_ratio: `den hagg`/`den haag` 88, `bergen op zom`/`bergen op zoom` 96; `in den`/`den haag` 57.
PHRASE_CORRECT_AT = CORRECT_AT
MAX_PHRASE_WORDS = 4


def phrase_targets(names: Names) -> dict[int, list[str]]:
    """The data's multi-word names (places, whole assistant names) by their number of words."""
    return names.derived("phrase-targets", lambda: _phrase_targets(names))


def _phrase_targets(names: Names) -> dict[int, list[str]]:
    by_length: dict[int, list[str]] = {}
    for phrase in (*names.places, *names.assistant_names):
        length = phrase.count(" ") + 1
        if 1 < length <= MAX_PHRASE_WORDS:
            by_length.setdefault(length, []).append(phrase)
    return by_length


def phrase_sounds(names: Names) -> dict[int, dict[str, str]]:
    """The data's multi-word names by their number of words, each → how it sounds (`night support`: `nit suport`)."""
    return names.derived(
        "phrase-sounds",
        lambda: {length: {t: sound_of(t) for t in found} for length, found in phrase_targets(names).items()},
    )


def phrase_correction(
    run: list[str], targets: dict[int, list[str]], sounds: dict[int, dict[str, str]] | None = None
) -> str | None:
    """The one multi-word name `run` is a typo of (same number of words, same first letter), or None; with `sounds`,
    also a name typed as it sounds (`farmacy line`, `nite suport`)."""
    initials = {word[0] for word in run}
    choices = [t for t in targets.get(len(run), ()) if t[0] in initials]
    if found := _one_close(" ".join(run), choices):
        return found
    if not sounds:
        return None
    typed = sound_of(" ".join(run))
    initials = {word[0] for word in typed.split()}
    alike = {t: sound for t, sound in sounds.get(len(run), {}).items() if sound[0] in initials}
    return _one_close(typed, alike)


def _one_close(typed: str, choices: list[str] | dict[str, str]) -> str | None:
    """The one choice `typed` is clearly a typo of (a dict's key when the choices are a dict), or None."""
    found = process.extract(typed, choices, scorer=fuzz.token_sort_ratio, limit=2, score_cutoff=CORRECT_AT)
    if not found or found[0][1] < PHRASE_CORRECT_AT or (len(found) > 1 and found[1][1] > found[0][1] - 1):
        return None
    return found[0][2] if isinstance(choices, dict) else found[0][0]


# Filler words long enough to be mistyped (`numbrs`, `nummres`): such a typo is read as the filler, and not said.
MIN_FILLER_TYPO_CHARS = 5
MIN_SWAPPED_FILLER_CHARS = 4


def filler_typo(word: str) -> str | None:
    """The filler word `word` is a clear typo of (`numbrs` → `numbers`, `zjin` → `zijn`), or None."""
    if not word.isalpha() or word in ordinary_words() or len(word) < MIN_SWAPPED_FILLER_CHARS:
        return None
    if len(word) < MIN_FILLER_TYPO_CHARS:  # a short word only by two letters swapped: `zjin`, `waht`
        found = [p for p, sense in PHRASES.items() if sense is Sense.FILLER and swapped(word, p)]
        return found[0] if len(found) == 1 else None
    fillers = [p for p, sense in PHRASES.items() if sense is Sense.FILLER and len(p) >= MIN_FILLER_TYPO_CHARS]
    best = process.extractOne(word, fillers, scorer=fuzz.ratio, score_cutoff=CORRECT_AT)
    return best[0] if best else None
