"""Close matches for words the reader could not place (rapidfuzz): one clear correction, or suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from bot.reading.names import Names
from bot.reading.vocabulary import PHRASES, Sense

# Measured on the typos people make (amsterdm, groningn, biling, linkd, availble: 90-95 on fuzz.ratio), and on
# ordinary words that must stay unknown (thing, yesterday, lorem: under 80 against every name and keyword).
CORRECT_AT = 85
SUGGEST_AT = 75
# A clear winner beats the runner-up by this much; closer means "did you mean" with both.
CLEAR_MARGIN = 6
# One pair of swapped letters in a word of 5 or more reads as a clear slip; fuzz.ratio alone scores it 80-83.
MIN_TRANSPOSED_CHARS = 5
TRANSPOSED_SCORE = 90
TRANSPOSED_FLOOR = 79
MIN_TYPO_CHARS = 4
_NEGATING_PREFIXES = ("un", "on", "non", "niet", "in")
_NO_CORRECTION_TO = {Sense.FILLER, Sense.NEGATION, Sense.PLACE_MARK}


@dataclass(frozen=True)
class Match:
    """What an unknown word may have been meant as."""

    correction: str | None
    suggestions: tuple[str, ...]


def targets(names: Names) -> dict[str, str]:
    """Words a typo may be corrected to → what each means: keywords (not filler) and the words of the data's names."""
    meanings = {
        phrase: sense.value
        for phrase, sense in PHRASES.items()
        if " " not in phrase and sense not in _NO_CORRECTION_TO and len(phrase) >= MIN_TYPO_CHARS
    }
    for word in names.fuzzy_targets():
        meanings.setdefault(word, f"name:{word}")
    return meanings


def close_matches(word: str, choices: dict[str, str]) -> Match:
    """One clear correction of `word`, or the few it may be; never the word itself or its opposite."""
    if len(word) < MIN_TYPO_CHARS or not word.isalpha():
        return Match(None, ())
    found = process.extract(word, list(choices), scorer=fuzz.ratio, limit=8, score_cutoff=TRANSPOSED_FLOOR)
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
    return Match(None, tuple(dict.fromkeys(choice for choice, _ in candidates[:3])))


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
