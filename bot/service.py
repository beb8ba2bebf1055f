"""One way from a question to a reply for every surface: parse → snapshot → answer → render."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.errors import FlireoError, UserError
from bot.inventory import InventoryCache, Snapshot
from bot.query import Kind, Query, parse
from bot.search import Listing, Stats, answer
from bot.state import PageState
from bot.views import Message, render, render_error, render_help

log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on our side while answering; it has been logged. Please try again."


@dataclass(frozen=True)
class Reply:
    """A rendered message and what happened while making it (for audit lines and exit codes)."""

    message: Message
    ok: bool
    query: str
    count: int | None = None
    cache: str | None = None  # "hit", "miss", "stale", or None when no data was needed


class NumbersService:
    """Answers questions about the inventory; the Slack handlers, console and `ask` all call it."""

    def __init__(self, cache: InventoryCache, *, page_size: int, region: str) -> None:
        self.cache = cache
        self.page_size = page_size
        self.region = region

    def reply(self, text: str, *, public: bool = False, refresh: bool = False) -> Reply:
        """Answer a newly asked question, from its first page."""
        try:
            query = parse(text)
        except UserError as exc:
            return Reply(render_error(str(exc)), ok=False, query="")
        return self._answer(query, PageState(query=query.canonical(), public=public), refresh=refresh)

    def reply_to_page(self, state: PageState, *, refresh: bool = False) -> Reply:
        """Answer a button click: the same question at the page the button carries."""
        try:
            query = parse(state.query)
        except UserError as exc:
            return Reply(render_error(str(exc)), ok=False, query=state.query)
        return self._answer(query, state, refresh=refresh)

    def _answer(self, query: Query, state: PageState, *, refresh: bool) -> Reply:
        if query.kind is Kind.HELP:
            return Reply(render_help(), ok=True, query=state.query)
        snapshot: Snapshot | None = None
        outcome: str | None = None
        try:
            snapshot, outcome = self.cache.get(refresh=refresh or query.refresh)
            result = answer(query, snapshot, self.region)
            message = render(result, snapshot, state, self.page_size)
        except UserError as exc:
            return Reply(render_error(str(exc), snapshot), ok=False, query=state.query, cache=outcome)
        except FlireoError as exc:
            return Reply(render_error(str(exc)), ok=False, query=state.query)
        except Exception:
            log.exception("unexpected error answering %r", state.query)
            return Reply(render_error(UNEXPECTED, snapshot), ok=False, query=state.query)
        count = (
            len(result.numbers) if isinstance(result, Listing) else result.total if isinstance(result, Stats) else None
        )
        return Reply(message, ok=True, query=state.query, count=count, cache=outcome)


def _result_count(result: object) -> int | None:
    """How many numbers an answer found, for the audit log."""
    if isinstance(result, Listing):
        return len(result.numbers)
    return result.total if isinstance(result, Stats) else None
