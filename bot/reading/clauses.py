"""Two questions in one (`free numbers in utrecht and which mobile ones are linked`): where a question splits into
two listings, each answered on its own instead of one merged filter set that widens or narrows both."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.reading.names import Names
from bot.reading.question import Kind, Question
from bot.reading.vocabulary import STATUS_SENSES, TYPE_SENSES, Sense
from bot.reading.words import Item, scan, tokens_of

# A question beside another is a clause of a short question; an alert's lines are context, not questions.
MAX_SPLIT_CHARS = 300
MAX_SPLIT_POINTS = 6
# Each side names at least this many kinds of filter ("free in ede"): "vrij en gekoppeld in ede" is one question
# about every number in Ede, and "free numbers in utrecht and amersfoort" one listing of two places.
MIN_FILTERS_EACH = 2
# Where one question ends and the next starts. Strong joins ("; also …", ", daarnaast …") split first; "and"/"en"
# also join names and types ("utrecht and amersfoort"), so they split only between two whole questions.
_JOINS = re.compile(
    r"(?P<strong>[;?]|,|\.(?!\d)|\b(?:and also|en ook|as well as|en daarnaast|also|ook|plus|daarnaast|bovendien|tevens|"
    r"alsmede|evenals|additionally|furthermore|moreover|then|daarna|vervolgens|btw|by the way|trouwens|overigens)\b)"
    r"|(?P<weak>\b(?:and|en)\b|[&+])",
    re.IGNORECASE,
)
# Words that open a question of their own: "… and which mobile ones are linked", "… en hoeveel gekoppeld".
_REQUESTS = frozenset({"count", "list", "show", "tel", "toon", "geef"})
_ASKING = frozenset(
    {"which", "what", "how", "welke", "wat", "hoeveel", "hoe", "are", "is", "zijn", "zijn er"}
    | _REQUESTS  # "open in coevorden; count in veendam": a request of its own
)


def _shared_beside_another(first: Question, second: Question) -> bool:
    """One side asks for the shared numbers alone, the other for the account's own: two sets, never one."""
    sides = (filter_kinds(first), filter_kinds(second))
    whole = read_whole(first) and read_whole(second) and all(sides)
    return whole and sides.count({"shared"}) == 1 and not all("shared" in side for side in sides)


def filter_kinds(question: Question) -> set[str]:
    """The kinds of filter a question sets (status, types, places, …)."""
    kinds = {
        "status": question.status is not None,
        "type": bool(question.number_types or question.not_number_types),
        "place": bool(question.places or question.not_places),
        "assistant": bool(question.assistants or question.not_assistants),
        "prefix": bool(question.prefix or question.not_prefixes),
        "digits": bool(question.fragment or question.suffix),
        "shared": question.shared,
    }
    return {kind for kind, said in kinds.items() if said}


# A word pointing back at a place said before it: the part it is in is no question of its own.
_THERE = re.compile(r"\b(?:there|daar|aldaar)\W*$", re.IGNORECASE)


