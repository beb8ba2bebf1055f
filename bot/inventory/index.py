"""Lookup tables over one snapshot, built once when the snapshot is made."""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, TypeVar

import phonenumbers

from bot.flireo.models import PhoneNumber
from bot.reading.text import digits, fold

# phonenumbers takes ~40 µs to parse and format one number (4 s over 100,000, measured for issue 14), which slowed
# every answer while it ran. A Dutch number needs none of it: its national form is the trunk prefix 0 and the
# nine digits after +31 (checked against phonenumbers for every three-digit prefix 1xx-8xx in
# test_dutch_national_forms_agree_with_phonenumbers; +319xx is not plain 0 + digits), ~0.3 µs a number.
_DUTCH = re.compile(r"\+31([1-8]\d{8})")
# Other numbers still go through phonenumbers, remembered across snapshots since an account barely changes.
_national_forms: dict[str, str] = {}
# 1,000 Flireo pages of 100 (flireo.MAX_PAGES); past that the memo starts afresh rather than grow without end.
MAX_REMEMBERED_NATIONAL_FORMS = 100_000

# Localities and assistant names repeat across thousands of records: fold each spelling once.
_fold = lru_cache(maxsize=4096)(fold)


def dutch_national_digits(e164: str) -> str | None:
    """`+31201234567` → `0201234567` by the Dutch trunk-prefix rule; None when phonenumbers must decide."""
    match = _DUTCH.fullmatch(e164)
    return "0" + match.group(1) if match else None


def national_digits(e164: str) -> str:
    """`+31201234567` → `0201234567`; the E.164 digits when the number cannot be parsed."""
    quick = dutch_national_digits(e164)
    if quick is not None:
        return quick
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
        # Account numbers, then shared ones: what a typed fragment is matched against.
        self._searchable = (*numbers, *shared)
        self.by_e164: dict[str, tuple[PhoneNumber, ...]] = {}
        self._digits = _DigitText()
        for position, number in enumerate(self._searchable):
            e164 = self._digits.add(position, number.phone_number)
            self.by_e164[e164] = (*self.by_e164.get(e164, ()), number)
        self._digits.close()
        # Folded locality → the spelling most records use.
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for number in self._searchable:
            if number.locality:
                spellings[_fold(number.locality)][number.locality] += 1
        self.localities: dict[str, str] = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()}
        self.locality_of: dict[str, str] = {n.id: _fold(n.locality) for n in self._searchable if n.locality}
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

    def matching(
        self,
        *,
        shared: bool = False,
        status: str | None = None,
        number_types: frozenset[str] = frozenset(),
        localities: frozenset[str] = frozenset(),
        assistants: frozenset[str] = frozenset(),
    ) -> tuple[PhoneNumber, ...]:
        """The numbers (or shared numbers) that pass every filter given, in paging order.

        `status` is "available" or "linked"; types, localities and assistants: any of those given may match (localities
        and assistants as folded names).
        """
        ordered, facets = (self.ordered_shared, self._shared_facets) if shared else (self.ordered, self._facets)
        wanted: list[frozenset[int]] = []
        if status is not None:
            wanted.append(facets.available if status == "available" else facets.linked)
        if number_types:
            wanted.append(frozenset().union(*(facets.by_type.get(kind, _NOTHING) for kind in number_types)))
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

    def national_forms(self) -> None:
        """Work out, once per index, the national forms only phonenumbers can give (numbers outside +31)."""
        self._digits.national_forms()

    def matching_fragment(self, fragment: str) -> list[PhoneNumber]:
        """Numbers (account and shared) whose digits contain `fragment`, in either format."""
        return [self._searchable[position] for position in self._digits.positions_containing(fragment)]


class _DigitText:
    """Every number's digits, international and national, in one string searched with `str.find`.

    Over 100,000 numbers a Python loop testing two strings a number took ~15 ms a lookup and kept 200,000 small
    strings (~12 MB); one search of one string skips from match to match in C and keeps ~2 MB.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._starts = array("I")
        self._length = 0
        self._text = ""
        # Positions (and E.164 forms) of the numbers whose national form needs phonenumbers.
        self._slow: list[tuple[int, str]] = []
        self._slow_national: list[str] | None = None
        self._lock = threading.Lock()

    def add(self, position: int, phone_number: str) -> str:
        """Take the number at `position` (in order); returns its E.164 form, shared with the record when equal."""
        international = digits(phone_number)
        national = dutch_national_digits(phone_number)
        if national is None:
            self._slow.append((position, phone_number))
            national = ""
        # Digits never match across the separators, so a hit always lies inside one number's part.
        part = f"{international} {national}\n"
        self._starts.append(self._length)
        self._parts.append(part)
        self._length += len(part)
        return phone_number if phone_number[1:] == international and phone_number[:1] == "+" else "+" + international

    def close(self) -> None:
        """Join the parts once every number was added."""
        self._text, self._parts = "".join(self._parts), []

    def national_forms(self) -> list[str]:
        """The national digits of the numbers outside the Dutch rule, worked out on first use."""
        with self._lock:
            if self._slow_national is None:
                self._slow_national = [national_digits(e164) for _, e164 in self._slow]
            return self._slow_national

    def positions_containing(self, fragment: str) -> list[int]:
        """Positions of the numbers whose digits (either format) contain `fragment` (digits only), in order."""
        if not fragment.isdigit():
            return []
        found: set[int] = set()
        text, starts, at = self._text, self._starts, 0
        while (hit := text.find(fragment, at)) >= 0:
            position = bisect_right(starts, hit) - 1
            found.add(position)
            at = starts[position + 1] if position + 1 < len(starts) else len(text)
        if self._slow:
            # Their international digits are in the text already.
            found.update(
                p for (p, _), national in zip(self._slow, self.national_forms(), strict=True) if fragment in national
            )
        return sorted(found)
