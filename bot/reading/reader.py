"""One reader for every surface (SPEC §3): what people type → a Question, resolved against the data's names."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from bot.i18n import _, ngettext
from bot.reading.asking import (
    MAX_LOOKUPS,
    asked_nothing_readable,
    asks_for_every_number,
    asks_what_the_bot_does,
    not_understood,
    other_prefix_also_asked,
    question_of,
    unused_words,
)
from bot.reading.clause_pairs import a_count_and_its_part, both_statuses, in_sequence, with_a_bare_refresh
from bot.reading.clauses import two_listings
from bot.reading.corrections import correct_typos
from bot.reading.in_context import (
    COMPARING,
    FRAMING_WORDS,
    MAX_IGNORED_SHOWN,
    name_run_together,
    name_said_as_words,
    name_with_a_change_word,
    other_places_are_local,
    other_question,
    said_as_a_kind_of_number,
    who_holds,
)
from bot.reading.interpret import Reading, combine, with_generic_words
from bot.reading.language import item_votes, majority, votes
from bot.reading.meant_names import longer_names_meant
from bot.reading.name_words import translated_name_words, words_of_names
from bot.reading.names import Names, Place
from bot.reading.phones import (
    FoundNumber,
    blank_spans,
    find_numbers,
    mask_other_digits,
    strip_slack_markup,
    without_format_characters,
)
from bot.reading.phrase_typos import phrase_targets
from bot.reading.question import EXPLICIT, Kind, Question, Status, Suggestion, unquote
from bot.reading.regions import regions_named
from bot.reading.second_thoughts import on_second_thoughts
from bot.reading.status_asked_back import may_say_a_status, status_asked_back
from bot.reading.status_roots import statuses_by_root
from bot.reading.text import digits, fold
from bot.reading.typos import ordinary_words, targets
from bot.reading.when import DEFAULT_TIMEZONE, ChangeAsk, read_change_question
from bot.reading.words import (
    Item,
    scan,
    tokens_of,
    unknown_beside_part_of_a_name,
    with_names_across_filler,
    zero_for_o,
)
from bot.reading.written import a_digit_off, as_numbers, invalid_numbers
from bot.reading.yes_no import yes_no_of

# SPEC §3: a pasted alert or a long ramble is read whole up to at least 4,000 characters.
MAX_QUESTION_CHARS = 4000
# Numbers are looked for in a pasted alert up to this far (the message shortcut's limit); words in the first 4,000.
MAX_NUMBER_CHARS = 50_000


def prepare(names: Names) -> Names:
    """Work out the tables questions are read through (typo targets, the names' words) now, so none waits for them.

    Over 20,000 long assistant names they take a second or more; the cache calls this when a snapshot arrives.
    """
    _ = names.longest
    targets(names)
    phrase_targets(names)
    words_of_names(names)
    return names


def read(
    text: str,
    names: Names,
    region: str,
    known_numbers: frozenset[str] = frozenset(),
    *,
    suggest: bool = True,
    now: datetime | None = None,
    tz: ZoneInfo = DEFAULT_TIMEZONE,
    whole: bool = True,
) -> Question:
    """Read a question; never raises for anything a person types.

    `whole=False` reads one clause of a question: never split again (a text of 16 commas took 215 s when each clause
    tried every split of its own).
    """
    raw = without_format_characters(text or "")
    raw = _DIGIT_PLURAL.sub(lambda match: match.group(1) or match.group(2), raw)  # "085s", "06-jes", "0800-ers"
    raw = zero_for_o(as_numbers(raw, region), names)  # `<sip:+31…@host>`, `msisdn=316…`, `O20 123 4567`, `ruurl0`
    unread = max(0, len(raw) - MAX_QUESTION_CHARS)
    text = strip_slack_markup(raw[:MAX_QUESTION_CHARS])
    asked = read_change_question(text, now or datetime.now(tz), tz)
    if asked is not None and (name := name_with_a_change_word(text, asked, names)) is not None:
        # "spare change in elburg": the assistant Spare Change, no question about changes; "spare change: wat is er
        # veranderd sinds gisteren" asks about the changes of Spare Change
        run_together = name_run_together(text, name)
        asked = read_change_question(run_together, now or datetime.now(tz), tz)
        text = run_together if asked is not None else text
    if asked is not None and not _pasted_with_numbers(
        text, asked, region, known_numbers
    ):  # "what changed since 14:00 in amsterdam": a period, and filters read as any question's
        filters = read(asked.rest, names, region, known_numbers, suggest=suggest, now=now, tz=tz)
        rest = scan(tokens_of(asked.rest), names, names.data_spellings)
        said = votes(word for phrase in asked.consumed for word in tokens_of(phrase)) + item_votes(rest)
        changes = _changes(filters, asked)
        update = {"unread_chars": unread, "language": majority(said)}
        return changes.model_copy(update={**update, "corrections": (*asked.corrections, *changes.corrections)})
    explicit, text = _explicit_markers(text)

    def clause_reader(clause: str) -> Question:  # one clause of this question, read alone
        return read(clause, names, region, suggest=False, whole=False)

    masked = mask_other_digits(text)[0]
    found = _numbers_in(raw, masked, region, known_numbers)
    slips = [n for n in found if n.e164 not in known_numbers and a_digit_off(n.e164, region)]  # "+31 6 1234 567"
    found = [n for n in found if n not in slips]
    lookups = tuple(dict.fromkeys([*explicit.get("find", []), *(n.e164 for n in found)]))
    with_numbers, masked = masked, blank_spans(masked, [n.written for n in found])
    # "020-12345678": a number with a digit too many is said to be invalid, never searched for as a prefix and digits.
    invalid = tuple(dict.fromkeys([*explicit.get("invalid", []), *(n.written for n in slips)]))
    invalid = tuple(dict.fromkeys([*invalid, *invalid_numbers(blank_spans(masked, list(invalid)), region)]))
    tokens, translations = translated_name_words(tokens_of(blank_spans(masked, list(invalid))), names)
    items = scan(tokens, names, names.data_spellings)
    items, corrections, suggestions = correct_typos(items, tokens, names, names.data_spellings)
    corrections = (*translations, *corrections)
    items = with_generic_words(with_names_across_filler(items, names), names)
    items, reading, by_root = statuses_by_root(items, combine(items))  # "welke zijn opgeëist": said back as linked
    corrections = (*corrections, *by_root)
    _regions_apart(reading, items, names)
    reading.unknown_assistant += unknown_beside_part_of_a_name(items, names, ordinary_words())
    _add_explicit(reading, explicit, names)
    question = question_of(reading, lookups, explicit, region)
    if invalid and question.kind not in (Kind.ORDERS, Kind.BUYABLE):
        question = Question(
            kind=Kind.LOOKUP, lookups=lookups[:MAX_LOOKUPS], invalid_numbers=invalid, refresh=question.refresh
        )
    typed = tokens or tokens_of(text)  # `q2`: its digits were masked as no number, yet something was typed
    unplaced_words = False
    unfiltered = question.kind in (Kind.HELP, Kind.CLARIFY, Kind.LIST) and not question.has_filters()
    if unfiltered and not (invalid or lookups) and asks_what_the_bot_does(reading, typed):
        question = Question(kind=Kind.HELP)  # "what can this bot even do"
    elif unfiltered and not (invalid or lookups) and set(typed) - ordinary_words() - FRAMING_WORDS == {"status"}:
        question = Question(kind=Kind.STATS)  # "status", "status pls": the overview (in an alert it marks a code)
    elif unfiltered and not (invalid or lookups) and asks_for_every_number(typed):
        question = Question(kind=Kind.LIST)  # "what numbers do we have?", "welke nummers hebben we"
    elif question.kind is Kind.HELP and asked_nothing_readable(reading, typed):  # `x` is as unread as `asdfghjkl`
        question = Question(kind=Kind.CLARIFY, problem=not_understood(typed))
        unplaced_words = True  # "minus one pls" may be a name made of keywords: read again with the data's names
    question = question.model_copy(update=yes_no_of(tokens, reading, question))
    if whole and not (lookups or invalid or explicit):
        if (as_words := name_said_as_words(question, text, clause_reader)) is not None:
            return as_words  # "just in case: what is free in goor": the name is a clause of words
        # Read whole, two statuses side by side or an assistant's free numbers ask for no number at all.
        # ("how many free and how many linked in ede" is one count: its breakdown answers both)
        clash = reading.statuses_clash and question.kind is Kind.CLARIFY
        at_odds = clash or (question.status is Status.AVAILABLE and bool(question.assistants))

        @cache  # both ways of splitting read the same clauses: each once
        def reader(clause: str) -> Question:
            return read(clause, names, region, suggest=suggest, now=now, tz=tz, whole=False)

        if (corrected := on_second_thoughts(masked, names, reader)) is not None:  # "free in ede? nope, i mean taken"
            return who_holds(corrected, tokens).model_copy(update={"language": majority(item_votes(items))})
        # "overview first, then the free mobiles": both asked in turn, whatever the first is
        split = in_sequence(masked, reader)
        if split is None and question.kind is Kind.COUNT and (whole_count := a_count_and_its_part(masked, reader)):
            return whole_count.model_copy(update={"language": majority(item_votes(items))})
        if split is None and question.kind in (Kind.LIST, Kind.COUNT, Kind.CLARIFY):
            split = two_listings(masked, names, reader, at_odds=at_odds)
        if split is not None and (refreshed := with_a_bare_refresh(*split)) is not None:  # "reload then list ede"
            return refreshed.model_copy(update={"language": majority(item_votes(items))})
        if split is not None:  # "free in ede, also linked in groningen": each answered, never one merged filter set
            first, second = split
            said = (*first.corrections, *second.corrections)
            update = {"also_asked": second.canonical(), "corrections": said, "language": majority(item_votes(items))}
            return first.model_copy(update=update)
        if clash and (both := both_statuses(masked, reader)) is not None:  # "free mobile, linked ones too"
            return both.model_copy(update={"language": majority(item_votes(items))})
    if whole:  # a clause keeps its own filters, so that two questions in one are told apart as typed
        question = who_holds(other_places_are_local(question, tokens), tokens)
    if question.kind is Kind.LIST and set(tokens) & COMPARING:  # "ede free vs taken": how many of each
        question = question.model_copy(update={"kind": Kind.COUNT})
    unplaced = (
        reading.unknown
        or reading.unknown_place
        or reading.regions
        or reading.unknown_assistant
        or reading.unknown_left_out
    )
    settled = not (unplaced or corrections or unplaced_words)
    # In a lookup the other words are context: what they were corrected to does not matter, and is not said.
    shown = () if question.kind is Kind.LOOKUP else corrections
    if question.kind is Kind.LOOKUP:  # the numbers were read from the whole of a long alert
        unread = max(0, len(raw) - MAX_NUMBER_CHARS)
    extra = {
        # The matched keywords' language; when none was matched ("mijn bewakingen"), that of the words left unread
        # (never of names: a list of places says nothing of the language).
        "language": majority(item_votes(items)) or majority(votes(item.text for item in items if item.unknown)),
        "corrections": shown,
        "unread_chars": unread,
        "settled": settled,
        # "was 020 123 4567 changed recently": a lookup whose card must say what its history shows.
        "asks_history": asked is not None and question.kind is Kind.LOOKUP and len(tokens) <= HISTORY_ASK_WORDS,
        "left_out_lookups": max(0, len(lookups) - MAX_LOOKUPS),
        "also_asked": other_question(masked, with_numbers, clause_reader) if question.kind is Kind.LOOKUP else None,
    }
    if question.kind in (Kind.LIST, Kind.COUNT) and (meant := longer_names_meant(reading.places, names)):
        # "free in bergen" beside Bergen op Zoom: asked back with the longer names, never "0 found in Bergen"
        place = next(iter(meant))
        problem = _("The account has no numbers in *{place}*.").format(place=place)
        question = question.model_copy(update={"kind": Kind.CLARIFY, "problem": problem})
        suggestions = {**suggestions, fold(place): meant[place]}
    unclear = [word for word in suggestions if word in reading.unknown and word not in names.places]
    unclear += [word for word in said_as_a_kind_of_number(items) if word in reading.unknown]
    if unclear and question.kind in (Kind.LIST, Kind.COUNT):
        # A word close to a keyword or name but not clearly one is asked back, never ignored with a wider listing.
        question = question.model_copy(update={"kind": Kind.CLARIFY, "problem": _unsure(unclear, reading.unknown)})
    if question.kind is Kind.CLARIFY and suggest and suggestions:
        extra["suggestions"] = _suggested_questions(tokens, suggestions, names, region)
    if question.kind not in (Kind.CLARIFY, Kind.LOOKUP, Kind.HELP):
        # Only words that could have changed the answer are named: "ik", "wil", "answers" frame a sentence.
        unused = [word for word in unused_words(reading, question.kind) if word not in ordinary_words()]
        extra["ignored"] = tuple(dict.fromkeys(unused))[:MAX_IGNORED_SHOWN]
    question = other_prefix_also_asked(question.model_copy(update=extra), tokens)
    return status_asked_back(question) if whole and suggest and may_say_a_status(question, tokens) else question


def _regions_apart(reading: Reading, items: list[Item], names: Names) -> None:
    """`friesland free`, `vrij in noord-holland`: a province said is asked back as one, never ignored or unknown."""
    unread = {*reading.unknown, *reading.unknown_place}
    if regions := regions_named([word for item in items for word in item.words], unread, names):
        words = {word for region in regions for word in region.split()}
        reading.unknown = [word for word in reading.unknown if word not in words]
        reading.unknown_place = [word for word in reading.unknown_place if word not in words]
        reading.regions += regions


def _unsure(unclear: list[str], unknown: list[str]) -> str:
    """`I'm not sure what *pharmacy*, *lnie* mean here.`: every word not placed, the unclear ones first."""
    words = [word for word in dict.fromkeys([*unclear, *unknown]) if word not in ordinary_words()]
    named = ", ".join(f"*{word[:30]}*" for word in words[:MAX_IGNORED_SHOWN])
    return ngettext("I'm not sure what {words} means here.", "I'm not sure what {words} mean here.", len(words)).format(
        words=named
    )


# "any spare 085s?", and Dutch "06jes", "085'jes": the digits without their plural or diminutive.
_DIGIT_PLURAL = re.compile(r"\b(\d{2,})['’-]?s\b|\b(0\d{1,3})['’-]?(?:t?jes?|ers)\b", re.IGNORECASE)


def _numbers_in(raw: str, masked: str, region: str, known: frozenset[str]) -> list[FoundNumber]:
    """Every number in the first 4,000 characters, and in the rest of a long pasted alert too."""
    found = find_numbers(masked, region, known)
    if len(raw) <= MAX_QUESTION_CHARS:
        return found
    rest, _ = mask_other_digits(strip_slack_markup(raw[MAX_QUESTION_CHARS:MAX_NUMBER_CHARS]))
    return [*found, *find_numbers(rest, region, known)]


# A lookup this short that says "changed" asks about the number's history; a long pasted alert that says "state
# changed" does not.
HISTORY_ASK_WORDS = 12
# A change question opens with its change words ("what changed…", "changes since…", "wat is er veranderd…").
CHANGE_WORDS_WITHIN = 3


def _pasted_with_numbers(text: str, asked: ChangeAsk, region: str, known: frozenset[str]) -> bool:
    """`[FIRING] Alert state changed: calls to 020 123 4567 failing` is an alert to look up, not a change question."""
    at = text.lower().find(asked.consumed[0])
    if at < 0:
        return False
    # "is 06-12345678 veranderd?": a number before the change word asks about that number, however it is grouped.
    if at > 0 and find_numbers(mask_other_digits(text[:at])[0], region, known):
        return True
    if len(text[:at].split()) < CHANGE_WORDS_WITHIN:
        return False
    return bool(find_numbers(mask_other_digits(text)[0], region, known))


def _changes(filters: Question, asked: ChangeAsk) -> Question:
    """A change question keeps the filters of the words around it (`changes billing desk`, `changes +31 20 …`)."""
    period = {"since": asked.since, "until": asked.until}
    if filters.kind in (Kind.CLARIFY, Kind.BUYABLE, Kind.ORDERS):  # asked back, with the period kept for a re-read
        problem = filters.problem or _("Ask about changes with a listing's filters, e.g. `changes billing desk`.")
        return filters.model_copy(update={**period, "kind": Kind.CLARIFY, "problem": problem})
    kept = filters.model_dump(
        exclude={"kind", "since", "until", "problem", "suggestions", "settled", "group_by", "change_kinds", "export"}
    )
    if filters.group_by is not None:  # changes are listed one by one, never counted per group: say so
        kept["ignored"] = (*filters.ignored, f"per {filters.group_by}")
    return Question(kind=Kind.CHANGES, **kept, **period, change_kinds=asked.kinds, export=asked.export)


def _explicit_markers(text: str) -> tuple[dict[str, list[str]], str]:
    """Canonical markers (`in:"Den Haag"`, `find:+31…`) and the text without them."""
    found: dict[str, list[str]] = {}
    for match in EXPLICIT.finditer(text):
        found.setdefault(match.group(1), []).append(unquote(match.group(2)))
    return found, EXPLICIT.sub(" ", text)


def _add_explicit(reading: Reading, explicit: dict[str, list[str]], names: Names) -> None:
    for place in explicit.get("in", []):
        reading.places.append(names.places.get(fold(place)) or Place(place, frozenset({place})))
    for place in explicit.get("not-in", []):
        reading.not_places.append(names.places.get(fold(place)) or Place(place, frozenset({place})))
    for key, into in (("assistant", reading.assistants), ("not-assistant", reading.not_assistants)):
        into += [
            spelled for name in explicit.get(key, []) for spelled in names.assistant_names.get(fold(name), (name,))
        ]
    reading.forced_prefixes += [digits(value) for value in explicit.get("prefix", []) if digits(value)]
    reading.not_prefixes += [digits(value) for value in explicit.get("not-prefix", []) if digits(value)]
    for key in ("fragment", "pattern"):
        reading.forced_fragments += [digits(value) for value in explicit.get(key, []) if digits(value)]
    reading.suffixes += [digits(value) for value in explicit.get("suffix", []) if digits(value)]


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
