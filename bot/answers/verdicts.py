"""Yes/no questions answered yes or no first (SPEC §4: what matters first), then the numbers that decide it."""

from __future__ import annotations

from dataclasses import replace

from bot.answers.search import Listing, answer, describe, select
from bot.inventory.snapshot import Snapshot
from bot.reading.question import Question, YesNo


def answer_yes_no(question: Question, snapshot: Snapshot, region: str) -> Listing:
    """'are there free numbers in Utrecht?': yes, and how many; 'are all our numbers linked?': no, and which are not."""
    if question.yes_no is YesNo.EVERY and question.predicate is not None:
        return _every(question, snapshot, region, question.predicate)
    listing = answer(question.model_copy(update={"yes_no": None}), snapshot, region)
    assert isinstance(listing, Listing)  # a LIST question is answered with a listing
    found = len(listing.numbers)
    verdict = f"Yes: {found} {listing.description}" if found else f"No: 0 {listing.description}"
    return replace(listing, verdict=verdict)


def _every(question: Question, snapshot: Snapshot, region: str, predicate: str) -> Listing:
    """Every number in scope checked against the predicate; the exceptions are what the on-call engineer needs."""
    scope = question.without_predicate().model_copy(update={"yes_no": None})
    in_scope = select(snapshot.index, scope, region)
    having = {number.id for number in select(snapshot.index, question, region)}
    exceptions = tuple(number for number in in_scope if number.id not in having)
    what = describe(scope).removeprefix("all ")
    if not in_scope:
        return Listing(what, (), verdict=f"No {what}: none to check")
    if not exceptions:
        return Listing(what, in_scope, verdict=f"Yes: all {len(in_scope)} {what} are {predicate}")
    verdict = f"No: {len(exceptions)} of {len(in_scope)} {what} are not {predicate}"
    return Listing(f"{what} not {predicate}", exceptions, verdict=verdict)
