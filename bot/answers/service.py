"""One way from a question to a reply for every surface: parse → snapshot → answer → render."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from bot.answers.changes import answer_changes
from bot.answers.search import Listing, Stats, answer, count, numbers_in_text
from bot.errors import NumbersError, UserError
from bot.flireo.catalog import Catalog
from bot.inventory.cache import InventoryCache
from bot.inventory.history import HistoryStore
from bot.inventory.snapshot import CacheHealth, Snapshot
from bot.reading.query import DEFAULT_TIMEZONE, MAX_QUERY_CHARS, Kind, Query, parse
from bot.replies.change_views import CARD_HISTORY, render_changes, with_history
from bot.replies.extra_views import home_error_view, render_buyable, render_found_in_text, render_home, render_orders
from bot.replies.state import PageState
from bot.replies.views import Message, render, render_error, render_help

log = logging.getLogger(__name__)

NO_HISTORY = "I keep no history here, so I can't say what changed."
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

    def __init__(
        self,
        cache: InventoryCache,
        catalog: Catalog,
        *,
        page_size: int,
        region: str,
        history: HistoryStore | None = None,
        tz: ZoneInfo = DEFAULT_TIMEZONE,
    ) -> None:
        self.cache = cache
        self.catalog = catalog
        self.page_size = page_size
        self.region = region
        self.history = history
        self.tz = tz

    def reply(self, text: str, *, public: bool = False, refresh: bool = False) -> Reply:
        """Answer a newly asked question, from its first page."""
        try:
            query = parse(text, tz=self.tz)
            canonical = query.canonical()
            if len(canonical) > MAX_QUERY_CHARS:  # folding and "or" can make the canonical form longer
                raise UserError("That question is too long for me; ask it in fewer words.")
        except Exception as exc:
            return Reply(render_error(_sentence_for(exc, "reading a question")), ok=False, query="")
        return self._answer(query, PageState(query=canonical, public=public), refresh=refresh)

    def reply_to_page(self, state: PageState, *, refresh: bool = False) -> Reply:
        """Answer a button click: the same question at the page the button carries."""
        try:
            query = parse(state.query, tz=self.tz)
        except Exception as exc:
            return Reply(render_error(_sentence_for(exc, "reading a button")), ok=False, query=state.query)
        return self._answer(query, state, refresh=refresh)

    def _answer(self, query: Query, state: PageState, *, refresh: bool) -> Reply:
        if query.kind is Kind.HELP:
            return Reply(render_help(), ok=True, query=state.query)
        try:
            return self._answer_from_data(query, state, refresh=refresh or query.refresh)
        except Exception as exc:
            return Reply(render_error(_sentence_for(exc, f"answering {state.query!r}")), ok=False, query=state.query)

    def _answer_from_data(self, query: Query, state: PageState, *, refresh: bool) -> Reply:
        if query.kind is Kind.BUYABLE:
            offers = self.catalog.buyable(query.number_type or "national", query.number, refresh)
            message = render_buyable(offers, query.number_type or "national", query.number, state, self.page_size)
            return Reply(message, ok=True, query=state.query, count=len(offers.items))
        if query.kind is Kind.ORDERS:
            orders = self.catalog.orders(query.order_status, refresh)
            if query.number_type:
                orders = replace(orders, items=tuple(o for o in orders.items if o.number_type == query.number_type))
            message = render_orders(orders, query.order_status, state, self.page_size)
            return Reply(message, ok=True, query=state.query, count=len(orders.items))
        snapshot, outcome = self.cache.get(refresh=refresh)
        if query.kind is Kind.CHANGES:
            return self._changes(query, snapshot, state, outcome)
        try:
            result = answer(query, snapshot, self.region)
        except UserError as exc:
            return Reply(render_error(str(exc), snapshot), ok=False, query=state.query, cache=outcome)
        message = render(result, snapshot, state, self.page_size)
        if isinstance(result, Listing) and result.exact and len(result.numbers) == 1 and self.history is not None:
            message = with_history(message, self.history.changes_of_number(result.numbers[0].id, CARD_HISTORY))
        return Reply(message, ok=True, query=state.query, count=_result_count(result), cache=outcome)

    def _changes(self, query: Query, snapshot: Snapshot, state: PageState, outcome: str) -> Reply:
        if self.history is None:
            return Reply(render_error(NO_HISTORY, snapshot), ok=False, query=state.query, cache=outcome)
        try:
            listing = answer_changes(query, snapshot, self.history, self.region)
        except UserError as exc:
            return Reply(render_error(str(exc), snapshot), ok=False, query=state.query, cache=outcome)
        message = render_changes(listing, snapshot, state, self.page_size)
        return Reply(message, ok=True, query=state.query, count=len(listing.changes), cache=outcome)

    def numbers_in_text(self, text: str) -> Reply:
        """Every phone number written in a message (an alert, say), with its status on the account."""
        try:
            snapshot, outcome = self.cache.get()
            found = numbers_in_text(text, snapshot.index, self.region)
            message = render_found_in_text(found, snapshot)
        except Exception as exc:
            sentence = _sentence_for(exc, "looking up the numbers in a message")
            return Reply(render_error(sentence), ok=False, query="lookup in message")
        return Reply(message, ok=True, query="lookup in message", count=len(found), cache=outcome)

    def home(self, *, refresh: bool = False) -> dict[str, Any]:
        """The App Home view: the inventory at a glance, or what went wrong."""
        try:
            snapshot, _ = self.cache.get(refresh=refresh)
            return render_home(count(snapshot.index), snapshot)
        except Exception as exc:
            return home_error_view(_sentence_for(exc, "rendering the Home tab"))

    def health(self) -> CacheHealth:
        """Freshness and the last upstream error, for /healthz (never calls Flireo)."""
        return self.cache.health()


def _sentence_for(error: Exception, doing: str) -> str:
    """What to tell the user about a failure: our typed errors carry it; anything else is a bug, logged."""
    if isinstance(error, NumbersError):
        return str(error)
    log.error("unexpected error %s", doing, exc_info=error)
    return UNEXPECTED


def _result_count(result: object) -> int | None:
    """How many numbers an answer found, for the audit log."""
    if isinstance(result, Listing):
        return len(result.numbers)
    return result.total if isinstance(result, Stats) else None
