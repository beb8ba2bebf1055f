"""Every example question of ../shared/questions/ and our own further cases, answered as they mean (SPEC §3)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answers.service import NumbersService
from bot.container import build_container
from bot.flireo.budget import RequestBudget
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.inventory.snapshot import Snapshot
from bot.ops.config import Settings
from tests.understanding.checker import check, score_held_out
from tests.unit.support import FlireoStub, client_on

HERE = Path(__file__).parent
SHARED_EXAMPLES = HERE.parents[1].parent / "shared" / "questions" / "understanding.yaml"
OWN_INVENTORY = HERE / "other_inventory.json"
TUNED_CASES = HERE / "other_cases.yaml"
HELD_OUT_CASES = HERE / "held_out_cases.yaml"
ISSUE21_INVENTORY = HERE / "issue21_inventory.json"
ISSUE21_CASES = HERE / "issue21_cases.yaml"
# The kinds a blind held-out set still found wrong (two questions in one, link status said negatively, lists left
# out, digits contained, keyword typos, a number two digits short, shared numbers): our own cases, tuned on.
ISSUE21_KINDS_CASES = HERE / "issue21_kinds_cases.yaml"
# Issue 21's held-out set, written by someone who had not read the reader, over an inventory of their own; run once
# when it arrived, never tuned on. Its floor is the figure it measured then (see the README), so a reader that gets
# worse at what it was not tuned on fails.
HELD_OUT_21_CASES = HERE / "held_out_21_cases.yaml"
HELD_OUT_21_INVENTORY = HERE / "held_out_21_inventory.json"
HELD_OUT_21_FLOOR = 0.89
# Blind sets for issue 21 after the first, each written by someone who had read neither the reader nor any case file,
# over an inventory of its own with new places and trap names, scored once on arrival by the rules of its README
# (score_held_out); its arrival figure is its floor, and what it found wrong is tabled at the end of its README.
# (set, arrival figure: what it found)
BLIND_SETS = {
    "21b": 0.97,  # 246 of 252 (97.6%): one wrong "0 found"
    "21c": 0.93,  # 196 of 210 (93.3%): widened, opposite, a merged two-part count
    "21d": 0.94,  # 191 of 202 (94.6%): widened and opposite listings
    "21e": 0.94,  # 191 of 202 (94.6%): opposite x4, narrowed, widened, a wrong "0 found"
    "21f": 0.98,  # 200 of 204 (98.0%): a wrong "0 found", opposite x2
    "21g": 0.97,  # 198 of 204 (97.1%): one opposite, one widened listing
    "21h": 0.96,  # 196 of 204 (96.1%): opposite x3, one widened
    "21i": 0.95,  # 194 of 204 (95.1%): two widened listings
    "21j": 0.93,  # 192 of 206 (93.2%): opposite x3, widened x5, a wrong "0 found"
    "21k": 0.85,  # 182 of 212 (85.8%): slang; widened x8, opposite x4, a wrong "0 found"
    "21l": 0.91,  # 193 of 212 (91.0%): widened x5, opposite x3, narrowed x4
    "21m": 0.91,  # 184 of 202 (91.1%): opposite x3, narrowed x3, widened
    "21n": 0.89,  # 181 of 202 (89.6%): widened x6, opposite x4, narrowed x2
    "21o": 0.88,  # 179 of 202 (88.6%): opposite x5, widened x3, narrowed
    "21p": 0.88,  # 178 of 202 (88.1%): widened x6, opposite or narrowed x4
    "21q": 0.91,  # 185 of 202 (91.6%): widened x6, opposite x5
    "21r": 0.92,  # 186 of 202 (92.1%): opposite x5, widened x3, wrong "0 found" x2
    "21s": 0.87,  # 194 of 222 (87.4%): status idioms; widened x8, opposite x3, narrowed
    "21t": 0.88,  # 176 of 200 (88.0%): status idioms; widened x8, opposite x2, narrowed x2
    "21u": 0.83,  # 167 of 200 (83.5%): status idioms; widened x12, opposite x2, narrowed, wrong listings x3
    "21v": 0.99,  # 198 of 200 (99.0%): a realistic vocabulary mix; one merged two-part listing, one asked back
    "21w": 0.98,  # 196 of 200 (98.0%): realistic mix; one widened ("actually" not a correction), a trap name, 2 asked
    "21x": 0.98,  # 196 of 200 (98.0%): realistic mix; one wrong "0 found" (a trap name), three asked back
    "21y": 0.97,  # 194 of 200 (97.0%): realistic mix; opposite, a wrong "0 found", a narrowed count, 3 asked back
    "21z": 0.97,  # 195 of 200 (97.5%): realistic mix; one widened (a place taken for a greeting), help misread
    "21aa": 1.0,  # 200 of 200 (100%): realistic mix; nothing wrong on arrival
    "21ab": 0.98,  # 197 of 200 (98.5%): realistic mix; two widened listings, one asked back
    "21ac": 0.97,  # 194 of 200 (97.0%): realistic mix; opposite x2, widened, wrong "0 found" x2, one asked back
    "21ad": 0.96,  # 193 of 200 (96.5%): realistic mix; widened x4 (area code, trap names, "over"), 3 asked back
    "21ae": 0.96,  # 192 of 200 (96.0%): realistic mix; widened x2, narrowed, a wrong "0 found", 4 asked back
    "21af": 0.98,  # 197 of 200 (98.5%): realistic mix; opposite x3 (a leaving out said after in unknown words)
}
# The held-out cases were written by someone who had not seen the reader or the tuned cases; on first run the reader
# read 184 of 186 (98.9%), and only the two generic bugs they showed were fixed. The floor catches a reader that got
# worse at what it was not tuned on, without turning these cases into ones it is tuned to.
HELD_OUT_FLOOR = 0.95


def cases(path: Path) -> list[dict[str, Any]]:
    """The questions of a YAML file in the format of ../shared/questions/README.md."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


