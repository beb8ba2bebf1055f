"""`GET /metrics` as Prometheus scrapes it, after real traffic, read with prometheus_client's own parser."""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from tests.e2e.conftest import BOT_TOKEN, FLIREO_API_KEY, SIGNING_SECRET, AppProcess, free_port
from tests.fakes.flireo import FlireoFake
from tests.fakes.slack import SlackFake

SCRAPE_DEADLINE_SECONDS = 10.0
QUERY = "available local amsterdam"


def scrape(app: AppProcess, port: int | None = None) -> dict[str, list[Sample]]:
    """One scrape of `/metrics` (on `port`, else the app's), parsed: family name → its samples."""
    original, app.port = app.port, port or app.port
    try:
        status, body = app.get("/metrics")
    finally:
        app.port = original
    assert status == 200, body[:200]
    return {family.name: family.samples for family in text_string_to_metric_families(body.decode())}


def value(families: dict[str, list[Sample]], sample: str, **labels: str) -> float:
    """The value of one sample (by its full name and labels) in a parsed scrape."""
    family = next(name for name in families if sample.startswith(name))
    found = [
        s.value for s in families[family] if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items())
    ]
    assert len(found) == 1, f"{sample}{labels}: {families[family]}"
    return found[0]


def scraped_once(app: AppProcess, ready: Callable[[dict[str, list[Sample]]], bool], port: int | None = None) -> dict:
    """Scrape until `ready` says the figures are in (the audit line, which feeds them, follows the reply)."""
    deadline = time.monotonic() + SCRAPE_DEADLINE_SECONDS
    while True:
        families = scrape(app, port)
        if ready(families) or time.monotonic() > deadline:
            return families
        time.sleep(0.05)  # a poll interval under a deadline, not a synchronisation


def answered(families: dict[str, list[Sample]]) -> bool:
    return any(s.name == "numbers_answer_seconds_count" and s.value >= 1 for s in families["numbers_answer_seconds"])


def test_metrics_after_a_command_count_its_answer_its_flireo_reads_and_the_inventory(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    health_port = free_port()
    app: AppProcess = start_app({"HEALTH_PORT": str(health_port)})
    _, url = app.command(QUERY)
    slack.wait_for_response(url)

    for port in (None, health_port):  # the HTTP port and HEALTH_PORT serve the same figures
        families = scraped_once(app, answered, port)
        assert value(families, "numbers_answer_seconds_count", surface="command") == 1
        assert value(families, "numbers_answer_seconds_bucket", surface="command", le="+Inf") == 1
        assert value(families, "numbers_flireo_requests_total", status="200") >= 1
        assert value(families, "numbers_snapshot_numbers") == len(
            flireo.numbers
        )  # the account's own, as /healthz counts them
        assert 0 <= value(families, "numbers_snapshot_age_seconds") < 60
        assert value(families, "numbers_flireo_budget_requests_per_minute") == 60
        assert 1 <= value(families, "numbers_flireo_budget_used_requests") <= 60
        assert value(families, "numbers_history_available") == 1
        assert value(families, "numbers_history_state", state="ok") == 1
        assert value(families, "numbers_watch_posts_total", outcome="error") == 0


def test_metrics_show_flireos_rate_limit_headers(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    flireo.rate_limit = 100  # Flireo's own limit: the fake now sends X-RateLimit-* with every answer
    app: AppProcess = start_app()
    _, url = app.command(QUERY)
    slack.wait_for_response(url)
    families = scraped_once(app, answered)
    assert value(families, "numbers_flireo_rate_limit_requests") == 100
    assert 0 <= value(families, "numbers_flireo_rate_limit_remaining_requests") < 100
    assert 0 < value(families, "numbers_flireo_rate_limit_reset_seconds") <= 60


def test_no_secret_and_no_user_text_is_in_any_label(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command(QUERY)
    slack.wait_for_response(url)
    families = scraped_once(app, answered)
    labels = {v for samples in families.values() for s in samples for v in s.labels.values()}
    for secret_or_text in (BOT_TOKEN, SIGNING_SECRET, FLIREO_API_KEY, "amsterdam", "U0USER", "C0CHAN"):
        assert not any(secret_or_text in label for label in labels), secret_or_text


def test_every_metric_follows_prometheus_naming(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command(QUERY)
    slack.wait_for_response(url)
    status, body = app.get("/metrics")
    families = list(text_string_to_metric_families(body.decode()))
    assert status == 200
    assert all(family.name.startswith("numbers_") for family in families)
    for family in families:
        if family.type == "counter":
            assert {sample.name for sample in family.samples} <= {f"{family.name}_total"}  # no `_created` noise
        if family.type == "histogram":
            assert family.name.endswith("_seconds")
