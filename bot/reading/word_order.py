"""Words said after what they apply to, put before it so the reader reads left to right: Dutch word order
(`die 0017 bevatten`, `de 06 niet`) and `with 0209 in them`."""

from __future__ import annotations

from bot.reading.ordinary import ordinary_words
from bot.reading.vocabulary import SAID_AFTER_EXCLUSIONS, STATUS_SENSES, TYPE_SENSES, Sense
from bot.reading.words import Item

MIN_FRAGMENT_DIGITS = 3
# A prefix in national format: a leading 0 and 2-4 digits (`06`, `020`, `085`, `0297`).
MAX_PREFIX_DIGITS = 4
# Words that only frame what follows them: skipped when looking for the name after a status word.
DIGIT_MARKS = (Sense.FRAGMENT_MARK, Sense.SUFFIX_MARK, Sense.PREFIX_MARK, Sense.CODE_MARK)
FRAMING = {Sense.FILLER, Sense.NONE_OF, *DIGIT_MARKS}


def in_reading_order(items: list[Item]) -> list[Item]:
    """The items with a mark said after what it applies to put before it."""
    return _negation_said_after(_marks_said_after(_left_at_the_end(_left_out_around(_included_too(items)))))


# "any 06 numbers left", "heb je nog mobiele over": said last, with no status of its own, what is left is free.
# Dutch "over" only after "nog" ("nog … over"): alone it is "about" or "over there" ("hold desk over in …").
_LEFT = frozenset({"left", "remaining"})
_LEFT_AFTER_NOG = "over"


def _left_at_the_end(items: list[Item]) -> list[Item]:
    """The word "left"/"over" last in a question that names no status (a place may follow: "left in ede") asks
    for the free numbers."""
    if any(item.sense in STATUS_SENSES for item in items):
        return items
    at = len(items) - 1
    while at > 0 and (items[at].place is not None or items[at].sense in (Sense.PLACE_MARK, Sense.FILLER)):
        if _is_left(items, at):
            break
        at -= 1
    if at < 1 or not _is_left(items, at):
        return items
    return [*items[:at], Item(items[at].words, sense=Sense.AVAILABLE), *items[at + 1 :]]


def _is_left(items: list[Item], at: int) -> bool:
    text = items[at].text
    return text in _LEFT or (text == _LEFT_AFTER_NOG and any(item.text == "nog" for item in items[:at]))


# "linked numbers incl. mobiles", "alle nummers inclusief de mobiele": the type is among them, no restriction.
_INCLUDING = frozenset({"incl", "including", "inclusief"})
# Said after the types: "cells and nationals included", "gsm's en servicenummers tellen gewoon mee".
_INCLUDED = frozenset({"included", "inbegrepen", "meegerekend", "meegeteld", "mee"})


def _included_too(items: list[Item]) -> list[Item]:
    """A type said to be included as well asks for nothing narrower: both words frame the question; after a type of
    its own it is asked for beside it."""
    out = _included_after(items)
    for at, item in enumerate(items):
        if item.text not in _INCLUDING:
            continue
        types = []  # "incl. mobiles & nationals": every type of the run joined to the first
        for then in range(at + 1, len(items)):
            if items[then].sense in TYPE_SENSES:
                types.append(then)
            elif items[then].sense is not Sense.FILLER and items[then].text not in _CONJOINING:
                break
        if not types:
            continue
        out[at] = Item(item.words, sense=Sense.FILLER)
        if any(before.sense in TYPE_SENSES for before in items[:at]):
            continue  # "free local incl mobiles": both types are asked for
        for then in types:
            out[then] = Item(items[then].words, sense=Sense.FILLER)
    return out


def _included_after(items: list[Item]) -> list[Item]:
    """`every free number except X, cells and nationals included`: a run of types said to be included after it
    names no type to keep to; the run and the word frame the question."""
    out = list(items)
    for at, item in enumerate(items):
        if item.text not in _INCLUDED:
            continue
        start = at - 1
        while start >= 0 and (items[start].sense in TYPE_SENSES or items[start].text in _JOINING | _BETWEEN_INCLUDED):
            start -= 1
        run = range(start + 1, at)
        if any(items[i].sense in TYPE_SENSES for i in run):
            for i in (*run, at):
                out[i] = Item(items[i].words, sense=Sense.FILLER)
    return out


# Between a run of types and "included" said after it: "… tellen gewoon mee", "… are included".
_BETWEEN_INCLUDED = frozenset({"tellen", "telt", "gewoon", "ook", "are", "is", "zijn", "all", "too"})


