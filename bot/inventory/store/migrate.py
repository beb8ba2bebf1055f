"""Versioned schema migrations (Alembic) run at open: a store from any earlier version is upgraded in place.

Alembic is imported only when the schema is behind: a store at the latest version opens without it (start-up time).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text

from bot.inventory.store.errors import SchemaError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# The latest revision in migrations/versions/ (a test checks it is Alembic's head): bump it with each migration.
HEAD = "0011"
# Replicas starting together on one PostgreSQL: one migrates while the others wait (any constant key will do).
MIGRATION_LOCK_KEY = 20_2026


def alembic_config() -> Any:
    """Alembic's configuration for our migrations folder (no alembic.ini: the store passes its connection)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Bring the store's schema to HEAD, in one transaction (PostgreSQL: one replica at a time)."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        current = None
        if inspect(connection).has_table("alembic_version"):
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if current == HEAD:
            return
        from alembic import command
        from alembic.util.exc import CommandError

        logging.getLogger("alembic").setLevel(logging.WARNING)  # its per-step lines; ours below says what changed
        config = alembic_config()
        config.attributes["connection"] = connection
        try:
            command.upgrade(config, "head")
        except CommandError as exc:  # e.g. a revision this version does not know: a newer bot wrote the store
            raise SchemaError(str(exc)) from None
        log.info("history store upgraded from schema %s to %s", current or "of version 0.1 (or new)", HEAD)
