"""Words, codes, symbols and statuses that agree with each other across surfaces (issue 25's rough edges)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.answers.groups import groups
from bot.answers.rendered import render_answer
from bot.answers.search import answer
from bot.answers.verdicts import answer_yes_no
from bot.container import build_container
from bot.flireo.models import Assistant, PhoneNumber
from bot.inventory.diff import Change, ChangeKind
from bot.inventory.snapshot import Snapshot
from bot.ops.config import Settings
from bot.reading.names import build_names
from bot.reading.question import YesNo
from bot.reading.reader import read
from bot.replies.as_text import message_text
from bot.replies.change_views import interval, render_changes, render_watch_post
from bot.replies.emoji import SHORT_CODE
from bot.replies.state import PageState
from bot.results.changes import ChangeListing
from tests.unit.support import question_for

T0 = datetime(2026, 12, 7, 0, 26, 5, tzinfo=UTC)


def _number(assistant: str | None = None, **fields: Any) -> PhoneNumber:
    linked = Assistant(id="a1", name=assistant) if assistant else None
    record = {"id": "n1", "phone_number": "+31201234567", "locality": "Amsterdam", "number_type": "local"}
    return PhoneNumber(**{**record, "available": not linked, "linked_assistant": linked, **fields})


def _changes(seen_until: datetime) -> tuple[Change, ...]:
    free, billing, night = _number(), _number("Billing Desk"), _number("Night Support")
    moved = _number(locality="Rijswijk")
    kinds = [
        (ChangeKind.ADDED, None, free, None),
        (ChangeKind.REMOVED, free, None, None),
        (ChangeKind.LINKED, free, billing, None),
        (ChangeKind.UNLINKED, billing, free, None),
        (ChangeKind.RELINKED, billing, night, None),
        (ChangeKind.CHANGED, free, moved, "locality"),
    ]
    return tuple(
        Change(kind, "n1", "+31201234567", T0, seen_until, old=old, new=new, field=field)
        for kind, old, new, field in kinds
    )


def test_change_lines_in_the_console_show_the_emoji_slack_shows_never_their_codes(snapshot: Snapshot) -> None:
    listing = ChangeListing("all numbers", _changes(T0 + timedelta(minutes=5)), T0 - timedelta(hours=1), None)
    page = render_changes(listing, snapshot, PageState(query="changes"), page_size=10)
    post = render_watch_post("Watch: all numbers", listing.changes)
    for message in (page, post):
        text = message_text(message)
        assert not SHORT_CODE.search(text), text
    assert "🔗 linked to Billing Desk" in message_text(page)
    assert "➖ unlinked from Billing Desk" in message_text(page)


def test_a_change_between_two_readings_in_one_minute_is_dated_once() -> None:
    change = _changes(T0 + timedelta(seconds=40))[0]
    assert interval(change, now=T0).startswith("at <!date^")
    assert " and " not in interval(change, now=T0)
    later = _changes(T0 + timedelta(minutes=5))[0]
    assert interval(later, now=T0).startswith("between <!date^")


def test_change_replies_date_their_data_with_a_slack_token_like_every_other_reply(snapshot: Snapshot) -> None:
    listing = ChangeListing("all numbers", _changes(T0 + timedelta(minutes=5)), T0 - timedelta(hours=1), None)
    message = render_changes(listing, snapshot, PageState(query="changes"), page_size=10)
    context = next(block for block in message.blocks if block["type"] == "context")
    assert "data as of <!date^" in context["elements"][0]["text"]
    assert "<!date^" not in message.text  # the fallback (notifications) keeps plain UTC text


def test_a_shared_default_numbers_card_gives_the_type_flireo_gives() -> None:
    deps = build_container(Settings(_env_file=None, flireo_api_key=None, flireo_api_url=None, redis_url=None))
    try:
        text = message_text(deps.numbers.reply("find 020 262 0000").message)
    finally:
        deps.close()
    assert "Shared default number" in text
    assert "Type: local" in text
    assert "unknown" not in text


def test_one_word_for_a_place_in_every_reply(snapshot: Snapshot) -> None:
    region = "NL"
    replies = [render_answer(answer_yes_no(question_for("are all numbers linked", snapshot), snapshot, region),
                             snapshot, PageState(query="q"), 10)]  # fmt: skip
    for text in ("find 020 123 4567", "stats", "count per place", "free mobile in amsterdam"):
        question = question_for(text, snapshot)
        result = groups(question, snapshot.index, region) if question.group_by else answer(question, snapshot, region)
        replies.append(render_answer(result, snapshot, PageState(query=text), 10))
    for message in replies:
        words = message_text(message) + message.text
        assert "localit" not in words.lower(), words


def test_are_all_our_numbers_linked_is_answered_no_with_the_numbers_that_are_not(snapshot: Snapshot) -> None:
    question = question_for("are all our numbers linked?", snapshot)
    assert question.yes_no is YesNo.EVERY
    listing = answer_yes_no(question, snapshot, "NL")
    not_linked = [n for n in snapshot.numbers if n.linked_assistant is None]
    assert listing.verdict == f"No: {len(not_linked)} of {len(snapshot.numbers)} numbers are not linked"
    assert {n.id for n in listing.numbers} == {n.id for n in not_linked}


def test_dutch_yes_no_questions_are_answered_yes_or_no_first(snapshot: Snapshot) -> None:
    question = question_for("zijn er nog vrije nummers in amsterdam?", snapshot)
    assert question.yes_no is YesNo.ANY
    listing = answer_yes_no(question, snapshot, "NL")
    assert listing.verdict is not None
    assert listing.verdict.startswith("Yes: " if listing.numbers else "No: 0 ")
    every = question_for("zijn alle mobiele nummers vrij", snapshot)
    assert (every.yes_no, every.predicate, every.number_types) == (YesNo.EVERY, "available", ("mobile",))


def test_a_yes_no_question_reads_back_the_same_from_its_buttons() -> None:
    names = build_names((), ("Amsterdam",))
    for text in ("are all mobile numbers linked", "are there free numbers", "zijn de 085 nummers gekoppeld"):
        question = read(text, names, "NL")
        again = read(question.canonical(), names, "NL")
        assert (again.yes_no, again.predicate, again.status, again.number_types, again.prefix) == (
            question.yes_no, question.predicate, question.status, question.number_types, question.prefix,
        )  # fmt: skip


def test_a_lookup_is_never_a_yes_no_listing() -> None:
    question = read("is 020 123 4567 free?", build_names((), ()), "NL")
    assert question.yes_no is None
    assert question.lookups == ("+31201234567",)


def test_asked_whether_a_number_changed_without_history_the_card_says_so() -> None:
    deps = build_container(Settings(_env_file=None, flireo_api_key=None, flireo_api_url=None, redis_url=None))
    try:
        reply = deps.numbers.reply("was 020 123 4567 changed recently")
    finally:
        deps.close()
    text = message_text(reply.message)
    assert text.splitlines()[0] == "🔗 Linked to Billing Desk"
    assert "history" in text.splitlines()[2]
