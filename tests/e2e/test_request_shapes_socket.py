"""The request shapes of test_request_shapes.py that Socket Mode carries, as envelopes to the real app.py."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from tests.e2e.test_socket_mode import ACK_WITHIN_SECONDS, SocketWorld, world  # noqa: F401 (a fixture, used below)
from tests.fakes.request_shapes import (
    block_suggestion_payload,
    global_shortcut_payload,
    largest_message,
    slash_command_form,
    view_closed_payload,
    view_submission_payload,
)
from tests.fakes.signing import message_shortcut_payload


@pytest.mark.parametrize(("text", "channel_name"), [("payload", "incident-room"), ("stats", "payload-incidents")])
def test_a_command_with_payload_in_it_is_answered(world: SocketWorld, text: str, channel_name: str) -> None:  # noqa: F811
    url = world.slack.response_url(f"socket payload {text} {channel_name}")
    payload = dict(parse_qsl(slash_command_form(text, url, channel_name=channel_name).decode()))
    assert world.envelope("slash_commands", payload) < ACK_WITHIN_SECONDS
    assert world.slack.wait_for_response(url).ok


def test_an_options_request_is_acked_with_no_options(world: SocketWorld) -> None:  # noqa: F811
    ack = world.sockets.wait_for_ack(world.sockets.send_envelope("interactive", block_suggestion_payload()))
    assert ack.gap < ACK_WITHIN_SECONDS
    assert ack.payload == {"options": []}


@pytest.mark.parametrize(
    "payload",
    [view_submission_payload(), view_closed_payload(), global_shortcut_payload()],
    ids=["view_submission", "view_closed", "global shortcut"],
)
def test_interactions_no_feature_asks_for_are_acked(world: SocketWorld, payload: dict[str, object]) -> None:  # noqa: F811
    assert world.envelope("interactive", payload) < ACK_WITHIN_SECONDS


def test_look_up_numbers_on_a_message_at_block_kits_limits_is_answered(world: SocketWorld) -> None:  # noqa: F811
    url = world.slack.response_url("socket largest shortcut")
    payload = message_shortcut_payload("", url, **largest_message("alert for +31 20 123 4567"))
    assert world.envelope("interactive", payload) < ACK_WITHIN_SECONDS
    reply = world.slack.wait_for_response(url)
    assert reply.ok
    assert "numbers in this message" in reply.body["text"].lower()
