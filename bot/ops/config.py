"""Settings read from the environment (and `.env`), validated once at start-up."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.i18n.language import Language
from bot.ops.setting_checks import data_dir_problem, ids_problem, region_problem, token_problem

# Slack: 50 blocks a message; a listing adds at most 4 blocks around its numbers.
MAX_PAGE_SIZE = 40
# Flireo allows 100 requests a minute per key, shared with every other tool using it.
FLIREO_HARD_LIMIT_PER_MINUTE = 100
# A read of the listing may ask a page twice (ListingRead reads a page again once when Flireo's pages disagree), and
# a progressive read takes two pages a round: with 1 request a minute not even 162 numbers are read in time (issue 22).
FLIREO_MIN_PER_MINUTE = 2

CommaSeparated = Annotated[frozenset[str], NoDecode]
# RFC 1123 host names: dot-separated labels of letters, digits and hyphens, at most 253 characters.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOST_NAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*")


class SettingsError(Exception):
    """The environment holds a value the bot cannot run with; the message names each one."""


class Mode(StrEnum):
    """How `python app.py` runs."""

    SOCKET = "socket"
    HTTP = "http"
    CONSOLE = "console"


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    flireo_api_key: SecretStr | None = None
    flireo_api_url: str | None = None

    cache_ttl_seconds: float = Field(default=60, ge=0, le=86400)
    stale_max_age_seconds: float = Field(default=86400, ge=0)
    flireo_max_requests_per_minute: int = Field(default=60, le=FLIREO_HARD_LIMIT_PER_MINUTE)
    # The budget's window: Flireo's minute. Only tests shorten it, to watch a progressive read cross windows.
    flireo_rate_window_seconds: float = Field(default=60, ge=1, le=60)
    page_size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)
    default_region: str = "NL"  # a region phonenumbers knows: checked by _known_region, which says what to set

    allowed_channel_ids: CommaSeparated = frozenset()
    allowed_user_ids: CommaSeparated = frozenset()
    # Per user: at most this many commands and mentions in a moving window (0 turns the limit off).
    user_rate_limit: int = Field(default=10, ge=0, le=10_000)
    user_rate_window_seconds: float = Field(default=10, gt=0, le=3600)

    # Replicas share the snapshot, the upstream budget and the seen events through Redis when this is set.
    redis_url: str | None = None

    # HTTP mode's address: every interface by default (SPEC §6); 127.0.0.1 behind a local proxy, say.
    host: str = "0.0.0.0"  # noqa: S104
    # History and watches in PostgreSQL (shared by replicas); without it, SQLite in DATA_DIR (one process only).
    database_url: str | None = None
    # The SQLite store's folder, how long history keeps changes, the background refresh.
    data_dir: str = "./data"
    history_days: float = Field(default=30, gt=0, le=3650)
    # 0 turns the background refresh off; below Flireo's minute-long rate window makes little sense but tests use it.
    poll_seconds: float = Field(default=300, ge=0, le=86400)
    # A sudden shrink of the listing is read again this long (x1 to x1.5) later before it is believed (#19).
    shrink_recheck_seconds: float = Field(default=20, ge=1, le=600)
    # How "14:00" and "today" are read; the team is Dutch.
    timezone: str = "Europe/Amsterdam"
    # The language of replies to questions without English or Dutch words (a bare number, a name) and of App Home.
    default_language: Language = Language.EN

    port: int = Field(default=3000, ge=1, le=65535)
    # Socket Mode: connections kept open at once (Slack allows 10 per app) and the watchdog's ping interval;
    # a connection silent for two intervals is replaced. HEALTH_PORT serves /healthz in any mode (off when unset).
    # At most this many are open at any moment, replacements included; above 10 (Slack's per-app limit) is refused.
    socket_mode_connections: int = Field(default=2, ge=1)
    socket_mode_ping_seconds: float = Field(default=2.5, ge=0.2, le=60)
    # apps.connections.open is Slack's Tier 1 ("1+ per minute", small bursts): after a burst of 10, this many a
    # minute. Only tests raise it.
    socket_mode_opens_per_minute: float = Field(default=1.0, gt=0, le=600)
    health_port: int | None = Field(default=None, ge=1, le=65535)
    log_level: str = "INFO"

    @field_validator("allowed_channel_ids", "allowed_user_ids", mode="before")
    @classmethod
    def _split_commas(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            entries = [part.strip() for part in value.split(",") if part.strip()]
            if problem := ids_problem(entries, "user" if info.field_name == "allowed_user_ids" else "channel"):
                raise ValueError(problem)
            return frozenset(entries)
        return value

    @field_validator("slack_bot_token", "slack_app_token")
    @classmethod
    def _token_kind(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is not None and (problem := token_problem(str(info.field_name), value.get_secret_value().strip())):
            raise ValueError(problem)
        return value

    @field_validator("flireo_max_requests_per_minute")
    @classmethod
    def _budget_reads_a_page(cls, value: int) -> int:
        if value < FLIREO_MIN_PER_MINUTE:
            raise ValueError(
                f"must be at least {FLIREO_MIN_PER_MINUTE}: a page of numbers can take {FLIREO_MIN_PER_MINUTE} "
                "requests, and with fewer no answer could be read in time"
            )
        return value

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token", "flireo_api_key", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("socket_mode_connections")
    @classmethod
    def _within_slacks_limit(cls, value: int) -> int:
        if value > 10:
            raise ValueError(
                f"{value} is more than Slack allows: at most 10 Socket Mode connections per app, all replicas together"
            )
        return value

    @field_validator("health_port", mode="before")
    @classmethod
    def _blank_port_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.strip().startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value.strip()

    @field_validator("database_url")
    @classmethod
    def _postgres_scheme(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.strip().startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            raise ValueError("must be a PostgreSQL URL: postgresql://user:password@host:5432/database")
        return value.strip()

    @field_validator("host")
    @classmethod
    def _address_or_name(cls, value: str) -> str:
        value = value.strip()
        with contextlib.suppress(ValueError):
            return str(ipaddress.ip_address(value))
        if not HOST_NAME.fullmatch(value):
            raise ValueError("must be an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Europe/Amsterdam") from None
        return value.strip()

    @field_validator("default_language", mode="before")
    @classmethod
    def _known_language(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().lower()
            if value not in {lang.value for lang in Language}:
                raise ValueError(f"must be one of {', '.join(lang.value for lang in Language)}")
        return value

    @field_validator("default_region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        if problem := region_problem(value.upper()):
            raise ValueError(problem)
        return value.upper()

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("slack_api_url", "flireo_api_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @model_validator(mode="after")
    def _url_with_key(self) -> Settings:
        if self.flireo_api_key is not None and not self.flireo_api_url:
            raise ValueError("FLIREO_API_URL: required when FLIREO_API_KEY is set (Flireo's base URL, without /v1)")
        # The SQLite history store lives in DATA_DIR whenever there is a key (demo data keeps no history), unless
        # DATABASE_URL holds it, or replicas (REDIS_URL) run without one (and so without history).
        sqlite = self.flireo_api_key is not None and not self.database_url and not self.redis_url
        if sqlite and (problem := data_dir_problem(self.data_dir)):
            raise ValueError(f"DATA_DIR: {problem}")
        if not self.slack_api_url:
            self.slack_api_url = "https://slack.com/api/"
        elif not self.slack_api_url.endswith("/"):
            self.slack_api_url += "/"
        return self

    @property
    def demo(self) -> bool:
        """True when no Flireo key is set and the built-in demo inventory is served."""
        return self.flireo_api_key is None

    @property
    def tz(self) -> ZoneInfo:
        """The team's time zone, for reading times in questions."""
        return ZoneInfo(self.timezone)

    def mode(self, interactive: bool) -> Mode:
        """The one run mode the credentials imply; SettingsError naming what is missing when they imply none."""
        bot, app = self.slack_bot_token is not None, self.slack_app_token is not None
        signing = self.slack_signing_secret is not None
        if bot and app:
            return Mode.SOCKET  # SPEC §6: an app token means Socket Mode; a signing secret beside it is unused
        if bot and signing:
            return Mode.HTTP
        if bot:
            raise SettingsError(
                "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN "
                "(Socket Mode) is: set one, or unset SLACK_BOT_TOKEN for the console"
            )
        if app or signing:
            named = (("SLACK_APP_TOKEN", app), ("SLACK_SIGNING_SECRET", signing))
            given = " and ".join(name for name, on in named if on)
            needs = "Socket Mode" if app else "HTTP mode"
            raise SettingsError(
                f"{given} {'are' if app and signing else 'is'} set but SLACK_BOT_TOKEN is not: {needs} needs it too; "
                f"set SLACK_BOT_TOKEN, or unset {given} for the console"
            )
        if interactive:
            return Mode.CONSOLE
        raise SettingsError(
            "not connected to Slack: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP mode) or with "
            "SLACK_APP_TOKEN (Socket Mode); the console runs on a terminal, with none of them set"
        )


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's report into one plain line per bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors(include_input=False):
            name = "_".join(str(part) for part in error["loc"]).upper()
            message = _plain(error)
            # Checks across variables have no location; their message starts with the variable's name.
            lines.append(f"{name}: {message}{_origin(name)}" if name else message)
        raise SettingsError("\n".join(lines)) from None


# pydantic's words for a number out of range or unreadable, as what to set instead (never quoting the value: a
# setting may be a secret).
_RANGE_WORDS = {"le": "at most {}", "ge": "at least {}", "lt": "less than {}", "gt": "more than {}"}
_TYPE_WORDS = {"int_parsing": "a whole number", "float_parsing": "a number", "bool_parsing": "true or false"}


def _plain(error: Any) -> str:
    """What a setting must be, in words: 'must be at most 65535', not 'Input should be less than or equal to'."""
    context = error.get("ctx") or {}
    bounds = [words.format(context[key]) for key, words in _RANGE_WORDS.items() if key in context]
    if bounds:
        return f"must be {' and '.join(bounds)}"
    if error["type"] in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[error['type']]}"
    return str(error["msg"]).removeprefix("Value error, ")


def _origin(name: str) -> str:
    """Where a bad value came from when it is not the environment: the .env file an operator may have forgotten."""
    return "" if name in os.environ or not Path(".env").exists() else " (set in .env)"
