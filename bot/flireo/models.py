"""Flireo's phone-number records, parsed tolerantly (SPEC §2, §5)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator


class NumberType(StrEnum):
    """The number types Flireo documents; records may carry others, kept as plain strings."""

    LOCAL = "local"
    MOBILE = "mobile"
    NATIONAL = "national"


class Assistant(BaseModel):
    """The voice assistant a number is linked to."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str | None = None
    name: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return "" if value is None else value


class PhoneNumber(BaseModel):
    """One number of the account, or one of Flireo's shared default numbers (`shared=True`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    phone_number: str
    locality: str | None = None
    # Kept as a string: an unknown type from a newer API is shown as-is, not rejected.
    number_type: str | None = None
    available: bool = False
    created_at: datetime | None = None
    linked_assistant: Assistant | None = None
    shared: bool = False

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
            return value or None
        return value

    @field_validator("number_type")
    @classmethod
    def _lower_type(cls, value: str | None) -> str | None:
        return value.lower() if value else value

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
