"""One way from a question to a reply: parse → snapshot → answer → render, with errors as polite replies."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from bot.answers.service import NumbersService
from bot.console import buttons
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.reading.names import known_places
from bot.replies.state import Action
from tests.unit.support import FlireoStub, client_on, generated_records

MakeCache = Callable[..., InventoryCache]


def service_on(stub: FlireoStub, make_cache: MakeCache, page_size: int = 2) -> NumbersService:
    return NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=page_size, region="NL")


def test_a_question_gets_a_rendered_reply_with_its_count(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache).reply("available local amsterdam")
    assert reply.ok
    assert reply.count == 2
    assert reply.query == "available local in:Amsterdam"
    assert reply.message.text.startswith("Available local numbers in Amsterdam: 2 found")


def test_next_page_of_a_question_naming_two_assistants_works(flireo: FlireoStub, make_cache: MakeCache) -> None:
    service = service_on(flireo, make_cache)
    first = service.reply("linked billing desk or night support")
    assert first.ok
    second = service.reply_to_page(buttons(first.message)[Action.NEXT])
    assert second.ok
    assert "(page 2 of 2)" in second.message.text


def test_a_word_it_cannot_place_beside_readable_ones_is_answered_and_named_as_ignored(
    flireo: FlireoStub, make_cache: MakeCache
) -> None:
    reply = service_on(flireo, make_cache).reply("available blorp")
    assert reply.ok
    assert "ignored: blorp" in reply.message.text


def test_only_words_it_cannot_place_become_a_question_back(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache).reply("blorp zzz")
    assert not reply.ok
    assert "blorp" in reply.message.text


def test_a_contradiction_becomes_an_error_reply_without_fetching(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache).reply("mobile numbers but not mobile")
    assert not reply.ok
    assert flireo.count == 0


def test_help_needs_no_data(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache).reply("")
    assert reply.ok
    assert reply.message.text.startswith("How to use /numbers")
    assert flireo.count == 0


def test_help_asked_first_with_another_question_says_the_other_one(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache).reply("help and then free in amsterdam")
    assert reply.ok
    assert "also asked: *available in Amsterdam*" in str(reply.message.blocks)


def test_flireo_down_with_no_data_becomes_an_error_reply(flireo: FlireoStub, make_cache: MakeCache) -> None:
    flireo.failure = lambda request: httpx.Response(401, json={"error": "Unauthorized", "message": "no"})
    reply = service_on(flireo, make_cache).reply("stats")
    assert not reply.ok
    assert "API key was rejected" in reply.message.text


def test_a_listing_reply_pages_through_all_numbers(make_cache: MakeCache) -> None:
    service = service_on(FlireoStub(generated_records(5)), make_cache, page_size=2)
    reply = service.reply("all")
    seen = []
    while True:
        seen.append(reply.message.text)
        states = buttons(reply.message)
        if Action.NEXT not in states:
            break
        reply = service.reply_to_page(states[Action.NEXT])
    assert len(seen) == 3
    assert "(page 3 of 3)" in seen[-1]


def test_a_question_whose_canonical_form_is_too_long_gets_a_polite_reply(
    flireo: FlireoStub, make_cache: MakeCache
) -> None:
    places = " ".join(known_places()[:200])  # 200 real places: read, but too many to carry in a button
    reply = service_on(flireo, make_cache).reply(places)
    assert not reply.ok
    assert "too long" in reply.message.text


def test_a_count_per_assistant_lists_each_largest_first_and_the_unlinked_last(make_cache: MakeCache) -> None:
    records = generated_records(7)  # 4 available, 3 linked to Billing Desk
    records += [{**record, "linked_assistant": {"id": "a-x", "name": "*Night* <!here>"}} for record in
                generated_records(2, start=100)]  # fmt: skip
    for record in records[-2:]:
        record["available"] = False
    reply = service_on(FlireoStub(records), make_cache, page_size=10).reply("how many numbers per assistant")
    assert reply.ok
    assert reply.count == 9
    lines = [line for line in reply.message.text.splitlines() if line]
    assert reply.message.text.startswith("9 numbers, per assistant: 2 assistants")
    sections = [block["text"]["text"] for block in reply.message.blocks if block.get("type") == "section"]
    shown = "\n".join(sections)
    assert shown.index("Billing Desk*: 3") < shown.index("Night") < shown.index("_not linked_: 4")
    assert "<!here>" not in shown, "a name from Flireo stays inert"
    assert lines, "a fallback text is given"


def test_free_numbers_per_assistant_says_why_no_assistant_has_any(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache, page_size=10).reply("which assistants have free numbers")
    assert reply.ok
    assert "per assistant: 0 assistants" in reply.message.text
    assert "never free" in str(reply.message.blocks)


def test_a_listing_asked_beside_a_lookup_is_answered_under_it_with_its_numbers(make_cache: MakeCache) -> None:
    records = generated_records(6)
    service = service_on(FlireoStub(records), make_cache)
    linked = records[1]["phone_number"]
    reply = service.reply(f"who has {linked} and which numbers are free in amsterdam")
    blocks = reply.message.blocks
    also = [b for b in blocks if str(b.get("block_id", "")).startswith("numbers-also")]
    assert also, [b.get("block_id") for b in blocks]
    listed = also[0]["text"]["text"]
    free = [r["phone_number"] for r in records if r["available"]]
    assert "3 found" in listed.splitlines()[0]
    assert all(number[3:6] in listed for number in free)  # +31 20 2…: each free number on a line of its own
    assert len(listed.splitlines()) == 1 + len(free)
    assert "found, listed below" in reply.message.text
    # Above the freshness line and the buttons, which close the whole message.
    ids = [str(b.get("block_id", "")) for b in blocks]
    assert ids.index(also[0]["block_id"]) < ids.index("numbers-context")


def test_a_long_listing_asked_beside_a_lookup_shows_its_first_ten_and_says_how_many(make_cache: MakeCache) -> None:
    records = generated_records(40)
    service = service_on(FlireoStub(records), make_cache)
    reply = service.reply(f"who has {records[1]['phone_number']} and which numbers are free in amsterdam")
    also = next(b for b in reply.message.blocks if str(b.get("block_id", "")).startswith("numbers-also"))
    assert len(also["text"]["text"].splitlines()) == 1 + 10
    assert "20 found, the first 10 below; ask it on its own for all" in reply.message.text
