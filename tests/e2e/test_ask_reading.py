"""`python app.py ask` on the demo data: typos, everything-but, left-out prefixes and names read as people type them."""

from __future__ import annotations

import tempfile
from typing import Any

import phonenumbers
import pytest

from bot.flireo.demo import demo_numbers
from tests.e2e.conftest import FLIREO_API_KEY
from tests.e2e.test_cli import run_app
from tests.fakes.flireo import FlireoFake

NUMBERS = demo_numbers()
FRONT_DESK = "Front Desk Amsterdam"


def _count(**wanted: Any) -> int:
    """How many demo numbers have every field as wanted (a callable tests the field)."""
    return sum(
        1
        for number in NUMBERS
        if all(test(number.get(key)) if callable(test) else number.get(key) == test for key, test in wanted.items())
    )


def _first_line(*words: str) -> list[str]:
    """The reply's lines; in English whatever the question's language: these tests are about what was read."""
    result = run_app("ask", "--lang", "en", *words)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("question", "said", "expected"),
    [
        ("fre mobile", "read fre as free", _count(available=True, number_type="mobile")),
        ("mobiel vrj", "read vrj as vrij", _count(available=True, number_type="mobile")),
        ("freenumbrs in utrecht", "read freenumbrs as free numbers", _count(available=True, locality="Utrecht")),
        ("vrijenummers groningen", "read vrijenummers as vrije nummers", _count(available=True, locality="Groningen")),
    ],
)
def test_a_short_or_glued_typo_is_corrected_and_said_never_widened(question: str, said: str, expected: int) -> None:
    lines = _first_line(question)
    assert lines[0].endswith(f": {expected} found")
    assert said in "\n".join(lines)
    assert "ignored" not in "\n".join(lines)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("everything but groningen", _count(locality=lambda place: place != "Groningen")),
        ("gekoppeld, alles behalve mobiel", _count(available=False, number_type=lambda kind: kind != "mobile")),
        ("welke lokale nummers gebruikt niemand", _count(available=True, number_type="local")),
        (
            "free ones but not the 085 numbers",
            _count(available=True, phone_number=lambda e164: not e164.startswith("+3185")),
        ),
        ("geen 06", _count(phone_number=lambda e164: not e164.startswith("+316"))),
    ],
)
def test_everything_but_nobody_and_a_left_out_prefix_are_read_not_reversed(question: str, expected: int) -> None:
    assert _first_line(question)[0].endswith(f": {expected} found")


def _assistant(name: str) -> Any:
    return lambda linked: bool(linked) and linked.get("name") == name


@pytest.mark.parametrize(
    ("question", "header"),
    [
        (
            "amsterdam front desk",
            f"Numbers linked to Front Desk Amsterdam: {_count(linked_assistant=_assistant(FRONT_DESK))} found",
        ),
        ("gekoppeld in den hagg", f"Linked numbers in Den Haag: {_count(available=False, locality='Den Haag')} found"),
        ("free in bergen op zom", "Available numbers in Bergen op Zoom: 0 found"),
        ("numbers in a'foort", "Numbers in Amersfoort: 0 found"),
    ],
)
def test_names_in_another_order_or_with_a_typo_are_the_names(question: str, header: str) -> None:
    assert _first_line(question)[0] == header


@pytest.mark.parametrize(
    ("question", "header"),
    [
        ("is de bestelling van 06-16245699 gelukt?", "Success orders for +31 6 16245699: 1 found"),
        ("failed orders for +31 20 635 0488", "Failed orders for +31 20 635 0488: 1 found"),
        ("is de bestelling van 06-12345678 mislukt", "Failed orders for +31 6 12345678: 0 found"),
    ],
)
def test_an_order_asked_about_by_number_keeps_the_number(question: str, header: str) -> None:
    assert _first_line(question)[0] == header


def _numbers(**wanted: Any) -> list[str]:
    return [n["phone_number"] for n in NUMBERS if all(n.get(key) == value for key, value in wanted.items())]


@pytest.mark.parametrize("joiner", [" and ", " en "])
def test_a_lookup_of_several_numbers_opens_with_its_verdict_and_warns_of_a_free_one(joiner: str) -> None:
    linked = next(n["phone_number"] for n in NUMBERS if n["linked_assistant"])
    free = _numbers(available=True)[0]
    lines = _first_line(joiner.join([linked, free, "+31 20 999 8888"]))
    assert lines[0].startswith("1 linked · 1 with no assistant · 1 not ours")
    warned = next(line for line in lines if free[-4:] in line.replace(" ", ""))
    assert "no assistant: callers reach nobody" in warned


def test_a_number_in_a_sip_trace_is_looked_up_not_the_sip_status() -> None:
    linked = next(n for n in NUMBERS if n["linked_assistant"])
    trace = f"From: <sip:{linked['phone_number']}@10.0.4.17:5060>;tag=77a1 SIP/2.0 486 Busy Here"
    lines = _first_line(trace)
    assert lines[0].endswith(f"Linked to {linked['linked_assistant']['name']}")
    assert "486" not in lines[0]


@pytest.mark.parametrize("written", ["O{rest}", "o{rest}"])
def test_a_letter_o_for_the_zero_of_a_number_is_read_as_zero(written: str) -> None:
    linked = next(n for n in NUMBERS if n["linked_assistant"] and n["phone_number"].startswith("+3120"))
    rest = "20 " + linked["phone_number"][5:]
    assert _first_line("wie heeft", written.format(rest=rest))[0].endswith(linked["linked_assistant"]["name"])


