"""What a question's words add up to (SPEC §3): negation, marks, digit groups, its kind, or why it is asked back."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import _
from bot.i18n.words import adjective, either, group_word, type_word
from bot.reading.names import Names, Place
from bot.reading.phones import international_prefix
from bot.reading.question import GroupBy, Kind, Question, Status
from bot.reading.text import digits
from bot.reading.typos import ordinary_words
from bot.reading.vocabulary import GROUP_SENSES, OPPOSITE, ORDER_STATUS_SENSES, STATUS_SENSES, TYPE_SENSES, Sense
from bot.reading.word_order import DIGIT_MARKS, FRAMING, MIN_FRAGMENT_DIGITS, in_reading_order
from bot.reading.words import Item

# One line each; a longer list is cut, and the reply says how many were left out (the shortcut reads more).
MAX_LOOKUPS = 40
# "numbers that contain 55": two digits said to be contained are asked for as such; two alone name nothing.
MIN_MARKED_FRAGMENT_DIGITS = 2
# A prefix in national format: a leading 0 and 2-4 digits (`06`, `020`, `085`, `0297`).
PREFIX_DIGITS = range(2, 5)

# A question back names at most this many words it could not place.
MAX_NAMED = 5


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


# The word a "no assistant" phrase ends with: `zonder assistent gekoppeld` says free once.
ASSISTANT_WORDS = frozenset({"assistant", "assistent", "assistants", "assistenten"})
# "free or linked", "vrij en gekoppeld": the statuses are joined, so every number is meant.
CONJUNCTIONS = {"or", "and", "of", "en", "and/or", "en/of", "/", "&", "+"}
# With a grouping, these ask for the groups that have none ("which cities have no free numbers").
NONE_WORDS = {"no", "none", "zero", "nul"}
# Between two names or types left out, only these carry the leaving out on ("behalve amsterdam en de rest" does
# not: "but", "only", "show" end it).
CARRIES_ON = CONJUNCTIONS | {"nor", "noch", "the", "de", "het", "a", "an", "een", "ones", "numbers", "nummers"}
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
            if item.text.lower() not in CARRIES_ON:  # "not mobile but local", "not in amsterdam, only in rotterdam"
                leaving_out_types = leaving_out_names = leaving_out_prefixes = False
            none_of = none_of or sense is Sense.NONE_OF
            by_except = by_except or sense is Sense.NONE_OF
            if sense is Sense.FILLER and mark is Sense.PLACE_MARK:
                mark = None  # "in a hurry", "in de regio utrecht": a word after filler is no place slot
            continue
        if sense is Sense.NOBODY:
            _nobody(reading, items, index)
            continue
        if sense is Sense.NOTHING:
            mark = None if _nothing(reading, items, index) else mark
            continue
        if sense is Sense.LINKED and (unlinked_said or _after_a_name_left_out(reading, items, index)):
            continue  # "niet aan mobile care gekoppeld": the link word after the name only closes the phrase
        if sense is Sense.LINKED_TO and not _names_after(items, index):
            sense = Sense.LINKED  # "not linked to anything in utrecht": no name follows, so it is the status
        unlinked_said = sense is Sense.AVAILABLE and item.words[-1] in ASSISTANT_WORDS  # "zonder assistent"
        if sense in (Sense.NEGATION, Sense.EXCLUDE):
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
        if sense in STATUS_SENSES and sense is Sense.LINKED and _next_names_assistant(items, index):
            sense = Sense.LINKED_TO  # `linked billing desk`: the status word introduces the name
        if sense in STATUS_SENSES:  # "not free", "behalve de vrije": the other status
            status = OPPOSITE[sense] if negate or exclude or _after_nobody(items, index) else sense
            said = [s for s in reading.senses if s in STATUS_SENSES]
            reading.statuses_clash = reading.statuses_clash or (bool(said) and said[-1] != status and not joined)
            reading.senses.append(status)
            joined = False
            negate = exclude = none_of = False  # "geen vrije nummers?" asks whether there are free ones
            continue
        if sense is Sense.ASSISTANT_MARK and not _next_names_assistant(items, index, or_unknown=True):
            # "numbers without an assistant" are free; "numbers with an assistant" are linked; after a status
            # ("niet gekoppeld aan een assistent", "the line assistants") it only repeats what was said
            if not any(s in STATUS_SENSES for s in reading.senses) and not reading.assistants:
                reading.senses.append(Sense.AVAILABLE if negate or exclude or none_of else Sense.LINKED)
                unlinked_said = negate or exclude or none_of
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
            and _is_prefix(item.digits)
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
        negate = exclude = none_of = False
        _add_item(reading, item, mark)
        if not item.unknown:
            mark = None
    return reading


def _nobody(reading: Reading, items: list[Item], index: int) -> None:
    """`die niemand gebruikt`: free; `used by nobody`: the linked said just before is turned round."""
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    if before and before[-1].sense in STATUS_SENSES and reading.senses and reading.senses[-1] in STATUS_SENSES:
        reading.senses[-1] = OPPOSITE[reading.senses[-1]]
    elif not _next_is_status(items, index):
        reading.senses.append(Sense.AVAILABLE)


def _after_a_name_left_out(reading: Reading, items: list[Item], index: int) -> bool:
    """`die niet aan mobile care gekoppeld zijn`: the link word right after an assistant left out."""
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    return bool(before and before[-1].assistants and set(before[-1].assistants) <= set(reading.not_assistants))


def _names_after(items: list[Item], index: int) -> bool:
    """Whether something after `linked to` can be the name: a name, `assistant`, a word not placed, or nothing."""
    rest = [item for item in items[index + 1 :] if item.sense not in _FRAMING]
    if not rest:
        return True  # "linked to": asked as typed
    first = rest[0]
    return bool(first.assistants) or first.unknown or first.sense in (Sense.ASSISTANT_MARK, Sense.NOTHING, Sense.NOBODY)


def _nothing(reading: Reading, items: list[Item], index: int) -> bool:
    """`linked to nothing`, `hangen aan niets`: free; True when it ended a `linked to` (no name follows)."""
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    if before and before[-1].sense is Sense.LINKED and reading.senses and reading.senses[-1] is Sense.LINKED:
        reading.senses[-1] = Sense.AVAILABLE
    elif before and before[-1].sense is Sense.LINKED_TO:
        reading.senses.append(Sense.AVAILABLE)
        return True
    return False


def _next_is_status(items: list[Item], index: int) -> bool:
    rest = [item for item in items[index + 1 :] if item.sense not in _FRAMING]
    return bool(rest) and rest[0].sense in STATUS_SENSES


def _after_nobody(items: list[Item], index: int) -> bool:
    """`numbers nobody uses`, `nergens aan gekoppeld`: the status word right after "nobody" is said of nobody."""
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    if before and before[-1].sense is Sense.NOTHING:  # "niks vrij" is not "linked": only a link word turns round
        return items[index].sense is Sense.LINKED
    return bool(before) and before[-1].sense is Sense.NOBODY


# A pasted line with a stray code ("webhook 502 at 10.1.2.3") is not a question about numbers containing 502.
MIN_UNKNOWN_AROUND_DIGITS = 2


def _digits_among_unknown_words(reading: Reading, statuses: set[str], types: set[str]) -> bool:
    """Only a digit group and words the reader cannot place: an alert's code, not a fragment to search for."""
    named = reading.places or reading.assistants or reading.not_places or reading.not_assistants
    said = set(reading.senses) - {Sense.FILLER}
    only_digits = not (statuses or types or named or said)
    has_digits = bool(reading.digit_groups or reading.forced_fragments or reading.forced_prefixes or reading.suffixes)
    return only_digits and has_digits and len(set(reading.unknown)) >= MIN_UNKNOWN_AROUND_DIGITS


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
    if mark is Sense.PREFIX_MARK and _is_prefix(group):
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


