"""Yes/no questions answered yes or no first (SPEC §4: what matters first), then the numbers that decide it."""

from __future__ import annotations

from dataclasses import replace

from bot.answers.search import answer, describe, select
from bot.i18n import _
from bot.i18n.words import predicate_word
from bot.inventory.snapshot import Snapshot
from bot.reading.question import Question, YesNo
from bot.results.listing import Listing


def answer_yes_no(question: Question, snapshot: Snapshot, region: str) -> Listing:
    """'are there free numbers in Utrecht?': yes, and how many; 'are all our numbers linked?': no, and which are not."""
    if question.yes_no is YesNo.EVERY and question.predicate is not None:
        return _every(question, snapshot, region, question.predicate)
    listing = answer(question.model_copy(update={"yes_no": None}), snapshot, region)
    assert isinstance(listing, Listing)  # a LIST question is answered with a listing
    found = len(listing.numbers)
    if found:
        verdict = _("Yes: {count} {description}").format(count=found, description=listing.description)
    else:
        verdict = _("No: 0 {description}").format(description=listing.description)
    return replace(listing, verdict=verdict)


def _every(question: Question, snapshot: Snapshot, region: str, predicate: str) -> Listing:
    """Every number in scope checked against the predicate; the exceptions are what the on-call engineer needs."""
    scope = question.without_predicate().model_copy(update={"yes_no": None})
    in_scope = select(snapshot.index, scope, region)
    having = {number.id for number in select(snapshot.index, question, region)}
    exceptions = tuple(number for number in in_scope if number.id not in having)
    what = describe(scope)
    what = _("numbers") if what == _("all numbers") else what  # "all 12 numbers", not "all 12 all numbers"
    should = predicate_word(predicate)
    if not in_scope:
        return Listing(what, (), verdict=_("No {description}: none to check").format(description=what))
    if not exceptions:
        verdict = _("Yes: all {count} {description} are {predicate}")
        return Listing(what, in_scope, verdict=verdict.format(count=len(in_scope), description=what, predicate=should))
    verdict = _("No: {count} of {total} {description} are not {predicate}").format(
        count=len(exceptions), total=len(in_scope), description=what, predicate=should
    )
    not_what = _("{description} not {predicate}").format(description=what, predicate=should)
    return Listing(not_what, exceptions, verdict=verdict)
