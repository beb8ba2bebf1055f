"""The Slack layer: each surface registers its listeners on the Bolt app."""

from __future__ import annotations

from slack_bolt import App

from bot.container import Container
from handlers import acknowledged, actions, commands, events, exports, home, middleware, shortcuts, steps, watches
from handlers.delivery import Delivery


def register(app: App, deps: Container, out: Delivery) -> None:
    """Register every listener of the bot; everything they send to Slack goes through `out`."""
    middleware.register(app, deps, out)
    commands.register(app, deps, out)
    actions.register(app, deps, out)
    exports.register(app, deps, out)
    events.register(app, deps, out)
    home.register(app, deps, out)
    shortcuts.register(app, deps, out)
    steps.register(app, deps)
    watches.register(app, deps, out)
    actions.register_fallback(app, out)
    acknowledged.register_last(app)
