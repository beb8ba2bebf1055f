"""Extract the sentences people read from the source with Babel, and bring both catalogues up to date.

`python -m bot.i18n.extract` adds new messages (English: the message itself; Dutch: empty, for a translator) and
drops ones no longer in the source; the catalogue test (tests/unit/test_i18n_catalogues.py) fails until every Dutch
message is translated. No make step: the test calls the same `extracted()`.
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n.language import Language
from bot.i18n.translator import DOMAIN, catalogue_path

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = ("bot", "handlers")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "Text": None, "NText": (1, 2)}
# Dutch, like English, has one form for one and another for every other count (Babel's CLDR rule for both; the
# catalogue test checks each header says so).
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

HEADER = """\
# The bot's sentences in {language} (issue 23). Update with `python -m bot.i18n.extract`; then translate.
#"""

MessageId = str | tuple[str, str]
Key = tuple[MessageId, str | None]  # (msgid or (singular, plural), context)


def extracted() -> Catalog:
    """Every message marked in the source (`_`, `N_`, `ngettext`, `pgettext`, …), with where it is used."""
    catalog = Catalog(domain=DOMAIN)
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, [("**.py", "python")], keywords=KEYWORDS
        ):
            catalog.add(message, locations=[(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def read_catalogue(lang: Language) -> Catalog:
    """A language's catalogue as Babel reads it."""
    with catalogue_path(lang).open("rb") as po:
        return read_po(po, locale=lang.value, domain=DOMAIN)


def placeholders(text: str) -> set[str]:
    """The `{named}` fields of a message."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def update(lang: Language) -> Catalog:
    """The language's catalogue with the source's messages: kept translations, new ones added, gone ones dropped."""
    path = catalogue_path(lang)
    old = read_catalogue(lang) if path.exists() else Catalog(locale=lang.value, domain=DOMAIN)
    # The old header's dates: running the update twice changes nothing.
    new = Catalog(
        locale=lang.value,
        domain=DOMAIN,
        project="numbers",
        fuzzy=False,
        header_comment=HEADER.format(language=lang.name),
        creation_date=old.creation_date,
        revision_date=old.revision_date,
    )
    for message in extracted():
        if not message.id:
            continue
        kept = old.get(message.id, context=message.context)
        if kept is not None and message.pluralizable != isinstance(kept.string, list | tuple):
            kept = None  # a sentence that became plural (or singular): its old translation has the wrong shape
        string_ = kept.string if kept is not None else _initial(message, lang)
        new[message.id] = Message(
            message.id,
            string_,
            locations=message.locations,
            auto_comments=message.auto_comments,
            context=message.context,
            flags=kept.flags if kept is not None else (),
        )
    return new


def _initial(message: Message, lang: Language) -> str | tuple[str, str]:
    if lang is Language.EN:  # English is complete: the message is its own translation
        return message.id
    return ("", "") if message.pluralizable else ""


def write(lang: Language, catalog: Catalog) -> None:
    """Write a catalogue back, sorted by message so diffs stay small."""
    path = catalogue_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=120, sort_output=True, include_lineno=False)


def main() -> int:
    """Update both catalogues from the source; print how many Dutch messages still need a translation."""
    for lang in Language:
        write(lang, update(lang))
    missing = [m.id for m in read_catalogue(Language.NL) if m.id and not _translated(m)]
    for message_id in missing:
        print(f"untranslated (nl): {message_id!r}")
    return 0


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


if __name__ == "__main__":
    sys.exit(main())
