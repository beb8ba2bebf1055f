"""Buttons: Previous / Next / Refresh replace the message they came from; Share posts it for everyone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.container import Container
from bot.errors import UserError
from bot.replies.state import Action, PageState
from bot.replies.views import render_error
from handlers.common import audit, audit_refusal, now, send

UNKNOWN_BUTTON = "That button is not one I know (any more); run `/numbers` again."


def _state_or_apology(action: dict[str, Any], respond: Respond, context: BoltContext) -> PageState | None:
    """The button's page state, or None after telling the user politely that it no longer works."""
    try:
        return PageState.from_value(action.get("value"))
    except UserError as exc:
        send(respond, render_error(str(exc)), response_type="ephemeral", replace_original=False)
        audit_refusal(f"action:{action.get('action_id', '?')}"[:60], context, "bad_button")
        return None


def make_page_action(deps: Container) -> Callable[..., None]:
    """The listener for Previous, Next and Refresh."""

    def handle_page(ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()
        state = _state_or_apology(action, respond, context)
        if state is None:
            return

        def answer() -> None:
            reply = deps.numbers.reply_to_page(state, refresh=action.get("action_id") == Action.REFRESH)
            if reply.ok:
                delivered = send(respond, reply.message, replace_original=True)
            else:  # keep the listing the user was reading; say what went wrong beside it
                delivered = send(respond, reply.message, response_type="ephemeral", replace_original=False)
            audit(f"action:{action['action_id']}", context, reply, started, delivered)

        deps.answer_later(answer)

    return handle_page


def make_share_action(deps: Container) -> Callable[..., None]:
    """The listener for Share in channel: the same page, posted for everyone."""

    def handle_share(ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()
        state = _state_or_apology(action, respond, context)
        if state is None:
            return

        def answer() -> None:
            reply = deps.numbers.reply_to_page(state.model_copy(update={"public": True}))
            response_type = "in_channel" if reply.ok else "ephemeral"
            delivered = send(respond, reply.message, response_type=response_type, replace_original=False)
            audit("share", context, reply, started, delivered)

        deps.answer_later(answer)

    return handle_share


def handle_unknown_action(ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """Any other button (an old message, a tampered payload): a polite reply instead of Slack's error."""
    ack()
    send(respond, render_error(UNKNOWN_BUTTON), response_type="ephemeral", replace_original=False)
    audit_refusal(f"action:{str(action.get('action_id'))[:40]}", context, "bad_button")


def register(app: App, deps: Container) -> None:
    """Register the button listeners by the action ids the views use."""
    page = make_page_action(deps)
    for action in (Action.PREVIOUS, Action.NEXT, Action.REFRESH):
        app.action(action.value)(page)
    # "Did you mean" buttons: one per suggestion (Slack wants distinct action ids in a block), each asks anew.
    app.action(re.compile(rf"^{re.escape(Action.SUGGEST.value)}-\d+$"))(page)
    app.action(Action.SHARE.value)(make_share_action(deps))


def register_fallback(app: App) -> None:
    """Answer any other button politely; registered after every other action listener."""
    app.action(re.compile(".*"))(handle_unknown_action)
