"""A question read in its context: a listing asked beside a lookup, a name said as everyday words, other places as
local numbers, a change word inside a name. Each takes the reader of one clause as a callable, so it never imports
the reader that calls it."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from bot.reading.names import Names
from bot.reading.ordinary import ordinary_words
from bot.reading.question import Kind, Question, Status
from bot.reading.text import fold
from bot.reading.vocabulary import PHRASES, STATUS_SENSES, TYPE_SENSES, Sense
from bot.reading.when import ChangeAsk
from bot.reading.words import Item, tokens_of

# A reply names at most this many words it ignored.
MAX_IGNORED_SHOWN = 5


def name_with_a_change_word(text: str, asked: ChangeAsk, names: Names) -> str | None:
    """The whole assistant name typed in the question that the change word is a word of ("Spare Change", "Change
    Desk"), or None."""
    word = asked.consumed[0] if asked.consumed else ""
    if not word or " " in word:
        return None
    folded = f" {' '.join(tokens_of(text))} "
    keys = (names.name_keys[position] for position in names.names_with_word.get(word, ()))
    return next((key for key in keys if f" {key} " in folded), None)


def name_run_together(text: str, name: str) -> str:
    """`spare change: wat is er veranderd` → `sparechange: wat is er veranderd`: the name as one word (read as the
    name, Names.squeezed), so that its change word asks nothing."""
    typed = re.compile(r"\b" + r"\W+".join(re.escape(word) for word in name.split()) + r"\b", re.IGNORECASE)
    return typed.sub(name.replace(" ", ""), text)


# A question beside a lookup is a clause of at most this many words ("free numbers in utrecht"); an alert's lines
# are context, not questions.
MAX_OTHER_QUESTION_WORDS = 12
MAX_OTHER_QUESTION_CHARS = 300
# Where one question ends and another starts: "… and who answers …", "…? en …", "…; also …", "… + is … theirs"
# (a "+" with a space after it: "+31 …" starts a number).
_CLAUSES = re.compile(
    r"\s+(?:and|en|also|ook|plus|then|daarna|btw|by the way|trouwens|overigens)\s+|[?;]\s*|,\s+(?:and|en|dan)\s+"
    r"|\s+[+&/]\s+",
    re.IGNORECASE,
)


def other_question(masked: str, with_numbers: str, read_clause: Callable[[str], Question]) -> str | None:
    """`free numbers in utrecht and who answers 020 …`: the listing asked beside the lookup, as a canonical question.

    `masked` has the numbers blanked (`with_numbers`, of the same length, has them); a clause that reads alone as a
    listing with a filter and nothing ignored is a second question. "is 020 … free?" is not one: its status word sits
    in the number's own clause, and so does "free" in "is 020 … free and how many linked in utrecht". After a bare
    comma only a clause that asks in words of its own is one ("mobile care wat hebben ze, hoort 06 … erbij"): an
    alert's "…, mobile care" names who is involved.
    """
    if len(masked) > MAX_OTHER_QUESTION_CHARS:
        return None
    for clauses, asks_itself in ((_CLAUSES, False), (_COMMA, True)):
        for clause in _clauses(masked, with_numbers, clauses):
            if asks_itself and not set(tokens_of(clause)) & _ASKS_IN_WORDS:
                continue
            other = read_clause(clause)
            # A typo corrected in it ("hoeveel vrje in ede") is still a question; a word it could not place is not.
            if other.kind in (Kind.LIST, Kind.COUNT) and other.has_filters() and not other.ignored:
                return other.canonical()
    return None


# A bare comma between a listing and a lookup; the listing asks in words of its own.
_COMMA = re.compile(rf"{_CLAUSES.pattern}|,\s*", re.IGNORECASE)
_ASKS_IN_WORDS = frozenset(
    {"what", "which", "how", "wat", "welke", "hoeveel", "list", "show", "laat", "numbers", "nummers", "nrs", "count"}
)


def _clauses(masked: str, with_numbers: str, clauses: re.Pattern[str]) -> list[str]:
    """The clauses of a question with a lookup that hold no number and are short enough to be a question."""
    ends = [0, *(at for match in clauses.finditer(masked) for at in match.span()), len(masked)]
    spans = [(start, end) for start, end in zip(ends[::2], ends[1::2], strict=True) if masked[start:end].strip()]
    if len(spans) < 2:  # one clause is the lookup itself
        return []
    return [
        masked[start:end]
        for start, end in spans
        if len(masked[start:end].split()) <= MAX_OTHER_QUESTION_WORDS and masked[start:end] == with_numbers[start:end]
    ]


# Words that only frame a one-word request ("status pls", "the status?").
FRAMING_WORDS = frozenset({"pls", "plz", "please", "graag", "aub", "the", "de", "het", "a", "current", "huidige"})
# Two things set side by side are compared by their counts.
COMPARING = frozenset({"vs", "versus", "tegenover"})
# Words for places as places: what is left out of them is other places, and mobile and national numbers are in none.
# ("Everywhere except amsterdam" is every number but Amsterdam's: a mobile is everywhere, not in no place.)
_PLACES_AS_PLACES = frozenset(
    {"elsewhere", "elders", "towns", "cities", "places", "plaatsen", "steden"}
    | {"dorpen", "locations", "locaties", "town", "city", "place", "plaats", "stad"}
)


# Words before an assistant's name that say it owns numbers: "numbers of", "nummers van".
_OWNED_BY = frozenset({"of", "van", "from", "by", "door"})
# Where a clause ends: "just in case: what is free", "any day now... free ones", "al goed, laat de vrije zien".
_BREAK_AFTER = re.compile(r"\s*(?:[,:;?!…]|\.\.+|\s-\s)")


def name_said_as_words(question: Question, text: str, read_clause: Callable[[str], Question]) -> Question | None:
    """`ok just in case: what is free in goor`, `kun je toch even de vrije in dieren laten zien`: an assistant's name
    said as everyday words beside a question for free numbers elsewhere. An assistant's numbers are never free, so
    the name is read as the words it is made of when it stands in a clause of its own, or when every word of it is
    an ordinary one; the question is then answered as asked, and the name said as ignored. None otherwise."""
    if question.status is not Status.AVAILABLE or len(question.assistants) != 1 or question.kind is Kind.CLARIFY:
        return None
    words = fold(question.assistants[0]).split()
    tokens = tokens_of(text)
    at = next((i for i in range(len(tokens)) if tokens[i : i + len(words)] == words), None)
    if at is None or (at > 0 and tokens[at - 1] in _OWNED_BY):
        return None  # "nummers van sorry sem, en wat is vrij in x": said as whose numbers, it is the name
    ordinary = all(word in ordinary_words() or PHRASES.get(word) is Sense.FILLER for word in words)
    everyday = [word for word in words if word in ordinary_words() or word in PHRASES]
    if any(PHRASES.get(word) in (*STATUS_SENSES, *TYPE_SENSES) for word in words) or 2 * len(everyday) < len(words):
        return None  # "mobile care, free ones in ede": a name that says what it is, answered beside the listing
    lowered = text.casefold()  # punctuation kept: where a clause ends matters here
    typed = re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", lowered)
    on_its_own = typed is not None and _BREAK_AFTER.match(lowered, typed.end()) is not None
    if not (ordinary or on_its_own):
        return None
    rest = read_clause(" ".join(tokens[:at] + tokens[at + len(words) :]))
    asked_elsewhere = rest.places or rest.number_types or rest.prefix
    if rest.kind not in (Kind.LIST, Kind.COUNT) or rest.assistants or rest.status is not Status.AVAILABLE:
        return None
    if not asked_elsewhere:
        return None
    ignored = (question.assistants[0].lower(), *rest.ignored)
    return rest.model_copy(update={"ignored": ignored[:MAX_IGNORED_SHOWN], "language": question.language})


def other_places_are_local(question: Question, tokens: list[str]) -> Question:
    """`the towns other than drachten`, `overal behalve ede`: the local numbers of the other places, never the
    mobile and national ones (they are in no place) beside them."""
    said_a_kind = question.places or question.number_types or question.not_number_types or question.prefix
    if question.kind not in (Kind.LIST, Kind.COUNT) or not question.not_places or said_a_kind:
        return question
    return question.model_copy(update={"number_types": ("local",)}) if set(tokens) & _PLACES_AS_PLACES else question


# The words for numbers that a kind is said before ("claimed ones", "vaste lijnen", "spare nrs").
_NUMBER_WORDS = frozenset(
    {"ones", "numbers", "nummers", "nrs", "nums", "lines", "lijnen"}
)  # plural: "priority number one"


def said_as_a_kind_of_number(items: list[Item]) -> list[str]:
    """`kapele claimed ones`: an unknown word right before the word for numbers says which numbers; it is asked
    about, never dropped for a wider listing."""
    return [
        item.text
        for item, after in pairwise(items)
        if item.unknown and item.digits is None and after.text in _NUMBER_WORDS and item.text not in ordinary_words()
    ]


# "who has mobiles?", "wie heeft er wat in leerdam", "who besides X holds a freephone": asking who holds numbers asks
# for the ones someone holds. (With a number, "who has 020 …" is a lookup.)
_WHO = frozenset({"who", "wie"})
_HOLDS = frozenset({"has", "have", "got", "holds", "hold", "holding", "on", "sitting"}) | frozenset(
    {"heeft", "hebben", "houdt", "op", "zit", "zitten"}
)


def who_holds(question: Question, tokens: list[str]) -> Question:
    """A listing asked as "who has …" with no status said: the linked numbers."""
    if question.kind is not Kind.LIST or question.status is not None or question.lookups:
        return question
    if question.fragment or question.suffix:  # "who has 9914 in it": the number asked for, whoever has it
        return question
    if not (tokens[:1] and tokens[0] in _WHO and set(tokens) & _HOLDS) and not _who_holds_said(tokens):
        return question
    return question.model_copy(update={"status": Status.LINKED})


def _who_holds_said(tokens: list[str]) -> bool:
    """ "except for X, who has mobiles?": "who" right before a word for holding, anywhere."""
    return any(
        word in _WHO and set(tokens[at + 1 : at + 3]) & _HOLDS and tokens[at - 1 : at] not in (["and"], ["en"])
        for at, word in enumerate(tokens)
    )  # "de 0227 nummers en wie erop zit": the numbers, and who holds each (the free ones too)
