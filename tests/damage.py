"""Damage a SQLite store the way a bad disk does: corrupt bytes in the pages of one table or index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# What a bad sector leaves: neither a valid page header nor UTF-8.
GARBAGE = 0xA5


def checkpointed(path: Path) -> None:
    """Fold the WAL into the main file, so every page is where the file's own layout says."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def pages_of(path: Path, name: str) -> tuple[int, list[int]]:
    """The page size and the page numbers holding a table or index (SQLite's dbstat)."""
    db = sqlite3.connect(path)
    try:
        size = int(db.execute("PRAGMA page_size").fetchone()[0])
        pages = [int(row[0]) for row in db.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (name,))]
    finally:
        db.close()
    assert pages, f"{name} has no pages in {path}"
    return size, pages


def damage_pages(path: Path, name: str) -> None:
    """Overwrite every page of table or index `name` with garbage (after its first 8 bytes, a page header's)."""
    checkpointed(path)
    size, pages = pages_of(path, name)
    with path.open("r+b") as file:
        for page in pages:
            file.seek((page - 1) * size + 8)
            file.write(bytes([GARBAGE]) * (size - 8))


def damage_text(path: Path, name: str, needle: bytes) -> None:
    """Replace the first `needle` in table `name`'s pages with bytes that are not UTF-8 (the page stays valid)."""
    checkpointed(path)
    size, pages = pages_of(path, name)
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * size
        at = data.find(needle, start, start + size)
        if at >= 0:
            data[at : at + len(needle)] = b"\xff" * len(needle)
            path.write_bytes(bytes(data))
            return
    raise AssertionError(f"{needle!r} is not in {name}'s pages")
