"""Close matches for words the reader could not place (rapidfuzz): one clear correction, or suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from bot.reading.names import Names
from bot.reading.vocabulary import PHRASES, STATUS_SENSES, TYPE_SENSES, Sense

# Measured on the typos people make (amsterdm, groningn, biling, linkd, availble: 90-95 on fuzz.ratio), and on
# ordinary words that must stay unknown (thing, yesterday, lorem: under 80 against every name and keyword).
CORRECT_AT = 85
SUGGEST_AT = 75
# Two or more close spellings of one status, type or count (`lokl`: lokaal 80, lokale 75): corrected from this score.
ONE_MEANING_AT = 80
_ONE_MEANING_AT = frozenset({*(sense.value for sense in (*STATUS_SENSES, *TYPE_SENSES)), Sense.COUNT.value})
# A clear winner beats the runner-up by this much; closer means "did you mean" with both.
CLEAR_MARGIN = 6
# One pair of swapped letters in a word of 5 or more reads as a clear slip; fuzz.ratio alone scores it 80-83.
MIN_TRANSPOSED_CHARS = 5
TRANSPOSED_SCORE = 90
MIN_TYPO_CHARS = 4
# A 3-letter word in a question is corrected only by one letter left out or swapped (`fre`, `vrj`), or as the start
# of keywords that all mean one thing (`mob`, `avail`): fuzz.ratio scores `fre`/`free` 86 but also `use`/`used` 86.
MIN_SHORT_CHARS = 3
MIN_ABBREVIATION_CHARS = 3
# Words this short are corrected by one slip to a status or type word (`frre`, `lcal`): fuzz.ratio gives them 75-86.
MAX_SLIP_CHARS = 4
_NEGATING_PREFIXES = ("un", "on", "non", "niet", "in")
_NO_CORRECTION_TO = {Sense.FILLER, Sense.NEGATION, Sense.PLACE_MARK, Sense.NOTHING}
# Short and abbreviated words are read only as the words of a filter's slot (a status or a number type).
_SLOT_MEANINGS = frozenset(sense.value for sense in (*STATUS_SENSES, *TYPE_SENSES))


@dataclass(frozen=True)
class Match:
    """What an unknown word may have been meant as."""

    correction: str | None
    suggestions: tuple[str, ...]


class Targets(dict[str, str]):
    """Words a typo may be corrected to → what each means, with the lists every question's matching goes through
    worked out once (over 20,000 long assistant names, tens of thousands of words)."""

    @cached_property
    def words(self) -> list[str]:
        """The words, as the list rapidfuzz scores."""
        return list(self)

    @cached_property
    def slot_keywords(self) -> list[str]:
        """The keywords that stand where a status or a number type is expected."""
        return [word for word, meaning in self.items() if meaning in _SLOT_MEANINGS]


def targets(names: Names) -> Targets:
    """Words a typo may be corrected to → what each means: keywords (not filler) and the words of the data's names."""
    return names.derived("typo-targets", lambda: _targets(names))


def _targets(names: Names) -> Targets:
    meanings = {
        phrase: sense.value
        for phrase, sense in PHRASES.items()
        if " " not in phrase and sense not in _NO_CORRECTION_TO and len(phrase) >= MIN_TYPO_CHARS
    }
    for word in names.fuzzy_targets:
        meanings.setdefault(word, f"name:{word}")
    return Targets(meanings)


@cache
def ordinary_words() -> frozenset[str]:
    """Ordinary words of a sentence (data/ordinary_words_en_nl.txt): never corrected, never named as ignored."""
    text = resources.files("bot.reading").joinpath("data/ordinary_words_en_nl.txt").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return frozenset(word for line in lines for word in line.split() if word not in PHRASES)


def close_matches(word: str, choices: dict[str, str]) -> Match:
    """One clear correction of `word`, or the few it may be; never the word itself or its opposite."""
    return _close_matches(word, choices if isinstance(choices, Targets) else Targets(choices))


