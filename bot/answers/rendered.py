"""From an answer to the message a surface sends: the view for each kind of answer, and the sentence for a failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.answers.export import ExportPlan
from bot.errors import NotPossibleHere, NumbersError, UserError
from bot.i18n import N_, _, ngettext
from bot.inventory.snapshot import Snapshot
from bot.replies.extra_views import render_found_in_text
from bot.replies.group_views import render_groups
from bot.replies.state import PageState
from bot.replies.views import Message, render, render_error
from bot.results.groups import Groups
from bot.results.listing import Answer, Listing, Lookups, Stats

log = logging.getLogger(__name__)

UNEXPECTED = N_("Something went wrong on our side while answering; it has been logged. Please try again.")


@dataclass(frozen=True)
class Reply:
    """A rendered message and what happened while making it (for audit lines and exit codes)."""

    message: Message
    ok: bool
    query: str
    count: int | None = None
    cache: str | None = None  # "hit", "miss", "stale", or None when no data was needed
    export: ExportPlan | None = None  # the changes asked for as a CSV file ("changes today csv"), posted by handlers


def render_answer(result: Answer | Groups, snapshot: Snapshot, state: PageState, page_size: int) -> Message:
    """The message for any answer: one number found is its card; other lookups list each number asked about."""
    if isinstance(result, Lookups) and one_number_found(result):
        return render(_as_card(result), snapshot, state, page_size)
    if isinstance(result, Lookups):
        asked = len(result.found) + len(result.invalid)
        title = ngettext("The number you asked about", "The numbers you asked about", asked)
        found = list(result.found)
        return render_found_in_text(found, snapshot, title=title, state=state, invalid=result.invalid, near=result.near)
    if isinstance(result, Groups):
        return render_groups(result, snapshot, state, page_size)
    return render(result, snapshot, state, page_size)


def one_number_found(result: Lookups) -> bool:
    """Whether a lookup found exactly one number (it is shown as that number's card)."""
    return len(result.found) == 1 and len(result.found[0][1]) == 1 and not result.invalid


def _as_card(result: Lookups) -> Listing:
    e164, numbers = result.found[0]
    return Listing(f"numbers matching {e164}", numbers, lookup=e164, exact=True)


def error_message(error: Exception, doing: str, snapshot: Snapshot | None = None) -> Message:
    """The error reply for any failure (a bug is logged, never shown); only a misread question points to help."""
    misread = isinstance(error, UserError) and not isinstance(error, NotPossibleHere)
    return render_error(sentence_for(error, doing), snapshot, asked_wrong=misread)


def sentence_for(error: Exception, doing: str) -> str:
    """What to tell the user about a failure: our typed errors carry it; anything else is a bug, logged."""
    if isinstance(error, NumbersError):
        return str(error)
    log.error("unexpected error %s", doing, exc_info=error)
    return _(UNEXPECTED)


def result_count(result: object) -> int | None:
    """How many numbers an answer found, for the audit log."""
    if isinstance(result, Listing):
        return len(result.numbers)
    if isinstance(result, Lookups):
        return sum(1 for _, numbers in result.found if numbers)
    return result.total if isinstance(result, Stats | Groups) else None
