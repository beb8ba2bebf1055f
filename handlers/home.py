"""App Home: the inventory at a glance, republished on open and on Refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.container import Container
from bot.ops.audit import AuditEntry, record, since
from bot.replies.block_ids import fresh_view
from bot.replies.notices import home_with_notice
from bot.replies.state import Action
from handlers.common import now
from handlers.delivery import Delivery


def publish_home(deps: Container, out: Delivery, user_id: str, *, refresh: bool, notice: str | None = None) -> None:
    """Render the Home tab for one user and hand it to the delivery workers, with its audit line once published.

    `notice` (why a Refresh was refused) is shown above the view, which then comes from the current data.
    """
    started = now()
    view = deps.numbers.home(refresh=refresh)

    def done(delivered: bool) -> None:
        if notice is None:  # a refused Refresh already has its audit line ("rate_limited")
            surface = "home_refresh" if refresh else "home"
            outcome = "ok" if delivered else "undelivered"
            record(AuditEntry(surface, user_id, None, surface, outcome, latency_ms=since(started)))

    out.publish_view(user_id, fresh_view(home_with_notice(view, notice) if notice else view), done)


def make_home_opened(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for `app_home_opened`."""

    def handle_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            user_id = str(event["user"])
            deps.answer_later(lambda: publish_home(deps, out, user_id, refresh=False), user_id)

    return handle_home_opened


def make_home_refresh(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for the Home tab's Refresh button."""

    def handle_home_refresh(ack: Ack, context: BoltContext) -> None:
        ack()
        if (user_id := context.user_id) is not None:
            deps.answer_later(lambda: publish_home(deps, out, user_id, refresh=True), user_id)

    return handle_home_refresh


def register(app: App, deps: Container, out: Delivery) -> None:
    """Register the Home tab listeners."""
    app.event("app_home_opened")(make_home_opened(deps, out))
    app.action(Action.HOME_REFRESH.value)(make_home_refresh(deps, out))
