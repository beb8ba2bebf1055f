"""Fixtures every test folder shares: a real PostgreSQL server (started once), and the store on either database."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.inventory.store.engines import postgres_engine, sqlite_engine
from bot.inventory.store.sql import SqlHistory
from tests.postgres import PostgresServer, skip_or_fail_without_postgres

OpenStore = Callable[..., SqlHistory]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run (each test takes a database of its own)."""
    server = PostgresServer(skip_or_fail_without_postgres(), _free_port())
    yield server
    server.stop()


@pytest.fixture
def database_url(postgres_server: PostgresServer) -> str:
    """A new, empty PostgreSQL database for this test (its SQLAlchemy URL)."""
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenStore]:
    """`open_store(keep_days=30, now=None)`: the history store on SQLite or PostgreSQL, opened anew at each call.

    Every call opens the same database, as a restarted process (or another replica) would.
    """
    if request.param == "sqlite":
        target: Callable[[], object] = lambda: sqlite_engine(tmp_path / "h.sqlite3")  # noqa: E731
    else:
        url = request.getfixturevalue("database_url")
        target = lambda: postgres_engine(url)  # noqa: E731
    opened: list[SqlHistory] = []

    def _open(keep_days: float = 30, now: Callable[[], datetime] | None = None) -> SqlHistory:
        store = SqlHistory(target(), keep_days=keep_days, now=now)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()
