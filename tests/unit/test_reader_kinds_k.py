"""The reader on the kinds a fresh check through `app.py ask` and the tenth blind set found wrong, over names and
words of our own: names typed as they sound (`farmacy`, `nite`), and names run together with a slip in them."""

from __future__ import annotations

import pytest

from bot.reading.names import Names, build_names
from bot.reading.question import Kind, Question, Status
from bot.reading.reader import read
from bot.reading.sounds import sound_of

LOCALITIES = ["Kampen", "Zwolle", "Den Helder"]
ASSISTANTS = ["Physio Centre", "Late Night Desk", "Quick Claims", "Billing Help"]


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


def ask(names: Names, text: str) -> Question:
    return read(text, names, "NL", frozenset())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("fysio sentre", "physio centre"), ("nite", "night"), ("kwik klaims", "quick claims"), ("vrei", "vrij")],
)
def test_spellings_of_one_sound_are_brought_to_one(typed: str, meant: str) -> None:
    assert sound_of(typed) == sound_of(meant)


@pytest.mark.parametrize(("typed", "other"), [("biling", "bowling"), ("line", "lane"), ("kampen", "campus")])
def test_words_that_sound_different_stay_different(typed: str, other: str) -> None:
    assert sound_of(typed) != sound_of(other)


@pytest.mark.parametrize(
    ("text", "assistant", "status"),
    [
        ("nummers van fysio centre", "Physio Centre", None),
        ("late nite desk free?", "Late Night Desk", Status.AVAILABLE),
        ("wat heeft laat nite desk gekoppeld", "Late Night Desk", Status.LINKED),
        ("kwik claims numbers", "Quick Claims", None),
    ],
)
def test_a_name_typed_as_it_sounds_is_that_name_and_the_correction_is_said(
    names: Names, text: str, assistant: str, status: Status | None
) -> None:
    question = ask(names, text)
    assert (question.kind, question.assistants, question.status) == (Kind.LIST, (assistant,), status)
    assert question.corrections


def test_a_word_of_a_name_that_is_an_everyday_word_typed_as_it_sounds_alone_is_not_made_that_name(
    names: Names,
) -> None:
    question = ask(names, "assistant nitee")
    assert (question.kind, question.assistants) == (Kind.CLARIFY, ())
    assert "nitee" in (question.problem or "")


@pytest.mark.parametrize(
    ("text", "kind", "assistant", "said"),
    [
        ("hoeveel heeft bilinghelp", Kind.COUNT, "Billing Help", "billing help"),
        ("quikclaims linked", Kind.LIST, "Quick Claims", "quick claims"),
    ],
)
def test_a_name_run_together_with_a_slip_is_that_name_said_with_its_spaces(
    names: Names, text: str, kind: Kind, assistant: str, said: str
) -> None:
    question = ask(names, text)
    assert (question.kind, question.assistants) == (kind, (assistant,))
    assert said in dict(question.corrections).values()
    assert question.ignored == ()
