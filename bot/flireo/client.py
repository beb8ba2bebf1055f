"""Flireo API client: fetches the whole phone-number inventory, politely and tolerantly (SPEC §2, §5)."""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import math
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import CancelledError, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.errors import FlireoAuthError, FlireoBadResponse, FlireoError, FlireoRateLimited, FlireoUnavailable
from bot.flireo.budget import RequestBudget
from bot.flireo.deadline import request_deadline
from bot.flireo.listing import Inventory, ListingRead
from bot.flireo.models import BuyableNumber, Order
from bot.flireo.pages import (
    MAX_PAGES,
    PAGE_LIMIT,
    Page,
    read_page,
)
from bot.flireo.pages import parse_records as parse_records
from bot.flireo.transfer import ACCEPT_ENCODING, late, read_body
from bot.i18n.translator import Text

log = logging.getLogger(__name__)


NUMBERS_PATH = "/v1/phone-numbers"
BUYABLE_PATH = "/v1/phone-numbers/available"
ORDERS_PATH = "/v1/phone-number-orders"
# Flireo: /available takes limit 1-50; orders take 1-100.
BUYABLE_LIMIT = 50
ORDERS_LIMIT = 100
# Orders are few; a safety net against a listing that never ends.
MAX_ORDER_PAGES = 20


# Pages after the first go out concurrently, bounded. Flireo documents no concurrency limit, only 100 requests a
# minute per key; 21 at once lets an account of 2,000 numbers arrive in two round trips: the first page, which
# tells the total, then the 20 others (each overlapping the one before by a record, the last reaching past the
# total) together (with 4 at once it took six; see bench/); a refresh asks all 21 in one round.
MAX_CONCURRENT_PAGES = 21

# A hanging Flireo must still get the user an answer within about 15 s.
CONNECT_TIMEOUT_SECONDS = 3.0
READ_TIMEOUT_SECONDS = 5.0
FETCH_DEADLINE_SECONDS = 12.0
MAX_ATTEMPTS = 3
BACKOFF_BASE_SECONDS = 0.25
BACKOFF_CAP_SECONDS = 2.0
# A Retry-After that is negative, garbled or missing is a short pause (RFC 9110 §10.2.3 allows only whole seconds
# >= 0 or an HTTP date); a longer one than a fetch's deadline is obeyed across fetches (#19), up to an hour: a
# header is untrusted input, and an absurd one must not silence the bot for days.
RETRY_AFTER_DEFAULT_SECONDS = 1.0
RETRY_AFTER_MAX_SECONDS = 3600.0
# How long a request may wait for our own per-minute budget before giving up.
BUDGET_WAIT_SECONDS = 2.0
# Starting the page threads at start-up takes a few milliseconds; a machine slower than this is not waited for.
PAGE_THREADS_START_SECONDS = 2.0

_STREAM_HEADERS = {"Accept-Encoding": ACCEPT_ENCODING}
_ERROR_CODE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def default_timeout() -> httpx.Timeout:
    """Timeouts for every Flireo request."""
    return httpx.Timeout(READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)


def _error_code(body: Any) -> str | None:
    """The machine code of a documented error body, when it looks like one."""
    if isinstance(body, dict):
        error = body.get("error")
        code = error.get("code") if isinstance(error, dict) else error
        if isinstance(code, str) and _ERROR_CODE.match(code.strip().lower()):
            return code.strip().lower()
    return None


def retry_after(value: str | None, unix_now: float) -> float:
    """Seconds a Retry-After asks for: whole seconds or an HTTP date; a short pause for anything else."""
    text = (value or "").strip()
    if text.isdigit() and len(text) <= 12:
        seconds = float(text)
    else:
        try:
            seconds = email.utils.parsedate_to_datetime(text).timestamp() - unix_now
        except (TypeError, ValueError, IndexError, OverflowError):
            return RETRY_AFTER_DEFAULT_SECONDS
    if not math.isfinite(seconds) or seconds <= 0:
        return RETRY_AFTER_DEFAULT_SECONDS
    return min(seconds, RETRY_AFTER_MAX_SECONDS)


def _retry_after(response: httpx.Response) -> float:
    return retry_after(response.headers.get("Retry-After"), time.time())


