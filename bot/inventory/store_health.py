"""What the history store can do now: said in replies, on /healthz and in the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.errors import NumbersError
from bot.i18n import _
from bot.i18n.translator import Text, english


class HistoryUnavailable(NumbersError):
    """The history store could not answer; `str(error)` says why, in words a user can read."""


def watch_refused(reason: str | Text) -> str:
    """Why a watch is refused while nothing can be stored: a watch that is not kept is never confirmed."""
    return _("I can't keep a watch now: {reason}, so nothing new can be stored.").format(reason=reason)


@dataclass(frozen=True)
class StoreHealth:
    """The store's state: "ok", "restarted" (a damaged store was set aside), "unwritable" or "unavailable"."""

    state: str = "ok"
    since: datetime | None = None  # when that state began
    reason: str | Text | None = None  # in plain words: "the disk is full" (a Text: translated where shown)
    set_aside: str | None = None  # where a damaged store was kept

    @property
    def unwritable(self) -> str | Text | None:
        """Why nothing can be stored now (so watches are refused), or None."""
        return self.reason if self.state in ("unwritable", "unavailable") else None

    def as_json(self) -> dict[str, Any]:
        """For /healthz."""
        return {
            "state": self.state,
            "since": self.since.isoformat() if self.since else None,
            "reason": english(self.reason) if self.reason is not None else None,  # for operators: English
            "set_aside": self.set_aside,
        }
