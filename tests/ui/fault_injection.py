"""Making every write of the app fail part-way, for real, while reads keep working.

Three seams carry every write the app makes:

- ``db``: the ORM. An ``after_flush`` listener on every Session raises once the
  rows have been sent, so the database must really roll them back.
- ``sql``: the import's raw DB-API connection (services.imports_sql). Its
  ``commit`` raises after every row has been inserted, instead of committing.
- ``file``: storage.atomic, which every export, report, template and backup
  goes through. The fault comes once the content is in the temporary file and
  before it replaces the target, so a temporary file is there to be left behind.

The fault's message holds a real person's email and name: the tests prove it
never reaches a dialog or the log.
"""

from __future__ import annotations

import builtins
import hashlib
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

SEAMS = frozenset({"db", "sql", "file"})
FAULT_EMAIL = "zoe.hughes@essex.gov.uk"
FAULT_NAME = "Zoë Hughes"


class InjectedFault(RuntimeError):
    """What a failing disk, driver or bug looks like to the app: not a UserFacingError."""


class FaultInjector:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.armed: frozenset[str] = frozenset()
        self.fired: list[str] = []
        self.part_way = ""
        self.written: set[Any] = set()
        self.kept: list[Any] = []
        self._lock = threading.Lock()
        self.message = f"injected fault while writing {FAULT_EMAIL} ({FAULT_NAME})"
        self._install(monkeypatch)

    def arm(self, seams: Iterable[str] = SEAMS, *, part_way: str = "") -> None:
        """Fail every write through ``seams``; with ``part_way`` (an ORM class name) the
        ORM fails only as it writes the second record of that kind, so an action over
        several records fails part-way, whether it writes them in one transaction
        (then the first must be rolled back too) or, wrongly, one transaction each."""
        chosen = frozenset(seams)
        assert chosen <= SEAMS, chosen - SEAMS
        self.fired.clear()
        self.part_way = part_way
        self.written = set()
        self.kept = []
        self.armed = chosen

    def disarm(self) -> None:
        self.armed = frozenset()

    def _fire(self, seam: str) -> None:
        if seam in self.armed:
            with self._lock:
                self.fired.append(seam)
            raise InjectedFault(self.message)

    # --- the seams ---------------------------------------------------------
    def _install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from sqlalchemy import event, inspect
        from sqlalchemy.orm import Session

        from women_in_ddat.services import imports_sql
        from women_in_ddat.storage import atomic

        def after_flush(session: Any, flush_context: Any) -> None:
            if self.part_way:
                # After a flush the session still lists what it just wrote.
                with self._lock:
                    rows = [
                        row
                        for row in (*session.new, *session.dirty, *session.deleted)
                        if type(row).__name__ == self.part_way
                    ]
                    # A new row has no identity key yet: it is told apart by id(), which
                    # stays its own only while the row lives (a service need not keep it).
                    self.kept.extend(rows)
                    self.written |= {inspect(row).identity_key or id(row) for row in rows}
                    if len(self.written) < 2:
                        return
            self._fire("db")

        event.listen(Session, "after_flush", after_flush)
        self._listeners = [("after_flush", after_flush)]

        real_commit = imports_sql.Sql.commit

        def commit(sql: Any) -> None:
            self._fire("sql")
            real_commit(sql)

        monkeypatch.setattr(imports_sql.Sql, "commit", commit)

        # atomic_path opens the finished temporary file "rb+" to fsync it before
        # the rename: the last moment before the target changes. A module global
        # shadows the builtin for storage.atomic alone, whoever imported atomic_path.
        def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if mode == "rb+":
                self._fire("file")
            return builtins.open(file, mode, *args, **kwargs)

        monkeypatch.setattr(atomic, "open", guarded_open, raising=False)

    def close(self) -> None:
        from sqlalchemy import event
        from sqlalchemy.orm import Session

        self.disarm()
        for name, listener in self._listeners:
            event.remove(Session, name, listener)


# --- what the tests compare ---------------------------------------------------


def database_digest(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in order, read through a connection of its own."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(
                conn.execute(f'SELECT * FROM "{table}"').fetchall(),  # noqa: S608 (names from sqlite_master)
                key=repr,
            )
            for table in tables
        }
    finally:
        conn.close()


def files_digest(folders: Iterable[Path]) -> dict[str, str]:
    """Every file under ``folders`` (recursively) with the hash of its content."""
    found: dict[str, str] = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def people_named(path: Path) -> set[str]:
    """Every email and full name in the programme: none may reach a dialog or the log."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT first_name, last_name, email FROM person").fetchall()
    finally:
        conn.close()
    found = {FAULT_EMAIL, FAULT_NAME}
    for first, last, email in rows:
        found.add(email)
        if first and last:
            found.add(f"{first} {last}")
    return found
