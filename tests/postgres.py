"""A real PostgreSQL server for the tests (Debian's `postgresql` package), on a loopback port, as user postgres."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

START_DEADLINE_SECONDS = 30.0
_databases = itertools.count(1)


def pg_bin() -> Path | None:
    """Debian's PostgreSQL binaries (/usr/lib/postgresql/<version>/bin), or ones on PATH; None when missing."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def skip_or_fail_without_postgres() -> Path:
    """The binaries; a test without them is skipped, except in CI, where .ci/run installs them."""
    binaries = pg_bin()
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; .ci/run installs Debian's postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql): the store's PostgreSQL tests need it")
    return binaries


class PostgresServer:
    """initdb into a temporary directory and run `postgres` on 127.0.0.1 (as user postgres when run as root)."""

    def __init__(self, binaries: Path, port: int, root: Path | None = None) -> None:
        self.binaries = binaries
        self.port = port
        self.root = root or Path(tempfile.mkdtemp(prefix="numbers-pg-"))  # `root`: e.g. a small disk of a test's
        self.root.mkdir(parents=True, exist_ok=True)
        self.data = self.root / "data"
        self._user: list[str] = []
        if os.geteuid() == 0:  # postgres refuses to run as root
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self._start()

    def _start(self) -> None:
        binaries, port = self.binaries, self.port
        log = (self.root / "server.log").open("ab")
        self.proc = subprocess.Popen(
            [*self._user, str(binaries / "postgres"), "-D", str(self.data), "-h", "127.0.0.1", "-p", str(port),
             "-k", str(self.root), "-c", "fsync=off", "-c", "full_page_writes=off"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        self._wait_ready()

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self._user, str(self.binaries / tool), *args], check=True, capture_output=True)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        while True:
            ready = subprocess.run(
                [str(self.binaries / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True
            )
            if ready.returncode == 0:
                return
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"postgres did not start: {(self.root / 'server.log').read_text()[-2000:]}")
            time.sleep(0.1)  # pg_isready has no wait of its own short of its connect timeout

    def new_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"numbers_{os.getpid()}_{next(_databases)}"
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def relation_file(self, url: str, relation: str) -> Path:
        """The file holding a table's or an index's pages in the database at `url`."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                found = connection.execute(text("SELECT pg_relation_filepath(:r)"), {"r": relation}).scalar_one()
        finally:
            engine.dispose()
        return self.data / str(found)

    def halt(self) -> None:
        """Stop the server (its pages written to its files), keeping them."""
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def restart(self) -> None:
        """Start the server again on the same files and port."""
        self._start()

    def stop(self) -> None:
        """Stop the server and remove its files."""
        self.halt()
        shutil.rmtree(self.root, ignore_errors=True)
