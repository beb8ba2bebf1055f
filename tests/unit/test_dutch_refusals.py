"""A message too large to read is refused in the language of its words, its size written as that language does."""

from __future__ import annotations

import json
from typing import Any

import pytest

from handlers.socket_envelopes import Envelopes


class SentAcks:
    """A Socket Mode connection that keeps what is sent on it."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, text: str) -> None:
        self.sent.append(json.loads(text))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("wie heeft deze nummers ", "Dat bericht is te groot voor mij om te lezen (1,2 MiB; ik lees tot 4 MiB)"),
        ("who has these numbers ", "That message is too large for me to read (1.2 MiB; I read up to 4 MiB)"),
    ],
)
def test_a_slash_command_too_large_is_refused_in_the_language_of_its_words(words: str, expected: str) -> None:
    # 13 bytes x 100,000: 1.24 MiB, written with one decimal as each language writes it.
    payload = {"command": "/numbers", "text": words + "020 123 4567 " * 100_000, "response_url": "https://x.test/r"}
    envelope = {"envelope_id": "e1", "type": "slash_commands", "payload": payload}
    data = json.dumps(envelope).encode()
    conn = SentAcks()
    Envelopes.__new__(Envelopes)._refuse(conn, data)  # type: ignore[arg-type]  # only send() is used
    (ack,) = conn.sent
    assert ack["payload"]["text"].startswith(expected), ack["payload"]["text"]
