"""Phone numbers in what people type (SPEC §3 step 1), and the digits that are something else.

phonenumbers finds the numbers, in any format (`020 123 4567`, `0031 …`, `+31 (0)20-…`, `tel:`); ticket ids,
dates, times, IP addresses and decimals are masked first so their digits are never read as a number or a filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

# Digits that belong to something else. Order matters: a timestamp is masked before its date and time parts.
_DATE = r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
_NOT_PHONE_NUMBERS = re.compile(
    rf"""
      {_DATE}(?:[T\ ]{_CLOCK})?                                                     # 2026-11-27, ISO stamps
    | (?<![\d+/.-])(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:\d{{4}}|\d{{2}})(?![\d/.-])  # 27/11/2026
    | \b\d{{1,2}}:\d{{2}}(?::\d{{2}})?\b                                                # 14:02, 14:02:11
    | (?<![\d.+])\b(?!0\d)\d{{1,3}}(?:\.\d{{1,3}}){{3}}(?::\d+)?\b(?!\.\d)  # 10.0.4.17 (never 06.49.14.54.02)
    | (?<![+\d.])\b\d+[.,]\d+\b(?![\s.]?\d)                                               # 0.42, 3,5
    | \#\d+                                                                           # #4521
    | \b[A-Za-z][A-Za-z_]*[-_]?\d[\w-]*                                                # INC0012345, JIRA-123
    | \b\d+[A-Za-z][\w-]*                                                              # 8f3a2c, 5xx, 2nd
    """,
    re.VERBOSE,
)
# Slack wraps mentions, links and auto-linked numbers: <@U123>, <tel:+3120...|020 ...>, <http://x|label>.
_SLACK_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
# A number written whole in E.164 or with an international prefix is a number even where metadata calls it invalid.
_INTERNATIONAL = re.compile(r"^\s*(?:\+|00)")


@dataclass(frozen=True)
class FoundNumber:
    """A phone number in the text: how it was written and its E.164 form."""

    written: str
    e164: str


def strip_slack_markup(text: str) -> str:
    """Drop mentions and unwrap Slack's <target|label> links; a tel: link reads as its number."""

    def unwrap(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("tel:"):
            return f" {target.removeprefix('tel:')} "
        if target.startswith(("@", "!", "#")):
            return " " if target.startswith("@") or not label else f" {label} "
        return f" {label} " if label else " "

    return _SLACK_LINK.sub(unwrap, text)


# Unicode's format characters (category Cf: zero-width space and joiner, word joiner, soft hyphen, bidi marks) are
# invisible; pasted from a web page or a chat client they sit between a number's digits and break it up. Written
# out (Unicode 14, as Python 3.11+ knows it): scanning every code point for them cost 0.2 s at each start.
FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_FORMAT_NEXT_TO_DIGITS = re.compile(f"(?<=\\d)[{FORMAT_CHARACTERS}]+|[{FORMAT_CHARACTERS}]+(?=\\d)")


def without_format_characters(text: str) -> str:
    """`text` without the invisible format characters (Unicode Cf) next to its digits: `020\u200d123` → `020123`."""
    return _FORMAT_NEXT_TO_DIGITS.sub("", text)


# A dash between spaces separates ("070 362 1144 - 37 failed calls"); inside a number it has no spaces around it.
_SEPARATING_DASH = re.compile(r"(?<=\s)[-–—](?=\s)")


def mask_other_digits(text: str) -> tuple[str, list[str]]:
    """The text with ids, dates, times, IPs and decimals blanked out (same length), and what was blanked."""
    masked: list[str] = []

    def blank(match: re.Match[str]) -> str:
        masked.append(match.group(0))
        return " " * len(match.group(0))

    return _NOT_PHONE_NUMBERS.sub(blank, text), masked


def find_numbers(text: str, region: str, known: set[str] | frozenset[str] = frozenset()) -> list[FoundNumber]:
    """Every phone number in `text` (already masked), in order, once each.

    A valid number counts; a merely possible one only when written internationally or when it is on the account
    (`known`), so a stray group of digits is not taken for a number.
    """
    text = _numbers_apart(_PLUS_BETWEEN.sub(";", text.replace("tel:", "    ")), region)
    # "070 - 356 22 10" is one number, "070 362 1144 - 37 failed calls" a number and a count: read both ways.
    matches = [*_matches(text, region, known), *_matches(_SEPARATING_DASH.sub(";", text), region, known)]
    found: dict[str, FoundNumber] = {}
    for _, number in sorted(matches, key=lambda match: match[0]):
        found.setdefault(number.e164, number)
    return list(found.values())


# Groups of digits side by side with spaces or dashes between ("06 12345678 06 37898392", "020 123 4567 070 …").
_DIGIT_RUN = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d-]*(?:[ \t]+[\d-]*\d)+")
_GROUP = re.compile(r"[\d+-]+")


