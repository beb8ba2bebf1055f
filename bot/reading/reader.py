"""One reader for every surface (SPEC §3): what people type → a Question, resolved against the data's names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.reading.names import Names, Place
from bot.reading.phones import (
    FoundNumber,
    blank_spans,
    find_numbers,
    international_prefix,
    mask_other_digits,
    strip_slack_markup,
)
from bot.reading.question import EXPLICIT, Kind, Question, Status, Suggestion, unquote
from bot.reading.text import digits, fold
from bot.reading.typos import close_matches, targets
from bot.reading.vocabulary import OPPOSITE, ORDER_STATUS_SENSES, STATUS_SENSES, TYPE_SENSES, Sense
from bot.reading.when import DEFAULT_TIMEZONE, ChangeAsk, read_change_question
from bot.reading.words import Item, scan, tokens_of

# SPEC §3: a pasted alert or a long ramble is read whole up to at least 4,000 characters.
MAX_QUESTION_CHARS = 4000
# One line each; a longer list is cut, and the reply says how many were left out (the shortcut reads more).
MAX_LOOKUPS = 40
# Numbers are looked for in a pasted alert up to this far (the message shortcut's limit); words in the first 4,000.
MAX_NUMBER_CHARS = 50_000
MIN_FRAGMENT_DIGITS = 3
# A prefix in national format: a leading 0 and 2-4 digits (`06`, `020`, `085`, `0297`).
PREFIX_DIGITS = range(2, 5)
MAX_IGNORED_SHOWN = 5
# Typos are looked for in the first words only: a pasted log of 600 unknown words took 0.2 s of fuzzy matching.
MAX_WORDS_CORRECTED = 20


@dataclass
class _Reading:
    """What the items of one question add up to."""

    senses: list[Sense] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    assistants: list[str] = field(default_factory=list)
    not_places: list[Place] = field(default_factory=list)
    not_assistants: list[str] = field(default_factory=list)
    digit_groups: list[str] = field(default_factory=list)
    short_digits: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unknown_place: list[str] = field(default_factory=list)
    unknown_assistant: list[str] = field(default_factory=list)
    forced_fragments: list[str] = field(default_factory=list)  # "containing 0436": a fragment, not a prefix
    negated_filter: str | None = None  # "not mobile": a negation the reader cannot apply
    conflict: str | None = None


def read(
    text: str,
    names: Names,
    region: str,
    known_numbers: frozenset[str] = frozenset(),
    *,
    suggest: bool = True,
    now: datetime | None = None,
    tz: ZoneInfo = DEFAULT_TIMEZONE,
) -> Question:
    """Read a question; never raises for anything a person types."""
    raw = _DIGIT_PLURAL.sub(r"\1", text or "")  # "any spare 085s?" asks about 085
    unread = max(0, len(raw) - MAX_QUESTION_CHARS)
    text = strip_slack_markup(raw[:MAX_QUESTION_CHARS])
    asked = read_change_question(text, now or datetime.now(tz), tz)
    if asked is not None and not _pasted_with_numbers(
        text, asked, region, known_numbers
    ):  # "what changed since 14:00 in amsterdam": a period, and filters read as any question's
        filters = read(asked.rest, names, region, known_numbers, suggest=suggest, now=now, tz=tz)
        return _changes(filters, asked).model_copy(update={"unread_chars": unread})
    explicit, text = _explicit_markers(text)
    masked, _ = mask_other_digits(text)
    found = _numbers_in(raw, masked, region, known_numbers)
    lookups = tuple(dict.fromkeys([*explicit.get("find", []), *(n.e164 for n in found)]))
    tokens = tokens_of(blank_spans(masked, [n.written for n in found]))
    items = scan(tokens, names, names.data_spellings)
    items, corrections, suggestions = _correct_typos(items, tokens, names, names.data_spellings)
    reading = _combine(_generic_words_beside_assistant(items, names))
    _add_explicit(reading, explicit, names)
    question = _question(reading, lookups, explicit, region)
    settled = not (reading.unknown or reading.unknown_place or reading.unknown_assistant or corrections)
    # In a lookup the other words are context: what they were corrected to does not matter, and is not said.
    shown = () if question.kind is Kind.LOOKUP else corrections
    if question.kind is Kind.LOOKUP:  # the numbers were read from the whole of a long alert
        unread = max(0, len(raw) - MAX_NUMBER_CHARS)
    extra = {
        "corrections": shown,
        "unread_chars": unread,
        "settled": settled,
        "left_out_lookups": max(0, len(lookups) - MAX_LOOKUPS),
    }
    if question.kind is Kind.CLARIFY and suggest and suggestions:
        extra["suggestions"] = _suggested_questions(tokens, suggestions, names, region)
    if question.kind not in (Kind.CLARIFY, Kind.LOOKUP, Kind.HELP, Kind.BUYABLE):
        unplaced = [*reading.unknown, *_unused_digits(reading)]
        extra["ignored"] = tuple(dict.fromkeys(unplaced))[:MAX_IGNORED_SHOWN]
    return question.model_copy(update=extra)


_DIGIT_PLURAL = re.compile(r"\b(\d{2,})['’]?s\b")


def _numbers_in(raw: str, masked: str, region: str, known: frozenset[str]) -> list[FoundNumber]:
    """Every number in the first 4,000 characters, and in the rest of a long pasted alert too."""
    found = find_numbers(masked, region, known)
    if len(raw) <= MAX_QUESTION_CHARS:
        return found
    rest, _ = mask_other_digits(strip_slack_markup(raw[MAX_QUESTION_CHARS:MAX_NUMBER_CHARS]))
    return [*found, *find_numbers(rest, region, known)]


# A change question opens with its change words ("what changed…", "changes since…", "wat is er veranderd…").
CHANGE_WORDS_WITHIN = 3


def _pasted_with_numbers(text: str, asked: ChangeAsk, region: str, known: frozenset[str]) -> bool:
    """`[FIRING] Alert state changed: calls to 020 123 4567 failing` is an alert to look up, not a change question."""
    at = text.lower().find(asked.consumed[0])
    if at < 0 or len(text[:at].split()) < CHANGE_WORDS_WITHIN:
        return False
    return bool(find_numbers(mask_other_digits(text)[0], region, known))


def _changes(filters: Question, asked: ChangeAsk) -> Question:
    """A change question keeps the filters of the words around it (`changes billing desk`, `changes +31 20 …`)."""
    period = {"since": asked.since, "until": asked.until}
    if filters.kind in (Kind.CLARIFY, Kind.BUYABLE, Kind.ORDERS):  # asked back, with the period kept for a re-read
        problem = filters.problem or "Ask about changes with a listing's filters, e.g. `changes billing desk`."
        return filters.model_copy(update={**period, "kind": Kind.CLARIFY, "problem": problem})
    kept = filters.model_dump(exclude={"kind", "since", "until", "problem", "suggestions", "settled"})
    return Question(kind=Kind.CHANGES, **kept, **period)


def _explicit_markers(text: str) -> tuple[dict[str, list[str]], str]:
    """Canonical markers (`in:"Den Haag"`, `find:+31…`) and the text without them."""
    found: dict[str, list[str]] = {}
    for match in EXPLICIT.finditer(text):
        found.setdefault(match.group(1), []).append(unquote(match.group(2)))
    return found, EXPLICIT.sub(" ", text)


def _add_explicit(reading: _Reading, explicit: dict[str, list[str]], names: Names) -> None:
    for place in explicit.get("in", []):
        reading.places.append(names.places.get(fold(place)) or Place(place, frozenset({place})))
    for place in explicit.get("not-in", []):
        reading.not_places.append(names.places.get(fold(place)) or Place(place, frozenset({place})))
    for key, into in (("assistant", reading.assistants), ("not-assistant", reading.not_assistants)):
        into += [
            spelled for name in explicit.get(key, []) for spelled in names.assistant_names.get(fold(name), (name,))
        ]
    reading.digit_groups += [digits(value) for value in explicit.get("prefix", []) if digits(value)]
    for key in ("fragment", "pattern"):
        reading.forced_fragments += [digits(value) for value in explicit.get(key, []) if digits(value)]


def _correct_typos(
    items: list[Item], tokens: list[str], names: Names, data_places: frozenset[str]
) -> tuple[list[Item], tuple[tuple[str, str], ...], dict[str, tuple[str, ...]]]:
    """Rescan with each unknown word's one clear correction; collect suggestions for the unclear ones."""
    unknown = [item.words[0] for item in items if item.unknown and not item.words[0].isdigit()]
    if not unknown:
        return items, (), {}
    choices = targets(names)
    corrections: dict[str, str] = {}
    suggestions: dict[str, tuple[str, ...]] = {}
    for word in list(dict.fromkeys(unknown))[:MAX_WORDS_CORRECTED]:
        match = close_matches(word, choices)
        if match.correction:
            corrections[word] = match.correction
        elif match.suggestions:
            suggestions[word] = match.suggestions
    if not corrections:
        return items, (), suggestions
    corrected = [corrections.get(token, token) for token in tokens]
    return scan(corrected, names, data_places), tuple(corrections.items()), suggestions


