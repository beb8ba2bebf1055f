"""The built-in demo inventory, served through the real client code by an `httpx.MockTransport` (SPEC §5)."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

DEMO_BASE_URL = "https://demo.flireo.invalid"
DEMO_SEED = 2026
GENERATED_COUNT = 160

# (locality, area code without the trunk 0); subscriber numbers after these are 7 digits.
AREAS = [
    ("Amsterdam", "20"),
    ("Rotterdam", "10"),
    ("Den Haag", "70"),
    ("Utrecht", "30"),
    ("Eindhoven", "40"),
    ("Groningen", "50"),
    ("Haarlem", "23"),
    ("Maastricht", "43"),
    ("'s-Hertogenbosch", "73"),
    ("Nijmegen", "24"),
]
ASSISTANTS = ["Billing Desk", "Front Desk Amsterdam", "Night Support", "Sales NL", "Appointments", "Pharmacy Line"]

# The records of Flireo's own documentation example, kept verbatim in spirit.
DOCS_EXAMPLES: list[dict[str, Any]] = [
    {
        "id": "6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f",
        "phone_number": "+31201234567",
        "locality": "Amsterdam",
        "number_type": "local",
        "available": False,
        "created_at": "2025-03-14T09:30:00Z",
        "linked_assistant": {"id": "a1b2c3d4-e5f6-4789-8abc-def012345678", "name": "Billing Desk"},
    },
    {
        "id": "7a2e3d4f-9b5c-4d6e-8f70-1b2c3d4e5f60",
        "phone_number": "+31612345678",
        "locality": None,
        "number_type": "mobile",
        "available": True,
        "created_at": "2025-04-02T12:00:00Z",
        "linked_assistant": None,
    },
]
DEMO_SHARED: list[dict[str, Any]] = [
    {"id": "5e0c1b2a-0000-4000-8000-000000000001", "phone_number": "+31851234000", "number_type": "national"},
    {
        "id": "5e0c1b2a-0000-4000-8000-000000000002",
        "phone_number": "+31202620000",
        "locality": "Amsterdam",
        "number_type": "local",
    },
    {
        "id": "5e0c1b2a-0000-4000-8000-000000000003",
        "phone_number": "+31107370000",
        "locality": "Rotterdam",
        "number_type": "local",
    },
]


def _generated_number(rng: random.Random, used: set[str]) -> tuple[str, str | None, str]:
    while True:
        kind = rng.choices(["local", "mobile", "national"], weights=[7, 2, 1])[0]
        if kind == "local":
            locality, area = rng.choice(AREAS)
            number = f"+31{area}{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
        elif kind == "mobile":
            locality, number = None, f"+316{rng.randint(1, 5)}{rng.randint(0, 9999999):07d}"
        else:
            locality, number = None, f"+3185{rng.randint(2000000, 9999999)}"
        if number not in used:
            used.add(number)
            return number, locality, kind


def demo_numbers(count: int = GENERATED_COUNT, seed: int = DEMO_SEED) -> list[dict[str, Any]]:
    """The docs' example numbers plus `count` generated Dutch ones, the same every run."""
    rng = random.Random(seed)
    records = [dict(record) for record in DOCS_EXAMPLES]
    used = {record["phone_number"] for record in records}
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for _ in range(count):
        number, locality, kind = _generated_number(rng, used)
        linked = rng.random() < 0.45
        assistant = rng.choice(ASSISTANTS) if linked else None
        records.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "phone_number": number,
                "locality": locality,
                "number_type": kind,
                "available": not linked,
                "created_at": (start + timedelta(hours=rng.randint(0, 20000))).isoformat().replace("+00:00", "Z"),
                "linked_assistant": {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, assistant)), "name": assistant}
                if assistant
                else None,
            }
        )
    return records


