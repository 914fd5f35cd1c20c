"""Alembic migrations: the schema's history. Applied at open (see database.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from women_in_ddat.errors import DatabaseRefused

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = Path(__file__).resolve().parent


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Upgrade in one transaction; on SQLite with foreign keys off meanwhile.

    A batch migration rebuilds a table (copy, drop, rename); with foreign
    keys on, dropping the old table would cascade-delete child rows. So they
    are switched off around the migration and ``foreign_key_check`` must
    find nothing before the transaction commits.
    """
    from alembic import command

    config = alembic_config()
    is_sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection if is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseRefused(
                            f"The schema upgrade would break {len(broken)} reference(s); "
                            "it was rolled back and the database is unchanged."
                        )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")
