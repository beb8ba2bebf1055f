"""Block Kit messages for every answer (SPEC §4), built with slack_sdk's models; no I/O here."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, overload

import phonenumbers
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.answers.search import Help, Listing, Stats
from bot.flireo.models import PhoneNumber
from bot.inventory.snapshot import Snapshot
from bot.replies.state import Action, BlockId, PageState

# Slack: 3,000 characters in a section's text, 150 in a header, 50 blocks a message.
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_BLOCKS = 50
MAX_NAME_CHARS = 60
# Slack truncates notification text; keep the fallback short.
MAX_FALLBACK_CHARS = 300


@dataclass(frozen=True)
class Message:
    """A reply: Block Kit blocks plus the `text` fallback for notifications and screen readers."""

    text: str
    blocks: list[dict[str, Any]]

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `respond` / `chat.postMessage`."""
        return {"text": self.text, "blocks": self.blocks}


def escape(text: str) -> str:
    """Escape untrusted text for Slack mrkdwn (Slack: only &, < and > need escaping)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def readable_number(e164: str) -> str:
    """`+31201234567` → `+31 20 123 4567`; unparseable input is shown as it came."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def bold_number(e164: str) -> str:
    """A number for mrkdwn: readable, bold, and escaped (Flireo's text may be anything, even `<!channel>`)."""
    return f"*{escape(_clip(readable_number(e164), 40))}*"


def _clock(moment: datetime, now: datetime | None) -> str:
    # Stale data may be up to a day old (STALE_MAX_AGE_SECONDS): then the time alone would read as today.
    now = now or datetime.now(UTC)
    if moment.date() != now.date():
        return moment.strftime("%d %b %H:%M UTC")
    return moment.strftime("%H:%M UTC")


def data_as_of(fetched_at: datetime, demo: bool, now: datetime | None = None) -> str:
    """'data as of 14:02 UTC' (with the day when it is not today), and 'demo data' when so."""
    text = f"data as of {_clock(fetched_at, now)}"
    return f"{text} · demo data" if demo else text


def freshness(snapshot: Snapshot | None, now: datetime | None = None) -> str:
    """'data as of 14:02 UTC', with 'demo data' or the stale warning when so."""
    if snapshot is None:
        return "no data yet"
    parts = [data_as_of(snapshot.fetched_at, snapshot.demo, now)]
    if snapshot.stale_since is not None:
        parts.append(f":warning: stale: Flireo unreachable since {_clock(snapshot.stale_since, now)}")
    if snapshot.notice:
        parts.append(snapshot.notice)  # our own sentence, like the rest of this line
    return " · ".join(parts)


def number_line(number: PhoneNumber) -> str:
    """One compact mrkdwn line: number, type, locality, and available / linked to *assistant*."""
    parts = [bold_number(number.phone_number)]
    if number.number_type:
        parts.append(escape(_clip(number.number_type, 20)))
    if number.locality:
        parts.append(escape(_clip(number.locality, 40)))
    if number.shared:
        parts.append("shared default number")
    elif number.linked_assistant is not None:
        name = escape(_clip(number.linked_assistant.name or "an unnamed assistant", MAX_NAME_CHARS))
        parts.append(f":link: linked to *{name}*")
    elif number.available:
        parts.append(":large_green_circle: available")
    else:
        parts.append(":white_circle: not available")
    return " · ".join(parts)


def sections(lines: list[str]) -> list[Block]:
    """Pack lines into as few sections as fit Slack's 3,000 characters each."""
    blocks: list[Block] = []
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > MAX_SECTION_CHARS:
            blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            chunk = []
        chunk.append(_clip(line, MAX_SECTION_CHARS))
    if chunk:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    return blocks


def _button(label: str, action: Action, state: PageState, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=label, action_id=action.value, value=state.to_value(), style=style)


def _navigation(state: PageState, total: int, page_size: int) -> ActionsBlock:
    buttons = []
    if state.offset > 0:
        previous = state.model_copy(update={"offset": max(0, state.offset - page_size)})
        buttons.append(_button("Previous", Action.PREVIOUS, previous))
    if state.offset + page_size < total:
        buttons.append(_button("Next", Action.NEXT, state.model_copy(update={"offset": state.offset + page_size})))
    buttons.append(_button("Refresh", Action.REFRESH, state))
    if not state.public:
        buttons.append(_button("Share in channel", Action.SHARE, state, style="primary"))
    return ActionsBlock(block_id=BlockId.NAVIGATION.value, elements=buttons)


