"""Every request shape Slack documents, signed as Slack signs it, through the real `python app.py` in HTTP mode."""

from __future__ import annotations

import json
import socket

import pytest

from tests.e2e.conftest import SIGNING_SECRET, AppProcess
from tests.fakes.request_shapes import (
    app_rate_limited_json,
    block_suggestion_payload,
    global_shortcut_payload,
    interactivity_form,
    largest_message,
    raw_utf8_form,
    slash_command_form,
    ssl_check_form,
    unsubscribed_event_json,
    url_verification_json,
    view_closed_payload,
    view_submission_payload,
)
from tests.fakes.signing import FORM, JSON, message_shortcut_payload, sign
from tests.fakes.slack import SlackFake

# Slack: an app must answer every request within 3 seconds, or the user sees an error (and events are retried).
ANSWER_WITHIN_SECONDS = 3.0
MIB = 1024 * 1024


def _answered(app: AppProcess, body: bytes, content_type: str, **kwargs: object) -> tuple[int, bytes]:
    status, _, answer, elapsed = app.post(body, content_type, **kwargs)  # type: ignore[arg-type]
    assert elapsed < ANSWER_WITHIN_SECONDS, f"answered after {elapsed:.2f} s"
    return status, answer


def test_a_command_with_the_word_payload_in_its_text_is_answered(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    url = slack.response_url("payload in text")
    assert _answered(app, slash_command_form("payload", url), FORM)[0] == 200
    assert slack.wait_for_response(url).ok


@pytest.mark.parametrize(
    "names",
    [{"channel_name": "payload-incidents"}, {"user_name": "payload-bot"}, {"team_domain": "payloads"}],
    ids=["channel", "user", "team"],
)
def test_a_command_from_a_channel_user_or_team_named_payload_is_answered(
    start_app, slack: SlackFake, names: dict[str, str]
) -> None:
    app: AppProcess = start_app()
    url = slack.response_url(f"payload in {names}")
    assert _answered(app, slash_command_form("stats", url, **names), FORM)[0] == 200
    answer = slack.wait_for_response(url)
    assert answer.ok
    assert answer.body["blocks"]


def test_ssl_check_gets_200_signed_or_not(start_app) -> None:
    app: AppProcess = start_app()
    assert _answered(app, ssl_check_form(), FORM)[0] == 200
    assert _answered(app, ssl_check_form(), FORM, secret="not-the-secret")[0] == 200


def test_url_verification_echoes_the_challenge(start_app) -> None:
    app: AppProcess = start_app()
    status, answer = _answered(app, url_verification_json("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7"), JSON)
    assert status == 200
    assert json.loads(answer) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7"}


def test_app_rate_limited_gets_200_one_log_line_and_a_place_on_healthz(start_app) -> None:
    app: AppProcess = start_app()
    for minute in (1518467820, 1518467880, 1518467940):
        assert _answered(app, app_rate_limited_json(minute), JSON)[0] == 200
    assert app.logs().count("rate-limiting this app's events") == 1
    _, health = app.get("/healthz")
    noted = json.loads(health)["slack_events_rate_limited"]
    assert noted == {"notices": 3, "team_id": "T0TEST", "minute_rate_limited": 1518467940}


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("block_suggestion", block_suggestion_payload()),
        ("view_submission", view_submission_payload()),
        ("view_closed", view_closed_payload()),
        ("global shortcut", global_shortcut_payload()),
    ],
)
def test_interactions_no_feature_asks_for_get_200(start_app, name: str, payload: dict[str, object]) -> None:
    app: AppProcess = start_app()
    status, answer = _answered(app, interactivity_form(payload), FORM)
    assert status == 200, f"{name}: HTTP {status} {answer[:80]!r}"
    if name == "block_suggestion":
        assert json.loads(answer) == {"options": []}


