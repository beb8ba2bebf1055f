"""Which places ran out: the places with numbers, none of them of the status asked (SPEC §4 counts per place)."""

from __future__ import annotations

from collections import Counter

from bot.answers.groups import groups
from bot.i18n import Language, in_language
from bot.inventory.snapshot import Snapshot
from bot.replies.as_text import message_text
from bot.replies.group_views import render_groups
from bot.replies.state import PageState
from tests.unit.support import question_for


def _places_of(snapshot: Snapshot, *, free: bool) -> set[str]:
    """The places of the hand-written account with at least one number that is (or is not) free, as one spelling."""
    return {n.locality.casefold() for n in snapshot.index.numbers if n.locality and n.available is free}


def test_the_places_with_no_free_numbers_are_those_whose_numbers_are_all_linked(snapshot: Snapshot) -> None:
    question = question_for("which towns have no free numbers left", snapshot)
    found = groups(question, snapshot.index, "NL")
    every_place = _places_of(snapshot, free=True) | _places_of(snapshot, free=False)
    assert {group.label.casefold() for group in found.groups} == every_place - _places_of(snapshot, free=True)
    assert all(group.available == 0 for group in found.groups)
    assert found.among == len(every_place)


def test_the_title_says_how_many_of_all_places_and_the_status_in_the_reply_language(snapshot: Snapshot) -> None:
    question = question_for("in welke plaatsen zijn geen vrije nummers meer", snapshot)
    found = groups(question, snapshot.index, "NL")
    with in_language(Language.NL):
        text = message_text(render_groups(found, snapshot, PageState(query=question.canonical()), 10))
    title = text.splitlines()[0]
    assert title.startswith(f"{len(found.groups)} van de {found.among} plaatsen")
    assert "geen vrije nummers" in title


def test_a_place_counted_is_named_once_whatever_its_spellings(snapshot: Snapshot) -> None:
    question = question_for("which places have no linked numbers", snapshot)
    labels = Counter(group.label.casefold() for group in groups(question, snapshot.index, "NL").groups)
    assert all(count == 1 for count in labels.values())
