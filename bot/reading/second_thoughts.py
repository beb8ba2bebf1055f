"""A question corrected while it is typed (`free in valkenswaard? nope, i mean the taken ones`, `vrij in
vollenhove? nee wacht, juist de bezette`): what is said after the correction replaces what it corrects, and the
rest of the question stands. Read whole, both statuses clash, or both places are listed (a widened listing)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.reading.clauses import FILTER_FIELDS, MAX_SPLIT_CHARS, PLACELESS, filter_kinds
from bot.reading.names import Names
from bot.reading.question import Kind, Question
from bot.reading.words import tokens_of

# Words that take back what was just said, in English and Dutch (some only before a break: "no, …", "nvm, …").
_MARKERS = r"""
    nope|no wait|wait no|wait|i mean|i meant|scratch that|correction|oops|sorry i mean|sorry|forget it|forget that|
    oh no|oh wait|actually no|actually|actually make that|make that|actually make it|make it|on second thoughts?|
    scrap that|strike that|or rather|hmm no|nah|erm|no(?=\s*[,:])|no no|my bad|my mistake|sorry typo|typo|
    let me rephrase|rephrase|to be precise|i should say|should have said|instead(?!\s+of)|edit(?=\s*[:,])|ignore that|
    never mind that|nvm|never mind(?=\s*[,.:!])|no hang on|hang on|hold on|come to think of it|better make it|
    sry i mean|sry|
    bij nader inzien|nou nee|nee streep dat|streep dat|doe toch maar|doe maar|verbetering|ho stop|ho wacht|andersom|
    of eigenlijk|eigenlijk|oh wacht|nee wacht|wacht even|wacht|ik bedoel|bedoel ik|ik bedoelde|bedoelde|bedoel|bdl|
    correctie|oeps|nee toch niet|nee toch|o nee|oh nee|laat maar(?=\s*[,.:!])|sorry ik bedoel|neuh|neu|ne{2,}|
    foutje|mijn fout|typfout|tikfout|of liever|beter gezegd|anders gezegd|vergeet dat|of nou ja|nou ja|nouja|momentje|
    nu ik erover nadenk|sorry verkeerd|verkeerd|moet zijn|moest zijn|wrong town|wrong place|verkeerde plaats|
    verkeerde plek|pardon(?=\s*[,.:!])|bedenk me net|ik bedenk me|ho(?=\s*[,.:!])|autocorrect"""
# The longest first: "sorry typo" is one marker, never "sorry" and a word left to read.
_ALTERNATIVES = sorted("".join(line.strip() for line in _MARKERS.splitlines()).split("|"), key=len, reverse=True)
_TAKEN_BACK = re.compile(
    r"[,.;:?!]?\s*\b(?:" + "|".join(marker.replace(" ", r"\s+") for marker in _ALTERNATIVES) + r")\b[,.:!]?",
    re.IGNORECASE,
)
_READ = (Kind.LIST, Kind.COUNT)
# Words after a correction marker that add to what was said rather than replace it.
_ADDING = frozenset({"also", "too", "as", "and", "plus", "ook", "en", "eveneens", "erbij"})
# Words for all of something: after a correction, only what is said with them stands.
_ALL = frozenset({"all", "every", "everything", "alle", "alles", "allemaal", "whole", "hele"})
_BREAK = re.compile(r"[,;?]\s*(?:hmm+|uh+|erm|eh+)?[,]?\s*", re.IGNORECASE)


# How chat corrects a slip: `*Idle Talk` (a star before what was meant) and `s/Brakel/Zuilichem/`.
_STARRED = re.compile(r"(?<!\S)\*(?=\w[^*]*$)")
_SUBSTITUTED = re.compile(r"\bs/([^/]{2,40})/([^/]{2,40})/?")


def on_second_thoughts(text: str, names: Names, read_clause: Callable[[str], Question]) -> Question | None:
    """The question as corrected midway: the first part's filters with those said after the correction, or None."""
    if len(text) > MAX_SPLIT_CHARS:
        return None
    if (sub := _SUBSTITUTED.search(text)) and sub.group(1).casefold() in text[: sub.start()].casefold():
        before = re.sub(re.escape(sub.group(1)), sub.group(2), text[: sub.start()], flags=re.IGNORECASE)
        return read_clause(before)  # "free numbers in brakel -- s/brakel/zuilichem/"
    text = _STARRED.sub(", i mean ", text)  # "numbers of open book *idle talk"
    if not (said := [marker for marker in _TAKEN_BACK.finditer(text) if not _in_a_name(text, marker, names)]):
        return None
    # "scratch that, dedemsvaart i meant", "o nee sorry, in grou bedoel ik": what is left after the first marker
    left, right = text[: said[0].start()], _TAKEN_BACK.sub(" ", text[said[0].end() :])
    if not right.strip() and (breaks := list(_BREAK.finditer(left))):
        # "… in roden, hmm, in cuijk i meant": the marker said last takes back the clause before the last break
        left, right = left[: breaks[-1].start()], left[breaks[-1].end() :]
    if not left.strip() or not right.strip():
        return None
    first, second = read_clause(left), read_clause(right)
    if second.ignored and (cut := _BREAK.search(right)) and right[: cut.start()].strip():
        second = read_clause(right[: cut.start()])  # "… or rather grijpskerk, always mix those up": chatter after
    kinds = filter_kinds(second)
    if first.kind not in _READ or second.kind not in _READ or not kinds or first.ignored or second.ignored:
        return None
    if dropped := _places_dropped(first, second):  # "vrij in woudenberg en havelte? nee, havelte laat maar"
        return first.model_copy(update=dropped)
    if set(tokens_of(right)) & _ADDING:  # "free in kampen, wait, also zwolle": said besides, not instead
        return None
    if set(tokens_of(right)) & _ALL and _said_before(first, second, kinds):
        return second  # "X's numbers in hoeven, nope, make that all of X's": what was said before goes
    update = {field: getattr(second, field) for kind in kinds for field in FILTER_FIELDS[kind]}
    update |= _no_longer_fitting(first, second, kinds)
    kind = Kind.COUNT if Kind.COUNT in (first.kind, second.kind) else Kind.LIST
    corrections = (*first.corrections, *second.corrections)
    return first.model_copy(update={**update, "kind": kind, "corrections": corrections})


