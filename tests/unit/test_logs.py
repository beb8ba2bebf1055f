"""Logging never prints a secret: not in a message, its arguments, or an exception's traceback."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.ops.logs import CHATTY_LOGGERS, REDACTED, RedactSecrets, configure_logging

SECRET = "xoxb-1234-very-secret-token"
OTHER_SECRET = "sk-flireo-another-secret"


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger writing through RedactSecrets into a string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactSecrets([SECRET, OTHER_SECRET, "", "abc"]))
    logger = logging.getLogger("tests.unit.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_a_secret_in_the_message_is_redacted(logged: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = logged
    logger.info(f"token is {SECRET} and key is {OTHER_SECRET}")
    assert stream.getvalue() == f"INFO token is {REDACTED} and key is {REDACTED}\n"


def test_a_secret_in_the_arguments_is_redacted(logged: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = logged
    logger.warning("sending %s to %s", SECRET, "slack")
    assert stream.getvalue() == f"WARNING sending {REDACTED} to slack\n"


def test_a_secret_in_a_traceback_is_redacted(logged: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = logged
    try:
        raise RuntimeError(f"request failed with Authorization: Bearer {SECRET}")
    except RuntimeError:
        logger.exception("fetch failed")
    output = stream.getvalue()
    assert SECRET not in output
    assert f"Bearer {REDACTED}" in output
    assert "Traceback" in output
    assert "RuntimeError" in output


def test_a_record_without_secrets_is_left_alone(logged: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = logged
    logger.info("fetched %d numbers", 160)
    assert stream.getvalue() == "INFO fetched 160 numbers\n"


def test_very_short_secrets_are_not_redacted_everywhere(logged: tuple[logging.Logger, io.StringIO]) -> None:
    # "abc" is too short to be a real secret; redacting it would garble ordinary words.
    logger, stream = logged
    logger.info("abcdef")
    assert stream.getvalue() == "INFO abcdef\n"


def test_the_filter_never_drops_a_record() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "plain", None, None)
    assert RedactSecrets([]).filter(record)
    assert RedactSecrets([SECRET]).filter(record)


def test_configure_logging_redacts_on_the_root_handler(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_chatty = {name: logging.getLogger(name).level for name in CHATTY_LOGGERS}
    try:
        configure_logging("DEBUG", [SECRET])
        logging.getLogger("tests.unit.configured").info("token %s", SECRET)
        assert logging.getLogger("httpx").level == logging.WARNING
        assert logging.getLogger("slack_sdk").level == logging.INFO
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in saved_chatty.items():
            logging.getLogger(name).setLevel(level)
    err = capsys.readouterr().err
    assert SECRET not in err
    assert f"token {REDACTED}" in err
