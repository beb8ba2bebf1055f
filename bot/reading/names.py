"""Names the reader resolves words against: the snapshot's localities and assistants, and the known Dutch places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from bot.reading.text import fold
from bot.reading.vocabulary import PHRASES

# Assistant names are read in runs of at most this many words (a longer name is still matched by its first words).
MAX_NAME_WORDS = 8


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
    # A phrase that is a whole assistant name → that name; a run of 2+ words of names → every name with that run.
    assistant_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    assistant_runs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # One word of a name → every assistant with that word; one word of a multi-word place no other place shares.
    assistant_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    place_words: dict[str, Place] = field(default_factory=dict)
    # Spaces squeezed out ("denhaag", "frontdesk"): people type names run together.
    squeezed: dict[str, str] = field(default_factory=dict)

    @property
    def longest(self) -> int:
        """The most words any phrase has."""
        phrases = (*self.places, *self.assistant_names, *self.assistant_runs)
        return max((len(phrase.split()) for phrase in phrases), default=1)

    def fuzzy_targets(self) -> dict[str, str]:
        """Single words (and whole one-word names) a typo may be corrected to → the word to read instead."""
        targets: dict[str, str] = {}
        for phrase in (*self.places, *self.assistant_names, *self.assistant_words, *self.place_words):
            for word in phrase.split():
                if len(word) >= 4:
                    targets.setdefault(word, word)
        return targets


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
    return _with_parts(places, assistants)


def _with_parts(places: dict[str, Place], assistants: Iterable[str]) -> Names:
    keywords = set(PHRASES)
    whole: dict[str, set[str]] = defaultdict(set)
    runs: dict[str, set[str]] = defaultdict(set)
    words: dict[str, set[str]] = defaultdict(set)
    for name in assistants:
        folded = fold(name).split()[:MAX_NAME_WORDS]
        if not folded:
            continue
        whole[" ".join(folded)].add(name)
        for start in range(len(folded)):
            for end in range(start + 2, len(folded) + 1):
                runs[" ".join(folded[start:end])].add(name)
            word = folded[start]
            if word not in keywords and word not in places and len(word) > 1:
                words[word].add(name)
    place_words: dict[str, set[str]] = defaultdict(set)
    for key, place in places.items():
        for word in key.split():
            place_words[word].add(place.label)
    unique_place_words = {
        word: next(place for key, place in places.items() if word in key.split())
        for word, labels in place_words.items()
        if len(labels) == 1 and word not in keywords and word not in places and len(word) > 3
    }
    squeezed = {key.replace(" ", ""): key for key in (*places, *whole) if " " in key}
    return Names(
        places=places,
        assistant_names={key: tuple(sorted(names)) for key, names in whole.items()},
        assistant_runs={key: tuple(sorted(names)) for key, names in runs.items()},
        assistant_words={key: tuple(sorted(names)) for key, names in words.items()},
        place_words=unique_place_words,
        squeezed=squeezed,
    )