def _no_longer_fitting(first: Question, second: Question, kinds: set[str]) -> dict[str, object]:
    """`free local in zwolle, actually make that mobile`: a mobile is in no place, so the place said before goes
    with the type it corrects (kept, it would be "0 found"); `free mobiles, nee wacht, in kampen`: the type goes; a
    prefix said instead says both where and which type."""
    placeless = bool(second.number_types) and set(second.number_types) <= PLACELESS
    if "place" not in kinds and placeless and (first.places or first.prefix):
        return {field: getattr(Question(), field) for field in (*FILTER_FIELDS["place"], "prefix")}
    if "place" not in kinds and "type" not in kinds and second.prefix:  # "wie heeft mobiel, nee, de 0800"
        return {field: getattr(Question(), field) for field in (*FILTER_FIELDS["place"], *FILTER_FIELDS["type"])}
    if "type" not in kinds and second.places and set(first.number_types) & PLACELESS:
        return {"number_types": ()}
    return {}


def _said_before(first: Question, second: Question, kinds: set[str]) -> bool:
    """Every filter the correction says, the first question said too (`all of X's` after `X's numbers in Y`)."""
    return all(getattr(first, field) == getattr(second, field) for kind in kinds for field in FILTER_FIELDS[kind])


def _in_a_name(text: str, marker: re.Match[str], names: Names) -> bool:
    """`leave out nee hoor and not again`: the marker's word is a word of a name beside it (Nee Hoor)."""
    before, said, after = tokens_of(text[: marker.start()]), tokens_of(marker[0]), tokens_of(text[marker.end() :])
    # "except nee toch and …": the marker is a name; "nee, toch liever de bezette": a break after it ends it
    after = [] if marker[0].rstrip()[-1:] in ",.:!" else after
    pairs = (before[-1:] + said[:1], said[-1:] + after[:1])
    # The marker alone is a name only when it is a whole one ("free in emst, no wait, i meant …" beside No Wait Desk)
    whole = " ".join(said) in names.assistant_names or " ".join(said) in names.places
    return whole or any(
        len(pair) >= 2 and (names.assistant_run(" ".join(pair)) or " ".join(pair) in names.places) for pair in pairs
    )


def _places_dropped(first: Question, second: Question) -> dict[str, object] | None:
    """The first question's places less those the correction only leaves out, or None when it does more."""
    if filter_kinds(second) != {"place"} or second.places or not set(second.not_places) <= set(first.places):
        return None
    places = tuple(place for place in first.places if place not in second.not_places)
    spellings = tuple(s for s in first.place_spellings if s not in second.not_place_spellings)
    return {"places": places, "place_spellings": spellings} if places else None
