"""Any text from Flireo made inert for Slack mrkdwn and clipped to Slack's limits (#10)."""

from __future__ import annotations

import re
import unicodedata

# Slack (Block Kit reference): the most characters each kind of text may hold.
SECTION_TEXT_CHARS = 3000
HEADER_CHARS = 150
FIELD_CHARS = 2000
CONTEXT_ELEMENT_CHARS = 2000
BUTTON_VALUE_CHARS = 2000
MAX_BLOCKS = 50

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# mrkdwn has no escape character, so formatting marks become look-alikes Slack does not read as formatting.
_LOOKALIKES = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})
# An underscore between two letters or digits (toll_free) formats nothing in Slack and is kept; any other may
# open or close italics.
_EDGE_MARKS = re.compile(r"[*~`]|(?<![^\W_])_|_(?![^\W_])")
# `:name:` would render as an emoji (a forged :large_green_circle: available); its colons become look-alikes.
_SHORTCODE = re.compile(r":([\w+'-]+):")
_RATIO = "\u2236"
# Control characters, line and paragraph separators: a space (a name must stay on its line).
_AS_SPACE = {"Cc", "Zl", "Zp"}
# Format characters (bidi overrides like U+202E, zero-widths), surrogates, private use: dropped.
_DROPPED = {"Cf", "Cs", "Co"}
_SPACES = re.compile(r"\s+")


def _one_plain_line(text: str) -> str:
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in _AS_SPACE:
            kept.append(" ")
        elif category not in _DROPPED:
            kept.append(char)
    return _SPACES.sub(" ", "".join(kept)).strip()


def escape(text: str) -> str:
    """Escape text for Slack mrkdwn's three control characters: &, < and >."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters with an ellipsis, never in the middle of an &entity;."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    amp = cut.rfind("&", max(0, len(cut) - 4))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def flireo_text(text: str, limit: int) -> str:
    """A string from Flireo as inert mrkdwn of at most `limit` characters.

    One line; no formatting, emoji codes, control or bidi characters; &, < and > escaped. Whatever a record
    holds, it shows as itself and cannot forge a line, a mention, or a block Slack rejects.
    """
    # Only the start can show: a 2 MB locality is not scanned whole for every line it appears on.
    plain = _SHORTCODE.sub(lambda m: f"{_RATIO}{m.group(1)}{_RATIO}", _one_plain_line(text[: limit * 4]))
    inert = _EDGE_MARKS.sub(lambda m: m.group(0).translate(_LOOKALIKES), plain)
    return clip(escape(inert), limit)


def plain_text(text: str, limit: int) -> str:
    """Text for a plain_text field (a header) of at most `limit` characters: one line, no emoji codes.

    Slack shows plain text as typed, so nothing is escaped; a name from Flireo still cannot break the line or
    turn into an emoji (headers render `:codes:`).
    """
    plain = _SHORTCODE.sub(lambda m: f"{_RATIO}{m.group(1)}{_RATIO}", _one_plain_line(text[: limit * 4]))
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


# An emoji code as Slack writes one (`:warning:`, `:link:`); codes of digits only (a time like 10:00:00) are not.
_EMOJI_CODE = re.compile(r":[a-z][\w+'-]*:")


def spoken_text(text: str, limit: int) -> str:
    """A message's top-level `text`: what a screen reader reads aloud and a notification shows.

    Inert like flireo_text (it holds Flireo names: `*Billing*` must not turn bold), but formatting marks and emoji
    codes are left out rather than disguised: read aloud, a disguised `∗Billing∗` or `∶warning∶` is noise.
    """
    plain = _EDGE_MARKS.sub("", _EMOJI_CODE.sub("", _one_plain_line(text[: limit * 4])))
    plain = _SHORTCODE.sub(lambda m: f"{_RATIO}{m.group(1)}{_RATIO}", _SPACES.sub(" ", plain).strip())
    return clip(escape(plain), limit)
