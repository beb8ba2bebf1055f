"""Lookup tables over one snapshot, built once when the snapshot is made."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, TypeVar

import phonenumbers

from bot.flireo.models import PhoneNumber
from bot.reading.text import digits, fold, words

# phonenumbers takes ~0.14 ms to parse and format one number: 0.3 s for 2,000 numbers, 1.4 s for 10,000 (measured
# with pyinstrument; it was most of a cold answer). An account's numbers barely change between fetches, so each
# national form is kept across snapshots, and worked out only for fragment lookups, not when a snapshot is built.
_national_forms: dict[str, str] = {}
# 1,000 Flireo pages of 100 (flireo.MAX_PAGES); past that the memo starts afresh rather than grow without end.
MAX_REMEMBERED_NATIONAL_FORMS = 100_000

# Localities and assistant names repeat across thousands of records: fold each spelling once.
_fold = lru_cache(maxsize=4096)(fold)


def national_digits(e164: str) -> str:
    """`+31201234567` → `0201234567`; the E.164 digits when the number cannot be parsed."""
    known = _national_forms.get(e164)
    if known is not None:
        return known
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        national = digits(e164)
    else:
        national = digits(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    if len(_national_forms) >= MAX_REMEMBERED_NATIONAL_FORMS:
        _national_forms.clear()
    _national_forms[e164] = national
    return national


T = TypeVar("T")
K = TypeVar("K")
_NOTHING: frozenset[int] = frozenset()


def by_number(numbers: tuple[PhoneNumber, ...]) -> tuple[PhoneNumber, ...]:
    """The paging order: by number (stable, so equal numbers keep Flireo's order)."""
    return tuple(sorted(numbers, key=lambda n: n.phone_number))


@dataclass(frozen=True)
class Facets:
    """For each thing a query filters on, the positions (in paging order) of the numbers that have it."""

    available: frozenset[int]
    linked: frozenset[int]
    by_type: dict[str | None, frozenset[int]]
    by_locality: dict[str, frozenset[int]]
    by_assistant: dict[str, frozenset[int]]

    @classmethod
    def of(cls, ordered: tuple[PhoneNumber, ...]) -> Facets:
        """Facets of numbers already in paging order."""
        available: list[int] = []
        linked: list[int] = []
        by_type: defaultdict[str | None, list[int]] = defaultdict(list)
        by_locality: defaultdict[str, list[int]] = defaultdict(list)
        by_assistant: defaultdict[str, list[int]] = defaultdict(list)
        for position, number in enumerate(ordered):
            if number.available:
                available.append(position)
            if number.linked_assistant is not None:
                linked.append(position)
                if number.linked_assistant.name:
                    by_assistant[_fold(number.linked_assistant.name)].append(position)
            by_type[number.number_type].append(position)
            if number.locality:
                by_locality[_fold(number.locality)].append(position)
        return cls(
            frozenset(available), frozenset(linked), _frozen(by_type), _frozen(by_locality), _frozen(by_assistant)
        )


def _frozen(groups: dict[K, list[int]]) -> dict[K, frozenset[int]]:
    return {key: frozenset(positions) for key, positions in groups.items()}


class SearchIndex:
    """Localities, assistant names and digit keys of a snapshot's numbers."""

    def __init__(self, numbers: tuple[PhoneNumber, ...], shared: tuple[PhoneNumber, ...]) -> None:
        self.numbers = numbers
        self.shared = shared
        # Account numbers, then shared ones, each with its E.164 digits: what a typed fragment is matched against.
        self._searchable = (*numbers, *shared)
        self._international = [digits(n.phone_number) for n in self._searchable]
        self._national: list[str] | None = None
        self._national_lock = threading.Lock()
        self.by_e164: dict[str, list[PhoneNumber]] = defaultdict(list)
        for number, international in zip(self._searchable, self._international, strict=True):
            self.by_e164["+" + international].append(number)
        # Folded locality → the spelling most records use.
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for number in self._searchable:
            if number.locality:
                spellings[_fold(number.locality)][number.locality] += 1
        self.localities: dict[str, str] = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()}
        self.locality_of: dict[str, str] = {n.id: _fold(n.locality) for n in self._searchable if n.locality}
        self.assistant_of: dict[str, str] = {
            n.id: _fold(n.linked_assistant.name) for n in numbers if n.linked_assistant and n.linked_assistant.name
        }
        # A query intersects a few of these sets instead of testing every number: over 10,000 numbers a filter
        # took ~10 ms and a sort ~2 ms per question (pyinstrument); now well under 1 ms.
        self.ordered, self.ordered_shared = by_number(numbers), by_number(shared)
        self._facets, self._shared_facets = Facets.of(self.ordered), Facets.of(self.ordered_shared)
        self._derived: dict[str, Any] = {}

    @cached_property
    def assistant_names(self) -> dict[str, str]:
        """Folded assistant name → its spelling."""
        return {
            _fold(n.linked_assistant.name): n.linked_assistant.name
            for n in self.numbers
            if n.linked_assistant and n.linked_assistant.name
        }

    @cached_property
    def vocabulary(self) -> set[str]:
        """Every word of a locality or assistant name, for "did you mean" suggestions."""
        vocab: set[str] = set()
        for name in (*self.localities, *self.assistant_names):
            vocab.update(name.split())
        return vocab

    def locality_phrase_lengths(self) -> list[int]:
        """Word counts of the known localities, longest first."""
        return sorted({len(key.split()) for key in self.localities}, reverse=True)

    def locality_named(self, phrase_words: tuple[str, ...]) -> str | None:
        """The folded locality these words name exactly, if any."""
        key = " ".join(phrase_words)
        return key if key in self.localities else None

    def assistants_matching(self, name_words: tuple[str, ...]) -> list[str]:
        """Folded assistant names that contain every one of the words."""
        return [
            name for name in self.assistant_names if all(word in name.split() or word in name for word in name_words)
        ]

    def matching(
        self,
        *,
        shared: bool = False,
        status: str | None = None,
        number_type: str | None = None,
        localities: frozenset[str] = frozenset(),
        assistants: frozenset[str] = frozenset(),
    ) -> tuple[PhoneNumber, ...]:
        """The numbers (or shared numbers) that pass every filter given, in paging order.

        `status` is "available" or "linked"; localities and assistants are folded names, any of which may match.
        """
        ordered, facets = (self.ordered_shared, self._shared_facets) if shared else (self.ordered, self._facets)
        wanted: list[frozenset[int]] = []
        if status is not None:
            wanted.append(facets.available if status == "available" else facets.linked)
        if number_type:
            wanted.append(facets.by_type.get(number_type, _NOTHING))
        if localities:
            wanted.append(frozenset().union(*(facets.by_locality.get(name, _NOTHING) for name in localities)))
        if assistants:
            wanted.append(frozenset().union(*(facets.by_assistant.get(name, _NOTHING) for name in assistants)))
        if not wanted:
            return ordered
        wanted.sort(key=len)
        return tuple(ordered[position] for position in sorted(wanted[0].intersection(*wanted[1:])))

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """A value worked out from this index alone (e.g. the stats), computed once: an index never changes."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]  # type: ignore[no-any-return]

    def national_forms(self) -> list[str]:
        """The national-format digits of every searchable number (`0201234567`), worked out once per index."""
        with self._national_lock:
            if self._national is None:
                self._national = [national_digits(n.phone_number) for n in self._searchable]
            return self._national

    def matching_fragment(self, fragment: str) -> list[PhoneNumber]:
        """Numbers (account and shared) whose digits contain `fragment`, in either format."""
        return [
            number
            for number, international, national in zip(
                self._searchable, self._international, self.national_forms(), strict=True
            )
            if fragment in international or fragment in national
        ]


def words_of(text: str | None) -> tuple[str, ...]:
    """Folded words, or none for a missing value."""
    return words(text) if text else ()