# Words that only frame what follows them: skipped when looking for the name after a status word.
_FRAMING = {Sense.FILLER, Sense.FRAGMENT_MARK, Sense.CODE_MARK, Sense.NONE_OF}


def _combine(items: list[Item]) -> _Reading:
    """Add up the items: negation flips the status after it; marks say what the words after them name.

    `not in amsterdam`, `except billing desk` and `not linked to night support` leave those out; `containing 0436`
    is a fragment however it starts; `SIP 503` is a code, not digits to look for.
    """
    reading = _Reading()
    negate = exclude = none_of = False
    mark: Sense | None = None
    digit_mark: Sense | None = None
    for index, item in enumerate(items):
        sense = item.sense
        if item.digits is not None and digit_mark is not None:
            _add_marked_digits(reading, item.digits, digit_mark)
            digit_mark = None
            continue
        digit_mark = sense if sense in (Sense.FRAGMENT_MARK, Sense.CODE_MARK) else None
        if sense in _FRAMING:
            none_of = none_of or sense is Sense.NONE_OF
            if sense is Sense.FILLER and mark is Sense.PLACE_MARK:
                mark = None  # "in a hurry", "in de regio utrecht": a word after filler is no place slot
            continue
        if sense in (Sense.NEGATION, Sense.EXCLUDE):
            negate, exclude = sense is Sense.NEGATION, sense is Sense.EXCLUDE
            continue
        if sense in STATUS_SENSES and sense is Sense.LINKED and _next_names_assistant(items, index):
            sense = Sense.LINKED_TO  # `linked billing desk`: the status word introduces the name
        if sense in STATUS_SENSES:
            reading.senses.append(OPPOSITE[sense] if negate else sense)
            negate = exclude = none_of = False  # "geen vrije nummers?" asks whether there are free ones
            continue
        if sense is Sense.ASSISTANT_MARK and not _next_names_assistant(items, index, or_unknown=True):
            # "numbers without an assistant" are free; "numbers with an assistant" are linked; after a status
            # ("niet gekoppeld aan een assistent", "the line assistants") it only repeats what was said
            if not any(s in STATUS_SENSES for s in reading.senses) and not reading.assistants:
                reading.senses.append(Sense.AVAILABLE if negate or exclude or none_of else Sense.LINKED)
            negate = exclude = none_of = False
            continue
        if sense in (Sense.PLACE_MARK, Sense.ASSISTANT_MARK, Sense.LINKED_TO):
            mark, exclude, negate = sense, exclude or negate or none_of, False
            continue
        if (negate or exclude or none_of) and (item.place or item.assistants):
            exclude, negate, none_of = True, False, False
            _leave_out(reading, item)
            continue
        if (negate or exclude or none_of) and (sense in TYPE_SENSES or sense is Sense.SHARED):
            reading.negated_filter = item.text
        negate = exclude = none_of = False
        _add_item(reading, item, mark)
        if not item.unknown:
            mark = None
    return reading