def _next_names_assistant(items: list[Item], index: int, *, or_unknown: bool = False) -> bool:
    """`linked billing desk`: a status word right before an assistant's name introduces the name."""
    rest = [item for item in items[index + 1 :] if item.sense not in _FRAMING]
    return bool(rest) and (bool(rest[0].assistants) or (or_unknown and rest[0].unknown and not rest[0].digits))


def _add_item(reading: Reading, item: Item, mark: Sense | None) -> None:
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


def _prefixes_and_fragments(reading: Reading) -> tuple[list[str], list[str]]:
    """`020`, `06`, `085` start a number; other groups, and any after `containing`, are found inside it."""
    prefixes = [*reading.forced_prefixes, *(group for group in reading.digit_groups if _is_prefix(group))]
    fragments = [*reading.forced_fragments, *(group for group in reading.digit_groups if not _is_prefix(group))]
    return prefixes, fragments


def unused_words(reading: Reading, kind: Kind) -> list[str]:
    """What a question said that its answer does not use, to be named as ignored."""
    unused = [*reading.unknown, *unused_digits(reading)]
    if kind in (Kind.ORDERS, Kind.BUYABLE):  # Flireo filters orders and offers by status, type and digits only
        unused += [place.label for place in reading.places] + reading.assistants
    if kind is Kind.LIST and Sense.BUYABLE in reading.senses:
        unused.append("buy")
    if kind is Kind.BUYABLE:
        unused += reading.short_digits
    return unused


