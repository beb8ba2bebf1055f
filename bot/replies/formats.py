"""Small mrkdwn formats the views share: tappable numbers, Slack date tokens, prices. No I/O, no Slack calls."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from bot.i18n import _, language

# E.164: a plus, a non-zero country digit, at most 15 digits in all (ITU-T E.164). Anything else from Flireo is
# shown as text, never put inside a link where a `|` or `>` could end it early.
E164 = re.compile(r"\+[1-9]\d{1,14}")
# Symbols for the currencies Flireo bills in (its docs show EUR); other codes are written after the amount.
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
MAX_CURRENCY_CHARS = 8


def tel_link(e164: str, label: str) -> str | None:
    """`<tel:+31201234567|+31 20 123 4567>`: a number a phone can call; None when `e164` is not E.164."""
    if not E164.fullmatch(e164) or not re.fullmatch(r"[0-9+() .-]+", label):
        return None
    return f"<tel:{e164}|{label}>"


def clock_text(moment: datetime, with_day: bool) -> str:
    """'14:02 UTC', or '15 Jan 14:02 UTC' ('15 jan. 14:02 UTC' in Dutch) when the day matters: fallbacks, console."""
    if not with_day:
        return moment.strftime("%H:%M UTC")
    return format_datetime(moment, "dd MMM HH:mm 'UTC'", tzinfo=UTC, locale=language().value)


def day_text(moment: datetime) -> str:
    """'05 Jan 2026' ('05 jan. 2026' in Dutch): month names from CLDR, through Babel, in the reply's language."""
    return format_date(moment, "dd MMM y", locale=language().value)


def slack_date(moment: datetime, with_day: bool) -> str:
    """A Slack date token, so each reader sees their own time zone; UTC text for clients that cannot render it."""
    # Slack: <!date^EPOCH^TOKENS|FALLBACK>; {date_short_pretty} reads "yesterday" or "Jan 15".
    tokens = "{date_short_pretty} {time}" if with_day else "{time}"
    return f"<!date^{int(moment.timestamp())}^{tokens}|{clock_text(moment, with_day)}>"


def monthly_price(amount: str | None, currency: str | None) -> str | None:
    """`("4.50", "EUR")` → `€4.50 a month`; None when Flireo sent no amount we can read as money."""
    try:
        value = Decimal((amount or "").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0:
        return None
    code = (currency or "").strip().upper()
    text = format_decimal(value, format="#,##0.00", locale=language().value)  # 1,234.50 / 1.234,50 (CLDR)
    if code in CURRENCY_SYMBOLS:
        return _("{price} a month").format(price=f"{CURRENCY_SYMBOLS[code]}{text}")
    if re.fullmatch(rf"[A-Z]{{1,{MAX_CURRENCY_CHARS}}}", code):
        return _("{price} a month").format(price=f"{text} {code}")
    return _("{price} a month").format(price=text)
