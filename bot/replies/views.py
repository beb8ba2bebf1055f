"""Block Kit messages for every answer (SPEC §4), built with slack_sdk's models; no I/O here."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar, overload

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

from bot.flireo.models import PhoneNumber
from bot.i18n import _, ngettext, number, pgettext
from bot.i18n.words import adjective, type_word
from bot.inventory.snapshot import Snapshot
from bot.replies.alike import Detail, details_alike
from bot.replies.block_ids import fresh_block_ids
from bot.replies.counts import stats_blocks, stats_fallback, stats_headline
from bot.replies.formats import clock_text, day_text, slack_date, tel_link
from bot.replies.mrkdwn import FIELD_CHARS, SECTION_TEXT_CHARS, clip, flireo_text, plain_text, spoken_text
from bot.replies.state import Action, BlockId, PageState
from bot.results.listing import Help, Listing, Stats

Item = TypeVar("Item")

# Slack: 3,000 characters in a section's text, 150 in a header, 50 blocks a message.
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_BLOCKS = 50
MAX_NAME_CHARS = 60
# A sentence saying where Flireo's records of a number disagree (ids, numbers, states): one line of a listing.
MAX_CONFLICT_CHARS = 300
# The top-level `text` is all a screen reader reads of a message (Slack: "Accessibility" in the Block Kit docs),
# so it holds the header and the numbers shown; Slack cuts a notification's text itself. 10 numbers (PAGE_SIZE)
# take about 170 characters; past MAX_SPOKEN_NUMBERS_CHARS the text says how many and points to the message.
MAX_FALLBACK_CHARS = 1000
MAX_SPOKEN_NUMBERS_CHARS = 600
# Every post: a URL inside a Flireo name (an assistant called "see https://…") must not unfurl into a preview.
NO_UNFURLS = {"unfurl_links": False, "unfurl_media": False}


@dataclass(frozen=True)
class Message:
    """A reply: Block Kit blocks plus the `text` fallback for notifications and screen readers."""

    text: str
    blocks: list[dict[str, Any]]

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `respond` / `chat.postMessage`: new block ids for this post, no link previews."""
        return {"text": self.text, "blocks": fresh_block_ids(self.blocks), **NO_UNFURLS}


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
    """A number for mrkdwn: bold, readable, a `tel:` link a phone can call, and made inert when it is not E.164."""
    readable = _clip(readable_number(e164), 40)
    link = tel_link(e164, readable)
    return f"*{link}*" if link else f"*{flireo_text(readable, 40)}*"


def _clock(moment: datetime, now: datetime | None, slack: bool = False) -> str:
    # Stale data may be up to a day old (STALE_MAX_AGE_SECONDS): then the time alone would read as today.
    now = now or datetime.now(UTC)
    with_day = moment.date() != now.date()
    return slack_date(moment, with_day) if slack else clock_text(moment, with_day)


def data_as_of(fetched_at: datetime, demo: bool, now: datetime | None = None, *, slack: bool = False) -> str:
    """'data as of 14:02 UTC' (day too when not today), 'demo data' when so; `slack`: a date token, reader's zone."""
    text = _("data as of {time}").format(time=_clock(fetched_at, now, slack))
    return text + " · " + _("demo data") if demo else text


def freshness(snapshot: Snapshot | None, now: datetime | None = None, *, slack: bool = False) -> str:
    """'data as of 14:02 UTC', with 'demo data' or the stale warning when so (`slack`: as date tokens)."""
    if snapshot is None:
        return _("no data yet")
    parts = [data_as_of(snapshot.fetched_at, snapshot.demo, now, slack=slack)]
    if snapshot.partial is not None:
        parts.append(f":hourglass_flowing_sand: {snapshot.partial.words()}")
    if snapshot.stale_since is not None:
        since = _clock(snapshot.stale_since, now, slack)
        # Why, not only since when: a rejected key and a Flireo that is down call for different people.
        reason = _("stale since {time}: {reason}").format(time=since, reason=_reason_words(snapshot.stale_reason))
        parts.append(":warning: " + reason)
    if snapshot.notice:
        parts.append(str(snapshot.notice))  # our own sentence (a Text: in this reply's language)
    return " · ".join(parts)


