"""The periods of change questions (SPEC §5): "in the last hour", "sinds 8 uur", "tussen 9 en 10", "vorige week",
"over the weekend", read in the team's time zone; and period words typed one slip off ("snce", "gistren").

Pure: a match, the current time and the zone in; a period (start, end or None) out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rapidfuzz.distance import OSA

_UNITS = {
    "m": timedelta(minutes=1), "min": timedelta(minutes=1), "mins": timedelta(minutes=1),
    "minute": timedelta(minutes=1), "minutes": timedelta(minutes=1), "minuut": timedelta(minutes=1),
    "minuten": timedelta(minutes=1), "h": timedelta(hours=1), "hr": timedelta(hours=1), "hrs": timedelta(hours=1),
    "hour": timedelta(hours=1), "hours": timedelta(hours=1), "uur": timedelta(hours=1), "uren": timedelta(hours=1),
    "d": timedelta(days=1), "day": timedelta(days=1), "days": timedelta(days=1), "dag": timedelta(days=1),
    "dagen": timedelta(days=1), "week": timedelta(weeks=1), "weeks": timedelta(weeks=1), "weken": timedelta(weeks=1),
}  # fmt: skip
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
# After "afgelopen"/"laatste", Dutch "24u" is 24 hours; after "sinds" it is a clock time ("sinds 14u"), and so is
# "sinds 8 uur" (8 o'clock: "sinds 3 uur" is never three hours in Dutch).
_LAST_UNIT = f"{_UNIT}|u"
_SINCE_UNIT = "|".join(unit for unit in sorted(_UNITS, key=len, reverse=True) if unit not in ("uur", "uren"))
_HOUR = timedelta(hours=1)
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "een": 1, "two": 2, "twee": 2, "three": 3, "drie": 3}
_COUNT = r"\d{1,4}|an?|one|een|two|twee|three|drie"
_STAMP = r"\d{4}-\d\d-\d\dt\d\d:\d\d(?::\d\d)?z"
_LAST = r"(?:last|past|afgelopen|laatste|voorbije)"
_SINCE = r"(?:since|sinds|sedert|from|vanaf|after|na)"
_TODAY = r"(?:last\s+)?midnight|middernacht|today|vandaag|this\s+morning|vanochtend|vanmorgen"
# "sinds vanmorgen 8 uur", "since this morning at 8": the part of the day says nothing the clock time does not.
_PART_OF_DAY = r"(?:vanmorgen|vanochtend|vanmiddag|vanavond|this\s+morning|this\s+afternoon|this\s+evening)"


def _count(word: str | None) -> int:
    if not word:
        return 1
    return int(word) if word.isdigit() else _COUNT_WORDS[word]


def _midnight(day: datetime, tz: ZoneInfo) -> datetime:
    return datetime.combine(day.astimezone(tz).date(), time(0), tzinfo=tz)


Period = tuple[datetime, datetime | None]
Reader = Callable[[re.Match[str], datetime, ZoneInfo], Period]


def _absolute(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    since = _from_stamp(match.group(1))
    return since, (_from_stamp(match.group(2)) if match.group(2) else None)


def _from_stamp(stamp: str) -> datetime:
    shape = "%Y-%m-%dT%H:%M:%S" if stamp.count(":") == 2 else "%Y-%m-%dT%H:%M"
    return datetime.strptime(stamp.upper().rstrip("Z"), shape).replace(tzinfo=UTC)


def _last(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    return now - _count(match.group(1)) * _UNITS.get(match.group(2), _HOUR), None


def _clock_time(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    local_now = now.astimezone(tz)
    since = datetime.combine(local_now.date(), time(hour, minute), tzinfo=tz)
    if since > local_now:  # "since 23:00" asked at 01:00 means last night
        since -= timedelta(days=1)
    return since, None


def _yesterday(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    today = _midnight(now, tz)
    start = datetime.combine((today - timedelta(hours=12)).date(), time(0), tzinfo=tz)  # DST-safe: a day earlier
    return start, (None if match.group(1) else today)


def _today(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    return _midnight(now, tz), None


def _this_week(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    today = _midnight(now, tz)
    monday = today.date() - timedelta(days=today.weekday())
    return datetime.combine(monday, time(0), tzinfo=tz), None


def _previous_week(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`vorige week`: the calendar week before this one, Monday to Monday, in the team's zone."""
    monday, _ = _this_week(match, now, tz)
    return datetime.combine(monday.date() - timedelta(weeks=1), time(0), tzinfo=tz), monday


_DAY_NAMES = (
    ("monday", "maandag"), ("tuesday", "dinsdag"), ("wednesday", "woensdag"), ("thursday", "donderdag"),
    ("friday", "vrijdag"), ("saturday", "zaterdag"), ("sunday", "zondag"),
)  # fmt: skip
_WEEKDAYS = {name: day for day, names in enumerate(_DAY_NAMES) for name in names}
_WEEKDAY = "|".join(_WEEKDAYS)