def two_listings(
    text: str, names: Names, read_clause: Callable[[str], Question], *, at_odds: bool = False
) -> tuple[Question, Question] | None:
    """The two listings `text` asks for, each read alone, or None when it is one question.

    `at_odds`: read whole, the question asks for no number at all (two statuses side by side, an assistant's free
    numbers): then a side with one kind of filter is a question too, unless it is a bare status and the second does
    not open with a question word ("which numbers does mobile care have and which are free in ede", "numbers of
    mobile care and free numbers in ede").
    """
    if len(text) > MAX_SPLIT_CHARS:
        return None
    for at, end, strong in split_points(text):
        left, right = text[:at], text[end:]
        if not left.strip() or not right.strip():
            continue
        if filter_kinds(setting := read_clause(left)) == {"place"} and (
            _THERE.search(right)
            or (_only_a_place(left, setting, names) and "place" not in filter_kinds(read_clause(right)))
        ):
            continue  # "gouda, what does mobile care have there", "in ede, wat heeft niemand": its place said first
        if _only_a_prefix(left, setting) and "prefix" not in filter_kinds(read_clause(right)):
            continue  # "0517, how many taken": the prefix said first is the setting
        if not _opens_asking(right) and _continues_a_list(left, right, names):  # "… and which in utrecht" asks
            continue
        if _goes_on_leaving_out(read_clause(left), right, names):
            continue  # "rosmalen radar except marum, the mobile and the 085": one list left out
        first, second = read_clause(left), read_clause(right)
        if not _asks_for_something(first):
            continue  # "excluding ommen, which local numbers are free": what is left out, then the question
        if _only_leaves_out(first, second):
            continue  # "linked locals, everyone except busy bees": what is left out of the first question
        if first.kind is second.kind is Kind.COUNT and filter_kinds(second) == {"status"} != filter_kinds(first):
            return None  # "vaals: hoeveel vrij, hoeveel bezet": one count, its breakdown answers both
        if at_odds and _each_a_question(first, second, right):
            return first, second
        if _a_question_of_its_own(first, second, right):  # "how many in ede and what does mobile care have"
            return first, second
        if _another_place_asked_otherwise(first, second, right):  # "numbers in ede + what's free in goor"
            return first, second
        if strong and _shared_beside_another(first, second):  # "show shared nrs and also free in beilen"
            return first, second
        if not (_whole_listing(first, MIN_FILTERS_EACH) and read_whole(second) and _asks_for_something(second)):
            continue
        if (
            _opens_with_a_link_word(right, names)
            and second.status != first.status
            and filter_kinds(second) - {"status"}
        ):
            # "… and linked mobile care numbers": a status of its own and a name; "… and linked" alone may join the
            # statuses ("free numbers in ede and linked": every number in Ede)
            return first, second
        if _whole_listing(second, MIN_FILTERS_EACH) and _asks_again(first, second, right, strong):
            return first, second
        if (said_again := _said_again(first, second, right)) is not None:
            return first, said_again
    return None


# The fields of each kind of filter, as a second question that names only some of them says them again.
FILTER_FIELDS = {
    "status": ("status",),
    "type": ("number_types", "not_number_types"),
    "place": ("places", "place_spellings", "not_places", "not_place_spellings"),
    "assistant": ("assistants", "not_assistants"),
    "prefix": ("prefix", "not_prefixes"),
    "digits": ("fragment", "suffix"),
    "shared": ("shared",),
}
# Number types that are in no place: a place said beside one of them (before a correction, or counted) goes with it.
PLACELESS = frozenset({"mobile", "national"})


def _said_again(first: Question, second: Question, right: str) -> Question | None:
    """`how many free in ede and how many in utrecht`: a question of its own that names only some of the first's
    kinds of filter, with other values, asks the first again with those: free numbers in Utrecht."""
    return with_the_firsts_other_filters(first, second) if _opens_asking(right) else None


def with_the_firsts_other_filters(first: Question, second: Question) -> Question | None:
    kinds = filter_kinds(second)
    if not (read_whole(second) and kinds and kinds < filter_kinds(first)):
        return None
    # Another type does not keep the first's place ("… and how many mobile": mobile numbers have no place).
    if kinds & {"shared", "type"} or any(
        getattr(first, f) == getattr(second, f) for kind in kinds for f in FILTER_FIELDS[kind][:1]
    ):
        return None
    update = {field: getattr(second, field) for kind in kinds for field in FILTER_FIELDS[kind]}
    return first.model_copy(update={**update, "kind": second.kind})


def split_points(text: str) -> Iterator[tuple[int, int, bool]]:
    joins = list(_JOINS.finditer(text))[:MAX_SPLIT_POINTS]
    strong = [(m.start(), m.end(), True) for m in joins if m.group("strong")]
    weak = [(m.start(), m.end(), False) for m in joins if m.group("weak")]
    yield from (*strong, *weak)


def _each_a_question(first: Question, second: Question, right: str) -> bool:
    """Read alone, each side asks for numbers; a bare status ("available, linked in amsterdam") only before a
    question word of its own ("… and which are free in ede")."""
    sides = (first, second)
    if not all(_whole_listing(side, 1) and _asks_for_something(side) for side in sides):
        return False
    return _opens_asking(right) or not any(filter_kinds(side) == {"status"} for side in sides)


def read_whole(question: Question) -> bool:
    """A listing or count read in full: nothing ignored or asked back, not counted per group."""
    return question.kind in (Kind.LIST, Kind.COUNT) and not question.ignored and question.group_by is None