def _reason_words(reason: object) -> str:
    """The stale reason without its closing period, as part of the freshness line (our own sentence, escaped)."""
    return escape(str(reason or _("Flireo is failing.")).rstrip("."))


def _status_words(number: PhoneNumber) -> str:
    if number.shared:
        return _("shared default number")
    if number.linked_assistant is not None:
        name = flireo_text(number.linked_assistant.name or _("an unnamed assistant"), MAX_NAME_CHARS)
        return ":link: " + _("linked to *{name}*").format(name=name)
    if number.available:
        return ":large_green_circle: " + pgettext("status", "available")
    return ":white_circle: " + pgettext("status", "not available")


def number_line(number: PhoneNumber, hide: frozenset[Detail] = frozenset()) -> str:
    """One compact mrkdwn line: number, type, locality, and available / linked to *assistant*, less `hide`."""
    parts = [bold_number(number.phone_number)]
    if Detail.TYPE not in hide and number.number_type:
        parts.append(flireo_text(type_word(number.number_type), 20))
    if Detail.LOCALITY not in hide and number.locality:
        parts.append(flireo_text(number.locality, 40))
    # Who answers a number is the point of a line: a linked status is never left off.
    if Detail.STATUS not in hide or (number.linked_assistant is not None and not number.shared):
        parts.append(_status_words(number))
    if number.conflict:  # Flireo's records of it disagree: said on every line that shows it
        parts.append(f":warning: {flireo_text(str(number.conflict), MAX_CONFLICT_CHARS)}")
    return " · ".join(parts)


def alike_words(number: PhoneNumber, alike: frozenset[Detail], title: str) -> str | None:
    """What the lines left off, said once under the header ('All: local · Amsterdam'); None when the title says it."""
    said = title.casefold()
    status = (
        pgettext("status", "shared")
        if number.shared
        else pgettext("status", "available")
        if number.available
        else pgettext("status", "not available")
    )
    kind = type_word(number.number_type) if number.number_type else ""
    # (detail, the word to find in the title, the mrkdwn to show when it is not there)
    candidates = [
        (Detail.TYPE, adjective(number.number_type or ""), flireo_text(kind, 20)),
        (Detail.LOCALITY, number.locality or "", flireo_text(number.locality or "", 40)),
        (Detail.STATUS, status, _status_words(number)),
    ]
    unsaid = [shown for detail, word, shown in candidates if detail in alike and word.casefold() not in said]
    return _("All: {details}").format(details=" · ".join(unsaid)) if unsaid else None


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


def navigation(state: PageState, total: int, page_size: int, extra: Sequence[ButtonElement] = ()) -> ActionsBlock:
    """Previous and Next where there is such a page, Refresh, Share unless public or empty, then `extra`."""
    buttons = []
    if state.offset > 0:
        previous = state.model_copy(update={"offset": max(0, state.offset - page_size)})
        buttons.append(_button(pgettext("button", "Previous"), Action.PREVIOUS, previous))
    if state.offset + page_size < total:
        following = state.model_copy(update={"offset": state.offset + page_size})
        buttons.append(_button(pgettext("button", "Next"), Action.NEXT, following))
    buttons.append(_button(pgettext("button", "Refresh"), Action.REFRESH, state))
    if not state.public and total > 0:  # an empty answer is not worth showing the channel
        buttons.append(_button(pgettext("button", "Share in channel"), Action.SHARE, state, style="primary"))
    return ActionsBlock(block_id=BlockId.NAVIGATION.value, elements=[*buttons, *extra])


def message_of(text: str, blocks: list[Block]) -> Message:
    """A message from blocks, with `text` made inert and clipped as its top-level text (see spoken_text)."""
    assert len(blocks) <= MAX_BLOCKS, "a view exceeded Slack's 50 blocks"
    # Slack reads `text` as mrkdwn too: a name from Flireo like "<!channel>" or "*Billing*" must stay as written.
    return Message(spoken_text(text, MAX_FALLBACK_CHARS), [block.to_dict() for block in blocks])


