"""Block Kit for a count for each assistant, place or type ("how many per assistant"): one paged line a group."""

from __future__ import annotations

from datetime import datetime

from bot.answers.groups import Group, Groups
from bot.inventory.snapshot import Snapshot
from bot.reading.question import GroupBy
from bot.replies.mrkdwn import flireo_text
from bot.replies.state import PageState
from bot.replies.views import LazyLines, Message, freshness, render_page

# Names and places from Flireo are clipped on a group's line: the counts after them must stay in view.
MAX_LABEL_CHARS = 60
PLURALS = {GroupBy.ASSISTANT: "assistants", GroupBy.PLACE: "places", GroupBy.TYPE: "types"}


def group_line(group: Group, status_known: bool) -> str:
    """'*Amsterdam*: 16 (7 available · 9 linked)'; '*Billing Desk*: 14' where the split says nothing."""
    split = [f"{group.available} available"] if group.available else []
    split += [f"{group.linked} linked"] if group.linked else []
    detail = f" ({' · '.join(split)})" if len(split) > 1 or (split and not status_known) else ""
    if not group.named:
        return f"_{group.label}_: {group.total}{detail}"
    return f"*{flireo_text(group.label, MAX_LABEL_CHARS)}*: {group.total}{detail}"


def render_groups(
    groups: Groups, snapshot: Snapshot, state: PageState, page_size: int, now: datetime | None = None
) -> Message:
    """The count for each group, largest first, paged like a listing."""
    what = "numbers" if groups.description == "all numbers" else groups.description
    named = sum(1 for group in groups.groups if group.named)
    kinds = PLURALS[groups.group_by] if named != 1 else str(groups.group_by)
    return render_page(
        f"{groups.total} {what}, per {groups.group_by}: {named} {kinds}",
        LazyLines(groups.groups, lambda group: group_line(group, groups.status_known)),
        state,
        page_size,
        freshness(snapshot, now, slack=True),
        groups.hint
        or "No numbers match, so there is nothing to count." + (" (partial data)" if snapshot.partial else ""),
        plain_freshness=freshness(snapshot, now),
        lead=groups.hint,
    )
