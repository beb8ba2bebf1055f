"""Watches: a channel's standing questions, posted there as changes are detected.

`/numbers watch [filters]` posts each matching change; `/numbers watch free local amsterdam below 3` posts when
that count falls below 3 and when it recovers; `/numbers watches` lists them; `/numbers unwatch N` removes one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.answers.changes import count_passing, describe_question, predicate_for, touches, with_names_from
from bot.answers.flapping import FLAP_CHANGES, FLAP_MEMORY, Flap, FlapState, flap_states
from bot.answers.rendered import Reply, error_message
from bot.answers.service import known_numbers, names_of
from bot.errors import UserError
from bot.i18n import _, in_language, language, ngettext, number
from bot.i18n.words import group_word
from bot.inventory.cache import InventoryCache
from bot.inventory.diff import Change
from bot.inventory.history import MAX_WATCHES_PER_CHANNEL, HistoryStore, Watch
from bot.inventory.outbox import OutboxStatus
from bot.inventory.snapshot import Snapshot
from bot.inventory.store_health import HistoryUnavailable, watch_refused
from bot.ops.audit import AuditEntry, record
from bot.reading.language import language_of_words
from bot.reading.question import Kind, Question
from bot.reading.reader import read
from bot.reading.watch_command import BELOW, UNWATCH, WATCH, WATCHES
from bot.reading.when import DEFAULT_TIMEZONE
from bot.replies.change_views import flapping_line, history_note, render_watch_post
from bot.replies.understood import with_note
from bot.replies.views import Message
from bot.replies.watch_views import (
    render_watch_added,
    render_watch_broken_notice,
    render_watch_exists,
    render_watch_removed,
    render_watches,
    threshold_message,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Post:
    """A message a watch posts in its channel."""

    channel: str
    message: Message
    watch_id: int


class Watches:
    """Adds, lists and removes a channel's watches, and works out what they post after each reading."""

    def __init__(self, store: HistoryStore, cache: InventoryCache, *, region: str, tz: ZoneInfo = DEFAULT_TIMEZONE):
        self._store = store
        self._cache = cache
        self._region = region
        self._tz = tz

    def command(self, text: str, *, channel: str | None, user: str | None) -> Reply:
        """Answer a watch command typed in `channel`, in the language of its words (`volg …`: Dutch)."""
        with in_language(language_of_words(text)):
            try:
                if not channel:
                    raise UserError(_("Watches belong to a channel: use `/numbers watch …` in the channel to post in."))
                return self._noted(self._command(text, channel, user))
            except Exception as exc:  # Flireo down, a store error: said in plain words; a bug is logged
                return Reply(error_message(exc, "answering a watch command"), False, text.strip()[:100])

    def _command(self, text: str, channel: str, user: str | None) -> Reply:
        if WATCHES.match(text):
            return Reply(render_watches(self._store.watches(channel), self._waiting(channel)), True, "watches")
        if unwatch := UNWATCH.match(text):
            return self._remove(channel, unwatch.group(1), user)
        watch = WATCH.match(text)
        assert watch is not None
        return self._add(watch.group(1), channel, user)

    def _waiting(self, channel: str) -> OutboxStatus | None:
        """The channel's watch posts not sent yet; None when the store cannot say (the list shows all the same)."""
        try:
            return self._store.outbox_status(channel)
        except HistoryUnavailable:
            return None

    def _noted(self, reply: Reply) -> Reply:
        """A watch reply, with what the store cannot vouch for (a damaged store set aside loses its watches)."""
        note = history_note(self._store.health()) if reply.ok else None  # a refusal already says why
        return replace(reply, message=with_note(reply.message, note)) if note else reply

    def _add(self, words: str, channel: str, user: str | None) -> Reply:
        if reason := self._store.health().unwritable:
            raise UserError(watch_refused(reason))
        threshold = None
        if below := BELOW.search(words):
            threshold, words = int(below.group(1)), words[: below.start()]
        snapshot = self._cache.snapshot()
        query = self._read(words, snapshot)  # a name that is in no data fails here, not later
        test = predicate_for(query, self._region)
        canonical = query.canonical() if query.kind is not Kind.HELP else ""
        present = self._store.watches(channel)
        # The same watch typed twice would post every change twice (issue 20: typed 20 times, posted 20 times).
        if same := next((w for w in present if w.query == canonical and w.threshold == threshold), None):
            if not same.broken:
                return Reply(render_watch_exists(same, describe_question(query)), True, f"watch {canonical}")
            self._store.set_broken(same.id, None)  # typed again once the channel is mended: it posts again
            count = count_passing(snapshot, test) if threshold is not None else None
            return Reply(render_watch_added(same, describe_question(query), count), True, f"watch {canonical}")
        if len(present) >= MAX_WATCHES_PER_CHANNEL:
            raise UserError(
                _("This channel has {count} watches already; remove one first.").format(
                    count=number(MAX_WATCHES_PER_CHANNEL)
                )
            )
        # The watch posts in the language it was set in (issue 23).
        watch = Watch(0, channel, canonical, threshold, user, datetime.now(UTC), language=language())
        stored = self._store.add_watch(watch)
        if stored.created_at != watch.created_at:  # the same watch, stored a moment ago (typed at once elsewhere)
            return Reply(render_watch_exists(stored, describe_question(query)), True, f"watch {canonical}")
        watch, count = stored, None
        if threshold is not None:
            count = count_passing(snapshot, test)
            if count < threshold:  # already below: the next post is its recovery, not a repeat of the present
                self._store.set_below(watch.id, True)
        _audit("watch", user, channel, f"watch {canonical} below {threshold}" if threshold else f"watch {canonical}")
        return Reply(render_watch_added(watch, describe_question(query), count), True, f"watch {canonical}")

    def _remove(self, channel: str, typed: str, user: str | None) -> Reply:
        if not typed.isdigit():
            raise UserError(
                _("Which watch? `/numbers watches` lists them with their numbers; then `/numbers unwatch 2`.")
            )
        if not self._store.remove_watch(channel, int(typed)):
            raise UserError(
                _("This channel has no watch {number}; `/numbers watches` lists them.").format(number=typed)
            )
        _audit("unwatch", user, channel, f"unwatch {typed}")
        return Reply(render_watch_removed(int(typed)), True, f"unwatch {typed}")

    def remove(self, channel: str, watch_id: int, user: str | None) -> Reply:
        """Remove a watch from its list's button (clicked twice, or after someone else removed it: said so)."""
        try:
            # The button carries only the watch's number: the reply is in the language the watch was set in.
            with in_language(next((w.language for w in self._store.watches(channel) if w.id == watch_id), None)):
                return self._remove(channel, str(watch_id), user)
        except Exception as exc:
            return Reply(error_message(exc, "removing a watch"), False, f"unwatch {watch_id}")

    def _read(self, words: str, snapshot: Snapshot) -> Question:
        """A watch's filters, read like any question; a watch never ignores a word it could not place."""
        if not words.strip():
            return Question(kind=Kind.HELP)
        names, known = names_of(snapshot.index), known_numbers(snapshot.index)
        query = read(words, names, self._region, known, tz=self._tz, suggest=False)
        if query.kind is Kind.CLARIFY:
            raise UserError(query.problem or _("I couldn't read that watch."))
        if query.ignored:
            words = ", ".join(f"*{word}*" for word in query.ignored)
            raise UserError(_("I don't know {words}: a watch needs words I can read.").format(words=words))
        if query.group_by is not None:
            raise UserError(
                _("A watch counts one set of numbers, not one per {group}: leave out the *per*.").format(
                    group=group_word(query.group_by)
                )
            )
        if query.kind not in (Kind.LIST, Kind.COUNT, Kind.LOOKUP, Kind.HELP):
            raise UserError(_("A watch takes a listing's filters, e.g. `/numbers watch linked billing desk`."))
        return query

    def posts_for(self, snapshot: Snapshot, changes: list[Change]) -> list[Post]:
        """What every watch posts after a new reading: its matching changes, or its count crossing the threshold."""
        posts = []
        flaps = self._flap_states(changes)
        names = with_names_from(snapshot, changes)  # a watch on Billing Desk still reads after its last number went
        for watch in self._store.watches():
            if watch.broken:  # Slack refused its posts for good: nothing is sent until it is typed again
                continue
            try:
                with in_language(watch.language):  # a watch posts in the language it was set in
                    post = self._post_for(watch, snapshot, names, changes, flaps)
            except UserError as exc:  # an assistant or place gone from the data: nothing matches it now
                log.info("watch %d skipped: %s", watch.id, exc)
                continue
            if post is not None:
                posts.append(post)
                _audit("watch_post", None, watch.channel, f"watch {watch.id}: {watch.query}")
        return posts

    def _flap_states(self, changes: list[Change]) -> dict[str, FlapState]:
        """Whether each changed number is flapping, from its stored changes (recorded before the watches run): the
        same after a restart and on every replica. Without them (the store unreadable) every change is posted."""
        if not changes:
            return {}
        until = max(change.seen_until for change in changes)
        try:
            # Only a number that changed more than FLAP_CHANGES times in the memory can be flapping.
            seen = self._store.frequent_changes(until - FLAP_MEMORY, until, FLAP_CHANGES + 1)
        except HistoryUnavailable as exc:
            log.info("flapping not told apart: %s", exc)
            seen = {}
        return flap_states(changes, seen)

    def _post_for(
        self, watch: Watch, snapshot: Snapshot, names: Snapshot, changes: list[Change], flaps: dict[str, FlapState]
    ) -> Post | None:
        query = self._read(watch.query, names)
        test = predicate_for(query, self._region)
        described = describe_question(query)
        if watch.threshold is not None:
            count = count_passing(snapshot, test)
            below = count < watch.threshold
            if below == watch.below:
                return None
            self._store.set_below(watch.id, below)
            counted = describe_question(query, count)  # "Watch 2: 1 free local number, below 3"
            return Post(watch.channel, threshold_message(watch, counted, count), watch.id)
        matching = [change for change in changes if touches(change, test)]
        steady = [change for change in matching if flaps[change.number_id].flap is Flap.STEADY]
        started = {change.number_id: change for change in matching if flaps[change.number_id].flap is Flap.STARTED}
        notes = [flapping_line(change, flaps[key].count, flaps[key].kinds) for key, change in started.items()]
        if not steady and not notes:
            return None  # nothing matched, or only numbers still flapping
        count = len(steady) + len(notes)
        header = ngettext(
            "Watch {id}: {count} change to {description}", "Watch {id}: {count} changes to {description}", count
        ).format(id=watch.id, count=number(count), description=described)
        return Post(watch.channel, render_watch_post(header, steady, notes=notes), watch.id)

    def broken_count(self) -> int | None:
        """How many watches Slack refuses for good (for /healthz); None when the store cannot say."""
        try:
            return sum(1 for watch in self._store.watches() if watch.broken)
        except Exception:  # the store's trouble is /healthz's "history"; this count is not worth a traceback
            return None

    def refused(self, post: Post, error: str) -> Post | None:
        """Slack refused a watch's post for good: mark the watch broken; a direct message to whoever set it."""
        watch = next((w for w in self._store.watches(post.channel) if w.id == post.watch_id), None)
        if watch is None or watch.broken:
            return None
        self._store.set_broken(watch.id, error)
        log.warning("watch %d marked broken: chat.postMessage answered %s", watch.id, error)
        if not watch.created_by:
            return None
        with in_language(watch.language):
            # chat.postMessage to a user id posts in the app's direct message with that user (Slack's docs).
            return Post(watch.created_by, render_watch_broken_notice(watch, error), watch.id)


def _audit(surface: str, user: str | None, channel: str | None, query: str) -> None:
    record(AuditEntry(surface, user, channel, query, "ok"))
