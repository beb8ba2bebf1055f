"""The loopback fakes themselves behave like the services they stand in for (fast, no app needed)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import httpx
import phonenumbers
import pytest
from phonenumbers import PhoneNumberType
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.fakes._server import Incoming, LoopbackFake, Reply
from tests.fakes.flireo import ASSISTANTS, FlireoFake, make_buyable, make_numbers, make_orders, make_shared_numbers
from tests.fakes.signing import (
    FORM,
    app_mention_event,
    block_actions_body,
    event_body,
    post_to_app,
    sign,
    slash_command_body,
)
from tests.fakes.slack import SlackFake, block_problems

KEY = "flireo-test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A running Flireo fake with 120 numbers and 3 shared ones."""
    with FlireoFake(make_numbers(120), make_shared_numbers(3), buyable=make_buyable(12), orders=make_orders(9)) as fake:
        yield fake


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    """An HTTP client that ignores proxy settings."""
    with httpx.Client(trust_env=False, timeout=5) as client:
        yield client


@pytest.fixture
def slack() -> Iterator[SlackFake]:
    """A running Slack fake."""
    with SlackFake() as fake:
        yield fake


# Flireo --------------------------------------------------------------------------------------------------------


def test_flireo_pages_and_meta(flireo: FlireoFake, http: httpx.Client) -> None:
    first = http.get(f"{flireo.url}/v1/phone-numbers", headers=AUTH).json()
    assert len(first["data"]) == 50
    assert first["meta"] == {"total": 120, "limit": 50, "offset": 0}
    assert "shared_numbers" not in first

    last = http.get(f"{flireo.url}/v1/phone-numbers", params={"limit": 100, "offset": 100}, headers=AUTH).json()
    assert last["meta"] == {"total": 120, "limit": 100, "offset": 100}
    assert [n["id"] for n in last["data"]] == [n["id"] for n in make_numbers(120)[100:]]

    beyond = http.get(f"{flireo.url}/v1/phone-numbers", params={"offset": 500}, headers=AUTH).json()
    assert beyond["data"] == []
    assert beyond["meta"]["total"] == 120


def test_flireo_include_default_adds_shared_numbers(flireo: FlireoFake, http: httpx.Client) -> None:
    body = http.get(
        f"{flireo.url}/v1/phone-numbers", params={"include_default": "true", "limit": 5}, headers=AUTH
    ).json()
    assert len(body["data"]) == 5
    assert [set(s) for s in body["shared_numbers"]] == [{"id", "phone_number", "locality", "number_type"}] * 3
    explicit_false = http.get(f"{flireo.url}/v1/phone-numbers?include_default=false", headers=AUTH).json()
    assert "shared_numbers" not in explicit_false


