"""The Slack layer: each surface registers its listeners on the Bolt app."""

from __future__ import annotations

from slack_bolt import App

from bot.container import Container
from handlers import acknowledged, actions, commands, events, home, middleware, shortcuts, steps, watches


def register(app: App, deps: Container) -> None:
    """Register every listener of the bot."""
    middleware.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
    events.register(app, deps)
    home.register(app, deps)
    shortcuts.register(app, deps)
    steps.register(app, deps)
    watches.register(app, deps)
    actions.register_fallback(app)
    acknowledged.register_last(app)
