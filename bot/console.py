"""A terminal front end: the same questions and replies as Slack, shown as text, with paging."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

from bot.answers.service import NumbersService
from bot.i18n import N_, _, in_language
from bot.replies.counts import aligned_table
from bot.replies.emoji import as_characters
from bot.replies.state import Action, PageState
from bot.replies.views import Message

KEYS = {Action.PREVIOUS: "p", Action.NEXT: "n", Action.REFRESH: "r"}
QUIT = {"q", "quit", "exit", ":q"}
BANNER = N_('numbers console. Ask e.g. "available local amsterdam", "find 020 123 4567", "stats"; q quits.')
# Slack's links and date tokens, `<tel:+31…|+31 20 …>` and `<!date^…|14:02 UTC>`: a terminal shows their text.
SLACK_LINK = re.compile(r"<(?:tel:|!date\^)[^|<>]*\|([^<>]*)>")
# In Slack a question starts with the slash command; in the console it is typed on its own.
SLASH_COMMAND = re.compile(r"/numbers\s+")


def _plain(mrkdwn: str) -> str:
    mrkdwn = SLASH_COMMAND.sub("", SLACK_LINK.sub(r"\1", as_characters(mrkdwn)))
    mrkdwn = re.sub(r"(?<!\w)[*_`](.+?)[*_`](?!\w)", r"\1", mrkdwn)
    return mrkdwn.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _table_lines(rows: list[list[dict[str, Any]]]) -> list[str]:
    """A table block as aligned columns, like a fixed-width table in Slack."""
    return aligned_table([[str(cell.get("text", "")) for cell in row] for row in rows])


def _block_lines(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        title = as_characters(block["text"]["text"])
        return [title, "─" * min(len(title), 72)]
    if kind == "section":
        texts = [block["text"]["text"]] if block.get("text") else []
        texts += [f["text"] for f in block.get("fields", [])]
        return [_plain(line) for text in texts for line in text.split("\n")]
    if kind == "table":
        return _table_lines(block.get("rows", []))
    if kind == "context":
        return [_plain(" ".join(e.get("text", "") for e in block.get("elements", [])))]
    if kind == "actions":
        labels = [
            f"[{KEYS[Action(e['action_id'])]}] {e['text']['text']}"
            for e in block.get("elements", [])
            if e.get("action_id") in KEYS
        ]
        return ["  ".join(labels)] if labels else []
    return []


def message_text(message: Message, *, with_keys: bool = True) -> str:
    """A Block Kit message as terminal text (`with_keys`: the n/p/r hints, for the interactive console)."""
    blocks = [b for b in message.blocks if with_keys or b.get("type") != "actions"]
    return "\n".join(line for block in blocks for line in _block_lines(block))


def _why_no_page(action: Action, states: dict[Action, PageState], last: Message | None) -> str:
    # Said in the language of the last answer, as its buttons carry it (Slack's buttons would be in it too).
    with in_language(next((state.language for state in states.values()), None)):
        if last is None:
            return _('Ask a question first (e.g. "available local amsterdam"), or type "help".')
        if action is Action.REFRESH:
            return _("Nothing to refresh here: ask a question.")
        if Action.NEXT not in states and Action.PREVIOUS not in states:
            return _("That answer has only one page.")  # a card, help or a short listing: no last page to reach
        return _("That was the last page.") if action is Action.NEXT else _("That was the first page.")


def buttons(message: Message) -> dict[Action, PageState]:
    """The page states a message's buttons carry, by action."""
    found: dict[Action, PageState] = {}
    for block in message.blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") in {a.value for a in Action}:
                found[Action(element["action_id"])] = PageState.from_value(element["value"])
    return found


def run_console(
    service: NumbersService,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    banner: str = "",
) -> int:
    """Read questions until `q` or end of input; `n`/`p` page, `r` refreshes the last answer."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (arrow keys and history for input(), where the platform has it)
    write(banner or _(BANNER))
    last: Message | None = None
    while True:
        try:
            line = read("numbers> ").strip()
        except (EOFError, KeyboardInterrupt):
            write("")
            return 0
        if line.lower() in QUIT:
            return 0
        if not line:
            continue
        key = line.lower()
        states = buttons(last) if last else {}
        action = next((a for a, k in KEYS.items() if k == key), None)
        if action is not None and action in states:
            reply = service.reply_to_page(states[action], refresh=action is Action.REFRESH)
        elif action is not None:
            write(_why_no_page(action, states, last))
            continue
        else:
            reply = service.reply(line)
        last = reply.message
        write(message_text(reply.message))
