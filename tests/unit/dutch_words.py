"""What English is left in a Dutch reply: its words checked against the English catalogue's words (issue 23)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from bot.i18n import Language
from bot.i18n.extract import read_catalogue

# Words the same in both languages ("in", "type", "status"), or names of things ("Flireo", "Slack"): data, one a line.
SHARED_WORDS_FILE = Path(__file__).with_name("data") / "words_in_both_languages.txt"
# Names of things shown as they are (the message shortcut's name in manifest.yml): one a line.
NAMES_FILE = Path(__file__).with_name("data") / "names_of_things.txt"

# Not prose: Slack's tokens and links (<!date^…|…>, <tel:…|…>), code the user types (`/numbers help`), emoji codes,
# the slash command's name, the placeholders of a message, and the names of settings (ALLOWED_USER_IDS).
# A message's plain `text` (what a notification shows) drops code marks: Slack's commands and mentions (`/invite
# @numbers`), scopes (`files:write`) and error codes (`invalid_parameters`) are told apart by their shape there.
_NOT_PROSE = re.compile(
    r"<[^>]*>|`[^`]*`|:[a-z0-9_+-]+:|\{[^}]*\}|/numbers\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"
    r"|(?<![\w/])[/@][a-z][\w-]*|\b[a-z]+:[a-z]+(?:\.[a-z]+)*\b|\b[a-z]+(?:_[a-z0-9]+)+\b"
)
# Slack shows &amp; &lt; &gt; as the characters they stand for (its "Escaping text" rules).
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    """The lower-case words of a text, without what is not prose."""
    return [word.casefold() for word in _WORD.findall(_NOT_PROSE.sub(" ", text))]


@cache
def shared_words() -> frozenset[str]:
    """Words listed as the same in English and Dutch."""
    lines = SHARED_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(word.casefold() for line in lines if not line.startswith("#") for word in line.split())


@cache
def english_words() -> frozenset[str]:
    """Every word of the English catalogue, less the words both languages share."""
    found: set[str] = set()
    for message in read_catalogue(Language.EN):
        if not message.id or message.context == "help":  # the header; commands to type, not prose
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            found.update(words(text))
    return frozenset(found - shared_words())


def message_texts(message: Any) -> list[str]:
    """Every text a person reads in a Block Kit message or a Home view: fallback, headers, sections, buttons."""
    blocks = message["blocks"] if isinstance(message, dict) else message.blocks
    texts = [] if isinstance(message, dict) else [message.text]
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str) and value.get("type") in ("mrkdwn", "plain_text"):
                found.append(value["text"])
            for key, inner in value.items():
                if key not in ("value", "action_id", "block_id", "url"):
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(blocks)
    return texts + found


@cache
def names_of_things() -> tuple[str, ...]:
    """Names shown as they are, whatever the language."""
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def english_left(message: Any, names: Iterable[str] = ()) -> list[str]:
    """The English words in a rendered reply, less the names from the data it shows and the names of things."""
    from_data = {word for name in names for word in words(name)}
    english = english_words()
    texts = [_unescaped(text) for text in message_texts(message)]
    for name in names_of_things():
        texts = [text.replace(name, " ") for text in texts]
    return sorted({w for text in texts for w in words(text) if w in english and w not in from_data})


def _unescaped(text: str) -> str:
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    return text


def english_in_translations(names: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """Each Dutch translation that holds English words, with those words (commands to type, `help`, left out)."""
    from_data = {word for name in names for word in words(name)}
    english = english_words()
    found = []
    for message in read_catalogue(Language.NL):
        if not message.id or message.context == "help":
            continue
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            for name in names_of_things():
                text = text.replace(name, " ")
            left = sorted({w for w in words(text) if w in english and w not in from_data})
            if left:
                found.append((text, left))
    return found


# Dutch sentences that show English keywords on purpose: they tell the reader English is read too (the help's
# example in the other language stands beside "Engels werkt ook").
TEACHES_ENGLISH = ("Ask in English or Dutch, in any order", "Dutch works too:", "/numbers vrije nummers in den haag")
# In code spans: Flireo's field (`data`), Slack's own commands (`/invite @…`) and
# scopes (`files:write`).
CODE_NAMES = frozenset({"data"})
_SLACK_COMMAND = re.compile(r"[/@]\w+|\b[a-z]+(?::[a-z.]+)+")


def english_to_type_in_translations(names: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """Each Dutch translation whose code spans or help commands (what the reader types) hold English words."""
    english = english_words() - {word for name in names for word in words(name)}
    found = []
    for message in read_catalogue(Language.NL):
        msgid = message.id if isinstance(message.id, str) else (message.id or ("",))[0]
        if not msgid or msgid.startswith(TEACHES_ENGLISH):
            continue
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            spans = [text] if message.context == "help" else re.findall(r"`([^`]*)`", text)
            typed = " ".join(_SLACK_COMMAND.sub(" ", code) for code in spans)
            left = sorted({w for w in words(typed) if w in english and w not in CODE_NAMES})
            if left:
                found.append((text, left))
    return found
