"""Every reply kind rendered in Dutch for a Dutch question, with no English word left (issue 23)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.answers.rendered import error_message
from bot.answers.service import NumbersService
from bot.answers.watches import Watches
from bot.errors import FlireoUnavailable
from bot.i18n import Language, Text, in_language
from bot.i18n.translator import default_language, set_default_language
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.inventory.diff import diff
from bot.inventory.snapshot import Progress, SnapshotRecord
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory
from bot.replies.change_views import render_changes, with_history
from bot.replies.state import PageState
from bot.replies.views import Message, render_error, render_listing, render_number_card
from bot.results.changes import ChangeListing
from bot.results.listing import Listing
from tests.unit.dutch_words import (
    english_in_translations,
    english_left,
    english_to_type_in_translations,
    message_texts,
)
from tests.unit.support import FETCHED_AT, RECORDS, FlireoStub, client_on, make_snapshot, numbers_from, question_for

MakeCache = Callable[..., InventoryCache]
# The names the hand-written account holds (places and assistants): a Dutch reply shows them as they are.
NAMES = sorted(
    {str(r.get("locality") or "") for r in RECORDS}
    | {str((r.get("assistant") or {}).get("name") or "") for r in RECORDS if isinstance(r.get("assistant"), dict)}
)


def service_on(stub: FlireoStub, make_cache: MakeCache, page_size: int = 3) -> NumbersService:
    return NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=page_size, region="NL")


def text_of(message: Message) -> str:
    return "\n".join(message_texts(message))


def assert_dutch(message: Message) -> None:
    assert english_left(message, NAMES) == [], text_of(message)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("vrije lokale nummers in amsterdam", "Vrije lokale nummers in Amsterdam: 2 gevonden"),
        ("gekoppelde nummers", "Gekoppelde nummers:"),
        ("mobiele nummers in urk", "Geen mobiele nummers in Urk"),
    ],
)
def test_a_dutch_listing_reads_in_dutch(
    flireo: FlireoStub, make_cache: MakeCache, question: str, expected: str
) -> None:
    reply = service_on(flireo, make_cache).reply(question)
    assert expected in text_of(reply.message)
    assert_dutch(reply.message)


def test_a_dutch_lookup_is_a_dutch_card(flireo: FlireoStub, make_cache: MakeCache) -> None:
    e164 = next(str(r["phone_number"]) for r in RECORDS)
    reply = service_on(flireo, make_cache).reply(f"wie heeft {e164}")
    text = text_of(reply.message)
    assert "*Plaats:*" in text
    assert "gegevens van" in text
    assert_dutch(reply.message)


def test_the_same_questions_in_english_stay_english(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache).reply("available local numbers in amsterdam")
    assert reply.message.text.startswith("Available local numbers in Amsterdam: 2 found")


def test_a_stale_partial_listing_says_so_in_dutch() -> None:
    snapshot = make_snapshot(
        stale_since=FETCHED_AT + timedelta(minutes=5), partial=Progress(read=6000, total=100_000, eta_seconds=900)
    )
    listing = Listing("vrije nummers", snapshot.numbers[:2], None)
    with in_language(Language.NL):
        message = render_listing(listing, snapshot, PageState(query="available"), 10, now=FETCHED_AT)
    text = text_of(message)
    assert "verouderd sinds" in text
    assert "gedeeltelijk" in text
    assert_dutch(message)


def test_an_error_reads_in_dutch() -> None:
    with in_language(Language.NL):
        message = render_error("Die vraag is te lang voor mij; stel hem in minder woorden.")
    assert "Typ `/numbers hulp` voor voorbeelden." in text_of(message)
    assert_dutch(message)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("hulp", "Vraag naar de telefoonnummers van het account"),
        ("overzicht", "nummers op het account"),
        ("hoeveel nummers per plaats", "per plaats:"),
        ("hoeveel nummers per assistent", "per assistent:"),
        ("hoeveel nummers per type", "*lokaal*: "),
        ("vrije mob nummers", "_mob_ gelezen als *mobiel"),
        ("mijn bewakingen", "Ik begrijp *bewakingen* niet"),
        (
            "wie heeft 020 123 4567 en vrije lokale nummers in amsterdam",
            "ook gevraagd: *vrije lokale nummers in Amsterdam*: 2 gevonden, hieronder",
        ),
        ("zijn er vrije nummers in amsterdam", "Ja: 2 vrije nummers in Amsterdam"),
        ("zijn alle mobiele nummers gekoppeld", "mobiele nummers"),
        ("vrije nummers in amsterdm", "gelezen als *amsterdam*"),
        ("vrije nummers blorp", "genegeerd: _blorp_"),
        ("welke blorp", "Ik begrijp *blorp* niet"),
    ],
)
def test_every_reply_kind_reads_in_dutch(
    flireo: FlireoStub, make_cache: MakeCache, question: str, expected: str
) -> None:
    reply = service_on(flireo, make_cache).reply(question)
    assert expected in text_of(reply.message)
    assert_dutch(reply.message)


def test_did_you_mean_asks_in_dutch_and_its_button_answers_in_dutch(flireo: FlireoStub, make_cache: MakeCache) -> None:
    service = service_on(flireo, make_cache)
    reply = service.reply("ngebruikte nummers")
    text = text_of(reply.message)
    assert "Bedoel je *ongebruikte* of *gebruikte*" in text
    assert_dutch(reply.message)
    for block in reply.message.blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            assert PageState.from_value(element["value"]).language is Language.NL


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("wie heeft 020 123 4567 en 06 99999999", "1 gekoppeld · 1 niet van ons · de nummers waarnaar je vroeg"),
        ("wie heeft 020-12345678", "geen geldig Nederlands nummer (één cijfer te veel)"),
        ("te koop mobiel", "Te koop: mobiele nummers"),
        ("bestellingen lopend", "Lopende bestellingen"),
    ],
)
def test_lookups_offers_and_orders_read_in_dutch(
    flireo: FlireoStub, make_cache: MakeCache, question: str, expected: str
) -> None:
    reply = service_on(flireo, make_cache).reply(question)
    assert expected in text_of(reply.message)
    assert_dutch(reply.message)


def test_home_is_in_the_default_language(flireo: FlireoStub, make_cache: MakeCache) -> None:
    service = service_on(flireo, make_cache)
    assert "Free local numbers by place" in str(service.home())
    before = default_language()
    try:
        set_default_language(Language.NL)
        view = service.home()
    finally:
        set_default_language(before)
    assert "Vrije lokale nummers per plaats" in str(view)
    assert english_left(view, NAMES) == []


@pytest.fixture
def watches(tmp_path: Path, make_cache: MakeCache, flireo: FlireoStub) -> Watches:
    """Watches on a real store and a cache over the hand-written account."""
    return Watches(SqlHistory(sqlite_engine(tmp_path / "h.sqlite3"), keep_days=30), make_cache(flireo), region="NL")


def test_a_watch_set_in_dutch_is_confirmed_and_posts_in_dutch(watches: Watches) -> None:
    added = watches.command("volg gekoppeld billing desk", channel="C1", user="U1")
    assert "Bewaking 1: ik post elke wijziging aan" in text_of(added.message)
    assert_dutch(added.message)
    english = watches.command("watch linked night support", channel="C1", user="U1")
    assert "Watch 2: I'll post every change to" in text_of(english.message)
    after = [dict(r) for r in RECORDS]
    for r in after:
        if r["id"] in ("n01", "n05"):  # one of Billing Desk's and one of Night Support's: unlinked
            r.update(linked_assistant=None, available=True)
    changes = diff(numbers_from(RECORDS), numbers_from(after), FETCHED_AT, FETCHED_AT + timedelta(minutes=5))
    posts = {post.watch_id: post.message for post in watches.posts_for(make_snapshot(after), changes)}
    assert "ontkoppeld van *Billing Desk*" in text_of(posts[1])
    assert_dutch(posts[1])
    assert "unlinked from *Night Support*" in text_of(posts[2])


def test_the_list_of_watches_and_a_refusal_read_in_dutch(watches: Watches) -> None:
    watches.command("volg vrije lokale nummers onder 3", channel="C1", user="U1")
    listed = watches.command("ontvolg x", channel="C1", user="U1")
    assert "Welke bewaking?" in text_of(listed.message)
    assert_dutch(listed.message)
    removed = watches.command("ontvolg 1", channel="C1", user="U1")
    assert "Bewaking 1 verwijderd." in text_of(removed.message)


def test_the_same_question_in_both_languages_keeps_each_its_own_words(
    flireo: FlireoStub, make_cache: MakeCache
) -> None:
    service = service_on(flireo, make_cache)
    assert text_of(service.reply("alle nummers").message).startswith("Alle nummers: 10 gevonden")
    assert text_of(service.reply("all numbers").message).startswith("All numbers: 10 found")
    assert text_of(service.reply("alle nummers").message).startswith("Alle nummers: 10 gevonden")


def test_an_error_from_flireo_is_said_in_the_language_of_the_reply_it_is_shown_in() -> None:
    error = FlireoUnavailable(Text("Flireo could not be reached; try again in a minute."))
    with in_language(Language.NL):
        message = error_message(error, "a test")
    assert "Flireo was niet bereikbaar; probeer het over een minuut opnieuw." in text_of(message)
    assert_dutch(message)
    assert str(error) == "Flireo could not be reached; try again in a minute."  # the same error, shown in English


def test_a_notice_on_cached_data_is_said_in_the_language_of_the_reply() -> None:
    snapshot = make_snapshot().with_notice(Text("saved before the bot restarted; fetching fresh data"))
    with in_language(Language.NL):
        message = render_listing(Listing("nummers", snapshot.numbers[:1], None), snapshot, PageState(query="x"), 10)
    assert "bewaard voordat de bot herstartte" in text_of(message)


def test_a_refusal_is_said_in_the_language_of_the_command_or_the_button() -> None:
    from bot.ops.guards import Allowlist
    from handlers.middleware import language_of

    assert language_of({"command": "/numbers", "text": "vrije nummers"}) is Language.NL
    assert language_of({"event": {"type": "app_mention", "text": "<@U1> free numbers"}}) is Language.EN
    button = PageState(query="linked", language=Language.NL).to_value()
    assert language_of({"actions": [{"value": button}]}) is Language.NL
    assert language_of({"actions": [{"value": "tampered"}]}) is None
    with in_language(Language.NL):
        refusal = Allowlist(frozenset({"C1"}), frozenset()).refusal("U1", "C2")
    assert refusal is not None
    assert refusal.startswith("De bot staat in dit kanaal niet aan. Vraag het een beheerder")
    assert english_left({"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": refusal}}]}) == []


def test_a_second_question_in_a_dutch_one_is_answered_under_it_in_dutch(
    flireo: FlireoStub, make_cache: MakeCache
) -> None:
    e164 = next(str(r["phone_number"]) for r in RECORDS)
    reply = service_on(flireo, make_cache).reply(f"wie heeft {e164}? en hoeveel vrije nummers in amsterdam")
    text = text_of(reply.message)
    assert "ook gevraagd: *" in text
    assert "gevonden, hieronder" in text, "the other question is answered under the first, in Dutch"
    assert_dutch(reply.message)


def test_prices_and_counts_are_written_as_each_language_writes_them() -> None:
    from bot.i18n import number
    from bot.replies.formats import monthly_price

    assert (monthly_price("1234.5", "EUR"), number(6000)) == ("€1,234.50 a month", "6,000")
    with in_language(Language.NL):
        assert (monthly_price("1234.5", "EUR"), number(6000)) == ("€1.234,50 per maand", "6.000")


def test_changes_and_a_cards_history_read_in_dutch() -> None:
    after = [dict(r) for r in RECORDS]
    for r in after:
        if r["id"] == "n01":
            r.update(linked_assistant=None, available=True)
    later = FETCHED_AT + timedelta(minutes=5)
    changes = diff(numbers_from(RECORDS), numbers_from(after), FETCHED_AT, later)
    with in_language(Language.NL):
        listing = ChangeListing("nummers", changes, FETCHED_AT - timedelta(hours=1), None, by_kind={"unlinked": 1})
        message = render_changes(listing, make_snapshot(after), PageState(query="changes"), 10, now=later)
        card = with_history(
            render_number_card(numbers_from(after)[0], make_snapshot(after), PageState(query="x")), changes
        )
    text = text_of(message)
    assert "Wijzigingen aan nummers sinds" in text
    assert "1 gevonden (1 ontkoppeld)" in text, "the summary by kind leads, in Dutch"
    assert "ontkoppeld van *Billing Desk*" in text
    assert_dutch(message)
    assert "*Recente geschiedenis*" in text_of(card)
    assert "niet gekoppeld sinds" in text_of(card)
    assert_dutch(card)


def test_no_dutch_translation_holds_an_english_word() -> None:
    from bot.flireo.demo import AREAS, ASSISTANTS

    # Examples in a sentence name the demo's places ("vrije lokale nummers in amsterdam"): names, not English.
    assert english_in_translations([place for place, _ in AREAS] + ASSISTANTS) == []


def test_flireos_records_that_disagree_are_said_in_dutch_on_the_line_and_the_card() -> None:
    from bot.flireo.conflicts import reconciled

    twin = {**RECORDS[0], "id": "n99", "linked_assistant": None, "available": True}
    moved = {**RECORDS[1], "phone_number": "+31205550199"}  # one id listed with two numbers
    numbers, conflicts = reconciled(numbers_from([*RECORDS, twin, moved]))
    snapshot = make_snapshot([*RECORDS, twin, moved])
    snapshot = type(snapshot)(numbers, snapshot.shared, snapshot.fetched_at)
    disputed = [n for n in numbers if n.conflict]
    with in_language(Language.NL):
        listing = render_listing(Listing("nummers", disputed, None), snapshot, PageState(query="x"), 10)
        card = render_number_card(disputed[0], snapshot, PageState(query="x"))
    text = text_of(listing)
    assert "onder 2 id's (n01: gekoppeld aan Billing Desk; n99: vrij)" in text
    assert "Flireo geeft id n02 met 2 nummers:" in text
    assert_dutch(listing)
    assert "Flireo geeft" in text_of(card)
    assert_dutch(card)
    assert any("under 2 ids (n01: linked to Billing Desk; n99: available)" in str(c) for c in conflicts)
    assert len(snapshot.conflicts) == 2
    assert all(c.startswith("Flireo lists") for c in snapshot.conflicts), "/healthz keeps English"


@pytest.mark.parametrize(
    "reason",
    [
        Text("a page at offset {offset} held no list of numbers", offset=100),
        Text("the page at offset {offset} repeated the one at offset {earlier}", offset=200, earlier=100),
        Text("a short page at offset {offset} came before the end", offset=100),
    ],
    ids=["no list", "repeated", "short"],
)
def test_why_flireos_inventory_did_not_add_up_is_said_in_dutch(reason: Text) -> None:
    from bot.errors import reason_of
    from bot.flireo.pages import FlireoInconsistent, total_changed

    for error in (FlireoInconsistent(reason), FlireoInconsistent(total_changed(250, 251))):
        with in_language(Language.NL):
            message = error_message(error, "a test")
            stale = make_snapshot().as_stale(FETCHED_AT, reason_of(error))
            listing = render_listing(Listing("nummers", stale.numbers[:1], None), stale, PageState(query="x"), 10)
        assert "Flireo stuurde een overzicht dat niet klopt" in text_of(message)
        assert_dutch(message)
        assert_dutch(listing)


def test_a_shrink_held_for_a_later_read_is_said_in_dutch() -> None:
    from bot.inventory.shrink import PendingShrink

    error = PendingShrink(before=250, seen=100, due=0.0, due_at=FETCHED_AT).error()
    with in_language(Language.NL):
        message = error_message(error, "a test")
    assert "Flireo gaf 100 van de 250 nummers" in text_of(message)
    assert_dutch(message)


def _flireo_errors() -> list[Exception]:
    import httpx

    from bot.flireo.client import error_from_response
    from bot.flireo.transfer import too_large
    from bot.inventory.store_health import HistoryUnavailable

    refused = httpx.Response(400, json={"error": {"code": "invalid_parameters", "message": "limit must be 1-100"}})
    return [
        error_from_response(httpx.Response(401, json={"error": "unauthorized"})),
        error_from_response(httpx.Response(429, headers={"Retry-After": "30"})),
        error_from_response(httpx.Response(503)),
        error_from_response(refused),
        too_large(),
        HistoryUnavailable(Text("history unavailable: {reason}", reason=Text("the stored history was damaged"))),
    ]


@pytest.mark.parametrize("error", _flireo_errors(), ids=lambda e: type(e).__name__)
def test_every_error_from_flireo_or_the_store_reads_in_dutch_its_codes_shown_as_code(error: Exception) -> None:
    with in_language(Language.NL):
        message = error_message(error, "a test")
    assert_dutch(message)
    assert "invalid_parameters" not in text_of(message) or "`invalid_parameters`" in text_of(message)


def test_a_suggested_english_keyword_is_offered_in_dutch_and_its_button_asks_the_same() -> None:
    from bot.reading.question import Kind, Question, Suggestion
    from bot.replies.understood import render_clarify

    question = Question(kind=Kind.CLARIFY, problem="?", suggestions=(Suggestion(label="latest", question="refresh"),))
    with in_language(Language.NL):
        message = render_clarify(question)
    assert "Bedoel je *ververs*?" in text_of(message)
    assert_dutch(message)
    [button] = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert (button["text"]["text"], PageState.from_value(button["value"]).query) == ("ververs", "refresh")
    with in_language(Language.EN):
        assert "Did you mean *latest*?" in text_of(render_clarify(question))


def test_what_a_dutch_sentence_tells_the_reader_to_type_is_dutch() -> None:
    # Code spans are not prose for the check above, so a Dutch help line saying "(`refresh`)" passed it.
    from bot.flireo.demo import AREAS, ASSISTANTS

    assert english_to_type_in_translations([place for place, _ in AREAS] + ASSISTANTS) == []


def test_a_dutch_list_of_watches_says_the_threshold_and_a_broken_watch_in_dutch() -> None:
    from bot.inventory.history import Watch
    from bot.replies.watch_views import render_watch_broken_notice, render_watches

    watches = [
        Watch(1, "C1", "available local", threshold=3, language=Language.NL),
        Watch(2, "C1", "linked", language=Language.NL, broken="account_inactive"),
    ]
    with in_language(Language.NL):
        listed = render_watches(watches)
        notice = render_watch_broken_notice(watches[1], "account_inactive")
    assert "`vrij lokaal onder 3`" in text_of(listed), "to type again, in Dutch"
    assert "(`account_inactive`)" in text_of(listed)
    assert_dutch(listed)
    assert "(`account_inactive`)" in text_of(notice)
    assert_dutch(notice)


@pytest.mark.parametrize(
    ("canonical", "dutch"),
    [
        ("available local in:Amsterdam", "vrij lokaal in Amsterdam"),
        ("are there available mobile", "zijn er vrij mobiel"),
        ("linked not-prefix:085", "gekoppeld zonder 085"),
        ('available not-assistant:"Night Support"', "vrij niet Night Support"),
        ("not mobile fragment:0209", "niet mobiel bevat 0209"),
        ("are all mobile linked", "zijn alle mobiel gekoppeld"),
        ("count per place", "hoeveel per plaats"),
    ],
)
def test_a_question_said_back_to_type_is_in_dutch_and_reads_as_the_same_question(canonical: str, dutch: str) -> None:
    from bot.replies.typed import typed_in_reply_language

    with in_language(Language.NL):
        typed = typed_in_reply_language(canonical)
    assert typed == dutch
    assert question_for(typed, make_snapshot()).canonical() == canonical
    english = typed_in_reply_language(canonical)
    assert question_for(english, make_snapshot()).canonical() == canonical, english


def _as_message(text: str) -> dict[str, object]:
    return {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def test_workflow_steps_answer_in_the_default_language_their_errors_and_summaries_too(
    flireo: FlireoStub, make_cache: MakeCache
) -> None:
    from bot.answers.steps import Step, StepError, WorkflowSteps

    steps = WorkflowSteps(service_on(flireo, make_cache, page_size=10))
    before = default_language()
    try:
        set_default_language(Language.NL)
        with in_language(None):  # as a step runs: no question, so DEFAULT_LANGUAGE
            free = steps.run(Step.FREE_NUMBERS, {"number_type": "lokaal", "place": "amsterdam", "how_many": 1})
            errors = []
            for step, inputs in [
                (Step.LOOK_UP, {"text": "geen nummer hier"}),
                (Step.LOOK_UP, {}),
                (Step.FREE_NUMBERS, {"place": "blorp"}),
                (Step.FREE_NUMBERS, {"how_many": "veel"}),
                (Step.WHAT_CHANGED, {"how_far_back": "ooit"}),
            ]:
                with pytest.raises(StepError) as caught:
                    steps.run(step, inputs)
                errors.append(str(caught.value))
    finally:
        set_default_language(before)
    assert str(free["summary"]).startswith("Vrije lokale nummers in Amsterdam: 2 gevonden"), free["summary"]
    assert "Pagina" not in str(free["summary"]), "no page line: a step has no pages to turn"
    assert english_left(_as_message(str(free["summary"])), NAMES) == []
    for error in errors:
        assert english_left(_as_message(error), NAMES) == [], error


def test_the_console_banner_is_in_the_default_language() -> None:
    from bot.console import console_banner

    assert console_banner(None).startswith("numbers console (demo data). Try")
    before = default_language()
    try:
        set_default_language(Language.NL)
        with in_language(None):
            banner = console_banner(None)
    finally:
        set_default_language(before)
    assert banner.startswith("Console van de bot (demogegevens). Probeer")
    assert "`" not in banner, "a terminal shows no markup"
    assert english_left(_as_message(banner), NAMES) == []


def test_a_dutch_threshold_watch_posts_below_and_recovered_in_dutch(watches: Watches) -> None:
    assert watches.command("volg vrije lokale nummers amsterdam onder 2", channel="C1", user="U1").ok
    taken = [dict(r) for r in RECORDS]
    for r in taken:
        if r["id"] == "n02":
            r["available"] = False
    (below,) = watches.posts_for(make_snapshot(taken), [])
    # One number after a count: Dutch leaves the adjectives of a het-word uninflected ("1 vrij lokaal nummer").
    assert text_of(below.message).startswith("Bewaking 1: 1 vrij lokaal nummer in Amsterdam, onder 2.")
    assert_dutch(below.message)
    (recovered,) = watches.posts_for(make_snapshot(), [])
    assert text_of(recovered.message).startswith("Bewaking 1: weer 2 vrije lokale nummers in Amsterdam, op of boven 2.")
    assert_dutch(recovered.message)


def test_a_number_flipping_under_a_dutch_watch_is_summed_up_in_dutch(tmp_path: Path, make_cache: MakeCache,
    flireo: FlireoStub) -> None:  # fmt: skip
    store = SqlHistory(sqlite_engine(tmp_path / "h.sqlite3"), keep_days=30)
    watches = Watches(store, make_cache(flireo), region="NL")
    watches.command("volg billing desk", channel="C1", user="U1")
    unlinked = [dict(r) for r in RECORDS]
    for r in unlinked:
        if r["id"] == "n01":
            r.update(linked_assistant=None, available=True)
    moment = datetime.now(UTC) - timedelta(hours=2)  # recent: the store keeps 30 days
    store.record(SnapshotRecord.of(make_snapshot(RECORDS, fetched_at=moment)))
    posts = []
    for step in range(8):  # every 5 minutes: unlinked, linked, … as the recorder records them
        moment += timedelta(minutes=5)
        snapshot = make_snapshot(unlinked if step % 2 == 0 else RECORDS, fetched_at=moment)
        changes = store.record(SnapshotRecord.of(snapshot))
        posts += [post.message for post in watches.posts_for(snapshot, changes)]
    summary = posts[-1]
    assert "wijzigingen in het afgelopen uur" in text_of(summary), [text_of(p) for p in posts]
    for post in posts:
        assert_dutch(post)


def test_what_history_did_not_see_and_why_is_said_in_dutch() -> None:
    from bot.inventory.history import GAP_FAILED, GAP_STOPPED, GAP_UNWRITABLE, Coverage, Gap
    from bot.inventory.store_health import StoreHealth
    from bot.replies.change_views import coverage_note, history_note

    start = FETCHED_AT - timedelta(hours=6)
    gaps = tuple(
        Gap(start + timedelta(hours=hour), start + timedelta(hours=hour, minutes=30), reason)
        for hour, reason in enumerate((GAP_STOPPED, GAP_FAILED, GAP_UNWRITABLE, None))
    )
    coverage = Coverage(start + timedelta(minutes=10), FETCHED_AT - timedelta(hours=1), gaps)
    damaged = StoreHealth("restarted", start, Text("the stored history was damaged"))
    full = StoreHealth("unwritable", start, Text("the disk is full"))
    with in_language(Language.NL):
        notes = [
            coverage_note(coverage, start, None, now=FETCHED_AT),
            history_note(damaged, now=FETCHED_AT),
            history_note(full, now=FETCHED_AT),
        ]
    assert "de bot was gestopt" in str(notes[0]), notes[0]
    for note in notes:
        assert note is not None
        assert english_left(_as_message(note), NAMES) == [], note


def test_home_on_stale_partial_data_and_homes_error_are_in_dutch_by_default() -> None:
    from bot.answers.search import count
    from bot.replies.extra_views import home_error_view, render_home

    snapshot = make_snapshot(
        stale_since=FETCHED_AT + timedelta(minutes=5), partial=Progress(read=6000, total=100_000, eta_seconds=900)
    ).as_stale(FETCHED_AT + timedelta(minutes=5), Text("Flireo could not be reached; try again in a minute."))
    before = default_language()
    try:
        set_default_language(Language.NL)
        with in_language(None):
            view = render_home(count(snapshot.index), snapshot)
            failed = home_error_view(str(Text("Flireo did not answer in time; try again in a minute.")))
    finally:
        set_default_language(before)
    assert "verouderd sinds" in str(view)
    assert english_left(view, NAMES) == []
    assert english_left(failed, NAMES) == []


def test_the_look_up_numbers_shortcut_answers_in_the_default_language() -> None:
    from bot.answers.search import numbers_in_text
    from bot.replies.extra_views import render_found_in_text

    snapshot = make_snapshot()
    e164 = next(str(r["phone_number"]) for r in RECORDS)
    found = numbers_in_text(f"bel {e164} of 06 99999999 even terug", snapshot.index, "NL")
    before = default_language()
    try:
        set_default_language(Language.NL)
        with in_language(None):  # a shortcut asks no question
            message = render_found_in_text(found, snapshot)
    finally:
        set_default_language(before)
    assert "1 niet van ons" in text_of(message)
    assert_dutch(message)
