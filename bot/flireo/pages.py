"""One page of Flireo's number listing, checked; and whether the pages of one fetch add up to the account (#10)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from itertools import pairwise
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.errors import FlireoBadResponse
from bot.flireo.models import PhoneNumber
from bot.i18n.translator import Count, NText, Text
from bot.runtime.gcpause import paused_gc

log = logging.getLogger(__name__)

Record = TypeVar("Record", bound=BaseModel)

# Flireo: limit is 1-100 (SPEC §2).
PAGE_LIMIT = 100
# Safety net against an API that never ends its listing, in one fetch (1,100 pages overlapping by a number: about
# 109,000 numbers; a larger account exceeds even Flireo's 100 requests a minute and is read progressively).
MAX_PAGES = 1_100
# A total larger than this is a garbled number, not an account.
MAX_TOTAL = 10_000_000
_DIGITS = re.compile(r"^\s*\d{1,9}\s*$")


class FlireoInconsistent(FlireoBadResponse):
    """Flireo answered 200, but the page or the pages together do not describe the account; worth a second try."""

    def __init__(self, message: str | Text) -> None:
        # The reason is a diagnostic, but a user reads it inside this sentence: a Text too, in the reply's language
        # (the logs show it in English).
        super().__init__(
            Text("Flireo sent an inventory that does not add up ({reason}); try again in a minute.", reason=message),
            200,
        )
        self.reason = message


def total_changed(first: int | None, now: int | None) -> Text:
    """The reason when Flireo's count of the account moved between two pages of one read."""
    # Counts as the reply's language writes them (5,500 / 5.500); a total Flireo left out stays "None", as logged.
    shown = [Count(total) if total is not None else total for total in (first, now)]
    return Text("the total changed from {first} to {now} while we read", first=shown[0], now=shown[1])


@dataclass(frozen=True)
class Page:
    """One checked page of `GET /v1/phone-numbers`."""

    offset: int
    records: list[Any]
    shared: Any
    total: int | None
    # Asked overlapping: its first record should be the last of the page before (#10), and is not new.
    joins: bool = False
    # When its response arrived (UTC): the state its numbers had then dates their changes (None: not known).
    read_at: datetime | None = None

    @cached_property
    def parsed(self) -> tuple[list[PhoneNumber], int]:
        """The numbers this page adds, validated, and how many of its records were skipped; worked out once.

        A fetch's page threads ask for it as each page lands, so parsing overlaps the wait for the others.
        """
        return parse_numbers(new_records(self))

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids on this page in order, to recognise the same page served at another offset."""
        return tuple(r["id"] for r in self.records if isinstance(r, dict) and isinstance(r.get("id"), str))


def coerce_total(meta: Any) -> int | None:
    """`meta.total` as a count: ints and digit strings ("3000") are read; anything else means unknown."""
    total = meta.get("total") if isinstance(meta, dict) else None
    if isinstance(total, bool):
        return None
    if isinstance(total, int):
        return total if 0 <= total <= MAX_TOTAL else None
    if isinstance(total, float) and total.is_integer():
        return coerce_total({"total": int(total)})
    if isinstance(total, str) and _DIGITS.match(total):
        return coerce_total({"total": int(total)})
    return None


def read_page(body: dict[str, Any], offset: int, *, joins: bool = False, read_at: datetime | None = None) -> Page:
    """Check a page's shape: a list under `data`, no longer than we asked for; the total read when usable."""
    records = body.get("data")
    if not isinstance(records, list):
        if "error" in body:
            raise FlireoInconsistent(Text("a page at offset {offset} held an error", offset=offset))
        raise FlireoInconsistent(Text("a page at offset {offset} held no list of numbers", offset=offset))
    if len(records) > PAGE_LIMIT:
        raise FlireoInconsistent(
            Text(
                "a page at offset {offset} held {count} records, more than asked for",
                offset=offset,
                count=Count(len(records)),
            )
        )
    return Page(offset, records, body.get("shared_numbers"), coerce_total(body.get("meta")), joins, read_at)


def _fault(record: Any, exc: ValidationError | None) -> str:
    """A short kind for an invalid record, for the one summary line a page gets."""
    if record is None:
        return "null"
    if not isinstance(record, dict):
        return "not an object"
    fields = sorted({str(err["loc"][0]) for err in exc.errors() if err["loc"]}) if exc else []
    return f"bad {', '.join(fields)}" if fields else "bad record"


