"""The snapshot's index answers filters from sets built once; it must agree with testing every number."""

from __future__ import annotations

import itertools
import random

import phonenumbers

from bot.answers.search import count
from bot.flireo.models import PhoneNumber
from bot.inventory.index import SearchIndex, dutch_national_digits, national_digits
from bot.reading.text import digits, fold
from tests.unit.support import RECORDS, SHARED, numbers_from

TYPES = ("local", "mobile", "national", "satellite")
PLACES = ("Amsterdam", "amsterdam", "Den Haag", "Zoëterwoude", None)
ASSISTANTS = ("Billing Desk", "Night Support", "", None)


def mixed_records(n: int = 300, seed: int = 3) -> list[dict[str, object]]:
    """Records with every combination the filters care about, including duplicates of a number."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        name = rng.choice(ASSISTANTS)
        records.append(
            {
                "id": f"m{i:04d}",
                "phone_number": f"+3120{rng.randrange(10**7):07d}" if i % 50 else "+31201234567",
                "locality": rng.choice(PLACES),
                "number_type": rng.choice((*TYPES, None)),
                "available": rng.random() < 0.5,
                "linked_assistant": None if name is None else {"id": f"a-{name}", "name": name},
            }
        )
    return records


def brute_force(numbers: tuple[PhoneNumber, ...], status, number_types, localities, assistants) -> list[str]:
    """What the filters mean, one number at a time, in paging order."""
    kept = [
        n
        for n in numbers
        if (status != "available" or n.available)
        and (status != "linked" or n.linked_assistant is not None)
        and (not number_types or n.number_type in number_types)
        and (not localities or (n.locality and fold(n.locality)) in localities)
        and (not assistants or (n.linked_assistant and fold(n.linked_assistant.name)) in assistants)
    ]
    return [n.id for n in sorted(kept, key=lambda n: n.phone_number)]


def test_every_combination_of_filters_agrees_with_testing_every_number() -> None:
    numbers = numbers_from(mixed_records())
    index = SearchIndex(numbers, ())
    statuses = (None, "available", "linked")
    types = (frozenset(), *(frozenset({kind}) for kind in (*TYPES, "unknown")), frozenset(TYPES[:2]))
    places = (frozenset(), frozenset({"amsterdam"}), frozenset({"den haag", "zoeterwoude"}), frozenset({"utrecht"}))
    names = (frozenset(), frozenset({"billing desk"}), frozenset({"billing desk", "night support"}))
    for status, number_types, localities, assistants in itertools.product(statuses, types, places, names):
        found = index.matching(status=status, number_types=number_types, localities=localities, assistants=assistants)
        assert [n.id for n in found] == brute_force(numbers, status, number_types, localities, assistants)


def test_no_filter_gives_every_number_in_paging_order_and_shared_ones_apart() -> None:
    index = SearchIndex(numbers_from(RECORDS), numbers_from(SHARED, shared=True))
    assert [n.phone_number for n in index.matching()] == sorted(r["phone_number"] for r in RECORDS)
    assert {n.id for n in index.matching(shared=True)} == {"s01", "s02"}
    assert [n.id for n in index.matching(shared=True, localities=frozenset({"amsterdam"}))] == ["s02"]


# Numbers the Dutch rule leaves to phonenumbers: abroad, +319xx, an 11-digit M2M number, spaces, not a number.
ODD_NUMBERS = ("+442071234567", "+3197012345678", "+31912345678", "+32 2 123 45 67", "+4930123456", "12345")


def with_odd_numbers(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """`records` plus numbers whose national form only phonenumbers knows."""
    odd = [{"id": f"odd{i}", "phone_number": number} for i, number in enumerate(ODD_NUMBERS)]
    return [*records, *odd]


def phonenumbers_national(e164: str) -> str:
    """The national digits as phonenumbers formats them."""
    return digits(phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.NATIONAL))


def test_dutch_national_forms_agree_with_phonenumbers() -> None:
    rng = random.Random(5)
    for prefix in range(100, 900):
        e164 = f"+31{prefix}{rng.randrange(10**6):06d}"
        assert dutch_national_digits(e164) == phonenumbers_national(e164), e164


def test_numbers_outside_the_dutch_rule_are_left_to_phonenumbers() -> None:
    for e164 in ODD_NUMBERS[:4]:
        assert dutch_national_digits(e164) is None
        assert national_digits(e164) == phonenumbers_national(e164)
    assert national_digits("12345") == "12345"


def test_a_number_held_twice_is_found_twice_by_its_e164() -> None:
    index = SearchIndex(numbers_from(mixed_records()), ())
    assert len(index.by_e164["+31201234567"]) == 6
    assert [n.id for n in index.by_e164["+31201234567"]] == sorted(n.id for n in index.by_e164["+31201234567"])


def test_fragments_match_either_format_like_testing_every_number() -> None:
    numbers = numbers_from(with_odd_numbers(mixed_records()))
    index = SearchIndex(numbers, ())
    for fragment in ("4567", "0201", "31201", "020123", "999999999", "0207", "02071", "1234", "030", "7"):
        expected = {
            n.id
            for n in numbers
            if fragment in n.phone_number.removeprefix("+") or fragment in national_digits(n.phone_number)
        }
        assert {n.id for n in index.matching_fragment(fragment)} == expected


def test_stats_are_counted_once_per_index() -> None:
    index = SearchIndex(numbers_from(RECORDS), numbers_from(SHARED, shared=True))
    assert count(index) is count(index)
    assert count(index).total == len(RECORDS)
