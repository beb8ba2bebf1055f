"""A terminal front end: the same questions and replies as Slack, shown as text, with paging."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from bot.answers.service import NumbersService
from bot.i18n import N_, _, in_language
from bot.replies.as_text import KEYS, message_text
from bot.replies.state import Action, PageState
from bot.replies.views import Message

QUIT = {"q", "quit", "exit", ":q"}
BANNER = N_('numbers console. Ask e.g. "available local amsterdam", "find 020 123 4567", "stats"; q quits.')


def console_banner(source: str | None) -> str:
    """The console's first line in DEFAULT_LANGUAGE (no question yet): its data (None: demo), what to ask, the keys."""
    where = source or _("demo data")
    banner = _('numbers console ({source}). Try "available local amsterdam" or "help"; n/p page, q quits.')
    return banner.format(source=where)


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
