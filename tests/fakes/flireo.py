"""Loopback fake of Flireo's read API (SPEC §2) plus realistic Dutch test inventories."""

from __future__ import annotations

import copy
import json
import math
import random
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakes._server import Incoming, LoopbackFake, Reply

DEFAULT_API_KEY = "flireo-test-key"
# Flireo: 100 requests a minute per API key, shared with every tool using the key.
KEY_LIMIT_PER_MINUTE = 100

#: Area code (after the trunk 0) → city, all real Dutch geographic area codes with 7-digit subscriber numbers.
AREA_CODES: dict[str, str] = {
    "20": "Amsterdam",
    "10": "Rotterdam",
    "70": "Den Haag",
    "30": "Utrecht",
    "40": "Eindhoven",
    "50": "Groningen",
    "73": "'s-Hertogenbosch",
    "43": "Maastricht",
    "23": "Haarlem",
    "24": "Nijmegen",
    "26": "Arnhem",
    "13": "Tilburg",
    "76": "Breda",
    "38": "Zwolle",
    "53": "Enschede",
    "58": "Leeuwarden",
}
# Bigger cities get more numbers.
_AREA_WEIGHTS: dict[str, int] = {"20": 10, "10": 6, "70": 5, "30": 5, "40": 3}

#: The fixed set of assistants numbers get linked to (ids are stable across seeds).
ASSISTANTS: list[dict[str, str]] = [
    {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"flireo-fake/assistant/{name}")), "name": name}
    for name in (
        "Billing Desk",
        "Front Desk Amsterdam",
        "Night Support",
        "Sales NL",
        "Rotterdam Reception",
        "Outbound Reminders",
    )
]


