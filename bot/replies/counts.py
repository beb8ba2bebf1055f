"""Counts as Block Kit: the headline and the by-type table that the stats reply and App Home share."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock, TableBlock

from bot.i18n import _, ngettext, number, pgettext
from bot.i18n.words import type_word
from bot.replies.state import BlockId
from bot.results.listing import Stats

# Slack: a table block holds at most 100 rows (and one table a message); a cell's text is plain, not mrkdwn.
MAX_TABLE_ROWS = 100
MAX_CELL_CHARS = 40


def table_columns() -> tuple[str, ...]:
    """The by-type table's heading row, in the reply's language."""
    return (
        pgettext("table", "Type"),
        pgettext("table", "Numbers"),
        pgettext("table", "Available"),
        pgettext("table", "Linked"),
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stats_headline(stats: Stats) -> str:
    """'162 numbers on the account, 80 available': the counts an on-call person wants first."""
    available = sum(row.available for row in stats.by_type)
    on_account = ngettext("{count} number on the account", "{count} numbers on the account", stats.total)
    headline = _("{numbers}, {available} available").format(
        numbers=on_account.format(count=number(stats.total)), available=number(available)
    )
    if stats.disputed:  # a number Flireo lists under two ids, or an id with two numbers (#19)
        headline += " " + _("(Flireo's records disagree on {count})").format(count=number(stats.disputed))
    return headline


def table_rows(stats: Stats) -> list[list[str]]:
    """The by-type table as text cells, heading row first."""
    # Flireo's types are three, but unknown ones are kept: a header row and at most 99 types fit Slack's 100 rows.
    rows = [list(table_columns())]
    for row in stats.by_type[: MAX_TABLE_ROWS - 1]:
        name = _clip(type_word(row.number_type), MAX_CELL_CHARS) or "—"
        rows.append([name, number(row.total), number(row.available), number(row.linked)])
    return rows


def aligned_table(rows: list[list[str]]) -> list[str]:
    """Rows as fixed-width text: the first column to the left, the counts to the right, a rule under the heading."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    lines = [
        "  ".join(text.ljust(widths[i]) if i == 0 else text.rjust(widths[i]) for i, text in enumerate(row))
        for row in rows
    ]
    return [lines[0], "─" * len(lines[0]), *lines[1:]]


def stats_table(stats: Stats) -> TableBlock | None:
    """Counts by type × available/linked as a Block Kit table; None for an account with no numbers."""
    if not stats.by_type:
        return None
    right = {"align": "right"}
    return TableBlock(
        block_id=BlockId.TABLE.value,
        rows=[[{"type": "raw_text", "text": cell} for cell in row] for row in table_rows(stats)],
        column_settings=[{"align": "left"}, right, right, right],
    )


def stats_blocks(stats: Stats) -> list[Block]:
    """The by-type table, or a plain 'No numbers.' for an empty account."""
    table = stats_table(stats)
    if table is None:
        return [SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text=_("No numbers.")))]
    return [table]


def stats_fallback(stats: Stats) -> str:
    """The counts in words for the `text` fallback: 'local 7 (4 available, 3 linked); mobile 2 (…)'."""
    line = _("{type} {total} ({available} available, {linked} linked)")
    return "; ".join(
        line.format(
            type=type_word(r.number_type), total=number(r.total), available=number(r.available), linked=number(r.linked)
        )
        for r in stats.by_type
    )
