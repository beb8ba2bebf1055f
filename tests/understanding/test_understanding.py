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
# A second blind set for issue 21 (252 cases, half Dutch, over an inventory of its own with new trap names), written
# after the reader's fixes for the first one by someone who had read neither the reader nor its cases. Scored by the
# rules its README gives (see score_held_out): its figure when it arrived is its floor.
HELD_OUT_21B_CASES = HERE / "held_out_21b_cases.yaml"
HELD_OUT_21B_INVENTORY = HERE / "held_out_21b_inventory.json"
HELD_OUT_21B_FLOOR = 0.97
# A third blind set (210 cases, half Dutch, new places and trap names), written by someone who had read neither the
# reader nor any cases, scored once on arrival by the same rules: 196 of 210 (93.3%), below issue 21's 97%. Its
# arrival figure is its floor; what it found wrong is in the README's table.
HELD_OUT_21C_CASES = HERE / "held_out_21c_cases.yaml"
HELD_OUT_21C_INVENTORY = HERE / "held_out_21c_inventory.json"
HELD_OUT_21C_FLOOR = 0.93
# A fourth blind set (202 cases, half Dutch, new places and trap names), written the same way after the fixes the
# third one led to, scored once on arrival: 191 of 202 (94.6%). Its arrival figure is its floor.
HELD_OUT_21D_CASES = HERE / "held_out_21d_cases.yaml"
HELD_OUT_21D_INVENTORY = HERE / "held_out_21d_inventory.json"
HELD_OUT_21D_FLOOR = 0.94
# A fifth blind set (202 cases, half Dutch, new places and trap names), written the same way after the fixes the
# fourth one led to, scored once on arrival: 191 of 202 (94.6%). Its arrival figure is its floor.
HELD_OUT_21E_CASES = HERE / "held_out_21e_cases.yaml"
HELD_OUT_21E_INVENTORY = HERE / "held_out_21e_inventory.json"
HELD_OUT_21E_FLOOR = 0.94
# A sixth blind set (204 cases, half Dutch, new places and trap names), written after the fifth set's kinds and
# three tuning sets were fixed, scored once on arrival: 200 of 204 (98.0%), with one wrong "0 found" and two
# opposite listings. Its arrival figure is its floor.
HELD_OUT_21F_CASES = HERE / "held_out_21f_cases.yaml"
HELD_OUT_21F_INVENTORY = HERE / "held_out_21f_inventory.json"
HELD_OUT_21F_FLOOR = 0.98
# A seventh blind set (204 cases, half Dutch, new places and trap names), written after the sixth set's kinds and five
# tuning sets were fixed, scored once on arrival: 198 of 204 (97.1%), with one opposite and one widened listing.
HELD_OUT_21G_CASES = HERE / "held_out_21g_cases.yaml"
HELD_OUT_21G_INVENTORY = HERE / "held_out_21g_inventory.json"
HELD_OUT_21G_FLOOR = 0.97
# An eighth blind set (204 cases), written after the seventh set's kinds were fixed, scored once on arrival: 196 of
# 204 (96.1%), with opposite and widened listings. Its arrival figure is its floor.
HELD_OUT_21H_CASES = HERE / "held_out_21h_cases.yaml"
HELD_OUT_21H_INVENTORY = HERE / "held_out_21h_inventory.json"
HELD_OUT_21H_FLOOR = 0.96
# A ninth blind set (204 cases), written after the eighth set's kinds were fixed, scored once on arrival: 194 of 204
# (95.1%), with two widened listings. Its arrival figure is its floor.
HELD_OUT_21I_CASES = HERE / "held_out_21i_cases.yaml"
HELD_OUT_21I_INVENTORY = HERE / "held_out_21i_inventory.json"
HELD_OUT_21I_FLOOR = 0.95
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
def held_out_21b() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's second held-out set."""
    yield from _service_on(HELD_OUT_21B_INVENTORY)


@pytest.fixture(scope="module")
def held_out_21c() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's third held-out set."""
    yield from _service_on(HELD_OUT_21C_INVENTORY)


@pytest.fixture(scope="module")
def held_out_21d() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's fourth held-out set."""
    yield from _service_on(HELD_OUT_21D_INVENTORY)


