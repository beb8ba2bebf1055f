"""The query language (SPEC §3): one parser for the slash command, mentions, the console and `ask`."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from bot.errors import UserError
from bot.reading.text import digits, fold
from bot.reading.when import canonical_period, read_change_question

# Slack: a slash command's text is at most a few thousand characters; nothing useful is longer than this.
MAX_QUERY_CHARS = 500


class Kind(StrEnum):
    """What kind of answer a query asks for."""

    HELP = "help"
    LIST = "list"
    LOOKUP = "lookup"
    STATS = "stats"
    BUYABLE = "buyable"
    ORDERS = "orders"
    CHANGES = "changes"


class Status(StrEnum):
    """Whether a number is free or has an assistant."""

    AVAILABLE = "available"
    LINKED = "linked"


HELP_WORDS = {"help", "usage", "commands", "examples"}
LIST_WORDS = {"list", "all", "every", "everything"}
AVAILABLE_WORDS = {"available", "free", "unused", "unassigned", "spare", "open"}
LINKED_WORDS = {"linked", "taken", "used", "assigned", "busy"}
TYPE_WORDS = {"local": "local", "mobile": "mobile", "national": "national", "cell": "mobile", "geographic": "local"}
LOOKUP_WORDS = {"find", "who", "whose", "lookup", "search", "owns", "owner"}
SHARED_WORDS = {"shared", "default"}
STATS_WORDS = {"stats", "statistics", "summary", "count", "overview", "totals", "total"}
REFRESH_WORDS = {"refresh", "reload", "fresh", "refetch"}
BUYABLE_WORDS = {"buyable", "purchasable", "buy", "purchase"}
ORDER_WORDS = {"order", "orders", "ordered"}
ORDER_STATUS_WORDS = {
    "pending": "pending", "waiting": "pending", "success": "success", "successful": "success",
    "succeeded": "success", "completed": "success", "done": "success", "failed": "failed", "failure": "failed",
}  # fmt: skip
ASSISTANT_WORDS = {"assistant", "agent"}
IN_WORDS = {"in", "at", "near"}
FILLER_WORDS = {
    "a", "about", "an", "any", "are", "can", "do", "does", "for", "from", "get", "give", "got", "has", "have",
    "hey", "hi", "i", "is", "it", "left", "list", "me", "my", "nl", "now", "number", "numbers", "of", "on", "one",
    "ones", "our", "phone", "please", "right", "see", "show", "some", "still", "tell", "that", "the", "there",
    "to", "us", "we", "what", "which", "with", "you", "currently", "by", "and", "or", "ok", "thanks", "bot",
    "answers", "answer", "answering", "calls", "rings", "belongs", "belong", "uses", "where", "this", "these",
}  # fmt: skip
KEYWORDS = (
    HELP_WORDS | LIST_WORDS | AVAILABLE_WORDS | LINKED_WORDS | set(TYPE_WORDS) | LOOKUP_WORDS | SHARED_WORDS
    | STATS_WORDS | REFRESH_WORDS | ASSISTANT_WORDS | IN_WORDS | BUYABLE_WORDS | ORDER_WORDS | set(ORDER_STATUS_WORDS)
    | {"how", "many"}
)  # fmt: skip

# Slack wraps mentions, links and auto-linked numbers: <@U123>, <tel:+3120...|020 ...>, <http://x|label>.
_SLACK_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
# A phone number as people type it: digits with spaces, dots, dashes, slashes or brackets, maybe a leading +.
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s().\-/]*\d|\d")


class Query(BaseModel):
    """A parsed question; `canonical()` gives text that parses back to the same query."""

    model_config = ConfigDict(frozen=True)

    kind: Kind = Kind.LIST
    status: Status | None = None
    number_type: str | None = None
    # Runs of words that should name a locality (or, after "linked", an assistant); resolved against the data.
    place_words: tuple[tuple[str, ...], ...] = ()
    in_words: tuple[str, ...] = ()
    assistant_words: tuple[str, ...] = ()
    number: str | None = None
    shared: bool = False
    order_status: str | None = None
    refresh: bool = False
    # For CHANGES: the period asked about, in UTC (until None: up to now).
    since: datetime | None = None
    until: datetime | None = None

    def canonical(self) -> str:
        """The query as words the parser reads back the same (without `refresh`)."""
        parts: list[str] = []
        if self.kind is Kind.CHANGES and self.since is not None:
            parts += ["changes", canonical_period(self.since, self.until)]
        if self.kind is Kind.HELP:
            return "help"
        if self.kind in (Kind.BUYABLE, Kind.ORDERS):
            words = [self.kind.value, self.order_status, self.number_type, self.number]
            return " ".join(word for word in words if word)
        if self.kind is Kind.STATS:
            parts.append("stats")
        if self.kind is Kind.LIST and not self._has_filters():
            parts.append("all")
        if self.status:
            parts.append(self.status.value)
        if self.number_type:
            parts.append(self.number_type)
        if self.shared:
            parts.append("shared")
        for i, run in enumerate(self.place_words):
            # "or" ends a run, so "billing desk or night support" stays two names, not one.
            parts.extend(["or", *run] if i else run)
        if self.in_words:
            parts += ["in", *self.in_words]
        if self.assistant_words:
            parts += ["assistant", *self.assistant_words]
        if self.number:
            parts += ["find", self.number]
        return " ".join(parts)

    def _has_filters(self) -> bool:
        return bool(
            self.status or self.number_type or self.shared or self.place_words or self.in_words or self.assistant_words
        )


def strip_slack_markup(text: str) -> str:
    """Drop mentions and unwrap Slack's <target|label> links, keeping what the person typed."""

    def unwrap(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith(("@", "!", "#")):
            return " " if target.startswith("@") or not label else f" {label} "
        if label:
            return f" {label} "
        return f" {target.removeprefix('tel:')} "

    return _SLACK_LINK.sub(unwrap, text)


def _split_number(text: str) -> tuple[str | None, str]:
    """The first phone-like span with 3+ digits, and the text around it."""
    for match in _PHONE_LIKE.finditer(text):
        span = match.group(0).strip(" ()-./")
        if len(digits(span)) >= 3:
            rest = text[: match.start()] + " " + text[match.end() :]
            return re.sub(r"\s+", " ", span.replace("(", "").replace(")", "")).strip(), rest
    return None, text


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and word[:-1] in KEYWORDS:
        return word[:-1]
    return word


class _Builder:
    """Collects what each word says while the words are read left to right."""

    def __init__(self) -> None:
        self.fields: dict[str, object] = {}
        self.kind_words: set[Kind] = set()
        self.place_runs: list[list[str]] = []
        self.in_words: list[str] = []
        self.assistant_words: list[str] = []
        self.collecting: str | None = None  # "place", "in" or "assistant"
        self.after_linked = False

    def set_status(self, status: Status) -> None:
        current = self.fields.get("status")
        if current and current != status:
            raise UserError("A number cannot be both *available* and *linked*: ask for one of them.")
        self.fields["status"] = status

    def set_type(self, number_type: str) -> None:
        current = self.fields.get("number_type")
        if current and current != number_type:
            raise UserError(f"Pick one number type: *{current}* or *{number_type}*.")
        self.fields["number_type"] = number_type

    def add_free_word(self, word: str) -> None:
        if self.collecting == "in":
            self.in_words.append(word)
        elif self.collecting == "assistant":
            self.assistant_words.append(word)
        else:
            if self.collecting != "place":
                self.place_runs.append([])
                self.collecting = "place"
            self.place_runs[-1].append(word)


def _read_word(builder: _Builder, word: str, previous: str | None) -> None:
    """Apply one folded word to the query being built."""
    if word in IN_WORDS:
        builder.collecting = "in"
    elif word in ASSISTANT_WORDS:
        builder.collecting = "assistant"
    elif word in HELP_WORDS:
        builder.kind_words.add(Kind.HELP)
    elif word in STATS_WORDS or (word == "many" and previous == "how"):
        builder.kind_words.add(Kind.STATS)
    elif word in AVAILABLE_WORDS:
        builder.set_status(Status.AVAILABLE)
        builder.collecting = None
    elif word in LINKED_WORDS:
        builder.set_status(Status.LINKED)
        builder.collecting = "place"
        builder.place_runs.append([])
    elif word in TYPE_WORDS:
        builder.set_type(TYPE_WORDS[word])
        builder.collecting = None
    elif word in SHARED_WORDS:
        builder.fields["shared"] = True
    elif word in REFRESH_WORDS:
        builder.fields["refresh"] = True
    elif word in LOOKUP_WORDS:
        builder.kind_words.add(Kind.LOOKUP)
    elif word in BUYABLE_WORDS:
        builder.kind_words.add(Kind.BUYABLE)
    elif word in ORDER_WORDS:
        builder.kind_words.add(Kind.ORDERS)
    elif word in ORDER_STATUS_WORDS:
        builder.fields["order_status"] = ORDER_STATUS_WORDS[word]
    elif word in LIST_WORDS:
        builder.kind_words.add(Kind.LIST)
        builder.collecting = None
    elif word in FILLER_WORDS or word in {"how", "many"}:
        if builder.collecting == "place":
            builder.collecting = None
    else:
        builder.add_free_word(word)


# How "14:00" and "today" are read when the caller does not say (settings.TIMEZONE).
DEFAULT_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def parse(text: str, *, now: datetime | None = None, tz: ZoneInfo = DEFAULT_TIMEZONE) -> Query:
    """Read a question in the query language; raises UserError for what cannot be a query at all."""
    text = strip_slack_markup(text or "")[:MAX_QUERY_CHARS]
    asked = read_change_question(text, now or datetime.now(tz), tz)
    if asked is not None:
        return _changes(_parse_filters(asked.rest), asked.since, asked.until)
    return _parse_filters(text)


def _changes(filters: Query, since: datetime, until: datetime | None) -> Query:
    """A change question keeps the filters of the words around it (`changes billing desk`)."""
    if filters.kind not in (Kind.LIST, Kind.LOOKUP, Kind.HELP):
        raise UserError("Ask about changes with filters like a listing's: `changes linked billing desk since 14:00`.")
    kept = filters.model_dump(exclude={"kind", "refresh", "since", "until"}) if filters.kind is not Kind.HELP else {}
    return Query(kind=Kind.CHANGES, since=since, until=until, refresh=filters.refresh, **kept)


def _parse_filters(text: str) -> Query:
    number, rest = _split_number(text)
    folded = [_singular(word) for word in fold(rest).split()]
    if not folded and number is None:
        return Query(kind=Kind.HELP)
    builder = _Builder()
    previous: str | None = None
    for word in folded:
        _read_word(builder, word, previous)
        previous = word
    return _finish(builder, number)


def _finish(builder: _Builder, number: str | None) -> Query:
    fields = builder.fields
    places = tuple(tuple(run) for run in builder.place_runs if run)
    filters = dict(
        place_words=places,
        in_words=tuple(builder.in_words),
        assistant_words=tuple(builder.assistant_words),
    )
    refresh = bool(fields.get("refresh"))
    if Kind.HELP in builder.kind_words:
        return Query(kind=Kind.HELP)
    if Kind.BUYABLE in builder.kind_words:
        return _buyable(builder, number)
    if Kind.ORDERS in builder.kind_words or fields.get("order_status"):
        return Query(
            kind=Kind.ORDERS,
            order_status=fields.get("order_status"),  # type: ignore[arg-type]
            number_type=fields.get("number_type"),  # type: ignore[arg-type]
            refresh=refresh,
        )
    if number is not None:
        # Words around a number ("which assistant answers ...") only frame the question.
        return Query(kind=Kind.LOOKUP, number=number, refresh=refresh)
    if Kind.LOOKUP in builder.kind_words:
        raise UserError("Which number should I look up? For example `/numbers find 020 123 4567`.")
    has_filters = bool(
        fields.get("status") or fields.get("number_type") or fields.get("shared") or any(filters.values())
    )
    if Kind.STATS in builder.kind_words and not has_filters:
        return Query(kind=Kind.STATS, refresh=refresh)
    if not has_filters and refresh and Kind.LIST not in builder.kind_words:
        return Query(kind=Kind.STATS, refresh=True)
    if not has_filters and not builder.kind_words:  # only filler words ("what?"): as good as nothing
        return Query(kind=Kind.HELP)
    return Query(kind=Kind.LIST, **fields, **filters)  # type: ignore[arg-type]


LOCAL_NEEDS_VERIFICATION = (
    "Local numbers can only be bought through an approved verification group, so I can't list them here. "
    "Ask whoever manages the Flireo account, or try `/numbers buyable national` or `/numbers buyable mobile`."
)


def _buyable(builder: _Builder, number: str | None) -> Query:
    """`buyable [national|mobile] [digits]`: purchasable numbers, which Flireo filters by type and pattern only."""
    number_type = builder.fields.get("number_type") or "national"
    if number_type == "local":
        raise UserError(LOCAL_NEEDS_VERIFICATION)
    words = [word for run in builder.place_runs for word in run]
    digit_words = [word for word in words if word.isdigit()]
    if number is None and digit_words:  # short patterns ("62") are not taken for phone numbers
        number, words = "".join(digit_words), [word for word in words if not word.isdigit()]
    if words or builder.in_words:
        raise UserError(
            "Purchasable numbers can be narrowed by type (`national`, `mobile`) and digits only, "
            "e.g. `/numbers buyable mobile 612`."
        )
    pattern = digits(number) if number else None
    return Query(
        kind=Kind.BUYABLE, number_type=number_type, number=pattern, refresh=bool(builder.fields.get("refresh"))
    )
