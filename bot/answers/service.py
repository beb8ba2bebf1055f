"""One way from a question to a reply for every surface: read → snapshot → answer → render."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from bot.answers.changes import answer_changes, with_names_from
from bot.answers.export import ExportPlan, closed
from bot.answers.groups import groups
from bot.answers.rendered import Reply, error_message, one_number_found, render_answer, result_count, sentence_for
from bot.answers.search import MAX_MESSAGE_CHARS, answer, count, numbers_in_text
from bot.answers.stored import snapshot_or_stored
from bot.answers.verdicts import answer_yes_no
from bot.errors import NotPossibleHere, UserError
from bot.flireo.models import PhoneNumber
from bot.i18n import N_, Language, _, in_language
from bot.i18n.translator import default_language
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.inventory.history import HistoryStore
from bot.inventory.index import SearchIndex
from bot.inventory.snapshot import CacheHealth, Snapshot
from bot.inventory.store_health import HistoryUnavailable
from bot.reading.names import Names, build_names, names_for
from bot.reading.phones import strip_slack_markup
from bot.reading.question import MAX_CANONICAL_CHARS, Kind, Question
from bot.reading.reader import read
from bot.reading.watch_command import is_watch_command
from bot.reading.when import DEFAULT_TIMEZONE
from bot.replies.change_views import CARD_HISTORY, coverage_note, history_note, render_changes, with_history
from bot.replies.extra_views import home_error_view, render_buyable, render_found_in_text, render_home, render_orders
from bot.replies.state import PageState
from bot.replies.understood import render_clarify, unread_note, with_also_listed, with_note, with_understood_note
from bot.replies.views import Message, render_help
from bot.results.groups import Groups
from bot.results.listing import Answer, Listing, Lookups

log = logging.getLogger(__name__)

NO_CHANNEL_FOR_WATCHES = N_("Watches post in a Slack channel: type `/numbers watch …` (or mention me) in that channel.")
# Why there is no history at all (the container says which): every change and watch answer gives the reason.
NO_HISTORY = N_("I keep no history of demo data (it never changes), so I can't say what changed.")
NO_WATCHES = N_("I keep no watches on demo data: it never changes.")
REPLICAS_NO_HISTORY = N_(
    "I keep no history here: replicas (REDIS_URL) keep history and watches only in a shared database "
    "(DATABASE_URL), so I can't say what changed."
)
REPLICAS_NO_WATCHES = N_(
    "I keep no watches here: replicas (REDIS_URL) keep history and watches only in a shared database (DATABASE_URL)."
)
# Names that are only in the history ("changes billing desk" after its last number went) are read from this many
# of the period's newest changes: names to read a question by, not what is counted (that is exact, in the store).
NAMES_FROM_CHANGES = 5_000
NO_CARD_CHANGES = N_("No changes to this number in the history I keep.")
CHANGES_BEHIND = N_("The latest reading is still being recorded: its changes may be missing below.")
HISTORY_BEHIND = N_("Its history is still recording the latest reading: the newest change may be missing below.")
# A reading is recorded in ~10 ms (README Performance), ~1 s on a machine at a load of 10 with a cold store; a
# store slower than this is not waited for, but said. The answer is sent after the ack, so this never risks it.
HISTORY_WAIT_SECONDS = 2.0
CARD_HISTORY_NOTE = N_("It has changed: when and how is under *Recent history* below.")
TOO_LONG = N_("That question is too long for me; ask it in fewer words.")
LOCAL_NEEDS_VERIFICATION = N_(
    "Local numbers can only be bought through an approved verification group, so I can't list them here. "
    "Ask whoever manages the Flireo account, or try `/numbers buyable national` or `/numbers buyable mobile`."
)
# Questions that need no inventory: help, purchasable numbers and orders are answered even while it cannot load.
_WITHOUT_INVENTORY = (Kind.HELP, Kind.BUYABLE, Kind.ORDERS)
# A contradiction ("available linked") needs no inventory to be pointed out either.
_SETTLED_WITHOUT_INVENTORY = (*_WITHOUT_INVENTORY, Kind.CLARIFY)


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
        replicas_without_database: bool = False,
        history_caught_up: Callable[[float], bool] | None = None,
    ) -> None:
        self.cache = cache
        self.catalog = catalog
        self.page_size = page_size
        self.region = region
        self.history = history
        # Waits for the reading being recorded, so a card never shows history one reading behind the card.
        self._history_caught_up = history_caught_up
        # (changes, watches): why neither is kept, when there is no store (demo data, or replicas without a database).
        self.no_history = (
            (REPLICAS_NO_HISTORY, REPLICAS_NO_WATCHES) if replicas_without_database else (NO_HISTORY, NO_WATCHES)
        )
        self.tz = tz
        self._names_without_data = build_names((), ())

    def reply(self, text: str, *, public: bool = False, refresh: bool = False, lang: Language | None = None) -> Reply:
        """Answer a newly asked question, from its first page, in its language (or `lang`, forced)."""
        return self._reply(text, public=public, offset=0, refresh=refresh, doing="reading a question", lang=lang)

    def reply_to_page(self, state: PageState, *, refresh: bool = False) -> Reply:
        """Answer a button click: the same question at the page the button carries, in the message's language."""
        return self._reply(
            state.query,
            public=state.public,
            offset=state.offset,
            refresh=refresh,
            doing="a button",
            lang=state.language,
        )

    def _reply(
        self, text: str, *, public: bool, offset: int, refresh: bool, doing: str, lang: Language | None
    ) -> Reply:
        first = self._first_reading(text, lang or default_language())
        chosen = lang or (first.language if first else None) or default_language()
        if first is not None and chosen is not default_language() and lang is None:
            first = self._first_reading(text, chosen)  # what it says back (a problem, a hint) in the asked language
        with in_language(chosen):
            return self._reply_in(text, first, public=public, offset=offset, refresh=refresh, doing=doing, lang=chosen)

    def _first_reading(self, text: str, lang: Language) -> Question | None:
        """The question read without the data's names, in `lang`; None when it cannot be read (answered below)."""
        with in_language(lang), contextlib.suppress(Exception):
            return read(text, self._names_without_data, self.region, tz=self.tz)
        return None

    def _reply_in(
        self, text: str, first: Question | None, *, public: bool, offset: int, refresh: bool, doing: str, lang: Language
    ) -> Reply:
        try:
            if is_watch_command(strip_slack_markup(text)):  # the console and `ask` have no channel to post in
                raise NotPossibleHere(_(NO_CHANNEL_FOR_WATCHES if self.history else self.no_history[1]))
            first = first or read(text, self._names_without_data, self.region, tz=self.tz)
            if first.kind in _SETTLED_WITHOUT_INVENTORY and first.settled:
                return self._answer_without_data(
                    first, PageState(query=first.canonical(), offset=offset, public=public, language=lang)
                )
            snapshot, outcome = snapshot_or_stored(self.cache, self.history, refresh=refresh or first.refresh)
            question = self._read(text, snapshot)
            canonical = question.canonical()
            if len(canonical) > MAX_CANONICAL_CHARS:
                raise UserError(_(TOO_LONG))
        except Exception as exc:
            return Reply(error_message(exc, doing), ok=False, query="")
        state = PageState(query=canonical, offset=offset, public=public, language=lang)
        if question.kind in _WITHOUT_INVENTORY:
            return self._answer_without_data(question, state)
        return self._answer_from_snapshot(question, snapshot, outcome, state)

    def _read(self, text: str, snapshot: Snapshot) -> Question:
        """Read against the snapshot's names; a change question also knows the names its changes' records had."""
        question = read(text, names_of(snapshot.index), self.region, known_numbers(snapshot.index), tz=self.tz)
        if question.since is None or self.history is None or not (question.ignored or question.kind is Kind.CLARIFY):
            return question
        # "changes billing desk" after Billing Desk's last number was unlinked: the name is only in the history.
        try:
            recent = self.history.changes(question.since, question.until, limit=NAMES_FROM_CHANGES)
            older = with_names_from(snapshot, recent)
        except HistoryUnavailable:  # the answer itself says so
            return question
        return read(text, names_of(older.index), self.region, known_numbers(snapshot.index), tz=self.tz)

    def _answer_without_data(self, question: Question, state: PageState) -> Reply:
        if question.kind is Kind.HELP:  # "help and then free in ede": the other question is said under it
            return Reply(with_understood_note(render_help(), question), ok=True, query=state.query)
        if question.kind is Kind.CLARIFY:
            return Reply(render_clarify(question, state.public), ok=False, query=state.query)
        try:
            reply = self._answer_from_catalog(question, state)
            return replace(reply, message=with_understood_note(reply.message, question))
        except Exception as exc:
            return Reply(error_message(exc, f"answering {state.query!r}"), ok=False, query=state.query)

    def _answer_from_catalog(self, question: Question, state: PageState) -> Reply:
        refresh = question.refresh
        if question.kind is Kind.BUYABLE:
            number_type = question.number_type or "national"
            if number_type == "local":
                raise NotPossibleHere(_(LOCAL_NEEDS_VERIFICATION))
            offers = self.catalog.buyable(number_type, question.fragment, refresh)
            message = render_buyable(offers, number_type, question.fragment, state, self.page_size)
            return Reply(message, ok=True, query=state.query, count=len(offers.items))
        orders = self.catalog.orders(question.order_status, refresh)
        if question.number_types:
            orders = replace(orders, items=tuple(o for o in orders.items if o.number_type in question.number_types))
        if question.lookups:
            orders = replace(orders, items=tuple(o for o in orders.items if o.phone_number in question.lookups))
        number = question.lookups[0] if question.lookups else None
        message = render_orders(orders, question.order_status, state, self.page_size, number)
        return Reply(message, ok=True, query=state.query, count=len(orders.items))

    def _answer_from_snapshot(self, question: Question, snapshot: Snapshot, outcome: str, state: PageState) -> Reply:
        if question.kind is Kind.CLARIFY:
            message = render_clarify(question, state.public)
            return Reply(message, ok=False, query=state.query, cache=outcome)
        if question.kind is Kind.CHANGES:
            return self._changes(question, snapshot, state, outcome)
        try:
            result: Answer | Groups = (
                groups(question, snapshot.index, self.region)
                if question.group_by is not None
                else answer_yes_no(question, snapshot, self.region)
                if question.yes_no is not None
                else answer(question, snapshot, self.region)
            )
            message = render_answer(result, snapshot, state, self.page_size)
            if isinstance(result, Lookups) and one_number_found(result):
                message = self._with_history(message, result.found[0][1][0], question.asks_history)
        except Exception as exc:
            message = error_message(exc, f"answering {state.query!r}", snapshot)
            return Reply(message, ok=False, query=state.query, cache=outcome)
        other = self._other_listing(question, snapshot)
        if other is None:
            return Reply(with_understood_note(message, question), True, state.query, result_count(result), outcome)
        said = {"also_asked": other.description, "also_found": len(other.numbers)}
        message = with_understood_note(message, question.model_copy(update=said))
        message = with_also_listed(message, other.description, other.numbers)
        return Reply(message, ok=True, query=state.query, count=result_count(result), cache=outcome)

    def _other_listing(self, question: Question, snapshot: Snapshot) -> Listing | None:
        """A lookup with a listing asked beside it: that listing, answered under the lookup (None: nothing asked)."""
        if question.also_asked is None:
            return None
        other = self._read(question.also_asked, snapshot)
        listing = answer(other, snapshot, self.region) if other.kind in (Kind.LIST, Kind.COUNT) else None
        return listing if isinstance(listing, Listing) else None

    def _changes(self, question: Question, snapshot: Snapshot, state: PageState, outcome: str) -> Reply:
        if self.history is None:
            no_history = NotPossibleHere(_(self.no_history[0]))
            return Reply(error_message(no_history, "changes", snapshot), False, state.query, cache=outcome)
        recorded = self._recorded()  # the reading just fetched may hold the very change asked about
        if question.export:  # the listing's buttons page and refresh it, never export again
            state = state.model_copy(update={"query": question.model_copy(update={"export": False}).canonical()})
            question = closed(question)  # the file holds what the count counted, whatever is recorded meanwhile
        try:
            listing = answer_changes(question, self.history, self.region, offset=state.offset, page_size=self.page_size)
        except HistoryUnavailable as exc:
            return Reply(error_message(exc, "changes", snapshot), False, state.query, cache=outcome)
        message = self._noted(render_changes(listing, snapshot, state, self.page_size))
        if not recorded:
            message = with_note(message, ":hourglass_flowing_sand: " + _(CHANGES_BEHIND))
        if seen := coverage_note(listing.coverage, listing.since, listing.until):
            message = with_note(message, seen)
        message = with_understood_note(message, question)
        found = len(listing.changes)
        plan = ExportPlan(question, found, listing.description, state.language) if question.export else None
        return Reply(message, ok=True, query=state.query, count=len(listing.changes), cache=outcome, export=plan)

    def _recorded(self) -> bool:
        """Wait (bounded) for the reading being recorded; False when it is still being written."""
        return self._history_caught_up is None or self._history_caught_up(HISTORY_WAIT_SECONDS)

    def _with_history(self, card: Message, number: PhoneNumber, asked: bool) -> Message:
        """A number's card with its recent history; a history that cannot be read leaves the card whole, said.

        Asked about ("was it changed recently?"), the card also says whether its history holds changes, or none.
        """
        if self.history is None:
            return with_note(card, _(NO_HISTORY)) if asked else card
        recorded = self._recorded()
        try:
            changes = self.history.changes_of_number(number.id, CARD_HISTORY)
        except HistoryUnavailable as exc:
            return with_note(card, f":warning: {exc}")
        if not recorded or (changes and not _agrees(changes[0].current, number)):
            card = with_note(card, ":hourglass_flowing_sand: " + _(HISTORY_BEHIND))  # never a silent contradiction
        if asked:
            card = with_note(card, _(CARD_HISTORY_NOTE if changes else NO_CARD_CHANGES))
        return self._noted(with_history(card, changes))

    def _noted(self, message: Message) -> Message:
        """The message, with what the history store cannot vouch for (damaged and restarted, unwritable)."""
        note = history_note(self.history.health()) if self.history is not None else None
        return with_note(message, note) if note else message

    def numbers_in_text(self, text: str) -> Reply:
        """Every phone number written in a message (an alert, say), with its status on the account."""
        try:
            snapshot, outcome = self.cache.get()
            found = numbers_in_text(text, snapshot.index, self.region)
            message = render_found_in_text(found, snapshot)
            if len(text) > MAX_MESSAGE_CHARS:  # a message longer than Slack's own 40,000: say what was not read
                message = with_note(message, unread_note(MAX_MESSAGE_CHARS, len(text) - MAX_MESSAGE_CHARS))
        except Exception as exc:
            message = error_message(exc, "looking up the numbers in a message")
            return Reply(message, ok=False, query="lookup in message")
        return Reply(message, ok=True, query="lookup in message", count=len(found), cache=outcome)

    def home(self, *, refresh: bool = False) -> dict[str, Any]:
        """The App Home view: the inventory at a glance, or what went wrong."""
        try:
            snapshot, _ = self.cache.get(refresh=refresh)
            return render_home(count(snapshot.index), snapshot)
        except Exception as exc:
            return home_error_view(sentence_for(exc, "rendering the Home tab"))

    def health(self) -> CacheHealth:
        """Freshness and the last upstream error, for /healthz (never calls Flireo)."""
        return self.cache.health()


def names_of(index: SearchIndex) -> Names:
    """The names questions are read against, worked out once per snapshot."""
    return index.derived(
        "reading-names", lambda: names_for(tuple(index.localities.values()), tuple(index.assistant_names.values()))
    )


def known_numbers(index: SearchIndex) -> frozenset[str]:
    """Every number on the account or shared (E.164), so a number Flireo holds is read even if unusual."""
    return index.derived("known-numbers", lambda: frozenset(index.by_e164))


def _agrees(recorded: PhoneNumber, shown: PhoneNumber) -> bool:
    """Whether the newest change leaves the number as the card shows it (who answers it, whether it is free)."""

    def link(number: PhoneNumber) -> str | None:
        return number.linked_assistant.id if number.linked_assistant is not None else None

    return (link(recorded), recorded.available) == (link(shown), shown.available)