def said_numbers(numbers: Sequence[str]) -> str:
    """The numbers a reply shows, for its top-level text: listed, or how many when the list would be too long."""
    listed = ", ".join(numbers)
    if len(listed) <= MAX_SPOKEN_NUMBERS_CHARS:
        return listed
    return ngettext("{count} number: see the message", "{count} numbers: see the message", len(numbers)).format(
        count=number(len(numbers))
    )


def context_line(text: str) -> ContextBlock:
    """The small grey line under a reply (page, freshness), clipped to Slack's limit."""
    return ContextBlock(block_id=BlockId.CONTEXT.value, elements=[MarkdownTextObject(text=_clip(text, 2000))])


def clamp_offset(offset: int, total: int, page_size: int) -> int:
    """The offset of a page that exists (the listing may have shrunk since the button was made)."""
    last = max(0, (math.ceil(total / page_size) - 1) * page_size)
    return min(offset - offset % page_size, last)


def render_page(
    title: str,
    lines: Sequence[str],
    state: PageState,
    page_size: int,
    freshness_text: str,
    empty_text: str,
    *,
    plain_freshness: str | None = None,
    lead: str | None = None,
    numbers: Sequence[str] | None = None,
    buttons: Sequence[ButtonElement] = (),
) -> Message:
    """A page of one-line items: header, `lead`, the page's lines, page N of M when several, freshness, buttons
    (`buttons` after the paging ones).

    `numbers` (readable, one per line) are said in the top-level text for the page shown.
    """
    total = len(lines)
    state = state.model_copy(update={"offset": clamp_offset(state.offset, total, page_size)})
    page = lines[state.offset : state.offset + page_size]
    pages = max(1, math.ceil(total / page_size))
    blocks: list[Block] = [HeaderBlock(block_id=BlockId.HEADER.value, text=plain_text(title, MAX_HEADER_CHARS))]
    if lead and page:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_clip(lead, 2000))]))
    if page:
        blocks += sections(list(page))
    else:
        blocks.append(SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text=empty_text)))
    page_no = state.offset // page_size + 1
    # "Page 1 of 1" says nothing: the page count shows only when there is another page to go to.
    paging = _("Page {page} of {pages}").format(page=number(page_no), pages=number(pages)) + " · " if pages > 1 else ""
    blocks.append(context_line(f"{paging}{freshness_text}"))
    blocks.append(navigation(state, total, page_size, buttons))
    paging = (
        " (" + _("page {page} of {pages}").format(page=number(page_no), pages=number(pages)) + ")" if pages > 1 else ""
    )
    shown = numbers[state.offset : state.offset + page_size] if numbers is not None else []
    said = f": {said_numbers(shown)}" if shown else ""
    return message_of(f"{title}{paging}{said} · {plain_freshness or freshness_text}", blocks)


def render_listing(
    listing: Listing, snapshot: Snapshot, state: PageState, page_size: int, now: datetime | None = None
) -> Message:
    """A page of numbers with header, freshness, and paging buttons."""
    title = _("{description}: {count} found").format(
        description=listing.description, count=number(len(listing.numbers))
    )
    title = f"{title[:1].upper()}{title[1:]}"
    if listing.count:  # "how many": the count leads, with the breakdown that helps
        breakdown = f" ({listing.breakdown})" if listing.breakdown else ""
        described = listing.counted or listing.description
        title = _("{count} {description}").format(count=number(len(listing.numbers)), description=described)
        title += breakdown
    if listing.verdict:  # "are all our numbers linked?": the yes or no is what matters first
        title = f"{listing.verdict[:1].upper()}{listing.verdict[1:]}"
    # What every number of the listing has alike is left off its lines and said once, unless the title says it.
    alike = details_alike(listing.numbers)
    lead = alike_words(listing.numbers[0], alike, title) if alike else None
    # Lines are built for the shown page only: a 10,000-number listing formats 10 numbers, not all of them.
    lines = LazyLines(listing.numbers, lambda number: number_line(number, alike))
    return render_page(
        title,
        lines,
        state,
        page_size,
        freshness(snapshot, now, slack=True),
        _empty_text(listing, snapshot.partial is not None),
        plain_freshness=freshness(snapshot, now),
        lead=lead,
        numbers=LazyLines(listing.numbers, lambda number: readable_number(number.phone_number)),
    )


