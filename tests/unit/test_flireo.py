"""The Flireo client on `httpx.MockTransport`: paging, bounded concurrency, tolerant parsing, typed errors."""

from __future__ import annotations

import json
import threading
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bot.errors import FlireoAuthError, FlireoBadResponse, FlireoError, FlireoRateLimited, FlireoUnavailable
from bot.flireo.budget import RequestBudget
from bot.flireo.client import (
    MAX_ATTEMPTS,
    PAGE_LIMIT,
    FlireoClient,
    error_from_response,
    retry_after,
)
from bot.flireo.listing import AccountTooLarge
from tests.unit.support import API_KEY, FakeClock, FlireoStub, client_on, generated_records

Handler = Callable[[httpx.Request], httpx.Response]


def params_of(request: httpx.Request) -> dict[str, str]:
    return dict(request.url.params)


def failing(status: int, body: Any = None, *, text: str | None = None, headers: dict[str, str] | None = None):
    """A handler answering every request with `status` and a JSON `body` (or raw `text`)."""
    calls: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if text is not None:
            return httpx.Response(status, text=text, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    handle.calls = calls  # type: ignore[attr-defined]
    return handle


def then_ok(first: list[httpx.Response], stub: FlireoStub) -> Handler:
    """A handler that answers with `first` responses in turn, then as the stub."""
    pending = list(first)

    def handle(request: httpx.Request) -> httpx.Response:
        return pending.pop(0) if pending else stub(request)

    return handle


def test_first_page_asks_for_the_largest_page_and_the_shared_numbers(flireo: FlireoStub) -> None:
    client_on(flireo).fetch_inventory()
    assert flireo.requests[0].url.path == "/v1/phone-numbers"
    assert params_of(flireo.requests[0]) == {"limit": "100", "offset": "0", "include_default": "true"}


def test_requests_carry_the_bearer_key(flireo: FlireoStub) -> None:
    client_on(flireo).fetch_inventory()
    assert flireo.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"


def test_a_small_account_takes_one_request(flireo: FlireoStub) -> None:
    inventory = client_on(flireo).fetch_inventory()
    assert flireo.count == 1
    assert inventory.requests == 1
    assert len(inventory.numbers) == 10


def test_every_page_is_fetched_at_limit_100_with_the_right_offsets() -> None:
    stub = FlireoStub(generated_records(1050))
    inventory = client_on(stub).fetch_inventory()
    assert len(inventory.numbers) == 1050
    assert [params_of(r)["limit"] for r in stub.requests] == [str(PAGE_LIMIT)] * 11
    # Each page after the first starts on the last number of the one before, to see a shift meanwhile (#10); the
    # last reaches past the total, to see that the account ends there.
    assert sorted(int(params_of(r)["offset"]) for r in stub.requests) == list(range(0, 1000, 99))
    assert [params_of(r)["include_default"] for r in stub.requests].count("true") == 1
    assert inventory.requests == 11


def test_rest_of_pages_run_concurrently_but_never_beyond_max_concurrency() -> None:
    stub = FlireoStub(generated_records(950))
    max_concurrency = 3
    # Pages 2-10 (nine) arrive in three rounds of three; each round meets at the barrier, so they truly overlap.
    together = threading.Barrier(max_concurrency, timeout=5)
    lock = threading.Lock()
    in_flight = peak = 0
    broken = []

    def handle(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        if params_of(request)["offset"] == "0":
            return stub(request)
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        try:
            together.wait()
        except threading.BrokenBarrierError:
            broken.append(request)
        response = stub(request)
        with lock:
            in_flight -= 1
        return response

    inventory = client_on(handle, max_concurrency=max_concurrency).fetch_inventory()
    assert peak == max_concurrency
    assert not broken, "fewer requests overlapped than max_concurrency"
    assert len(inventory.numbers) == 950


def test_the_same_id_on_two_pages_is_kept_once() -> None:
    records = generated_records(150)
    # The second page is asked from offset 99: it starts with the first page's last record, which is kept once.
    stub = FlireoStub(records)
    inventory = client_on(stub).fetch_inventory()
    assert [params_of(request)["offset"] for request in stub.requests] == ["0", "99"]
    assert len(inventory.numbers) == 150
    assert len({n.id for n in inventory.numbers}) == 150


def test_a_missing_total_walks_pages_until_a_short_one() -> None:
    records = generated_records(250)

    def handle(request: httpx.Request) -> httpx.Response:
        offset = int(params_of(request)["offset"])
        return httpx.Response(200, json={"data": records[offset : offset + 100]})

    assert len(client_on(handle).fetch_inventory().numbers) == 250


def test_a_total_that_grew_meanwhile_is_followed_to_the_end() -> None:
    records = generated_records(300)

    def handle(request: httpx.Request) -> httpx.Response:
        offset = int(params_of(request)["offset"])
        return httpx.Response(200, json={"data": records[offset : offset + 100], "meta": {"total": 200}})

    assert len(client_on(handle).fetch_inventory().numbers) == 300


def test_shared_numbers_come_from_include_default(flireo: FlireoStub) -> None:
    inventory = client_on(flireo).fetch_inventory()
    assert [n.phone_number for n in inventory.shared] == ["+31851230000", "+31202620000"]
    assert all(n.shared for n in inventory.shared)
    assert not any(n.shared for n in inventory.numbers)


def test_unknown_fields_are_ignored() -> None:
    record = {
        "id": "u1",
        "phone_number": "+31201234567",
        "number_type": "local",
        "available": True,
        "brand_new_field": {"nested": [1, 2]},
        "linked_assistant": {"id": "a1", "name": "Billing Desk", "voice": "nova"},
    }
    inventory = client_on(FlireoStub([record])).fetch_inventory()
    (number,) = inventory.numbers
    assert number.linked_assistant is not None
    assert number.linked_assistant.name == "Billing Desk"
    assert inventory.skipped == 0


def test_an_unknown_number_type_is_kept_as_is() -> None:
    record = {"id": "t1", "phone_number": "+31800123456", "number_type": "Toll_Free"}
    (number,) = client_on(FlireoStub([record])).fetch_inventory().numbers
    assert number.number_type == "toll_free"


def test_invalid_records_are_skipped_and_the_rest_kept() -> None:
    records = [
        {"phone_number": "+31201111111", "number_type": "local"},
        {"id": "no-number", "number_type": "local"},
        {"id": "blank", "phone_number": "   "},
        {"id": "bad-available", "phone_number": "+31202222222", "available": "perhaps"},
        "not even an object",
        {"id": "good", "phone_number": "+31203333333", "available": True, "linked_assistant": None},
    ]
    inventory = client_on(FlireoStub(records)).fetch_inventory()
    assert [n.id for n in inventory.numbers] == ["good"]
    assert inventory.skipped == 5


def test_nullable_fields_may_be_null() -> None:
    record = {"id": "n", "phone_number": "+31612345678", "locality": None, "number_type": None, "created_at": None}
    (number,) = client_on(FlireoStub([record])).fetch_inventory().numbers
    assert number.locality is None
    assert number.number_type is None
    assert not number.linked


def test_nested_error_shape_maps_to_bad_response_with_its_code() -> None:
    handle = failing(400, {"error": {"code": "invalid_parameters", "message": "limit", "details": {}}})
    with pytest.raises(FlireoBadResponse, match="HTTP 400: `invalid_parameters`") as caught:
        client_on(handle).fetch_inventory()
    assert caught.value.status == 400
    assert len(handle.calls) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_is_an_auth_error_and_not_retried(status: int, sleeps: list[float]) -> None:
    handle = failing(status, {"error": "Unauthorized", "message": "Invalid API key"})
    with pytest.raises(FlireoAuthError, match=f"HTTP {status}") as caught:
        client_on(handle, sleeps).fetch_inventory()
    assert caught.value.status == status
    assert len(handle.calls) == 1
    assert sleeps == []


def test_auth_error_with_a_non_json_body_is_still_an_auth_error() -> None:
    with pytest.raises(FlireoAuthError):
        client_on(failing(401, text="<html>nope</html>")).fetch_inventory()


@pytest.mark.parametrize(
    "handle_args",
    [
        (500, {"error": {"code": "server_error", "message": "boom", "details": {}}}),
        (502, None),
        (503, {"error": {"code": "provider_error"}}),
    ],
)
def test_server_errors_are_retried_then_raised_as_unavailable(
    handle_args: tuple[int, Any], sleeps: list[float]
) -> None:
    status, body = handle_args
    handle = failing(status, body) if body is not None else failing(status, text="<html>Bad gateway</html>")
    with pytest.raises(FlireoUnavailable, match=f"HTTP {status}") as caught:
        client_on(handle, sleeps).fetch_inventory()
    assert caught.value.status == status
    assert len(handle.calls) == MAX_ATTEMPTS
    assert len(sleeps) == MAX_ATTEMPTS - 1
    assert all(0 <= s <= 2.0 for s in sleeps)


def test_a_server_error_then_success_returns_the_data(flireo: FlireoStub, sleeps: list[float]) -> None:
    handle = then_ok([httpx.Response(503, text="busy")], flireo)
    assert len(client_on(handle, sleeps).fetch_inventory().numbers) == 10
    assert len(sleeps) == 1


def test_rate_limit_waits_as_long_as_retry_after_says(flireo: FlireoStub, sleeps: list[float]) -> None:
    limited = httpx.Response(
        429, json={"error": {"code": "rate_limit_exceeded", "message": "slow down"}}, headers={"Retry-After": "2"}
    )
    handle = then_ok([limited], flireo)
    assert len(client_on(handle, sleeps).fetch_inventory().numbers) == 10
    assert sleeps == [2.0]


def test_a_retry_after_longer_than_a_fetch_is_obeyed_by_the_fetches_after_it(
    flireo: FlireoStub, sleeps: list[float]
) -> None:
    handle = then_ok([httpx.Response(429, headers={"Retry-After": "3600"})], flireo)
    client = client_on(handle, sleeps)
    with pytest.raises(FlireoRateLimited, match="try again in 3600 s"):
        client.fetch_inventory()
    for _ in range(3):
        with pytest.raises(FlireoRateLimited, match="nothing is sent to it until") as caught:
            client.fetch_inventory()
        assert caught.value.status == 429
        assert 3500 < caught.value.retry_after <= 3600
    assert client.requests_sent == 1, "one 429, then nothing sent until its Retry-After is over"
    assert sleeps == [], "no fetch slept an hour"


@pytest.mark.parametrize("value", ["soon", "-30", "nan", "inf", "-inf", "1e9999", "", "0"])
def test_a_garbled_negative_or_zero_retry_after_is_a_short_pause(
    flireo: FlireoStub, sleeps: list[float], value: str
) -> None:
    handle = then_ok([httpx.Response(429, headers={"Retry-After": value})], flireo)
    assert len(client_on(handle, sleeps).fetch_inventory().numbers) == 10
    assert sleeps == [1.0]


def test_a_retry_after_as_an_http_date_is_read_as_the_seconds_until_it() -> None:
    assert retry_after("Thu, 01 Jan 1970 00:01:30 GMT", unix_now=60.0) == 30.0
    assert retry_after("Thu, 01 Jan 1970 00:00:30 GMT", unix_now=60.0) == 1.0, "a date gone by: a short pause"
    assert retry_after("99999999999", unix_now=0.0) == 3600.0, "an absurd wait is bounded"


def test_rate_limit_that_persists_is_raised_with_its_wait(sleeps: list[float]) -> None:
    handle = failing(429, {"error": {"code": "rate_limit_exceeded"}}, headers={"Retry-After": "3"})
    with pytest.raises(FlireoRateLimited, match="try again in 3 s") as caught:
        client_on(handle, sleeps).fetch_inventory()
    assert caught.value.retry_after == 3.0
    assert caught.value.status == 429
    assert sleeps == [3.0] * (MAX_ATTEMPTS - 1)


def test_non_json_success_body_is_a_bad_response() -> None:
    with pytest.raises(FlireoBadResponse, match="not JSON"):
        client_on(failing(200, text="<html>maintenance</html>")).fetch_inventory()


@pytest.mark.parametrize("body", [[1, 2, 3], "a string", {"data": "nope"}, {"data": {"id": "x"}}])
def test_json_of_the_wrong_shape_is_a_bad_response(body: Any) -> None:
    with pytest.raises(FlireoBadResponse):
        client_on(failing(200, body)).fetch_inventory()


def test_not_found_with_a_non_json_body_is_a_bad_response() -> None:
    with pytest.raises(FlireoBadResponse, match=r"HTTP 404\)"):
        client_on(failing(404, text="Not Found")).fetch_inventory()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (httpx.ConnectError("connection refused"), "could not be reached"),
        (httpx.ReadTimeout("read timed out"), "did not answer in time"),
        (httpx.ConnectTimeout("connect timed out"), "did not answer in time"),
        (httpx.RemoteProtocolError("peer closed"), "could not be reached"),
    ],
)
def test_transport_errors_are_retried_then_unavailable(
    error: httpx.TransportError, message: str, sleeps: list[float]
) -> None:
    calls = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise error

    with pytest.raises(FlireoUnavailable, match=message) as caught:
        client_on(handle, sleeps).fetch_inventory()
    assert caught.value.status is None
    assert len(calls) == MAX_ATTEMPTS