def _night(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`vannacht`, `last night`: since 18:00 the evening before the last midnight, in the team's zone."""
    return _midnight(now, tz) - timedelta(hours=6), None


def _weekday(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`since monday`: from the start of the last Monday (today, when it is Monday), in the team's zone."""
    today = _midnight(now, tz)
    back = (today.weekday() - _WEEKDAYS[match.group(1)]) % 7
    return datetime.combine(today.date() - timedelta(days=back), time(0), tzinfo=tz), None


# A clock time: "14:00", "14.00", "2pm", "2 pm", "14u", "14h30"; a bare hour ("14") only with am/pm or u.
_CLOCK = r"([01]?\d|2[0-3])(?:(?:[:.]|h)([0-5]\d)\s*(am|pm|u(?:ur)?)?|\s*(am|pm|uur|u)\b)"
_MONTHS = {
    name: month
    for month, names in enumerate(
        (
            ("january", "januari", "jan"), ("february", "februari", "feb"), ("march", "maart", "mar", "mrt"),
            ("april", "apr"), ("may", "mei"), ("june", "juni", "jun"), ("july", "juli", "jul"),
            ("august", "augustus", "aug"), ("september", "sept", "sep"), ("october", "oktober", "oct", "okt"),
            ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))


def _hour_minute(hour: str, minute: str | None, suffix: str | None) -> time:
    """'2' 'pm' → 14:00; '12' 'am' → 00:00; '14' '30' → 14:30 (raises ValueError for '14pm')."""
    value = int(hour)
    if suffix in ("am", "pm"):
        if not 1 <= value <= 12:
            raise ValueError(f"{value}{suffix}")
        value = value % 12 + (12 if suffix == "pm" else 0)
    return time(value, int(minute or 0))


def _clock_of(match: re.Match[str], first: int) -> time:
    """The clock time of the _CLOCK groups starting at group `first`."""
    hour, minute, suffix, bare = (match.group(first + i) for i in range(4))
    return _hour_minute(hour, minute, suffix or bare)


def _on_day(day: datetime, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day.date(), at, tzinfo=tz)


def _clock(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`since 2pm`, `sinds 14u`: from that time today in the team's zone (yesterday when it is still to come)."""
    local_now = now.astimezone(tz)
    since = _on_day(local_now, _clock_of(match, 1), tz)
    return (since - timedelta(days=1) if since > local_now else since), None


def _clock_range(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`between 01:00 and 02:00`: the last such span that has begun, in the team's zone; `22:00 and 02:00` spans
    midnight."""
    return _span(_clock_of(match, 1), _clock_of(match, 5), now, tz)


def _span(begins: time, ends: time, now: datetime, tz: ZoneInfo) -> Period:
    local_now = now.astimezone(tz)
    start = _on_day(local_now, begins, tz)
    if start > local_now:
        start -= timedelta(days=1)
    end = _on_day(start, ends, tz)
    return start, (end + timedelta(days=1) if end <= start else end)


def _bare_hour(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`changes since 8`: a bare hour after "since" is that clock hour today (yesterday's when still to come)."""
    local_now = now.astimezone(tz)
    since = _on_day(local_now, time(int(match.group(1))), tz)
    return (since - timedelta(days=1) if since > local_now else since), None


def _weekend(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`over the weekend`, `dit weekend`: from the last Saturday's start to Monday's (or now, during it)."""
    today = _midnight(now, tz)
    saturday = datetime.combine(today.date() - timedelta(days=(today.weekday() - 5) % 7), time(0), tzinfo=tz)
    monday = datetime.combine(saturday.date() + timedelta(days=2), time(0), tzinfo=tz)
    return saturday, (monday if monday <= now else None)


def _hour_range(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`tussen 9 en 10`: bare hours between two hours of a change question are clock hours (09:00 to 10:00)."""
    return _span(time(int(match.group(1))), time(int(match.group(2))), now, tz)


def _date(match: re.Match[str], now: datetime, tz: ZoneInfo) -> Period:
    """`6 december`, `december 6`: that whole day in the team's zone (last year's when this year's is to come)."""
    day_text, month_text = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    local_now = now.astimezone(tz)
    year = int(match.group(5)) if match.group(5) else local_now.year
    day = datetime(year, _MONTHS[month_text], int(day_text), tzinfo=tz)
    if day > local_now and not match.group(5):
        day = day.replace(year=year - 1)
    following = datetime.combine(day.date() + timedelta(days=1), time(0), tzinfo=tz)
    return day, following


PERIODS: tuple[tuple[re.Pattern[str], Reader], ...] = (
    # The canonical form buttons carry: absolute, so page 2 is the same period as page 1.
    (re.compile(rf"\bsince\s+({_STAMP})(?:\s+until\s+({_STAMP}))?"), _absolute),
    (re.compile(r"\b(?:(?:in\s+)?de\s+)?(?:vorige|previous)\s+week\b"), _previous_week),
    (re.compile(rf"\b(?:in\s+(?:the\s+)?|de\s+|het\s+)?{_LAST}\s+(?:({_COUNT})\s*)?({_LAST_UNIT})\b"), _last),
    (re.compile(rf"\bin\s+(?:the\s+)?last\s+({_COUNT})\s*({_UNIT})\b"), _last),
    (re.compile(rf"\b{_SINCE}\s+({_COUNT})\s*({_SINCE_UNIT})\b(?:\s+ago|\s+geleden)?"), _last),
    (re.compile(rf"\b({_COUNT})\s*({_UNIT})\s+(?:ago|geleden)\b"), _last),
    (re.compile(rf"\b(?:between|tussen|from|van|vanaf)\s+{_CLOCK}\s+(?:and|en|to|tot|till|until|-)\s+{_CLOCK}"),
     _clock_range),
    (re.compile(r"\b(?:between|tussen)\s+([01]?\d|2[0-3])\s+(?:and|en|to|tot|-)\s+([01]?\d|2[0-3])\b(?![:.]\d)"),
     _hour_range),
    (re.compile(rf"\b{_SINCE}\s+([01]?\d|2[0-3])(?:[:.h]([0-5]\d))(?:\s*u(?:ur)?)?\b"), _clock_time),
    (re.compile(rf"\b{_SINCE}\s+(?:{_PART_OF_DAY}\s+)?(?:om\s+|at\s+)?{_CLOCK}"), _clock),
    (re.compile(rf"\b(?:since|sinds|sedert|vanaf)\s+(?:{_PART_OF_DAY}\s+)?(?:om\s+|at\s+)?([01]?\d|2[0-3])\b(?![:.,/-]?\d)"),
     _bare_hour),
    (re.compile(rf"\b(?:on\s+|op\s+)?(?:(\d{{1,2}})\s+({_MONTH})|({_MONTH})\s+(\d{{1,2}}))\.?(?:,?\s+(\d{{4}}))?\b"),
     _date),
    (re.compile(rf"\b({_SINCE}\s+)?(?:yesterday|gisteren)\b"), _yesterday),
    (re.compile(rf"\b(?:(?:{_SINCE}|of|van)\s+)?(?:{_TODAY})\b"), _today),  # "wijzigingen van vandaag"
    (re.compile(rf"\b(?:{_SINCE}\s+)?(?:this\s+week|deze\s+week)\b"), _this_week),
    (re.compile(r"\b(?:last\s+night|tonight|overnight|vannacht|afgelopen\s+nacht)\b"), _night),
    (re.compile(rf"\b(?:{_SINCE}\s+|over\s+|in\s+|during\s+|tijdens\s+)?(?:the|this|last|past|dit|het|afgelopen|vorig)?"
                r"\s*weekend\b"), _weekend),
    (re.compile(rf"\b(?:{_SINCE}\s+|on\s+|op\s+)?({_WEEKDAY})\b"), _weekday),
)  # fmt: skip


# The words that open or name a period, as a slip of them is read (`snce 14:00`, `gistren`, `yesterdy`).
_PERIOD_WORDS = (
    "since", "sinds", "sedert", "between", "tussen", "yesterday", "gisteren", "today", "vandaag", "midnight",
    "middernacht", "vannacht", "overnight", "afgelopen", "laatste", "voorbije", "vorige", "previous", "minutes",
    "minuten", "hours",
)  # fmt: skip
# Real words one slip from a period word: never read as one.
_NOT_PERIOD_WORDS = frozenset({"sinks", "singe", "sincere", "hoursy", "laatst", "vorig"})
MIN_PERIOD_SLIP_CHARS = 4


def period_word_slips(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text with each period word typed one slip off read as that word (a 4-letter word only with a letter left
    out: `snce`), and what was read so."""
    corrections: list[tuple[str, str]] = []

    def meant(token: re.Match[str]) -> str:
        typed = token.group(0)
        if typed in _PERIOD_WORDS or typed in _NOT_PERIOD_WORDS or typed in _UNITS or typed in _MONTHS:
            return typed  # `hour` is a word of its own, not a slip of `hours`
        for word in _PERIOD_WORDS:
            longer = len(typed) > MIN_PERIOD_SLIP_CHARS or len(word) == len(typed) + 1
            if longer and OSA.distance(typed, word, score_cutoff=1) <= 1:
                corrections.append((typed, word))
                return word
        return typed

    read = re.sub(rf"[a-z]{{{MIN_PERIOD_SLIP_CHARS},}}", meant, text)
    return read, tuple(corrections)
