"""The history store: SQL (SQLite in DATA_DIR, or PostgreSQL at DATABASE_URL) behind a guard.

SQLAlchemy (and Alembic, when the schema is behind) load when the store is first used, not at import: a process that
never reads history (`ask stats`, the console's first question) starts without them.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from bot.inventory.store.guarded import GuardedHistory

if TYPE_CHECKING:
    from bot.inventory.store.sql import SqlHistory


def open_history(
    *, data_dir: str, site: str, key: str, keep_days: float, database_url: str | None, gap_after: timedelta
) -> GuardedHistory:
    """The account's store: PostgreSQL with `database_url`, else one SQLite file per Flireo API URL in `data_dir`.

    `site` hashes the API URL, `key` the URL and key (the fingerprint the store checks): the file is not named by
    the key, so a rotated key finds its account's history (and a store that is another account's is set aside).
    """
    if database_url:

        def on_postgres() -> SqlHistory:
            from bot.inventory.store.engines import postgres_engine
            from bot.inventory.store.sql import SqlHistory

            return SqlHistory(postgres_engine(database_url), keep_days=keep_days, gap_after=gap_after)

        return GuardedHistory(on_postgres, where=without_password(database_url), fingerprint=key)
    path = Path(data_dir).resolve() / f"history-{site}.sqlite3"  # logged and kept aside by its full path
    adopt_keyed_file(path, path.with_name(f"history-{key}.sqlite3"))

    def on_sqlite() -> SqlHistory:
        from bot.inventory.store.engines import sqlite_engine
        from bot.inventory.store.sql import SqlHistory

        return SqlHistory(sqlite_engine(path), keep_days=keep_days, gap_after=gap_after)

    return GuardedHistory(on_sqlite, where=str(path), path=path, fingerprint=key)


def adopt_keyed_file(path: Path, keyed: Path) -> None:
    """Earlier versions named the file by URL and key: it becomes the URL's file (its WAL files with it)."""
    if path.exists() or not keyed.exists():
        return
    for extra in ("", "-wal", "-shm"):
        old = keyed.with_name(keyed.name + extra)
        if old.exists():
            old.rename(path.with_name(path.name + extra))


def without_password(url: str) -> str:
    """A database URL fit for the log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
