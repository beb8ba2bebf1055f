"""Names the reader resolves words against: the snapshot's localities and assistants, and the known Dutch places."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any, TypeVar

from bot.reading.ordinary import ordinary_words
from bot.reading.text import fold
from bot.reading.vocabulary import PHRASES
from bot.runtime.gcpause import paused_gc

# Everyday nouns that are also words of assistants' names ("Pharmacy Line", "Sales Team"): alone they mean a phone
# line or a team, not that assistant ("need a free line asap"); the name's other words or the whole name still do.
GENERIC_NAME_WORDS = frozenset({"line", "lines", "lijn", "lijnen", "team", "teams", "number", "nummer", "phone"})
# Assistant names are read in runs of at most this many words (a longer name is still matched by its first words).
MAX_NAME_WORDS = 8
# Runs of a name's words seen in questions, remembered per snapshot's names (a question tries a few dozen runs).
MAX_REMEMBERED_RUNS = 4096

T = TypeVar("T")


@dataclass(frozen=True)
class Place:
    """A place: the spellings the account's data uses for it (any of them matches), and the name to show."""

    label: str
    spellings: frozenset[str]


@cache
def known_places() -> tuple[str, ...]:
    """Dutch places shipped as data, so a real place without numbers is still a place ("0 found in Zwolle")."""
    text = resources.files("bot.reading").joinpath("data/places_nl.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def place_aliases() -> tuple[tuple[str, ...], ...]:
    """Groups of names for one place ("Den Haag", "The Hague", "'s-Gravenhage"), the usual spelling first."""
    text = resources.files("bot.reading").joinpath("data/place_aliases.txt").read_text(encoding="utf-8")
    groups = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            groups.append(tuple(name.strip() for name in line.split("|") if name.strip()))
    return tuple(groups)


@dataclass(frozen=True)
class Names:
    """Phrases (folded, space-separated) that name places or assistants, built from one snapshot's data."""

    places: dict[str, Place] = field(default_factory=dict)
    # A phrase that is a whole assistant name → that name.
    assistant_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Every word of the whole names → the positions in `name_keys` of the names that have it. A run of 2+ words
    # of names is found through it when asked (assistant_run), not stored: every run of 20,000 names of 8 words was
    # 560,000 keys, 782 MB resident and 851 ms a question (#19); this grows with the names' words.
    name_keys: tuple[str, ...] = ()
    names_with_word: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # One word of a name → every assistant with that word; one word of a multi-word place no other place shares.
    assistant_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    place_words: dict[str, Place] = field(default_factory=dict)
    # A whole assistant name of 2+ words with its words in any order ("amsterdam front office" for Front Office
    # Amsterdam), keyed by its words sorted: the longest consistent reading of the data wins over a place + a run.
    assistant_any_order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Spaces squeezed out ("denhaag", "frontdesk"): people type names run together.
    squeezed: dict[str, str] = field(default_factory=dict)
    # Everyday nouns of names ("line" of Pharmacy Line): they name the assistants only beside "assistant".
    generic_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The spellings of places the account has numbers in (the rest are places known from the shipped list).
    data_spellings: frozenset[str] = frozenset()
    # Tables the reader works out from these once (typo targets, words of names), not on every question.
    _derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def longest(self) -> int:
        """The most words any phrase has (worked out once: it was a scan of every name on every question)."""
        phrases = (*self.places, *self.assistant_names)
        return max((phrase.count(" ") + 1 for phrase in phrases), default=1)

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """`build()`, worked out once for these names (a race builds it twice; both give the same)."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]  # type: ignore[no-any-return]

    def assistant_run(self, phrase: str) -> tuple[str, ...] | None:
        """Every assistant whose name has the 2+ words of `phrase` in a row, or None."""
        runs: dict[str, tuple[str, ...] | None] = self.derived("runs", dict)
        if phrase in runs:
            return runs[phrase]
        words = phrase.split()
        postings = [self.names_with_word.get(word, ()) for word in set(words)]
        found: set[str] = set()
        if len(words) > 1 and all(postings):
            padded = f" {phrase} "
            for position in min(postings, key=len):
                key = self.name_keys[position]
                if padded in f" {key} ":
                    found.update(self.assistant_names[key])
        if len(runs) >= MAX_REMEMBERED_RUNS:
            runs.clear()
        runs[phrase] = tuple(sorted(found)) or None
        return runs[phrase]

    @cached_property
    def fuzzy_targets(self) -> dict[str, str]:
        """Words a typo may be corrected to: of assistants' names and of places the account has numbers in.

        Only those: the 400 shipped places would turn everyday words into places ("over" into Den Oever).
        """
        targets: dict[str, str] = {}
        in_data = [key for key, place in self.places.items() if place.spellings & self.data_spellings]
        for phrase in (*in_data, *self.assistant_words, *self.place_words):
            for word in phrase.split():
                if len(word) >= 4:
                    targets.setdefault(word, word)
        for word in self.names_with_word:  # every word of the whole names
            if len(word) >= 4:
                targets.setdefault(word, word)
        for squeezed, key in self.squeezed.items():  # `bilingdesk`: a name run together with a slip in it
            if key not in self.places or key in in_data:
                targets.setdefault(squeezed, squeezed)
        return targets


_building = threading.Lock()


def names_for(localities: tuple[str, ...], assistants: tuple[str, ...]) -> Names:
    """build_names, kept for the last sets given: a refresh seldom changes them, and building takes ~5 ms a time.

    One build at a time: the names are built in the background when a snapshot is installed, and a question
    arriving meanwhile waits for that build rather than start a second one (20,000 long names take seconds).
    """
    with _building:
        return _names_for(localities, assistants)


@lru_cache(maxsize=2)
def _names_for(localities: tuple[str, ...], assistants: tuple[str, ...]) -> Names:
    # With the collector paused: the tables are new, long-lived and cycle-free, and 20,000 long names set off
    # collections that scanned them again and again.
    with paused_gc():
        return build_names(localities, assistants)


def build_names(localities: Iterable[str], assistants: Iterable[str]) -> Names:
    """Names over the data's spellings, the shipped places and their aliases; the data's spelling wins."""
    data_places = {fold(name): name for name in localities if fold(name)}
    places: dict[str, Place] = {}
    for name in known_places():
        places[fold(name)] = Place(name, frozenset({name}))
    for key, spelling in data_places.items():
        places[key] = Place(spelling, frozenset({spelling}))
    for group in place_aliases():
        in_data = {data_places[fold(name)] for name in group if fold(name) in data_places}
        label = next((data_places[fold(name)] for name in group if fold(name) in data_places), group[0])
        place = Place(label, frozenset(in_data or {group[0]}))
        for name in group:
            places[fold(name)] = place
    return _with_parts(places, assistants, frozenset(data_places.values()))


def _with_parts(places: dict[str, Place], assistants: Iterable[str], data_spellings: frozenset[str]) -> Names:
    keywords = set(PHRASES)
    ordinary = ordinary_words()
    whole: dict[str, set[str]] = defaultdict(set)
    bigrams: set[str] = set()
    words: dict[str, set[str]] = defaultdict(set)
    generic: dict[str, set[str]] = defaultdict(set)
    for name in assistants:
        folded = fold(name).split()[:MAX_NAME_WORDS]
        if not folded:
            continue
        whole[" ".join(folded)].add(name)
        for start, word in enumerate(folded):
            if start + 1 < len(folded):
                bigrams.add(f"{word} {folded[start + 1]}")
            if word in GENERIC_NAME_WORDS:
                generic[word].add(name)
            elif _names_alone(word, keywords | ordinary, places, data_spellings):
                words[word].add(name)
    # One word names a multi-word place only for places the account has numbers in ("capelle" is Capelle aan den
    # IJssel there; "nieuw" or "oever" of a shipped place nobody asked about is just a word).
    place_words: dict[str, set[str]] = defaultdict(set)
    first_place_of: dict[str, Place] = {}
    for key, place in places.items():
        for word in key.split():
            place_words[word].add(place.label)
            first_place_of.setdefault(word, place)
    unique_place_words = {
        word: first_place_of[word]
        for word, labels in place_words.items()
        if len(labels) == 1 and word not in keywords and word not in places and word not in ordinary and len(word) > 2
    }
    unique_place_words = {w: p for w, p in unique_place_words.items() if p.spellings & data_spellings}
    # Names run together ("denhaag", "frontdesk"): places, whole names, and two words of a name in a row.
    squeezed = {key.replace(" ", ""): key for key in (*places, *whole, *bigrams) if " " in key}
    name_keys = tuple(whole)
    names_with_word: dict[str, list[int]] = defaultdict(list)
    for position, key in enumerate(name_keys):
        for word in dict.fromkeys(key.split()):
            names_with_word[word].append(position)
    return Names(
        places=places,
        assistant_names={key: tuple(sorted(names)) for key, names in whole.items()},
        name_keys=name_keys,
        names_with_word={word: tuple(positions) for word, positions in names_with_word.items()},
        assistant_words={key: tuple(sorted(names)) for key, names in words.items()},
        assistant_any_order=_any_order(whole),
        place_words=unique_place_words,
        squeezed=squeezed,
        generic_words={key: tuple(sorted(names)) for key, names in generic.items()},
        data_spellings=data_spellings,
    )


def _names_alone(
    word: str, everyday: set[str] | frozenset[str], places: dict[str, Place], spellings: frozenset[str]
) -> bool:
    """A word of an assistant's name that names it alone: not a keyword or everyday word ("effe", "first" alone frame
    a question), nor a place the account has numbers in ("duiven" of Dinteloord Duiven names it where the account has
    no numbers in Duiven)."""
    in_data = word in places and bool(places[word].spellings & spellings)
    return word not in everyday and not in_data and len(word) > 1


def _any_order(whole: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """Whole names of 2+ distinct words, keyed by their words sorted."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, names in whole.items():
        words = key.split()
        if len(words) > 1 and len(set(words)) == len(words):
            found[" ".join(sorted(words))] |= names
    return {key: tuple(sorted(names)) for key, names in found.items()}
