"""The Slack fake's custom steps behave as Slack documents functions.completeSuccess / completeError."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakes.slack import SlackFake

DECLARED = {
    "greet": {
        "title": "Greet",
        "description": "Says hello",
        "input_parameters": {"properties": {"who": {"type": "slack#/types/user_id"}}, "required": ["who"]},
        "output_parameters": {
            "properties": {"said": {"type": "string"}, "when": {"type": "slack#/types/timestamp"}},
            "required": ["said"],
        },
    }
}


@pytest.fixture
def slack() -> Iterator[SlackFake]:
    with SlackFake() as fake:
        fake.functions.declare(DECLARED)
        yield fake


def client_for(slack: SlackFake, event: dict[str, object]) -> WebClient:
    return WebClient(token=str(event["bot_access_token"]), base_url=slack.url)


def test_an_event_lists_the_declared_parameters_with_their_names(slack: SlackFake) -> None:
    event = slack.functions.start("greet", {"who": "U0ONE"})
    function = event["function"]
    assert isinstance(function, dict)
    assert function["input_parameters"] == [
        {"type": "slack#/types/user_id", "name": "who", "description": "", "title": "who", "is_required": True}
    ]
    assert str(event["bot_access_token"]).startswith("xwfp-")


def test_an_execution_completes_once(slack: SlackFake) -> None:
    event = slack.functions.start("greet", {"who": "U0ONE"})
    client = client_for(slack, event)
    execution = str(event["function_execution_id"])
    client.functions_completeSuccess(function_execution_id=execution, outputs={"said": "hi", "when": 1700000000})
    with pytest.raises(SlackApiError, match="execution_not_in_running_state"):
        client.functions_completeError(function_execution_id=execution, error="late")


def test_outputs_that_break_the_declaration_are_refused(slack: SlackFake) -> None:
    event = slack.functions.start("greet", {"who": "U0ONE"})
    client = client_for(slack, event)
    with pytest.raises(SlackApiError, match="parameter_validation_failed") as refused:
        client.functions_completeSuccess(
            function_execution_id=str(event["function_execution_id"]), outputs={"when": "noon", "extra": 1}
        )
    assert len(refused.value.response["errors"]) == 3  # `said` missing, `when` not a timestamp, `extra` unknown


def test_only_the_executions_own_token_completes_it(slack: SlackFake) -> None:
    event = slack.functions.start("greet", {"who": "U0ONE"})
    bot = WebClient(token=slack.bot_token, base_url=slack.url)
    with pytest.raises(SlackApiError, match="invalid_auth"):
        bot.functions_completeError(function_execution_id=str(event["function_execution_id"]), error="no")
    with pytest.raises(SlackApiError, match="function_execution_not_found"):
        client_for(slack, event).functions_completeError(function_execution_id="Fx0000000000", error="no")
