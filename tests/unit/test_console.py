"""The terminal front end: scripted questions, paging with n/p, quitting with q, and Block Kit as text."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from bot.answers.rendered import render_answer
from bot.answers.search import answer
from bot.answers.service import NumbersService
from bot.console import buttons, run_console
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.inventory.snapshot import Snapshot
from bot.replies.as_text import message_text
from bot.replies.state import Action, PageState
from bot.replies.views import render, render_error
from tests.unit.support import RECORDS, SHARED, FlireoStub, client_on, generated_records, question_for

MakeCache = Callable[..., InventoryCache]


class Script:
    """Feeds lines to the console as if typed; fails the test if the console reads past the end."""

    def __init__(self, *lines: str) -> None:
        self._lines: Iterator[str] = iter(lines)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        try:
            return next(self._lines)
        except StopIteration:
            raise AssertionError("the console read past the end of the script") from None


@pytest.fixture
def service(make_cache: MakeCache) -> NumbersService:
    """A real service over a cache of seven numbers, three to a page."""
    stub = FlireoStub(generated_records(7))
    return NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=3, region="NL")


def pages_shown(output: list[str]) -> list[str]:
    return [line for text in output for line in text.splitlines() if line.startswith("Page ")]


def test_console_pages_with_n_and_p_and_quits_on_q(service: NumbersService) -> None:
    output: list[str] = []
    script = Script("all", "n", "n", "p", "q")
    assert run_console(service, read=script, write=output.append) == 0
    assert [line.split(" · ")[0] for line in pages_shown(output)] == [
        "Page 1 of 3",
        "Page 2 of 3",
        "Page 3 of 3",
        "Page 2 of 3",
    ]
    assert len(script.prompts) == 5


def test_console_shows_the_numbers_as_plain_text(service: NumbersService) -> None:
    output: list[str] = []
    run_console(service, read=Script("all", "q"), write=output.append)
    answer_text = output[1]
    assert answer_text.splitlines()[0] == "All numbers: 7 found"
    assert "All: local · Amsterdam" in answer_text.splitlines()
    assert "+31 20 200 0000 · 🟢 available" in answer_text.splitlines()
    assert "+31 20 200 0001 · 🔗 linked to Billing Desk" in answer_text.splitlines()
    assert "[n] Next  [r] Refresh" in answer_text


def test_next_on_the_last_page_is_not_offered(service: NumbersService) -> None:
    output: list[str] = []
    run_console(service, read=Script("all", "n", "n", "n", "q"), write=output.append)
    assert output[-1] == "That was the last page."
    assert "[n] Next" not in output[-2]


def test_paging_before_any_question_explains_itself(service: NumbersService) -> None:
    output: list[str] = []
    run_console(service, read=Script("n", "p", "quit"), write=output.append)
    assert output[1:] == ['Ask a question first (e.g. "available local amsterdam"), or type "help".'] * 2


def test_end_of_input_ends_the_console_cleanly(service: NumbersService) -> None:
    def end(prompt: str) -> str:
        raise EOFError

    assert run_console(service, read=end, write=[].append) == 0


def test_blank_lines_are_skipped_and_errors_are_shown(service: NumbersService) -> None:
    output: list[str] = []
    run_console(service, read=Script("", "   ", "blorp zzyzx", "exit"), write=output.append)
    assert len(output) == 2
    assert output[1].startswith("I don't understand blorp, zzyzx.")


def test_refresh_key_asks_again_from_fresh_data(service: NumbersService) -> None:
    output: list[str] = []
    before = service.cache.health().upstream_requests
    run_console(service, read=Script("all", "r", "q"), write=output.append)
    assert service.cache.health().upstream_requests == before + 2
    assert len(pages_shown(output)) == 2


def test_custom_banner_is_written_first(service: NumbersService) -> None:
    output: list[str] = []
    run_console(service, read=Script("q"), write=output.append, banner="hello")
    assert output == ["hello"]


def test_message_text_renders_header_lines_context_and_buttons(snapshot: Snapshot) -> None:
    query = question_for("available local amsterdam", snapshot)
    message = render(answer(query, snapshot, "NL"), snapshot, PageState(query=query.canonical()), 1)
    assert message_text(message).splitlines() == [
        "Available local numbers in Amsterdam: 2 found",
        "─" * len("Available local numbers in Amsterdam: 2 found"),
        "+31 20 111 0000",
        "Page 1 of 2 · data as of 15 Jan 14:02 UTC",
        "[n] Next  [r] Refresh",
    ]


def test_message_text_unescapes_and_shows_fields(snapshot: Snapshot) -> None:
    text = message_text(render_error("Use <this> & that"))
    assert text.splitlines()[0] == "⚠️ Use <this> & that"
    query = question_for("find 020 123 4567", snapshot)
    card = render_answer(answer(query, snapshot, "NL"), snapshot, PageState(query=query.canonical()), 10)
    assert message_text(card).splitlines()[:3] == ["🔗 Linked to Billing Desk", "─" * 24, "+31 20 123 4567"]


def test_buttons_reads_the_page_states_back(snapshot: Snapshot) -> None:
    query = question_for("all", snapshot)
    message = render(answer(query, snapshot, "NL"), snapshot, PageState(query="all", offset=3), 3)
    states = buttons(message)
    assert states[Action.PREVIOUS] == PageState(query="all", offset=0)
    assert states[Action.NEXT] == PageState(query="all", offset=6)
    assert states[Action.SHARE] == PageState(query="all", offset=3)


def test_the_default_banner_shows_no_markup(service: NumbersService) -> None:
    output: list[str] = []
    run_console(service, read=Script("q"), write=output.append)
    assert "`" not in output[0]
    assert '"available local amsterdam"' in output[0]


@pytest.mark.parametrize("question", ["find 020 123 4567", "help", "stats"])
def test_next_after_a_one_page_answer_says_there_is_only_one_page(make_cache: MakeCache, question: str) -> None:
    stub = FlireoStub(list(RECORDS), list(SHARED))
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=3, region="NL")
    output: list[str] = []
    run_console(service, read=Script(question, "n", "p", "q"), write=output.append)
    assert output[-2:] == ["That answer has only one page."] * 2


def test_errors_in_the_console_point_to_help_as_typed_there(service: NumbersService) -> None:
    output: list[str] = []
    run_console(service, read=Script("blorp zzyzx", "q"), write=output.append)
    assert "Type help for examples." in output[1]
    assert "/numbers" not in output[1]


def test_an_outage_gets_no_help_footer(make_cache: MakeCache) -> None:
    stub = FlireoStub(generated_records(3))
    stub.failure = lambda request: httpx.Response(503, json={"error": {"code": "server_error", "message": "down"}})
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=3, region="NL")
    output: list[str] = []
    run_console(service, read=Script("all", "q"), write=output.append)
    assert "unavailable" in output[1]
    assert "help" not in output[1]


def test_slack_links_and_date_tokens_show_their_text(snapshot: Snapshot) -> None:
    query = question_for("find 020 123 4567", snapshot)
    card = render_answer(answer(query, snapshot, "NL"), snapshot, PageState(query=query.canonical()), 10)
    text = message_text(card)
    assert "<tel:" not in text
    assert "<!date" not in text
    assert "data as of 15 Jan 14:02 UTC" in text


def test_stats_table_reads_as_aligned_columns(snapshot: Snapshot) -> None:
    stats = render(answer(question_for("stats", snapshot), snapshot, "NL"), snapshot, PageState(query="stats"), 10)
    lines = message_text(stats, with_keys=False).splitlines()
    start = lines.index("Type      Numbers  Available  Linked")
    assert lines[start + 2 : start + 5] == [
        "local           7          4       3",
        "mobile          2          1       1",
        "national        1          0       1",
    ]


def test_a_dutch_answer_is_paged_in_dutch_and_the_console_says_so_in_dutch(service: NumbersService) -> None:
    output: list[str] = []
    run_console(service, read=Script("alle nummers", "n", "n", "n", "q"), write=output.append)
    assert any("Pagina 2 van" in line for line in output)
    assert "Dat was de laatste pagina." in output
