"""A plain DB-API connection for read-mostly commands (exports).

Importing SQLAlchemy costs about 0.3 s here, more than the whole of a
typical export, so on a current SQLite database exports run on the
standard library's sqlite3 after the same preflight checks every open
makes. Anything else (an older schema to upgrade, a new file, a server
database) goes through ``open_database`` as usual. The SQL used on these
connections must be portable and take no parameters from users.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from women_in_ddat.storage.preflight import (
    SchemaState,
    check_sqlite_file,
    connect_sqlite,
    parse_target,
)


@contextmanager
def dbapi_connection(value: str) -> Iterator[tuple[Any, str]]:
    """Yield ``(connection, paramstyle)`` for the database at a path or URL."""
    target = parse_target(value)
    if target.sqlite_path is not None:
        state, _ = check_sqlite_file(target.sqlite_path)
        if state is SchemaState.CURRENT:
            conn = connect_sqlite(target.sqlite_path)
            try:
                yield conn, "qmark"
            finally:
                conn.close()
            return
    from women_in_ddat.storage.database import open_database

    db = open_database(value)
    try:
        raw = db.engine.raw_connection()
        try:
            yield raw.driver_connection, db.engine.dialect.paramstyle
            raw.commit()
        finally:
            raw.close()
    finally:
        db.dispose()