def test_an_event_no_listener_takes_and_its_retry_get_200(start_app) -> None:
    app: AppProcess = start_app()
    assert _answered(app, unsubscribed_event_json("EvREACT1"), JSON)[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert _answered(app, unsubscribed_event_json("EvREACT1"), JSON, extra_headers=retry)[0] == 200


def test_look_up_numbers_on_a_message_at_block_kits_limits_is_answered(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    url = slack.response_url("largest shortcut")
    number = "+31 20 123 4567"
    body = raw_utf8_form(message_shortcut_payload("", url, **largest_message(f"alert for {number}")))
    assert 1.25 * MIB < len(body) < 1.4 * MIB  # 1.29 MiB: 50 x 3,000 "€" as UTF-8 is 9 bytes a character form-encoded
    status, answer = _answered(app, body, FORM)
    assert status == 200, answer[:80]
    reply = slack.wait_for_response(url)
    assert reply.ok
    assert "numbers in this message" in reply.body["text"].lower()


def _post_raw(app: AppProcess, body: bytes, headers: dict[str, bytes]) -> bytes:
    """POST with header values sent as raw bytes (urllib would refuse or re-encode them) → the status line."""
    head = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: " + FORM.encode()
    head += b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n"
    head += b"".join(name.encode() + b": " + value + b"\r\n" for name, value in headers.items())
    with socket.create_connection(("127.0.0.1", app.port), timeout=5) as sock:
        sock.sendall(head + b"\r\n" + body)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


def _post_raw_length(app: AppProcess, length: bytes) -> bytes:
    """A POST whose Content-Length is `length` and whose body never comes → the status line."""
    with socket.create_connection(("127.0.0.1", app.port), timeout=5) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n")
        answer = b""
        while b"\r\n" not in answer and (chunk := sock.recv(4096)):
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


def test_malformed_headers_get_4xx_one_short_line_and_no_traceback(start_app) -> None:
    app: AppProcess = start_app()
    body = slash_command_form("stats", "http://127.0.0.1:9/r")
    signed = sign(SIGNING_SECRET, body)
    ts, signature = signed["X-Slack-Request-Timestamp"].encode(), signed["X-Slack-Signature"].encode()
    cases = {
        "a 5,000-digit timestamp": {"X-Slack-Request-Timestamp": b"9" * 5000, "X-Slack-Signature": signature},
        "a non-ASCII signature": {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=é".encode() + b"0" * 62},
        "Unicode digits in the timestamp": {
            "X-Slack-Request-Timestamp": "١٧٠٠٠٠٠٠٠٠".encode(),
            "X-Slack-Signature": signature,
        },
    }
    lines = {name: _post_raw(app, body, headers) for name, headers in cases.items()}
    lines["a 5,000-digit Content-Length"] = _post_raw_length(app, b"9" * 5000)
    for name, line in lines.items():
        assert line.startswith((b"HTTP/1.1 400", b"HTTP/1.1 401")), f"{name}: {line!r}"
    logs = app.logs()
    assert "Traceback" not in logs
    assert all(len(line) < 300 for line in logs.splitlines())


def test_signed_requests_bolt_could_not_route_get_400_and_no_traceback(start_app) -> None:
    app: AppProcess = start_app()
    payloads = [
        {"type": "block_actions", "actions": [{}]},
        {"type": "block_actions", "actions": [{"action_id": 5, "value": "7"}], "user": {"id": "U0USER"}},
        {"type": "shortcut", "callback_id": 5},
        {"type": "view_submission", "view": {"callback_id": None}},
    ]
    for payload in payloads:
        status, answer = _answered(app, interactivity_form(payload), FORM)
        assert status == 400, f"{payload}: HTTP {status} {answer[:80]!r}"
    event = {"type": "event_callback", "event": {"type": "app_home_opened", "user": 5}, "event_id": "EvODD"}
    assert _answered(app, json.dumps(event).encode(), JSON)[0] == 400
    logs = app.logs()
    assert "Traceback" not in logs
    assert all(len(line) < 300 for line in logs.splitlines())
