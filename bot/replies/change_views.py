"""Block Kit for changes: a paged list of what changed, a number's own history, and watch messages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import overload

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.flireo.models import Assistant, PhoneNumber
from bot.i18n import N_, _, ngettext, number, pgettext
from bot.i18n.words import type_word
from bot.inventory.diff import Change, ChangeKind
from bot.inventory.history import GAP_FAILED, GAP_STOPPED, GAP_UNWRITABLE, Coverage
from bot.inventory.snapshot import Snapshot
from bot.inventory.store_health import StoreHealth
from bot.replies.export_views import export_button
from bot.replies.formats import clock_text, slack_date
from bot.replies.mrkdwn import SECTION_TEXT_CHARS, clip, flireo_text, spoken_text
from bot.replies.state import BlockId, PageState
from bot.replies.views import (
    MAX_FALLBACK_CHARS,
    LazyLines,
    Message,
    bold_number,
    freshness,
    readable_number,
    render_page,
    said_numbers,
)
from bot.results.changes import ChangeListing

MAX_NAME_CHARS = 60
# A number's card shows this many of its latest changes: enough for "what happened to it tonight".
CARD_HISTORY = 5


def utc_text(moment: datetime, now: datetime | None = None) -> str:
    """`02:05 UTC`, with the day when it is not today (for header and fallback text)."""
    moment = moment.astimezone(UTC)
    return clock_text(moment, with_day=moment.date() != (now or datetime.now(UTC)).date())


def slack_time(moment: datetime, now: datetime | None = None) -> str:
    """A Slack date token: each reader sees their own zone; the fallback is UTC."""
    moment = moment.astimezone(UTC)
    return slack_date(moment, with_day=moment.date() != (now or datetime.now(UTC)).date())


def history_note(health: StoreHealth, now: datetime | None = None) -> str | None:
    """What a change answer must add when the store is not whole: since when, and why; None when it is."""
    if health.state == "ok" or health.since is None:
        return None
    since = slack_time(health.since, now)
    if health.state == "restarted":
        note = _("history starts {time}: {reason}, so it was set aside; nothing is known before")
    elif health.state == "unwritable":
        note = _("history unavailable since {time}: {reason}, so later changes are not recorded")
    else:
        note = _("history unavailable since {time}: {reason}")
    return ":warning: " + note.format(time=since, reason=health.reason)


# The gaps one answer names; more are counted ("and 4 more gaps"), so the note stays one line.
GAPS_NAMED = 3
GAP_REASONS = {
    GAP_STOPPED: N_("the bot was stopped"),
    GAP_FAILED: N_("readings failed"),
    GAP_UNWRITABLE: N_("the store could not be written"),
}


def coverage_note(
    coverage: Coverage | None, since: datetime, until: datetime | None, now: datetime | None = None
) -> str | None:
    """What a change answer must add when history did not see all of the period; None when it did.

    'history starts 00:26; nothing known before', 'no readings 02:10–02:40 (the bot was stopped)',
    'no readings since 03:00': never a bare 'no changes' for a time history did not see.
    """
    if coverage is None:
        return None
    if coverage.first is None or coverage.last is None:
        return ":warning: " + _("history has no readings yet: nothing is known about this period")
    parts = []
    if coverage.first > since:
        parts.append(_("history starts {time}; nothing known before").format(time=slack_time(coverage.first, now)))
    for gap in coverage.gaps[:GAPS_NAMED]:
        between = {"start": slack_time(gap.start, now), "end": slack_time(gap.end, now)}
        if gap.reason in GAP_REASONS:
            parts.append(_("no readings {start}–{end} ({why})").format(**between, why=_(GAP_REASONS[gap.reason])))
        else:
            parts.append(_("no readings {start}–{end}").format(**between))
    if len(coverage.gaps) > GAPS_NAMED:
        more = len(coverage.gaps) - GAPS_NAMED
        parts.append(ngettext("and {count} more gap", "and {count} more gaps", more).format(count=number(more)))
    end = until or now or datetime.now(UTC)
    if end - coverage.last > coverage.gap_after:
        parts.append(_("no readings since {time}").format(time=slack_time(coverage.last, now)))
    return ":warning: " + "; ".join(parts) if parts else None


def _same_minute(start: datetime, end: datetime) -> bool:
    """Both readings around a change fall in one minute: a clock shows one time, not 'between 00:26 and 00:26'."""
    return start.replace(second=0, microsecond=0) == end.replace(second=0, microsecond=0)


def interval(change: Change, now: datetime | None = None) -> str:
    """'between 02:05 and 02:10': Flireo has no change feed: the pages that saw it before and after are all we know."""
    return between(change.seen_from, change.seen_until, now)


def between(start: datetime, end: datetime, now: datetime | None = None) -> str:
    """'between 02:05 and 02:10', or 'at 02:05' when both fall in one minute."""
    if _same_minute(start, end):
        return _("at {time}").format(time=slack_time(end, now))
    return _("between {start} and {end}").format(start=slack_time(start, now), end=slack_time(end, now))


def _name(assistant: Assistant | None) -> str:
    name = assistant.name if assistant is not None and assistant.name else _("an unnamed assistant")
    return f"*{flireo_text(name, MAX_NAME_CHARS)}*"


def _text(value: object) -> str:
    return flireo_text(str(value), 40) if value not in (None, "") else pgettext("value", "none")


def _described(number: PhoneNumber) -> str:
    parts = [_text(type_word(number.number_type))] if number.number_type else []
    parts += [_text(number.locality)] if number.locality else []
    linked = _("linked to {name}").format(name=_name(number.linked_assistant))
    parts.append(linked if number.linked_assistant else _("not linked"))
    return ", ".join(parts)


def what_happened(change: Change) -> str:
    """What a change did, in words: 'relinked from *Night Support* to *Billing Desk*'."""
    old, new = change.old, change.new
    if change.kind is ChangeKind.ADDED and new is not None:
        return ":new: " + _("added ({number})").format(number=_described(new))
    if change.kind is ChangeKind.REMOVED and old is not None:
        return ":x: " + _("removed (was {number})").format(number=_described(old))
    if change.kind is ChangeKind.LINKED and new is not None:
        return ":link: " + _("linked to {name}").format(name=_name(new.linked_assistant))
    if change.kind is ChangeKind.UNLINKED and old is not None:
        return ":heavy_minus_sign: " + _("unlinked from {name}").format(name=_name(old.linked_assistant))
    if change.kind is ChangeKind.RELINKED and old is not None and new is not None:
        names = {"old": _name(old.linked_assistant), "new": _name(new.linked_assistant)}
        return ":repeat: " + _("relinked from {old} to {new}").format(**names)
    if change.field == "available" and new is not None:
        return ":pencil2: " + (_("now available") if new.available else _("no longer available"))
    before = getattr(old, change.field or "", None)
    after = getattr(new, change.field or "", None)
    if change.field == "number_type":
        before, after = (type_word(value) if value else value for value in (before, after))
    changed = _("{field} changed from {old} to {new}")
    return ":pencil2: " + changed.format(field=_field_name(change.field), old=_text(before), new=_text(after))


def _kind_word(kind: ChangeKind) -> str:
    """What happened to a number, in one word: 'unlinked' / 'ontkoppeld'."""
    words = {
        ChangeKind.ADDED: pgettext("change", "added"),
        ChangeKind.REMOVED: pgettext("change", "removed"),
        ChangeKind.LINKED: pgettext("change", "linked"),
        ChangeKind.UNLINKED: pgettext("change", "unlinked"),
        ChangeKind.RELINKED: pgettext("change", "relinked"),
        ChangeKind.CHANGED: pgettext("change", "changed"),
    }
    return words[kind]


def _field_name(field: str | None) -> str:
    """A changed field in words: one word per idea, "place" as in questions; a field we do not know by its name."""
    names = {"number_type": pgettext("field", "type"), "locality": pgettext("field", "place")}
    return names.get(field or "", field or pgettext("field", "record"))


def change_line(change: Change, now: datetime | None = None) -> str:
    """One line: the number, what happened to it, and the interval it happened in."""
    return f"{bold_number(change.phone_number)} · {what_happened(change)} · {interval(change, now)}"


def kind_summary(by_kind: Mapping[str, int] | None) -> str | None:
    """'20 linked, 20 unlinked, 10 added': the period's changes by kind, most first; None when there are none."""
    if not by_kind:
        return None
    order = list(ChangeKind)
    known = {kind.value for kind in order}
    counted = [(count, ChangeKind(kind)) for kind, count in by_kind.items() if count and kind in known]
    counted.sort(key=lambda pair: (-pair[0], order.index(pair[1])))
    return ", ".join(f"{number(count)} {_kind_word(kind)}" for count, kind in counted) or None