def parse_records(records: Any, model: type[Record], extra: dict[str, Any] | None = None) -> tuple[list[Record], int]:
    """Parse records into `model`, skipping the invalid ones with one summary log line; returns (records, skipped)."""
    if not isinstance(records, list):
        if records is None:
            return [], 0
        raise FlireoBadResponse(Text("Flireo sent a listing we could not read (`data` is not a list)."))
    parsed: list[Record] = []
    faults: Counter[str] = Counter()
    for record in records:
        if not isinstance(record, dict):
            faults[_fault(record, None)] += 1
            continue
        try:
            parsed.append(model.model_validate({**record, **extra} if extra else record))
        except ValidationError as exc:
            faults[_fault(record, exc)] += 1
    if faults:
        # One line a page, however many records are bad: a page of a million nulls must not be a million lines.
        kinds = ", ".join(f"{count} {kind}" for kind, count in faults.most_common(5))
        log.warning("skipped an invalid Flireo record: %d of this %s page (%s)", faults.total(), model.__name__, kinds)
    return parsed, faults.total()


def parse_numbers(records: Any, *, shared: bool = False) -> tuple[list[PhoneNumber], int]:
    """Parse a page of phone numbers (shared default numbers marked as such)."""
    with paused_gc():  # the records are new, long-lived and cycle-free: nothing for the collector to find
        return parse_records(records, PhoneNumber, {"shared": True} if shared else None)


def check_no_repeat(page: Page, seen: dict[tuple[str, ...], int]) -> None:
    """Refuse a page Flireo already served at another offset (it ignores `offset`): paging on would never end."""
    ids = page.ids
    if not ids:
        return
    earlier = seen.setdefault(ids, page.offset)
    if earlier != page.offset:
        raise FlireoInconsistent(
            Text(
                "the page at offset {offset} repeated the one at offset {earlier}", offset=page.offset, earlier=earlier
            )
        )


def can_overlap(step: int) -> bool:
    """Whether pages of this size can be asked overlapping by one record (a page of one cannot)."""
    return step > 1


def stride(step: int) -> int:
    """How far apart pages are asked: each starts on the last record of the page before (#10), when it can."""
    return step - 1 if can_overlap(step) else step


def covering(start: int, total: int, step: int) -> list[int]:
    """Offsets from `start`, each page overlapping the one before, up to one that reaches past `total`.

    That last page must come back short, which proves the end: a total that ends on a full page may be stale.
    """
    offsets = [start]
    while offsets[-1] + step <= total and len(offsets) < MAX_PAGES:
        offsets.append(offsets[-1] + stride(step))
    return offsets


def new_records(page: Page) -> list[Any]:
    """The records a page adds: all but the first of a page asked overlapping (the page before ended with it)."""
    return page.records[1:] if page.joins else page.records


def _boundary(record: Any) -> Any:
    return record["id"] if isinstance(record, dict) and isinstance(record.get("id"), str) else record


def check_joined(before: Page, after: Page, step: int) -> None:
    """Refuse a page that does not start with the record the page before ended with: the account shifted between.

    Numbers released or bought ahead of a page move every later one without changing the total. With each page
    starting on the last record of the one before, a number present throughout the read cannot fall between two
    pages unseen (Flireo lists numbers in a stable order). A short page before the end is check_whole's to refuse.
    """
    if not after.joins or not after.records or len(before.records) < step:
        return
    if _boundary(after.records[0]) != _boundary(before.records[-1]):
        raise FlireoInconsistent(
            Text(
                "the account shifted while we read: the page at offset {offset} did not start where the one at "
                "offset {before} ended",
                offset=after.offset,
                before=before.offset,
            )
        )


def check_whole(pages: list[Page], step: int, numbers: int, skipped: int) -> None:
    """Refuse pages that do not add up: a total that moved, a short page before the end, fewer numbers than the total.

    More numbers than the total is accepted when the pages themselves ended (a short last page): the total was
    stale, the pages are what is there.
    """
    pages = sorted(pages, key=lambda page: page.offset)
    first = pages[0].total
    for page in pages[1:]:
        if first is not None and page.total is not None and page.total != first:
            raise FlireoInconsistent(total_changed(first, page.total))
    for page in pages[:-1]:
        if len(page.records) < step:
            raise FlireoInconsistent(Text("a short page at offset {offset} came before the end", offset=page.offset))
    for before, after in pairwise(pages):
        check_joined(before, after, step)
    if first is not None and numbers + skipped < first:
        raise FlireoInconsistent(
            NText(
                "{count} number listed of the {total} it counts",
                "{count} numbers listed of the {total} it counts",
                numbers + skipped,
                total=Count(first),
            )
        )