def _close_matches(word: str, choices: Targets) -> Match:
    if len(word) < MIN_SHORT_CHARS or not word.isalpha() or word in ordinary_words():
        return Match(None, ())
    if short := _short_or_abbreviated(word, choices):
        return short
    if len(word) < MIN_TYPO_CHARS:
        return Match(None, ())
    found = process.extract(word, choices.words, scorer=fuzz.ratio, limit=8, score_cutoff=SUGGEST_AT)
    scored = sorted(((choice, _score(word, choice, score)) for choice, score, _ in found), key=lambda c: -c[1])
    candidates = [
        (choice, score)
        for choice, score in scored[:4]
        if score >= SUGGEST_AT and choice != word and not _opposites(word, choice)
    ]
    if not candidates:
        return Match(None, ())
    best, score = candidates[0]
    # `nationl` is as close to `national` as to `nationaal`: both mean the same, so it is one clear correction.
    others = [other for other, _ in candidates[1:] if choices[other] != choices[best]]
    runner_up = next((s for c, s in candidates[1:] if c in others), 0)
    if score >= CORRECT_AT and score - runner_up >= CLEAR_MARGIN:
        return Match(best, ())
    if len(candidates) > 1 and not others and choices[best] in _ONE_MEANING_AT and score >= ONE_MEANING_AT:
        return Match(best, ())  # `lokl`: close to lokaal and to lokale, both local (`line`: only linked, asked)
    return Match(None, tuple(dict.fromkeys(choice for choice, _ in candidates[:3])))


def _short_or_abbreviated(word: str, choices: Targets) -> Match | None:
    """`fre`, `vrj`: one letter left out of a keyword; `mob`, `avail`: the start of keywords that mean one thing."""
    keywords = choices.slot_keywords
    # Dutch "ij" is typed "y" or "ei" (`vrye`, `vrei`): read as written with "ij" when that is a keyword.
    if (dutch := _with_ij(word)) != word and dutch in keywords:
        return Match(dutch, ())
    if len(word) <= MAX_SLIP_CHARS:  # one slip: a letter left out, doubled, or another (`fre`, `frre`, `lcal`)
        slips = [c for c in keywords if len(c) == len(word) + 1 and OSA.distance(word, c) == 1]
        slips += [c for c in keywords if len(c) == len(word) and OSA.distance(word, c) == 1]
        if meant := _one_meaning([c for c in slips if not _opposites(word, c)], choices):
            return meant
    if len(word) >= MIN_ABBREVIATION_CHARS:
        started = [c for c in keywords if c.startswith(word) and c != word]
        if not started and len(word) >= MIN_TYPO_CHARS and not any(_swapped(word, c) for c in keywords):
            # `avial`: the start of `available` with two letters swapped (`lcoal` is `local` whole, not `locals`)
            started = [c for c in keywords if len(c) > len(word) and _swapped(word, c[: len(word)])]
        return _one_meaning(started, choices)
    return None


def _swapped(typed: str, meant: str) -> bool:
    """Two neighbouring letters swapped, nothing else (`avial`/`avail`)."""
    return OSA.distance(typed, meant) == 1 and Levenshtein.distance(typed, meant) == 2


def _one_meaning(found: list[str], choices: dict[str, str]) -> Match | None:
    """The first (English before Dutch) of words that all mean one thing, as a correction; else suggestions."""
    if not found:
        return None
    ordered = list(dict.fromkeys(found))
    if len({choices[c] for c in found}) == 1:
        return Match(ordered[0], ())
    return Match(None, tuple(ordered[:3]))


def _with_ij(word: str) -> str:
    return word.replace("y", "ij").replace("ei", "ij")


