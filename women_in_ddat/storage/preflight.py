"""Checks made before a database is used, with the standard library only.

They decide whether a file at the chosen path may be opened at all: a
0-byte file, a file that is not SQLite, a damaged file, another program's
database and a database from a newer version are refused with a clear
message, and nothing is written to them. Kept free of SQLAlchemy so the
lean read path (exports) starts fast.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from women_in_ddat.domain.search_text import fold_for_search
from women_in_ddat.domain.wording import counted
from women_in_ddat.errors import DatabaseRefused
from women_in_ddat.storage.schema_versions import HEAD_REVISION, KNOWN_REVISIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class SchemaState(Enum):
    MISSING = "missing"  # no file yet: may be created
    CURRENT = "current"
    OLDER = "older"  # a known older schema: back up, then upgrade


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the programme lives: a SQLite file, or a server URL."""

    url: str
    sqlite_path: Path | None

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None

    @property
    def display_name(self) -> str:
        if self.sqlite_path is not None:
            return self.sqlite_path.name
        return redact_url(self.url)


def redact_url(url: str) -> str:
    """The URL without its password, fit for a title bar or a log."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"


def parse_target(value: str) -> DatabaseTarget:
    """A path or a SQLAlchemy URL; ``sqlite:///path`` counts as a path."""
    value = value.strip()
    if "://" in value:
        scheme, _, rest = value.partition("://")
        if scheme.split("+", 1)[0] == "sqlite":
            if rest in ("", "/", "/:memory:"):
                raise DatabaseRefused(
                    "An in-memory database cannot hold a programme; choose a file."
                )
            path = Path(rest[1:] if rest.startswith("/") else rest).expanduser()
            return _sqlite_target(path)
        return DatabaseTarget(url=value, sqlite_path=None)
    return _sqlite_target(Path(value).expanduser())


def _sqlite_target(path: Path) -> DatabaseTarget:
    path = path.absolute()
    return DatabaseTarget(url=f"sqlite:///{path}", sqlite_path=path)


SEARCH_FOLD_FUNCTION = "wid_fold"


@lru_cache(maxsize=1 << 18)
def _fold_or_none(text: str | None) -> str | None:
    # Cached: a keystroke folds every name again, and names do not change between keystrokes.
    return None if text is None else fold_for_search(str(text))


def connect_sqlite(
    path: Path, *, must_exist: bool = True, read_only: bool = False
) -> sqlite3.Connection:
    """A DB-API connection with the pragmas every connection must have.

    ``isolation_level=None``: we issue BEGIN ourselves (SQLAlchemy's begin
    event, see database.py), so pysqlite never opens implicit transactions
    that would make PRAGMA foreign_keys a silent no-op.
    """
    mode = "ro" if read_only else ("rw" if must_exist else "rwc")
    # A file URI needs an absolute path (a relative one, as typed, raises ValueError).
    uri = f"{Path(path).absolute().as_uri()}?mode={mode}"
    conn = sqlite3.connect(
        uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
        # List pages filter as the People page does ("zoe" finds "Zoë"), in SQL.
        conn.create_function(SEARCH_FOLD_FUNCTION, 1, _fold_or_none, deterministic=True)
        if not read_only:
            # A rollback journal: WAL is unsafe on network shares and keeps
            # deleted data in the -wal file after an erasure.
            conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the user only; fail if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def check_sqlite_file(path: Path) -> tuple[SchemaState, str | None]:
    """Decide whether ``path`` may be opened. Raises DatabaseRefused if not.

    Returns the state and the schema revision found (None when missing).
    """
    name = path.name
    if not path.exists():
        return SchemaState.MISSING, None
    if path.is_dir():
        raise DatabaseRefused(f"{name} is a folder, not a database file.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseRefused(f"{name} cannot be read ({exc.strerror}).") from exc
    if size == 0:
        raise DatabaseRefused(
            f"{name} is empty (0 bytes), so it is not a programme database. "
            "It was left as it is: restore a backup or choose another file."
        )
    if header != SQLITE_HEADER:
        raise DatabaseRefused(
            f"{name} is not a SQLite database. It was left as it is: choose the programme's database file."
        )
    try:
        # Read-write, not read-only: if a crash left a hot journal, SQLite
        # must roll it back before anything can be read consistently.
        conn = connect_sqlite(path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseRefused(
            f"{name} is damaged and cannot be opened ({exc}). Restore a backup."
        ) from exc
    try:
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise DatabaseRefused(
                f"{name} is damaged ({exc}). It was not changed: restore a backup."
            ) from exc
        if [tuple(r) for r in rows] != [("ok",)]:
            raise DatabaseRefused(
                f"{name} is damaged (integrity check found {counted(len(rows), 'problem')}). "
                "It was not changed: restore a backup."
            )
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "alembic_version" not in tables:
                raise DatabaseRefused(
                    f"{name} is a SQLite database but not a women-in-DDaT programme. It was left as it is."
                )
            found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.DatabaseError as exc:
            raise DatabaseRefused(
                f"{name} is damaged ({exc}). It was not changed: restore a backup."
            ) from exc
    finally:
        conn.close()
    return classify_revision(name, [r[0] for r in found])


def classify_revision(name: str, revisions: list[str]) -> tuple[SchemaState, str]:
    if len(revisions) != 1:
        raise DatabaseRefused(f"{name} has no single schema version; it was left as it is.")
    revision = revisions[0]
    if revision == HEAD_REVISION:
        return SchemaState.CURRENT, revision
    if revision in KNOWN_REVISIONS:
        return SchemaState.OLDER, revision
    raise DatabaseRefused(
        f"{name} was written by a newer version of women-in-DDaT (schema {revision}). "
        "Update the program to open it; the file was left as it is."
    )


def sqlite_integrity_problems(path: Path) -> list[str]:
    """Full integrity and foreign-key check; an empty list means healthy."""
    conn = connect_sqlite(path)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} refers to a missing {parent}")
        return problems
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