def message_of(text: str, blocks: list[Block]) -> Message:
    """A message from blocks, with `text` as its escaped, clipped fallback."""
    assert len(blocks) <= MAX_BLOCKS, "a view exceeded Slack's 50 blocks"
    # Slack reads `text` as mrkdwn too: a name from Flireo like "<!channel>" must not become a mention.
    return Message(escape(_clip(text, MAX_FALLBACK_CHARS)), [block.to_dict() for block in blocks])


def context_line(text: str) -> ContextBlock:
    """The small grey line under a reply (page, freshness), clipped to Slack's limit."""
    return ContextBlock(block_id=BlockId.CONTEXT.value, elements=[MarkdownTextObject(text=_clip(text, 2000))])


def clamp_offset(offset: int, total: int, page_size: int) -> int:
    """The offset of a page that exists (the listing may have shrunk since the button was made)."""
    last = max(0, (math.ceil(total / page_size) - 1) * page_size)
    return min(offset - offset % page_size, last)


def render_page(
    title: str, lines: Sequence[str], state: PageState, page_size: int, freshness_text: str, empty_text: str
) -> Message:
    """A page of one-line items: header with the count, the page's lines, page N of M with freshness, buttons."""
    total = len(lines)
    state = state.model_copy(update={"offset": clamp_offset(state.offset, total, page_size)})
    page = lines[state.offset : state.offset + page_size]
    pages = max(1, math.ceil(total / page_size))
    blocks: list[Block] = [HeaderBlock(block_id=BlockId.HEADER.value, text=_clip(title, MAX_HEADER_CHARS))]
    if page:
        blocks += sections(list(page))
    else:
        blocks.append(SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text=empty_text)))
    page_no = state.offset // page_size + 1
    blocks.append(context_line(f"Page {page_no} of {pages} · {freshness_text}"))
    blocks.append(_navigation(state, total, page_size))
    return message_of(f"{title} (page {page_no} of {pages}) · {freshness_text}", blocks)


def render_listing(
    listing: Listing, snapshot: Snapshot, state: PageState, page_size: int, now: datetime | None = None
) -> Message:
    """A page of numbers with header, freshness, and paging buttons."""
    title = f"{listing.description[:1].upper()}{listing.description[1:]}: {len(listing.numbers)} found"
    # Lines are built for the shown page only: a 10,000-number listing formats 10 numbers, not all of them.
    lines = _LazyLines(listing.numbers, number_line)
    return render_page(title, lines, state, page_size, freshness(snapshot, now), _empty_text(listing))


class _LazyLines(Sequence[str]):
    """Formatted lines that format an item only when its line is read."""

    def __init__(self, items: tuple[PhoneNumber, ...], format_line: Callable[[PhoneNumber], str]) -> None:
        self._items = items
        self._format = format_line

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self._format(item) for item in self._items[index]]
        return self._format(self._items[index])


def _empty_text(listing: Listing) -> str:
    if listing.lookup is not None:
        return f"No number on this account matches *{escape(_clip(listing.lookup, 40))}*."
    text = f"No {escape(listing.description)}."
    if listing.hint:
        text = f"No {escape(listing.description)}; {escape(listing.hint)}."
    return text


def render_number_card(
    number: PhoneNumber, snapshot: Snapshot, state: PageState, now: datetime | None = None
) -> Message:
    """The one number a lookup found, with everything known about it."""
    fields = [f"*Type:* {escape(number.number_type or 'unknown')}", f"*Locality:* {escape(number.locality or '—')}"]
    if number.shared:
        fields.append("*Status:* shared default number")
    elif number.linked_assistant is not None:
        fields.append(f"*Linked to:* {escape(_clip(number.linked_assistant.name or 'an unnamed assistant', 60))}")
    else:
        fields.append(f"*Status:* {'available' if number.available else 'not available'}")
    if number.created_at is not None:
        fields.append(f"*Added:* {number.created_at.strftime('%d %b %Y')}")
    readable = _clip(readable_number(number.phone_number), MAX_HEADER_CHARS)
    blocks: list[Block] = [
        HeaderBlock(block_id=BlockId.HEADER.value, text=_clip(readable, MAX_HEADER_CHARS)),
        SectionBlock(block_id=BlockId.RESULTS.value, fields=[MarkdownTextObject(text=f) for f in fields]),
        context_line(freshness(snapshot, now)),
        _navigation(state.model_copy(update={"offset": 0}), 1, 1),
    ]
    status = (
        "linked to " + number.linked_assistant.name
        if number.linked_assistant
        else "available"
        if number.available
        else "not available"
    )
    return message_of(f"{readable}: {status} · {freshness(snapshot, now)}", blocks)