def _numbers_apart(text: str, region: str) -> str:
    """`06 12345678 06 37898392`, `020 123 4567 070 328 0924`: whole numbers typed with spaces side by side are put
    apart (a `;` for the space after each), so phonenumbers, which reads such a run as one number or none, finds
    every one; a group after a whole number that does not open a number (`0` or `+`) stays with it."""

    def apart(match: re.Match[str]) -> str:
        run = list(match.group(0))
        groups = list(_GROUP.finditer(match.group(0)))
        first = 0  # the group the number being read opens with
        for i, group in enumerate(groups[:-1]):
            written = match.group(0)[groups[first].start() : group.end()]
            if groups[i + 1].group(0).startswith(("0", "+")) and _a_whole_number(written, region):
                run[group.end()] = ";"
                first = i + 1
        return "".join(run)

    return _DIGIT_RUN.sub(apart, text)


def _a_whole_number(written: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(written, region.upper()))
    except phonenumbers.NumberParseException:
        return False


# "0900 3623352 + 0800 4684": a plus with a space after it, before a national number, joins two numbers; read as
# a start of an international number it made the second one invalid. ("+ 31 …" keeps its plus.)
_PLUS_BETWEEN = re.compile(r"\+(?=\s+0)")


def _matches(text: str, region: str, known: set[str] | frozenset[str]) -> list[tuple[int, FoundNumber]]:
    """(position, number) of every number phonenumbers finds that is valid, international or on the account."""
    found: list[tuple[int, FoundNumber]] = []
    for match in PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
        e164 = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        if _whole_number(match, region) or e164 in known:
            found.append((match.start, FoundNumber(match.raw_string, e164)))
    return found


def _whole_number(match: phonenumbers.PhoneNumberMatch, region: str) -> bool:
    """Valid, written internationally, or a whole national number (`0699999999`: not assigned, yet clearly typed as
    a number to look up, so it is answered "not on this account" instead of searched for as digits)."""
    number = match.number
    if phonenumbers.is_valid_number(number) or _INTERNATIONAL.match(match.raw_string):
        return True
    _, national_prefix = trunk(region)
    whole = len(phonenumbers.national_significant_number(number)) == national_length(region)
    return bool(national_prefix) and match.raw_string.startswith(national_prefix) and whole


@cache
def national_length(region: str) -> int:
    """How many digits a whole national number has after its prefix (NL: 9), from phonenumbers' example number."""
    example = phonenumbers.example_number(region.upper())
    return len(phonenumbers.national_significant_number(example)) if example else 0


def blank_spans(text: str, spans: list[str]) -> str:
    """`text` with each of `spans` blanked once."""
    for span in spans:
        text = text.replace(span, " " * len(span), 1)
    return text


@cache
def trunk(region: str) -> tuple[str, str]:
    """The region's country code and national prefix: NL → ('31', '0')."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper())
    national_prefix = (metadata.national_prefix if metadata else None) or ""
    return str(phonenumbers.country_code_for_region(region.upper())), national_prefix


def international_prefix(national: str, region: str) -> str:
    """`085` in NL → `+3185`: a national-format prefix as the start of E.164 numbers."""
    country, national_prefix = trunk(region)
    return f"+{country}{national.removeprefix(national_prefix) if national_prefix else national}"