def demo_buyable(seed: int = DEMO_SEED) -> list[dict[str, Any]]:
    """Purchasable national and mobile numbers, as `/v1/phone-numbers/available` lists them."""
    rng = random.Random(seed + 1)
    used: set[str] = set()
    offers = []
    for number_type, count, monthly, credits in (("national", 30, "2.00", 10), ("mobile", 30, "4.50", 20)):
        for index in range(count):
            while True:
                if number_type == "national":
                    number = f"+3185{rng.randint(2000000, 9999999)}"
                elif index % 4 == 0:  # so the README's `/numbers buyable mobile 612` finds some
                    number = f"+31612{rng.randint(0, 999999):06d}"
                else:
                    number = f"+316{rng.randint(1, 5)}{rng.randint(0, 9999999):07d}"
                if number not in used:
                    used.add(number)
                    break
            offers.append(
                {
                    "phone_number": number,
                    "number_type": number_type,
                    "locality": None,
                    "features": ["voice", "sms"] if number_type == "mobile" else ["voice"],
                    "cost": {"monthly": monthly, "currency": "EUR", "credits": credits},
                    "reservable": rng.random() < 0.8,
                }
            )
    return offers


def demo_orders(seed: int = DEMO_SEED) -> list[dict[str, Any]]:
    """Recent phone-number orders with mixed statuses, as `/v1/phone-number-orders` lists them."""
    rng = random.Random(seed + 2)
    group = {"id": "9b1f0c2e-1111-4000-8000-00000000a001", "name": "Amsterdam office", "locality": "Amsterdam"}
    start = datetime(2026, 9, 1, tzinfo=UTC)
    orders = []
    for index in range(14):
        number_type = rng.choice(["local", "local", "mobile", "national"])
        status = rng.choice(["pending", "success", "success", "failed"])
        number = (
            f"+3120{rng.randint(2000000, 9999999)}"
            if number_type == "local"
            else f"+3185{rng.randint(2000000, 9999999)}"
        )
        if number_type == "mobile":
            number = f"+316{rng.randint(1, 5)}{rng.randint(0, 9999999):07d}"
        orders.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "phone_number": number,
                "status": status,
                "number_type": number_type,
                "requirements_met": status != "failed",
                "ordered_at": (start + timedelta(days=index * 5, hours=rng.randint(0, 23))).isoformat(),
                "verification_group": group if number_type == "local" else None,
            }
        )
    return orders


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"data": items[offset : offset + limit], "meta": {"total": len(items), "limit": limit, "offset": offset}}


def _json(body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def _error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message, "details": {}}})


def _int_param(request: httpx.Request, name: str, default: int, low: int, high: int) -> int | None:
    raw = request.url.params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if low <= value <= high else None


def demo_transport(records: list[dict[str, Any]] | None = None) -> httpx.MockTransport:
    """A transport that answers Flireo's three read endpoints as Flireo does, from the demo data."""
    inventory = records if records is not None else demo_numbers()
    offers, orders = demo_buyable(), demo_orders()

    def numbers(request: httpx.Request) -> httpx.Response:
        limit = _int_param(request, "limit", 50, 1, 100)
        offset = _int_param(request, "offset", 0, 0, 10**9)
        if limit is None or offset is None:
            return _error(400, "invalid_parameters", "limit must be 1-100 and offset >= 0")
        body = _page(inventory, limit, offset)
        if request.url.params.get("include_default") == "true":
            body["shared_numbers"] = DEMO_SHARED
        return _json(body)

    def buyable(request: httpx.Request) -> httpx.Response:
        number_type = request.url.params.get("number_type", "national")
        limit = _int_param(request, "limit", 20, 1, 50)
        if number_type not in ("national", "mobile") or limit is None:
            return _error(400, "invalid_parameters", "number_type must be national or mobile; limit 1-50")
        pattern = request.url.params.get("query", "")
        found = [o for o in offers if o["number_type"] == number_type and pattern in o["phone_number"]]
        meta = {"total_results": len(found[:limit]), "number_type": number_type, "requires_verification": False}
        return _json({"data": found[:limit], "meta": meta})

    def order_list(request: httpx.Request) -> httpx.Response:
        limit = _int_param(request, "limit", 20, 1, 100)
        offset = _int_param(request, "offset", 0, 0, 10**9)
        if limit is None or offset is None:
            return _error(400, "invalid_parameters", "limit must be 1-100 and offset >= 0")
        status = request.url.params.get("status")
        return _json(_page([o for o in orders if not status or o["status"] == status], limit, offset))

    routes = {
        "/v1/phone-numbers": numbers,
        "/v1/phone-numbers/available": buyable,
        "/v1/phone-number-orders": order_list,
    }

    def handle(request: httpx.Request) -> httpx.Response:
        route = routes.get(request.url.path)
        if request.method != "GET" or route is None:
            return _error(404, "not_found", "Not found")
        return route(request)

    return httpx.MockTransport(handle)
