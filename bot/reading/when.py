"""Reading change questions: "what changed in the last hour", "wat is er veranderd sinds gisteren".

Pure: text, the current time and the team's time zone in; the period asked about and the rest of the text out,
so the rest can be read as ordinary filters (`changes billing desk`, `changes local amsterdam`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from rapidfuzz.distance import OSA

from bot.reading.periods import PERIODS, period_word_slips

# How "14:00" and "today" are read when the caller does not say (settings.TIMEZONE): the team is Dutch.
DEFAULT_TIMEZONE = ZoneInfo("Europe/Amsterdam")
# With no period, "changes" means the last day: what an on-call engineer coming in wants to know.
DEFAULT_PERIOD = timedelta(hours=24)
# Longer ago than any store keeps (HISTORY_DAYS is at most 3650): a typo, not a question.
MAX_PERIOD = timedelta(days=3650)

_CHANGE_WORDS = re.compile(
    r"\b(?:wat\s+is\s+er\s+(?:veranderd|gewijzigd|gebeurd)|what\s+(?:has\s+|have\s+)?(?:changed|happened)"
    r"|what'?s\s+changed|changes|changed|change|history|diffs?|happened"
    r"|veranderd|veranderingen|verandering|wijzigingen|wijziging|gewijzigd|geschiedenis|gebeurd"
    r"|aangepast|aanpassingen|aanpassing|modified|modifications|updates|updated)\b"
)
# Words that only frame a change question ("did anything change", "is er iets gewijzigd"): dropped with it.
_FRAMING = re.compile(
    r"\b(?:what|wat|did|does|has|have|had|is|er|iets|anything|something|been|were|was|there|any|recent|recently"
    r"|recente|zijn|hebben|heeft|with|to|iemand|someone|somebody|anyone|anybody|aan|got|get|gotten)\b"
)

# Kinds of change in words (values are ChangeKind's). "linked to Billing Desk" names an assistant and "not linked"
# a status, so a kind word followed by "to"/"from" or after "not" stays a filter.
_KIND_WORDS = {
    "added": "added", "toegevoegd": "added", "removed": "removed", "deleted": "removed", "released": "removed",
    "verwijderd": "removed", "relinked": "relinked", "omgekoppeld": "relinked", "unlinked": "unlinked",
    "ontkoppeld": "unlinked", "linked": "linked", "gekoppeld": "linked",
}  # fmt: skip
_KIND = "|".join(sorted(_KIND_WORDS, key=len, reverse=True))
_KIND_WORD = re.compile(rf"(?<!not )(?<!niet )\b(?:{_KIND})\b(?!\s+(?:to|aan|met|from|van)\b)")
# Without a change word, "what was removed", "wat is verwijderd", "welke nummers zijn toegevoegd" still ask about
# changes; "which numbers are linked" asks about now, so a link's kind needs a past tense ("what got unlinked").
_PAST_KIND = re.compile(
    r"\b(?:(?:was|were|got|been|is|zijn|werd|werden)\s+(?:er\s+)?(?:added|removed|deleted|released|toegevoegd"
    r"|verwijderd)|(?:was|were|got|been|werd|werden)\s+(?:er\s+)?(?:re|un)?linked|(?:werd|werden)\s+(?:er\s+)?"
    r"(?:gekoppeld|ontkoppeld|omgekoppeld))\b(?!\s+(?:to|aan|met|from|van)\b)"
)
# The change words a slip is read as (bot/reading/typos.py corrects the filters' words; these open the question).
_SLIP_TARGETS = (
    "changes", "changed", "history", "happened", "veranderd", "veranderingen", "verandering", "wijzigingen",
    "wijziging", "gewijzigd", "geschiedenis", "aangepast", "aanpassingen", "modified",
)  # fmt: skip
# Real words one slip from a change word ("charges" is one letter from "changes").
_NOT_CHANGE_WORDS = frozenset({"charges", "charged", "chances", "changer", "hangers"})
_KIND_FRAMING = re.compile(r"\b(?:which|welke|numbers?|nummers?|or|of|and|en)\b")
# Asking for the changes as a file ("changes today csv", "export changes since midnight", "exporteer wijzigingen
# van vandaag"): the word is taken out, so it is never read as a filter. EXPORT_WORD reads back to the same.
EXPORT_WORD = "csv"
_EXPORT = re.compile(
    r"\b(?:(?:as|als|in|to|naar)\s+(?:an?\s+|een\s+)?)?(?:csv|export|exports|exporteer|exporteren|exporteert)"
    r"(?:\s+(?:as|als)\s+(?:an?\s+|een\s+)?csv)?(?:\s+(?:file|bestand))?\b"
)


@dataclass(frozen=True)
class ChangeAsk:
    """A change question's period (UTC), and the text left once the change and period words are taken out."""

    since: datetime
    until: datetime | None
    rest: str
    consumed: tuple[str, ...]
    kinds: tuple[str, ...] = ()  # kinds of change asked about ("changes unlinked"): ChangeKind values; () all
    export: bool = False  # asked for as a CSV file ("changes today csv")
    corrections: tuple[tuple[str, str], ...] = ()  # a change word typed with a slip, and the word it was read as


