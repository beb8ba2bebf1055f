"""Typed errors that carry the sentence a user should read."""

from __future__ import annotations

from bot.i18n.translator import Text


class NumbersError(Exception):
    """Base of every error the bot turns into a reply; `str(error)` is that reply."""


class UserError(NumbersError):
    """The request cannot be answered as asked (a bad word, a tampered button)."""


class NotPossibleHere(UserError):
    """The question was read right, but cannot be answered here (no history kept, no channel to post in):
    the reply must not send the user to the help as if they had asked it wrong."""


class FlireoError(NumbersError):
    """Flireo did not give us data; `status` is the HTTP status when there was one."""

    # `message` may be a Text: translated when the error is shown (str()), in the language of that reply.
    def __init__(self, message: str | Text, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class FlireoUnavailable(FlireoError):
    """Flireo failed, timed out or could not be reached."""


class FlireoRateLimited(FlireoError):
    """Flireo (or our own budget for it) said to wait."""

    def __init__(self, message: str | Text, retry_after: float, status: int | None = 429) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


class FlireoAuthError(FlireoError):
    """The API key was rejected; retrying cannot help."""


class FlireoBadResponse(FlireoError):
    """Flireo answered with something we cannot read."""


def reason_of(error: Exception) -> str | Text:
    """The sentence an error carries, untranslated yet (a Text is shown in the language of the reply showing it)."""
    message = error.args[0] if error.args else None
    return message if isinstance(message, (str, Text)) else str(error)
