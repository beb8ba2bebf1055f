"""Socket Mode clients measured against the loopback Socket Mode fake: `python -m bench.socket_mode`.

For each client (slack_sdk's built-in one, slack_sdk's websocket-client adapter, our SocketModeRunner) and each
disruption, the next envelope is due 0.5 s after the disruption; the table shows how long after that it was
acked. Each client runs in this process with a Bolt app whose only listener acks `/numbers`. About 3 minutes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers.socket_connection import open_connection_url
from handlers.socket_mode import SocketModeRunner
from handlers.socket_opener import Opener
from tests.fakes.slack import DEFAULT_APP_TOKEN, DEFAULT_BOT_TOKEN, SlackFake
from tests.fakes.socket_mode import SocketModeFake

SEND_AFTER_SECONDS = 0.5
GIVE_UP_SECONDS = 10.0


def _bolt_app(slack: SlackFake) -> App:
    app = App(
        client=WebClient(token=DEFAULT_BOT_TOKEN, base_url=slack.url),
        request_verification_enabled=False,
        token_verification_enabled=False,
    )

    @app.command("/numbers")
    def ack_only(ack: Callable[[], Any]) -> None:
        ack()

    return app


def _start_builtin(app: App, slack: SlackFake) -> Callable[[], None]:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, DEFAULT_APP_TOKEN)
    handler.connect()
    return handler.close


def _start_websocket_client(app: App, slack: SlackFake) -> Callable[[], None]:
    from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler

    handler = SocketModeHandler(app, DEFAULT_APP_TOKEN)
    handler.connect()
    return handler.close


def _start_ours(app: App, slack: SlackFake, connections: int = 2) -> Callable[[], None]:
    # The bench disrupts connections many times a minute: Tier 1 pacing would measure the wait, not the client.
    opener = Opener(open_connection_url(DEFAULT_APP_TOKEN, slack.url), per_minute=600)
    runner = SocketModeRunner(app, opener, connections=connections)
    runner.start()
    return runner.stop


# name: (how to start it, how many connections it keeps)
CLIENTS: dict[str, tuple[Callable[[App, SlackFake], Callable[[], None]], int]] = {
    "slack_sdk built-in": (_start_builtin, 1),
    "slack_sdk websocket-client adapter": (_start_websocket_client, 1),
    "ours, 1 connection": (lambda app, slack: _start_ours(app, slack, connections=1), 1),
    "ours, 2 connections (default)": (_start_ours, 2),
}


def _silence_newest(sockets: SocketModeFake) -> None:
    sockets.silence(sockets.live()[0])


DISRUPTIONS: dict[str, Callable[[SocketModeFake], None]] = {
    "steady": lambda sockets: None,
    "refresh_requested, old socket open": SocketModeFake.ask_to_reconnect,
    "abrupt close": SocketModeFake.close_all,
    "TCP reset, no close frame": SocketModeFake.drop_all,
    "silent connection": _silence_newest,
    "every connection silent": SocketModeFake.silence_all,
    "server restart": SocketModeFake.restart,
}


def _command_payload() -> dict[str, str]:
    return {"command": "/numbers", "text": "help", "user_id": "U0USER", "channel_id": "C0CHAN", "team_id": "T0TEST"}


def _measure(sockets: SocketModeFake, disrupt: Callable[[SocketModeFake], None], connections: int) -> str:
    sockets.wait_for_live(connections, timeout=GIVE_UP_SECONDS)
    disrupt(sockets)
    time.sleep(SEND_AFTER_SECONDS)
    try:
        envelope = sockets.send_envelope("slash_commands", _command_payload(), wait_seconds=GIVE_UP_SECONDS)
    except AssertionError:
        return f"no connection in {GIVE_UP_SECONDS:g} s"
    try:
        return f"{sockets.wait_for_ack(envelope, timeout=GIVE_UP_SECONDS).gap:.2f} s"
    except AssertionError:
        return f"no ack in {GIVE_UP_SECONDS:g} s"


def run_case(client: str, disruption: str) -> str:
    """One disruption against a freshly connected client."""
    with SlackFake() as slack, SocketModeFake() as sockets:
        slack.socket_url = sockets.url
        start, connections = CLIENTS[client]
        stop = start(_bolt_app(slack), slack)
        try:
            return _measure(sockets, DISRUPTIONS[disruption], connections)
        finally:
            stop()


def main() -> None:
    """Print one markdown table: ack delay after each disruption, per client."""
    logging.basicConfig(level=logging.CRITICAL)
    results = {name: {disruption: run_case(name, disruption) for disruption in DISRUPTIONS} for name in CLIENTS}
    print("| disruption | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for disruption in DISRUPTIONS:
        print(f"| {disruption} | " + " | ".join(results[name][disruption] for name in results) + " |")


if __name__ == "__main__":
    main()