def reading_span(change: Change) -> tuple[datetime, datetime]:
    """The readings around a change, from the earlier's first page to the later's last: every change of that
    reading lies in it (each change's own interval, by its pages, is inside). Changes stored before pages were
    dated have only their readings' times."""
    if change.reading_from is not None and change.reading_until is not None:
        return change.reading_from, change.reading_until
    return change.seen_from, change.seen_until


def _same_reading(change: Change, other: Change | None) -> bool:
    return other is not None and reading_span(change) == reading_span(other)


class GroupedLines(Sequence[str]):
    """Change lines under one interval line per reading: 'Between 02:05 and 02:10', then each change of it.

    A page (a slice) opens with its first change's interval, so a page after the first is never undated.
    """

    def __init__(self, changes: Sequence[Change], now: datetime | None = None) -> None:
        self._changes, self._now = changes, now

    def __len__(self) -> int:
        return len(self._changes)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, int):
            return self._line(self._changes[index], None)
        lines, previous = [], None
        for change in self._changes[index]:
            lines.append(self._line(change, previous))
            previous = change
        return lines

    def _line(self, change: Change, previous: Change | None) -> str:
        line = f"{bold_number(change.phone_number)} · {what_happened(change)}"
        if _same_reading(change, previous):
            return line
        when = between(*reading_span(change), self._now)
        return f"*{when[:1].upper()}{when[1:]}*\n{line}"