# A leaving out said around what it leaves out: "leave the mobiles out", "laat de 06 maar weg", "hou ede erbuiten",
# "op groningen na".
_LEAVE = frozenset({"leave", "leaving", "keep", "throw", "kick", "laat", "hou", "houd", "op", "sla", "gooi", "haal"})
_OUT = frozenset({"out", "off", "aside", "weg", "zitten", "buiten", "erbuiten", "eruit", "na", "over"})
MAX_LEFT_OUT_WORDS = 6


def _left_out_around(items: list[Item]) -> list[Item]:
    """`leave the mobile out`: the run between "leave" and "out" is left out (an exclusion before it)."""
    for at, item in enumerate(items):
        if len(item.words) != 1 or item.text not in _LEAVE:
            continue
        for end in range(at + 2, min(len(items), at + 2 + MAX_LEFT_OUT_WORDS)):
            if items[end].text not in _OUT:
                continue
            between = items[at + 1 : end]
            named = [_kind_of(thing) or thing.sense in STATUS_SENSES for thing in between]  # "op de bezette na"
            if any(named) and all(
                said or thing.text in _BETWEEN_RUN_AND_LEAVING_OUT or thing.text == "maar"
                for thing, said in zip(between, named, strict=True)
            ):
                return [*items[:at], Item(item.words, sense=Sense.EXCLUDE), *between, *items[end + 1 :]]
    return items


# Between the things a negation said after them leaves out: `085 en 088 niet`, `utrecht or ede excluded`.
_JOINING = frozenset({"and", "or", "en", "of", "nor", "noch", "the", "de", "het", "a", "an", "een", "&", "+", "/", "n"})
_LEAVING_OUT = (Sense.NEGATION, Sense.EXCLUDE)
_CONJOINING = frozenset({"and", "or", "en", "of", "nor", "noch", "&", "+", "/", "n"})
# "but" before the run a negation leaves out is no verb the negation belongs to: `bezet, maar utrecht en ede niet`.
_CONTRAST = frozenset({"maar", "but", "dan"})  # "maar dan het 085-nummer niet"
# "… zelf niet, alleen vaste lijnen": "only" opens what is asked for, so the negation before it ends there.
_ONLY = frozenset({"alleen", "only", "just", "enkel", "slechts"})
_ARTICLES = frozenset({"de", "het", "the", "a", "an", "een"})
# Words between the run and a leaving out said after it that name nothing of their own: `wat X heeft hoeft niet`,
# `maar meppel zelf niet`, `the 020 ones can go`, `the 06s are not needed`.
_BETWEEN_RUN_AND_LEAVING_OUT = _JOINING | {
    "ones", "numbers", "nummers", "nrs", "stuff", "zelf", "itself", "themselves", "has", "have", "got", "heeft",
    "hebben", "heb", "are", "is", "zijn", "die", "those", "them", "ze", "toch", "dan", "also", "ook",
    "whole", "hele", "area", "region", "regio", "gebied", "ervoor", "voor", "met", "alles", "all", "nummer",
    "number", "line", "lines", "lijn", "lijnen", "nos", "nbrs", "serie", "netnummer", "kengetal", "lot", "range",
    "one", "reeks", "blok", "block", "series",
    "i", "we", "you", "ik", "je", "jij", "even", "here", "hier",
}  # fmt: skip


_ITSELF = frozenset({"zelf", "itself", "self", "themselves"})


def _negation_said_after(items: list[Item]) -> list[Item]:
    """`de 06 niet`, `utrecht en ede niet`, `groningen excluded`: a negation with nothing after it to leave out
    leaves out the run of places, names, prefixes or types right before it; it is put before that run."""
    items = list(items)
    for at, item in enumerate(items):
        if item.sense not in _LEAVING_OUT or not (_nothing_after(items, at) or item.text in SAID_AFTER_EXCLUSIONS):
            continue
        start = _run_before(
            items, at, plain_not=item.sense is Sense.NEGATION and item.text not in SAID_AFTER_EXCLUSIONS
        )
        if start is None and item.text in SAID_AFTER_EXCLUSIONS:
            start = _status_before(items, at)  # "de vrije hoef ik niet te zien": the other status
        if start is not None:
            items.insert(start, items.pop(at))
            _each_kind_left_out(items, start, at)
    return items


def _each_kind_left_out(items: list[Item], start: int, end: int) -> None:
    """`het mobieltje en het 0800-nummer niet`: a run of two kinds gets the leaving out before each kind, so the
    second kind is left out too (a leaving out goes on only within one kind)."""
    leaving = items[start]
    kinds = [_kind_of(item) for item in items[start + 1 : end + 1]]
    for offset in range(len(kinds) - 1, 0, -1):
        if kinds[offset] is not None and kinds[offset] != next((k for k in kinds[:offset][::-1] if k), None):
            items.insert(start + 1 + offset, leaving)


