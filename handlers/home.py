"""App Home: the inventory at a glance, republished on open and on Refresh."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Container
from bot.ops.audit import AuditEntry, record, since
from bot.replies.notices import home_with_notice
from bot.replies.state import Action
from handlers.common import now

log = logging.getLogger(__name__)


def publish_home(deps: Container, client: WebClient, user_id: str, *, refresh: bool, notice: str | None = None) -> None:
    """Render and publish the Home tab for one user, with its audit line; a Slack failure is logged, not raised.

    `notice` (why a Refresh was refused) is shown above the view, which then comes from the current data.
    """
    started = now()
    outcome = "ok"
    view = deps.numbers.home(refresh=refresh)
    try:
        client.views_publish(user_id=user_id, view=home_with_notice(view, notice) if notice else view)
    except SlackApiError as exc:
        outcome = "undelivered"
        log.warning("could not publish the Home tab: %s", exc.response.get("error", "unknown error"))
    if notice is None:  # a refused Refresh already has its audit line ("rate_limited")
        surface = "home_refresh" if refresh else "home"
        record(AuditEntry(surface, user_id, None, surface, outcome, latency_ms=since(started)))


def make_home_opened(deps: Container) -> Callable[..., None]:
    """The listener for `app_home_opened`."""

    def handle_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            user_id = str(event["user"])
            deps.answer_later(lambda: publish_home(deps, client, user_id, refresh=False))

    return handle_home_opened


def make_home_refresh(deps: Container) -> Callable[..., None]:
    """The listener for the Home tab's Refresh button."""

    def handle_home_refresh(ack: Ack, client: WebClient, context: BoltContext) -> None:
        ack()
        if (user_id := context.user_id) is not None:
            deps.answer_later(lambda: publish_home(deps, client, user_id, refresh=True))

    return handle_home_refresh


def register(app: App, deps: Container) -> None:
    """Register the Home tab listeners."""
    app.event("app_home_opened")(make_home_opened(deps))
    app.action(Action.HOME_REFRESH.value)(make_home_refresh(deps))
