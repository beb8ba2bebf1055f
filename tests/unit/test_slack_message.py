"""Alerts as monitoring integrations post them: their text lives in attachments and blocks, not in `text`."""

from __future__ import annotations

from typing import Any

import pytest

from bot.answers.search import numbers_in_text
from bot.inventory.snapshot import Snapshot
from bot.reading.slack_message import message_texts

PAGERDUTY: dict[str, Any] = {
    "text": "",
    "attachments": [
        {
            "fallback": "[Triggered] #4521 Inbound calls failing on 070 230 1391",
            "color": "#a80000",
            "title": "#4521: Inbound calls failing",
            "title_link": "https://example.pagerduty.com/incidents/Q1ABC",
            "fields": [
                {"title": "Urgency", "value": "High", "short": True},
                {"title": "Number", "value": "070 230 1391", "short": True},
                {"title": "Since", "value": "2026-11-27 03:12:44 UTC", "short": True},
            ],
        }
    ],
}
OPSGENIE: dict[str, Any] = {
    "text": "New alert",
    "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "P2 · FlireoCallErrors"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Message:* calls to <tel:+31201234567|020 123 4567> drop after 4 s"},
            "fields": [
                {"type": "mrkdwn", "text": "*Tiny id:* 88213"},
                {"type": "mrkdwn", "text": "*Source:* 10.12.0.8"},
            ],
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Also seen on 06-12345678 · 17 failed calls"}]},
    ],
}
GRAFANA: dict[str, Any] = {
    "text": "[FIRING:1] FlireoCallErrors",
    "attachments": [
        {
            "title": "[FIRING:1] FlireoCallErrors (eu-west-1)",
            "text": "**Firing**\nValue: B=0.42\nLabels:\n - number = +31852880145\n - instance = 10.0.4.17:9100\n"
            "Annotations:\n - summary = error rate 0.42 > 0.05 since 2026-11-27T02:10:00Z",
            "footer": "Grafana v11.2.0",
            "blocks": [
                {
                    "type": "rich_text",
                    "elements": [
                        {
                            "type": "rich_text_section",
                            "elements": [
                                {"type": "text", "text": "runbook: ring "},
                                {"type": "link", "url": "tel:+31105403871", "text": "010 540 3871"},
                            ],
                        }
                    ],
                }
            ],
        }
    ],
}


@pytest.mark.parametrize(
    ("message", "numbers"),
    [
        (PAGERDUTY, ["+31702301391"]),
        (OPSGENIE, ["+31201234567", "+31612345678"]),
        (GRAFANA, ["+31852880145", "+31105403871"]),
    ],
)
def test_an_alert_yields_its_numbers_and_nothing_else(
    snapshot: Snapshot, message: dict[str, Any], numbers: list[str]
) -> None:
    found = numbers_in_text(message_texts(message), snapshot.index, "NL")
    assert [e164 for e164, _ in found] == numbers


def test_a_number_in_both_text_and_blocks_is_listed_once(snapshot: Snapshot) -> None:
    message = {
        "text": "call 020 123 4567",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "call 020 123 4567"}}],
    }
    assert [e164 for e164, _ in numbers_in_text(message_texts(message), snapshot.index, "NL")] == ["+31201234567"]


@pytest.mark.parametrize(
    "message",
    [{}, {"text": None}, {"attachments": "x"}, {"blocks": [None, 3, {"elements": "x"}]}, {"blocks": [{"text": 5}]}],
)
def test_odd_payloads_read_as_no_text(message: dict[str, Any]) -> None:
    assert message_texts(message) == ""


def test_deeply_nested_blocks_stop_at_a_bound() -> None:
    block: dict[str, Any] = {"type": "text", "text": "020 123 4567"}
    for _ in range(200):
        block = {"type": "rich_text_section", "elements": [block]}
    assert message_texts({"blocks": [block]}) == ""


def test_a_persons_mention_is_read_without_the_blocks_that_repeat_it() -> None:
    event = {
        "text": "<@U1> free numbers",
        "blocks": [{"type": "rich_text", "elements": [{"type": "text", "text": "x"}]}],
    }
    assert message_texts(event, with_blocks=False) == "<@U1> free numbers"