def unused_digits(reading: Reading) -> list[str]:
    """Digit groups the answer does not use: one prefix and one fragment are; a second, or two digits, are not."""
    prefixes, fragments = _prefixes_and_fragments(reading)
    return [*prefixes[1:], *fragments[1:], *reading.suffixes[1:], *reading.short_digits]


def _is_prefix(group: str) -> bool:
    return group.startswith("0") and len(group) in PREFIX_DIGITS


def question_of(reading: Reading, lookups: tuple[str, ...], explicit: dict[str, list[str]], region: str) -> Question:
    senses = set(reading.senses)
    statuses = {STATUS_SENSES[s] for s in senses if s in STATUS_SENSES}
    if len(statuses) > 1:
        # "free or linked", "vrij en gekoppeld": every number, whichever it is ("how many free and how many
        # linked": the count's breakdown answers both); side by side ("free linked") they are asked back.
        statuses = set()
    types = {TYPE_SENSES[s] for s in senses if s in TYPE_SENSES}
    order_status = next((ORDER_STATUS_SENSES[s] for s in reading.senses if s in ORDER_STATUS_SENSES), None)
    refresh = Sense.REFRESH in senses
    # In the order they were said ("local or mobile"), each once; a type also left out is asked back (_problem).
    number_types = tuple(dict.fromkeys(TYPE_SENSES[s] for s in reading.senses if s in TYPE_SENSES))
    number_type = number_types[0] if len(number_types) == 1 else None
    if Sense.ORDERS in senses or (order_status and not lookups and not _filters(reading, statuses, types)):
        return Question(
            kind=Kind.ORDERS, order_status=order_status, lookups=lookups[:1], number_types=number_types, refresh=refresh
        )
    prefixes, fragments = _prefixes_and_fragments(reading)
    # "free numbers in rotterdam, or should I buy one": the account's numbers are asked about first.
    about_account = bool(statuses or reading.assistants)  # a place alone goes with offers too ("buy local amsterdam")
    if (Sense.BUYABLE in senses and not about_account) or "pattern" in explicit:
        # Flireo matches the pattern in the E.164 number: `085` is looked for as `3185`.
        wanted = [international_prefix(p, region)[1:] for p in prefixes] + fragments + reading.suffixes
        pattern = "".join(wanted[:1]) or (digits(lookups[0]) if lookups else None)
        if len(number_types) > 1:
            kinds = either([f"*{type_word(kind)}*" for kind in number_types])
            problem = _("Flireo offers one number type at a time: ask for {types}.").format(types=kinds)
            return Question(kind=Kind.CLARIFY, problem=problem)
        offered = (number_type or "national",)
        return Question(kind=Kind.BUYABLE, number_types=offered, fragment=pattern, refresh=refresh)
    if lookups:
        return Question(kind=Kind.LOOKUP, lookups=lookups[:MAX_LOOKUPS], refresh=refresh)
    if problem := _problem(reading, statuses, types):
        return Question(kind=Kind.CLARIFY, problem=problem)
    filters = {
        "status": Status(next(iter(statuses))) if statuses else None,
        "number_types": number_types,
        "not_number_types": tuple(dict.fromkeys(reading.not_types)),
        "places": tuple(dict.fromkeys(place.label for place in reading.places)),
        "place_spellings": tuple(sorted({s for place in reading.places for s in place.spellings})),
        "assistants": tuple(dict.fromkeys(reading.assistants)),
        "not_places": tuple(dict.fromkeys(place.label for place in reading.not_places)),
        "not_place_spellings": tuple(sorted({s for place in reading.not_places for s in place.spellings})),
        "not_assistants": tuple(dict.fromkeys(reading.not_assistants)),
        "prefix": prefixes[0] if prefixes else None,
        "not_prefixes": tuple(dict.fromkeys(reading.not_prefixes)),
        "fragment": fragments[0] if fragments else None,
        "suffix": reading.suffixes[0] if reading.suffixes else None,
        "shared": Sense.SHARED in senses,
        "refresh": refresh,
    }
    group_by = next((GroupBy(GROUP_SENSES[s]) for s in reading.senses if s in GROUP_SENSES), None)
    if group_by is not None and reading.said_none:  # "which cities have no free numbers": not the ones that do
        return Question(
            kind=Kind.CLARIFY,
            problem=_(
                "I can't list the {groups} with none yet: ask for the count per {group} (e.g. `{example}`); "
                "those it does not list have none."
            ).format(
                groups=group_word(group_by, 2),
                group=group_word(group_by),
                example=_("numbers per {group}").format(group=group_word(group_by)),
            ),
        )
    # "numbers per city", "hoeveel per assistent": a count for each, whatever else the words ask.
    kind = Kind.COUNT if group_by else _kind(senses, _filters(reading, statuses, types), reading)
    return Question(kind=kind, group_by=group_by, **filters)