# Said instead of pytest's "got empty parameter set" when the examples are not beside the clone.
MISSING_SHARED = (
    f"the shared examples are missing: {SHARED_EXAMPLES} is not there. They live in the project's shared/ folder "
    "(shared/questions/understanding.yaml); put a copy of shared/ beside this clone (../shared) to run them."
)


def shared_examples() -> list[Any]:
    """The shared examples; CI must have them, so there a missing file fails instead of skipping."""
    if not SHARED_EXAMPLES.exists():
        if os.environ.get("CI"):
            raise FileNotFoundError(f"{SHARED_EXAMPLES} is missing: CI must run the shared understanding examples")
        return [pytest.param(None, id="missing", marks=pytest.mark.skip(reason=MISSING_SHARED))]
    return cases(SHARED_EXAMPLES)


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on its demo inventory, as `python app.py ask` runs without FLIREO_API_KEY."""
    deps = build_container(Settings(_env_file=None, flireo_api_key=None, flireo_api_url=None, redis_url=None))
    snapshot, _ = deps.cache.get()
    yield deps.numbers, snapshot
    deps.close()


@pytest.fixture(scope="module")
def other() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on an inventory of our own, with names that hold cities and keywords."""
    yield from _service_on(OWN_INVENTORY)


@pytest.fixture(scope="module")
def held_out_21() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's held-out cases."""
    yield from _service_on(HELD_OUT_21_INVENTORY)


@pytest.fixture(scope="module")
def issue21() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on issue 21's inventory: trap names that hold places and keywords ("Nobody Home", "Mobile Care")."""
    yield from _service_on(ISSUE21_INVENTORY)