# A pasted line with a stray code ("webhook 502 at 10.1.2.3") is not a question about numbers containing 502.
MIN_UNKNOWN_AROUND_DIGITS = 2


def _digits_among_unknown_words(reading: _Reading, statuses: set[str], types: set[str]) -> bool:
    """Only a digit group and words the reader cannot place: an alert's code, not a fragment to search for."""
    named = reading.places or reading.assistants or reading.not_places or reading.not_assistants
    said = set(reading.senses) - {Sense.FILLER}
    only_digits = not (statuses or types or named or said)
    has_digits = bool(reading.digit_groups or reading.forced_fragments)
    return only_digits and has_digits and len(set(reading.unknown)) >= MIN_UNKNOWN_AROUND_DIGITS


def _generic_words_beside_assistant(items: list[Item], names: Names) -> list[Item]:
    """`the line assistants`: an everyday word of names (line, team) names them when "assistant" is beside it."""
    marks = [i for i, item in enumerate(items) if item.sense is Sense.ASSISTANT_MARK]
    return [
        Item(item.words, assistants=names.generic_words[item.text])
        if item.unknown and item.text in names.generic_words and any(abs(i - at) == 1 for at in marks)
        else item
        for i, item in enumerate(items)
    ]


def _add_marked_digits(reading: _Reading, group: str, mark: Sense) -> None:
    """Digits after `containing` are a fragment (a leading 0 too); after `SIP` or `status` a code, left alone."""
    if mark is Sense.CODE_MARK:
        return
    if len(group) >= MIN_FRAGMENT_DIGITS:
        reading.forced_fragments.append(group)
    else:
        reading.short_digits.append(group)


