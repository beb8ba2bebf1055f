"""manifest.yml creates the app the code expects: the command, the shortcut, the events and their scopes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answers.steps import Step, StepInput
from handlers.commands import COMMAND
from handlers.shortcuts import LOOKUP_CALLBACK_ID

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_the_slash_command_is_the_one_the_handler_listens_for(manifest: dict[str, Any]) -> None:
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == [COMMAND]
    assert manifest["features"]["slash_commands"][0]["usage_hint"]


def test_the_message_shortcut_has_the_handlers_callback_id(manifest: dict[str, Any]) -> None:
    shortcuts = manifest["features"]["shortcuts"]
    assert [(s["type"], s["callback_id"]) for s in shortcuts] == [("message", LOOKUP_CALLBACK_ID)]


def test_every_event_the_bot_answers_is_subscribed_with_its_scope(manifest: dict[str, Any]) -> None:
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    # function_executed: Workflow Builder runs one of the steps (it needs no scope).
    assert events == {"app_mention", "app_home_opened", "message.im", "function_executed"}
    # chat:write.public: watches post in the channels they were made in.
    # files:write: a change answer exported as a CSV file in the channel.
    assert {"commands", "chat:write", "chat:write.public", "app_mentions:read", "im:history", "files:write"} == scopes


def test_interactivity_socket_mode_and_the_home_tab_are_on(manifest: dict[str, Any]) -> None:
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True


# Slack's app manifest schema, version 2 (slackapi/manifest-schema, schemas/manifest.schema.2.0.0.json): the keys
# and parameter types it allows where this manifest uses them. Version 2 is the one whose `functions` declare
# input/output_parameters as {properties, required}, as Slack's custom-step docs write them.
TOP_LEVEL_KEYS = {"$schema", "_metadata", "app_directory", "display_information", "features", "oauth_config"}
TOP_LEVEL_KEYS |= {"settings", "functions", "workflows", "datastores", "outgoing_domains", "types"}
TOP_LEVEL_KEYS |= {"external_auth_providers", "mcp_servers"}
SETTINGS_KEYS = {"allowed_ip_address_ranges", "event_subscriptions", "incoming_webhooks", "interactivity"}
SETTINGS_KEYS |= {"org_deploy_enabled", "socket_mode_enabled", "is_hosted", "token_rotation_enabled", "siws_links"}
SETTINGS_KEYS |= {"hermes_app_type", "function_runtime", "is_mcp_enabled"}
FUNCTION_KEYS = {"title", "description", "input_parameters", "output_parameters"}
PARAMETER_TYPES = {"integer", "number", "boolean", "string", "object", "array"}
PARAMETER_TYPES |= {
    f"slack#/types/{name}"
    for name in (
        "user_context", "user_permission", "user_id", "channel_id", "usergroup_id", "timestamp", "blocks",
        "credential/oauth2", "date", "interactivity", "rich_text", "form_input", "form_input_object", "message_ts",
        "message_context",
    )
}  # fmt: skip


def schema_problems(manifest: dict[str, Any]) -> list[str]:
    """Where the manifest breaks the schema's rules for the parts it uses (empty when it keeps them)."""
    problems = [f"unknown top-level key {key!r}" for key in manifest if key not in TOP_LEVEL_KEYS]
    problems += [f"unknown settings key {key!r}" for key in manifest.get("settings", {}) if key not in SETTINGS_KEYS]
    if not 1 <= len(manifest["display_information"]["name"]) <= 35:
        problems.append("display_information.name must be 1 to 35 characters")
    functions = manifest.get("functions", {})
    if len(functions) > 50:
        problems.append("at most 50 functions")
    for callback_id, function in functions.items():
        where = f"functions.{callback_id}"
        problems += [f"{where}: unknown key {key!r}" for key in function if key not in FUNCTION_KEYS]
        problems += [f"{where}: missing {key!r}" for key in FUNCTION_KEYS if key not in function]
        for side in ("input_parameters", "output_parameters"):
            params = function.get(side) or {}
            properties = params.get("properties")
            if not isinstance(properties, dict) or len(properties) > 50:
                problems.append(f"{where}.{side}: needs properties, an object of at most 50 parameters")
                continue
            required = params.get("required", [])
            if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
                problems.append(f"{where}.{side}.required must be a list of names")
            problems += [
                f"{where}.{side}: {name!r} required, not declared" for name in required if name not in properties
            ]
            for name, spec in properties.items():
                if spec.get("type") not in PARAMETER_TYPES:
                    problems.append(f"{where}.{side}.{name}: type {spec.get('type')!r} is not a Slack type")
                for text in ("title", "description", "hint"):
                    if text in spec and not isinstance(spec[text], str):
                        problems.append(f"{where}.{side}.{name}.{text} must be a string")
    return problems


def test_the_manifest_keeps_slacks_manifest_schema(manifest: dict[str, Any]) -> None:
    assert manifest["_metadata"]["major_version"] == 2
    assert schema_problems(manifest) == []


def test_the_schema_check_finds_what_slack_would_refuse(manifest: dict[str, Any]) -> None:
    broken = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    broken["functions"]["what_changed"]["output_parameters"]["properties"]["count"]["type"] = "float"
    broken["functions"]["what_changed"]["input_parameters"]["required"] = ["since"]
    broken["settings"]["org_deploy"] = True
    assert len(schema_problems(broken)) == 3


def test_custom_steps_need_an_org_ready_app(manifest: dict[str, Any]) -> None:
    # Slack's custom steps for Bolt apps: the app must opt in to org-ready apps (settings.org_deploy_enabled).
    assert manifest["settings"]["org_deploy_enabled"] is True


def test_every_step_the_handlers_register_is_declared_with_their_input_names(manifest: dict[str, Any]) -> None:
    functions = manifest["functions"]
    assert set(functions) == {step.value for step in Step}
    names = {name for function in functions.values() for name in function["input_parameters"]["properties"]}
    assert names == {field.value for field in StepInput}
    for function in functions.values():
        inputs = function["input_parameters"]["properties"]
        assert inputs["user_id"]["type"] == "slack#/types/user_id"
        assert inputs["channel_id"]["type"] == "slack#/types/channel_id"


def test_the_look_up_step_declares_the_outputs_the_issue_asks_for(manifest: dict[str, Any]) -> None:
    outputs = manifest["functions"]["look_up_number"]["output_parameters"]
    types = {name: spec["type"] for name, spec in outputs["properties"].items()}
    assert types == {
        "found": "boolean",
        "status": "string",
        "assistant": "string",
        "number_type": "string",
        "locality": "string",
        "number": "string",
        "data_as_of": "slack#/types/timestamp",
        "summary": "string",
    }
    assert set(outputs["required"]) == set(types)
