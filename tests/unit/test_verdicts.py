"""A lookup opens with its verdict, and a number no assistant answers is a warning (SPEC §4, issue 21)."""

from __future__ import annotations

from bot.answers.rendered import render_answer
from bot.answers.search import answer
from bot.inventory.snapshot import Snapshot
from bot.replies.extra_views import lookup_verdict, render_found_in_text
from bot.replies.state import PageState
from bot.replies.views import Message
from tests.unit.support import question_for


def looked_up(snapshot: Snapshot, text: str) -> Message:
    query = question_for(text, snapshot)
    return render_answer(answer(query, snapshot, "NL"), snapshot, PageState(query=query.canonical()), 10)


def test_a_lookup_of_several_numbers_opens_with_linked_free_and_not_ours_counted(snapshot: Snapshot) -> None:
    message = looked_up(snapshot, "020 123 4567, 06 12345678, 070 345 6789 en 020 999 8888")
    header = message.blocks[0]["text"]["text"]
    assert header.startswith("1 linked · 2 with no assistant · 1 not ours")
    assert message.text.startswith("1 linked · 2 with no assistant · 1 not ours")


def test_a_shared_default_number_is_counted_as_such(snapshot: Snapshot) -> None:
    found = [(n.phone_number, (n,)) for n in snapshot.index.shared[:1]]
    assert lookup_verdict([*found, ("+31209998888", ())]) == "1 shared default · 1 not ours"


def test_a_number_not_read_yet_is_not_called_not_ours() -> None:
    assert lookup_verdict([("+31209998888", ())], partial=True) == "1 not found yet"


def test_a_looked_up_number_that_no_assistant_answers_is_a_warning_not_a_green_dot(snapshot: Snapshot) -> None:
    free = next(n for n in snapshot.index.numbers if n.id == "n08")
    message = render_found_in_text([(free.phone_number, (free,)), ("+31209998888", ())], snapshot)
    lines = "\n".join(block["text"]["text"] for block in message.blocks if block["type"] == "section")
    assert ":warning: no assistant: callers reach nobody (available)" in lines
    assert ":large_green_circle:" not in lines