@pytest.mark.parametrize(
    ("query", "bad_param"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("include_default=True", "include_default"),
    ],
)
def test_flireo_rejects_bad_parameters(flireo: FlireoFake, http: httpx.Client, query: str, bad_param: str) -> None:
    resp = http.get(f"{flireo.url}/v1/phone-numbers?{query}", headers=AUTH)
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["code"] == "invalid_parameters"
    assert bad_param in error["details"]
    assert error["message"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": KEY}])
def test_flireo_401_uses_the_flat_error_shape(flireo: FlireoFake, http: httpx.Client, headers: dict[str, str]) -> None:
    resp = http.get(f"{flireo.url}/v1/phone-numbers", headers=headers)
    assert resp.status_code == 401
    assert resp.json() == {"error": "Unauthorized", "message": "Invalid API key"}


def test_flireo_unknown_path_and_method(flireo: FlireoFake, http: httpx.Client) -> None:
    resp = http.get(f"{flireo.url}/v1/assistants", headers=AUTH)
    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == "not_found"
    post = http.post(f"{flireo.url}/v1/phone-number-orders", headers=AUTH, json={})
    assert post.status_code == 405
    assert flireo.requests[-1].method == "POST"


def test_flireo_extra_endpoints(flireo: FlireoFake, http: httpx.Client) -> None:
    buy = http.get(f"{flireo.url}/v1/phone-numbers/available", params={"number_type": "mobile"}, headers=AUTH).json()
    assert buy["data"]
    assert {n["number_type"] for n in buy["data"]} == {"mobile"}
    assert buy["meta"]["number_type"] == "mobile"
    assert set(buy["data"][0]["cost"]) == {"monthly", "currency", "credits"}
    local = http.get(f"{flireo.url}/v1/phone-numbers/available?number_type=local", headers=AUTH)
    assert local.status_code == 400

    orders = http.get(f"{flireo.url}/v1/phone-number-orders", params={"status": "pending"}, headers=AUTH).json()
    assert all(o["status"] == "pending" for o in orders["data"])
    assert orders["meta"]["total"] == sum(o["status"] == "pending" for o in make_orders(9))
    assert http.get(f"{flireo.url}/v1/phone-number-orders?status=done", headers=AUTH).status_code == 400


def test_flireo_fail_next_default_and_custom_bodies(flireo: FlireoFake, http: httpx.Client) -> None:
    url = f"{flireo.url}/v1/phone-numbers"
    flireo.fail_next(2)
    for _ in range(2):
        resp = http.get(url, headers=AUTH)
        assert resp.status_code == 503
        assert resp.json()["error"]["code"] == "server_error"
    assert http.get(url, headers=AUTH).status_code == 200

    flireo.fail_next(1, status=502, body=b"<html>Bad gateway</html>")
    resp = http.get(url, headers=AUTH)
    assert (resp.status_code, resp.text) == (502, "<html>Bad gateway</html>")
    assert resp.headers["content-type"].startswith("text/html")

    flireo.fail_next(1, status=429)
    resp = http.get(url, headers=AUTH)
    assert resp.status_code == 429
    assert resp.headers["retry-after"] == "1"
    assert resp.json()["error"]["code"] == "rate_limit_exceeded"

    flireo.fail_next(1, status=403)
    assert http.get(url, headers=AUTH).json()["message"]


def test_flireo_drop_connections(flireo: FlireoFake, http: httpx.Client) -> None:
    flireo.drop_connections(1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.get(f"{flireo.url}/v1/phone-numbers", headers=AUTH)
    assert http.get(f"{flireo.url}/v1/phone-numbers", headers=AUTH).status_code == 200
    assert flireo.request_count() == 2


def test_flireo_records_requests_and_latency(flireo: FlireoFake, http: httpx.Client) -> None:
    flireo.latency = 0.15
    started = time.monotonic()
    http.get(f"{flireo.url}/v1/phone-numbers", params={"limit": 100, "offset": 0}, headers=AUTH)
    assert time.monotonic() - started >= 0.15
    flireo.latency = 0
    http.get(f"{flireo.url}/v1/phone-numbers/available", headers=AUTH)

    first = flireo.requests[0]
    assert (first.method, first.path, first.query) == ("GET", "/v1/phone-numbers", {"limit": "100", "offset": "0"})
    assert first.headers["authorization"] == f"Bearer {KEY}"
    assert first.time >= started
    assert flireo.request_count() == 2
    assert flireo.request_count("/v1/phone-numbers", exact=True) == 1
    flireo.reset_requests()
    assert flireo.requests == []


def test_flireo_max_concurrent_counts_overlapping_requests(flireo: FlireoFake) -> None:
    flireo.latency = 0.2
    barrier = threading.Barrier(5)
    statuses: list[int] = []

    def fetch(offset: int) -> None:
        with httpx.Client(trust_env=False, timeout=5) as client:
            barrier.wait()
            url = f"{flireo.url}/v1/phone-numbers?limit=10&offset={offset}"
            statuses.append(client.get(url, headers=AUTH).status_code)

    threads = [threading.Thread(target=fetch, args=(i * 10,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 5
    assert flireo.max_concurrent == 5
    flireo.reset_requests()
    assert flireo.max_concurrent == 0


def test_flireo_hang_until_released_and_wait_for_requests(flireo: FlireoFake, http: httpx.Client) -> None:
    flireo.hang_requests(True)
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(http.get(f"{flireo.url}/v1/phone-numbers", headers=AUTH).status_code)
    )
    worker.start()
    assert len(flireo.wait_for_requests(1, timeout=2)) == 1
    assert flireo.in_flight == 1
    assert result == []
    flireo.hang_requests(False)
    worker.join(timeout=2)
    assert result == [200]
    with pytest.raises(AssertionError, match="expected 2 request"):
        flireo.wait_for_requests(2, timeout=0.05)


def test_flireo_stop_releases_hung_requests() -> None:
    fake = FlireoFake(make_numbers(3)).start()
    fake.hang_requests(True)
    errors: list[Exception] = []

    def call() -> None:
        try:
            httpx.get(f"{fake.url}/v1/phone-numbers", headers=AUTH, trust_env=False, timeout=5)
        except httpx.HTTPError as exc:
            errors.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    fake.wait_for_requests(1, timeout=2)
    started = time.monotonic()
    fake.stop()
    worker.join(timeout=3)
    assert not worker.is_alive()
    assert time.monotonic() - started < 2
    assert len(errors) == 1


def test_flireo_set_numbers_while_running(flireo: FlireoFake, http: httpx.Client) -> None:
    flireo.set_numbers(make_numbers(7, seed=1))
    body = http.get(f"{flireo.url}/v1/phone-numbers", headers=AUTH).json()
    assert body["meta"]["total"] == 7
    assert [n["phone_number"] for n in body["data"]] == [n["phone_number"] for n in make_numbers(7, seed=1)]


def test_flireo_optional_rate_limit(flireo: FlireoFake, http: httpx.Client) -> None:
    flireo.rate_limit = 3
    codes = [http.get(f"{flireo.url}/v1/phone-numbers", headers=AUTH).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert flireo.peak_requests_per_window(60) == 4


# make_numbers --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ten_thousand() -> list[dict[str, Any]]:
    """make_numbers(10000), built once."""
    return make_numbers(10000)


def test_make_numbers_valid_unique_and_deterministic(ten_thousand: list[dict[str, Any]]) -> None:
    numbers = ten_thousand
    assert len({n["id"] for n in numbers}) == 10000
    assert len({n["phone_number"] for n in numbers}) == 10000
    assert make_numbers(50) == numbers[:50]
    assert make_numbers(50, seed=8) != numbers[:50]
    expected_type = {
        "local": {PhoneNumberType.FIXED_LINE},
        "mobile": {PhoneNumberType.MOBILE},
        "national": {PhoneNumberType.VOIP, PhoneNumberType.UAN},
    }
    assistant_names = {a["name"] for a in ASSISTANTS}
    for n in numbers:
        parsed = phonenumbers.parse(n["phone_number"])
        assert phonenumbers.is_valid_number(parsed), n
        assert phonenumbers.region_code_for_number(parsed) == "NL"
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == n["phone_number"]
        assert phonenumbers.number_type(parsed) in expected_type[n["number_type"]], n
        assert (n["locality"] is not None) == (n["number_type"] == "local")
        assert n["created_at"].endswith("Z")
        datetime.fromisoformat(n["created_at"])
        if n["linked_assistant"] is not None:
            assert n["available"] is False
            assert n["linked_assistant"]["name"] in assistant_names
    amsterdam = [n for n in numbers if n["locality"] == "Amsterdam"]
    assert all(n["phone_number"].startswith("+3120") for n in amsterdam)
    assert any(n["available"] for n in amsterdam)
    assert any(n["linked_assistant"] for n in numbers[:120])


def test_shared_numbers_do_not_overlap_the_inventory(ten_thousand: list[dict[str, Any]]) -> None:
    shared = make_shared_numbers(3)
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(s["phone_number"])) for s in shared)
    assert not {s["phone_number"] for s in shared} & {n["phone_number"] for n in ten_thousand}


# Slack ---------------------------------------------------------------------------------------------------------


def test_slack_auth_test_checks_the_token(slack: SlackFake) -> None:
    assert slack.url.endswith("/api/")
    ok = WebClient(token="xoxb-test-token", base_url=slack.url).auth_test()
    assert (ok["user_id"], ok["bot_id"], ok["team_id"]) == ("U0BOT", "B0BOT", "T0TEST")
    with pytest.raises(SlackApiError) as err:
        WebClient(token="xoxb-wrong", base_url=slack.url).auth_test()
    assert err.value.response["error"] == "invalid_auth"
    assert [c.method for c in slack.api_calls] == ["auth.test", "auth.test"]


def test_slack_post_message_recorded_and_awaitable(slack: SlackFake) -> None:
    client = WebClient(token="xoxb-test-token", base_url=slack.url)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    threading.Thread(
        target=client.chat_postMessage, kwargs={"channel": "C1", "text": "hi", "blocks": blocks, "thread_ts": "1.2"}
    ).start()
    call = slack.wait_for_api_call("chat.postMessage", lambda c: c.body.get("thread_ts") == "1.2", timeout=3)
    assert call.ok
    assert call.body["blocks"] == blocks
    assert call.response["message"]["thread_ts"] == "1.2"
    # Form-encoded bodies are parsed too, with JSON-string fields decoded.
    client.api_call("chat.update", params={"channel": "C1", "ts": "1.2", "text": "x", "blocks": json.dumps(blocks)})
    assert slack.calls("chat.update")[0].body["blocks"] == blocks
    with pytest.raises(AssertionError, match=r"no 1 call\(s\) of views.publish"):
        slack.wait_for_api_call("views.publish", timeout=0.05)


def test_slack_rejects_blocks_beyond_limits(slack: SlackFake) -> None:
    client = WebClient(token="xoxb-test-token", base_url=slack.url)
    too_many = [{"type": "divider"}] * 51
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x", blocks=too_many)
    assert err.value.response["error"] == "invalid_blocks"
    assert slack.problems
    long_value = {"type": "button", "text": {"type": "plain_text", "text": "Next"}, "value": "x" * 2001}
    assert block_problems([{"type": "actions", "elements": [long_value]}])
    assert block_problems([{"type": "header", "text": {"type": "mrkdwn", "text": "*no*"}}])
    assert not block_problems([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3000}}])


def test_slack_rate_limit_next(slack: SlackFake) -> None:
    client = WebClient(token="xoxb-test-token", base_url=slack.url)
    slack.rate_limit_next("chat.postMessage", 1, retry_after=7)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x")
    assert err.value.response.status_code == 429
    assert err.value.response.headers["retry-after"] in ("7", ["7"])
    assert client.chat_postMessage(channel="C1", text="x")["ok"]


def test_slack_response_url_recorded_and_awaitable(slack: SlackFake) -> None:
    url = slack.response_url("help")
    other = slack.response_url()
    assert url.startswith(f"{slack.root}/response/")
    assert url != other
    payload = {"response_type": "ephemeral", "text": "help", "blocks": [{"type": "divider"}]}
    threading.Thread(target=lambda: WebhookClient(url).send_dict(payload)).start()
    post = slack.wait_for_response(url, timeout=3)
    assert post.ok
    assert post.body == payload
    assert post.label == "help"
    resp = WebhookClient(url).send(text="second", replace_original=True)
    assert (resp.status_code, resp.body) == (200, "ok")
    assert slack.wait_for_response(url, count=2).body["text"] == "second"
    assert len(slack.responses_for(url)) == 2
    with pytest.raises(AssertionError, match="no 1 POST"):
        slack.wait_for_response(other, timeout=0.05)


def test_slack_expired_response_urls(slack: SlackFake) -> None:
    url = slack.response_url()
    slack.expire_response_urls(True)
    resp = WebhookClient(url).send(text="late")
    assert (resp.status_code, resp.body) == (404, "expired_url")
    assert slack.responses[-1].error == "expired_url"
    slack.expire_response_urls(False)
    assert WebhookClient(url).send(text="on time").status_code == 200


# signing -------------------------------------------------------------------------------------------------------


def test_sign_matches_an_independent_hmac_and_slack_sdk() -> None:
    secret, body, ts = "8f742231b10e8888abcd99yyyzzz85a5", b"token=xyz&text=stats", 1531420618
    expected = "v0=" + hmac.new(secret.encode(), b"v0:1531420618:token=xyz&text=stats", hashlib.sha256).hexdigest()
    headers = sign(secret, body, ts)
    assert headers == {"X-Slack-Request-Timestamp": "1531420618", "X-Slack-Signature": expected}
    fresh = sign(secret, body)
    verifier = SignatureVerifier(secret)
    assert verifier.is_valid(body, fresh["X-Slack-Request-Timestamp"], fresh["X-Slack-Signature"])
    assert not verifier.is_valid(body + b"x", fresh["X-Slack-Request-Timestamp"], fresh["X-Slack-Signature"])


def test_slash_command_body_has_every_field() -> None:
    fields = parse_qs(slash_command_body("available local amsterdam", "http://x/response/R1").decode())
    assert set(fields) == {
        "token",
        "team_id",
        "team_domain",
        "channel_id",
        "channel_name",
        "user_id",
        "user_name",
        "command",
        "text",
        "api_app_id",
        "is_enterprise_install",
        "response_url",
        "trigger_id",
    }
    assert fields["command"] == ["/numbers"]
    assert fields["text"] == ["available local amsterdam"]


def test_block_actions_body_like_slack() -> None:
    payload = json.loads(
        parse_qs(block_actions_body("next", '{"q":"all","o":10}', "http://x/r").decode())["payload"][0]
    )
    assert payload["type"] == "block_actions"
    assert payload["actions"][0]["action_id"] == "next"
    assert payload["actions"][0]["value"] == '{"q":"all","o":10}'
    assert payload["container"]["is_ephemeral"] is True
    assert "message" not in payload
    message = {"type": "message", "ts": "1700000000.000200", "text": "x", "blocks": []}
    body = block_actions_body("next", "v", "http://x/r", message=message, user_id="U9", channel_id="C9")
    shared = json.loads(parse_qs(body.decode())["payload"][0])
    assert shared["message"] == message
    assert shared["container"] == {
        "type": "message",
        "message_ts": "1700000000.000200",
        "channel_id": "C9",
        "is_ephemeral": False,
    }
    assert (shared["user"]["id"], shared["channel"]["id"]) == ("U9", "C9")


def test_event_body_envelope() -> None:
    event = app_mention_event("<@U0BOT> stats", thread_ts="1699999999.000001")
    envelope = json.loads(event_body(event, event_id="Ev42"))
    assert envelope["type"] == "event_callback"
    assert envelope["event_id"] == "Ev42"
    assert envelope["event"]["type"] == "app_mention"
    assert envelope["event"]["thread_ts"] == "1699999999.000001"
    assert envelope["authorizations"][0]["user_id"] == "U0BOT"


class _VerifyingApp(LoopbackFake):
    """A stand-in app endpoint that checks the signature like Bolt does."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.verifier = SignatureVerifier(secret)
        self.seen: list[dict[str, Any]] = []

    def _handle(self, req: Incoming) -> Reply | None:
        valid = self.verifier.is_valid(
            req.body, req.headers.get("x-slack-request-timestamp", ""), req.headers.get("x-slack-signature", "")
        )
        self.seen.append({"path": req.path, "type": req.headers.get("content-type"), "valid": valid})
        return Reply.text(200 if valid else 401, "")


def test_post_to_app_signs_the_request() -> None:
    with _VerifyingApp("s3cret") as app:
        body = slash_command_body("stats", "http://x/r")
        status, headers, payload, elapsed = post_to_app(app.root, body, "s3cret", FORM)
        assert (status, payload) == (200, b"")
        assert elapsed > 0
        assert "Content-Length" in headers
        assert app.seen == [{"path": "/slack/events", "type": FORM, "valid": True}]
        stale, *_ = post_to_app(app.root, body, "s3cret", FORM, timestamp=int(time.time()) - 3600)
        assert stale == 401


def test_slack_takes_one_table_block_in_a_message_and_none_in_a_view() -> None:
    def cell(text: str) -> dict[str, str]:
        return {"type": "raw_text", "text": text}

    table = {"type": "table", "rows": [[cell("Type"), cell("Numbers")], [cell("local"), cell("7")]]}
    assert not block_problems([table])
    assert block_problems([table, table])
    assert block_problems([{"type": "table", "rows": [[cell("")]]}])
    assert block_problems([{"type": "table", "rows": [[cell("x")]] * 101}])
    assert block_problems([table], max_blocks=100, tables=False)


def test_slack_refuses_posts_to_a_channel_the_bot_is_not_in_until_told_otherwise(slack: SlackFake) -> None:
    client = WebClient(token="xoxb-test-token", base_url=slack.url)
    slack.refuse_channel("C1", "not_in_channel")
    with pytest.raises(SlackApiError) as err:  # Slack answers HTTP 200 with ok:false (chat.postMessage reference)
        client.chat_postMessage(channel="C1", text="x")
    assert err.value.response.status_code == 200
    assert err.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C2", text="x")["ok"], "other channels are not refused"
    slack.refuse_channel("C1", None)
    assert client.chat_postMessage(channel="C1", text="x")["ok"]


def test_a_flipping_number_is_linked_and_free_by_turns_at_each_reading_until_it_stops(
    flireo: FlireoFake, http: httpx.Client
) -> None:
    number = next(r for r in flireo.numbers if r["linked_assistant"])
    flireo.flip_every_reading(number["id"])

    def state(offset: int = 0) -> tuple[bool, bool] | None:
        page = http.get(f"{flireo.url}/v1/phone-numbers", params={"offset": offset, "limit": 100}, headers=AUTH)
        found = [r for r in page.json()["data"] if r["id"] == number["id"]]
        return (found[0]["linked_assistant"] is not None, found[0]["available"]) if found else None

    readings = [state() for _ in range(4)]
    assert readings == [(False, True), (True, False)] * 2, "free, linked, free, linked: one flip per reading"
    state(offset=100)  # a later page of the same reading flips nothing
    assert state() == (False, True)
    flireo.flip_every_reading(None)
    assert state() == state() == (False, True), "it settles where it is"