def _status_before(items: list[Item], at: int) -> int | None:
    """Where the status word right before `at` stands (words that name nothing between), or None."""
    i = at - 1
    while i >= 0 and items[i].text in _BETWEEN_RUN_AND_LEAVING_OUT:
        i -= 1
    return i if i >= 0 and items[i].sense in STATUS_SENSES else None


def _nothing_after(items: list[Item], at: int) -> bool:
    """Nothing a negation could apply to follows: the end, or a word the reader does not know ("maar", "alleen")."""
    rest = [item for item in items[at + 1 :] if item.sense not in FRAMING]
    # "except the friesland towns harlingen …": a word it does not know, then what it leaves out, is no end; nor
    # is a word that may be a mistyped name ("behalve gor en omen"): only an ordinary word ends it ("maar")
    # ("apart from anything sitting in velden": a name a word or two on is what it leaves out)
    named_next = any(_kind_of(thing) for thing in rest[1:3]) and rest[0].text not in _CONTRAST | _ONLY
    ordinary_next = bool(rest) and rest[0].text in ordinary_words()
    return not rest or (rest[0].unknown and rest[0].digits is None and not named_next and ordinary_next)


def _run_before(items: list[Item], at: int, plain_not: bool = True) -> int | None:
    """Where the run of one kind of thing (places or names, prefixes, types) ending right before `at` starts.

    A plain `not` may belong to a verb before the run; a word that only leaves out (`excluded`) never does."""
    i = at - 1
    while i >= 0 and items[i].text in _BETWEEN_RUN_AND_LEAVING_OUT and not _kind_of(items[i]):  # "de 06 de niet"
        i -= 1
    kind = _kind_of(items[i]) if i >= 0 else None
    if kind is None:
        return None
    if any(item.text in _ITSELF for item in items[i + 1 : at]):
        return i  # "nuenen nachtuil, vast, en nuenen zelf niet": only the one said with "zelf"
    start = i
    joined = False  # "06 en landelijke hoeven niet": things of two kinds joined by "en" are left out together
    while i >= 0:
        if _kind_of(items[i]) == kind or (joined and _kind_of(items[i]) is not None):
            start, kind, joined = i, _kind_of(items[i]), False
        elif items[i].sense in FRAMING and items[i].text in _JOINING:
            joined = joined or items[i].text in _CONJOINING
        else:
            break
        i -= 1
    # "waarom werkt de 020 niet": the negation belongs to the verb the reader does not know, not to the 020
    said_before = [item for item in items[:start] if item.sense not in FRAMING and item.text not in _CONTRAST | _ONLY]
    if plain_not and said_before and said_before[-1].unknown:
        return None
    return _past_the_only_one(items, start, at)


def _past_the_only_one(items: list[Item], start: int, at: int) -> int:
    """`alleen de lokale, mobiel en landelijk niet`: what `alleen` names is asked for, only the rest is left out."""
    before = [item.text for item in items[:start] if item.text not in _ARTICLES]
    if not before or before[-1] not in _ONLY:
        return start
    return next((j for j in range(start + 1, at) if _kind_of(items[j]) is not None), start)


def _kind_of(item: Item) -> str | None:
    # A place and an assistant are two kinds: in "free in gouda, mobile care not counted" only the assistant is left
    # out, the place stays asked for.
    if item.place is not None:
        return "place"
    if item.assistants:
        return "assistant"
    if item.digits is not None and item.digits.startswith("0") and len(item.digits) <= MAX_PREFIX_DIGITS:
        return "prefix"
    return "type" if item.sense in TYPE_SENSES else None


# Said after what they mark, in Dutch word order and in "with 0209 in them": `die 0017 bevatten`, `met 0209 erin`.
_MARKS_AFTER_DIGITS = (Sense.FRAGMENT_MARK, Sense.SUFFIX_MARK, Sense.PREFIX_MARK)


def _marks_said_after(items: list[Item]) -> list[Item]:
    """The items with a digit mark said after its digits put before them (`met 0209 erin` → `erin 0209`).

    Only a mark with no digits of its own after it: `containing 0209` keeps its order.
    """
    items = list(items)
    for at, item in enumerate(items):
        if item.sense not in _MARKS_AFTER_DIGITS or _next_digits(items, at) is not None:
            continue
        before = [i for i in range(at) if items[i].sense not in FRAMING]
        # "numbers with 45 in them": two digits stay too short (shared examples); "that contain 55" asks for them
        if before and len(items[before[-1]].digits or "") >= MIN_FRAGMENT_DIGITS:
            items.insert(before[-1], items.pop(at))
    return items


def _next_digits(items: list[Item], at: int) -> int | None:
    """Where the next digit group after `at` is, when only framing words stand between."""
    for i in range(at + 1, len(items)):
        if items[i].digits is not None:
            return i
        if items[i].sense not in FRAMING:
            return None
    return None
