"""Answers a parsed query from a snapshot: filtering, lookups and counts (SPEC §3)."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

import phonenumbers

from bot.errors import UserError
from bot.flireo.models import NumberType, PhoneNumber
from bot.inventory.index import SearchIndex
from bot.inventory.snapshot import Snapshot
from bot.reading.query import KEYWORDS, Kind, Query, Status, strip_slack_markup
from bot.reading.text import digits

MIN_FRAGMENT_DIGITS = 3
TOP_LOCALITIES = 5
MAX_NAMED_UNKNOWN = 5


@dataclass(frozen=True)
class Listing:
    """Numbers that answer a question, in a stable order, with what was asked in words."""

    description: str
    numbers: tuple[PhoneNumber, ...]
    hint: str | None = None
    lookup: str | None = None
    exact: bool = False


@dataclass(frozen=True)
class TypeCount:
    """Counts of one number type."""

    number_type: str
    total: int
    available: int
    linked: int


@dataclass(frozen=True)
class Stats:
    """Inventory counts: total, by type × available/linked, top localities."""

    total: int
    shared: int
    by_type: tuple[TypeCount, ...]
    top_localities: tuple[tuple[str, int, int], ...]  # (locality, total, available)
    free_local: tuple[tuple[str, int], ...] = ()  # (locality, available local numbers), most first


@dataclass(frozen=True)
class Help:
    """Usage help."""


@dataclass(frozen=True)
class Filters:
    """A query's filters with its words resolved against the data."""

    status: Status | None = None
    number_type: str | None = None
    localities: frozenset[str] = field(default_factory=frozenset)
    assistants: frozenset[str] = field(default_factory=frozenset)
    shared: bool = False


Answer = Listing | Stats | Help


def answer(query: Query, snapshot: Snapshot, region: str) -> Answer:
    """Answer `query` from `snapshot`; raises UserError for words that name nothing in the data."""
    if query.kind is Kind.HELP:
        return Help()
    if query.kind is Kind.STATS:
        return count(snapshot.index)
    if query.kind is Kind.LOOKUP and query.number:
        return lookup(query.number, snapshot.index, region)
    filters = resolve(query, snapshot.index)
    found = select(snapshot.index, filters)
    hint = None if found else nearby_hint(snapshot.index, filters)
    return Listing(describe(filters, snapshot.index), found, hint)


def sorted_numbers(numbers: list[PhoneNumber]) -> tuple[PhoneNumber, ...]:
    """A stable order for paging: by number."""
    return tuple(sorted(numbers, key=lambda n: n.phone_number))


def _unknown_words_error(unknown: list[str], index: SearchIndex) -> UserError:
    vocabulary = sorted(index.vocabulary | KEYWORDS | set(index.localities))
    named = ", ".join(f"*{word[:30]}*" for word in unknown[:MAX_NAMED_UNKNOWN])
    more = f" (and {len(unknown) - MAX_NAMED_UNKNOWN} more)" if len(unknown) > MAX_NAMED_UNKNOWN else ""
    guesses: list[str] = []
    for word in unknown[:MAX_NAMED_UNKNOWN]:
        for guess in difflib.get_close_matches(word[:30], vocabulary, n=2, cutoff=0.72):
            if guess not in guesses:
                guesses.append(guess)
    suggestion = f" Did you mean {', '.join(f'*{g}*' for g in guesses[:4])}?" if guesses else ""
    return UserError(f"I don't know the word{'s' if len(unknown) > 1 else ''} {named}{more}.{suggestion}")


def _split_localities(run: tuple[str, ...], index: SearchIndex) -> tuple[list[str], list[str]]:
    """Greedily read locality names out of a run of words; returns (localities, leftover words)."""
    found: list[str] = []
    leftover: list[str] = []
    lengths = index.locality_phrase_lengths()
    i = 0
    while i < len(run):
        for length in lengths:
            name = index.locality_named(run[i : i + length]) if i + length <= len(run) else None
            if name:
                found.append(name)
                i += length
                break
        else:
            leftover.append(run[i])
            i += 1
    return found, leftover