def _leave_out(reading: _Reading, item: Item) -> None:
    if item.place is not None:
        reading.not_places.append(item.place)
    else:
        reading.not_assistants += item.assistants


def _next_names_assistant(items: list[Item], index: int, *, or_unknown: bool = False) -> bool:
    """`linked billing desk`: a status word right before an assistant's name introduces the name."""
    rest = [item for item in items[index + 1 :] if item.sense not in _FRAMING]
    return bool(rest) and (bool(rest[0].assistants) or (or_unknown and rest[0].unknown and not rest[0].digits))


def _add_item(reading: _Reading, item: Item, mark: Sense | None) -> None:
    if item.sense is not None:
        reading.senses.append(item.sense)
    elif item.place is not None:
        reading.places.append(item.place)
    elif item.assistants:
        reading.assistants += item.assistants
    elif item.digits is not None:
        target = reading.digit_groups if _is_prefix(item.digits) or len(item.digits) >= MIN_FRAGMENT_DIGITS else None
        (target if target is not None else reading.short_digits).append(item.digits)
    elif mark is Sense.PLACE_MARK:
        reading.unknown_place.append(item.text)
    elif mark is Sense.ASSISTANT_MARK:
        reading.unknown_assistant.append(item.text)
    elif len(item.text) > 1:
        reading.unknown.append(item.text)


def _prefixes_and_fragments(reading: _Reading) -> tuple[list[str], list[str]]:
    """`020`, `06`, `085` start a number; other groups, and any after `containing`, are found inside it."""
    prefixes = [group for group in reading.digit_groups if _is_prefix(group)]
    fragments = [*reading.forced_fragments, *(group for group in reading.digit_groups if not _is_prefix(group))]
    return prefixes, fragments


def _unused_digits(reading: _Reading) -> list[str]:
    """Digit groups the answer does not use: one prefix and one fragment are; a second, or two digits, are not."""
    prefixes, fragments = _prefixes_and_fragments(reading)
    return [*prefixes[1:], *fragments[1:], *reading.short_digits]


def _is_prefix(group: str) -> bool:
    return group.startswith("0") and len(group) in PREFIX_DIGITS


def _question(reading: _Reading, lookups: tuple[str, ...], explicit: dict[str, list[str]], region: str) -> Question:
    senses = set(reading.senses)
    statuses = {STATUS_SENSES[s] for s in senses if s in STATUS_SENSES}
    if len(statuses) > 1 and senses & {Sense.COUNT, Sense.STATS}:
        statuses = set()  # "how many free and how many linked": the count's breakdown answers both
    types = {TYPE_SENSES[s] for s in senses if s in TYPE_SENSES}
    order_status = next((ORDER_STATUS_SENSES[s] for s in reading.senses if s in ORDER_STATUS_SENSES), None)
    refresh = Sense.REFRESH in senses
    number_type = next(iter(types)) if len(types) == 1 else None
    if Sense.ORDERS in senses or (order_status and not lookups and not _filters(reading, statuses, types)):
        return Question(
            kind=Kind.ORDERS, order_status=order_status, lookups=lookups[:1], number_type=number_type, refresh=refresh
        )
    prefixes, fragments = _prefixes_and_fragments(reading)
    if Sense.BUYABLE in senses or "pattern" in explicit:
        # Flireo matches the pattern in the E.164 number: `085` is looked for as `3185`.
        wanted = [international_prefix(p, region)[1:] for p in prefixes] + fragments
        pattern = "".join(wanted[:1]) or (digits(lookups[0]) if lookups else None)
        return Question(kind=Kind.BUYABLE, number_type=number_type or "national", fragment=pattern, refresh=refresh)
    if lookups:
        return Question(kind=Kind.LOOKUP, lookups=lookups[:MAX_LOOKUPS], refresh=refresh)
    if problem := _problem(reading, statuses, types):
        return Question(kind=Kind.CLARIFY, problem=problem)
    filters = {
        "status": Status(next(iter(statuses))) if statuses else None,
        "number_type": number_type,
        "places": tuple(dict.fromkeys(place.label for place in reading.places)),
        "place_spellings": tuple(sorted({s for place in reading.places for s in place.spellings})),
        "assistants": tuple(dict.fromkeys(reading.assistants)),
        "not_places": tuple(dict.fromkeys(place.label for place in reading.not_places)),
        "not_place_spellings": tuple(sorted({s for place in reading.not_places for s in place.spellings})),
        "not_assistants": tuple(dict.fromkeys(reading.not_assistants)),
        "prefix": prefixes[0] if prefixes else None,
        "fragment": fragments[0] if fragments else None,
        "shared": Sense.SHARED in senses,
        "refresh": refresh,
    }
    return Question(kind=_kind(senses, _filters(reading, statuses, types), reading), **filters)


