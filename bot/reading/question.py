"""A question as the reader understood it: what is asked, its filters, and what the reader noticed on the way."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bot.i18n.language import Language
from bot.reading.when import EXPORT_WORD, canonical_period


class Kind(StrEnum):
    """What kind of answer a question asks for."""

    HELP = "help"
    LIST = "list"
    COUNT = "count"
    LOOKUP = "lookup"
    STATS = "stats"
    BUYABLE = "buyable"
    ORDERS = "orders"
    CHANGES = "changes"
    CLARIFY = "clarify"


class Status(StrEnum):
    """Whether a number is free or has an assistant."""

    AVAILABLE = "available"
    LINKED = "linked"


class Suggestion(BaseModel):
    """A corrected question the user may have meant, offered as a button."""

    model_config = ConfigDict(frozen=True)

    label: str
    question: str


class YesNo(StrEnum):
    """A question answered yes or no first: 'are there free numbers in Utrecht', 'are all our numbers linked'."""

    ANY = "any"  # are there any that match?
    EVERY = "every"  # does every number in scope have the predicate?


class GroupBy(StrEnum):
    """What a count is given for each of ("how many per assistant")."""

    ASSISTANT = "assistant"
    PLACE = "place"
    TYPE = "type"


class Question(BaseModel):
    """A question read against the data; `canonical()` gives text that reads back to the same filters."""

    model_config = ConfigDict(frozen=True)

    kind: Kind = Kind.LIST
    status: Status | None = None
    number_types: tuple[str, ...] = ()  # any of these ("local or mobile")
    not_number_types: tuple[str, ...] = ()  # none of these ("not mobile")
    places: tuple[str, ...] = ()  # labels, as shown ("Den Haag")
    place_spellings: tuple[str, ...] = ()  # every spelling any of them has in the data
    assistants: tuple[str, ...] = ()  # names as the data spells them
    # Left out: "outside Amsterdam", "except Billing Desk", "not linked to Night Support".
    not_places: tuple[str, ...] = ()
    not_place_spellings: tuple[str, ...] = ()
    not_assistants: tuple[str, ...] = ()
    prefix: str | None = None  # national-format digits the number starts with ("085")
    not_prefixes: tuple[str, ...] = ()  # national-format digits the number does not start with ("geen 06")
    fragment: str | None = None  # digits the number contains ("4567")
    suffix: str | None = None  # digits the number ends with ("ending in 4567")
    lookups: tuple[str, ...] = ()  # E.164 numbers, one answer each
    invalid_numbers: tuple[str, ...] = ()  # written as numbers with a digit too many or too few ("020-12345678")
    shared: bool = False
    group_by: GroupBy | None = None  # a count for each assistant, place or type
    with_none: bool = False  # with group_by place and a status: the places with no number of that status
    order_status: str | None = None
    refresh: bool = False
    yes_no: YesNo | None = None
    asks_history: bool = False  # a lookup that asks whether the number changed ("was 020 … changed recently")
    # With EVERY: the status or type every number in scope should have (also among the filters, as read).
    predicate: str | None = None
    # For CHANGES: the period asked about, in UTC (until None: up to now).
    since: datetime | None = None
    until: datetime | None = None
    change_kinds: tuple[str, ...] = ()  # for CHANGES: the kinds asked about ("changes unlinked"); () every kind
    export: bool = False  # for CHANGES: asked for as a CSV file in the channel ("changes today csv")
    # The language the question was asked in, by its words; None when no word tells (a bare number, a name).
    language: Language | None = None
    # What the reader noticed, said back in the reply.
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, read as)
    ignored: tuple[str, ...] = ()
    unread_chars: int = 0  # characters past what the reader reads
    left_out_lookups: int = 0  # numbers past the most one question looks up
    # "free numbers in utrecht and who answers 020 …": the other question (canonical) beside a lookup, and how many
    # numbers it finds (set by the answer), said under the lookup.
    also_asked: str | None = None
    also_found: int | None = None
    problem: str | None = None  # why a CLARIFY question could not be read
    suggestions: tuple[Suggestion, ...] = ()
    # Every word was placed without the data's names: reading it again against the inventory cannot change it.
    settled: bool = False

    @property
    def number_type(self) -> str | None:
        """The one type asked for, if exactly one (offers and orders take one)."""
        return self.number_types[0] if len(self.number_types) == 1 else None

    def has_filters(self) -> bool:
        """Whether anything narrows the inventory."""
        return bool(
            self.status
            or self.number_types
            or self.not_number_types
            or self.places
            or self.assistants
            or self.not_places
            or self.not_assistants
            or self.prefix
            or self.not_prefixes
            or self.fragment
            or self.suffix
            or self.shared
        )

    def without_predicate(self) -> Question:
        """The numbers an EVERY question is about: its filters without the status or type asked of them."""
        if self.predicate in (Status.AVAILABLE, Status.LINKED):
            return self.model_copy(update={"status": None, "predicate": None})
        types = tuple(kind for kind in self.number_types if kind != self.predicate)
        return self.model_copy(update={"number_types": types, "predicate": None})

    def canonical(self) -> str:
        """The question as words the reader reads back the same (without `refresh`), e.g. for buttons."""
        if self.kind in (Kind.HELP, Kind.CLARIFY):
            return "help"
        if self.kind is Kind.CHANGES and self.since is not None:
            filters = self.model_copy(update={"kind": Kind.LIST}).canonical().removeprefix("all").strip()
            period = canonical_period(self.since, self.until)
            export = EXPORT_WORD if self.export else ""
            return " ".join(part for part in ("changes", period, *self.change_kinds, filters, export) if part)
        parts: list[str] = []
        if self.kind is Kind.BUYABLE:
            parts += ["buyable", self.number_type or "national"]
            parts += [f"pattern:{self.fragment}"] if self.fragment else []
            return " ".join(parts)
        if self.kind is Kind.ORDERS:
            parts += ["orders", *([self.order_status] if self.order_status else [])]
            parts += [f"find:{number}" for number in self.lookups[:1]]
            parts += list(self.number_types)
            return " ".join(parts)
        if self.kind is Kind.STATS:
            return "stats"
        if self.kind is Kind.COUNT:
            parts.append("count")
            parts += [f"per {self.group_by}"] if self.group_by else []
            parts += ["none"] if self.with_none else []
        if self.yes_no is YesNo.EVERY:
            return _every(self)
        if self.yes_no is YesNo.ANY:
            parts += ["are", "there"]
        if self.kind is Kind.LIST and not self.has_filters():
            parts.append("all")
        parts += [self.status] if self.status else []
        parts += list(self.number_types)
        parts += [f"not {kind}" for kind in self.not_number_types]
        parts += ["shared"] if self.shared else []
        parts += [f"in:{_quoted(place)}" for place in self.places]
        parts += [f"assistant:{_quoted(name)}" for name in self.assistants]
        parts += [f"not-in:{_quoted(place)}" for place in self.not_places]
        parts += [f"not-assistant:{_quoted(name)}" for name in self.not_assistants]
        parts += [f"prefix:{self.prefix}"] if self.prefix else []
        parts += [f"not-prefix:{prefix}" for prefix in self.not_prefixes]
        parts += [f"fragment:{self.fragment}"] if self.fragment else []
        parts += [f"suffix:{self.suffix}"] if self.suffix else []
        parts += [f"find:{number}" for number in self.lookups]
        parts += [f"invalid:{_quoted(written)}" for written in self.invalid_numbers]
        return " ".join(parts)


def _every(question: Question) -> str:
    """`are all mobile linked`: the reader takes the last status or type as what every number should be."""
    scope = question.without_predicate().model_copy(update={"yes_no": None})
    filters = scope.canonical().removeprefix("all").strip()
    return " ".join(part for part in ("are all", filters, question.predicate) if part)


def _quoted(name: str) -> str:
    name = name.replace('"', "")
    return f'"{name}"' if re.search(r"[\s']", name) else name


# Canonical markers: in:"Den Haag", assistant:"Billing Desk", prefix:085, fragment:4567, find:+31201234567.
EXPLICIT = re.compile(
    r"""(?<![\w:-])(in|assistant|not-in|not-assistant|not-prefix|prefix|fragment|suffix|find|invalid|pattern):("[^"]*"|[^\s"]+)"""
)
# Slack: a button's value is at most 2,000 characters; the page state around the question takes the rest.
MAX_CANONICAL_CHARS = 1200


def unquote(value: str) -> str:
    """The value of a canonical marker, without its quotes."""
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


_SPOKEN = {"in": "in ", "assistant": "", "not-in": "outside ", "not-assistant": "not ", "prefix": "starting ",
           "not-prefix": "not starting ", "fragment": "containing ", "suffix": "ending ", "find": "", "invalid": "",
           "pattern": ""}  # fmt: skip


def spoken(canonical: str) -> str:
    """A canonical question as people would type it: `available in:"Den Haag"` → `available in Den Haag`."""
    return " ".join(EXPLICIT.sub(lambda m: _SPOKEN[m.group(1)] + unquote(m.group(2)), canonical).split())
