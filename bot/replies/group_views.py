"""Block Kit for a count for each assistant, place or type ("how many per assistant"): one paged line a group."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import _, ngettext, number
from bot.i18n.words import group_word, type_word
from bot.inventory.snapshot import Snapshot
from bot.reading.question import GroupBy
from bot.replies.mrkdwn import flireo_text
from bot.replies.state import PageState
from bot.replies.views import LazyLines, Message, freshness, render_page
from bot.results.groups import Group, Groups

# Names and places from Flireo are clipped on a group's line: the counts after them must stay in view.
MAX_LABEL_CHARS = 60


def group_line(group: Group, status_known: bool, by_type: bool = False) -> str:
    """'*Amsterdam*: 16 (7 available · 9 linked)'; '*Billing Desk*: 14' where the split says nothing."""
    split = [_("{count} available").format(count=number(group.available))] if group.available else []
    split += [_("{count} linked").format(count=number(group.linked))] if group.linked else []
    detail = f" ({' · '.join(split)})" if len(split) > 1 or (split and not status_known) else ""
    if not group.named:  # "not linked", "no place", "untyped": our words, in the reply's language
        return f"_{_(group.label)}_: {number(group.total)}{detail}"
    # A type is Flireo's word ("mobile"): said in the reply's language; a type Flireo adds later as Flireo names it.
    label = type_word(group.label) if by_type else group.label
    return f"*{flireo_text(label, MAX_LABEL_CHARS)}*: {number(group.total)}{detail}"


def _places_with_none_title(groups: Groups, named: int) -> str:
    """'2 of 17 places have no available numbers': where that status ran out."""
    if groups.none_of == "available":
        title = ngettext(
            "{count} of {among} places has no available numbers",
            "{count} of {among} places have no available numbers",
            named,
        )
    else:
        title = ngettext(
            "{count} of {among} places has no linked numbers", "{count} of {among} places have no linked numbers", named
        )
    return title.format(count=number(named), among=number(groups.among))


def render_groups(
    groups: Groups, snapshot: Snapshot, state: PageState, page_size: int, now: datetime | None = None
) -> Message:
    """The count for each group, largest first, paged like a listing."""
    named = sum(1 for group in groups.groups if group.named)
    title = _("{total} {description}, per {group}: {count} {groups}").format(
        total=number(groups.total),
        description=groups.description,  # in the total's number: "1 free number", "7 free numbers"
        group=group_word(groups.group_by),
        count=number(named),
        groups=group_word(groups.group_by, named),
    )
    if groups.none_of is not None:  # "which places have no free numbers"
        title = _places_with_none_title(groups, named)
    nothing = _("No numbers match, so there is nothing to count.")
    if groups.none_of is not None and not named:
        nothing = _("Every place with numbers has some of these.")
    return render_page(
        title,
        LazyLines(groups.groups, lambda group: group_line(group, groups.status_known, groups.group_by is GroupBy.TYPE)),
        state,
        page_size,
        freshness(snapshot, now, slack=True),
        groups.hint or nothing + (" (" + _("partial data") + ")" if snapshot.partial else ""),
        plain_freshness=freshness(snapshot, now),
        lead=groups.hint,
    )
