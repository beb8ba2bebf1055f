"""What travels in a button: action ids and the page state, shared by the view builder and the handlers."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import UserError
from bot.i18n.language import Language
from bot.i18n.translator import Text
from bot.reading.question import MAX_CANONICAL_CHARS

# A listing can't be longer than the largest inventory we page through (Flireo pages x MAX_PAGES).
MAX_OFFSET = 100_000
# Slack: a button's value is at most 2,000 characters.
MAX_VALUE_CHARS = 2000


class Action(StrEnum):
    """Button action ids."""

    PREVIOUS = "numbers-previous"
    NEXT = "numbers-next"
    REFRESH = "numbers-refresh"
    SHARE = "numbers-share"
    HOME_REFRESH = "numbers-home-refresh"
    SUGGEST = "numbers-suggest"  # "did you mean": asks the corrected question (one button per suggestion)
    EXPORT = "numbers-export"  # a change answer as a CSV file in the channel


class BlockId(StrEnum):
    """Block ids of the blocks handlers or tests look for."""

    HEADER = "numbers-header"
    RESULTS = "numbers-results"
    CONTEXT = "numbers-context"
    NAVIGATION = "numbers-navigation"
    UNDERSTOOD = "numbers-understood"
    SUGGESTIONS = "numbers-suggestions"
    TABLE = "numbers-table"
    ALSO = "numbers-also"


class PageState(BaseModel):
    """A listing's position: the query (canonical text), the offset, and whether it is posted for everyone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    query: str = Field(max_length=MAX_CANONICAL_CHARS)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    public: bool = False
    # The language of the message the button belongs to: a click answers in it (None: DEFAULT_LANGUAGE).
    language: Language | None = None

    def to_value(self) -> str:
        """Serialise for a button's `value`."""
        return self.model_dump_json()

    @classmethod
    def from_value(cls, value: object) -> PageState:
        """Read a button's `value` back; anything tampered with becomes a UserError."""
        if not isinstance(value, str) or len(value) > MAX_VALUE_CHARS:
            raise UserError(Text("That button no longer works; run the command again."))
        try:
            return cls.model_validate_json(value)
        except ValidationError:
            raise UserError(Text("That button no longer works; run the command again.")) from None
