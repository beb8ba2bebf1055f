"""The language of a reply is the language of the question (issue 23); a button keeps its message's language."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answers.service import NumbersService
from bot.console import buttons
from bot.i18n import Language, in_language, language
from bot.i18n.translator import default_language, set_default_language
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.reading.names import build_names
from bot.reading.reader import read
from bot.reading.vocabulary import PHRASE_LANGUAGES, PHRASES
from bot.replies.state import Action, PageState
from tests.unit.support import FlireoStub, client_on

MakeCache = Callable[..., InventoryCache]
NAMES = build_names((), ())


def service_on(stub: FlireoStub, make_cache: MakeCache, page_size: int = 2) -> NumbersService:
    return NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=page_size, region="NL")


def button_labels(blocks: list[dict[str, object]]) -> list[str]:
    return [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]  # type: ignore[index]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("vrije nummers in amsterdam", Language.NL),
        ("hoeveel mobiele nummers zijn er", Language.NL),
        ("wat is er veranderd vandaag", Language.NL),
        ("overzicht", Language.NL),
        ("hulp", Language.NL),
        ("beschikbaaar nummers", Language.NL),  # a typo is read as its word, in that word's language
        ("free local numbers in amsterdam", Language.EN),
        ("changes since yesterday", Language.EN),
        ("how many mobile", Language.EN),
    ],
)
def test_a_question_is_in_the_language_of_most_of_its_words(question: str, expected: Language) -> None:
    assert read(question, NAMES, "NL").language is expected


@pytest.mark.parametrize("question", ["020 123 4567", "+31201234567", "amsterdam", "free nummers", "x"])
def test_a_question_without_words_of_one_language_or_with_a_tie_has_none(question: str) -> None:
    assert read(question, NAMES, "NL").language is None


def test_a_mixed_question_takes_the_majority_of_its_words() -> None:
    assert read("free lokale mobiele nummers", NAMES, "NL").language is Language.NL
    assert read("available local vrij numbers", NAMES, "NL").language is Language.EN


def test_every_vocabulary_phrase_is_tagged_with_a_language() -> None:
    assert set(PHRASES) <= set(PHRASE_LANGUAGES)
    assert set(PHRASE_LANGUAGES.values()) == {"en", "nl", "both"}
    assert PHRASE_LANGUAGES["vrij"] == "nl"
    assert PHRASE_LANGUAGES["available"] == "en"
    assert PHRASE_LANGUAGES["in"] == "both"


def test_without_a_language_in_context_replies_use_the_default_language() -> None:
    before = default_language()
    try:
        set_default_language(Language.NL)
        assert language() is Language.NL
        with in_language(Language.EN):
            assert language() is Language.EN
        assert language() is Language.NL
    finally:
        set_default_language(before)


def test_a_dutch_question_gets_dutch_buttons_and_its_next_page_stays_dutch(
    flireo: FlireoStub, make_cache: MakeCache
) -> None:
    service = service_on(flireo, make_cache)
    first = service.reply("gekoppelde nummers")
    assert button_labels(first.message.blocks)[:2] == ["Volgende", "Verversen"]
    state = buttons(first.message)[Action.NEXT]
    assert state.language is Language.NL
    second = service.reply_to_page(state)
    assert "Vorige" in button_labels(second.message.blocks)
    assert buttons(second.message)[Action.PREVIOUS].language is Language.NL


def test_an_english_question_keeps_english_buttons(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache).reply("linked numbers")
    assert button_labels(reply.message.blocks)[:2] == ["Next", "Refresh"]
    assert buttons(reply.message)[Action.NEXT].language is Language.EN


def test_a_language_can_be_forced_as_ask_lang_does(flireo: FlireoStub, make_cache: MakeCache) -> None:
    reply = service_on(flireo, make_cache).reply("linked numbers", lang=Language.NL)
    assert "Volgende" in button_labels(reply.message.blocks)


def test_a_button_made_before_languages_were_carried_still_works_in_the_default() -> None:
    old = PageState.from_value('{"query": "linked", "offset": 2, "public": false}')
    assert old.language is None
