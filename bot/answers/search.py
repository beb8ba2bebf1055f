"""Answers a question from a snapshot: filtering, lookups and counts (SPEC §3 "Answers")."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter

from cachetools import LRUCache
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from bot.flireo.models import NumberType, PhoneNumber
from bot.i18n import _, language, number, pgettext
from bot.i18n.words import adjective, counted_adjective, counted_numbers, either, type_word
from bot.inventory.index import SearchIndex, national_digits
from bot.inventory.snapshot import Snapshot
from bot.reading.phones import (
    find_numbers,
    international_prefix,
    mask_other_digits,
    strip_slack_markup,
    trunk,
    without_format_characters,
)
from bot.reading.question import Kind, Question, Status
from bot.reading.text import digits, fold
from bot.reading.written import national_of, why_invalid
from bot.results.listing import Answer, Help, InvalidNumber, Listing, Lookups, Stats, TypeCount

TOP_LOCALITIES = 5
KNOWN_TYPES = frozenset(kind.value for kind in NumberType)
# Listings kept per snapshot, so a Next click does not select again; each holds references, not copies.
ANSWERS_KEPT = 64


def answer(question: Question, snapshot: Snapshot, region: str) -> Answer:
    """Answer a question that needs the inventory."""
    if question.kind is Kind.HELP:
        return Help()
    if question.kind is Kind.STATS:
        return count(snapshot.index)
    if question.kind is Kind.LOOKUP:
        found = tuple((e164, tuple(snapshot.index.by_e164.get(e164, ()))) for e164 in question.lookups)
        invalid = tuple(_invalid(written, snapshot.index, region) for written in question.invalid_numbers)
        return Lookups(found, invalid, near=_near_ones(found, snapshot.index))
    # Paging asks the same question again: over 100,000 numbers a listing of 50,000 and its hint took ~25 ms.
    kept = snapshot.index.derived("answers", KeptListings)
    # A listing's description and hint are words in the reply's language: a Dutch answer is kept apart.
    key = f"{region} {language().value} {question.canonical()}"
    return kept.get(key) or kept.put(key, _listing(question, snapshot.index, region))


# An invalid number is shown with at most this many of the account's numbers closest to it (one or two digits off).
CLOSEST_SHOWN = 3
CLOSEST_DIGITS_OFF = 2
# How a sentence names a region's numbers; others are "valid <region> number".


def _region_word(region: str) -> str:
    """The region's adjective before 'number' ('Dutch', 'Nederlands'); the code for others."""
    words = {
        "NL": pgettext("region", "Dutch"),
        "BE": pgettext("region", "Belgian"),
        "DE": pgettext("region", "German"),
        "GB": pgettext("region", "UK"),
        "FR": pgettext("region", "French"),
    }
    return words.get(region.upper(), region.upper())


def _invalid(written: str, index: SearchIndex, region: str) -> InvalidNumber:
    """What is wrong with a written number, and the account's numbers closest to it by digits."""
    nationals = index.derived("national-digits", lambda: [national_digits(n.phone_number) for n in index.numbers])
    found = process.extract(
        national_of(written, region),
        nationals,
        scorer=Levenshtein.distance,
        limit=CLOSEST_SHOWN,
        score_cutoff=CLOSEST_DIGITS_OFF,
    )
    why = _("not a valid {region} number ({why})").format(region=_region_word(region), why=why_invalid(written, region))
    return InvalidNumber(written, why, tuple(index.numbers[position] for _match, _score, position in found))


# A pasted alert may hold 40 numbers not on the account; each is matched against every number on it, so only the
# first few get their near ones (over 100,000 numbers one match takes a few milliseconds).
NEAR_LOOKED_UP = 5


def _near_ones(
    found: tuple[tuple[str, tuple[PhoneNumber, ...]], ...], index: SearchIndex
) -> tuple[tuple[str, tuple[PhoneNumber, ...]], ...]:
    """Each number asked about that is not on the account, with the account's numbers one digit off it (one digit
    changed, added, dropped or two swapped): `sip:+31704140845` beside the account's +31 70 714 0845."""
    nationals = index.derived("national-digits", lambda: [national_digits(n.phone_number) for n in index.numbers])
    near: list[tuple[str, tuple[PhoneNumber, ...]]] = []
    for e164 in [e164 for e164, matches in found if not matches][:NEAR_LOOKED_UP]:
        close = process.extract(
            national_digits(e164), nationals, scorer=OSA.distance, limit=CLOSEST_SHOWN, score_cutoff=1
        )
        if close:
            near.append((e164, tuple(index.numbers[position] for _match, _score, position in close)))
    return tuple(near)