# Only words that open a period and nothing else ("van"/"from"/"na" also open "van wie is 020 …").
_OPENS_WITH_PERIOD = re.compile(r"\s*(?:since|sinds|sedert|between|tussen)\b")


def read_change_question(text: str, now: datetime, tz: ZoneInfo) -> ChangeAsk | None:
    """The period a change question asks about and the rest of its text; None when it is no change question."""
    lowered = text.lower()
    word = _CHANGE_WORDS.search(lowered) or _PAST_KIND.search(lowered) or _period_alone(lowered, now, tz)
    corrected: tuple[tuple[str, str], ...] = ()
    if word is None and (slip := _change_word_slip(lowered)) is not None:
        word, meant = slip
        corrected = ((word.group(0), meant),)
    if word is None:
        return None
    consumed = [word.group(0)]
    rest = _blank(lowered, word)
    export = [match.group(0) for match in _EXPORT.finditer(rest)]
    consumed += export
    rest = _EXPORT.sub(" ", rest)
    rest, slips = period_word_slips(rest)
    corrected += slips
    since: datetime | None = None
    until: datetime | None = None
    for pattern, read in PERIODS:
        match = pattern.search(rest)
        if match is not None:
            try:
                since, until = read(match, now, tz)
            except ValueError:  # a date that does not exist ("2026-02-30"): no period, the words stay unread
                continue
            consumed.append(match.group(0))
            rest = _blank(rest, match)
            break
    if since is None:
        since = now - DEFAULT_PERIOD
    since = max(since, now - MAX_PERIOD).astimezone(UTC)
    until = until.astimezone(UTC) if until is not None else None
    kinds = [_KIND_WORDS[found] for found in _KIND_WORD.findall(word.group(0))]
    for match in reversed(list(_KIND_WORD.finditer(rest))):
        kinds.insert(0, _KIND_WORDS[match.group(0)])
        consumed.append(match.group(0))
        rest = _blank(rest, match)
    rest = _FRAMING.sub(" ", rest)
    if kinds:  # "which numbers were added", "unlinked or added": words that only frame the kinds
        rest = _KIND_FRAMING.sub(" ", rest)
    kinds_asked = tuple(dict.fromkeys(kinds))
    rest_words = " ".join(rest.split())
    return ChangeAsk(since, until, rest_words, tuple(consumed), kinds_asked, export=bool(export), corrections=corrected)


def _period_alone(text: str, now: datetime, tz: ZoneInfo) -> re.Match[str] | None:
    """A question that opens with a period ("since 2pm", "sinds 14u", "between 01:00 and 02:00") asks what changed
    in it: the inventory now has no time of its own. An empty match at the start, so no word is consumed by it."""
    if not _OPENS_WITH_PERIOD.match(text):
        return None
    for pattern, read in PERIODS:
        if (match := pattern.search(text)) is not None:
            try:
                read(match, now, tz)
            except ValueError:  # "since 2026-02-30": no period, so no change question of its own
                return None
            return re.match("", text)
    return None


def _change_word_slip(text: str) -> tuple[re.Match[str], str] | None:
    """A change word typed one slip off (a letter dropped, doubled, swapped or wrong: `chagnes`, `verandert`), and
    the word it is; only words of 7 letters or more, so that `charge` or `chance` never become one."""
    for token in re.finditer(r"[a-z]{7,}", text):
        typed = token.group(0)
        if typed in _NOT_CHANGE_WORDS:
            continue
        for meant in _SLIP_TARGETS:
            if OSA.distance(typed, meant, score_cutoff=1) <= 1:
                return token, meant
    return None


def _blank(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " + text[match.end() :]


def canonical_period(since: datetime, until: datetime | None) -> str:
    """The period as words `read_change_question` reads back exactly: `since 2026-11-28t01:00:00z`."""
    words = f"since {_stamp(since)}"
    return f"{words} until {_stamp(until)}" if until is not None else words


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
