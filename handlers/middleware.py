"""Global middleware, run before any listener: drop retried events, enforce allowlists and per-user limits."""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse

from bot.answers.steps import step_channel, step_user
from bot.container import Container
from bot.errors import UserError
from bot.i18n import N_, Language, _, in_language
from bot.reading.language import language_of_words
from bot.replies.state import Action, PageState
from bot.replies.views import Message
from handlers.common import audit_refusal
from handlers.delivery import Delivery
from handlers.home import publish_home
from handlers.steps import fail_step

log = logging.getLogger(__name__)


def _surface(body: dict[str, Any]) -> str:
    if body.get("command"):
        return "command"
    if body.get("type") == "event_callback":
        return str((body.get("event") or {}).get("type", "event"))[:40]
    return str(body.get("type", "unknown"))[:40]


# A refusal reads the language from this much of the text (the reader reads 4,000 characters; refusals need less).
MAX_WORDS_READ = 1000
STEP_NEEDS_USER = N_(
    "numbers answers only the people in ALLOWED_USER_IDS: set this step's 'Asked by' input to the person who "
    "used the workflow."
)


def _is_step(body: dict[str, Any]) -> bool:
    """A Workflow Builder step run (Slack's `function_executed` event)."""
    return _surface(body) == "function_executed"


def _is_dm(body: dict[str, Any]) -> bool:
    event = body.get("event") or {}
    return _surface(body) == "message" and event.get("channel_type") == "im" and not event.get("subtype")


def _channel_for_allowlist(body: dict[str, Any], context: BoltContext) -> str | None:
    """The channel the allowlist should judge, or None where there is none (a DM with the bot, the Home tab)."""
    channel = context.channel_id
    in_home_tab = (body.get("container") or {}).get("type") == "view" or _surface(body) == "app_home_opened"
    if channel is None or in_home_tab or _is_dm(body) or channel.startswith("D"):
        return None
    return channel


def _counted(body: dict[str, Any]) -> bool:
    """What the per-user limit counts: every surface that does work; paging through a listing is served from
    the message's own state and the cache, so Previous and Next are not counted."""
    if body.get("type") == "event_callback":
        return _surface(body) in ("app_mention", "app_home_opened", "function_executed") or _is_dm(body)
    paging = {Action.PREVIOUS.value, Action.NEXT.value}
    actions = [action.get("action_id") for action in body.get("actions") or [] if isinstance(action, dict)]
    return not (actions and all(action_id in paging for action_id in actions))


def _limit_key(context: BoltContext) -> str:
    """Whom a request counts against: its user, else (a workflow, another bot) its channel, else the app."""
    if context.user_id:
        return context.user_id
    return f"channel:{context.channel_id}" if context.channel_id else "app"


def _refuse(
    deps: Container, out: Delivery, body: dict[str, Any], sentence: str, ack: Ack, context: BoltContext
) -> BoltResponse:
    """Tell the user why nothing happens, in the way the surface allows, and end the request.

    Only a command's refusal rides on the ack; every other is sent by the delivery workers after it, so a slow or
    rate-limiting Slack never holds a request (or another user's ack) while the user is told.
    """
    if body.get("command"):
        return ack(response_type="ephemeral", text=sentence)
    response = ack()
    user_id, channel_id = context.user_id, context.channel_id
    if _is_home_refresh(body) and user_id:
        # A click in the Home tab has no message to answer under: the refusal is shown on the Home view itself.
        deps.answer_later(lambda: publish_home(deps, out, user_id, refresh=False, notice=sentence), user_id)
    elif _is_step(body):  # a workflow waits on the step: end it with the reason, for the workflow's author
        deps.answer_later(lambda: fail_step(context, sentence), user_id)
    elif isinstance(url := body.get("response_url"), str) and url:
        out.respond(url, user_id, Message(sentence, []), response_type="ephemeral", replace_original=False)
    elif user_id and channel_id and _surface(body) in ("app_mention", "message"):
        out.post_ephemeral(channel_id, user_id, sentence)
    return response


def _is_home_refresh(body: dict[str, Any]) -> bool:
    actions = body.get("actions") or []
    return any(isinstance(a, dict) and a.get("action_id") == Action.HOME_REFRESH.value for a in actions)


