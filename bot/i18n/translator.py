"""Catalogues compiled in memory from the `.po` files at first use, and the language of the reply being built.

Why compile at start instead of committing `.mo` files: a binary in git can silently disagree with its `.po`, and a
build step is one a server can forget. Babel reads the `.po` and writes the `.mo` bytes that `gettext` loads; this
takes a few milliseconds once per language per process (cached).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.i18n.language import DEFAULT, Language

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "numbers"


def catalogue_path(lang: Language) -> Path:
    """The `.po` file of a language."""
    return LOCALE_DIR / lang.value / "LC_MESSAGES" / f"{DOMAIN}.po"


class Translator:
    """gettext, ngettext and their contextual forms for one language, plural forms from its catalogue's header."""

    def __init__(self, translations: _gettext.NullTranslations, lang: Language) -> None:
        self.translations = translations
        self.language = lang

    def gettext(self, message: str) -> str:
        """The sentence in this language."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` ("1 nummer", "7 nummers"), by the catalogue's plural rule."""
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """A short word whose translation depends on where it stands (a button, a field name)."""
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """ngettext with a context."""
        return self.translations.npgettext(context, singular, plural, n)


@cache
def translator(lang: Language) -> Translator:
    """The language's catalogue, read and compiled once per process."""
    with catalogue_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang.value, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translator(_gettext.GNUTranslations(compiled), lang)


# The language of the reply being built. A context variable, not an argument through every renderer: each request
# runs in its own thread (or context), and the renderers are many small functions that would all have to pass it on.
_current: ContextVar[Language | None] = ContextVar("reply_language", default=None)
_default: list[Language] = [DEFAULT]


def set_default_language(lang: Language) -> None:
    """DEFAULT_LANGUAGE, once at start-up: the language of Home and of questions without language-specific words."""
    _default[0] = lang


def default_language() -> Language:
    """The configured default language."""
    return _default[0]


def language() -> Language:
    """The language of the reply being built: the question's, else DEFAULT_LANGUAGE."""
    return _current.get() or _default[0]


@contextmanager
def in_language(lang: Language | None) -> Iterator[Language]:
    """Build replies in `lang` (None: DEFAULT_LANGUAGE) inside the block."""
    chosen = lang or _default[0]
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """`message` in the reply's language."""
    return translator(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form for `n` in the reply's language."""
    return translator(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the reply's language, told apart by `context`."""
    return translator(language()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """ngettext with a context, in the reply's language."""
    return translator(language()).npgettext(context, singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Mark a constant for extraction; it is translated where it is shown, with `_()`."""
    return message


def number(value: int) -> str:
    """A count as the reply's language writes it: 6,000 in English, 6.000 in Dutch (CLDR, through Babel)."""
    return format_decimal(value, locale=language().value)


def decimal(value: float) -> str:
    """A size with one decimal as the reply's language writes it: 1.3 in English, 1,3 in Dutch."""
    return format_decimal(value, format="#,##0.0", locale=language().value)


class Text:
    """A sentence translated when it is shown (`str()`), not when it is made: in the language of the reply then.

    For sentences made below the replies (an error from Flireo's client, a notice on a cached snapshot) that one
    reply may show in English and the next in Dutch. Its fields may be Texts too; each is shown in the same language.
    """

    __slots__ = ("fields", "message")

    def __init__(self, message: str, /, **fields: object) -> None:
        self.message = message
        self.fields = fields

    def __str__(self) -> str:
        translated = gettext(self.message)
        return (
            translated.format(**{name: str(value) for name, value in self.fields.items()})
            if self.fields
            else translated
        )

    def __repr__(self) -> str:
        return f"Text({self.message!r})"

    def __contains__(self, part: str) -> bool:
        return part in str(self)

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, Text | str) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.message)


class Count:
    """A count shown as the reply's language writes it, when shown: a field of a Text (6,000 / 6.000)."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value

    def __str__(self) -> str:
        return number(self.value)


class NText(Text):
    """A Text with a count: its form (`1 nummer` / `7 nummers`) chosen by the catalogue's plural rule when shown."""

    __slots__ = ("count", "plural")

    def __init__(self, singular: str, plural: str, count: int, /, **fields: object) -> None:
        super().__init__(singular, **fields)
        self.plural = plural
        self.count = count

    def __str__(self) -> str:
        translated = ngettext(self.message, self.plural, self.count)
        values = {name: str(value) for name, value in self.fields.items()}
        return translated.format(count=number(self.count), **values)


class Joined(Text):
    """Parts (Texts or strings) shown one after another in the reply's language: 'a; b', 'id: linked to X'."""

    __slots__ = ("parts",)

    def __init__(self, separator: str, *parts: object) -> None:
        super().__init__(separator)
        self.parts = parts

    def __str__(self) -> str:
        return self.message.join(str(part) for part in self.parts)


def english(text: object) -> str:
    """A sentence as English reads it, whatever the reply's language: for logs and /healthz, read by operators."""
    token = _current.set(Language.EN)
    try:
        return str(text)
    finally:
        _current.reset(token)