def _period(listing: ChangeListing, now: datetime | None) -> str:
    if listing.until is not None:
        return _("from {start} to {end}").format(start=utc_text(listing.since, now), end=utc_text(listing.until, now))
    return _("since {time}").format(time=utc_text(listing.since, now))


def render_changes(
    listing: ChangeListing, snapshot: Snapshot, state: PageState, page_size: int, now: datetime | None = None
) -> Message:
    """A page of changes, newest first, with header, freshness and paging buttons."""
    period = _period(listing, now)
    title = _("Changes to {description} {period}: {count} found").format(
        description=listing.description, period=period, count=number(len(listing.changes))
    )
    if summary := kind_summary(listing.by_kind):  # the audit reading starts with what kind of night it was
        title = f"{title} ({summary})"
    lines = GroupedLines(listing.changes, now)
    empty = _("No changes to {description} {period}.").format(
        description=flireo_text(listing.description, 1000), period=period
    )
    numbers = LazyLines(listing.changes, lambda change: readable_number(change.phone_number))
    export = export_button(state) if len(listing.changes) else None  # a postmortem wants the whole list as a file
    return render_page(
        title,
        lines,
        state,
        page_size,
        freshness(snapshot, now, slack=True),
        empty,
        plain_freshness=freshness(snapshot, now),
        numbers=numbers,
        buttons=[export] if export is not None else [],
    )