def _score(typed: str, choice: str, ratio: float) -> float:
    """fuzz.ratio, but two swapped letters count as one slip (`linekd`, `lcoal`, `nigth`: 80-83 by ratio alone)."""
    swapped = len(typed) == len(choice) >= MIN_TRANSPOSED_CHARS and OSA.distance(typed, choice) == 1
    return max(ratio, TRANSPOSED_SCORE) if swapped and Levenshtein.distance(typed, choice) == 2 else ratio


def _opposites(typed: str, choice: str) -> bool:
    """`unused` is not a typo of `used`, nor `use` of `unused`: a negating prefix changes the meaning."""
    for prefix in _NEGATING_PREFIXES:
        if typed.startswith(prefix) != choice.startswith(prefix) and (
            typed.removeprefix(prefix)[:3] == choice[:3] or choice.removeprefix(prefix)[:3] == typed[:3]
        ):
            return True
    return False


# A word of a keyword phrase ("how many", "hoe veel") is corrected by one slip when its neighbour completes the phrase:
# `hwo many`, `how mnay`, `hw many`. Alone, `hwo` could as well be `who`.
MIN_PHRASE_WORD_CHARS = 2


def phrase_word_typo(tokens: list[str], at: int) -> str | None:
    """The word of a keyword phrase `tokens[at]` is one slip from, when a neighbour completes that phrase."""
    word = tokens[at]
    if len(word) < MIN_PHRASE_WORD_CHARS or not word.isalpha() or word in PHRASES:
        return None
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


def unglued(word: str, names: Names) -> tuple[str, str] | None:
    """`freenumbers` → (`free`, `numbers`): two words the reader knows, one of them more than filler."""
    if len(word) < 2 * MIN_GLUED_PART + 1 or not word.isalpha():
        return None
    for cut in range(MIN_GLUED_PART, len(word) - MIN_GLUED_PART + 1):
        head, tail = word[:cut], word[cut:]
        if _known_word(head, names) and _known_word(tail, names) and not (_filler(head) and _filler(tail)):
            return head, tail
    for cut in range(MIN_GLUED_PART, len(word) - MIN_GLUED_PART + 1):  # "freenumbrs": a keyword and mistyped filler
        head, tail = word[:cut], word[cut:]
        if PHRASES.get(head) not in (None, Sense.FILLER) and (filler := filler_typo(tail)):
            return head, filler
    return None


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


def phrase_correction(run: list[str], targets: dict[int, list[str]]) -> str | None:
    """The one multi-word name `run` is a typo of (same number of words, same first letter), or None."""
    initials = {word[0] for word in run}
    choices = [t for t in targets.get(len(run), ()) if t[0] in initials]
    found = process.extract(" ".join(run), choices, scorer=fuzz.token_sort_ratio, limit=2, score_cutoff=CORRECT_AT)
    if not found or found[0][1] < PHRASE_CORRECT_AT or (len(found) > 1 and found[1][1] > found[0][1] - 1):
        return None
    return found[0][0]


# Filler words long enough to be mistyped (`numbrs`, `nummres`): such a typo is read as the filler, and not said.
MIN_FILLER_TYPO_CHARS = 5
MIN_SWAPPED_FILLER_CHARS = 4


def filler_typo(word: str) -> str | None:
    """The filler word `word` is a clear typo of (`numbrs` → `numbers`, `zjin` → `zijn`), or None."""
    if not word.isalpha() or word in ordinary_words() or len(word) < MIN_SWAPPED_FILLER_CHARS:
        return None
    if len(word) < MIN_FILLER_TYPO_CHARS:  # a short word only by two letters swapped: `zjin`, `waht`
        swapped = [p for p, sense in PHRASES.items() if sense is Sense.FILLER and _swapped(word, p)]
        return swapped[0] if len(swapped) == 1 else None
    fillers = [p for p, sense in PHRASES.items() if sense is Sense.FILLER and len(p) >= MIN_FILLER_TYPO_CHARS]
    found = process.extractOne(word, fillers, scorer=fuzz.ratio, score_cutoff=CORRECT_AT)
    return found[0] if found else None
