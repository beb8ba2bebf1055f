"""A store error in the bot's terms: is the data damaged, the disk full, the database unreachable? In plain words."""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.i18n.translator import Text


class SchemaError(RuntimeError):
    """The store's schema cannot be brought to this version's (a newer bot wrote it, or a migration failed)."""


def store_errors() -> tuple[type[BaseException], ...]:
    """What a store call may raise: the database's errors (wrapped by SQLAlchemy or not), the disk's, a migration's.

    SQLAlchemy is imported here, not at the top: a process that never opens the store never loads it (`ask`).
    """
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError, sqlite3.Error, OSError, SchemaError)


# SQLite's result codes (https://www.sqlite.org/rescode.html): the file's content is wrong, not its surroundings.
SQLITE_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
SQLITE_FULL = frozenset({"SQLITE_FULL"})
# PostgreSQL's SQLSTATEs (Appendix A, "PostgreSQL Error Codes"): data_corrupted, index_corrupted; disk_full.
POSTGRES_DAMAGED = frozenset({"XX001", "XX002"})
POSTGRES_FULL = frozenset({"53100"})
# Python's sqlite3 raises this (without a SQLite code) when a stored text is not UTF-8: damaged bytes in a page.
UNDECODABLE = "could not decode"


def _origin(exc: BaseException) -> Any:
    """The driver's own error under SQLAlchemy's wrapper."""
    return getattr(exc, "orig", None) or exc


def damaged(exc: BaseException) -> bool:
    """Whether an error means the stored data itself is damaged (a SQLite file is then set aside)."""
    origin = _origin(exc)
    if getattr(origin, "sqlite_errorname", None) in SQLITE_DAMAGED:
        return True
    if getattr(origin, "sqlstate", None) in POSTGRES_DAMAGED:
        return True
    words = str(origin).lower()
    return isinstance(origin, sqlite3.Error) and any(
        sign in words for sign in (UNDECODABLE, "malformed", "not a database")
    )


def full(exc: BaseException) -> bool:
    """Whether an error means there is no room to write."""
    origin = _origin(exc)
    if getattr(origin, "sqlite_errorname", None) in SQLITE_FULL or getattr(origin, "sqlstate", None) in POSTGRES_FULL:
        return True
    return "disk is full" in str(origin).lower() or getattr(origin, "errno", None) == 28  # ENOSPC


def reason_for(exc: BaseException) -> Text:
    """A store error in plain words (never the SQL, the data or a password), translated where it is shown."""
    origin = _origin(exc)
    if full(exc):
        return Text("the disk is full")
    if damaged(exc):
        return Text("the stored history is damaged")
    if isinstance(exc, SchemaError):
        return Text("the store's schema is from a newer version of the bot")
    if isinstance(origin, OSError):
        return Text("the store's disk failed ({error})", error=origin.strerror or type(origin).__name__)
    if type(origin).__module__.startswith("psycopg") and getattr(origin, "sqlstate", None) in (None, "08000", "08006"):
        return Text("the database cannot be reached")
    code = getattr(origin, "sqlite_errorname", None) or getattr(origin, "sqlstate", None)
    return Text("the store failed ({code})", code=code or type(origin).__name__)