def _listing(question: Question, index: SearchIndex, region: str) -> Listing:
    found = select(index, question, region)
    hint = None if found else nearby_hint(index, question, region)
    is_count = question.kind is Kind.COUNT
    breakdown = _breakdown(found, question) if is_count else None
    counted = describe(question, len(found)) if is_count else None
    return Listing(describe(question), found, hint, count=is_count, breakdown=breakdown, counted=counted)


class KeptListings:
    """The last listings of one snapshot, by question, shared by the answer threads."""

    def __init__(self) -> None:
        self._listings: LRUCache[str, Listing] = LRUCache(maxsize=ANSWERS_KEPT)
        self._lock = threading.Lock()

    def get(self, key: str) -> Listing | None:
        """The listing kept for a question, if any."""
        with self._lock:
            return self._listings.get(key)

    def put(self, key: str, listing: Listing) -> Listing:
        """Keep a listing; returns it."""
        with self._lock:
            self._listings[key] = listing
        return listing


def select(index: SearchIndex, question: Question, region: str) -> tuple[PhoneNumber, ...]:
    """The numbers (or shared numbers) that pass every filter, in paging order (by number)."""
    found = index.matching(
        shared=question.shared,
        status=question.status,
        number_types=frozenset(question.number_types),
        localities=frozenset(fold(spelling) for spelling in question.place_spellings) or _no_place(question),
        assistants=frozenset(fold(name) for name in question.assistants),
    )
    if question.not_place_spellings or question.not_assistants:
        found = _leave_out(found, question)
    if question.not_number_types or question.suffix:
        found = tuple(number for number in found if _passes_types_left_out_and_suffix(question, number))
    if question.prefix:
        found = _starting(found, international_prefix(question.prefix, region))
    if question.not_prefixes:
        starts = tuple(international_prefix(prefix, region) for prefix in question.not_prefixes)
        found = tuple(number for number in found if not number.phone_number.startswith(starts))
    if question.fragment:
        # The index finds a fragment in one string of every number's digits (2 ms over 100,000 numbers, where a
        # loop over the numbers took 125 ms); the filters above keep their order.
        containing = {id(number) for number in index.matching_fragment(question.fragment)}
        found = tuple(number for number in found if id(number) in containing)
    return found


def _passes_types_left_out_and_suffix(question: Question, number: PhoneNumber) -> bool:
    """The filters the index has no sets for: types left out ("not mobile") and digits the number ends with."""
    if number.number_type in question.not_number_types:
        return False
    return not question.suffix or digits(number.phone_number).endswith(question.suffix)


def _starting(found: tuple[PhoneNumber, ...], start: str) -> tuple[PhoneNumber, ...]:
    """The numbers that start with `start`: a range of a listing already in number order (found by bisection)."""
    first = bisect_left(found, start, key=lambda number: number.phone_number)
    # ":" sorts right after "9": every E.164 number that starts with `start` sorts before `start + ":"`.
    last = bisect_left(found, start + ":", lo=first, key=lambda number: number.phone_number)
    return found[first:last]


def passes(question: Question, number: PhoneNumber, region: str) -> bool:
    """Whether one number passes every filter of a question (what `select` does over the whole index)."""
    if question.lookups:
        return number.phone_number in question.lookups
    if number.shared != question.shared:
        return False
    if question.status is Status.AVAILABLE and not number.available:
        return False
    if question.status is Status.LINKED and not number.linked:
        return False
    if question.number_types and number.number_type not in question.number_types:
        return False
    if not _passes_types_left_out_and_suffix(question, number):
        return False
    if question.places and fold(number.locality or "") not in {fold(s) for s in question.place_spellings}:
        return False
    assistant = fold(number.linked_assistant.name) if number.linked_assistant else None
    if question.assistants and assistant not in {fold(name) for name in question.assistants}:
        return False
    if not _leave_out((number,), question):
        return False
    if question.prefix and not number.phone_number.startswith(international_prefix(question.prefix, region)):
        return False
    if any(number.phone_number.startswith(international_prefix(p, region)) for p in question.not_prefixes):
        return False
    return not question.fragment or question.fragment in _searchable_digits(number.phone_number, region)