@pytest.fixture(scope="module")
def held_out_21e() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's fifth held-out set."""
    yield from _service_on(HELD_OUT_21E_INVENTORY)


@pytest.fixture(scope="module")
def held_out_21f() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's sixth held-out set."""
    yield from _service_on(HELD_OUT_21F_INVENTORY)


@pytest.fixture(scope="module")
def held_out_21g() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's seventh held-out set."""
    yield from _service_on(HELD_OUT_21G_INVENTORY)


@pytest.fixture(scope="module")
def held_out_21h() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's eighth held-out set."""
    yield from _service_on(HELD_OUT_21H_INVENTORY)


@pytest.fixture(scope="module")
def held_out_21i() -> Iterator[tuple[NumbersService, Snapshot]]:
    """The bot on the inventory that came with issue 21's ninth held-out set."""
    yield from _service_on(HELD_OUT_21I_INVENTORY)


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


def test_issue_21_second_held_out_set_reads_right_at_least_as_often_as_when_it_arrived(
    held_out_21b: tuple[NumbersService, Snapshot],
) -> None:
    accuracy, wrong = _held_out_score(HELD_OUT_21B_CASES, held_out_21b)
    assert accuracy >= HELD_OUT_21B_FLOOR, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def test_issue_21_third_held_out_set_reads_right_at_least_as_often_as_when_it_arrived(
    held_out_21c: tuple[NumbersService, Snapshot],
) -> None:
    accuracy, wrong = _held_out_score(HELD_OUT_21C_CASES, held_out_21c)
    assert accuracy >= HELD_OUT_21C_FLOOR, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def test_issue_21_fourth_held_out_set_reads_right_at_least_as_often_as_when_it_arrived(
    held_out_21d: tuple[NumbersService, Snapshot],
) -> None:
    accuracy, wrong = _held_out_score(HELD_OUT_21D_CASES, held_out_21d)
    assert accuracy >= HELD_OUT_21D_FLOOR, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def test_issue_21_fifth_held_out_set_reads_right_at_least_as_often_as_when_it_arrived(
    held_out_21e: tuple[NumbersService, Snapshot],
) -> None:
    accuracy, wrong = _held_out_score(HELD_OUT_21E_CASES, held_out_21e)
    assert accuracy >= HELD_OUT_21E_FLOOR, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def test_issue_21_sixth_held_out_set_reads_right_at_least_as_often_as_when_it_arrived(
    held_out_21f: tuple[NumbersService, Snapshot],
) -> None:
    accuracy, wrong = _held_out_score(HELD_OUT_21F_CASES, held_out_21f)
    assert accuracy >= HELD_OUT_21F_FLOOR, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def test_issue_21_seventh_held_out_set_reads_right_at_least_as_often_as_when_it_arrived(
    held_out_21g: tuple[NumbersService, Snapshot],
) -> None:
    accuracy, wrong = _held_out_score(HELD_OUT_21G_CASES, held_out_21g)
    assert accuracy >= HELD_OUT_21G_FLOOR, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def test_issue_21_eighth_held_out_set_reads_right_at_least_as_often_as_when_it_arrived(
    held_out_21h: tuple[NumbersService, Snapshot],
) -> None:
    accuracy, wrong = _held_out_score(HELD_OUT_21H_CASES, held_out_21h)
    assert accuracy >= HELD_OUT_21H_FLOOR, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def test_issue_21_ninth_held_out_set_reads_right_at_least_as_often_as_when_it_arrived(
    held_out_21i: tuple[NumbersService, Snapshot],
) -> None:
    accuracy, wrong = _held_out_score(HELD_OUT_21I_CASES, held_out_21i)
    assert accuracy >= HELD_OUT_21I_FLOOR, f"{accuracy:.1%} held-out cases right; wrong: {wrong}"


def _held_out_score(path: Path, bot: tuple[NumbersService, Snapshot]) -> tuple[float, list[tuple[str, str]]]:
    """The share of a blind set read right by its README's rules (score_held_out), and the cases read wrong."""
    held_out = cases(path)
    wrong = [(case["q"], verdict.why) for case in held_out if not (verdict := score_held_out(case, *bot)).ok]
    return 1 - len(wrong) / len(held_out), wrong
