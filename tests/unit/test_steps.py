"""Workflow Builder steps, domain side: inputs read as the other surfaces read them, outputs as manifest.yml says."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from bot.answers.service import NumbersService
from bot.answers.steps import LookupStatus, Step, StepError, WorkflowSteps, lookup_status, step_channel, step_user
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from tests.unit.support import FETCHED_AT, FlireoStub, client_on, make_snapshot, numbers_from

MakeCache = Callable[..., InventoryCache]


@pytest.fixture
def steps(flireo: FlireoStub, make_cache: MakeCache) -> WorkflowSteps:
    return WorkflowSteps(NumbersService(make_cache(flireo), Catalog(client_on(flireo)), page_size=10, region="NL"))


def test_a_look_up_describes_the_first_number_in_an_alert(steps: WorkflowSteps) -> None:
    outputs = steps.run(Step.LOOK_UP, {"text": "ALERT: 020 123 4567 down, fallback +31 6 12345678"})
    assert outputs == {
        "found": True,
        "status": "linked",
        "assistant": "Billing Desk",
        "number_type": "local",
        "locality": "Amsterdam",
        "number": "+31201234567",
        "data_as_of": int(FETCHED_AT.timestamp()),
        "summary": outputs["summary"],
    }
    lines = str(outputs["summary"]).splitlines()
    assert lines[0] == "1 linked · 1 with no assistant · numbers in this message"
    assert lines[1].startswith("+31 20 123 4567 · local · Amsterdam · ")
    assert lines[1].endswith("linked to Billing Desk")
    assert lines[2].startswith("+31 6 12345678 · mobile · ")
    assert lines[2].endswith("no assistant: callers reach nobody (available)")


def test_free_numbers_are_read_like_the_slash_command(steps: WorkflowSteps) -> None:
    outputs = steps.run(Step.FREE_NUMBERS, {"number_type": "local", "place": "Amsterdam", "how_many": 5})
    assert outputs["numbers"] == "+31201110000\n+31207654321"
    assert outputs["count"] == 2
    assert str(outputs["summary"]).startswith("Available local numbers in Amsterdam: 2 found")


def test_a_place_it_cannot_read_is_an_error_naming_the_words(steps: WorkflowSteps) -> None:
    with pytest.raises(StepError, match="'atlantis'"):
        steps.run(Step.FREE_NUMBERS, {"place": "Atlantis"})


@pytest.mark.parametrize("how_many", [0, -2, "two", 1.5, True])
def test_how_many_must_be_a_whole_number_from_one(steps: WorkflowSteps, how_many: object) -> None:
    with pytest.raises(StepError, match="whole number from 1"):
        steps.run(Step.FREE_NUMBERS, {"how_many": how_many})


def test_how_many_is_capped_and_a_numeric_string_is_read(steps: WorkflowSteps) -> None:
    assert steps.run(Step.FREE_NUMBERS, {"how_many": "500"})["count"] == 5  # every free number the account has
    assert steps.run(Step.FREE_NUMBERS, {"how_many": "2"})["count"] == 2


def test_what_changed_without_history_is_an_error_the_author_can_read(steps: WorkflowSteps) -> None:
    with pytest.raises(StepError, match="no history"):
        steps.run(Step.WHAT_CHANGED, {"how_far_back": "1h"})


@pytest.mark.parametrize("period", ["1h", "90 min", "since 14:00", "sinds gisteren", "afgelopen uur", "yesterday", ""])
def test_periods_are_read_by_the_change_reader(steps: WorkflowSteps, period: str) -> None:
    assert steps._period(period).startswith("since ")


@pytest.mark.parametrize("period", ["whenever", "1h billing", "soon"])
def test_a_period_with_words_it_cannot_read_is_refused(steps: WorkflowSteps, period: str) -> None:
    with pytest.raises(StepError, match="how far back"):
        steps._period(period)


def test_flireo_down_with_no_data_is_a_step_error_with_the_outage(flireo: FlireoStub, steps: WorkflowSteps) -> None:
    flireo.failure = lambda request: httpx.Response(503, json={"error": "down"})
    with pytest.raises(StepError, match="Flireo"):
        steps.run(Step.LOOK_UP, {"text": "020 123 4567"})


def test_a_missing_or_wrong_text_input_is_named(steps: WorkflowSteps) -> None:
    with pytest.raises(StepError, match="`text` input"):
        steps.run(Step.LOOK_UP, {})
    with pytest.raises(StepError, match="must be text"):
        steps.run(Step.LOOK_UP, {"text": ["020 123 4567"]})


def test_statuses_cover_shared_free_unavailable_and_not_yet_read() -> None:
    shared = numbers_from([{"id": "s", "phone_number": "+31851230000"}], shared=True)[0]
    taken = numbers_from([{"id": "t", "phone_number": "+31201110001", "available": False}])[0]
    snapshot = make_snapshot()
    assert lookup_status(shared, snapshot) is LookupStatus.SHARED
    assert lookup_status(taken, snapshot) is LookupStatus.NOT_AVAILABLE
    assert lookup_status(None, snapshot) is LookupStatus.NOT_ON_ACCOUNT


def test_only_slack_ids_are_taken_as_the_steps_user_and_channel() -> None:
    assert step_user({"user_id": "U0ONCALL"}) == "U0ONCALL"
    assert step_user({"user_id": "<@U0ONCALL>"}) is None
    assert step_channel({"channel_id": "C0INCIDENT"}) == "C0INCIDENT"
    assert step_channel({"channel_id": 42}) is None


def test_names_from_flireo_cannot_become_mentions_or_emoji_in_a_later_message(make_cache: MakeCache) -> None:
    hostile = {"id": "assistant-x", "name": "<!channel> :fire: Desk\nline two"}
    stub = FlireoStub([{"id": "h1", "phone_number": "+31201234567", "number_type": "local", "available": False,
                        "locality": "<@U0BOSS>", "linked_assistant": hostile}])  # fmt: skip
    steps = WorkflowSteps(NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=10, region="NL"))
    outputs = steps.run(Step.LOOK_UP, {"text": "020 123 4567"})
    assert "\n" not in str(outputs["assistant"])
    for text in (str(outputs["assistant"]), str(outputs["locality"]), str(outputs["summary"])):
        assert "<!" not in text
        assert "<@" not in text
        assert ":fire:" not in text