def _leave_out(found: tuple[PhoneNumber, ...], question: Question) -> tuple[PhoneNumber, ...]:
    """Without the numbers in the places or of the assistants asked to be left out."""
    places = {fold(spelling) for spelling in question.not_place_spellings}
    assistants = {fold(name) for name in question.not_assistants}
    return tuple(
        number
        for number in found
        if not (number.locality and fold(number.locality) in places)
        and not (number.linked_assistant and fold(number.linked_assistant.name) in assistants)
    )


def _no_place(question: Question) -> frozenset[str]:
    # A place asked for that the data never spells matches nothing ("0 found in Zwolle"), not everything.
    return frozenset({"\x00no such place"}) if question.places else frozenset()


def _searchable_digits(e164: str, region: str) -> str:
    """E.164 digits and national digits side by side (`31201234567 0201234567`), for fragment matching."""
    country, national_prefix = trunk(region)
    international = digits(e164)
    national = national_prefix + international[len(country) :] if international.startswith(country) else ""
    return f"{international} {national}"


def describe(question: Question, count: int | None = None) -> str:
    """The question in words: 'available local numbers in Amsterdam' / 'vrije lokale nummers in Amsterdam'.

    With a count, the words agree with it, to follow it: '1 available local number', '1 vrij lokaal nummer'.
    """
    # "linked numbers linked to X" says it twice: the assistant implies the status.
    status = None if question.assistants and question.status is Status.LINKED else question.status
    text = _described_numbers(question, status, count)
    if not (question.status or question.number_types or question.shared or question.places):
        narrowed = (
            question.assistants
            or question.prefix
            or question.not_prefixes
            or question.fragment
            or question.suffix
            or question.not_places
            or question.not_number_types
        )
        if count is not None:  # "7 numbers", never "7 all numbers"
            text = counted_numbers(count)
        else:
            text = _("numbers") if narrowed or question.not_assistants else _("all numbers")
    if question.places:
        text = _("{numbers} in {places}").format(numbers=text, places=either(question.places))
    if question.assistants:
        text = _("{numbers} linked to {assistants}").format(numbers=text, assistants=either(question.assistants))
    if question.not_places:
        text = _("{numbers} outside {places}").format(numbers=text, places=either(question.not_places, "and"))
    if question.not_assistants:
        names = either(question.not_assistants)
        text = _("{numbers} not linked to {assistants}").format(numbers=text, assistants=names)
    if question.not_number_types:
        kinds = [type_word(kind) for kind in question.not_number_types]
        text = _("{numbers}, not {types}").format(numbers=text, types=either(kinds))
    if question.prefix:
        text = _("{numbers} starting {prefix}").format(numbers=text, prefix=question.prefix)
    if question.not_prefixes:
        text = _("{numbers}, not starting {prefixes}").format(numbers=text, prefixes=either(question.not_prefixes))
    if question.fragment:
        text = _("{numbers} containing {digits}").format(numbers=text, digits=question.fragment)
    if question.suffix:
        text = _("{numbers} ending {digits}").format(numbers=text, digits=question.suffix)
    return text


def _described_numbers(question: Question, status: str | None, count: int | None) -> str:
    """'available local numbers'; after a count, in its number: '1 available local number'."""

    def form(word: str) -> str:
        return adjective(word) if count is None else counted_adjective(word, count)

    kinds = [form(kind) for kind in question.number_types]
    words = [word for word in (form(status) if status else None, either(kinds)) if word]
    if count is not None:
        words.append(counted_numbers(count, question.shared))
    else:
        words.append(_("shared default numbers") if question.shared else _("numbers"))
    return " ".join(words)