@pytest.mark.parametrize(
    ("question", "why"), [("who has 020-12345678", "too many"), ("van wie is 06 1234567", "short")]
)
def test_a_number_a_digit_off_is_said_to_be_invalid_with_the_closest_never_zero_found(question: str, why: str) -> None:
    text = "\n".join(_first_line(question))
    assert f"not a valid Dutch number (one digit {why}); closest on the account: " in text
    assert "0 found" not in text


def test_a_whole_number_a_digit_off_one_on_the_account_is_not_ours_with_that_one_offered() -> None:
    owned = {n["phone_number"] for n in NUMBERS}
    number = next(n["phone_number"] for n in NUMBERS if n["phone_number"].startswith("+3170"))
    slip = next(
        candidate
        for digit in "0123456789"
        if (candidate := number[:-3] + digit + number[-2:]) not in owned and candidate != number
    )
    text = "\n".join(_first_line(f"From: <sip:{slip}@10.0.0.1>;tag=1 SIP/2.0 404"))
    assert text.startswith("1 not ours")
    assert "not on this account · one digit off: " in text
    shown = phonenumbers.format_number(phonenumbers.parse(number), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    assert shown in text.split("one digit off: ")[1]


def test_numbers_typed_with_spaces_side_by_side_in_an_alert_are_each_answered() -> None:
    mobiles = [n for n in NUMBERS if n["phone_number"].startswith("+316")][:2]
    spaced = [f"06 {n['phone_number'][4:]}" for n in mobiles]  # "06 12345678 06 37898392"
    lines = _first_line("wie heeft", *spaced)
    assert len([line for line in lines if line.startswith("+31 6")]) == 2


def test_ask_answers_from_the_stored_reading_marked_stale_when_flireo_is_down(flireo: FlireoFake) -> None:
    env = {
        "FLIREO_API_KEY": FLIREO_API_KEY,
        "FLIREO_API_URL": flireo.url,
        "DATA_DIR": tempfile.mkdtemp(prefix="numbers-stored-"),
    }
    expected = sum(1 for n in flireo.numbers if n["available"])
    first = run_app("ask", "free", "numbers", env=env)
    assert first.stdout.startswith(f"Available numbers: {expected} found"), first.stdout + first.stderr
    flireo.fail_next(1000, status=503)
    later = run_app("ask", "free", "numbers", env=env)
    assert later.returncode == 0, later.stdout + later.stderr
    assert later.stdout.startswith(f"Available numbers: {expected} found")
    stale = [line for line in later.stdout.splitlines() if "stale since" in line]
    assert len(stale) == 1, later.stdout
    # Flireo's failure is the stale line's reason, never the reply itself (which is the listing, above).
    assert [line for line in later.stdout.splitlines() if "Flireo is unavailable" in line] == stale


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("free mobile numbers and who answers {number}", "available mobile numbers: {mobile} found"),
        (
            "wie heeft {number}? en welke nummers in groningen zijn vrij",
            "available numbers in Groningen: {groningen} found",
        ),
    ],
)
def test_two_questions_in_one_answer_the_lookup_and_say_the_other_with_its_count(question: str, said: str) -> None:
    linked = next(n for n in NUMBERS if n["linked_assistant"])
    lines = _first_line(question.format(number=linked["phone_number"]))
    assert lines[0].endswith(f"Linked to {linked['linked_assistant']['name']}")
    counts = {
        "mobile": _count(available=True, number_type="mobile"),
        "groningen": _count(available=True, locality="Groningen"),
    }
    assert f"also asked: {said.format(**counts)}" in "\n".join(lines)


@pytest.mark.parametrize(
    ("question", "first", "also"),
    [
        (
            "free local numbers in utrecht and which mobile ones are linked",
            f"Available local numbers in Utrecht: {_count(available=True, number_type='local', locality='Utrecht')}",
            f"linked mobile numbers: {_count(available=False, number_type='mobile')} found",
        ),
        (
            "hoeveel vrij in groningen en hoeveel gekoppeld in haarlem",
            f"{_count(available=True, locality='Groningen')} available numbers in Groningen",
            f"linked numbers in Haarlem: {_count(available=False, locality='Haarlem')} found",
        ),
    ],
)
def test_two_listings_in_one_are_each_answered_never_merged(question: str, first: str, also: str) -> None:
    lines = _first_line(question)
    assert lines[0].startswith(first), lines[:3]
    assert f"also asked: {also}" in "\n".join(lines)


@pytest.mark.parametrize(
    ("question", "header"),
    [
        ("which numbers aren't hooked up to any assistant", f"Available numbers: {_count(available=True)} found"),
        ("welke nummers zijn nergens aan gekoppeld", f"Available numbers: {_count(available=True)} found"),
        (
            "free numbers, skip utrecht and groningen",
            f"Available numbers outside Utrecht and Groningen: "
            f"{_count(available=True, locality=lambda place: place not in ('Utrecht', 'Groningen'))} found",
        ),
        (
            "alle nummers, de 06 niet",
            f"Numbers, not starting 06: {_count(phone_number=lambda e164: not e164.startswith('+316'))} found",
        ),
        ("numbers with 0123 in them", f"Numbers containing 0123: {_count(phone_number=lambda e164: '0123' in e164)}"),
        ("which numbers are shared with other accounts", "Shared default numbers: 3 found"),
        ("hwo many free numbers", f"{_count(available=True)} available numbers"),
    ],
)
def test_negated_links_lists_left_out_contained_digits_typos_and_shared_are_read_as_meant(
    question: str, header: str
) -> None:
    assert _first_line(question)[0].startswith(header)


def test_a_number_two_digits_short_is_said_invalid_never_a_prefix_listing() -> None:
    text = "\n".join(_first_line("who has 020 123 45"))
    assert "not a valid Dutch number (2 digits short); closest on the account: " in text
    assert "found" not in text.splitlines()[0]
