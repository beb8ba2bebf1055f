"""The languages the bot answers in: the ones its reader reads (SPEC §3)."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """A reply's language, named by its ISO 639-1 code (the catalogue's folder under bot/locale)."""

    EN = "en"
    NL = "nl"


# What a question without language-specific words gets, until DEFAULT_LANGUAGE says otherwise.
DEFAULT = Language.EN
