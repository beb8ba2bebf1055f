"""The two databases the store runs on: a SQLite file in DATA_DIR, or PostgreSQL at DATABASE_URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

# Slack waits at most a few seconds on another writer; a store busy longer than this is a bug, not load.
BUSY_TIMEOUT_SECONDS = 5.0
# A database that does not answer within this is down: the answer goes on without history (and says so).
CONNECT_TIMEOUT_SECONDS = 5


def sqlite_engine(path: Path) -> Engine:
    """A SQLite file in WAL mode; writes take the lock up front (BEGIN IMMEDIATE), so readings are diffed in turn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # we say BEGIN ourselves: pysqlite's own would defer it past DDL and reads
        dbapi.execute("PRAGMA journal_mode=WAL")
        # WAL with synchronous=NORMAL: a committed reading survives the process being killed (not a power cut).
        dbapi.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        writing = connection.get_execution_options().get("writing")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def postgres_url(url: str) -> str:
    """DATABASE_URL as SQLAlchemy reads it with the psycopg 3 driver (`postgres://` and `postgresql://` alike)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def postgres_engine(url: str) -> Engine:
    """PostgreSQL, shared by replicas; a dropped connection is noticed before use, not in the middle of an answer."""
    return create_engine(
        postgres_url(url), pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    )


def described(engine: Engine) -> str:
    """Where the store is, for the log (never a password)."""
    return engine.url.render_as_string(hide_password=True)
