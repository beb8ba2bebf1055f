"""Yes/no questions answered yes or no first (SPEC §4: what matters first), then the numbers that decide it."""

from __future__ import annotations

from dataclasses import replace

from bot.answers.search import answer, describe, select
from bot.i18n import _, ngettext, number
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
    # The count leads, and the words after it agree with it: "Yes: 1 free number", "No: 0 free numbers".
    counted = describe(question.model_copy(update={"yes_no": None}), found)
    if found:
        verdict = _("Yes: {count} {description}").format(count=number(found), description=counted)
    else:
        verdict = _("No: {count} {description}").format(count=number(0), description=counted)
    return replace(listing, verdict=verdict)


def _every(question: Question, snapshot: Snapshot, region: str, predicate: str) -> Listing:
    """Every number in scope checked against the predicate; the exceptions are what the on-call engineer needs."""
    scope = question.without_predicate().model_copy(update={"yes_no": None})
    in_scope = select(snapshot.index, scope, region)
    having = {found.id for found in select(snapshot.index, question, region)}
    exceptions = tuple(checked for checked in in_scope if checked.id not in having)
    what = describe(scope)
    what = _("numbers") if what == _("all numbers") else what  # "all 12 numbers", not "all 12 all numbers"
    should = predicate_word(predicate)
    if not in_scope:
        return Listing(what, (), verdict=_("No {description}: none to check").format(description=what))
    counted = describe(scope, len(in_scope))
    if not exceptions:
        # One number is not "all 1": "Yes: 1 mobile number, and it is linked".
        verdict = ngettext(
            "Yes: {count} {description}, and it is {predicate}",
            "Yes: all {count} {description} are {predicate}",
            len(in_scope),
        ).format(count=number(len(in_scope)), description=counted, predicate=should)
        return Listing(what, in_scope, verdict=verdict)
    if len(in_scope) == 1:  # "1 of 1 mobile number" says it twice
        verdict = _("No: {count} {description}, and it is not {predicate}").format(
            count=number(1), description=counted, predicate=should
        )
    else:
        verdict = ngettext(
            "No: {count} of {total} {description} is not {predicate}",
            "No: {count} of {total} {description} are not {predicate}",
            len(exceptions),
        ).format(count=number(len(exceptions)), total=number(len(in_scope)), description=counted, predicate=should)
    not_what = _("{description} not {predicate}").format(description=what, predicate=should)
    return Listing(not_what, exceptions, verdict=verdict)
