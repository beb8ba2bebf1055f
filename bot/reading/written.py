"""Numbers as logs and people write them (SPEC §3 step 1): SIP URIs, `msisdn=` fields, a letter O for a zero, and
numbers with a digit too many or too few, which are said to be invalid instead of searched for as digits.

Every rewrite keeps the text's length, so the spans found later still point at what was typed.
"""

from __future__ import annotations

import re

import phonenumbers

from bot.i18n import _, ngettext, number
from bot.reading.phones import national_length, trunk
from bot.reading.text import digits

# A SIP trace writes numbers as URIs: `<sip:+31703904417@10.1.2.3:5060>;tag=…`, `sips:0201234567@pbx`. The angle
# brackets would read as a Slack link (and vanish), the host and port as digits of their own.
_SIP_URI = re.compile(r"<?\bsips?:([+\d][\d().-]*)(?:[@;][^\s>]*)?>?", re.IGNORECASE)
# Log and CDR fields that hold a number: msisdn=31612345678, "cli": "0201234567", caller_id=+31…
_NUMBER_FIELD = re.compile(
    r"\b(?:msisdn|e164|cli|ani|caller_?id|calling_?number|called_?number|from_?number|to_?number)"
    r"""["']?\s*[=:]\s*["']?(\+?\d{8,15})\b""",
    re.IGNORECASE,
)
# Digits with a letter O among them (`O20 123 4567`, `o6-12345678`): read as zeros when that makes a valid number.
# (It ends where a word does not go on: "O593 1O9 O25 owner?" is never read up to the "o" of "owner".)
_WITH_LETTER_O = re.compile(r"(?<![\w+])(?:\+|00)?[\dOo](?:[\dOo]|[ ().-](?=[\dOo])){7,16}(?!\w)")
# A Dutch-looking number (a trunk 0 or +31/0031 and groups of digits) whose digit count is one off a whole number.
_NUMBER_LIKE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ .-]?\d){7,13}(?![\w])")
# A whole number is one digit away from these: one too many or one short is a slip, not a fragment to look for.
DIGITS_OFF = 1
# Written whole in a number's grouping, two digits short is a number cut off (`020 123 45`), not a prefix and digits.
DIGITS_SHORT = 2


_ENCODED_PLUS = re.compile(r"%2B(?=\d)", re.IGNORECASE)
# A number glued to a channel or trunk name in a PBX log (`SIP/trunk-0031161844532`, `PJSIP/kpn_0201234567`): the
# join is read as a space. Only after a channel's technology and slash: a ticket id (`INC-0012345678`) is no number;
# Asterisk's own channel ids (`SIP/peer-0000001a`) end in a letter or are too short.
_GLUED_TO_A_NAME = re.compile(r"(/[A-Za-z][\w.]{0,30}?)[-_/](?=(?:\+|00|0)\d{9,13}\b)")


def as_numbers(text: str, region: str) -> str:
    """The text with SIP URIs and number fields put as their numbers and letter O's in numbers put as zeros."""
    text = _ENCODED_PLUS.sub("  +", text)  # "from=%2B31546512436" in a pasted link: the plus, URL-encoded
    text = _GLUED_TO_A_NAME.sub(r"\1 ", text)
    text = _SIP_URI.sub(lambda match: _in_place(_international(match.group(1), region), match), text)
    text = _NUMBER_FIELD.sub(lambda match: _in_place(_international(match.group(1), region), match), text)
    return _WITH_LETTER_O.sub(lambda match: _zeros(match.group(0), region), text)


def _in_place(number: str, match: re.Match[str]) -> str:
    """The number where the URI or field was, padded with spaces to the same length (the URI is always longer)."""
    return f" {number} ".ljust(len(match.group(0)))


def _international(written: str, region: str) -> str:
    """`31703904417` in a log is +31703904417 (a country code and a whole number); anything else as written."""
    country, _ = trunk(region)
    bare = digits(written)
    if not written.startswith("+") and bare.startswith(country) and len(bare) == len(country) + national_length(region):
        return "+" + bare
    return written


def _zeros(written: str, region: str) -> str:
    if "o" not in written.lower():
        return written
    candidate = written.replace("O", "0").replace("o", "0")
    try:
        parsed = phonenumbers.parse(candidate, region.upper())
    except phonenumbers.NumberParseException:
        return written
    return candidate if phonenumbers.is_valid_number(parsed) else written


def invalid_numbers(text: str, region: str) -> list[str]:
    """Numbers written whole in national or international form that have a digit too many or too few."""
    country, national_prefix = trunk(region)
    whole = national_length(region)
    found: list[str] = []
    for match in _NUMBER_LIKE.finditer(text):
        written = match.group(0).strip()
        bare = digits(written)
        if written.startswith(("+", "00")):
            bare = bare.removeprefix("00")
            if not bare.startswith(country):
                continue
            significant = bare[len(country) :]
        elif national_prefix and bare.startswith(national_prefix) and not bare.startswith(national_prefix * 2):
            significant = bare[len(national_prefix) :]
        else:
            continue
        if len(significant) - whole == DIGITS_OFF or 0 < whole - len(significant) <= DIGITS_SHORT:
            found.append(written)
    return found


def a_digit_off(e164: str, region: str) -> bool:
    """A number of the region written internationally that is invalid: one digit too many, or one or two short."""
    country, _ = trunk(region)
    if not e164.startswith("+" + country):
        return False
    significant = len(e164) - 1 - len(country)
    off = significant - national_length(region)
    if not (off == DIGITS_OFF or -DIGITS_SHORT <= off < 0):
        return False
    try:
        return not phonenumbers.is_valid_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return True


def why_invalid(written: str, region: str) -> str:
    """`one digit too many`, `one digit short` or `2 digits short`, against a whole national number of the region."""
    country, national_prefix = trunk(region)
    bare = digits(written).removeprefix("00")
    significant = bare[len(country) :] if written.startswith(("+", "00")) else bare[len(national_prefix) :]
    short = national_length(region) - len(significant)
    if short < 0:
        return _("one digit too many")
    return ngettext("one digit short", "{count} digits short", short).format(count=number(short))


def national_of(written: str, region: str) -> str:
    """The national digits a written number would have (`+31 20 1234 56789` → `0201234567 89`, digits only)."""
    country, national_prefix = trunk(region)
    bare = digits(written)
    if written.startswith(("+", "00")):
        return national_prefix + bare.removeprefix("00")[len(country) :]
    return bare
