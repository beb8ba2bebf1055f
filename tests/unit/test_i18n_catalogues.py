"""CI fails when a sentence in the source is not in a catalogue, or its Dutch is missing, fuzzy or misshapen."""

from __future__ import annotations

import pytest

from bot.i18n import Language, in_language, ngettext, pgettext
from bot.i18n.extract import PLURAL_FORMS, extracted, placeholders, read_catalogue
from bot.i18n.translator import translator

_SOURCE = [message for message in extracted() if message.id]


def _key(message: object) -> tuple[object, object]:
    return (message.id, message.context)  # type: ignore[attr-defined]


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def _ids(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def test_the_source_marks_sentences_for_translation() -> None:
    assert len(_SOURCE) > 0


@pytest.mark.parametrize("lang", list(Language))
def test_every_message_in_the_source_is_in_the_catalogue(lang: Language) -> None:
    catalogue = read_catalogue(lang)
    missing = [message.id for message in _SOURCE if catalogue.get(message.id, context=message.context) is None]
    assert missing == [], f"run `python -m bot.i18n.extract` and translate: {missing}"


@pytest.mark.parametrize("lang", list(Language))
def test_the_catalogue_holds_no_message_the_source_no_longer_has(lang: Language) -> None:
    source = {_key(message) for message in _SOURCE}
    stale = [message.id for message in read_catalogue(lang) if message.id and _key(message) not in source]
    assert stale == [], f"run `python -m bot.i18n.extract` to drop them: {stale}"


@pytest.mark.parametrize("lang", list(Language))
def test_every_translation_is_complete_not_fuzzy_with_every_plural_form(lang: Language) -> None:
    catalogue = read_catalogue(lang)
    assert catalogue.plural_forms == PLURAL_FORMS
    unfinished = []
    for message in catalogue:
        if not message.id:
            continue
        strings = _strings(message.string)
        forms = catalogue.num_plurals if message.pluralizable else 1
        if message.fuzzy or len(strings) != forms or not all(strings):
            unfinished.append(message.id)
    assert unfinished == []


@pytest.mark.parametrize("lang", list(Language))
def test_every_translation_has_the_same_placeholders_as_its_message(lang: Language) -> None:
    wrong = []
    for message in read_catalogue(lang):
        if not message.id:
            continue
        wanted = set().union(*(placeholders(text) for text in _ids(message.id)))
        for text in _strings(message.string):
            # A singular may say "one" in words instead of {count}; every other field must be there, none added.
            if placeholders(text) - wanted or wanted - placeholders(text) - {"count"}:
                wrong.append((message.id, text))
    assert wrong == []


def test_english_is_its_own_translation() -> None:
    for message in read_catalogue(Language.EN):
        if message.id:
            assert _strings(message.string) == _ids(message.id)


def test_dutch_plurals_follow_the_catalogues_rule() -> None:
    with in_language(Language.NL):
        assert pgettext("button", "Next") == "Volgende"
    assert translator(Language.NL).translations.plural(1) == 0
    assert translator(Language.NL).translations.plural(0) == 1
    assert translator(Language.NL).translations.plural(7) == 1


def test_a_message_not_in_the_catalogue_reads_as_itself() -> None:
    with in_language(Language.NL):
        assert ngettext("{count} thing", "{count} things", 2) == "{count} things"


def test_no_sentence_is_marked_inside_an_f_string_where_babel_cannot_see_it() -> None:
    # Python 3.11's tokenizer gives an f-string as one token: `f"{_('Next')} …"` is never extracted, so the Dutch
    # reply would show the English message. A message marked inside one must move out of it.
    import ast

    from bot.i18n.extract import KEYWORDS, ROOT, SOURCES

    hidden = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Name)
                        and call.func.id in KEYWORDS
                        and any(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in call.args)
                    ):
                        hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert hidden == []


def test_no_function_both_calls_gettext_and_binds_underscore() -> None:
    # `snapshot, _ = cache.get()` makes `_` local to the whole function: its `_("…")` then calls the value, and the
    # reply is "Something went wrong" instead of the sentence (found in the workflow steps).
    import ast

    from bot.i18n.extract import ROOT, SOURCES

    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp)
    scopes += (ast.DictComp, ast.GeneratorExp)

    def own(function: ast.AST) -> list[ast.AST]:
        found, stack = [], list(ast.iter_child_nodes(function))
        while stack:
            node = stack.pop()
            if not isinstance(node, scopes):
                found.append(node)
                stack.extend(ast.iter_child_nodes(node))
        return found

    shadowed = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                nodes = own(function)
                binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in nodes)
                calls = any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_" for n in nodes)
                if binds and calls:
                    shadowed.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}")
    assert shadowed == []
