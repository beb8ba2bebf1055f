"""manifest.yml creates the app the code expects: the command, the shortcut, the events and their scopes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

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
    assert events == {"app_mention", "app_home_opened", "message.im"}
    # chat:write.public: watches post in the channels they were made in.
    assert {"commands", "chat:write", "chat:write.public", "app_mentions:read", "im:history"} == scopes


def test_interactivity_socket_mode_and_the_home_tab_are_on(manifest: dict[str, Any]) -> None:
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
