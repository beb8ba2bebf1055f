"""Buttons: Previous / Next / Refresh replace the message they came from; Share posts it for everyone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.container import Container
from bot.errors import UserError
from bot.state import Action, PageState
from bot.views import render_error


def make_page_action(deps: Container) -> Callable[..., None]:
    """The listener for Previous, Next and Refresh."""

    def handle_page(ack: Ack, action: dict[str, Any], respond: Respond) -> None:
        ack()
        try:
            state = PageState.from_value(action.get("value"))
        except UserError as exc:
            respond(response_type="ephemeral", replace_original=False, **render_error(str(exc)).as_kwargs())
            return
        reply = deps.numbers.reply_to_page(state, refresh=action.get("action_id") == Action.REFRESH)
        if reply.ok:
            respond(replace_original=True, **reply.message.as_kwargs())
        else:
            # Keep the listing the user was reading; say what went wrong beside it.
            respond(response_type="ephemeral", replace_original=False, **reply.message.as_kwargs())

    return handle_page


def make_share_action(deps: Container) -> Callable[..., None]:
    """The listener for Share in channel: the same page, posted for everyone."""

    def handle_share(ack: Ack, action: dict[str, Any], respond: Respond) -> None:
        ack()
        try:
            state = PageState.from_value(action.get("value"))
        except UserError as exc:
            respond(response_type="ephemeral", replace_original=False, **render_error(str(exc)).as_kwargs())
            return
        reply = deps.numbers.reply_to_page(state.model_copy(update={"public": True}))
        response_type = "in_channel" if reply.ok else "ephemeral"
        respond(response_type=response_type, replace_original=False, **reply.message.as_kwargs())

    return handle_share


def register(app: App, deps: Container) -> None:
    """Register the button listeners, by the action ids the views use."""
    page = make_page_action(deps)
    for action in (Action.PREVIOUS, Action.NEXT, Action.REFRESH):
        app.action(action.value)(page)
    app.action(Action.SHARE.value)(make_share_action(deps))
