"""GET /metrics's labels: a fixed set of words, whatever the audit entry says."""

from __future__ import annotations

import pytest

from bot.monitoring.metrics import surface_of
from bot.ops.audit import AuditEntry


@pytest.mark.parametrize(
    ("surface", "label"),
    [
        ("command", "command"),
        ("action:numbers-next", "action"),
        ("step:lookup_number", "step"),
        ("home_refresh", "home_refresh"),
        ("action:<script>anything a tampered button says", "action"),
        ("app_mention", "other"),
        ("xoxb-looks-like-a-token", "other"),
    ],
)
def test_a_surface_becomes_one_of_a_fixed_set_of_labels(surface: str, label: str) -> None:
    assert surface_of(AuditEntry(surface, "U1", "C1", "query", "ok")) == label