def _filters(reading: _Reading, statuses: set[str], types: set[str]) -> bool:
    named = reading.places or reading.assistants or reading.not_places or reading.not_assistants
    digit_filters = reading.digit_groups or reading.forced_fragments
    return bool(statuses or types or named or digit_filters) or Sense.SHARED in reading.senses


def _kind(senses: set[Sense], has_filters: bool, reading: _Reading) -> Kind:
    if has_filters:
        return Kind.COUNT if senses & {Sense.COUNT, Sense.STATS} else Kind.LIST
    if Sense.HELP in senses:
        return Kind.HELP
    if senses & {Sense.COUNT, Sense.STATS}:
        return Kind.STATS
    if senses & {Sense.LIST, Sense.LOOKUP}:
        return Kind.LIST
    return Kind.STATS if Sense.REFRESH in senses else Kind.HELP


def _problem(reading: _Reading, statuses: set[str], types: set[str]) -> str | None:
    """Why the question cannot be answered as read, or None: never a confident answer to a misread question."""
    if len(statuses) > 1:
        return "A number cannot be both *available* and *linked*: ask for one of them."
    if len(types) > 1:
        return f"Pick one number type: {' or '.join(f'*{t}*' for t in sorted(types))}."
    if reading.negated_filter:
        return (
            f"I can't leave out *{reading.negated_filter}* numbers yet: ask for the ones you want, "
            "e.g. `local`, `mobile` or `national`."
        )
    if reading.unknown_place:
        place = " ".join(reading.unknown_place)[:60]
        return f"I don't know a place called *{place}*."
    if reading.unknown_assistant:
        name = " ".join(reading.unknown_assistant)[:60]
        return f"No assistant on the account is called *{name}*."
    readable = _filters(reading, statuses, types) or (set(reading.senses) - {Sense.FILLER})
    looking_up = not _filters(reading, statuses, types) and not (set(reading.senses) - {Sense.LOOKUP})
    if reading.short_digits and looking_up:  # "find 45": two digits name no number
        group = reading.short_digits[0]
        return f"*{group}* is too short to look up: give at least {MIN_FRAGMENT_DIGITS} digits, or the whole number."
    if _digits_among_unknown_words(reading, statuses, types):
        group = (reading.forced_fragments or reading.digit_groups)[0]
        return (
            f"I found no phone number in that. To look for numbers containing *{group}*, "
            f"ask `numbers containing {group}`."
        )
    if reading.unknown and not readable:
        words = ", ".join(f"*{word[:30]}*" for word in dict.fromkeys(reading.unknown[:MAX_IGNORED_SHOWN]))
        return f"I don't understand {words}."
    return None


def _suggested_questions(
    tokens: list[str], suggestions: dict[str, tuple[str, ...]], names: Names, region: str
) -> tuple[Suggestion, ...]:
    """The question again with each suggested word in place of the unclear one, when that reads as a question."""
    offers: list[Suggestion] = []
    for word, choices in suggestions.items():
        for choice in choices:
            retyped = " ".join(choice if token == word else token for token in tokens)
            question = read(retyped, names, region, suggest=False)
            if question.kind is not Kind.CLARIFY:
                offers.append(Suggestion(label=choice, question=question.canonical()))
    return tuple(offers[:4])
