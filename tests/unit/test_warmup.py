"""Start-up's warm work (issue 22): the same answers and state as without it, only sooner."""

from __future__ import annotations

import gc
import logging
import threading
import unicodedata

import httpx
import pytest

from bot.flireo.client import FlireoClient
from bot.ops.config import load_settings
from bot.reading.text import _NON_WORD, fold
from bot.runtime.gcpause import paused_gc, start_up_done
from bot.tls import tls_context
from bot.warmup import rehearse


def slow_fold(text: str) -> str:
    """fold() as it was before its ASCII shortcut."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


@pytest.mark.parametrize(
    "text", ["Den Haag", "'s-Hertogenbosch", "ALKMAAR_noord", "  a--b  ", "", "Ĳsselstein", "Ruiné"]
)
def test_folding_ascii_by_its_shortcut_gives_what_the_full_folding_gives(text: str) -> None:
    assert fold(text) == slow_fold(text)


def test_the_page_threads_are_all_started_before_a_read(monkeypatch: pytest.MonkeyPatch) -> None:
    client = FlireoClient(httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(500))))
    before = threading.active_count()
    client.start_page_threads()
    try:
        assert threading.active_count() - before == client.max_concurrency
    finally:
        client.close()


def test_one_tls_context_serves_every_connection() -> None:
    assert tls_context() is tls_context()


def test_a_rehearsal_on_demo_data_logs_nothing_an_operator_reads(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        rehearse(load_settings(_env_file=None))
    # httpx's own request lines are at WARNING in the app (bot.ops.logs); everything else of ours is shown at INFO.
    ours = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO and not r.name.startswith("httpx")]
    assert ours == []


def test_the_collector_comes_back_on_once_start_up_is_done() -> None:
    was_on = gc.isenabled()
    gc.disable()
    try:
        start_up_done()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        (gc.enable if was_on else gc.disable)()


def test_the_collector_stays_off_until_a_pause_under_way_ends() -> None:
    was_on = gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            start_up_done()
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        (gc.enable if was_on else gc.disable)()
