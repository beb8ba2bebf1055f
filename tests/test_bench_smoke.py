"""The benchmark still runs end to end (small sizes): `pytest -m bench`; not part of the default run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.bench
def test_the_quick_bench_runs_both_bots_and_prints_the_table() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| scenario | ours | naive | ratio |" in result.stdout
    assert "PROBLEM" not in result.stderr


@pytest.mark.bench
def test_the_quick_store_bench_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.store", "--quick"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| SQLite WAL bytes per quiet reading, 1,000 numbers |" in result.stdout
    assert "| storing a quiet reading of 1,000 numbers in history |" in result.stdout
    assert "| `changes`, 5,000 stored |" in result.stdout
    assert "| `changes csv` export, 5,000 stored (5,000 rows of the last day) |" in result.stdout
