"""What reaches Bolt: the HTTP guard (signature, size, shape) and the Socket Mode envelope helpers."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pytest
from slack_bolt import BoltResponse

from handlers.bolt_http import ParsedRequest
from handlers.http_server import guard
from handlers.payloads import MAX_BODY_BYTES, BadPayload, parse_body, shape_problem
from handlers.socket_envelopes import _ack_payload, _retry_headers
from tests.fakes.signing import FORM, JSON, sign

SECRET = "unit-secret"


class Recorder:
    """A stand-in for Bolt: records the raw and the parsed body it was given."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.parsed: list[dict[str, Any]] = []

    def __call__(self, raw_body: str, body: dict[str, Any], headers: Mapping[str, str]) -> BoltResponse:
        self.bodies.append(raw_body.encode())
        self.parsed.append(body)
        return BoltResponse(status=200, body="")


def _call(app: Callable[..., Iterable[bytes]], body: bytes, headers: dict[str, str], **environ: Any) -> str:
    statuses: list[str] = []
    wsgi = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": FORM,
        "wsgi.input": io.BytesIO(body),
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
        **environ,
    }
    b"".join(app(wsgi, lambda status, _headers: statuses.append(status)))
    return statuses[0]


def test_a_signed_request_reaches_bolt_with_its_body_intact() -> None:
    bolt = Recorder()
    body = b"command=%2Fnumbers&text=stats"
    assert _call(guard(bolt, SECRET), body, sign(SECRET, body)) == "200 OK"
    assert bolt.bodies == [body]


def test_a_command_with_payload_in_its_fields_reaches_bolt_as_the_command_it_is() -> None:
    bolt = Recorder()
    body = b"command=%2Fnumbers&text=payload&channel_name=payload-incidents"
    assert _call(guard(bolt, SECRET), body, sign(SECRET, body)) == "200 OK"
    assert bolt.parsed == [{"command": "/numbers", "text": "payload", "channel_name": "payload-incidents"}]


def test_bolt_reads_the_guards_parsing_not_the_bytes() -> None:
    body = {"command": "/numbers", "text": "payload"}
    request = ParsedRequest(raw_body="command=%2Fnumbers&text=payload", body=body, headers={"content-type": FORM})
    assert request.body == body
    assert request.mode == "http"
    assert request.to_copyable().body == body


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=\u00e9" + "0" * 63},
        {"X-Slack-Request-Timestamp": "\u0661\u0667\u0660\u0660", "X-Slack-Signature": "v0=" + "0" * 64},
    ],
    ids=["5,000-digit timestamp", "non-ASCII signature", "Unicode digits"],
)
def test_malformed_signature_headers_are_a_401_not_an_exception(headers: dict[str, str]) -> None:
    bolt = Recorder()
    assert _call(guard(bolt, SECRET), b"command=%2Fnumbers", headers) == "401 Unauthorized"
    assert bolt.bodies == []


def test_an_unsigned_ssl_check_gets_200_and_never_reaches_bolt() -> None:
    bolt = Recorder()
    assert _call(guard(bolt, SECRET), b"ssl_check=1&token=x", {}) == "200 OK"
    assert bolt.bodies == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, "401 Unauthorized"),
        ({"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}, "401 Unauthorized"),
        (sign("another-secret", b"command=%2Fnumbers"), "401 Unauthorized"),
    ],
)
def test_unsigned_requests_never_reach_bolt(headers: dict[str, str], status: str) -> None:
    bolt = Recorder()
    assert _call(guard(bolt, SECRET), b"command=%2Fnumbers", headers) == status
    assert bolt.bodies == []


def test_a_body_over_the_cap_is_refused_before_it_is_read() -> None:
    bolt = Recorder()
    status = _call(guard(bolt, SECRET), b"", {}, CONTENT_LENGTH=str(MAX_BODY_BYTES + 1))
    assert status == "413 Payload Too Large"


def test_only_post_is_served() -> None:
    assert _call(guard(Recorder(), SECRET), b"", {}, REQUEST_METHOD="GET") == "405 Method Not Allowed"


def test_a_signed_but_malformed_request_is_a_400() -> None:
    bolt = Recorder()
    body = b"payload=null"
    assert _call(guard(bolt, SECRET), body, sign(SECRET, body)) == "400 Bad Request"
    assert bolt.bodies == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{", JSON),
        (b"\xff", JSON),
        (b"[" * 10_000 + b"]" * 10_000, JSON),
        (b"[1, 2]", JSON),
        (b"payload=null", FORM),
        (b"payload=%7B", FORM),
    ],
)
def test_unreadable_bodies_raise_bad_payload(body: bytes, content_type: str) -> None:
    with pytest.raises(BadPayload):
        parse_body(body, content_type)


def test_a_form_with_a_payload_is_read_as_its_json() -> None:
    assert parse_body(b"payload=%7B%22type%22%3A%22block_actions%22%7D", FORM) == {"type": "block_actions"}
    assert parse_body(b"command=%2Fnumbers&text=", FORM) == {"command": "/numbers", "text": ""}


@pytest.mark.parametrize(
    "request_body",
    [
        {"type": "event_callback", "event": None},
        {"type": "event_callback", "event": {"text": "no type"}},
        {"type": "block_actions", "actions": []},
        {"type": "block_actions", "actions": ["not an object"]},
        {"type": "message_action", "user": 42},
        {"type": "block_actions", "actions": [{}]},
        {"type": "block_actions", "actions": [{"action_id": 5}]},
        {"type": "shortcut", "callback_id": 5},
        {"type": "view_submission", "view": {"callback_id": None}},
        {"type": "block_suggestion", "action_id": None},
        {"type": 5},
        {"type": "event_callback", "event": {"type": "app_mention", "channel": ["C1"]}},
        {"type": "event_callback", "event": {"type": "app_home_opened", "user": 5}},
    ],
)
def test_requests_bolt_could_not_route_have_a_shape_problem(request_body: dict[str, Any]) -> None:
    assert shape_problem(request_body) is not None


def test_requests_slack_sends_have_no_shape_problem() -> None:
    assert shape_problem({"type": "event_callback", "event": {"type": "app_mention"}}) is None
    assert shape_problem({"type": "block_actions", "actions": [{"action_id": "x"}], "user": {"id": "U1"}}) is None
    assert shape_problem({"command": "/numbers", "text": "stats", "user_id": "U1"}) is None
    assert shape_problem({"type": "event_callback", "event": {"type": "user_change", "user": {"id": "U1"}}}) is None
    assert shape_problem({"type": "view_submission", "view": {"callback_id": "modal"}}) is None
    assert shape_problem({"type": "block_suggestion", "action_id": "a", "block_id": "b", "value": "x"}) is None


def test_a_slash_commands_ack_payload_is_the_listeners_response() -> None:
    body = json.dumps({"response_type": "ephemeral", "text": "slow down"})
    bolt = BoltResponse(status=200, body=body, headers={"content-type": "application/json"})
    assert _ack_payload(bolt) == {"response_type": "ephemeral", "text": "slow down"}
    assert _ack_payload(BoltResponse(status=200, body="")) is None
    assert _ack_payload(BoltResponse(status=404, body="not found")) is None


def test_retried_envelopes_carry_slacks_retry_headers() -> None:
    assert _retry_headers({"retry_attempt": 2, "retry_reason": "timeout"}) == {
        "x-slack-retry-num": "2",
        "x-slack-retry-reason": "timeout",
    }
    assert _retry_headers({"retry_attempt": 0, "retry_reason": ""}) is None