def history_line(change: Change, now: datetime | None = None) -> str:
    """One step of a number's history: 'linked to *Billing Desk* since 27 Nov 02:05–02:10; before: *Night Support*'."""
    span = (
        slack_time(change.seen_until, now)
        if _same_minute(change.seen_from, change.seen_until)
        else f"{slack_time(change.seen_from, now)}–{slack_time(change.seen_until, now)}"
    )
    old, new = change.old, change.new
    if change.kind in (ChangeKind.LINKED, ChangeKind.RELINKED) and new is not None:
        line = _("linked to {name} since {time}").format(name=_name(new.linked_assistant), time=span)
    elif change.kind is ChangeKind.UNLINKED:
        line = _("not linked since {time}").format(time=span)
    else:  # added, removed, a field: what happened, without the emoji (the card is calmer)
        line = f"{what_happened(change).split(' ', 1)[1]} · {span}"
    if change.kind in (ChangeKind.UNLINKED, ChangeKind.RELINKED) and old is not None and old.linked_assistant:
        line += "; " + _("before: {name}").format(name=_name(old.linked_assistant))
    return line


def history_lines(changes: Sequence[Change], now: datetime | None = None) -> list[str]:
    """A number's own history, newest first, at most CARD_HISTORY steps."""
    return [history_line(change, now) for change in changes[:CARD_HISTORY]]


def with_history(message: Message, changes: Sequence[Change], now: datetime | None = None) -> Message:
    """A number's card with its recent history added above the freshness line."""
    if not changes:
        return message
    text = "*" + _("Recent history") + "*\n" + "\n".join(f"• {line}" for line in history_lines(changes, now))
    block = SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT_CHARS))).to_dict()
    blocks = list(message.blocks)
    # Above the freshness line, below any note under the header ("It has changed: … below" must point down).
    at = next((i for i, b in enumerate(blocks) if b.get("block_id") == BlockId.CONTEXT.value), len(blocks))
    return Message(message.text, [*blocks[:at], block, *blocks[at:]])


def flapping_line(change: Change, count: int, kinds: Sequence[ChangeKind]) -> str:
    """The one line a number that keeps changing gets instead of a line per change (bot/answers/flapping.py)."""
    text = ngettext(
        "{number} keeps flipping ({kinds}): {count} change in the last hour; I'll post again when it settles.",
        "{number} keeps flipping ({kinds}): {count} changes in the last hour; I'll post again when it settles.",
        count,
    ).format(
        number=readable_number(change.phone_number),
        kinds=", ".join(_kind_word(kind) for kind in kinds),
        count=number(count),
    )
    return f"• :repeat: {text}"


# A watch post of more changes than this opens with them counted by kind ("20 linked, 20 unlinked, 10 added"):
# a few lines are read at a glance, a bulk change is not.
POST_SUMMARY_AFTER = 3
# Slack: 3,000 characters a section; a post keeps room for its "… and more" line. A change line is 40+ characters,
# so no more than POST_LINES changes are ever formatted for one post (a bulk change of 5,500 formats 80).
POST_TEXT_CHARS = 2800
POST_LINES = POST_TEXT_CHARS // 35


def render_watch_post(
    header: str, changes: Sequence[Change], now: datetime | None = None, notes: Sequence[str] = ()
) -> Message:
    """What a watch posts in its channel, read like an audit log: a heading, the changes counted by kind when there
    are more than a few, each reading's interval once with its changes under it (as many as fit), then any notes."""
    summary = kind_summary(Counter(str(change.kind) for change in changes))
    lines = [summary] if summary and len(changes) > POST_SUMMARY_AFTER else []
    lines += [*GroupedLines(changes, now)[:POST_LINES], *notes]
    kept, size = [f"*{flireo_text(header, 200)}*"], 0
    for line in lines:  # whole lines only: an interval line is never cut from its changes
        size += len(line) + 1
        if size > POST_TEXT_CHARS:
            break
        kept.append(line)
    if len(kept) - 1 < len(lines) or len(changes) > POST_LINES:  # not every line fitted
        kept.append(_("… and more: ask `/numbers changes` for all of them."))
    text = "\n".join(kept)
    said = said_numbers([f"{readable_number(c.phone_number)} {_kind_word(c.kind)}" for c in changes])
    block = SectionBlock(text=MarkdownTextObject(text=text)).to_dict()
    return Message(spoken_text(f"{header}: {said}", MAX_FALLBACK_CHARS), [block])