def _whole_listing(question: Question, least: int) -> bool:
    """A listing or count read in full with filters of `least` kinds or more."""
    return read_whole(question) and len(filter_kinds(question)) >= least


def _asks_for_something(question: Question) -> bool:
    """Not only what is left out: ", not in utrecht and not mobile care" narrows the first question."""
    return bool(
        question.status
        or question.number_types
        or question.places
        or question.assistants
        or question.prefix
        or question.fragment
        or question.suffix
        or question.shared
    )


def _only_leaves_out(first: Question, second: Question) -> bool:
    """The second clause leaves something out and asks for nothing but the first's status ("everyone but X" says
    linked): it narrows the first."""
    leaves_out = second.not_assistants or second.not_places or second.not_number_types or second.not_prefixes
    asks = second.model_copy(update={"status": None})
    return bool(leaves_out) and second.status in (None, first.status) and not _asks_for_something(asks)


def _opens_with_a_link_word(right: str, names: Names) -> bool:
    said = _said(scan(tokens_of(right), names, names.data_spellings))
    return bool(said) and said[0].sense in (*STATUS_SENSES, Sense.LINKED_TO)


def _asks_again(first: Question, second: Question, right: str, strong: bool) -> bool:
    """The second clause is a question of its own: after a strong join, with a status, a count or a question word
    of its own, or the same kinds of filter as the first ("free mobile and linked national")."""
    if strong or second.status is not None or second.kind is Kind.COUNT:
        return True
    if _opens_asking(right):
        return True
    return len(filter_kinds(first) & filter_kinds(second)) >= MIN_FILTERS_EACH


# A question word that opens a question of its own unless a copula follows ("… and which are mobile" narrows the
# first; "… and what does mobile care have", "… en wat heeft nobody home" asks again).
_QUESTION_WORDS = frozenset({"what", "which", "who", "how", "wat", "welke", "wie", "hoeveel"})
MIN_OWN_QUESTION_WORDS = 3  # a question word, a verb and what it asks: "what does mobile care have"
# A place mark narrows too: "mobile care, welke in ede" asks for its numbers in Ede.
_NARROWING = frozenset({"are", "is", "were", "was", "zijn", "zitten", "staan", "of", "van", "in", "at", "te", "uit"})
_SKIPPED = frozenset({"ones", "one", "numbers", "nummers", "nrs", "nums", "daarvan", "ervan"})


def _only_a_place(text: str, read: Question, names: Names) -> bool:
    """The clause names a place and nothing else ("in spijkenisse", "ede", "domberg" read as Domburg): the setting of
    the question after it."""
    said = _said(scan(tokens_of(text), names, names.data_spellings))
    if said and all(item.place is not None for item in said):
        return True
    words = {word for typed, _ in read.corrections for word in tokens_of(typed)}  # what was corrected to a place
    return bool(read.places) and read.kind is Kind.LIST and not read.ignored and {item.text for item in said} <= words


def _only_a_prefix(text: str, read: Question) -> bool:
    """The clause is a prefix and nothing else ("0517"): the setting of the question after it."""
    return filter_kinds(read) == {"prefix"} and read.prefix is not None and set(tokens_of(text)) == {read.prefix}


def _a_question_of_its_own(first: Question, second: Question, right: str) -> bool:
    """Two whole questions, the second opened by a question word with a verb of its own and naming other kinds of
    filter than the first: each is answered, never merged into one count (a wrong "0 found")."""
    words = [word for word in tokens_of(right) if word not in _SKIPPED]
    # "weet hub wie, welke mobiele": a question word and one more word has no verb of its own: it narrows; a
    # request ("… and list oosterbeek after") is a verb of its own
    requested = len(words) > 1 and words[0] in _REQUESTS
    asked = len(words) >= MIN_OWN_QUESTION_WORDS and words[0] in _QUESTION_WORDS and words[1] not in _NARROWING
    if not (requested or asked) or set(words[1:]) & _POINTING_BACK:
        return False  # "de keuken, welke 06 heeft die": "die" is the name said first, so it narrows
    if not (_whole_listing(first, 1) and _whole_listing(second, 1) and _asks_for_something(second)):
        return False
    if filter_kinds(second) == {"status"} and first.status is None:
        return False  # "mobile numbers, which does nobody use yet": the status of the numbers just named
    return not filter_kinds(first) & filter_kinds(second) and _said_again(first, second, right) is None


