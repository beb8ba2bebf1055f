"""A fetch yields a whole, consistent inventory or an error (#10): pages that lie are caught, not installed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bot.flireo.budget import RequestBudget
from bot.flireo.pages import FlireoInconsistent, coerce_total, parse_numbers
from bot.inventory.cache import InventoryCache
from bot.inventory.shrink import SHRINK_RECHECK_JITTER, SHRINK_RECHECK_SECONDS
from tests.unit.support import FakeClock, FlireoStub, client_on, generated_records

Handler = Callable[[httpx.Request], httpx.Response]


def offset_of(request: httpx.Request) -> int:
    return int(request.url.params["offset"])


def serving(records: list[dict[str, Any]], meta: Callable[[int], dict[str, Any]]) -> tuple[Handler, list[int]]:
    """A handler paging `records` honestly but with `meta(offset)` as its meta; records the offsets asked."""
    asked: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        offset = offset_of(request)
        asked.append(offset)
        return httpx.Response(200, json={"data": records[offset : offset + 100], "meta": meta(offset)})

    return handle, asked


@pytest.mark.parametrize(("meta", "expected"), [
    ({"total": 250}, 250), ({"total": "3000"}, 3000), ({"total": " 42 "}, 42), ({"total": 7.0}, 7),
    ({"total": -1}, None), ({"total": "many"}, None), ({"total": True}, None), ({}, None), (None, None),
    ({"total": 10**12}, None),
])  # fmt: skip
def test_a_total_is_read_from_ints_and_digit_strings_only(meta: Any, expected: int | None) -> None:
    assert coerce_total(meta) == expected


def test_a_total_sent_as_a_string_pages_concurrently_like_a_number() -> None:
    handle, asked = serving(generated_records(3000), lambda offset: {"total": "3000"})
    inventory = client_on(handle).fetch_inventory()
    assert len(inventory.numbers) == 3000
    assert sorted(asked) == list(range(0, 3000, 99))  # 31 pages at once, the last reaching past the total; no walk


def test_a_missing_total_pages_in_doubling_rounds_until_a_short_page() -> None:
    handle, asked = serving(generated_records(3050), lambda offset: {})
    inventory = client_on(handle).fetch_inventory()
    assert len(inventory.numbers) == 3050
    # 1 + 1 + 2 + 4 + 8 + 16 pages: the short page (offset 3000) is in the last round; 1,200 read past the end.
    assert len(asked) == 32
    assert max(asked) < 3200


def test_a_flireo_that_ignores_offset_is_refused_after_two_reads_of_few_pages() -> None:
    records = generated_records(100)

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": records, "meta": {"total": 250}})

    client = client_on(handle, budget=RequestBudget(100))
    with pytest.raises(FlireoInconsistent, match="repeated"):
        client.fetch_inventory()
    assert client.requests_sent == 6  # two attempts of three pages, never the whole budget


def test_a_flireo_that_ignores_offset_without_a_total_stops_at_the_second_page() -> None:
    records = generated_records(100)
    client = client_on(lambda request: httpx.Response(200, json={"data": records}))
    with pytest.raises(FlireoInconsistent, match="repeated"):
        client.fetch_inventory()
    assert client.requests_sent == 4


def test_a_total_that_changes_between_pages_is_read_again_and_then_refused() -> None:
    handle, asked = serving(generated_records(250), lambda offset: {"total": 250 if offset == 0 else 245})
    with pytest.raises(FlireoInconsistent, match="changed from 250 to 245"):
        client_on(handle).fetch_inventory()
    assert asked.count(0) == 2  # two attempts


def test_a_total_that_changed_once_is_read_again_and_the_second_read_installed() -> None:
    records = generated_records(250)
    reads = {"first": 0}

    def meta(offset: int) -> dict[str, int]:
        if offset == 0:
            reads["first"] += 1
        return {"total": 245 if reads["first"] == 1 and offset else 250}

    handle, asked = serving(records, meta)
    inventory = client_on(handle).fetch_inventory()
    assert len(inventory.numbers) == 250
    assert asked.count(0) == 2


@pytest.mark.parametrize("body", [{}, {"error": {"code": "server_error"}}, {"data": None}, {"data": [], "meta": {}}])
def test_a_200_without_a_list_of_numbers_is_refused_where_a_total_is_missing(body: dict[str, Any]) -> None:
    stub = FlireoStub(generated_records(250))
    client = client_on(lambda r: httpx.Response(200, json=body) if offset_of(r) > 0 else stub(r))
    with pytest.raises(FlireoInconsistent):
        client.fetch_inventory()


@pytest.mark.parametrize("body", [{}, {"error": "Service unavailable"}, {"error": {"code": "x"}, "data": None}])
def test_a_200_with_an_error_body_is_refused(body: dict[str, Any]) -> None:
    with pytest.raises(FlireoInconsistent, match="offset 0"):
        client_on(lambda request: httpx.Response(200, json=body)).fetch_inventory()


def test_empty_data_with_a_total_of_250_is_refused() -> None:
    client = client_on(lambda request: httpx.Response(200, json={"data": [], "meta": {"total": 250}}))
    with pytest.raises(FlireoInconsistent, match="0 numbers listed of the 250"):
        client.fetch_inventory()


def test_a_short_page_before_the_end_is_refused() -> None:
    records = generated_records(250)

    def handle(request: httpx.Request) -> httpx.Response:
        offset = offset_of(request)
        size = 60 if offset == 99 else 100
        return httpx.Response(200, json={"data": records[offset : offset + size], "meta": {"total": 250}})

    with pytest.raises(FlireoInconsistent, match="short page at offset 99"):
        client_on(handle).fetch_inventory()


def test_a_deletion_at_the_front_while_paging_is_caught_where_the_pages_join() -> None:
    """Every page after the first comes from the shifted list, so each starts one number further on."""
    records = generated_records(250)
    shifted = records[1:]  # number 0 released after page one: every later page starts one further on

    def handle(request: httpx.Request) -> httpx.Response:
        offset = offset_of(request)
        source = records if offset == 0 else shifted
        return httpx.Response(200, json={"data": source[offset : offset + 100], "meta": {"total": 250}})

    with pytest.raises(FlireoInconsistent, match="page at offset 99 did not start where the one at offset 0 ended"):
        client_on(handle).fetch_inventory()


def test_a_full_first_page_with_a_total_of_100_reads_on_and_keeps_all_101() -> None:
    handle, asked = serving(generated_records(101), lambda offset: {"total": 100})
    assert len(client_on(handle).fetch_inventory().numbers) == 101
    assert sorted(asked) == [0, 99]


def test_a_limit_clamped_to_50_pages_by_what_came() -> None:
    records = generated_records(230)

    def handle(request: httpx.Request) -> httpx.Response:
        offset = offset_of(request)
        return httpx.Response(200, json={"data": records[offset : offset + 50], "meta": {"total": 230, "limit": 50}})

    assert len(client_on(handle).fetch_inventory().numbers) == 230


def test_a_page_of_many_bad_records_logs_one_summary_line(caplog: pytest.LogCaptureFixture) -> None:
    records: list[Any] = [None] * 10_000 + ["x"] * 5 + [{"id": "a"}] * 3 + generated_records(2)
    with caplog.at_level(logging.WARNING):
        numbers, skipped = parse_numbers(records)
    assert len(numbers) == 2
    assert skipped == 10_008
    assert len(caplog.records) == 1
    assert "10000 null" in caplog.text
    assert "5 not an object" in caplog.text
    assert "3 bad phone_number" in caplog.text


def test_a_sudden_shrink_is_installed_only_when_a_read_later_than_a_glitch_lasts_agrees(
    make_cache: Callable[..., InventoryCache], clock: FakeClock
) -> None:
    stub = FlireoStub(generated_records(250))
    cache = make_cache(stub)
    assert len(cache.snapshot().numbers) == 250
    stub.records = generated_records(40)
    held = cache.snapshot(refresh=True)
    assert len(held.numbers) == 250, "the last good data answers meanwhile"
    assert held.stale_since is not None
    assert "Flireo listed 40 of the 250 numbers" in (cache.health().last_error or "")
    sent = stub.count
    clock.advance(SHRINK_RECHECK_SECONDS - 1)
    assert len(cache.snapshot(refresh=True).numbers) == 250
    assert stub.count == sent, "nothing is read again before the glitch could be over"
    clock.advance(SHRINK_RECHECK_SECONDS * (1 + SHRINK_RECHECK_JITTER))
    assert len(cache.snapshot(refresh=True).numbers) == 40, "a read that much later shows the same: believed"
    assert cache.health().last_error is None


def test_a_shrink_seen_once_is_not_installed(make_cache: Callable[..., InventoryCache], clock: FakeClock) -> None:
    stub = FlireoStub(generated_records(250))
    empty_once = {"armed": False}

    def handle(request: httpx.Request) -> httpx.Response:
        if empty_once["armed"]:
            empty_once["armed"] = False
            return httpx.Response(200, json={"data": [], "meta": {"total": 0}})
        return stub(request)

    cache = make_cache(handle)
    cache.snapshot()
    empty_once["armed"] = True
    assert len(cache.snapshot(refresh=True).numbers) == 250
    clock.advance(SHRINK_RECHECK_SECONDS * (1 + SHRINK_RECHECK_JITTER))
    assert len(cache.snapshot(refresh=True).numbers) == 250
    assert cache.health().last_error is None, "the later read was whole: the glitch is over"


def test_a_shrink_that_two_reads_disagree_on_keeps_the_last_good_marked_stale(
    make_cache: Callable[..., InventoryCache], clock: FakeClock
) -> None:
    stub = FlireoStub(generated_records(250))
    cache = make_cache(stub)
    cache.snapshot()
    stub.records = generated_records(90)
    cache.snapshot(refresh=True)
    clock.advance(SHRINK_RECHECK_SECONDS * (1 + SHRINK_RECHECK_JITTER))
    stub.records = generated_records(20)
    served = cache.snapshot(refresh=True)
    assert len(served.numbers) == 250
    assert served.stale_since is not None
    assert "fell from 250 to 90, then read 20" in (cache.health().last_error or "")


def test_a_release_and_a_purchase_at_the_front_while_paging_are_caught_where_the_pages_join() -> None:
    records = generated_records(250)
    churned = [*records[1:], *generated_records(1, start=900)]  # same total, every later page shifted by one
    reads = {"first": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        offset = offset_of(request)
        if offset == 0 and request.url.params["include_default"] == "true":
            reads["first"] += 1
        source = records if reads["first"] == 1 and request.url.params["include_default"] == "true" else churned
        return httpx.Response(200, json={"data": source[offset : offset + 100], "meta": {"total": 250}})

    inventory = client_on(handle).fetch_inventory()
    assert {n.id for n in inventory.numbers} == {r["id"] for r in churned}


def test_a_release_behind_the_pages_already_read_in_a_refresh_is_caught_where_the_pages_join() -> None:
    """Page one is the same before and after: only the joins between later pages can tell (a refresh, one round)."""
    records = generated_records(350)
    released = [*records[:150], *records[151:], *generated_records(1, start=900)]  # same total; pages from 150 on shift

    def handle(request: httpx.Request) -> httpx.Response:
        offset = offset_of(request)
        source = records if offset < 198 else released  # the last two pages were served after the release
        return httpx.Response(200, json={"data": source[offset : offset + 100], "meta": {"total": 350}})

    with pytest.raises(FlireoInconsistent, match="page at offset 198 did not start where the one at offset 99 ended"):
        client_on(handle).fetch_inventory(known_total=350)


def test_an_id_with_two_numbers_is_read_again_and_kept_with_both_numbers_when_the_same() -> None:
    records = generated_records(250)
    records.append({**generated_records(1, start=900)[0], "id": records[10]["id"]})
    handle, asked = serving(records, lambda offset: {"total": 250})
    inventory = client_on(handle).fetch_inventory()
    assert asked.count(0) == 2, "read again, like any read that does not add up"
    phones = {n.phone_number for n in inventory.numbers}
    assert {records[10]["phone_number"], records[-1]["phone_number"]} <= phones
    assert len(inventory.conflicts) == 1
    assert sum(1 for n in inventory.numbers if n.conflict) == 2


def test_a_number_under_two_ids_is_kept_under_both_with_the_conflict_said() -> None:
    records = generated_records(250)
    records.append({**records[5], "id": "twin", "available": not records[5]["available"]})
    handle, _ = serving(records, lambda offset: {"total": 251})
    inventory = client_on(handle).fetch_inventory()
    twins = [n for n in inventory.numbers if n.phone_number == records[5]["phone_number"]]
    assert len(twins) == 2
    assert all(n.conflict and "under 2 ids" in n.conflict for n in twins)


def test_records_that_disagree_differently_on_each_read_are_refused() -> None:
    records = generated_records(250)
    reads = {"first": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        offset = offset_of(request)
        reads["first"] += offset == 0
        twin = {**records[reads["first"]], "id": f"twin-{reads['first']}"}  # a different number twice each read
        listed = [*records, twin]
        return httpx.Response(200, json={"data": listed[offset : offset + 100], "meta": {"total": 251}})

    with pytest.raises(FlireoInconsistent, match="ids and numbers disagree"):
        client_on(handle).fetch_inventory()


def test_a_conflict_sentence_in_a_record_from_flireo_is_never_taken() -> None:
    record = {**generated_records(1)[0], "conflict": "*everything is fine*"}
    (number,), _ = parse_numbers([record])
    assert number.conflict is None
