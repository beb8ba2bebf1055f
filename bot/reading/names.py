"""Names the reader resolves words against: the snapshot's localities and assistants, and the known Dutch places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from bot.reading.text import fold
from bot.reading.vocabulary import PHRASES

# Everyday nouns that are also words of assistants' names ("Pharmacy Line", "Sales Team"): alone they mean a phone
# line or a team, not that assistant ("need a free line asap"); the name's other words or the whole name still do.
GENERIC_NAME_WORDS = frozenset({"line", "lines", "lijn", "lijnen", "team", "teams", "number", "nummer", "phone"})
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
    # A whole assistant name of 2+ words with its words in any order ("amsterdam front office" for Front Office
    # Amsterdam), keyed by its words sorted: the longest consistent reading of the data wins over a place + a run.
    assistant_any_order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Spaces squeezed out ("denhaag", "frontdesk"): people type names run together.
    squeezed: dict[str, str] = field(default_factory=dict)
    # Everyday nouns of names ("line" of Pharmacy Line): they name the assistants only beside "assistant".
    generic_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The spellings of places the account has numbers in (the rest are places known from the shipped list).
    data_spellings: frozenset[str] = frozenset()

    @property
    def longest(self) -> int:
        """The most words any phrase has."""
        phrases = (*self.places, *self.assistant_names, *self.assistant_runs)
        return max((len(phrase.split()) for phrase in phrases), default=1)

    def fuzzy_targets(self) -> dict[str, str]:
        """Words a typo may be corrected to: of assistants' names and of places the account has numbers in.

        Only those: the 400 shipped places would turn everyday words into places ("over" into Den Oever).
        """
        targets: dict[str, str] = {}
        in_data = [key for key, place in self.places.items() if place.spellings & self.data_spellings]
        for phrase in (*in_data, *self.assistant_names, *self.assistant_words, *self.place_words):
            for word in phrase.split():
                if len(word) >= 4:
                    targets.setdefault(word, word)
        return targets


@lru_cache(maxsize=2)
def names_for(localities: tuple[str, ...], assistants: tuple[str, ...]) -> Names:
    """build_names, kept for the last sets given: a refresh seldom changes them, and building takes ~5 ms a time."""
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
    whole: dict[str, set[str]] = defaultdict(set)
    runs: dict[str, set[str]] = defaultdict(set)
    words: dict[str, set[str]] = defaultdict(set)
    generic: dict[str, set[str]] = defaultdict(set)
    for name in assistants:
        folded = fold(name).split()[:MAX_NAME_WORDS]
        if not folded:
            continue
        whole[" ".join(folded)].add(name)
        for start in range(len(folded)):
            for end in range(start + 2, len(folded) + 1):
                runs[" ".join(folded[start:end])].add(name)
            word = folded[start]
            if word in GENERIC_NAME_WORDS:
                generic[word].add(name)
            elif word not in keywords and word not in places and len(word) > 1:
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
        if len(labels) == 1 and word not in keywords and word not in places and len(word) > 3
    }
    unique_place_words = {w: p for w, p in unique_place_words.items() if p.spellings & data_spellings}
    squeezed = {key.replace(" ", ""): key for key in (*places, *whole, *runs) if " " in key}
    return Names(
        places=places,
        assistant_names={key: tuple(sorted(names)) for key, names in whole.items()},
        assistant_runs={key: tuple(sorted(names)) for key, names in runs.items()},
        assistant_words={key: tuple(sorted(names)) for key, names in words.items()},
        assistant_any_order=_any_order(whole),
        place_words=unique_place_words,
        squeezed=squeezed,
        generic_words={key: tuple(sorted(names)) for key, names in generic.items()},
        data_spellings=data_spellings,
    )


def _any_order(whole: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """Whole names of 2+ distinct words, keyed by their words sorted."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, names in whole.items():
        words = key.split()
        if len(words) > 1 and len(set(words)) == len(words):
            found[" ".join(sorted(words))] |= names
    return {key: tuple(sorted(names)) for key, names in found.items()}
