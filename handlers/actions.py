"""Buttons: Previous / Next / Refresh replace the message they came from; Share posts it for everyone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.container import Container
from bot.errors import UserError
from bot.i18n import N_, _, in_language
from bot.replies.state import Action, PageState
from bot.replies.views import render_error
from handlers.common import audit_refusal, audited, now
from handlers.delivery import Delivery
from handlers.middleware import language_of

UNKNOWN_BUTTON = N_("That button is not one I know (any more); run `/numbers` again.")


# An apology never replaces the message the button was on.
APOLOGY = {"response_type": "ephemeral", "replace_original": False}


def _state_or_apology(
    action: dict[str, Any], respond: Respond, context: BoltContext, out: Delivery
) -> PageState | None:
    """The button's page state, or None after telling the user (from the delivery workers) that it no longer works."""
    try:
        return PageState.from_value(action.get("value"))
    except UserError as exc:
        out.respond(respond.response_url, context.user_id, render_error(str(exc)), **APOLOGY)
        audit_refusal(f"action:{action.get('action_id', '?')}"[:60], context, "bad_button")
        return None


def make_page_action(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for Previous, Next and Refresh."""

    def handle_page(ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()
        state = _state_or_apology(action, respond, context, out)
        if state is None:
            return

        def answer() -> None:
            reply = deps.numbers.reply_to_page(state, refresh=action.get("action_id") == Action.REFRESH)
            done = audited(f"action:{action['action_id']}", context, reply, started)
            # On an error, keep the listing the user was reading and say what went wrong beside it.
            options: dict[str, Any] = {"replace_original": True} if reply.ok else APOLOGY
            out.respond(respond.response_url, context.user_id, reply.message, done, **options)

        deps.answer_later(answer, context.user_id)

    return handle_page


def make_share_action(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for Share in channel: the same page, posted for everyone."""

    def handle_share(ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()
        state = _state_or_apology(action, respond, context, out)
        if state is None:
            return

        def answer() -> None:
            reply = deps.numbers.reply_to_page(state.model_copy(update={"public": True}))
            response_type = "in_channel" if reply.ok else "ephemeral"
            done = audited("share", context, reply, started)
            out.respond(respond.response_url, context.user_id, reply.message, done, response_type=response_type)

        deps.answer_later(answer, context.user_id)

    return handle_share


def make_unknown_action(out: Delivery) -> Callable[..., None]:
    """The listener for any other button (an old message, a tampered payload): a polite reply, not Slack's error."""

    def handle_unknown_action(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, context: BoltContext
    ) -> None:
        ack()
        # An old button still carries the language of its message: the apology is said in it.
        with in_language(language_of(body)):
            apology = render_error(_(UNKNOWN_BUTTON))
        out.respond(respond.response_url, context.user_id, apology, **APOLOGY)
        audit_refusal(f"action:{str(action.get('action_id'))[:40]}", context, "bad_button")

    return handle_unknown_action


def register(app: App, deps: Container, out: Delivery) -> None:
    """Register the button listeners by the action ids the views use."""
    page = make_page_action(deps, out)
    for action in (Action.PREVIOUS, Action.NEXT, Action.REFRESH):
        app.action(action.value)(page)
    # "Did you mean" buttons: one per suggestion (Slack wants distinct action ids in a block), each asks anew.
    app.action(re.compile(rf"^{re.escape(Action.SUGGEST.value)}-\d+$"))(page)
    app.action(Action.SHARE.value)(make_share_action(deps, out))


def register_fallback(app: App, out: Delivery) -> None:
    """Answer any other button politely; registered after every other action listener."""
    app.action(re.compile(".*"))(make_unknown_action(out))
