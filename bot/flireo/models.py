"""Flireo's phone-number records, parsed tolerantly (SPEC §2, §5)."""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, field_validator

from bot.i18n.translator import Text


class NumberType(StrEnum):
    """The number types Flireo documents; records may carry others, kept as plain strings."""

    LOCAL = "local"
    MOBILE = "mobile"
    NATIONAL = "national"


# Which fields a record was given, one shared set per combination: pydantic keeps a set per instance, 728 bytes
# of the ~1,360 a number took (tracemalloc over 20,000 numbers; issue 14 measured 305 MB resident at 100,000).
class _GivenFields(set[str]):
    """A set of field names shared by many records: it refuses changes, and a copy of it is a plain set."""

    def _shared(self, *_: object) -> None:
        raise TypeError("a record's set of given fields is shared; copy it first")

    add = discard = remove = pop = clear = update = _shared  # type: ignore[assignment]
    difference_update = intersection_update = symmetric_difference_update = _shared  # type: ignore[assignment]
    __ior__ = __iand__ = __isub__ = __ixor__ = _shared  # type: ignore[assignment]

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: object) -> set[str]:
        return set(self)


_FIELD_SETS: dict[frozenset[str], _GivenFields] = {}
# Assistants repeat across thousands of numbers: one instance each. Bounded like the number of pages (MAX_PAGES).
_ASSISTANTS: dict[tuple[str | None, str], Assistant] = {}
MAX_SHARED_ASSISTANTS = 10_000


class CompactRecord(BaseModel):
    """A frozen record that shares its set of given fields with the records given the same ones."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    def model_post_init(self, context: Any, /) -> None:
        """Swap the per-instance set of given fields for the shared one."""
        given = frozenset(self.__pydantic_fields_set__)
        shared = _FIELD_SETS.get(given)
        if shared is None:
            shared = _FIELD_SETS.setdefault(given, _GivenFields(given))
        object.__setattr__(self, "__pydantic_fields_set__", shared)


def _interned(value: object) -> object:
    """Strings that repeat (places, types, names) kept once, whichever record or snapshot holds them."""
    return sys.intern(value) if type(value) is str else value  # sys.intern refuses str subclasses


class Assistant(CompactRecord):
    """The voice assistant a number is linked to."""

    id: str | None = None
    name: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return "" if value is None else _interned(value)

    @field_validator("id", mode="before")
    @classmethod
    def _intern_id(cls, value: object) -> object:
        return _interned(value)


class PhoneNumber(CompactRecord):
    """One number of the account, or one of Flireo's shared default numbers (`shared=True`)."""

    model_config = ConfigDict(extra="ignore", frozen=True, arbitrary_types_allowed=True)  # `conflict`: a Text
    id: str
    phone_number: str
    locality: str | None = None
    # Kept as a string: an unknown type from a newer API is shown as-is, not rejected.
    number_type: str | None = None
    available: bool = False
    created_at: datetime | None = None
    linked_assistant: Assistant | None = None
    shared: bool = False
    # Where Flireo's records of this number disagree (one id with two numbers, one number under two ids): set by
    # the bot (bot/flireo/conflicts.py, with model_copy), never read from a record nor written to one. A Text: it is
    # said in the language of the reply that shows the number.
    conflict: Text | None = Field(default=None, exclude=True)

    @field_validator("conflict", mode="before")
    @classmethod
    def _ours_only(cls, value: object) -> None:
        return None

    @field_validator("id", "phone_number")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @field_validator("number_type", "locality", mode="before")
    @classmethod
    def _normalise_text(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            return _interned(value) or None
        return value

    @field_validator("number_type")
    @classmethod
    def _lower_type(cls, value: str | None) -> str | None:
        return sys.intern(value.lower()) if value else value

    @field_validator("linked_assistant", mode="wrap")
    @classmethod
    def _shared_assistant(cls, value: object, handler: ValidatorFunctionWrapHandler) -> Assistant | None:
        assistant: Assistant | None = handler(value)
        if assistant is None:
            return None
        if len(_ASSISTANTS) >= MAX_SHARED_ASSISTANTS:
            _ASSISTANTS.clear()
        return _ASSISTANTS.setdefault((assistant.id, assistant.name), assistant)

    @property
    def linked(self) -> bool:
        """True when an assistant answers on this number."""
        return self.linked_assistant is not None


class Cost(BaseModel):
    """What a purchasable number costs a month."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    monthly: str | None = None
    currency: str | None = None
    credits: int | None = None


class BuyableNumber(BaseModel):
    """A number Flireo offers for purchase (`GET /v1/phone-numbers/available`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    phone_number: str
    number_type: str | None = None
    locality: str | None = None
    features: tuple[str, ...] = ()
    cost: Cost | None = None
    reservable: bool = False


class VerificationGroup(BaseModel):
    """The verification group an order belongs to."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str | None = None
    name: str | None = None
    locality: str | None = None


class Order(BaseModel):
    """A phone-number order (`GET /v1/phone-number-orders`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    phone_number: str | None = None
    status: str | None = None
    number_type: str | None = None
    requirements_met: bool | None = None
    ordered_at: datetime | None = None
    verification_group: VerificationGroup | None = None