def error_from_response(response: httpx.Response) -> FlireoError:
    """Map a failed Flireo response (either documented error shape, or none) to a typed error."""
    status = response.status_code
    try:
        code = _error_code(response.json())
    except ValueError:
        code = None
    if status in (401, 403):
        return FlireoAuthError(
            Text(
                "The Flireo API key was rejected (HTTP {status}); ask an admin to check FLIREO_API_KEY.", status=status
            ),
            status,
        )
    if status == 429:
        wait = _retry_after(response)
        return FlireoRateLimited(
            Text("Flireo is rate limiting us (HTTP 429); try again in {seconds} s.", seconds=max(1, round(wait))),
            wait,
            status,
        )
    if status >= 500:
        return FlireoUnavailable(
            Text("Flireo is unavailable (HTTP {status}); try again in a minute.", status=status), status
        )
    detail = f": `{code}`" if code else ""  # a machine code (a-z, 0-9, _), shown as code in either language
    return FlireoBadResponse(
        Text("Flireo refused the request (HTTP {status}{detail}).", status=status, detail=detail), status
    )


def _backoff(attempt: int) -> float:
    """Full-jitter exponential backoff, so replicas and threads do not retry in step."""
    return random.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt))


def _kept(response: httpx.Response) -> list[tuple[str, str]]:
    """A response's headers without those describing the raw body (it is already decoded)."""
    dropped = ("content-encoding", "content-length", "transfer-encoding")
    return [(key, value) for key, value in response.headers.items() if key.lower() not in dropped]