def resolve(query: Query, index: SearchIndex) -> Filters:
    """Match the query's free words to localities and assistant names in the data."""
    localities: set[str] = set()
    assistants: set[str] = set()
    unknown: list[str] = []
    if query.in_words:
        found, leftover = _split_localities(query.in_words, index)
        localities.update(found)
        unknown += leftover
    if query.assistant_words:
        matching = index.assistants_matching(query.assistant_words)
        if not matching:
            names = ", ".join(sorted(index.assistant_names.values())[:8]) or "none"
            raise UserError(f"No assistant is called *{' '.join(query.assistant_words)[:60]}*. Assistants: {names}.")
        assistants.update(matching)
    for run in query.place_words:
        found, leftover = _split_localities(run, index)
        localities.update(found)
        if leftover and (matching := index.assistants_matching(tuple(leftover))):
            assistants.update(matching)
        else:
            unknown += leftover
    if unknown:
        raise _unknown_words_error(unknown, index)
    return Filters(query.status, query.number_type, frozenset(localities), frozenset(assistants), query.shared)


def select(index: SearchIndex, filters: Filters) -> tuple[PhoneNumber, ...]:
    """The numbers (or shared numbers) that pass every filter, in paging order (by number)."""
    return index.matching(
        shared=filters.shared,
        status=filters.status,
        number_type=filters.number_type,
        localities=filters.localities,
        assistants=filters.assistants,
    )


def describe(filters: Filters, index: SearchIndex) -> str:
    """The question in words: 'available local numbers in Amsterdam'."""
    # "linked numbers linked to X" says it twice: the assistant implies the status.
    status = None if filters.assistants and filters.status is Status.LINKED else filters.status
    words = [w for w in (status, filters.number_type) if w]
    words.append("shared default numbers" if filters.shared else "numbers")
    text = " ".join(words)
    if not filters.status and not filters.number_type and not filters.shared and not filters.localities:
        text = "all numbers" if not filters.assistants else "numbers"
    if filters.localities:
        text += " in " + " or ".join(sorted(index.localities[name] for name in filters.localities))
    if filters.assistants:
        text += " linked to " + " or ".join(sorted(index.assistant_names[name] for name in filters.assistants))
    return text


def nearby_hint(index: SearchIndex, filters: Filters) -> str | None:
    """For an empty result, what is near: the same question in other localities, or of other types."""
    if filters.localities:
        elsewhere = select(index, Filters(filters.status, filters.number_type, assistants=filters.assistants))
        by_place = Counter(index.localities[index.locality_of[n.id]] for n in elsewhere if n.id in index.locality_of)
        if by_place:
            return "; ".join(f"{count} in {place}" for place, count in by_place.most_common(3))
    if filters.number_type:
        other = select(index, Filters(filters.status, None, filters.localities, filters.assistants, filters.shared))
        by_type = Counter(n.number_type or "untyped" for n in other)
        if by_type:
            return "; ".join(f"{count} {kind}" for kind, count in by_type.most_common(3))
    return None


def to_e164(typed: str, region: str) -> str | None:
    """A typed number in E.164 when it is a possible whole number (national formats read in `region`)."""
    try:
        parsed = phonenumbers.parse(typed, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def lookup(typed: str, index: SearchIndex, region: str) -> Listing:
    """Find a number typed as E.164, in national format, or as a digit fragment."""
    e164 = to_e164(typed, region)
    exact = index.by_e164.get(e164, []) if e164 else []
    if exact:
        return Listing(f"numbers matching {typed}", sorted_numbers(exact), lookup=typed, exact=True)
    fragment = digits(typed)
    if len(fragment) < MIN_FRAGMENT_DIGITS:
        raise UserError(f"Give at least {MIN_FRAGMENT_DIGITS} digits to look up a number.")
    found = sorted_numbers(index.matching_fragment(fragment))
    return Listing(f"numbers matching {typed}", found, lookup=typed)


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
    return Stats(len(index.numbers), len(index.shared), by_type, top, tuple(free_local.most_common(TOP_LOCALITIES)))


# A pasted alert is short; the matcher's cost grows with the text, so read at most this much.
MAX_MESSAGE_CHARS = 10_000


def numbers_in_text(text: str, index: SearchIndex, region: str) -> list[tuple[str, tuple[PhoneNumber, ...]]]:
    """Each distinct phone number written in `text` (E.164), with the account's or shared numbers it is."""
    found: dict[str, tuple[PhoneNumber, ...]] = {}
    for match in phonenumbers.PhoneNumberMatcher(strip_slack_markup(text)[:MAX_MESSAGE_CHARS], region):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.setdefault(e164, tuple(index.by_e164.get(e164, ())))
    return list(found.items())