def _filters(reading: Reading, statuses: set[str], types: set[str]) -> bool:
    named = reading.places or reading.assistants or reading.not_places or reading.not_assistants
    digit_filters = (
        reading.digit_groups
        or reading.forced_fragments
        or reading.forced_prefixes
        or reading.suffixes
        or reading.not_prefixes
    )
    return bool(statuses or types or reading.not_types or named or digit_filters) or Sense.SHARED in reading.senses


def _kind(senses: set[Sense], has_filters: bool, reading: Reading) -> Kind:
    if has_filters:
        return Kind.COUNT if senses & {Sense.COUNT, Sense.STATS} else Kind.LIST
    if Sense.HELP in senses:
        return Kind.HELP
    if senses & {Sense.COUNT, Sense.STATS}:
        return Kind.STATS
    if senses & {Sense.LIST, Sense.LOOKUP} or len(senses & set(STATUS_SENSES)) > 1:  # "free or linked": all of them
        return Kind.LIST
    return Kind.STATS if Sense.REFRESH in senses else Kind.HELP


def _problem(reading: Reading, statuses: set[str], types: set[str]) -> str | None:
    """Why the question cannot be answered as read, or None: never a confident answer to a misread question."""
    if reading.statuses_clash and not set(reading.senses) & {Sense.COUNT, Sense.STATS}:
        return _("A number cannot be both *available* and *linked*: ask for one, or `free or linked` for all of them.")
    if both := [kind for kind in dict.fromkeys(reading.not_types) if kind in types]:
        return _("Do you want *{kind}* numbers or not? Ask for them, or say `not {type}`.").format(
            kind=adjective(both[0]), type=type_word(both[0])
        )
    if reading.negated_filter:
        return _(
            "I can't leave out *{kind}* numbers yet: ask for the ones you want, e.g. `local`, `mobile` or `national`."
        ).format(kind=adjective(reading.negated_filter))
    if reading.unknown_left_out:
        word = reading.unknown_left_out[0][:60]
        return _(
            "I don't know *{word}*, so I can't leave it out: name a place, an assistant, a type or a prefix."
        ).format(word=word)
    if reading.unknown_place:
        place = " ".join(reading.unknown_place)[:60]
        return _("I don't know a place called *{place}*.").format(place=place)
    if reading.unknown_assistant:
        name = " ".join(reading.unknown_assistant)[:60]
        return _("No assistant on the account is called *{name}*.").format(name=name)
    filtered = _filters(reading, statuses, types)
    said = set(reading.senses) - {Sense.FILLER, Sense.LOOKUP}  # "find" or "wie" alone asks for nothing yet
    if reading.short_digits and not filtered and not said:  # "find 45": two digits name no number
        group = reading.short_digits[0]
        return _("*{digits}* is too short to look up: give at least {least} digits, or the whole number.").format(
            digits=group, least=MIN_FRAGMENT_DIGITS
        )
    if _digits_among_unknown_words(reading, statuses, types):
        group = (reading.forced_fragments or reading.digit_groups)[0]
        return _(
            "I found no phone number in that. To look for numbers containing *{digits}*, ask `numbers containing "
            "{digits}`."
        ).format(digits=group)
    if reading.unknown and not filtered and not said:  # "wie ben jij", "geen idee wat ik zoek"
        return not_understood(reading.unknown)
    return None


def not_understood(words: list[str]) -> str:
    """'I don't understand *xyz*.': what a question that names nothing readable is told."""
    telling = [word for word in words if word not in ordinary_words()] or words  # "ik", "wil" tell nothing
    named = ", ".join(f"*{word[:30]}*" for word in list(dict.fromkeys(telling))[:MAX_NAMED])
    return _("I don't understand {words}.").format(words=named)


# A greeting alone ("hi", "hallo") asks what the bot can do: it gets help, as `help` and `?` do.
GREETINGS = frozenset({"hi", "hello", "hey", "yo", "hoi", "hallo", "hee", "goedemorgen", "goedemiddag", "goedenavond"})


def asked_nothing_readable(reading: Reading, tokens: list[str]) -> bool:
    """Words were typed, yet none asks anything (`x`, `pls`): not a request for help, but a question not read."""
    return bool(tokens) and Sense.HELP not in reading.senses and not set(tokens) <= GREETINGS