def test_a_failing_later_page_fails_the_whole_fetch(sleeps: list[float]) -> None:
    stub = FlireoStub(generated_records(300))

    def handle(request: httpx.Request) -> httpx.Response:
        if params_of(request)["offset"] == "198":
            return httpx.Response(500, json={"error": {"code": "server_error"}})
        return stub(request)

    with pytest.raises(FlireoUnavailable):
        client_on(handle, sleeps).fetch_inventory()


def _leaky(request: httpx.Request) -> httpx.Response:
    """A server that echoes the credentials it was sent everywhere it can."""
    auth = request.headers["Authorization"]
    offset = params_of(request)["offset"]
    if offset == "0":
        return httpx.Response(401, json={"error": "Unauthorized", "message": f"bad key {auth}"})
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    "handle",
    [
        _leaky,
        failing(500, {"error": {"code": "server_error", "message": f"key {API_KEY}", "details": {"key": API_KEY}}}),
        failing(400, {"error": {"code": "invalid_parameters", "message": API_KEY}}),
        failing(429, {"error": {"code": "rate_limit_exceeded", "message": API_KEY}}, headers={"Retry-After": "0"}),
        failing(502, text=f"proxy error for Bearer {API_KEY}"),
    ],
)
def test_the_api_key_never_appears_in_an_error(handle: Handler) -> None:
    with pytest.raises(FlireoError) as caught:
        client_on(handle).fetch_inventory()
    shown = [str(caught.value), repr(caught.value), "".join(traceback.format_exception(caught.value))]
    assert all(API_KEY not in text for text in shown)