def _another_place_asked_otherwise(first: Question, second: Question, right: str) -> bool:
    """A question word opens a second question about other numbers (another place, prefix, the shared ones or an
    assistant) with other filters: `numbers in ede and what's free in goor`, `olst free count + who is on 0800`,
    `which are flireo defaults and whats free in norg`. Merged, the filters of one would narrow the other (often to
    a wrong "0 found")."""
    words = tokens_of(right)
    opens = bool(words) and (words[0] in _QUESTION_WORDS | {"whats", "wats", "welk", "whos"} or _asks_who(words))
    scopes = _scope(first), _scope(second)
    apart = all(scopes) and not scopes[0] & scopes[1]
    # Other filters than where ("what's free in goor"), or who holds them: "mobile care, welke in ede" only narrows
    fields = [field for kind in ("status", "type", "digits") for field in FILTER_FIELDS[kind]]
    otherwise = any(getattr(first, field) != getattr(second, field) for field in fields) or _asks_who(words)
    whole = _whole_listing(first, 1) and _whole_listing(second, 1)
    # "free in ede and what about goor" asks the first again for Goor (said again), not for all of Goor
    return opens and apart and otherwise and whole and _said_again(first, second, right) is None


def _asks_who(words: list[str]) -> bool:
    """`who is on 0800`, `van wie zijn de 0900 nrs`: who holds numbers, a question of its own."""
    return words[:1] in (["who"], ["whos"], ["whose"], ["wie"]) or words[:2] == ["van", "wie"]


def _scope(question: Question) -> set[tuple[str, str]]:
    """Which numbers a question is about, before its status or type: its places, prefix, assistants, the shared."""
    scope = {("place", place) for place in question.places} | {("assistant", name) for name in question.assistants}
    scope |= {("prefix", question.prefix)} if question.prefix else set()
    return scope | ({("shared", "")} if question.shared else set())


def _opens_asking(right: str) -> bool:
    words = tokens_of(right)[:2]
    if words[:1] == ["zijn"] and words[1:] and words[1].isdigit():
        return False  # "… en z'n 06": "zijn" is "his", not "are"
    return bool(set(words[:1]) & _ASKING)


def _continues_a_list(left: str, right: str, names: Names) -> bool:
    """`local numbers in utrecht and amersfoort that are free`: the right side goes on with a place, a name, a type
    or a prefix of the same kind the left side ended with: one list, not a second question."""
    before = _said(scan(tokens_of(left), names, names.data_spellings))
    after = _said(scan(tokens_of(right), names, names.data_spellings))
    return bool(before and after) and _kind_of(before[-1]) is not None and _kind_of(before[-1]) == _kind_of(after[0])


def _goes_on_leaving_out(first: Question, right: str, names: Names) -> bool:
    """The first clause ends leaving things out, and the second only names more things (no status, no question)."""
    if not (first.not_places or first.not_assistants or first.not_number_types or first.not_prefixes):
        return False
    said = _said(scan(tokens_of(right), names, names.data_spellings))
    return bool(said) and all(_kind_of(item) is not None for item in said)


def _said(items: list[Item]) -> list[Item]:
    framing = (Sense.FILLER, Sense.PLACE_MARK, Sense.NONE_OF)
    return [item for item in items if item.sense not in framing and item.text not in _POSSESSIVES]


# Words in a question that point back at what was said before it ("welke 06 heeft die", "which does it have").
_POINTING_BACK = frozenset(
    {"die", "it", "hij", "zij", "they", "he", "she", "that", "dat", "daaraan", "eraan", "erop", "daarop"}
)
# "zonder z'n 0800 en z'n 06": a possessive before the next thing of a list names nothing.
_POSSESSIVES = frozenset({"its", "their", "his", "her", "zijn", "hun", "haar"})


def _kind_of(item: Item) -> str | None:
    if item.place is not None:
        return "place"
    if item.assistants:
        return "assistant"
    if item.digits is not None:
        return "digits"
    return "type" if item.sense in TYPE_SENSES else None
