"""A listing whose status may be in words the reader cannot read is asked back (free, linked or all), never widened.

Blind sets of issue 21 said a status in idioms no word list holds ("anything gathering cobwebs?", "which ones are on
some bot's payroll"): read without them, the listing held every number of the place, free and linked, under an
"ignored: …" note that is easy to miss at 3 a.m. Asked back, the reply costs one click and is never wrong.
"""

from __future__ import annotations

from bot.i18n import _
from bot.reading.question import MAX_CANONICAL_CHARS, Kind, Question, Status, Suggestion

# The labels are keywords, offered in the reply's language (`vrij`, `gekoppeld`, `alle` in a Dutch reply).
_CHOICES = ((Status.AVAILABLE, "free"), (Status.LINKED, "linked"), (None, "all"))
# A status is said where the numbers are described: after `which`, `that`, `anything`, `die`, `welke` or a verb
# of being ("which ones are bot-backed", "anything gathering cobwebs", "die al onder dak zijn"). A word elsewhere
# is context ("numbers in ede for the customer", "nummers amsterdam vandaag") and stays "ignored", never asked.
_DESCRIBING = frozenset({
    "which", "that", "who", "what", "whats", "anything", "something", "ones", "are", "is", "were", "been", "being",
    "die", "dat", "welke", "wat", "iets", "zijn", "staan", "staat", "liggen", "ligt", "zitten", "zit", "hebben",
    "heeft", "worden", "wordt",
})  # fmt: skip
# How far before an unread word its describing word may stand ("anything left on the table": four words).
_DESCRIBED_WITHIN = 4
# What a word after these is for, not what the numbers are ("which are in ede? asking for a colleague").
_CONTEXT = frozenset({"for", "voor", "ivm", "re", "because", "omdat", "vanwege", "about", "so", "zodat", "tbv"})
# Every number asked for, free and linked: nothing to ask back.
_ALL = frozenset({"all", "alle", "alles", "allemaal", "every", "everything", "both", "beide", "elk", "elke"})


def may_say_a_status(question: Question, tokens: list[str]) -> bool:
    """A listing with no status, no assistant and no number, whose unread words describe the numbers: they may
    have said free or linked in words no list holds."""
    unread = [word for word in question.ignored if word.isalpha()]
    open_status = question.status is None and not (question.assistants or question.lookups or question.yes_no)
    # A number's end or digits ask for one number; Flireo's shared defaults are no one's to link; a refresh asks
    # for fresh data: none of them is a status left unsaid.
    one_number = bool(question.suffix or question.fragment)
    asked_else = one_number or question.shared or question.refresh or bool(_ALL & set(tokens))
    if question.kind is not Kind.LIST or not open_status or asked_else or not unread:
        return False
    # Each choice is a button carrying the question: one too long to carry gets the service's "too long" reply.
    fits = len(question.canonical()) < MAX_CANONICAL_CHARS - len("available ")
    return fits and any(_describes(tokens, at) for at, token in enumerate(tokens) if token in unread)


def _describes(tokens: list[str], at: int) -> bool:
    """The word at `at` follows a describing word within a few words, with no word of purpose between."""
    before = set(tokens[max(0, at - _DESCRIBED_WITHIN) : at])
    return bool(before & _DESCRIBING) and not before & _CONTEXT


def status_asked_back(question: Question) -> Question:
    """`kampen, anything gathering cobwebs?`: asked back as free, linked or all of Kampen, naming the unread words."""
    unread = [word for word in question.ignored if word.isalpha()]
    named = ", ".join(f"*{word[:30]}*" for word in unread)
    problem = _("I couldn't read {words}, so I don't know whether you want free or linked numbers.").format(words=named)
    offers = tuple(
        Suggestion(label=label, question=question.model_copy(update={"status": status, "ignored": ()}).canonical())
        for status, label in _CHOICES
    )
    return question.model_copy(update={"kind": Kind.CLARIFY, "problem": problem, "suggestions": offers})
