"""Numbers as logs and people write them: SIP URIs, number fields, a letter O, a digit too many (issue 21)."""

from __future__ import annotations

import pytest

from bot.reading.names import build_names
from bot.reading.question import Kind
from bot.reading.reader import read
from bot.reading.written import as_numbers, invalid_numbers, why_invalid

NAMES = build_names(["Amsterdam", "Den Haag"], ["Billing Desk", "Night Support"])
ON_ACCOUNT = frozenset({"+31201234567", "+31612345678"})


@pytest.mark.parametrize(
    ("text", "lookups"),
    [
        ("From: <sip:+31703904417@10.1.2.3:5060>;tag=9f2 SIP/2.0 486 Busy Here", ("+31703904417",)),
        ("INVITE sips:0201234567@pbx.local SIP/2.0 -> 503", ("+31201234567",)),
        ("cdr msisdn=31612345678 result=failed 486", ("+31612345678",)),
        ('{"caller_id": "+31201234567", "status": 480}', ("+31201234567",)),
        ("wie heeft O20 123 4567?", ("+31201234567",)),
        ("is o6-12345678 van ons", ("+31612345678",)),
    ],
)
def test_a_number_in_a_uri_a_field_or_with_a_letter_o_is_looked_up_and_its_codes_are_not(
    text: str, lookups: tuple[str, ...]
) -> None:
    question = read(text, NAMES, "NL", ON_ACCOUNT)
    assert (question.kind, question.lookups, question.fragment) == (Kind.LOOKUP, lookups, None)


@pytest.mark.parametrize("text", ["too 123 free", "O2 mobile", "order 0o0o"])
def test_a_letter_o_outside_a_number_is_left_alone(text: str) -> None:
    assert as_numbers(text, "NL") == text


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("bel 070-36211445", "one digit too many"),
        ("+31 6 1234 567", "one digit short"),
        ("0031 20 1234 5678", "one digit too many"),
        ("wie heeft 020 123 45", "2 digits short"),
    ],
)
def test_a_number_a_digit_off_is_read_as_an_invalid_number_not_as_digits(text: str, why: str) -> None:
    question = read(text, NAMES, "NL", ON_ACCOUNT)
    assert (question.kind, question.lookups, question.prefix, question.fragment) == (Kind.LOOKUP, (), None, None)
    (written,) = question.invalid_numbers
    assert why_invalid(written, "NL") == why


@pytest.mark.parametrize("text", ["free 085 numbers 4567", "numbers containing 1234567", "show me 5 free numbers"])
def test_digit_groups_that_are_no_whole_number_are_not_invalid_numbers(text: str) -> None:
    assert invalid_numbers(text, "NL") == []


@pytest.mark.parametrize(
    ("text", "lookups"),
    [
        ("wie heeft 06 12345678 06 37898392", ("+31612345678", "+31637898392")),
        ("020 1234567 0637898392 085 2153951", ("+31201234567", "+31637898392", "+31852153951")),
        ("who answers 020 123 4567 070 328 0924", ("+31201234567", "+31703280924")),
        ("020 123 4567 020 123 4567", ("+31201234567",)),
        ("alert: 0900 3195 020 1234567 both down", ("+319003195", "+31201234567")),
        ("+31 20 123 4567 0 answered", ("+31201234567",)),
    ],
)
def test_whole_numbers_typed_with_spaces_side_by_side_are_each_looked_up(text: str, lookups: tuple[str, ...]) -> None:
    question = read(text, NAMES, "NL", ON_ACCOUNT)
    assert (question.kind, question.lookups, question.fragment, question.prefix) == (Kind.LOOKUP, lookups, None, None)