def test_the_api_key_never_appears_in_a_transport_error() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"failed sending {request.headers['Authorization']}", request=request)

    with pytest.raises(FlireoUnavailable) as caught:
        client_on(handle).fetch_inventory()
    assert API_KEY not in "".join(traceback.format_exception(caught.value))
    assert API_KEY not in str(caught.value)


def test_our_own_budget_refuses_without_calling_flireo(flireo: FlireoStub) -> None:
    budget = RequestBudget(1, clock=FakeClock())
    client = client_on(flireo, budget=budget)
    client.fetch_inventory()
    with pytest.raises(FlireoRateLimited, match="budget") as caught:
        client.fetch_inventory()
    assert caught.value.status is None
    assert flireo.count == 1


def test_error_from_response_maps_each_status_to_its_type() -> None:
    def response(status: int, body: object = None) -> httpx.Response:
        return httpx.Response(status, content=json.dumps(body).encode() if body is not None else b"")

    assert isinstance(error_from_response(response(401, {"error": "Unauthorized"})), FlireoAuthError)
    assert isinstance(error_from_response(response(403, {"error": {"code": "forbidden"}})), FlireoAuthError)
    assert isinstance(error_from_response(response(429)), FlireoRateLimited)
    assert isinstance(error_from_response(response(500)), FlireoUnavailable)
    assert isinstance(error_from_response(response(504, {"error": "Gateway"})), FlireoUnavailable)
    not_found = error_from_response(response(404, {"error": {"code": "not_found"}}))
    assert isinstance(not_found, FlireoBadResponse)
    assert "not_found" in str(not_found)