def _service_on(path: Path) -> Iterator[tuple[NumbersService, Snapshot]]:
    inventory = json.loads(path.read_text(encoding="utf-8"))
    client = client_on(FlireoStub(inventory["data"], inventory["shared_numbers"]), budget=RequestBudget(1000))
    cache = InventoryCache(client, ttl_seconds=3600, stale_max_age_seconds=3600)
    service = NumbersService(cache, Catalog(client, demo=True), page_size=10, region="NL")
    snapshot, _ = cache.get()
    yield service, snapshot
    cache.close()


@pytest.mark.parametrize("case", shared_examples(), ids=lambda case: case["q"][:60] if case else "missing")
def test_every_shared_example_is_answered_as_it_means(
    case: dict[str, Any], demo: tuple[NumbersService, Snapshot]
) -> None:
    verdict = check(case["q"], case["means"], *demo)
    assert verdict.ok, verdict.why


@pytest.mark.parametrize("case", cases(TUNED_CASES), ids=lambda case: case["q"][:60])
def test_our_further_cases_are_answered_as_they_mean(
    case: dict[str, Any], other: tuple[NumbersService, Snapshot]
) -> None:
    verdict = check(case["q"], case["means"], *other)
    assert verdict.ok, verdict.why


@pytest.mark.parametrize("case", cases(ISSUE21_CASES), ids=lambda case: case["q"][:60])
def test_issue_21_cases_are_answered_as_they_mean(
    case: dict[str, Any], issue21: tuple[NumbersService, Snapshot]
) -> None:
    verdict = check(case["q"], case["means"], *issue21)
    assert verdict.ok, verdict.why


@pytest.mark.parametrize("case", cases(ISSUE21_KINDS_CASES), ids=lambda case: case["q"][:60])
def test_issue_21_kinds_the_held_out_set_found_are_answered_as_they_mean(
    case: dict[str, Any], issue21: tuple[NumbersService, Snapshot]
) -> None:
    verdict = check(case["q"], case["means"], *issue21)
    assert verdict.ok, verdict.why


def test_held_out_cases_mostly_read_right(other: tuple[NumbersService, Snapshot]) -> None:
    held_out = cases(HELD_OUT_CASES)
    wrong = [
        (case["q"], verdict.why) for case in held_out if not (verdict := check(case["q"], case["means"], *other)).ok
    ]
    accuracy = 1 - len(wrong) / len(held_out)
    assert accuracy >= HELD_OUT_FLOOR, f"{accuracy:.0%} of {len(held_out)} held-out cases; wrong: {wrong}"


def test_issue_21_held_out_cases_read_right_at_least_as_often_as_when_they_arrived(
    held_out_21: tuple[NumbersService, Snapshot],
) -> None:
    held_out = cases(HELD_OUT_21_CASES)
    wrong = [
        (case["q"], verdict.why)
        for case in held_out
        if not (verdict := check(case["q"], case["means"], *held_out_21)).ok
    ]
    accuracy = 1 - len(wrong) / len(held_out)
    assert accuracy >= HELD_OUT_21_FLOOR, f"{accuracy:.1%} of {len(held_out)} held-out cases; wrong: {wrong}"


@pytest.mark.parametrize(("blind_set", "floor"), BLIND_SETS.items())
def test_each_blind_set_of_issue_21_reads_right_at_least_as_often_as_when_it_arrived(
    blind_set: str, floor: float
) -> None:
    bot = _service_on(HERE / f"held_out_{blind_set}_inventory.json")
    try:
        accuracy, wrong = _held_out_score(HERE / f"held_out_{blind_set}_cases.yaml", next(bot))
    finally:
        next(bot, None)  # past its yield: the cache is closed
    assert accuracy >= floor, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def _held_out_score(path: Path, bot: tuple[NumbersService, Snapshot]) -> tuple[float, list[tuple[str, str]]]:
    """The share of a blind set read right by its README's rules (score_held_out), and the cases read wrong."""
    held_out = cases(path)
    wrong = [(case["q"], verdict.why) for case in held_out if not (verdict := score_held_out(case, *bot)).ok]
    return 1 - len(wrong) / len(held_out), wrong