class FlireoClient:
    """Reads Flireo's phone numbers; takes its `httpx.Client` so tests and the demo can swap the transport."""

    def __init__(
        self,
        http: httpx.Client,
        budget: RequestBudget | None = None,
        *,
        max_concurrency: int = MAX_CONCURRENT_PAGES,
        deadline_seconds: float = FETCH_DEADLINE_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        extras_http: httpx.Client | None = None,
    ) -> None:
        self._http = http
        # Offers and orders on their own connections (#19): 70 questions about offers whose headers trickled held
        # every pooled connection, and a refresh of the healthy listing a minute later sent no request at all.
        self._extras_http = extras_http or http
        self._budget = budget
        self._max_concurrency = max(1, max_concurrency)
        self._deadline_seconds = deadline_seconds
        self._sleep = sleep
        self._requests = 0
        # Requests by how they ended: Flireo's HTTP status, "timeout" or "unreachable" (for GET /metrics).
        self._outcomes: Counter[str] = Counter()
        self._count_lock = threading.Lock()
        # Kept across fetches: starting 20 threads for every fetch cost a refresh of 2,000 numbers ~9 ms (bench/).
        self._pages = ThreadPoolExecutor(self._max_concurrency, thread_name_prefix="flireo-page")
        self._closed = threading.Event()
        # Until when Flireo's last Retry-After asked us to send nothing (time.monotonic()), across fetches.
        self._held_until = 0.0

    def start_page_threads(self) -> None:
        """Start every page thread now: the pool starts one per page otherwise, 20 during an account's first read."""
        everyone = threading.Barrier(self._max_concurrency + 1)
        for _ in range(self._max_concurrency):
            self._pages.submit(everyone.wait, PAGE_THREADS_START_SECONDS)  # a busy thread makes the pool start another
        with contextlib.suppress(threading.BrokenBarrierError):
            everyone.wait(PAGE_THREADS_START_SECONDS)

    def close(self) -> None:
        """Let the page threads go once they are idle (a fetch in flight finishes on its own deadline)."""
        self._closed.set()
        self._pages.shutdown(wait=False, cancel_futures=True)
        if self._extras_http is not self._http:
            self._extras_http.close()

    @property
    def requests_sent(self) -> int:
        """How many HTTP requests this client has sent (for health and benchmarks)."""
        return self._requests

    @property
    def budget(self) -> RequestBudget | None:
        """The request budget this client spends (None: unlimited)."""
        return self._budget

    def fetch_inventory(self, known_total: int | None = None, *, within: float | None = None) -> Inventory:
        """Every number of the account and the shared default numbers, whole and consistent (see ListingRead)."""
        return ListingRead(self).whole(known_total, within=within)

    def read_pages(self, offsets: list[int], *, joins: bool = False) -> list[Page]:
        """The pages at `offsets` (page one with the shared numbers), read together within one fetch deadline.

        With `joins` every page but page one was asked overlapping the one before it by a record.
        """
        deadline = time.monotonic() + self._deadline_seconds
        return self.get_pages(offsets, deadline, with_shared_first=True, joins=joins)

    def budget_left(self) -> int:
        """Requests our per-minute budget still allows now (no budget: as many as one fetch could want)."""
        return MAX_PAGES if self._budget is None else self._budget.per_minute - self._budget.used()

    @property
    def max_concurrency(self) -> int:
        """How many pages this client has in flight at most."""
        return self._max_concurrency

    @property
    def deadline_seconds(self) -> float:
        """How long one whole fetch may take."""
        return self._deadline_seconds

    def get_pages(
        self, offsets: list[int], deadline: float, *, with_shared_first: bool = False, joins: bool = False
    ) -> list[Page]:
        """The pages at `offsets`, at most max_concurrency in flight at once, in offset order."""

        def get(offset: int) -> Page:
            first = offset == 0
            page = self.get_page(offset, deadline, with_shared=with_shared_first and first, joins=joins and not first)
            _ = page.parsed  # here, while other pages are still on their way
            return page

        if len(offsets) <= 1:
            return [get(offset) for offset in offsets]
        try:
            return list(self._pages.map(get, offsets))
        except (CancelledError, RuntimeError):
            if not self._closed.is_set():
                raise
            # Closed at shutdown: pages still queued are dropped (a read in flight is not a failure to log).
            raise FlireoUnavailable(Text("The bot is stopping; the account was not read to the end.")) from None

    def get_page(self, offset: int, deadline: float, *, with_shared: bool = False, joins: bool = False) -> Page:
        """One page of the listing, checked (see read_page); page one may carry the shared numbers."""
        params = {"limit": PAGE_LIMIT, "offset": offset, "include_default": "true" if with_shared else "false"}
        body = self.get_json(NUMBERS_PATH, params, deadline)
        return read_page(body, offset, joins=joins, read_at=datetime.now(UTC))  # its numbers' state as of now

    def fetch_buyable(self, number_type: str, pattern: str | None = None) -> tuple[BuyableNumber, ...]:
        """Numbers Flireo offers for purchase (national or mobile), optionally matching a digit pattern."""
        params: dict[str, Any] = {"number_type": number_type, "limit": BUYABLE_LIMIT}
        if pattern:
            params["query"] = pattern
        body = self.get_json(BUYABLE_PATH, params)
        offers, _ = parse_records(body.get("data"), BuyableNumber)
        return tuple(offers)

    def fetch_orders(self, status: str | None = None) -> tuple[Order, ...]:
        """Every phone-number order, optionally of one status, newest pages walked until a short one."""
        deadline = time.monotonic() + self._deadline_seconds
        orders: list[Order] = []
        for page in range(MAX_ORDER_PAGES):
            params: dict[str, Any] = {"limit": ORDERS_LIMIT, "offset": page * ORDERS_LIMIT}
            if status:
                params["status"] = status
            body = self.get_json(ORDERS_PATH, params, deadline)
            records = body.get("data") or []
            parsed, _ = parse_records(records, Order)
            orders.extend(parsed)
            if len(records) < ORDERS_LIMIT:
                break
        return tuple({order.id: order for order in orders}.values())

    def get_json(self, path: str, params: dict[str, Any], deadline: float | None = None) -> dict[str, Any]:
        """GET a Flireo path and return its JSON object, retrying what is worth retrying before `deadline`."""
        deadline = deadline if deadline is not None else time.monotonic() + self._deadline_seconds
        attempt, waited_out = 0, False
        while True:
            try:
                return self._get_once(path, params, deadline, waited_out=waited_out)
            except (FlireoUnavailable, FlireoRateLimited) as exc:
                attempt += 1
                if isinstance(exc, FlireoRateLimited) and exc.status == 429:
                    self._hold(exc.retry_after)
                wait = exc.retry_after if isinstance(exc, FlireoRateLimited) else _backoff(attempt)
                if attempt >= MAX_ATTEMPTS or time.monotonic() + wait >= deadline:
                    raise
                log.info("Flireo %s failed (%s); retry %d in %.2f s", path, exc.status or "no answer", attempt, wait)
                self._sleep(wait)
                waited_out = isinstance(exc, FlireoRateLimited)  # this thread has waited its Retry-After out

    def _hold(self, seconds: float) -> None:
        """Send nothing to Flireo for `seconds` (its Retry-After), whichever fetch or question asks."""
        with self._count_lock:
            self._held_until = max(self._held_until, time.monotonic() + seconds)

    def _check_not_held(self, deadline: float) -> None:
        """Wait out a Retry-After that ends before `deadline`; raise at once for one that ends after it."""
        with self._count_lock:
            wait = self._held_until - time.monotonic()
        if wait <= 0:
            return
        if time.monotonic() + wait >= deadline:
            until = time.strftime("%H:%M:%S", time.gmtime(time.time() + wait))
            raise FlireoRateLimited(
                Text(
                    "Flireo asked us to wait (HTTP 429, `Retry-After`) until {time} UTC; "
                    "nothing is sent to it until then.",
                    time=until,
                ),
                wait,
                status=429,
            )
        self._sleep(wait)

    def _get_once(
        self, path: str, params: dict[str, Any], deadline: float, *, waited_out: bool = False
    ) -> dict[str, Any]:
        if not waited_out:
            self._check_not_held(deadline)
        self._take_budget_slot(deadline)
        remaining = max(0.1, deadline - time.monotonic())
        timeout = httpx.Timeout(min(READ_TIMEOUT_SECONDS, remaining), connect=min(CONNECT_TIMEOUT_SECONDS, remaining))
        with self._count_lock:
            self._requests += 1
        http = self._http if path == NUMBERS_PATH else self._extras_http
        try:
            with (
                request_deadline(deadline),
                http.stream("GET", path, params=params, timeout=timeout, headers=_STREAM_HEADERS) as response,
            ):
                self._count(str(response.status_code))
                return self._handle_response(response, deadline)
        except httpx.TimeoutException:
            self._count("timeout")
            raise late() from None
        except httpx.TransportError:
            self._count("unreachable")
            raise FlireoUnavailable(Text("Flireo could not be reached; try again in a minute.")) from None

    def _count(self, outcome: str) -> None:
        with self._count_lock:
            self._outcomes[outcome] += 1

    def outcomes(self) -> dict[str, int]:
        """Requests sent so far by how they ended: Flireo's HTTP status ("200", "429"), "timeout", "unreachable"."""
        with self._count_lock:
            return dict(self._outcomes)

    def _handle_response(self, response: httpx.Response, deadline: float) -> dict[str, Any]:
        """One HTTP response to its JSON object or a typed error (the one place a response is looked at)."""
        if self._budget is not None:  # Flireo's X-RateLimit-* headers: the key's minute is shared with other tools
            self._budget.observe(response.headers, response.status_code)
        body = read_body(response, deadline)
        if response.status_code != 200:
            raise error_from_response(httpx.Response(response.status_code, headers=_kept(response), content=body))
        try:
            data = json.loads(body)
        except ValueError:
            raise FlireoBadResponse(Text("Flireo sent a reply we could not read (not JSON)."), 200) from None
        if not isinstance(data, dict):
            raise FlireoBadResponse(Text("Flireo sent a reply we could not read (not a JSON object)."), 200)
        return data

    def _take_budget_slot(self, deadline: float) -> None:
        if self._budget is None:
            return
        still_needed = self._budget.try_acquire(min(BUDGET_WAIT_SECONDS, max(0.0, deadline - time.monotonic())))
        if not still_needed:
            return
        left = self._budget.key_left()
        if left is not None and left[0] <= 0:  # Flireo's headers said so, not our own count
            raise self._budget.key_spent(still_needed)
        raise FlireoRateLimited(
            Text(
                "The bot has used its Flireo budget ({per_minute} requests a minute); try again in {seconds} s.",
                per_minute=self._budget.per_minute,
                seconds=max(1, math.ceil(still_needed)),
            ),
            still_needed,
            status=None,
        )
