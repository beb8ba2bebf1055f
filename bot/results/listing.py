"""What a listing, lookup or count question found, before it is rendered: shared by the answers and the views."""

from __future__ import annotations

from dataclasses import dataclass

from bot.flireo.models import PhoneNumber


@dataclass(frozen=True)
class Listing:
    """Numbers that answer a question, in a stable order, with what was asked in words."""

    description: str
    numbers: tuple[PhoneNumber, ...]
    hint: str | None = None
    lookup: str | None = None
    exact: bool = False
    count: bool = False  # a "how many" question: the count leads, with a breakdown
    breakdown: str | None = None
    verdict: str | None = None  # a yes/no question's answer, which leads instead of the description
    counted: str | None = None  # a count's description, in the count's number ("1 free number"), after the count


@dataclass(frozen=True)
class InvalidNumber:
    """A number written with a digit too many or too few: why it is no number, and the account's closest."""

    written: str
    why: str
    closest: tuple[PhoneNumber, ...]


@dataclass(frozen=True)
class Lookups:
    """Each number asked about (E.164) with the account's or shared numbers it is (none: not on the account)."""

    found: tuple[tuple[str, tuple[PhoneNumber, ...]], ...]
    invalid: tuple[InvalidNumber, ...] = ()
    # A number not on the account, with the account's numbers one digit off it (a slip: "did you mean …").
    near: tuple[tuple[str, tuple[PhoneNumber, ...]], ...] = ()


@dataclass(frozen=True)
class TypeCount:
    """Counts of one number type."""

    number_type: str
    total: int
    available: int
    linked: int


@dataclass(frozen=True)
class Stats:
    """Inventory counts: total, by type × available/linked, top localities."""

    total: int
    shared: int
    by_type: tuple[TypeCount, ...]
    top_localities: tuple[tuple[str, int, int], ...]  # (locality, total, available)
    free_local: tuple[tuple[str, int], ...] = ()  # (locality, available local numbers), most first
    # Numbers whose records in Flireo disagree (one id with two numbers, one number under two ids, #19).
    disputed: int = 0


@dataclass(frozen=True)
class Help:
    """Usage help."""


Answer = Listing | Lookups | Stats | Help
