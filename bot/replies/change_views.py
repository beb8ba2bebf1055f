"""Block Kit for changes: a paged list of what changed, a number's own history, and watch messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.answers.changes import ChangeListing
from bot.flireo.models import Assistant, PhoneNumber
from bot.inventory.diff import Change, ChangeKind
from bot.inventory.snapshot import Snapshot
from bot.inventory.store_health import StoreHealth
from bot.replies.formats import clock_text, slack_date
from bot.replies.mrkdwn import SECTION_TEXT_CHARS, clip, flireo_text, spoken_text
from bot.replies.state import PageState
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

MAX_NAME_CHARS = 60
# A number's card shows this many of its latest changes: enough for "what happened to it tonight".
CARD_HISTORY = 5
FIELD_NAMES = {"number_type": "type", "locality": "place"}  # one word per idea: "place", as in questions


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
        return f":warning: history starts {since}: {health.reason}, so it was set aside; nothing is known before"
    if health.state == "unwritable":
        return f":warning: history unavailable since {since}: {health.reason}, so later changes are not recorded"
    return f":warning: history unavailable since {since}: {health.reason}"


def _same_minute(change: Change) -> bool:
    """Both readings around a change fall in one minute: a clock shows one time, not 'between 00:26 and 00:26'."""
    return change.seen_from.replace(second=0, microsecond=0) == change.seen_until.replace(second=0, microsecond=0)


def interval(change: Change, now: datetime | None = None) -> str:
    """'between 02:05 and 02:10': Flireo has no change feed, so only the two readings around it are known."""
    if _same_minute(change):
        return f"at {slack_time(change.seen_until, now)}"
    return f"between {slack_time(change.seen_from, now)} and {slack_time(change.seen_until, now)}"


def _name(assistant: Assistant | None) -> str:
    name = assistant.name if assistant is not None and assistant.name else "an unnamed assistant"
    return f"*{flireo_text(name, MAX_NAME_CHARS)}*"


def _text(value: object) -> str:
    return flireo_text(str(value), 40) if value not in (None, "") else "none"


def _described(number: PhoneNumber) -> str:
    parts = [_text(part) for part in (number.number_type, number.locality) if part]
    parts.append(f"linked to {_name(number.linked_assistant)}" if number.linked_assistant else "not linked")
    return ", ".join(parts)


def what_happened(change: Change) -> str:
    """What a change did, in words: 'relinked from *Night Support* to *Billing Desk*'."""
    old, new = change.old, change.new
    if change.kind is ChangeKind.ADDED and new is not None:
        return f":new: added ({_described(new)})"
    if change.kind is ChangeKind.REMOVED and old is not None:
        return f":x: removed (was {_described(old)})"
    if change.kind is ChangeKind.LINKED and new is not None:
        return f":link: linked to {_name(new.linked_assistant)}"
    if change.kind is ChangeKind.UNLINKED and old is not None:
        return f":heavy_minus_sign: unlinked from {_name(old.linked_assistant)}"
    if change.kind is ChangeKind.RELINKED and old is not None and new is not None:
        return f":repeat: relinked from {_name(old.linked_assistant)} to {_name(new.linked_assistant)}"
    if change.field == "available" and new is not None:
        return ":pencil2: now available" if new.available else ":pencil2: no longer available"
    label = FIELD_NAMES.get(change.field or "", change.field or "record")
    before = getattr(old, change.field or "", None)
    after = getattr(new, change.field or "", None)
    return f":pencil2: {label} changed from {_text(before)} to {_text(after)}"


def change_line(change: Change, now: datetime | None = None) -> str:
    """One line: the number, what happened to it, and the interval it happened in."""
    return f"{bold_number(change.phone_number)} · {what_happened(change)} · {interval(change, now)}"


def _period(listing: ChangeListing, now: datetime | None) -> str:
    if listing.until is not None:
        return f"from {utc_text(listing.since, now)} to {utc_text(listing.until, now)}"
    return f"since {utc_text(listing.since, now)}"


def render_changes(
    listing: ChangeListing, snapshot: Snapshot, state: PageState, page_size: int, now: datetime | None = None
) -> Message:
    """A page of changes, newest first, with header, freshness and paging buttons."""
    title = f"Changes to {listing.description} {_period(listing, now)}: {len(listing.changes)} found"
    lines = LazyLines(listing.changes, lambda change: change_line(change, now))
    empty = f"No changes to {flireo_text(listing.description, 1000)} {_period(listing, now)}."
    numbers = LazyLines(listing.changes, lambda change: readable_number(change.phone_number))
    return render_page(
        title,
        lines,
        state,
        page_size,
        freshness(snapshot, now, slack=True),
        empty,
        plain_freshness=freshness(snapshot, now),
        numbers=numbers,
    )


def history_line(change: Change, now: datetime | None = None) -> str:
    """One step of a number's history: 'linked to *Billing Desk* since 27 Nov 02:05–02:10; before: *Night Support*'."""
    span = (
        slack_time(change.seen_until, now)
        if _same_minute(change)
        else f"{slack_time(change.seen_from, now)}–{slack_time(change.seen_until, now)}"
    )
    old, new = change.old, change.new
    if change.kind in (ChangeKind.LINKED, ChangeKind.RELINKED) and new is not None:
        line = f"linked to {_name(new.linked_assistant)} since {span}"
    elif change.kind is ChangeKind.UNLINKED:
        line = f"not linked since {span}"
    else:  # added, removed, a field: what happened, without the emoji (the card is calmer)
        line = f"{what_happened(change).split(' ', 1)[1]} · {span}"
    if change.kind in (ChangeKind.UNLINKED, ChangeKind.RELINKED) and old is not None and old.linked_assistant:
        line += f"; before: {_name(old.linked_assistant)}"
    return line


def history_lines(changes: Sequence[Change], now: datetime | None = None) -> list[str]:
    """A number's own history, newest first, at most CARD_HISTORY steps."""
    return [history_line(change, now) for change in changes[:CARD_HISTORY]]


def with_history(message: Message, changes: Sequence[Change], now: datetime | None = None) -> Message:
    """A number's card with its recent history added above the freshness line."""
    if not changes:
        return message
    text = "*Recent history*\n" + "\n".join(f"• {line}" for line in history_lines(changes, now))
    block = SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT_CHARS))).to_dict()
    blocks = list(message.blocks)
    at = next((i for i, b in enumerate(blocks) if b.get("type") == "context"), len(blocks))
    return Message(message.text, [*blocks[:at], block, *blocks[at:]])


def render_watch_post(header: str, changes: Sequence[Change], now: datetime | None = None) -> Message:
    """What a watch posts in its channel: a heading and one line per change (as many as fit)."""
    lines = [change_line(change, now) for change in changes]
    text = f"*{flireo_text(header, 200)}*\n" + "\n".join(lines)
    if len(text) > 2900:  # Slack: 3,000 characters a section
        shown = text[:2800].rsplit("\n", 1)[0]
        text = f"{shown}\n… and more: ask `/numbers changes` for all of them."
    said = said_numbers([f"{readable_number(c.phone_number)} {c.kind.value}" for c in changes])
    block = SectionBlock(text=MarkdownTextObject(text=text)).to_dict()
    return Message(spoken_text(f"{header}: {said}", MAX_FALLBACK_CHARS), [block])