def nearby_hint(index: SearchIndex, question: Question, region: str) -> str | None:
    """For an empty result, why, or what is near: other localities, other types, other statuses."""
    if question.assistants and question.status is Status.AVAILABLE:
        return _("{names} has no available numbers: a number linked to an assistant is never free").format(
            names=either(question.assistants)
        )
    if question.places and question.number_type and not _has_places(index, question.number_type):
        return _("{kind} numbers have no place: ask without one").format(kind=adjective(question.number_type))
    if question.places:
        elsewhere = select(index, question.model_copy(update={"places": (), "place_spellings": ()}), region)
        by_place = Counter(index.localities[index.locality_of[n.id]] for n in elsewhere if n.id in index.locality_of)
        if by_place:
            return "; ".join(
                _("{count} in {place}").format(count=number(count), place=place)
                for place, count in by_place.most_common(3)
            )
    if question.number_types or question.not_number_types:
        other = select(index, question.model_copy(update={"number_types": (), "not_number_types": ()}), region)
        by_type = Counter(n.number_type or "untyped" for n in other)
        if by_type:
            return "; ".join(f"{number(count)} {_counted_type(kind, count)}" for kind, count in by_type.most_common(3))
    return None


def _counted_type(kind: str, count: int) -> str:
    """A type after its count, standing for its numbers: '1 lokaal', '7 lokale'; a type Flireo adds later as named."""
    return counted_adjective(kind, count) if kind in KNOWN_TYPES else type_word(kind)


def _has_places(index: SearchIndex, number_type: str) -> bool:
    """Whether any number of a type has a locality (Flireo gives mobile and national numbers none)."""
    return any(n.locality for n in index.matching(number_types=frozenset({number_type})))


def _breakdown(found: tuple[PhoneNumber, ...], question: Question) -> str | None:
    """What helps after a count: available/linked when the status is open, else by type."""
    if not found:
        return None
    if question.status is None and not question.shared:
        available = sum(1 for n in found if n.available)
        linked = sum(1 for n in found if n.linked)
        return _("{available} available · {linked} linked").format(available=number(available), linked=number(linked))
    if question.number_type is None:  # none or several: by type
        types = Counter(n.number_type or "untyped" for n in found)
        return " · ".join(f"{number(total)} {_counted_type(kind, total)}" for kind, total in types.most_common())
    return None


def count(index: SearchIndex) -> Stats:
    """Counts of the whole inventory, worked out once per snapshot (16 ms over 10,000 numbers)."""
    return index.derived("stats", lambda: _count(index))


def _count(index: SearchIndex) -> Stats:
    types = Counter(n.number_type or "untyped" for n in index.numbers)
    known = [t.value for t in NumberType]
    order = [t for t in known if t in types] + sorted(t for t in types if t not in known)
    by_type = tuple(
        TypeCount(
            kind,
            types[kind],
            sum(1 for n in index.numbers if (n.number_type or "untyped") == kind and n.available),
            sum(1 for n in index.numbers if (n.number_type or "untyped") == kind and n.linked),
        )
        for kind in order
    )
    places = Counter(index.locality_of[n.id] for n in index.numbers if n.id in index.locality_of)
    free = Counter(index.locality_of[n.id] for n in index.numbers if n.id in index.locality_of and n.available)
    top = tuple((index.localities[key], total, free[key]) for key, total in places.most_common(TOP_LOCALITIES))
    free_local = Counter(
        index.localities[index.locality_of[n.id]]
        for n in index.numbers
        if n.available and n.number_type == NumberType.LOCAL and n.id in index.locality_of
    )
    # A number Flireo lists under two ids is one number (#19: it was counted twice, "251" of Flireo's 250).
    total = len({n.phone_number for n in index.numbers})
    disputed = len({n.phone_number for n in index.numbers if n.conflict})
    return Stats(total, len(index.shared), by_type, top, tuple(free_local.most_common(TOP_LOCALITIES)), disputed)


# Slack: a message's text is at most 40,000 characters; attachments and blocks can add more, which is not read.
MAX_MESSAGE_CHARS = 50_000


def numbers_in_text(text: str, index: SearchIndex, region: str) -> list[tuple[str, tuple[PhoneNumber, ...]]]:
    """Each distinct phone number written in `text` (E.164), with the account's or shared numbers it is."""
    masked, _ = mask_other_digits(without_format_characters(strip_slack_markup(text)[:MAX_MESSAGE_CHARS]))
    known = index.derived("known-numbers", lambda: frozenset(index.by_e164))
    return [(n.e164, tuple(index.by_e164.get(n.e164, ()))) for n in find_numbers(masked, region, known)]
