"""The shared example questions answered in the language they were asked in (issue 23).

A question tagged `dutch` must be read as Dutch and one tagged `english` as English; every other question is read
by its words. A Dutch question's reply holds no English word (the English catalogue's words, less names from the
data and words both languages share); an English question's reply holds no Dutch-only word.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from bot.answers.service import NumbersService
from bot.container import build_container
from bot.i18n import Language
from bot.i18n.extract import read_catalogue
from bot.inventory.snapshot import Snapshot
from bot.ops.config import Settings
from tests.understanding.test_understanding import shared_examples
from tests.unit.dutch_words import english_left, english_words, message_texts, shared_words, words


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on its demo inventory, as `python app.py ask` runs without FLIREO_API_KEY."""
    deps = build_container(Settings(_env_file=None, flireo_api_key=None, flireo_api_url=None, redis_url=None))
    snapshot, _ = deps.cache.get()
    yield deps.numbers, snapshot
    deps.close()


@cache
def dutch_only_words() -> frozenset[str]:
    """Every word of the Dutch catalogue that is not also an English catalogue word or shared."""
    found: set[str] = set()
    for message in read_catalogue(Language.NL):
        if not message.id or message.context == "help":  # the header; commands to type
            continue
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            found.update(words(text))
    return frozenset(found - english_words() - shared_words())


def names_in(snapshot: Snapshot) -> list[str]:
    """The places and assistants of the data: a reply shows them as they are, in either language."""
    return [*snapshot.index.localities.values(), *snapshot.index.assistant_names.values()]


@pytest.mark.parametrize("case", shared_examples(), ids=lambda case: case["q"][:60] if case else "missing")
def test_every_shared_example_is_answered_in_the_language_it_was_asked_in(
    case: dict[str, Any], demo: tuple[NumbersService, Snapshot]
) -> None:
    service, snapshot = demo
    question = service._read(case["q"], snapshot)
    if case.get("tag") == "dutch":
        assert question.language is Language.NL
    if case.get("tag") == "english":
        assert question.language is Language.EN
    reply = service.reply(case["q"])
    if question.language is Language.NL:
        assert english_left(reply.message, names_in(snapshot)) == [], reply.message.text
    else:
        names = {word for name in names_in(snapshot) for word in words(name)}
        shown = {word for text in message_texts(reply.message) for word in words(text)} - names
        assert sorted(shown & dutch_only_words()) == [], reply.message.text


def _dutch_questions_of_every_case_file() -> list[str]:
    """Every question of our case files (the shared examples are above): the Dutch ones among them are kept below."""
    from tests.understanding.test_understanding import (
        HELD_OUT_21_CASES,
        HELD_OUT_CASES,
        ISSUE21_CASES,
        ISSUE21_KINDS_CASES,
        TUNED_CASES,
        cases,
    )

    files = (TUNED_CASES, HELD_OUT_CASES, ISSUE21_CASES, ISSUE21_KINDS_CASES, HELD_OUT_21_CASES)
    return list(dict.fromkeys(case["q"] for path in files if path.exists() for case in cases(path)))


def test_every_question_of_the_case_files_read_as_dutch_is_answered_with_no_english_word(
    demo: tuple[NumbersService, Snapshot],
) -> None:
    service, snapshot = demo
    asked = [q for q in _dutch_questions_of_every_case_file() if service._read(q, snapshot).language is Language.NL]
    assert len(asked) > 300, "the case files ask hundreds of Dutch questions"
    left = {q: english_left(service.reply(q).message, names_in(snapshot)) for q in asked}
    assert {q: words for q, words in left.items() if words} == {}
