"""What a question's words add up to (SPEC §3): negation, marks, digit groups, its kind, or why it is asked back."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.reading.names import Names, Place
from bot.reading.status_words import (
    ASSISTANT_WORDS,
    after_a_name_left_out,
    after_nobody,
    names_after,
    next_names_assistant,
    nobody,
    nothing,
    use_beside_shared,
)
from bot.reading.typos import ordinary_words
from bot.reading.vocabulary import OPPOSITE, STATUS_SENSES, TYPE_SENSES, Sense
from bot.reading.word_order import DIGIT_MARKS, FRAMING, MIN_FRAGMENT_DIGITS, in_reading_order
from bot.reading.words import Item

# "numbers that contain 55": two digits said to be contained are asked for as such; two alone name nothing.
MIN_MARKED_FRAGMENT_DIGITS = 2
# A prefix in national format: a leading 0 and 2-4 digits (`06`, `020`, `085`, `0297`).
PREFIX_DIGITS = range(2, 5)


@dataclass
class Reading:
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
    regions: list[str] = field(default_factory=list)  # "friesland free": a province, no town of a number
    unknown_assistant: list[str] = field(default_factory=list)
    unknown_left_out: list[str] = field(default_factory=list)  # "outside the randstad": what it cannot leave out
    forced_fragments: list[str] = field(default_factory=list)  # "containing 0436": a fragment, not a prefix
    forced_prefixes: list[str] = field(default_factory=list)  # "starting with 020 123": the start, however long
    suffixes: list[str] = field(default_factory=list)  # "ending in 4567": the number ends so
    not_types: list[str] = field(default_factory=list)  # "not mobile", "geen mobiele"
    not_prefixes: list[str] = field(default_factory=list)  # "geen 06", "behalve de 030", "not the 0900 ones"
    negated_filter: str | None = None  # "not shared": a negation the reader cannot apply
    # Two statuses side by side ("free linked numbers"): no number is both. Joined ("free or linked") they mean all.
    statuses_clash: bool = False
    said_none: bool = False  # "no", "geen", "none": with a grouping it asks for the groups with none


# "free or linked", "vrij en gekoppeld": the statuses are joined, so every number is meant.
CONJUNCTIONS = {"or", "and", "of", "en", "and/or", "en/of", "/", "&", "+", "vs", "versus", "tegenover", "n"}
# Words for every person: what is left out after them are assistants ("iedereen behalve nobody home").
EVERYONE = frozenset({"everyone", "anyone", "everybody", "anybody", "iedereen"})
# With a grouping, these ask for the groups that have none ("which cities have no free numbers").
NONE_WORDS = {"no", "none", "zero", "nul"}
# Between two names or types left out, only these carry the leaving out on ("behalve amsterdam en de rest" does
# not: "but", "only", "show" end it).
CARRIES_ON = (
    CONJUNCTIONS
    | {"nor", "noch", "the", "de", "het", "a", "an", "een", "ones", "numbers", "nummers", "number", "nummer"}
    | {
        "its",
        "their",
        "his",
        "her",
        "zijn",
        "hun",
        "haar",  # "free kick without its freephone and its cell"
    }
)
_ARTICLES = frozenset({"the", "de", "het"})
# A status phrase opened by one of these says the status before it is held by no one ("hangt … nergens aan").
_NO_ONE = frozenset({"nergens", "niemand", "nobody", "no", "niets", "niks", "nothing"})
_DIGIT_MARKS = DIGIT_MARKS
_FRAMING = FRAMING


def combine(items: list[Item]) -> Reading:
    """Add up the items: negation flips the status after it; marks say what the words after them name.

    `not in amsterdam`, `except billing desk` and `not linked to night support` leave those out; `containing 0436`
    is a fragment however it starts; `SIP 503` is a code, not digits to look for.
    """
    items = in_reading_order(items)
    reading = Reading()
    negate = exclude = none_of = leaving_out_types = leaving_out_names = leaving_out_prefixes = joined = False
    unlinked_said = False  # "aan geen enkele assistent gekoppeld": the link word after it only repeats it
    excluding = by_except = False  # a list left out after "except"/"behalve" (not "not"): it goes on across kinds
    everyone_but = False
    mark: Sense | None = None
    digit_mark: Sense | None = None
    for index, item in enumerate(items):
        sense = item.sense
        reading.said_none = reading.said_none or sense is Sense.NONE_OF or item.text.lower() in NONE_WORDS
        if item.digits is not None and digit_mark is not None:
            if (negate or exclude or none_of) and digit_mark is not Sense.CODE_MARK:
                # "numbers that don't start with 085": left out, never the opposite; "not containing" is asked back
                if digit_mark is Sense.PREFIX_MARK and item.digits.startswith("0"):
                    reading.not_prefixes.append(item.digits)
                    leaving_out_prefixes = True
                else:
                    reading.negated_filter = item.text
                negate = exclude = none_of = False
            else:
                _add_marked_digits(reading, item.digits, digit_mark)
            digit_mark = None
            continue
        if item.digits is not None and _starts_on(reading, items, index):  # "starting with 020 123": one start
            continue
        if sense in _DIGIT_MARKS:
            digit_mark = sense
        elif sense not in (Sense.FILLER, Sense.PLACE_MARK):  # "starting with 050", "ending in 0436" keep it
            digit_mark = None
        if sense in _FRAMING:
            joined = joined or item.text.lower() in CONJUNCTIONS
            # "except marum, the mobile and the 085": after a left out thing, "the" starts the next one left out
            joined = joined or (
                by_except and item.text.lower() in _ARTICLES and (leaving_out_names or leaving_out_types)
            )
            if item.text.lower() not in CARRIES_ON:  # "not mobile but local", "not in amsterdam, only in rotterdam"
                leaving_out_types = leaving_out_names = leaving_out_prefixes = False
            none_of = none_of or sense is Sense.NONE_OF
            by_except = by_except or sense is Sense.NONE_OF
            if sense is Sense.FILLER and mark is Sense.PLACE_MARK:
                mark = None  # "in a hurry", "in de regio utrecht": a word after filler is no place slot
            continue
        if sense is Sense.LIST and (negate or exclude or none_of):
            continue  # "skip everything on 0115", "drop every 085": what follows is left out
        if sense is Sense.NOBODY:
            nobody(reading, items, index)
            continue
        if sense is Sense.NOTHING:
            ended = nothing(reading, items, index)
            mark = None if ended else mark
            none_of = none_of or not ended  # "nothing on 0597", "nothing that has an assistant on it"
            continue
        if sense is Sense.LINKED and (unlinked_said or after_a_name_left_out(reading, items, index)):
            continue  # "niet aan mobile care gekoppeld": the link word after the name only closes the phrase
        if sense is Sense.LINKED and use_beside_shared(items, index):
            continue  # "numbers used by several accounts": the sharing, not a number linked to an assistant
        if sense is Sense.LINKED_TO and not names_after(items, index):
            sense = Sense.LINKED  # "not linked to anything in utrecht": no name follows, so it is the status
        unlinked_said = sense is Sense.AVAILABLE and item.words[-1] in ASSISTANT_WORDS  # "zonder assistent"
        if sense in (Sense.NEGATION, Sense.EXCLUDE):
            # "everyone except nobody home": the others are assistants, so their numbers are the linked ones
            everyone_but = everyone_but or (sense is Sense.EXCLUDE and item.words[0] in EVERYONE)
            negate, exclude = sense is Sense.NEGATION, sense is Sense.EXCLUDE
            by_except = sense is Sense.EXCLUDE
            continue
        # "everything except the mobile ones and the 085 numbers": a list after "except" goes on with another kind
        leaving_out = leaving_out_types or leaving_out_names or leaving_out_prefixes
        also_left_out = excluding and joined and leaving_out
        excluding = excluding and leaving_out
        joined = joined and sense in STATUS_SENSES  # a conjunction joins only the next status to the last
        leaving_out_types = leaving_out_types and sense in TYPE_SENSES
        leaving_out_prefixes = leaving_out_prefixes and item.digits is not None
        names_go_on = bool(item.place or item.assistants) or sense in (Sense.PLACE_MARK, Sense.ASSISTANT_MARK)
        leaving_out_names = leaving_out_names and names_go_on
        if sense in STATUS_SENSES and sense is Sense.LINKED and next_names_assistant(items, index):
            sense = Sense.LINKED_TO  # `linked billing desk`: the status word introduces the name
        if sense in STATUS_SENSES:  # "not free", "behalve de vrije": the other status
            status = OPPOSITE[sense] if negate or exclude or after_nobody(items, index) else sense
            said = [s for s in reading.senses if s in STATUS_SENSES]
            if said and said[-1] is Sense.LINKED and status is Sense.AVAILABLE and item.words[0] in _NO_ONE:
                reading.senses.remove(Sense.LINKED)  # "wat hangt er nog nergens aan": hanging on nothing is free
                said = said[:-1]
            if said and said[-1] is Sense.AVAILABLE and status is Sense.LINKED and _said_by_no_one(items, index):
                continue  # "die nog niemand heeft geclaimd": the link word only closes "niemand heeft"
            reading.statuses_clash = reading.statuses_clash or (bool(said) and said[-1] != status and not joined)
            reading.senses.append(status)
            joined = False
            negate = exclude = none_of = False  # "geen vrije nummers?" asks whether there are free ones
            continue
        if sense is Sense.ASSISTANT_MARK and not next_names_assistant(items, index, or_unknown=True):
            # "numbers without an assistant" are free; "numbers with an assistant" are linked; after a status
            # ("niet gekoppeld aan een assistent", "the line assistants") it only repeats what was said
            if not any(s in STATUS_SENSES for s in reading.senses) and not reading.assistants:
                reading.senses.append(Sense.AVAILABLE if negate or exclude or none_of else Sense.LINKED)
                unlinked_said = negate or exclude or none_of
            elif (negate or none_of) and reading.senses[-1:] == [Sense.LINKED]:
                reading.senses[-1] = Sense.AVAILABLE  # "wat hangt er niet aan een assistent": hangs on none
            negate = exclude = none_of = False
            continue
        if sense in (Sense.PLACE_MARK, Sense.ASSISTANT_MARK, Sense.LINKED_TO):
            mark, exclude, negate = sense, exclude or negate or none_of, False
            continue
        excluding = excluding or (by_except and (exclude or none_of))
        if (negate or exclude or none_of or leaving_out_names or also_left_out) and (item.place or item.assistants):
            # "buiten amsterdam en rotterdam": the next name is left out too; a status after the names is not
            # ("local numbers not in den haag that are free" asks for free ones).
            negate = exclude = none_of = False
            leaving_out_names = True
            _leave_out(reading, item)
            continue
        if (negate or exclude or none_of or leaving_out_types or also_left_out) and sense in TYPE_SENSES:
            reading.not_types.append(TYPE_SENSES[sense])  # "not mobile": every other type
            negate = exclude = none_of = False
            leaving_out_types = True  # "behalve mobiel en nationaal": the next type is left out too
            continue
        if (
            (negate or exclude or none_of or leaving_out_prefixes or also_left_out)
            and item.digits
            and is_prefix(item.digits)
        ):
            reading.not_prefixes.append(item.digits)  # "zonder de 088": every number that does not start so
            negate = exclude = none_of = False
            leaving_out_prefixes = True  # "behalve 06 en 085": the next prefix is left out too
            continue
        if (negate or exclude or none_of) and (sense is Sense.SHARED or item.digits is not None):
            reading.negated_filter = item.text  # "except 085": asked back, never read as asking for them
            negate = exclude = none_of = False
            continue
        if exclude and item.unknown and item.text not in ordinary_words():
            # "free numbers outside the randstad": asked back; ignoring it would answer the opposite, widened
            reading.unknown_left_out.append(item.text)
            negate = exclude = none_of = False
            continue
        if exclude and item.unknown and _a_place_follows(items, index):
            continue  # "except what's located in balk": an ordinary word before its place ends no leaving out
        negate = exclude = none_of = False
        _add_item(reading, item, mark)
        if not item.unknown:
            mark = None
    if everyone_but and reading.not_assistants and not any(s in STATUS_SENSES for s in reading.senses):
        reading.senses.append(Sense.LINKED)
    return reading


# How far past ordinary words a leaving out still reaches its place ("except what's located in balk").
MAX_WORDS_TO_THE_PLACE = 3


def _a_place_follows(items: list[Item], index: int) -> bool:
    """The next words are ordinary ones and then a place (with its mark): never a status or anything else."""
    for item in items[index + 1 : index + 1 + MAX_WORDS_TO_THE_PLACE]:
        if item.place is not None:
            return True
        if not (item.unknown or item.sense in (Sense.FILLER, Sense.PLACE_MARK)):
            return False
    return False


def _said_by_no_one(items: list[Item], index: int) -> bool:
    """The status said last before `index` was a phrase opened by no one ("niemand heeft", "nobody uses")."""
    before = [item for item in items[:index] if item.sense in STATUS_SENSES]
    return bool(before) and before[-1].words[0] in _NO_ONE


def with_generic_words(items: list[Item], names: Names) -> list[Item]:
    """`the line assistants`: an everyday word of names (line, team) names them when "assistant" is beside it."""
    marks = [i for i, item in enumerate(items) if item.sense is Sense.ASSISTANT_MARK]
    return [
        Item(item.words, assistants=names.generic_words[item.text])
        if item.unknown and item.text in names.generic_words and any(abs(i - at) == 1 for at in marks)
        else item
        for i, item in enumerate(items)
    ]


def _add_marked_digits(reading: Reading, group: str, mark: Sense) -> None:
    """Digits after `containing` are a fragment (a leading 0 too); after `SIP` or `status` a code, left alone."""
    if mark is Sense.CODE_MARK:
        return
    if mark is Sense.PREFIX_MARK and is_prefix(group):
        reading.digit_groups.append(group)
    elif mark is Sense.SUFFIX_MARK and len(group) >= MIN_FRAGMENT_DIGITS:
        reading.suffixes.append(group)
    elif len(group) >= (MIN_MARKED_FRAGMENT_DIGITS if mark is Sense.FRAGMENT_MARK else MIN_FRAGMENT_DIGITS):
        reading.forced_fragments.append(group)
    else:
        reading.short_digits.append(group)


# A start said in groups ("starting with 030 647") is at most a whole national number long.
MAX_PREFIX_CHARS = 10


def _starts_on(reading: Reading, items: list[Item], index: int) -> bool:
    """`starting with 020 123`: a digit group right after the start just read goes on with it, as one start."""
    before = items[index - 1] if index > 0 else None
    starts = reading.forced_prefixes or reading.digit_groups
    if before is None or before.digits is None or not starts or starts[-1] != before.digits:
        return False
    if not (index > 1 and items[index - 2].sense is Sense.PREFIX_MARK) and not reading.forced_prefixes:
        return False
    joined = starts.pop() + (items[index].digits or "")
    if len(joined) > MAX_PREFIX_CHARS:
        starts.append(joined[: -len(items[index].digits or "")])
        return False
    reading.forced_prefixes.append(joined)
    return True


def _leave_out(reading: Reading, item: Item) -> None:
    if item.place is not None:
        reading.not_places.append(item.place)
    else:
        reading.not_assistants += item.assistants


def _add_item(reading: Reading, item: Item, mark: Sense | None) -> None:
    if item.sense is not None:
        reading.senses.append(item.sense)
    elif item.place is not None:
        reading.places.append(item.place)
    elif item.assistants:
        reading.assistants += item.assistants
    elif item.digits is not None:
        target = reading.digit_groups if is_prefix(item.digits) or len(item.digits) >= MIN_FRAGMENT_DIGITS else None
        (target if target is not None else reading.short_digits).append(item.digits)
    elif mark is Sense.PLACE_MARK and item.text not in ordinary_words():  # "in ede itself", "in utrecht zelf"
        reading.unknown_place.append(item.text)
    elif mark is Sense.ASSISTANT_MARK and item.text not in ordinary_words():  # "… to an assistant? thanks a lot"
        reading.unknown_assistant.append(item.text)
    elif len(item.text) > 1:
        reading.unknown.append(item.text)


def is_prefix(group: str) -> bool:
    """A prefix in national format: a leading 0 and 2-4 digits."""
    return group.startswith("0") and len(group) in PREFIX_DIGITS
