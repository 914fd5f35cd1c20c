"""Plain DB-API access for imports: one transaction, portable SQL, fast inserts.

An import of 10,000 rows must cost little more than reading the file, and
importing SQLAlchemy alone costs more than that, so imports (like exports,
see services.exporting) run on the driver's own connection. The SQL here
is portable between SQLite and PostgreSQL; values are adapted the way
SQLAlchemy stores them, so the ORM reads these rows exactly as its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

# Enough placeholders per IN (...) list for any driver.
CHUNK = 500
# PostgreSQL advisory lock key that import writes and undos queue on ("WIDDAT").
WRITER_LOCK = 0x574944444154
# Text that can be written into a statement as it is: no quote, no backslash.
_PLAIN = re.compile(r"[\w .:-]*")


class Sql:
    def __init__(self, conn: Any, paramstyle: str, sqlite_path: Path | None = None) -> None:
        self.conn = conn
        self.sqlite = paramstyle == "qmark"
        self.sqlite_path = sqlite_path
        self._cursor = conn.cursor()

    def _q(self, sql: str) -> str:
        return sql if self.sqlite else sql.replace("?", "%s")

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self._cursor.execute(self._q(sql), tuple(params))
        return list(self._cursor.fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        self._cursor.execute(self._q(sql), tuple(params))
        row: tuple[Any, ...] | None = self._cursor.fetchone()
        return row

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        self._cursor.execute(self._q(sql), tuple(params))
        return int(self._cursor.rowcount)

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._cursor.executemany(self._q(sql), rows)

    def where_in(self, sql: str, values: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        """Run ``sql`` (with one ``IN ({})``) over ``values`` in chunks."""
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            yield from self.all(sql.format(", ".join("?" * len(chunk))), chunk)

    def insert(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        fixed: dict[str, Any] | None = None,
    ) -> list[int]:
        """Insert ``rows`` (values of ``columns``) and return their new ids, in order.

        ``fixed`` holds the columns that are the same in every row. On SQLite
        those that are plain words, numbers, flags or NULL are written into
        the statement (one value, not one per row).
        """
        if not rows:
            return []
        fixed = fixed or {}
        if not self.sqlite:
            # The ids from the table's own sequence in one round trip, then
            # the rows by COPY: far faster than an INSERT per row, even pipelined.
            ids = sorted(
                row[0]
                for row in self.all(
                    "SELECT nextval(CAST(? AS regclass)) FROM generate_series(1, ?)",
                    (self._sequence_of(table), len(rows)),
                )
            )
            self.bulk(
                table,
                ["id", *columns],
                [(i, *row) for i, row in zip(ids, rows, strict=True)],
                fixed,
            )
            return ids
        literals = {c: sql for c, v in fixed.items() if (sql := self._literal(v)) is not None}
        bound = {c: v for c, v in fixed.items() if c not in literals}
        if bound:
            extra = tuple(bound.values())
            rows = [(*row, *extra) for row in rows]
        names = quoted([*columns, *bound, *literals])
        marks = ", ".join(["?"] * (len(columns) + len(bound)) + list(literals.values()))
        # We hold the write lock (BEGIN IMMEDIATE), so the new ids are the
        # next ones in a row: AUTOINCREMENT gives each new row one more than
        # the highest id the table has ever had (sqlite_sequence remembers
        # deleted ones). Naming the ids ourselves would make SQLite update
        # sqlite_sequence row by row, a third of the insert's time.
        first = self._next_id(table)
        self.many(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 (fixed names)
        last = first + len(rows) - 1
        if self._next_id(table) != last + 1:
            raise RuntimeError(f"{table}: new ids were not the next {len(rows)} in a row")
        return list(range(first, last + 1))

    def _sequence_of(self, table: str) -> str:
        """The table's id sequence, looked up once: inside the id query the lookup
        ran again for every row, five times the cost of the ids themselves."""
        found = self.one("SELECT pg_get_serial_sequence(?, 'id')", (table,))
        if found is None or found[0] is None:
            raise RuntimeError(f"{table}: no id sequence")
        return str(found[0])

    def _next_id(self, table: str) -> int:
        highest = (self.one(f"SELECT COALESCE(MAX(id), 0) FROM {table}") or (0,))[0]  # noqa: S608 (fixed names)
        used = self.one("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,))
        return int(max(highest, used[0] if used else 0)) + 1

    def bulk(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        fixed: dict[str, Any] | None = None,
    ) -> None:
        """Insert ``rows`` (values of ``columns``; ``fixed`` the same in each) when no ids are needed back."""
        fixed = fixed or {}
        names = quoted([*columns, *fixed])
        extra = tuple(fixed.values())
        if self.sqlite:
            marks = ", ".join("?" * (len(columns) + len(fixed)))
            self.many(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                ((*row, *extra) for row in rows),
            )
            return
        with self._cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, *extra))

    def _literal(self, value: Any) -> str | None:
        """``value`` as SQL text, if it is one that needs no escaping; else None."""
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return ("1" if value else "0") if self.sqlite else ("TRUE" if value else "FALSE")
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str) and _PLAIN.fullmatch(value):
            return f"'{value}'"
        return None

    # Transactions -------------------------------------------------------

    def begin(self, *, write: bool) -> None:
        if self.sqlite:
            # IMMEDIATE: the write lock from the start, so what we plan
            # against cannot change before we write.
            self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        elif write:
            # PostgreSQL: imports queue on one advisory lock, as they queue on
            # the file's write lock in SQLite, so two never plan against the
            # same rows at once. A session lock, taken and committed before
            # the import's own transaction, so that transaction's snapshot is
            # taken after the wait; REPEATABLE READ then turns an edit landing
            # on a planned row meanwhile into "try again", not an overwrite.
            self.conn.rollback()
            self.run("SELECT pg_advisory_lock(?)", (WRITER_LOCK,))
            self.conn.commit()
            self._holds_lock = True
            self.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    def _release_lock(self) -> None:
        if getattr(self, "_holds_lock", False):
            self._holds_lock = False
            self.run("SELECT pg_advisory_unlock(?)", (WRITER_LOCK,))
            self.conn.commit()

    def commit(self) -> None:
        if self.sqlite:
            self.conn.execute("COMMIT")
        else:
            self.conn.commit()
            self._release_lock()

    def rollback(self) -> None:
        try:
            if self.sqlite:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            else:
                self.conn.rollback()
                self._release_lock()
        except Exception:  # the connection is going away anyway (and its lock with it)
            pass

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Sql]:
        from women_in_ddat.storage.contention import lost_a_race, try_again
        from women_in_ddat.storage.faults import explain

        try:
            self.begin(write=write)  # inside: SQLite's BEGIN IMMEDIATE may wait, then give up
            yield self
        except BaseException as exc:
            self.rollback()
            if lost_a_race(exc):
                raise try_again() from exc
            known = explain(exc, self.sqlite_path.name if self.sqlite_path else "")
            if known is not None and known is not exc:  # a read-only file, a full disk
                raise known from exc
            raise

    # Values, as SQLAlchemy stores them ----------------------------------

    def stamp(self, moment: datetime) -> Any:
        if self.sqlite:
            return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return moment

    def day(self, value: date | None) -> Any:
        if value is None:
            return None
        return value.isoformat() if self.sqlite else value

    def flag(self, value: bool) -> Any:
        return int(value) if self.sqlite else value


def quoted(columns: Iterable[str]) -> str:
    """Column names quoted: "current_role" is a reserved word in PostgreSQL."""
    return ", ".join(f'"{c}"' for c in columns)


def as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def to_json(values: dict[str, Any]) -> str:
    return json.dumps(
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()},
        ensure_ascii=False,
        sort_keys=True,
    )


@contextmanager
def import_connection(database: str) -> Iterator[Sql]:
    """A DB-API connection to the programme database at a path or URL."""
    from women_in_ddat.storage.preflight import parse_target
    from women_in_ddat.storage.readers import dbapi_connection

    target = parse_target(database)
    with dbapi_connection(database) as (conn, paramstyle):
        sql = Sql(conn, paramstyle, target.sqlite_path)
        try:
            yield sql
        finally:
            sql.rollback()  # a no-op after commit; never leaves a transaction open