class LazyLines(Sequence[str], Generic[Item]):
    """Formatted lines that format an item only when its line is read (a page formats its 10, not all)."""

    def __init__(self, items: Sequence[Item], format_line: Callable[[Item], str]) -> None:
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


def _empty_text(listing: Listing, partial: bool = False) -> str:
    if listing.lookup is not None:
        asked = escape(_clip(listing.lookup, 40))
        if partial:
            return _("No number among the numbers read so far matches *{number}*.").format(number=asked)
        return _("No number on this account matches *{number}*.").format(number=asked)
    description = flireo_text(listing.description, 1000)
    if listing.hint:
        return _("No {description}; {hint}.").format(description=description, hint=flireo_text(listing.hint, 1000))
    return _("No {description}.").format(description=description)


def card_status(number: PhoneNumber) -> tuple[str, str]:
    """What a number card leads with, as (emoji, words): who answers the number, or that it is free."""
    if number.shared:
        return ":busts_in_silhouette:", _("Shared default number")
    if number.linked_assistant is not None:
        name = _clip(number.linked_assistant.name or _("an unnamed assistant"), MAX_NAME_CHARS)
        return ":link:", _("Linked to {name}").format(name=name)
    # Looked up, a number no assistant answers is the alarm, not an all-clear: callers reach nobody (issue 21).
    if number.available:
        return ":warning:", _("No assistant answers it: callers reach nobody (available)")
    return ":warning:", _("No assistant answers it: callers reach nobody (not available)")


def render_number_card(
    number: PhoneNumber, snapshot: Snapshot, state: PageState, now: datetime | None = None
) -> Message:
    """The one number a lookup found: who answers it (or that it is free) first, then the number, type, place."""
    emoji, status = card_status(number)
    kind = type_word(number.number_type) if number.number_type else "—"  # like a missing locality: Flireo gave none
    fields = [
        _("*Type:* {kind}").format(kind=flireo_text(kind, 40)),
        _("*Place:* {place}").format(place=flireo_text(number.locality or "—", 100)),
    ]
    if number.created_at is not None:
        fields.append(_("*Added:* {day}").format(day=day_text(number.created_at)))
    readable = _clip(readable_number(number.phone_number), MAX_HEADER_CHARS)
    blocks: list[Block] = [
        # A header is plain text: the assistant's name needs no mrkdwn escaping there, only clipping.
        HeaderBlock(block_id=BlockId.HEADER.value, text=f"{emoji} {plain_text(status, MAX_HEADER_CHARS - 30)}"),
        SectionBlock(
            block_id=BlockId.RESULTS.value,
            text=MarkdownTextObject(text=bold_number(number.phone_number)),
            fields=[MarkdownTextObject(text=clip(f, FIELD_CHARS)) for f in fields],
        ),
        context_line(freshness(snapshot, now, slack=True)),
        navigation(state.model_copy(update={"offset": 0}), 1, 1),
    ]
    if number.conflict:  # Flireo's records of it disagree
        blocks.insert(2, context_line(f":warning: {flireo_text(str(number.conflict), MAX_CONFLICT_CHARS)}"))
    return message_of(f"{status} · {readable} · {freshness(snapshot, now)}", blocks)


def render_stats(stats: Stats, snapshot: Snapshot, state: PageState, now: datetime | None = None) -> Message:
    """Counts of the inventory: total and available first, a table by type × available/linked, top localities."""
    place_lines = [
        _("{place}: {total} ({free} available)").format(
            place=flireo_text(name, 60), total=number(total), free=number(free)
        )
        for name, total, free in stats.top_localities
    ]
    blocks: list[Block] = [
        HeaderBlock(block_id=BlockId.HEADER.value, text=stats_headline(stats)),
        *stats_blocks(stats),
    ]
    if place_lines:
        places = clip("*" + _("Top places") + "*\n" + "\n".join(place_lines), SECTION_TEXT_CHARS)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=places)))
    shared = ngettext("{count} shared default number", "{count} shared default numbers", stats.shared)
    blocks.append(context_line(f"{shared.format(count=number(stats.shared))} · {freshness(snapshot, now, slack=True)}"))
    blocks.append(navigation(state.model_copy(update={"offset": 0}), 1, 1))
    by_type = f": {stats_fallback(stats)}" if stats.by_type else ""
    return message_of(f"{stats_headline(stats)}{by_type} · {freshness(snapshot, now)}", blocks)


