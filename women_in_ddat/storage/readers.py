"""A plain DB-API connection for exports and imports.

Importing SQLAlchemy costs about 0.3 s here, more than the whole of a
typical export, so on a current SQLite database these run on the
standard library's sqlite3 after the same preflight checks every open
makes, and on a PostgreSQL database at the current schema on psycopg
itself. Anything else (an older schema to upgrade, a new file or server
database, another driver, a server that cannot be reached) goes through
``open_database`` as usual, which also gives the refusal messages. The
SQL used on these connections must be portable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from women_in_ddat.storage.partial_files import remove_stale_partials
from women_in_ddat.storage.preflight import (
    SchemaState,
    check_sqlite_file,
    connect_sqlite,
    parse_target,
)
from women_in_ddat.storage.schema_versions import HEAD_REVISION


@contextmanager
def dbapi_connection(value: str) -> Iterator[tuple[Any, str]]:
    """Yield ``(connection, paramstyle)`` for the database at a path or URL."""
    target = parse_target(value)
    if target.sqlite_path is not None:
        state, _ = check_sqlite_file(target.sqlite_path)
        if state is SchemaState.CURRENT:
            remove_stale_partials(target.sqlite_path)
            conn = connect_sqlite(target.sqlite_path)
            try:
                yield conn, "qmark"
            finally:
                conn.close()
            return
    else:
        server = _current_server_connection(target.url)
        if server is not None:
            try:
                yield server, "pyformat"
                server.commit()
            finally:
                server.close()
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


def _current_server_connection(url: str) -> Any | None:
    """A psycopg connection to a server database at the current schema, else None.

    Only for the ``postgresql+psycopg`` URLs SQLAlchemy would open with the
    same driver (and the same settings: it sets none). Any failure here,
    including an unreachable server, leaves the explanation to open_database.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or scheme != "postgresql+psycopg":
        return None
    try:
        import psycopg
    except ImportError:
        return None
    try:
        conn = psycopg.connect("postgresql://" + rest)
    except psycopg.Error:
        return None
    try:
        revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        conn.rollback()  # the import or export starts its own transaction
    except psycopg.Error:
        conn.close()
        return None
    if revisions != [HEAD_REVISION]:
        conn.close()
        return None
    return conn