@dataclass(frozen=True)
class FlireoRequest:
    """A request the fake received; `headers` keys are lower-case, `time` is time.monotonic()."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    time: float


#: A lie told on the number listing: (offset, honest body) → the body to send, or a whole Reply.
Tamper = Callable[[int, dict[str, Any]], "dict[str, Any] | Reply"]


@dataclass(frozen=True)
class _Fault:
    """A queued fault: an error answer, or (drop=True) a closed socket."""

    status: int = 503
    body: bytes | None = None
    headers: dict[str, str] | None = None
    drop: bool = False


_DEFAULT_ERRORS: dict[int, tuple[str, str]] = {
    400: ("invalid_parameters", "Invalid request parameters"),
    404: ("not_found", "Resource not found"),
    405: ("method_not_allowed", "Method not allowed"),
    429: ("rate_limit_exceeded", "Rate limit exceeded: 100 requests per minute"),
    500: ("server_error", "Internal server error"),
    502: ("provider_error", "Upstream telephony provider error"),
    503: ("server_error", "Service temporarily unavailable"),
    504: ("provider_error", "Upstream telephony provider timed out"),
}


def error_body(status: int, message: str | None = None, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """The documented Flireo error JSON for a status (401/403 use the flat `{"error": str, "message"}` shape)."""
    if status == 401:
        return {"error": "Unauthorized", "message": message or "Invalid API key"}
    if status == 403:
        return {"error": "Forbidden", "message": message or "Access to this resource is forbidden"}
    code, default_message = _DEFAULT_ERRORS.get(status, ("server_error", "Unexpected error"))
    return {"error": {"code": code, "message": message or default_message, "details": details or {}}}


def _content_type_for(body: bytes) -> str:
    """Guess a Content-Type for a custom fault body."""
    try:
        json.loads(body)
    except ValueError:
        return "text/html; charset=utf-8"
    return "application/json; charset=utf-8"


class FlireoFake(LoopbackFake):
    """Flireo API on 127.0.0.1: `GET /v1/phone-numbers`, `/v1/phone-numbers/available`, `/v1/phone-number-orders`."""

    def __init__(
        self,
        numbers: list[dict[str, Any]],
        shared: list[dict[str, Any]] | None = None,
        api_key: str = DEFAULT_API_KEY,
        *,
        buyable: list[dict[str, Any]] | None = None,
        orders: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__()
        self.api_key = api_key
        self._numbers = copy.deepcopy(numbers)
        self._shared = copy.deepcopy(shared or [])
        self._buyable = copy.deepcopy(buyable or [])
        self._orders = copy.deepcopy(orders or [])
        self._latency = 0.0
        self._faults: deque[_Fault] = deque()
        self._released = threading.Event()
        self._released.set()
        self._rate_limit: int | None = None
        self._served_times: deque[float] = deque()
        self._requests: list[FlireoRequest] = []
        self._tamper: Tamper | None = None
        self._extra_headers: dict[str, str] = {}
        self._overrides: dict[str, Callable[[], Reply]] = {}
        self._flipping: tuple[str, dict[str, Any]] | None = None
        # 429s answered because the key's minute was spent (by `rate_limit` or `spend_elsewhere`).
        self.refused = 0

    # configuration knobs (thread-safe, usable while running) -------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL without `/v1`, e.g. `http://127.0.0.1:PORT` (what FLIREO_API_URL gets)."""
        return self.root

    @property
    def latency(self) -> float:
        """Seconds added to every request."""
        with self._cond:
            return self._latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        with self._cond:
            self._latency = max(0.0, float(seconds))

    @property
    def rate_limit(self) -> int | None:
        """When set, at most this many requests are served per moving 60 s window; the rest get 429."""
        with self._cond:
            return self._rate_limit

    @rate_limit.setter
    def rate_limit(self, per_minute: int | None) -> None:
        with self._cond:
            self._rate_limit = per_minute
            self._served_times.clear()

    def spend_elsewhere(self, count: int, seconds_ago: float = 0.0) -> None:
        """Another tool on the same key spent `count` requests `seconds_ago`: Flireo's limit of 100 a minute applies
        (as `rate_limit`, unless one is set) and those requests count against it until they leave its minute."""
        with self._cond:
            if self._rate_limit is None:
                self._rate_limit = KEY_LIMIT_PER_MINUTE
            spent = time.monotonic() - seconds_ago
            self._served_times.extend([spent] * count)

    def _with_rate_limit_headers(self, reply: Reply) -> Reply:
        """Flireo's X-RateLimit-Limit/Remaining/Reset (Reset: seconds until a request leaves the moving minute),
        sent while the fake keeps a rate limit: they tell what it will do."""
        with self._cond:
            if self._rate_limit is None:
                return reply
            self.refused += reply.status == 429
            now = time.monotonic()
            remaining = max(0, self._rate_limit - len(self._served_times))
            reset = math.ceil(self._served_times[0] + 60 - now) if self._served_times else 60
        reply.headers.update(
            {"X-RateLimit-Limit": str(self._rate_limit), "X-RateLimit-Remaining": str(remaining),
             "X-RateLimit-Reset": str(max(0, reset))}
        )  # fmt: skip
        return reply

    def add_headers(self, headers: dict[str, str]) -> None:
        """Send these headers on every answer from now on, over any the fake would send (a proxy, a broken Flireo)."""
        with self._cond:
            self._extra_headers = dict(headers)

    def fail_next(
        self,
        count: int,
        status: int = 503,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next `count` requests with `status` (documented JSON error by default, or `body`)."""
        raw = body.encode() if isinstance(body, str) else body
        with self._cond:
            self._faults.extend(_Fault(status, raw, dict(headers) if headers else None) for _ in range(count))

    def drop_connections(self, count: int) -> None:
        """Close the socket of the next `count` requests without sending any answer."""
        with self._cond:
            self._faults.extend(_Fault(drop=True) for _ in range(count))

    def clear_faults(self) -> None:
        """Forget queued fail_next / drop_connections faults."""
        with self._cond:
            self._faults.clear()

    def hang_requests(self, enabled: bool) -> None:
        """While enabled, requests hang (after being recorded) until disabled or the server stops."""
        if enabled:
            self._released.clear()
        else:
            self._released.set()

    def tamper(self, lie: Tamper | None) -> None:
        """Pass every `/v1/phone-numbers` answer through `lie(offset, body)` (None: honest again).

        `lie` returns the body to send (changed or not), or a Reply (a stream, a trickle, a bomb); it may also
        change the inventory (`set_numbers`) to move numbers while the bot pages.
        """
        with self._cond:
            self._tamper = lie

    def answer_path(self, path: str, reply: Callable[[], Reply] | None) -> None:
        """Answer every request for `path` (e.g. the offers' `/v1/phone-numbers/available`) with `reply()`; None: as
        usual again."""
        with self._cond:
            if reply is None:
                self._overrides.pop(path, None)
            else:
                self._overrides[path] = reply

    def flip_every_reading(self, number_id: str | None) -> None:
        """Each reading (a request at offset 0) finds this number the other way: linked, free, linked, … (someone
        relinking it over and over); None: it stays as it is now."""
        with self._cond:
            if number_id is None:
                self._flipping = None
                return
            record = next(r for r in self._numbers if r["id"] == number_id)
            assistant = record["linked_assistant"] or ASSISTANTS[0]
            self._flipping = (number_id, copy.deepcopy(assistant))

    def _flip(self) -> None:
        """Turn the flipping number the other way (with the lock held)."""
        if self._flipping is None:
            return
        number_id, assistant = self._flipping
        record = next(r for r in self._numbers if r["id"] == number_id)
        linked = record["linked_assistant"] is not None
        record.update(linked_assistant=None if linked else copy.deepcopy(assistant), available=linked)

    def set_numbers(self, numbers: list[dict[str, Any]], shared: list[dict[str, Any]] | None = None) -> None:
        """Replace the account's inventory (and the shared numbers when given)."""
        with self._cond:
            self._numbers = copy.deepcopy(numbers)
            if shared is not None:
                self._shared = copy.deepcopy(shared)

    @property
    def numbers(self) -> list[dict[str, Any]]:
        """A copy of the current inventory."""
        with self._cond:
            return copy.deepcopy(self._numbers)

    # records -------------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[FlireoRequest]:
        """Every request received so far (a copy), in arrival order."""
        with self._cond:
            return list(self._requests)

    def request_count(self, path_prefix: str = "/v1/phone-numbers", *, exact: bool = False) -> int:
        """Requests whose path starts with `path_prefix` (the default also counts /available; exact=True: equal)."""
        with self._cond:
            return sum(1 for r in self._requests if self._path_matches(r.path, path_prefix, exact))

    def reset_requests(self) -> None:
        """Forget recorded requests and reset max_concurrent to what is in flight now."""
        with self._cond:
            self._requests.clear()
            self._reset_peak()

    def wait_for_requests(self, n: int, timeout: float = 5.0, path_prefix: str | None = None) -> list[FlireoRequest]:
        """Block until at least `n` (matching) requests were received; return them. AssertionError on timeout."""

        def matching() -> list[FlireoRequest]:
            return [r for r in self._requests if path_prefix is None or r.path.startswith(path_prefix)]

        if not self._wait_until(lambda: len(matching()) >= n, timeout):
            with self._cond:
                seen = [f"{r.method} {r.path}?{r.query}" for r in self._requests]
            raise AssertionError(
                f"FlireoFake: expected {n} request(s) (path prefix {path_prefix!r}) within {timeout}s, "
                f"got {len(seen)} in total: {seen[-10:]}"
            )
        with self._cond:
            return matching()

    def peak_requests_per_window(self, window: float = 60.0) -> int:
        """The most requests received inside any moving window of `window` seconds."""
        times = sorted(r.time for r in self.requests)
        best, start = 0, 0
        for end, t in enumerate(times):
            while t - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    # serving -------------------------------------------------------------------------------------------

    @staticmethod
    def _path_matches(path: str, prefix: str, exact: bool) -> bool:
        return path == prefix if exact else path.startswith(prefix)

    def _on_stop(self) -> None:
        self._released.set()

    def _handle(self, req: Incoming) -> Reply | None:
        reply = self._answer(req)
        with self._cond:
            extra = dict(self._extra_headers)
        if reply is not None and extra:
            reply.headers = {k: v for k, v in reply.headers.items() if k.lower() not in {e.lower() for e in extra}}
            reply.headers.update(extra)
        return reply

    def _answer(self, req: Incoming) -> Reply | None:
        with self._cond:
            self._requests.append(FlireoRequest(req.method, req.path, req.query, req.headers, req.time))
            self._cond.notify_all()
            latency = self._latency
        if latency:
            self._stopping.wait(latency)
        self._released.wait()
        if self._stopping.is_set():
            return None
        with self._cond:
            fault = self._faults.popleft() if self._faults else None
        if fault is not None:
            return self._fault_reply(fault)
        if not self._authorized(req.headers.get("authorization", "")):
            return Reply.json(401, error_body(401))
        with self._cond:
            override = self._overrides.get(req.path)
        if override is not None:
            return override()
        limited = self._rate_limited()
        if limited is not None:
            return self._with_rate_limit_headers(limited)
        if req.method != "GET":
            known = req.path in ("/v1/phone-numbers", "/v1/phone-numbers/available", "/v1/phone-number-orders")
            return Reply.json(405 if known else 404, error_body(405 if known else 404), {"Allow": "GET"})
        routes = {
            "/v1/phone-numbers": self._list_numbers,
            "/v1/phone-numbers/available": self._available_numbers,
            "/v1/phone-number-orders": self._list_orders,
        }
        route = routes.get(req.path)
        if route is None:
            return Reply.json(404, error_body(404, f"No route for GET {req.path}"))
        return self._with_rate_limit_headers(route(req.query))

    def _fault_reply(self, fault: _Fault) -> Reply:
        if fault.drop:
            return Reply(drop=True)
        headers = dict(fault.headers) if fault.headers is not None else {}
        if fault.headers is None and fault.status == 429:
            headers["Retry-After"] = "1"
        body = json.dumps(error_body(fault.status)).encode() if fault.body is None else fault.body
        if not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = _content_type_for(body)
        return Reply(fault.status, body, headers)

    def _authorized(self, header: str) -> bool:
        scheme, _, token = header.partition(" ")
        return scheme.lower() == "bearer" and token.strip() == self.api_key

    def _rate_limited(self) -> Reply | None:
        with self._cond:
            if self._rate_limit is None:
                return None
            now = time.monotonic()
            while self._served_times and now - self._served_times[0] >= 60:
                self._served_times.popleft()
            if len(self._served_times) >= self._rate_limit:
                retry = max(1, int(60 - (now - self._served_times[0])) + 1)
                body = error_body(429, details={"retry_after": retry})
                return Reply.json(429, body, {"Retry-After": str(retry)})
            self._served_times.append(now)
            return None

    @staticmethod
    def _int_param(
        query: dict[str, str], name: str, default: int, low: int, high: int | None, errors: dict[str, str]
    ) -> int:
        raw = query.get(name)
        if raw is None:
            return default
        if not re.fullmatch(r"\d+", raw) or int(raw) < low or (high is not None and int(raw) > high):
            errors[name] = f"must be an integer between {low} and {high}" if high else f"must be an integer >= {low}"
            return default
        return int(raw)

    @staticmethod
    def _invalid(errors: dict[str, str]) -> Reply:
        return Reply.json(400, error_body(400, "Invalid query parameters", errors))

    def _list_numbers(self, query: dict[str, str]) -> Reply:
        errors: dict[str, str] = {}
        include_default = query.get("include_default", "false")
        if include_default not in ("true", "false"):
            errors["include_default"] = "must be 'true' or 'false'"
        limit = self._int_param(query, "limit", 50, 1, 100, errors)
        offset = self._int_param(query, "offset", 0, 0, None, errors)
        if errors:
            return self._invalid(errors)
        with self._cond:
            if offset == 0:
                self._flip()
            page = copy.deepcopy(self._numbers[offset : offset + limit])
            total = len(self._numbers)
            shared = copy.deepcopy(self._shared)
        body: dict[str, Any] = {"data": page}
        if include_default == "true":
            body["shared_numbers"] = shared
        body["meta"] = {"total": total, "limit": limit, "offset": offset}
        with self._cond:
            lie = self._tamper
        told = lie(offset, body) if lie is not None else body
        return told if isinstance(told, Reply) else Reply.json(200, told)

    def _available_numbers(self, query: dict[str, str]) -> Reply:
        errors: dict[str, str] = {}
        number_type = query.get("number_type", "national")
        if number_type == "local":
            errors["number_type"] = (
                "local numbers are only searchable through an approved verification group: "
                "/v1/verification-groups/{id}/available-phone-numbers"
            )
        elif number_type not in ("national", "mobile"):
            errors["number_type"] = "must be 'national' or 'mobile'"
        limit = self._int_param(query, "limit", 20, 1, 50, errors)
        if errors:
            return self._invalid(errors)
        pattern = re.sub(r"\D", "", query.get("query", ""))
        with self._cond:
            matches = [
                copy.deepcopy(n)
                for n in self._buyable
                if n.get("number_type") == number_type and pattern in re.sub(r"\D", "", n.get("phone_number", ""))
            ]
        meta = {"total_results": len(matches), "number_type": number_type, "requires_verification": False}
        return Reply.json(200, {"data": matches[:limit], "meta": meta})

    def _list_orders(self, query: dict[str, str]) -> Reply:
        errors: dict[str, str] = {}
        status = query.get("status")
        if status is not None and status not in ("pending", "success", "failed"):
            errors["status"] = "must be one of pending, success, failed"
        number_type = query.get("number_type")
        if number_type is not None and number_type not in ("local", "mobile", "national"):
            errors["number_type"] = "must be one of local, mobile, national"
        limit = self._int_param(query, "limit", 20, 1, 100, errors)
        offset = self._int_param(query, "offset", 0, 0, None, errors)
        if errors:
            return self._invalid(errors)
        group = query.get("verification_group_id")
        with self._cond:
            matches = [
                copy.deepcopy(o)
                for o in self._orders
                if (status is None or o.get("status") == status)
                and (number_type is None or o.get("number_type") == number_type)
                and (group is None or (o.get("verification_group") or {}).get("id") == group)
            ]
        meta = {"total": len(matches), "limit": limit, "offset": offset}
        return Reply.json(200, {"data": matches[offset : offset + limit], "meta": meta})


# test data ----------------------------------------------------------------------------------------------------


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _created_at(rng: random.Random) -> str:
    start = datetime(2022, 1, 1, tzinfo=UTC)
    moment = start + timedelta(seconds=rng.randrange(4 * 365 * 24 * 3600))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _draw_number(rng: random.Random, number_type: str) -> tuple[str, str | None]:
    """One (E.164 number, locality) of the given type; never in the +31[85|88]9 block kept for shared numbers."""
    if number_type == "local":
        areas = list(AREA_CODES)
        area = rng.choices(areas, weights=[_AREA_WEIGHTS.get(a, 1) for a in areas])[0]
        return f"+31{area}{rng.randint(2, 9)}{rng.randrange(10**6):06d}", AREA_CODES[area]
    if number_type == "mobile":
        return f"+316{rng.randint(1, 5)}{rng.randrange(10**7):07d}", None
    return f"+31{rng.choice(('85', '88'))}{rng.randint(1, 8)}{rng.randrange(10**6):06d}", None


def make_numbers(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """`n` valid Dutch numbers (~60% local/25% mobile/15% national, ~1/3 linked), unique, deterministic per seed."""
    rng = random.Random(seed)
    seen: set[str] = set()
    numbers: list[dict[str, Any]] = []
    while len(numbers) < n:
        number_type = rng.choices(("local", "mobile", "national"), weights=(60, 25, 15))[0]
        phone, locality = _draw_number(rng, number_type)
        if phone in seen:
            continue
        seen.add(phone)
        roll = rng.random()
        linked = dict(rng.choice(ASSISTANTS)) if roll < 0.35 else None
        numbers.append(
            {
                "id": _uuid(rng),
                "phone_number": phone,
                "locality": locality,
                "number_type": number_type,
                "available": linked is None and roll < 0.92,
                "created_at": _created_at(rng),
                "linked_assistant": linked,
            }
        )
    return numbers


def make_shared_numbers(n: int = 3, seed: int = 11) -> list[dict[str, Any]]:
    """`n` shared default numbers (id, phone_number, locality, number_type), never overlapping make_numbers()."""
    rng = random.Random(seed)
    seen: set[str] = set()
    shared: list[dict[str, Any]] = []
    while len(shared) < n:
        phone = f"+31{rng.choice(('85', '88'))}9{rng.randrange(10**6):06d}"
        if phone in seen:
            continue
        seen.add(phone)
        shared.append({"id": _uuid(rng), "phone_number": phone, "locality": None, "number_type": "national"})
    return shared


def make_buyable(n: int = 10, seed: int = 13) -> list[dict[str, Any]]:
    """Purchasable numbers for `/v1/phone-numbers/available` (national and mobile, mixed)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    result: list[dict[str, Any]] = []
    while len(result) < n:
        number_type = rng.choice(("national", "mobile"))
        phone, _ = _draw_number(rng, number_type)
        if phone in seen:
            continue
        seen.add(phone)
        monthly = "2.00" if number_type == "national" else "4.50"
        result.append(
            {
                "phone_number": phone,
                "number_type": number_type,
                "locality": None,
                "features": ["voice", "sms"] if number_type == "mobile" else ["voice"],
                "cost": {"monthly": monthly, "currency": "EUR", "credits": 10 if number_type == "national" else 20},
                "reservable": rng.random() < 0.8,
            }
        )
    return result


def make_orders(n: int = 5, seed: int = 17) -> list[dict[str, Any]]:
    """Orders for `/v1/phone-number-orders` with mixed statuses and verification groups."""
    rng = random.Random(seed)
    groups = [
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"flireo-fake/group/{city}")),
            "name": f"{city} office",
            "locality": city,
        }
        for city in ("Amsterdam", "Rotterdam")
    ]
    result: list[dict[str, Any]] = []
    for number in make_numbers(n, seed):
        status = rng.choice(("pending", "success", "failed"))
        result.append(
            {
                "id": _uuid(rng),
                "phone_number": number["phone_number"],
                "status": status,
                "number_type": number["number_type"],
                "requirements_met": status != "pending",
                "ordered_at": _created_at(rng),
                "verification_group": rng.choice(groups) if number["number_type"] == "local" else None,
            }
        )
    return result
