"""Block Kit for the on-call extras: App Home, numbers found in a message, purchasable numbers, orders."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.flireo.models import BuyableNumber, Order, PhoneNumber
from bot.i18n import _, ngettext, pgettext
from bot.i18n import number as as_count  # `number` is a phone number here
from bot.i18n.words import adjective, order_status_word, type_word
from bot.inventory.catalog import Fetched
from bot.inventory.snapshot import Snapshot
from bot.replies.alike import Detail
from bot.replies.counts import aligned_table, stats_headline, table_rows
from bot.replies.formats import day_text, monthly_price
from bot.replies.mrkdwn import SECTION_TEXT_CHARS, clip, flireo_text
from bot.replies.state import Action, BlockId, PageState
from bot.replies.views import (
    Message,
    bold_number,
    context_line,
    data_as_of,
    escape,
    freshness,
    message_of,
    navigation,
    number_line,
    readable_number,
    render_page,
    said_numbers,
    sections,
)
from bot.results.listing import InvalidNumber, Stats

# A pasted alert rarely holds more; Slack's 50 blocks hold far more lines than this anyway.
MAX_FOUND_LINES = 40
# Slack: 3,000 characters a section; a row of the Home tab's table is at most ~70 (a type name is clipped to 40).
MAX_HOME_TABLE_ROWS = 30


def buyable_line(offer: BuyableNumber, asked_type: str | None = None) -> str:
    """One purchasable number: number, type (unless it is the type asked for), monthly cost, reservable or not."""
    parts = [bold_number(offer.phone_number)]
    if asked_type is None or offer.number_type != asked_type:
        parts.append(flireo_text(type_word(offer.number_type) if offer.number_type else _("unknown type"), 40))
    if offer.locality:
        parts.append(flireo_text(offer.locality, 40))
    if offer.cost and (price := monthly_price(offer.cost.monthly, offer.cost.currency)):
        parts.append(flireo_text(price, 40))
    parts.append(_("reservable") if offer.reservable else _("not reservable"))
    return " · ".join(parts)


def render_buyable(
    fetched: Fetched[BuyableNumber], number_type: str, pattern: str | None, state: PageState, page_size: int
) -> Message:
    """A page of purchasable numbers; the bot never orders anything."""
    kind = adjective(number_type)
    if pattern:
        what = _("purchasable {kind} numbers containing {digits}").format(kind=kind, digits=pattern)
    else:
        what = _("purchasable {kind} numbers").format(kind=kind)
    title = _("{description}: {count} found").format(description=what, count=as_count(len(fetched.items)))
    title = f"{title[:1].upper()}{title[1:]}"
    # Flireo returns offers in no stated order; by number, a page and the next one read as a list.
    offers = sorted(fetched.items, key=lambda offer: offer.phone_number)
    lines = [buyable_line(offer, number_type) for offer in offers]
    if pattern:
        empty = _("Flireo offers no {kind} numbers containing {digits} right now.").format(kind=kind, digits=pattern)
    else:
        empty = _("Flireo offers no {kind} numbers right now.").format(kind=kind)
    empty = escape(empty)
    note = _("to buy one, use Flireo's dashboard (the bot never orders)")
    as_of = data_as_of(fetched.fetched_at, fetched.demo, slack=True)
    plain = data_as_of(fetched.fetched_at, fetched.demo)
    numbers = [readable_number(offer.phone_number) for offer in offers]
    freshness_text, plain_freshness = f"{as_of} · {note}", f"{plain} · {note}"
    return render_page(
        title, lines, state, page_size, freshness_text, empty, plain_freshness=plain_freshness, numbers=numbers
    )


def order_line(order: Order) -> str:
    """One order: number, status, type, verification group, when."""
    icon = {"success": ":white_check_mark:", "pending": ":hourglass_flowing_sand:", "failed": ":x:"}
    status = order.status or "unknown"
    parts = [bold_number(order.phone_number) if order.phone_number else "*(" + _("no number yet") + ")*"]
    parts.append(f"{icon.get(status, ':grey_question:')} {flireo_text(order_status_word(status), 20)}")
    if order.number_type:
        parts.append(flireo_text(type_word(order.number_type), 20))
    if order.verification_group and order.verification_group.name:
        parts.append(_("group {name}").format(name=flireo_text(order.verification_group.name, 60)))
    if order.requirements_met is False:
        parts.append(_("requirements not met"))
    if order.ordered_at:
        parts.append(_("ordered {day}").format(day=day_text(order.ordered_at)))
    return " · ".join(parts)


def render_orders(
    fetched: Fetched[Order], status: str | None, state: PageState, page_size: int, number: str | None = None
) -> Message:
    """A page of phone-number orders, newest first; of one number when asked by number (said in the header)."""
    orders = sorted(fetched.items, key=lambda o: o.ordered_at.timestamp() if o.ordered_at else 0, reverse=True)
    which = _orders_word(status)
    if number is not None:  # "is de bestelling van 06-… gelukt?": the number asked about is kept and said
        which = _("{orders} for {number}").format(orders=which, number=readable_number(number))
    empty = _("No {orders}.").format(orders=escape(which))
    lines = [order_line(o) for o in orders]
    as_of = data_as_of(fetched.fetched_at, fetched.demo, slack=True)
    plain = data_as_of(fetched.fetched_at, fetched.demo)
    numbers = [readable_number(o.phone_number) if o.phone_number else _("no number yet") for o in orders]
    title = _("{description}: {count} found").format(description=which, count=as_count(len(orders)))
    title = f"{title[:1].upper()}{title[1:]}"
    return render_page(title, lines, state, page_size, as_of, empty, plain_freshness=plain, numbers=numbers)


def _orders_word(status: str | None) -> str:
    """'pending orders' ('lopende bestellingen'): a status before the word for orders is an adjective."""
    words = {
        None: _("phone-number orders"),
        "pending": pgettext("orders", "pending orders"),
        "success": pgettext("orders", "success orders"),
        "failed": pgettext("orders", "failed orders"),
    }
    if status in words:
        return words[status]
    return _("{status} orders").format(status=order_status_word(status or ""))


def render_found_in_text(
    found: list[tuple[str, tuple[PhoneNumber, ...]]],
    snapshot: Snapshot,
    title: str | None = None,
    state: PageState | None = None,
    invalid: tuple[InvalidNumber, ...] = (),
    near: tuple[tuple[str, tuple[PhoneNumber, ...]], ...] = (),
) -> Message:
    """Each phone number found in a message (or asked about): its status on the account, or plainly not on it (with
    the account's numbers one digit off it, when there are)."""
    title = title or _("Numbers in this message")
    if not found and not invalid:
        text = _("I found no phone numbers in that message.")
        blocks = [SectionBlock(text=MarkdownTextObject(text=text)), context_line(freshness(snapshot, slack=True))]
        return message_of(text, blocks)
    lines: list[str] = []
    for e164, matches in found:
        if matches:
            lines += [_looked_up_line(number) for number in matches]
        else:
            partial = snapshot.partial is not None
            where = _("not among the numbers read so far") if partial else _("not on this account")
            line = f"{bold_number(e164)} · :grey_question: {where}"
            if close := dict(near).get(e164):
                closest = ", ".join(bold_number(number.phone_number) for number in close)
                line += " · " + _("one digit off: {closest}").format(closest=closest)
            lines.append(line)
    lines += [_invalid_line(number) for number in invalid]
    on_account = sum(1 for _e164, matches in found if matches)
    # SPEC §4: a lookup of several numbers opens with a verdict; what it was asked about follows.
    verdict = lookup_verdict(found, partial=snapshot.partial is not None)
    not_valid = ngettext("{count} invalid number", "{count} invalid numbers", len(invalid))
    verdict = " · ".join(
        part for part in (verdict, not_valid.format(count=as_count(len(invalid))) if invalid else "") if part
    )
    title = f"{verdict} · {title.lower()}"
    if len(lines) > MAX_FOUND_LINES:
        lines = [
            *lines[: MAX_FOUND_LINES - 1],
            _("…and {count} more").format(count=as_count(len(lines) - MAX_FOUND_LINES + 1)),
        ]
    blocks: list[Block] = [
        HeaderBlock(block_id=BlockId.HEADER.value, text=title),
        *sections(lines),
        context_line(freshness(snapshot, slack=True)),
    ]
    if state is not None:  # a question (not the shortcut): it can be asked again and shared
        blocks.append(navigation(state.model_copy(update={"offset": 0}), on_account, len(found)))
    return message_of(f"{title}: {said_numbers([readable_number(e164) for e164, _matches in found])}", blocks)


def lookup_verdict(found: list[tuple[str, tuple[PhoneNumber, ...]]], *, partial: bool = False) -> str:
    """`2 linked · 1 with no assistant · 1 not ours`: what each number asked about is, counted, worst last."""
    counts = {"linked": 0, "with no assistant": 0, "shared default": 0, "not ours": 0}
    for _e164, matches in found:
        first = matches[0] if matches else None
        if first is None:
            counts["not ours"] += 1
        elif first.shared:
            counts["shared default"] += 1
        elif first.linked_assistant is not None:
            counts["linked"] += 1
        else:
            counts["with no assistant"] += 1
    if partial:  # not found among the numbers read so far is not yet "not ours"
        counts["not found yet"] = counts.pop("not ours")
    words = {
        "linked": _("{count} linked"),
        "with no assistant": _("{count} with no assistant"),
        "shared default": _("{count} shared default"),
        "not ours": _("{count} not ours"),
        "not found yet": _("{count} not found yet"),
    }
    return " · ".join(words[kind].format(count=as_count(count)) for kind, count in counts.items() if count)


def _invalid_line(number: InvalidNumber) -> str:
    """`*020-12345678* · ⚠️ not a valid Dutch number (one digit too many); closest on the account: …`."""
    closest = ", ".join(bold_number(n.phone_number) for n in number.closest) or _("none on the account is close")
    line = _("{why}; closest on the account: {closest}").format(why=number.why, closest=closest)
    return f"*{escape(number.written[:40])}* · :warning: {line}"


def _looked_up_line(number: PhoneNumber) -> str:
    """A number asked about: one that no assistant answers is a warning (callers reach nobody), not a green dot."""
    if number.shared or number.linked_assistant is not None:
        return number_line(number)
    if number.available:
        warning = _("no assistant: callers reach nobody (available)")
    else:
        warning = _("no assistant: callers reach nobody (not available)")
    return f"{number_line(number, frozenset({Detail.STATUS}))} · :warning: {warning}"


def render_home(stats: Stats, snapshot: Snapshot) -> dict[str, Any]:
    """The App Home tab: how many numbers are free first, a table by type, free local numbers by place, Refresh."""
    # A table block is for messages only (Slack renders it as a message attachment): here, a fixed-width table.
    table = "\n".join(aligned_table(table_rows(stats)[:MAX_HOME_TABLE_ROWS]))
    free_line = _("{place}: {count} free")
    free_lines = "\n".join(
        free_line.format(place=flireo_text(place, 60), count=as_count(count)) for place, count in stats.free_local
    )
    free = clip(free_lines, SECTION_TEXT_CHARS - 40) or _("No free local numbers.")
    hint = _("Ask anything with `/numbers`, e.g. `{example}`.").format(
        example=pgettext("help", "/numbers available local amsterdam")
    )
    blocks: list[Block] = [
        HeaderBlock(text=stats_headline(stats)),
        SectionBlock(
            text=MarkdownTextObject(
                text=clip(f"```{escape(table)}```", SECTION_TEXT_CHARS) if stats.by_type else _("No numbers.")
            )
        ),
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text="*" + _("Free local numbers by place") + "*\n" + free)),
        SectionBlock(
            text=MarkdownTextObject(text=_("*Shared default numbers:* {count}").format(count=as_count(stats.shared)))
        ),
        context_line(freshness(snapshot, slack=True)),
        ActionsBlock(
            elements=[
                ButtonElement(text=pgettext("button", "Refresh"), action_id=Action.HOME_REFRESH.value, value="home")
            ]
        ),
        ContextBlock(elements=[MarkdownTextObject(text=hint)]),
    ]
    return View(type="home", blocks=blocks).to_dict()


def home_error_view(problem: str) -> dict[str, Any]:
    """The App Home tab when there is no data to show."""
    blocks: list[Block] = [
        HeaderBlock(text=_("Phone numbers")),
        SectionBlock(text=MarkdownTextObject(text=f":warning: {escape(problem)}")),
        ActionsBlock(
            elements=[
                ButtonElement(text=pgettext("button", "Try again"), action_id=Action.HOME_REFRESH.value, value="home")
            ]
        ),
    ]
    return View(type="home", blocks=blocks).to_dict()
