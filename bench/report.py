"""What the benchmark reports: its rows and extra figures, as a Markdown table, and the machine it ran on."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import Timing


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    scenario: str
    ours: float
    naive: float
    unit: str
    upstream: str
    target: str = ""

    @property
    def ratio(self) -> float:
        """ours / naive."""
        return self.ours / self.naive if self.naive else float("nan")


@dataclass
class Results:
    """The table's rows, the extra figures, and anything that went wrong."""

    rows: list[Row] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def check(self, name: str, timings: list[Timing]) -> None:
        """Note commands that were not acked, not answered, or answered with a warning."""
        bad = [t for t in timings if not t.ok]
        if bad:
            self.problems.append(f"{name}: {len(bad)} of {len(timings)} commands failed, e.g. {bad[0]}")


def machine() -> str:
    """CPU model, usable cores, memory and Python version."""
    cpu = "unknown CPU"
    memory = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        kib = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line)
        memory = f", {int(kib) / 1024**2:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores{memory}, Python {platform.python_version()} ({platform.system()})"


def table(results: Results) -> str:
    """The results as a Markdown table."""
    lines = [
        "| scenario | ours | naive | ratio | target | upstream requests (ours / naive) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in results.rows:
        lines.append(
            f"| {row.scenario} | {row.ours:,.0f} {row.unit} | {row.naive:,.0f} {row.unit} | {row.ratio:.3f} "
            f"| {row.target} | {row.upstream} |"
        )
    return "\n".join(lines)