def stats_by_type_lines(stats: Stats) -> list[str]:
    """'*local*: 115 · 63 available · 52 linked', one line per number type."""
    return [
        f"*{escape(r.number_type)}*: {r.total} · {r.available} available · {r.linked} linked" for r in stats.by_type
    ]


def render_stats(stats: Stats, snapshot: Snapshot, state: PageState, now: datetime | None = None) -> Message:
    """Counts of the inventory: total, by type × available/linked, top localities."""
    type_lines = stats_by_type_lines(stats)
    place_lines = [f"{escape(name)}: {total} ({free} available)" for name, total, free in stats.top_localities]
    blocks: list[Block] = [
        HeaderBlock(block_id=BlockId.HEADER.value, text=f"{stats.total} numbers on the account"),
        SectionBlock(
            block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text="\n".join(type_lines) or "No numbers.")
        ),
    ]
    if place_lines:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*Top localities*\n" + "\n".join(place_lines))))
    blocks.append(context_line(f"{stats.shared} shared default numbers · {freshness(snapshot, now)}"))
    blocks.append(_navigation(state.model_copy(update={"offset": 0}), 1, 1))
    available = sum(row.available for row in stats.by_type)
    return message_of(f"{stats.total} numbers, {available} available · {freshness(snapshot, now)}", blocks)


HELP_EXAMPLES = [
    ("/numbers available local amsterdam", "free local numbers in Amsterdam"),
    ("/numbers find 020 123 4567", "which assistant answers a number (also +31201234567 or just 4567)"),
    ("/numbers linked billing desk", "the numbers of an assistant"),
    ("/numbers linked local in den haag", "filter by type, status and locality"),
    ("/numbers stats", "counts by type, available and linked, top localities"),
    ("/numbers shared", "Flireo's shared default numbers"),
    ("/numbers list", "every number on the account"),
    ("/numbers available mobile refresh", "any question, from freshly fetched data"),
    ("/numbers buyable mobile 612", "numbers Flireo offers for purchase, with their monthly cost"),
    ("/numbers orders pending", "phone-number orders (pending, success or failed)"),
    ("/numbers changes since 14:00", "what changed (also `changes billing desk`, `wat is er veranderd vandaag`)"),
    ("/numbers watch linked billing desk", "post each change here; `watch free local below 3` posts a low count"),
]


def render_help(command: str = "/numbers") -> Message:
    """Usage help with real examples."""
    lines = [f"`{example.replace('/numbers', command, 1)}` — {meaning}" for example, meaning in HELP_EXAMPLES]
    words = (
        "Words can come in any order: `available`/`free`, `linked`/`taken`, `local`/`mobile`/`national`, "
        "a locality (`in den haag`), `assistant <name>`, a number or part of one, `shared`, `stats`, `refresh`. "
        "You can also mention me with a question in any channel I am in, send me a DM, or use the message "
        "shortcut *Look up numbers* on an alert to check every number in it."
    )
    blocks: list[Block] = [
        HeaderBlock(block_id=BlockId.HEADER.value, text="Ask about the account's phone numbers"),
        SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text="\n".join(lines))),
        SectionBlock(text=MarkdownTextObject(text=words)),
    ]
    return message_of(f"How to use {command}: e.g. {command} available local amsterdam", blocks)


def render_error(message: str, snapshot: Snapshot | None = None, now: datetime | None = None) -> Message:
    """A plain-words problem, never a stack trace; the message is ours (typed errors), not Flireo's text."""
    # It may quote names from the data ("Assistants: ..."), so it is escaped like them.
    text = f":warning: {escape(_clip(message, 2900))}"
    blocks: list[Block] = [
        SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text=text)),
        context_line("Type `/numbers help` for examples." + (f" · {freshness(snapshot, now)}" if snapshot else "")),
    ]
    return message_of(message, blocks)


def render(answer: Listing | Stats | Help, snapshot: Snapshot, state: PageState, page_size: int) -> Message:
    """The message for any answer."""
    if isinstance(answer, Help):
        return render_help()
    if isinstance(answer, Stats):
        return render_stats(answer, snapshot, state)
    if answer.exact and len(answer.numbers) == 1:
        return render_number_card(answer.numbers[0], snapshot, state)
    return render_listing(answer, snapshot, state, page_size)
