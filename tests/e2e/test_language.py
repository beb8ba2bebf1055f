"""End to end: a Dutch question gets a Dutch reply, through `python app.py ask` and through Slack (issue 23)."""

from __future__ import annotations

from tests.e2e.conftest import FLIREO_API_KEY, AppProcess
from tests.e2e.helpers import all_text, buttons
from tests.e2e.test_cli import run_app
from tests.fakes.flireo import FlireoFake
from tests.fakes.slack import SlackFake

NEXT, PREVIOUS = "numbers-next", "numbers-previous"


def _button_labels(message: dict[str, object]) -> list[str]:
    return [
        element["text"]["text"]  # type: ignore[index]
        for block in message.get("blocks", [])  # type: ignore[union-attr]
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def _flireo_env(flireo: FlireoFake) -> dict[str, str]:
    return {"FLIREO_API_KEY": FLIREO_API_KEY, "FLIREO_API_URL": flireo.url}


def test_ask_answers_a_dutch_question_in_dutch_and_an_english_one_in_english(flireo: FlireoFake) -> None:
    dutch = run_app("ask", "vrije", "lokale", "nummers", env=_flireo_env(flireo))
    assert dutch.returncode == 0, dutch.stderr
    assert dutch.stdout.startswith("Vrije lokale nummers: "), dutch.stdout
    assert "gevonden" in dutch.stdout.splitlines()[0]
    assert "gegevens van" in dutch.stdout
    english = run_app("ask", "free", "local", "numbers", env=_flireo_env(flireo))
    assert english.stdout.startswith("Available local numbers: "), english.stdout


def test_ask_lang_forces_the_language_of_the_reply(flireo: FlireoFake) -> None:
    result = run_app("ask", "--lang", "nl", "available", "local", env=_flireo_env(flireo))
    assert result.stdout.startswith("Vrije lokale nummers: "), result.stdout
    result = run_app("ask", "--lang", "en", "vrije", "lokale", "nummers", env=_flireo_env(flireo))
    assert result.stdout.startswith("Available local numbers: "), result.stdout


def test_default_language_answers_a_bare_number_and_refuses_an_unknown_language(flireo: FlireoFake) -> None:
    number = next(n["phone_number"] for n in flireo.numbers if n["linked_assistant"])
    result = run_app("ask", number, env={**_flireo_env(flireo), "DEFAULT_LANGUAGE": "nl"})
    assert "Gekoppeld aan" in result.stdout, result.stdout
    refused = run_app("ask", "help", env={"DEFAULT_LANGUAGE": "fr"})
    assert refused.returncode == 2
    assert "DEFAULT_LANGUAGE" in refused.stderr


def test_a_dutch_slash_command_gets_a_dutch_reply_and_its_next_page_stays_dutch(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("alle nummers")
    first = slack.wait_for_response(url).body
    assert "Alle nummers: " in all_text(first)
    assert "Pagina 1 van" in all_text(first)
    assert _button_labels(first)[:2] == ["Volgende", "Verversen"]
    _, next_url = app.click(NEXT, buttons(first)[NEXT])
    second = slack.wait_for_response(next_url).body
    assert "Pagina 2 van" in all_text(second)
    assert _button_labels(second)[:3] == ["Vorige", "Volgende", "Verversen"]
    _, url = app.command("all numbers")
    english = slack.wait_for_response(url).body
    assert "All numbers: " in all_text(english)
    assert _button_labels(english)[:2] == ["Next", "Refresh"]


def test_the_shared_dutch_examples_are_answered_in_dutch_through_ask() -> None:
    """`python app.py ask` on the demo data, as a person tries it: each Dutch example's reply has no English word."""
    import json

    from bot.flireo.demo import AREAS, ASSISTANTS
    from tests.understanding.test_understanding import shared_examples
    from tests.unit.dutch_words import english_left

    dutch = [case["q"] for case in shared_examples() if isinstance(case, dict) and case.get("tag") == "dutch"]
    assert len(dutch) >= 10, "the shared examples tag their Dutch questions"
    names = [place for place, _ in AREAS] + ASSISTANTS
    said = []
    for question in dutch:
        result = run_app("ask", "--json", *question.split())
        assert result.returncode in (0, 1), result.stderr
        message = json.loads(result.stdout)
        assert english_left(message, names) == [], (question, message.get("text"))
        said.append(message["text"])
    assert sum("gevonden" in text for text in said) >= len(dutch) // 2, said


def test_a_button_of_an_older_version_is_apologised_for_in_the_language_of_its_message(
    start_app, slack: SlackFake
) -> None:
    app: AppProcess = start_app()
    dutch = '{"query": "available", "offset": 0, "language": "nl"}'
    _, url = app.click("numbers-retired-button", dutch)
    assert "Die knop ken ik niet" in all_text(slack.wait_for_response(url).body)
    _, url = app.click("numbers-retired-button", '{"query": "available", "offset": 0, "language": "en"}')
    assert "That button is not one I know" in all_text(slack.wait_for_response(url).body)
