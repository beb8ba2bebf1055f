"""Lookup tables over one snapshot, built once when the snapshot is made."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

import phonenumbers

from bot.models import PhoneNumber
from bot.text import digits, fold, words


@dataclass(frozen=True)
class NumberKeys:
    """The digit strings a typed fragment may match: E.164 digits and the national format's digits."""

    international: str
    national: str


def national_digits(e164: str) -> str:
    """`+31201234567` → `0201234567`; the E.164 digits when the number cannot be parsed."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return digits(e164)
    return digits(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))


class SearchIndex:
    """Localities, assistant names and digit keys of a snapshot's numbers."""

    def __init__(self, numbers: tuple[PhoneNumber, ...], shared: tuple[PhoneNumber, ...]) -> None:
        self.numbers = numbers
        self.shared = shared
        self.keys: dict[str, NumberKeys] = {
            n.id: NumberKeys(digits(n.phone_number), national_digits(n.phone_number)) for n in (*numbers, *shared)
        }
        self.by_e164: dict[str, list[PhoneNumber]] = defaultdict(list)
        for number in (*numbers, *shared):
            self.by_e164["+" + digits(number.phone_number)].append(number)
        # Folded locality → the spelling most records use.
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for number in (*numbers, *shared):
            if number.locality:
                spellings[fold(number.locality)][number.locality] += 1
        self.localities: dict[str, str] = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()}
        self.locality_of: dict[str, str] = {n.id: fold(n.locality) for n in (*numbers, *shared) if n.locality}
        self.assistant_of: dict[str, str] = {
            n.id: fold(n.linked_assistant.name) for n in numbers if n.linked_assistant and n.linked_assistant.name
        }

    @cached_property
    def assistant_names(self) -> dict[str, str]:
        """Folded assistant name → its spelling."""
        return {
            fold(n.linked_assistant.name): n.linked_assistant.name
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

    def matching_fragment(self, fragment: str) -> list[PhoneNumber]:
        """Numbers (account and shared) whose digits contain `fragment`, in either format."""
        return [
            n
            for n in (*self.numbers, *self.shared)
            if fragment in self.keys[n.id].international or fragment in self.keys[n.id].national
        ]


def words_of(text: str | None) -> tuple[str, ...]:
    """Folded words, or none for a missing value."""
    return words(text) if text else ()
