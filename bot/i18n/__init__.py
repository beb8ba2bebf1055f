"""Replies in the language asked (issue 23): gettext catalogues compiled by Babel, and the language of a reply."""

from bot.i18n.language import DEFAULT, Language
from bot.i18n.translator import (
    N_,
    Joined,
    NText,
    Text,
    Translator,
    decimal,
    english,
    gettext,
    in_language,
    language,
    ngettext,
    npgettext,
    number,
    pgettext,
)

_ = gettext

__all__ = [
    "DEFAULT",
    "N_",
    "Joined",
    "Language",
    "NText",
    "Text",
    "Translator",
    "_",
    "decimal",
    "english",
    "gettext",
    "in_language",
    "language",
    "ngettext",
    "npgettext",
    "number",
    "pgettext",
]
