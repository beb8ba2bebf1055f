"""Questions asked to be answered yes or no: 'are there free numbers in Utrecht?', 'zijn alle nummers gekoppeld?'."""

from __future__ import annotations

from typing import Any

from bot.reading.interpret import Reading
from bot.reading.question import Kind, Question, YesNo
from bot.reading.vocabulary import STATUS_SENSES, TYPE_SENSES

# The words a yes/no question opens with, in English and Dutch (folded).
OPENERS = frozenset({"are", "is", "do", "does", "have", "has", "any", "zijn", "hebben", "heeft", "staan", "staat"})
# With one of these the question asks about every number in scope ("are all our numbers linked?").
EVERY_WORDS = frozenset({"all", "every", "each", "alle", "elk", "elke", "allemaal"})


def yes_no_of(tokens: list[str], reading: Reading, question: Question) -> dict[str, Any]:
    """The fields that make a listing a yes/no question, or none: `is 020 … free` stays a lookup."""
    if question.kind is not Kind.LIST or not tokens or tokens[0] not in OPENERS:
        return {}
    predicate = _predicate(reading, question)
    # "are the 085 numbers linked?", "zijn de mobiele nummers vrij?": the numbers named, each of them.
    if predicate is not None and (EVERY_WORDS & set(tokens) or tokens[1:2] in (["the"], ["de"], ["het"])):
        return {"yes_no": YesNo.EVERY, "predicate": predicate}
    return {"yes_no": YesNo.ANY}


def _predicate(reading: Reading, question: Question) -> str | None:
    """What every number should be: the status or type said last ("are all mobile numbers linked": linked)."""
    for sense in reversed(reading.senses):
        if sense in STATUS_SENSES:
            return question.status.value if question.status is not None else None  # "not linked": available
        if sense in TYPE_SENSES:
            return TYPE_SENSES[sense] if TYPE_SENSES[sense] in question.number_types else None
    return None
