"""Requests Slack may send that no feature of ours asks for: each gets the answer Slack expects, never a 404.

Slack shows the user an error for an interaction answered with anything but 200, and disables the event
subscriptions of an app that fails more than 5% of deliveries in an hour (docs: app_rate_limited event).
"""

from __future__ import annotations

import re

from slack_bolt import Ack, App

_ANY = re.compile(".*")


def acknowledge(ack: Ack) -> None:
    """An empty 200: nothing to do for this request."""
    ack()


def no_options(ack: Ack) -> None:
    """An external select's options request (block_suggestion): none to offer, as JSON Slack can read."""
    ack(options=[])


def register_last(app: App) -> None:
    """Catch-alls for events, shortcuts, modals and option requests; registered after every real listener."""
    app.event(_ANY)(acknowledge)
    app.shortcut(_ANY)(acknowledge)
    app.view(_ANY)(acknowledge)
    app.view_closed(_ANY)(acknowledge)
    app.options(_ANY)(no_options)
