"""Correcting a question's words before it is read: a name retyped with a slip, words glued together, typos."""

from __future__ import annotations

from rapidfuzz import fuzz

from bot.reading.names import Names
from bot.reading.phrase_typos import (
    MAX_PHRASE_WORDS,
    filler_typo,
    phrase_correction,
    phrase_sounds,
    phrase_targets,
    phrase_word_typo,
    unglued,
)
from bot.reading.text import fold
from bot.reading.typos import abbreviation_of, close_matches, ordinary_words, targets
from bot.reading.words import Item, scan

# Typos are looked for in the first words only: a pasted log of 600 unknown words took 0.2 s of fuzzy matching.
MAX_WORDS_CORRECTED = 20


def correct_typos(
    items: list[Item], tokens: list[str], names: Names, data_places: frozenset[str]
) -> tuple[list[Item], tuple[tuple[str, str], ...], dict[str, tuple[str, ...]]]:
    """Rescan with each unknown word's one clear correction; collect suggestions for the unclear ones.

    First a run of words that is a name with a typo in it (`bergen op zom`), then glued words (`freenumbers`),
    then each word alone (`amsterdm`, `fre`, `avail`).
    """
    unknown_or_partial = (
        (item.unknown and not item.words[0].isdigit()) or (item.assistants and not _whole_name(item)) for item in items
    )
    if not any(unknown_or_partial):
        return items, (), {}
    said: list[tuple[str, str]] = []
    tokens = [
        part for token, unknown in _names_retyped(items, names, said) for part in _unglued(token, unknown, names, said)
    ]
    if said:
        items = scan(tokens, names, data_places)
    unknown = [item.words[0] for item in items if item.unknown and not item.words[0].isdigit()]
    choices = targets(names)
    corrections: dict[str, str] = {}
    silent: dict[str, str] = {}  # typos of filler: read as it, and not said
    suggestions: dict[str, tuple[str, ...]] = {}
    for word in list(dict.fromkeys(unknown))[:MAX_WORDS_CORRECTED]:
        match = close_matches(word, choices)
        filler = filler_typo(word)
        a_place_meant = match.correction in names.places and _after_a_place_mark(tokens, word)
        if (
            filler
            and match.correction
            and fuzz.ratio(word, filler) > fuzz.ratio(word, match.correction)
            and not a_place_meant
        ):
            silent[word] = filler  # `nummrs` is `nummers`, never the closest keyword `netnummers`
        elif match.correction:
            corrections[word] = match.correction
        elif in_phrase := _phrase_word_typo(tokens, word):
            corrections[word] = in_phrase
        elif match.suggestions:
            suggestions[word] = match.suggestions
        elif filler:
            silent[word] = filler
    if not corrections and not said and not silent:
        return items, (), suggestions
    corrected = [corrections.get(token) or silent.get(token, token) for token in tokens]
    spaced = {word: names.squeezed.get(meant, meant) for word, meant in corrections.items()}  # said as the name
    return scan(corrected, names, data_places), (*said, *spaced.items()), suggestions


# Words after which a place stands: "vrij in heillo" is Heiloo, never the greeting "hello".
_PLACE_MARKS = frozenset({"in", "te", "bij", "uit", "rond", "near", "around", "at", "from", "omgeving"})


def _after_a_place_mark(tokens: list[str], word: str) -> bool:
    return any(at and tokens[at - 1] in _PLACE_MARKS for at, token in enumerate(tokens) if token == word)


def _phrase_word_typo(tokens: list[str], word: str) -> str | None:
    """`hwo many`: the word of a keyword phrase that `word` is a slip of where it stands, or None."""
    found = (phrase_word_typo(tokens, at) for at, token in enumerate(tokens) if token == word)
    return next((meant for meant in found if meant), None)


def _names_retyped(items: list[Item], names: Names, said: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    """The tokens, and whether each is unknown, with each run of 2-4 words that is a multi-word name with a typo in
    it put as the name."""
    phrases = phrase_targets(names)
    sounds = phrase_sounds(names)
    keywords = targets(names)
    words = [(word, item.unknown and not item.digits) for item in items for word in item.words]
    # Words of a name read as typed ("spare parts desk") are that name: a run never takes them for another
    # (`parts desk samen` was "spare parts desk" again, leaving "spare" to be read as free).
    named = [_whole_name(item) for item in items for _ in item.words]
    # A word of a name read as a part of it ("hours" of Open All Hours) may stand in a run with a typo that is a
    # keyword or filler ("open al hours": `al` is Dutch filler), so such a run is looked at too.
    partial = [bool(item.assistants) and not _whole_name(item) for item in items for _ in item.words]
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(words):
        for length in range(min(MAX_PHRASE_WORDS, len(words) - i), 1, -1):
            run = words[i : i + length]
            typos = [word for word, unknown in run if unknown and word not in ordinary_words()]
            if not typos and not any(partial[i : i + length]):
                continue  # "vrij snel": an ordinary word is no typo of a name's word ("vrij spel")
            named_alone = any(word in names.assistant_words for word, _ in run)  # "lokal talent": Lokaal Talent
            if typos and all(abbreviation_of(word, keywords) for word in typos) and not named_alone:
                continue  # "fre mobile": a status word with a letter left out, never "mobile care"
            if any(word.isdigit() for word, _ in run):
                continue
            if any(named[i : i + length]):
                continue
            if name := phrase_correction([word for word, _ in run], phrases, sounds):
                said.append((" ".join(word for word, _ in run), name))
                out += [(word, False) for word in name.split()]
                i += length
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _whole_name(item: Item) -> bool:
    """Whether the item's words are, as typed, the whole of a name of several words (not a part of a longer one)."""
    if len(item.words) < 2:
        return False
    typed = fold(" ".join(item.words))
    return any(fold(name) == typed for name in item.assistants) or (
        item.place is not None and any(fold(spelling) == typed for spelling in item.place.spellings)
    )


def _unglued(token: str, unknown: bool, names: Names, said: list[tuple[str, str]]) -> list[str]:
    # "alleen" is a word of its own, not "all een"
    if not unknown or token in ordinary_words() or not (parts := unglued(token, names)):
        return [token]
    said.append((token, " ".join(parts)))
    return list(parts)
