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


def may_say_a_status(question: Question) -> bool:
    """A listing with no status, no assistant and no number, that left words unread: they may have said one."""
    unread = [word for word in question.ignored if word.isalpha()]
    open_status = question.status is None and not (question.assistants or question.lookups or question.yes_no)
    # A number's end or digits ask for one number; Flireo's shared defaults are no one's to link; a refresh asks
    # for fresh data: none of them is a status left unsaid.
    one_number = bool(question.suffix or question.fragment)
    asked_else = one_number or question.shared or question.refresh
    # Each choice is a button carrying the question: one too long to carry gets the service's "too long" reply.
    fits = len(question.canonical()) < MAX_CANONICAL_CHARS - len("available ")
    return question.kind is Kind.LIST and open_status and bool(unread) and not asked_else and fits


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