def make_skip_retried_events(deps: Container) -> Callable[..., Any]:
    """Middleware: an event delivered again (Slack's X-Slack-Retry-Num) is acknowledged, not answered twice."""

    def skip_retried_events(body: dict[str, Any], ack: Ack, context: BoltContext, next: Callable[[], None]) -> Any:
        event_id = body.get("event_id")
        is_event = body.get("type") == "event_callback" and isinstance(event_id, str)
        if is_event and not deps.seen_events.first_time(event_id):
            audit_refusal(_surface(body), context, "duplicate")
            return ack()
        return next()

    return skip_retried_events


def attach_step_people(body: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> Any:
    """Middleware: a step's event names no user or channel; the workflow maps them to its `user_id`/`channel_id`
    inputs, so the allowlists, the per-user limit and the audit line see who the workflow runs for."""
    if _is_step(body):
        inputs = context.get("inputs") or {}
        if user := step_user(inputs):
            context["user_id"] = user
        if channel := step_channel(inputs):
            context["channel_id"] = channel
    return next()


def make_note_app_rate_limited(deps: Container) -> Callable[..., Any]:
    """Middleware: Slack's `app_rate_limited` notice gets the 200 Slack expects (no listener takes it: it has no
    inner event), one log line the first time, and a place on /healthz. Slack disables the event subscriptions of
    an app that fails more than 5% of deliveries in an hour (docs: app_rate_limited event)."""

    def note_app_rate_limited(body: dict[str, Any], ack: Ack, next: Callable[[], None]) -> Any:
        if body.get("type") != "app_rate_limited":
            return next()
        if deps.events_rate_limited.note(body.get("team_id"), body.get("minute_rate_limited")):
            log.warning(
                "Slack is rate-limiting this app's events (over 30,000 an hour for workspace %s): events are being "
                "dropped; see /healthz",
                str(body.get("team_id"))[:20],
            )
        return ack()

    return note_app_rate_limited


def make_gate(deps: Container, out: Delivery) -> Callable[..., Any]:
    """Middleware: allowlisted channels and users only; at most N requests per user (or channel) per window."""

    def gate(body: dict[str, Any], ack: Ack, context: BoltContext, next: Callable[[], None]) -> Any:
        with in_language(language_of(body)):  # a refusal is said in the language the user asked in
            refused = _refusal(body, context)
        if refused is None:
            return next()
        sentence, outcome = refused
        audit_refusal(_surface(body), context, outcome)
        return _refuse(deps, out, body, sentence, ack, context)

    def _refusal(body: dict[str, Any], context: BoltContext) -> tuple[str, str] | None:
        """(what to tell the user, the audit outcome) when the request is turned away, else None."""
        refusal = deps.allowlist.refusal(context.user_id, _channel_for_allowlist(body, context))
        if refusal is not None:
            if _is_step(body) and context.user_id is None and deps.allowlist.user_ids:
                refusal = _(STEP_NEEDS_USER)
            return refusal, "refused"
        if _counted(body):
            wait = deps.user_limits.wait_seconds(_limit_key(context))
            if wait > 0:
                limits = deps.user_limits
                sentence = _(
                    "You're asking faster than I can answer well: at most {limit} questions per {window} s. "
                    "Try again in {seconds} s."
                ).format(limit=limits.limit, window=f"{limits.window_seconds:g}", seconds=math.ceil(wait))
                return sentence, "rate_limited"
        return None

    return gate


def language_of(body: dict[str, Any]) -> Language | None:
    """The language of what was asked: a command's or message's words, or the language a button carries."""
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    text = body.get("text") if isinstance(body.get("text"), str) else event.get("text")
    if isinstance(text, str):
        return language_of_words(text[:MAX_WORDS_READ])
    actions = body.get("actions") if isinstance(body.get("actions"), list) else []
    if actions and isinstance(actions[0], dict):
        with contextlib.suppress(UserError):
            return PageState.from_value(actions[0].get("value")).language
    return None


def register(app: App, deps: Container, out: Delivery) -> None:
    """Register the global middleware, in order."""
    app.use(make_note_app_rate_limited(deps))
    app.use(make_skip_retried_events(deps))
    app.use(attach_step_people)
    app.use(make_gate(deps, out))