def help_examples() -> list[tuple[str, str]]:
    """(command, what it answers) in the reply's language: a Dutch reader gets Dutch questions to copy."""
    return [
        (pgettext("help", "/numbers available local amsterdam"), _("free local numbers in Amsterdam")),
        (
            pgettext("help", "/numbers find 020 123 4567"),
            _("which assistant answers a number; paste a whole alert and every number in it is looked up"),
        ),
        (pgettext("help", "/numbers linked billing desk"), _("the numbers of an assistant")),
        (pgettext("help", "/numbers how many free mobile numbers"), _("a count first, then the numbers")),
        (
            pgettext("help", "/numbers free 085 numbers"),
            _("numbers starting 085 (a prefix); `4567` finds numbers containing it"),
        ),
        (
            pgettext("help", "/numbers vrije nummers in den haag"),
            _("Dutch works too: `welke nummers zijn vrij`, `hoeveel`, `niet gekoppeld`"),
        ),
        (pgettext("help", "/numbers stats"), _("counts by type, available and linked, top places (`overzicht`)")),
        (pgettext("help", "/numbers shared"), _("Flireo's shared default numbers (`gedeelde nummers`)")),
        (
            pgettext("help", "/numbers available mobile refresh"),
            _("any question, from freshly fetched data (`ververs`)"),
        ),
        (
            pgettext("help", "/numbers buyable mobile 612"),
            _("numbers Flireo offers for purchase, with their monthly cost (`te koop`)"),
        ),
        (
            pgettext("help", "/numbers orders pending"),
            _("phone-number orders: pending, success or failed (`bestellingen`)"),
        ),
        (
            pgettext("help", "/numbers changes since 14:00"),
            _("what changed (also `changes billing desk`, `wat is er veranderd vandaag`)"),
        ),
        (
            pgettext("help", "/numbers watch linked billing desk"),
            _("post each change here; `watch free local below 3` posts a low count"),
        ),
    ]


def render_help(command: str = "/numbers") -> Message:
    """Usage help with real examples, in the reply's language."""
    lines = [f"`{example.replace('/numbers', command, 1)}` — {meaning}" for example, meaning in help_examples()]
    words = _(
        "Ask in English or Dutch, in any order, in a sentence or in keywords: `available`/`free`/`vrij`, "
        "`linked`/`taken`/`gekoppeld`, `not linked`/`niet in gebruik`, `local`/`mobile`/`national` "
        "(`lokaal`/`mobiel`/`landelijk`), a place (`in den haag`, `the hague`), an assistant's name, a number or "
        "part of one, `how many`/`hoeveel`, `shared`, `stats`, `refresh`. A typo is corrected when it is clear. "
        "You can also mention me with a question in any channel I am in, send me a DM, or use the message "
        "shortcut *Look up numbers* on an alert to check every number in it."
    )
    example = pgettext("help", "/numbers available local amsterdam").replace("/numbers", command, 1)
    blocks: list[Block] = [
        HeaderBlock(block_id=BlockId.HEADER.value, text=_("Ask about the account's phone numbers")),
        SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text="\n".join(lines))),
        SectionBlock(text=MarkdownTextObject(text=words)),
    ]
    return message_of(_("How to use {command}: e.g. {example}").format(command=command, example=example), blocks)


def render_error(
    message: str, snapshot: Snapshot | None = None, now: datetime | None = None, *, asked_wrong: bool = True
) -> Message:
    """A plain-words problem, never a stack trace; points to help only when the question was the trouble."""
    # An outage or a bug is not the user's doing (`asked_wrong=False`): "type help" would send them the wrong way.
    # The message is ours (typed errors), not Flireo's text, but it may quote names from the data, so it is escaped.
    text = f":warning: {escape(_clip(message, 2900))}"
    blocks: list[Block] = [SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text=text))]
    footer = [_("Type `/numbers help` for examples.")] if asked_wrong else []
    if snapshot is not None:
        footer.append(freshness(snapshot, now, slack=True))
    if footer:
        blocks.append(context_line(" · ".join(footer)))
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
