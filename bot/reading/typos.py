"""Close matches for words the reader could not place (rapidfuzz): one clear correction, or suggestions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from bot.reading.names import Names
from bot.reading.ordinary import ordinary_words
from bot.reading.sounds import sound_of
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
MIN_TRANSPOSED_CHARS = 4  # `axle` for Axel: one swap in four letters is still one slip
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

    @cached_property
    def name_sounds(self) -> dict[str, list[str]]:
        """How each name word sounds → the name words that sound so (`farmasy`: pharmacy); not ordinary words, which
        name nothing alone (`nite` is read as night only beside the rest of a name: `nite suport`)."""
        found: dict[str, list[str]] = {}
        for word, meaning in self.items():
            if meaning.startswith("name:") and word not in ordinary_words():
                found.setdefault(sound_of(word), []).append(word)
        return found


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


def close_matches(word: str, choices: dict[str, str]) -> Match:
    """One clear correction of `word`, or the few it may be; never the word itself or its opposite."""
    return _close_matches(word, choices if isinstance(choices, Targets) else Targets(choices))


def _close_matches(word: str, choices: Targets) -> Match:
    if len(word) < MIN_SHORT_CHARS or not word.isalpha() or word in ordinary_words():
        return Match(None, ())
    if short := _short_or_abbreviated(word, choices):
        return short
    if len(word) < MIN_TYPO_CHARS:
        return _a_letter_left_out_of_a_short_name(word, choices)
    if (once := _REPEATED.sub(r"\1\1", word)) != word:  # `freeee`, `vrijjj`: a key held down
        for typed in (once, _REPEATED_TWICE.sub(r"\1", once)):
            if typed in choices:
                return Match(typed, ())
    if "y" in word and (dutch := word.replace("y", "ij")) in choices:
        return Match(dutch, ())  # `harderwyk`, `nymegen`: Dutch "ij" typed "y", a name's or a keyword's
    if len(alike := choices.name_sounds.get(sound_of(word), [])) == 1:
        return Match(alike[0], ())  # `farmacy`, `nite`: a name word typed as it sounds, and no other sounds so
    scored = sorted(_scored(word, choices).items(), key=lambda c: -c[1])
    candidates = [
        (choice, score)
        for choice, score in scored[:4]
        if score >= SUGGEST_AT and choice != word and not _opposites(word, choice)
    ]
    if not candidates:
        return _begun_like_a_keyword(word, choices)
    best, score = candidates[0]
    # `nationl` is as close to `national` as to `nationaal`: both mean the same, so it is one clear correction.
    others = [other for other, _ in candidates[1:] if choices[other] != choices[best]]
    runner_up = next((s for c, s in candidates[1:] if c in others), 0)
    if score >= CORRECT_AT and score - runner_up >= CLEAR_MARGIN:
        return Match(best, ())
    if _swapped(word, best) and not any(OSA.distance(word, other) <= 1 for other in others):
        return Match(best, ())  # `bielen`: two letters swapped in Beilen beats a longer word it is the end of
    if len(candidates) > 1 and not others and choices[best] in _ONE_MEANING_AT and score >= ONE_MEANING_AT:
        return Match(best, ())  # `lokl`: close to lokaal and to lokale, both local (`line`: only linked, asked)
    if not others and _two_slips_of_a_long_keyword(word, best, choices):
        return Match(best, ())  # `avialble`: letters swapped and one left out, and nothing else is close
    if not others and _last_letter_off(word, best, choices):
        return Match(best, ())  # `hoorm`: a place's last letter mistyped (fuzz.ratio 80 on five letters)
    if len(candidates) == 1 and _one_letter_off_a_long_name(word, best, choices):
        return Match(best, ())  # `lochum`: one letter of a six-letter name mistyped (83), and nothing else is close
    if len(candidates) == 1 and _two_slips_in_a_long_name(word, best, score, choices):
        return Match(best, ())  # `oostvoren`: two slips in ten letters (84), its start right, nothing else close
    return Match(None, tuple(dict.fromkeys(choice for choice, _ in candidates[:3])))


_REPEATED = re.compile(r"(\w)\1{2,}")
_REPEATED_TWICE = re.compile(r"(\w)\1")


def _scored(word: str, choices: Targets) -> dict[str, float]:
    """The close choices and their scores; a word with "y" is also scored as Dutch "ij" against words that have it
    (`harderwyck`: Harderwijk), never against others (`leidn` read as `lijdn` would be close to `lijn`)."""
    found = process.extract(word, choices.words, scorer=fuzz.ratio, limit=8, score_cutoff=SUGGEST_AT)
    scored = {choice: _score(word, choice, ratio) for choice, ratio, _ in found}
    if "y" in word:
        dutch = word.replace("y", "ij")
        for choice, ratio, _ in process.extract(
            dutch, choices.words, scorer=fuzz.ratio, limit=8, score_cutoff=SUGGEST_AT
        ):
            if "ij" in choice:
                scored[choice] = max(scored.get(choice, 0), _score(dutch, choice, ratio))
    return scored


def _a_letter_left_out_of_a_short_name(word: str, choices: Targets) -> Match:
    """`gor` for Goor, `dsk` for Desk: a three-letter word that is one four-letter name word with a letter left out,
    and no other (fuzz.ratio scores them 86, but `use`/`used` too: names only, never keywords)."""
    names = [
        c
        for c in choices.words
        if len(c) == len(word) + 1 and c[0] == word[0] and choices[c].startswith("name:") and _in_order(word, c)
    ]
    return Match(names[0], ()) if len(names) == 1 else Match(None, ())


# A word that begins as a status or type word does (`mobz`, `natx`) stands in that slot: asked back with it, never
# ignored to answer a wider listing.
SLOT_START_CHARS = 3


def _begun_like_a_keyword(word: str, choices: Targets) -> Match:
    start = word[:SLOT_START_CHARS]
    begun = [c for c in choices.slot_keywords if c.startswith(start) and c != word and not _opposites(word, c)]
    return Match(None, tuple(dict.fromkeys(begun))[:2])


def _short_or_abbreviated(word: str, choices: Targets) -> Match | None:
    """`fre`, `vrj`: one letter left out of a keyword; `mob`, `avail`: the start of keywords that mean one thing;
    `mobs`, `locs`: an abbreviation made plural; `natl`: a keyword with letters left out."""
    if found := _abbreviated(word, choices):
        return found
    for stem in _singulars(word):  # `mobs`, `nats`, `avails`: the plural of an abbreviation is that abbreviation
        if (found := _abbreviated(stem, choices)) and found.correction:
            return found
    keywords = choices.slot_keywords
    if len(word) >= MIN_TYPO_CHARS and not any(_opposites(word, c) for c in keywords):
        # `natl`, `lnkd`: a keyword's letters in order, from its first, at most half left out (never a whole word's
        # opposite: `use` is in `unused`; `town` is not `toegewezen`)
        contracted = [
            c for c in keywords if c[0] == word[0] and len(word) < len(c) <= 2 * len(word) and _in_order(word, c)
        ]
        if (found := _one_meaning(contracted, choices)) and found.correction and not _names_one_slip_off(word, choices):
            return found  # `slen` is Sleen with a letter left out, not `slapend` contracted
    return None


def _names_one_slip_off(word: str, choices: Targets) -> list[str]:
    """The name words one slip from `word` (the length first: one slip changes it by one at most, and there are
    thousands of names)."""
    return [
        c
        for c in choices.words
        if abs(len(c) - len(word)) <= 1 and choices[c].startswith("name:") and OSA.distance(word, c) == 1
    ]


def _singulars(word: str) -> list[str]:
    """The word without an English or Dutch plural ending (`mobs` → `mob`, `mobieltjes` → `mobieltje`)."""
    endings = ("tjes", "jes", "es", "en", "s", "'s")
    return [word[: -len(end)] for end in endings if word.endswith(end) and len(word) - len(end) >= MIN_SHORT_CHARS]


def _in_order(typed: str, meant: str) -> bool:
    """Every letter of `typed` is in `meant`, in the same order (`natl` in `national`)."""
    letters = iter(meant)
    return all(letter in letters for letter in typed)


def _abbreviated(word: str, choices: Targets) -> Match | None:
    keywords = choices.slot_keywords
    # Dutch "ij" is typed "y" or "ei" (`vrye`, `vrei`): read as written with "ij" when that is a keyword.
    if (dutch := _with_ij(word)) != word and dutch in keywords:
        return Match(dutch, ())
    if len(word) <= MAX_SLIP_CHARS:  # one slip: a letter left out, doubled, or another (`fre`, `frre`, `lcal`)
        slips = [c for c in keywords if len(c) == len(word) + 1 and OSA.distance(word, c) == 1]
        slips += [c for c in keywords if len(c) == len(word) and OSA.distance(word, c) == 1]
        if meant := _one_meaning([c for c in slips if not _opposites(word, c)], choices):
            # `idee` of Geen Idee names nothing alone: `idel` is idle
            names = [c for c in _names_one_slip_off(word, choices) if c not in ordinary_words()]
            if meant.correction and names:  # `omen`: one slip from `open` and from Ommen: asked back with both
                return Match(None, (meant.correction, *names[:2]))
            return meant
    if len(word) >= MIN_ABBREVIATION_CHARS:
        started = [c for c in keywords if c.startswith(word) and c != word]
        if not started and len(word) >= MIN_TYPO_CHARS and not any(_swapped(word, c) for c in keywords):
            # `avial`: the start of `available` with two letters swapped (`lcoal` is `local` whole, not `locals`)
            started = [c for c in keywords if len(c) > len(word) and _swapped(word, c[: len(word)])]
        return _one_meaning(started, choices)
    return None


# A status or type word of this many letters or more, two slips off (`avialble`: OSA 2 from `available`), with no
# other meaning close, is that word: ratio gives 82, under CORRECT_AT, but no ordinary word is that near.
MIN_TWO_SLIP_CHARS = 7
MAX_KEYWORD_SLIPS = 2
# A name word of this many letters or more with only its last letter mistyped (`hoorm`, `zeisr`): fuzz.ratio scores
# a one-letter change in five letters 80, under CORRECT_AT.
MIN_LAST_LETTER_CHARS = 5


def _two_slips_of_a_long_keyword(word: str, best: str, choices: Targets) -> bool:
    return (
        choices[best] in _SLOT_MEANINGS
        and len(word) >= MIN_TWO_SLIP_CHARS
        and OSA.distance(word, best) <= MAX_KEYWORD_SLIPS
        and word[0] == best[0]
    )


def _last_letter_off(word: str, best: str, choices: Targets) -> bool:
    if not choices[best].startswith("name:") or len(word) < MIN_LAST_LETTER_CHARS or len(word) != len(best):
        return False
    if word[:-1] != best[:-1]:
        return False
    # the one name with those first letters: `hoorm` is Hoorn only when no other name starts `hoor` and is as long
    return sum(1 for c in choices.words if len(c) == len(word) and c[:-1] == word[:-1]) == 1


# A name this long with one letter mistyped, and no other word close, is that name (fuzz.ratio 80-83 on 5-6).
MIN_ONE_LETTER_OFF_CHARS = 5


def _one_letter_off_a_long_name(word: str, best: str, choices: Targets) -> bool:
    return (
        choices[best].startswith("name:")
        and len(word) == len(best) >= MIN_ONE_LETTER_OFF_CHARS
        and word[0] == best[0]
        and Levenshtein.distance(word, best) == 1
    )


# A name this long keeps its meaning through two slips when its first letters are right and no other word is close
# (`oostvoren`/Oostvoorne 84, `hollandschveld`/Hollandscheveld 93); shorter names stay at CORRECT_AT.
MIN_TWO_SLIP_NAME_CHARS = 9
TWO_SLIP_NAME_AT = 80
SAME_START_CHARS = 3


def _two_slips_in_a_long_name(word: str, best: str, score: float, choices: Targets) -> bool:
    """`best` is a long name `word` is two slips from, with its first letters right."""
    return (
        choices[best].startswith("name:")
        and min(len(word), len(best)) >= MIN_TWO_SLIP_NAME_CHARS
        and score >= TWO_SLIP_NAME_AT
        and word[:SAME_START_CHARS] == best[:SAME_START_CHARS]
        and OSA.distance(word, best) <= MAX_KEYWORD_SLIPS
    )


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


def abbreviation_of(word: str, choices: Targets) -> str | None:
    """The status or type word `word` clearly shortens (`mob`, `mobs`, `natl`), or None."""
    found = _short_or_abbreviated(word, choices) if len(word) >= MIN_SHORT_CHARS and word.isalpha() else None
    return found.correction if found is not None else None


def swapped(typed: str, meant: str) -> bool:
    """Two neighbouring letters swapped, nothing else (`avial`/`avail`)."""
    return _swapped(typed, meant)