def test_an_error_code_that_is_not_a_plain_code_is_left_out() -> None:
    error = error_from_response(httpx.Response(400, json={"error": {"code": "<script>alert(1)</script>"}}))
    assert "script" not in str(error)


def test_requests_sent_counts_retries(sleeps: list[float]) -> None:
    client = client_on(failing(503, text="busy"), sleeps)
    with pytest.raises(FlireoUnavailable):
        client.fetch_inventory()
    assert client.requests_sent == MAX_ATTEMPTS


def test_an_empty_account_takes_one_request() -> None:
    stub = FlireoStub([])
    inventory = client_on(stub).fetch_inventory()
    assert inventory.numbers == ()
    assert stub.count == 1


def test_client_uses_the_http_client_it_was_given(flireo: FlireoStub) -> None:
    http = httpx.Client(transport=httpx.MockTransport(flireo), base_url="https://elsewhere.test/")
    FlireoClient(http).fetch_inventory()
    assert flireo.requests[0].url.host == "elsewhere.test"


def test_an_inventory_larger_than_the_budget_is_handed_to_a_progressive_read_after_one_request() -> None:
    records = generated_records(250)
    requests: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        offset = int(params_of(request)["offset"])
        return httpx.Response(200, json={"data": records[offset : offset + 100], "meta": {"total": 7_000}})

    client = client_on(handle, budget=RequestBudget(60))
    with pytest.raises(AccountTooLarge) as caught:
        client.fetch_inventory()
    assert "7,000 numbers: 71 requests" in str(caught.value)
    assert caught.value.first.total == 7_000
    assert caught.value.step == 100
    assert len(requests) == 1
