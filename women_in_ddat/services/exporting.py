"""Exporting people, participants, matches, milestones, sessions, outcomes and attendance as CSV, xlsx or JSON.

Spreadsheet safety: in CSV, text that begins with ``= + - @``, a tab or a
carriage return is prefixed with an apostrophe so no spreadsheet program
can run it as a formula (domain/formula_text.py; the import takes it off
again). xlsx cells holding text are written as text cells, which never
run, so they carry the text exactly, as JSON does.

Runs on a plain DB-API connection (see storage.readers) so that a
scripted export starts in a fraction of a second.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from women_in_ddat.domain.formula_text import neutralise
from women_in_ddat.errors import DatabaseReadOnly, FileProblem, InvalidInput

FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[str, ...]
    sql: str
    date_columns: frozenset[str] = frozenset()


DATASETS: dict[str, Dataset] = {
    "people": Dataset(
        "people",
        (
            "first_name",
            "last_name",
            "preferred_name",
            "pronouns",
            "email",
            "phone",
            "organisation",
            "job_title",
            "current_role_family",
            "current_role",
            "current_level",
            "target_role_family",
            "target_role",
            "target_level",
            "line_manager_email",
            "region",
        ),
        "SELECT p.first_name, p.last_name, p.preferred_name, p.pronouns, p.email, p.phone, "
        "COALESCE(o.name, ''), p.job_title, p.current_role_family, p.current_role, p.current_level, "
        "p.target_role_family, p.target_role, p.target_level, p.line_manager_email, p.region "
        "FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id "
        "ORDER BY p.last_name, p.first_name, p.id",
    ),
    "participants": Dataset(
        "participants",
        (
            "email",
            "first_name",
            "last_name",
            "cohort",
            "role",
            "start_date",
            "status",
            "withdrawn_reason",
            "mentor_capacity",
        ),
        "SELECT p.email, p.first_name, p.last_name, c.name, pa.role, pa.start_date, pa.status, "
        "pa.withdrawn_reason, pa.mentor_capacity "
        "FROM participation pa JOIN person p ON p.id = pa.person_id JOIN cohort c ON c.id = pa.cohort_id "
        "ORDER BY c.name, pa.role, p.last_name, p.first_name, pa.id",
        frozenset({"start_date"}),
    ),
    "matches": Dataset(
        "matches",
        (
            "cohort",
            "mentee_email",
            "mentee_name",
            "mentor_email",
            "mentor_name",
            "status",
            "started_on",
            "ended_on",
            "end_reason",
            "ended_by",
            "hold_reason",
            "rationale",
        ),
        "SELECT c.name, me.email, COALESCE(NULLIF(me.preferred_name, ''), me.first_name) || ' ' || me.last_name, mo.email, COALESCE(NULLIF(mo.preferred_name, ''), mo.first_name) || ' ' || mo.last_name, "
        "m.status, m.start_date, m.end_date, "
        "CASE WHEN m.status IN ('ended_early', 'completed') THEN m.status_reason ELSE '' END, "
        "CASE WHEN m.status IN ('ended_early', 'completed') THEN m.status_changed_by ELSE '' END, "
        "CASE WHEN m.status = 'on_hold' THEN m.status_reason ELSE '' END, m.rationale "
        "FROM mentoring_match m JOIN cohort c ON c.id = m.cohort_id "
        "JOIN participation mep ON mep.id = m.mentee_participation_id JOIN person me ON me.id = mep.person_id "
        "JOIN participation mop ON mop.id = m.mentor_participation_id JOIN person mo ON mo.id = mop.person_id "
        "ORDER BY c.name, me.email, m.id",
        frozenset({"started_on", "ended_on"}),
    ),
    "milestones": Dataset(
        "milestones",
        (
            "email",
            "name",
            "cohort",
            "title",
            "category",
            "required",
            "due_date",
            "due_date_typed",
            "status",
            "completed_on",
            "evidence_note",
        ),
        "SELECT p.email, COALESCE(NULLIF(p.preferred_name, ''), p.first_name) || ' ' || p.last_name, c.name, ms.title, ms.category, ms.required, "
        "ms.due_date, ms.due_date_manual, ms.status, ms.completed_on, ms.evidence_note "
        "FROM milestone ms JOIN participation pa ON pa.id = ms.participation_id "
        "JOIN person p ON p.id = pa.person_id JOIN cohort c ON c.id = pa.cohort_id "
        "ORDER BY c.name, p.email, ms.due_date IS NULL, ms.due_date, ms.id",
        frozenset({"due_date", "completed_on"}),
    ),
    "sessions": Dataset(
        "sessions",
        (
            "cohort",
            "mentee_email",
            "mentee_name",
            "mentor_email",
            "mentor_name",
            "held_on",
            "duration_minutes",
            "format",
            "note",
        ),
        "SELECT c.name, me.email, COALESCE(NULLIF(me.preferred_name, ''), me.first_name) || ' ' || me.last_name, mo.email, COALESCE(NULLIF(mo.preferred_name, ''), mo.first_name) || ' ' || mo.last_name, "
        "s.held_on, s.duration_minutes, s.format, s.note "
        "FROM mentoring_session s JOIN mentoring_match m ON m.id = s.match_id "
        "JOIN cohort c ON c.id = m.cohort_id "
        "JOIN participation mep ON mep.id = m.mentee_participation_id JOIN person me ON me.id = mep.person_id "
        "JOIN participation mop ON mop.id = m.mentor_participation_id JOIN person mo ON mo.id = mop.person_id "
        "ORDER BY c.name, me.email, s.held_on, s.id",
        frozenset({"held_on"}),
    ),
    "outcomes": Dataset(
        "outcomes",
        (
            "email",
            "name",
            "cohort",
            "kind",
            "occurred_on",
            "role_family",
            "role",
            "level",
            "description",
        ),
        "SELECT p.email, COALESCE(NULLIF(p.preferred_name, ''), p.first_name) || ' ' || p.last_name, c.name, o.kind, o.occurred_on, o.role_family, "
        "o.role, o.level, o.description "
        "FROM outcome o JOIN person p ON p.id = o.person_id LEFT JOIN cohort c ON c.id = o.cohort_id "
        "ORDER BY o.occurred_on, p.email, o.id",
        frozenset({"occurred_on"}),
    ),
    # One row per person per day of an event with a mark in the register.
    "attendance": Dataset(
        "attendance",
        ("cohort", "event", "date", "email", "status"),
        "SELECT COALESCE(c.name, ''), e.title, d.on_date, p.email, a.status "
        "FROM event_attendance a JOIN event_invitation i ON i.id = a.invitation_id "
        "JOIN event e ON e.id = i.event_id JOIN event_day d ON d.id = a.event_day_id "
        "JOIN person p ON p.id = i.person_id LEFT JOIN cohort c ON c.id = e.cohort_id "
        "ORDER BY c.name, d.on_date, e.id, p.email",
        frozenset({"date"}),
    ),
    # Her own questionnaire answers: confidence statements (1-5) and skills (1-4, awareness..expert).
    "assessments": Dataset(
        "assessments",
        ("email", "cohort", "point", "item", "score"),
        "SELECT p.email, c.name, a.point, s.item, s.score "
        "FROM assessment_score s JOIN assessment a ON a.id = s.assessment_id "
        "JOIN participation pa ON pa.id = a.participation_id "
        "JOIN person p ON p.id = pa.person_id JOIN cohort c ON c.id = pa.cohort_id "
        "WHERE a.assessor = 'self' "
        "ORDER BY c.name, p.email, CASE a.point WHEN 'baseline' THEN 0 WHEN 'mid' THEN 1 ELSE 2 END, "
        "s.kind, s.item",
    ),
    # A withdrawn consent reads "withdrawn": the quote is hers, its publication is not agreed.
    "feedback": Dataset(
        "feedback",
        ("email", "cohort", "point", "satisfaction", "recommend", "quote", "quote_consent"),
        "SELECT p.email, c.name, f.point, f.satisfaction, f.recommend, f.quote, "
        "CASE WHEN f.consent_withdrawn_on IS NOT NULL THEN 'withdrawn' ELSE f.quote_consent END "
        "FROM feedback f JOIN participation pa ON pa.id = f.participation_id "
        "JOIN person p ON p.id = pa.person_id JOIN cohort c ON c.id = pa.cohort_id "
        "ORDER BY c.name, p.email, CASE f.point WHEN 'mid' THEN 1 ELSE 2 END",
    ),
    "organisations": Dataset(
        "organisations",
        ("name", "kind", "region", "people"),
        "SELECT o.name, o.kind, o.region, "
        "(SELECT COUNT(*) FROM person p WHERE p.organisation_id = o.id) "
        "FROM organisation o ORDER BY o.name, o.id",
    ),
}


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _milestone_state_of(dataset: Dataset) -> Any:
    """For milestones: a function putting the state (programme_rules) in place of the stored status.

    The state is what a coordinator means by status: open, done, overdue,
    waiting (no due date while its anchor does not exist), withdrawn,
    closed, not_applicable.
    """
    if dataset.name != "milestones":
        return None
    from women_in_ddat.domain.programme_rules import milestone_state

    status_at = dataset.columns.index("status")
    due_at = dataset.columns.index("due_date")
    today = date.today()

    def put_state(values: list[Any]) -> None:
        due = values[due_at]
        values[status_at] = milestone_state(
            values[status_at], date.fromisoformat(due) if due else None, today
        ).value

    return put_state


# Rows read from the database at a time: memory stays the same whatever the size.
FETCH_CHUNK = 500


class Rows:
    """A dataset's rows, read from the cursor a chunk at a time, counted as they go."""

    def __init__(self, conn: Any, paramstyle: str, dataset: Dataset) -> None:
        self.count = 0
        self.finished = False
        self._conn, self._paramstyle, self._dataset = conn, paramstyle, dataset

    def __iter__(self) -> Iterator[dict[str, Any]]:
        dataset = self._dataset
        # A PostgreSQL client cursor holds the whole result; a named (server) one streams it.
        named = self._paramstyle != "qmark"
        cursor = self._conn.cursor(name="wid_export") if named else self._conn.cursor()
        try:
            cursor.execute(dataset.sql)
            date_idx = [i for i, c in enumerate(dataset.columns) if c in dataset.date_columns]
            bool_idx = [
                i for i, c in enumerate(dataset.columns) if c in ("required", "due_date_typed")
            ]
            state = _milestone_state_of(dataset)
            columns = dataset.columns
            while True:
                chunk = None  # the last chunk goes before the next is read
                chunk = cursor.fetchmany(FETCH_CHUNK)
                if not chunk:
                    break
                for row in chunk:
                    values = list(row)
                    for i in date_idx:
                        values[i] = _iso(values[i])
                    if state is not None:
                        state(values)
                    for i in bool_idx:
                        values[i] = bool(values[i])
                    self.count += 1
                    yield dict(zip(columns, values, strict=True))
            self.finished = True
        finally:
            cursor.close()


def count_rows(conn: Any, dataset: Dataset) -> int:
    """How many rows the dataset holds, asked before any is read (to record a streamed export)."""
    cursor = conn.cursor()
    try:
        cursor.execute(f"SELECT COUNT(*) FROM ({dataset.sql}) AS counted")  # noqa: S608 (fixed SQL)
        return int(cursor.fetchone()[0])
    finally:
        cursor.close()


def fetch(conn: Any, dataset: Dataset, paramstyle: str = "qmark") -> list[dict[str, Any]]:
    return list(Rows(conn, paramstyle, dataset))


def render_json(rows: list[dict[str, Any]]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.BytesIO()
    write_csv(out, columns, rows)
    return out.getvalue()


# Rows gathered into one write: few system calls, little memory.
_WRITE_EVERY = 1_000


def write_csv(out: IO[bytes], columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """CSV, row by row: UTF-8 with a BOM (what Excel needs to read non-ASCII names correctly)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(columns)
    for n, row in enumerate(rows, start=1):
        writer.writerow(["" if row[c] is None else neutralise(row[c]) for c in columns])
        if n % _WRITE_EVERY == 0:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))


def write_json(out: IO[bytes], rows: Iterable[dict[str, Any]]) -> None:
    """The same bytes as ``render_json``, written row by row."""
    parts: list[str] = []
    first = True
    for n, row in enumerate(rows, start=1):
        # Inside the list each object is indented one more space; a JSON text never
        # holds a raw line break inside a value, so every "\n" is between lines.
        parts.append(("[\n " if first else ",\n ") + _dumps(row).replace("\n", "\n "))
        first = False
        if n % _WRITE_EVERY == 0:
            out.write("".join(parts).encode("utf-8"))
            parts.clear()
    parts.append("[]\n" if first else "\n]\n")
    out.write("".join(parts).encode("utf-8"))


def _dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, indent=1)


def write_xlsx(
    path: Path, sheet: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> None:
    import xlsxwriter

    with open(path, "wb", buffering=0) as handle:
        sink = _KeepFirstError(handle)
        _write_workbook(xlsxwriter.Workbook(sink, _XLSX_OPTIONS), sheet, columns, rows)
    if sink.error is not None:
        raise sink.error


_XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Each row goes to disk once the next one starts: memory stays flat.
    "constant_memory": True,
}


class _KeepFirstError:
    """The file an xlsx is zipped into: a failed write is kept, not raised mid-zip.

    zipfile cannot tidy up after a write fails part-way (a full disk): the
    half-closed archive complains again, with a traceback, when it is
    collected. Here the first OSError is kept and later writes go nowhere,
    so the archive closes normally and the caller raises that error.
    Unbuffered (the caller opens it so), so a seek never flushes a failed write.
    """

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while self.error is None and view:
            try:
                view = view[self._handle.write(view) :]  # a raw file may write part of it
            except OSError as exc:
                self.error = exc
        return len(data)

    def tell(self) -> int:
        return int(self._handle.tell())

    def seek(self, offset: int, whence: int = 0) -> int:
        return int(self._handle.seek(offset, whence))

    def seekable(self) -> bool:
        return bool(self._handle.seekable())

    def flush(self) -> None:
        pass  # unbuffered: nothing waits


# Columns are sized to the headings and the first rows (the rest stream to disk unread
# ahead), within these widths in characters.
SIZED_ON_ROWS = 500
NARROWEST, WIDEST = 8, 60


def column_title(name: str) -> str:
    """A column's heading in a spreadsheet people read: plain words ("Current role family").
    The import reads it as the field itself (importing.mapping.header_key gives the same key
    for "current_role_family" and "Current role family"), so a round trip stays exact."""
    return name.replace("_", " ").capitalize()


def _column_widths(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> list[int]:
    widths = []
    for name in columns:
        longest = max(
            (len(str(row[name])) for row in rows if row[name] is not None),
            default=0,
        )
        widths.append(min(max(len(column_title(name)), longest, NARROWEST) + 2, WIDEST))
    return widths


def _write_workbook(
    workbook: Any, sheet: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> None:
    try:
        bold = workbook.add_format({"bold": True})
        ws = workbook.add_worksheet(sheet[:31])
        ws.freeze_panes(1, 0)
        rows = iter(rows)
        first_rows = list(itertools.islice(rows, SIZED_ON_ROWS))
        for col, width in enumerate(_column_widths(columns, first_rows)):
            ws.set_column(col, col, width)
        for col, name in enumerate(columns):
            ws.write_string(0, col, column_title(name), bold)
        for r, row in enumerate(itertools.chain(first_rows, rows), start=1):
            for col, name in enumerate(columns):
                value = row[name]
                if value is None:
                    continue
                if isinstance(value, bool):
                    ws.write_boolean(r, col, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, col, value)
                else:
                    # A text cell: no program runs it, so it needs no apostrophe.
                    ws.write_string(r, col, str(value))
    finally:
        workbook.close()


def _write_text(out: IO[bytes], fmt: str, dataset: Dataset, rows: Iterable[dict[str, Any]]) -> None:
    if fmt == "json":
        write_json(out, rows)
    else:
        write_csv(out, dataset.columns, rows)


def export(database: str, dataset_name: str, fmt: str, output: str, *, actor: str = "") -> int:
    """Write one dataset to ``output`` (a path, or ``-`` for standard output). Returns the row count.

    Rows stream from the database to the file a chunk at a time, so memory
    does not grow with the number of rows.
    """
    from women_in_ddat.storage.readers import dbapi_connection

    if dataset_name not in DATASETS:
        raise InvalidInput(f"Unknown export '{dataset_name}': choose from {', '.join(DATASETS)}.")
    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown format '{fmt}': choose from {', '.join(FORMATS)}.")
    if fmt == "xlsx" and output == "-":
        raise InvalidInput("An xlsx export needs a file name (-o FILE.xlsx), not standard output.")
    dataset = DATASETS[dataset_name]
    with dbapi_connection(database) as (conn, paramstyle):
        rows = Rows(conn, paramstyle, dataset)

        def record() -> None:
            # A file is recorded once complete (its rows counted as they went);
            # what streams out is recorded before the first byte, so counted first.
            count = rows.count if rows.finished else count_rows(conn, dataset)
            record_export(conn, paramstyle, actor, dataset.name, count)

        # Personal data leaves only once its export is in the audit trail: a
        # file is recorded when complete, just before it is published; what
        # streams out (standard output, a pipe) is recorded before it starts
        # (see atomic_path).
        if output == "-":
            record()
            write_to_stdout(lambda out: _write_text(out, fmt, dataset, rows))
        else:
            from women_in_ddat.storage.atomic import atomic_path

            with atomic_path(Path(output), what="export", before_replace=record) as tmp:
                if fmt == "xlsx":
                    write_xlsx(tmp, dataset.name, dataset.columns, rows)
                else:
                    with open(tmp, "wb") as out:
                        _write_text(out, fmt, dataset, rows)
    return rows.count


def write_to_stdout(data: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write ``data`` (bytes, or a writer given the stream) to standard output.

    A full disk or a closed pipe is told as a FileProblem.
    """
    from women_in_ddat.storage.atomic import describe_os_error

    try:
        if callable(data):
            data(sys.stdout.buffer)
        else:
            sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise  # the reader stopped reading (``| head``): not a failure to report
    except OSError as exc:
        raise FileProblem(
            f"Cannot write the export to standard output: {describe_os_error(exc)}."
        ) from exc


_AUDIT_COLUMNS = ("at", "actor", "action", "entity", "entity_id", "detail")


def record_export(conn: Any, paramstyle: str, actor: str, dataset: str, count: int) -> None:
    """The audit trail notes every export (what and how many, never who was in it)."""
    mark = "?" if paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO audit_event ({', '.join(_AUDIT_COLUMNS)}) "  # noqa: S608 (fixed names)
        f"VALUES ({', '.join([mark] * len(_AUDIT_COLUMNS))})"
    )
    now = datetime.now(UTC)
    # sqlite3's datetime adapter is deprecated: give SQLite the text that
    # SQLAlchemy itself stores there (naive UTC); give servers the object.
    stamp: Any = now.replace(tzinfo=None).isoformat(sep=" ") if paramstyle == "qmark" else now
    cursor = conn.cursor()
    try:
        cursor.execute(sql, (stamp, actor[:100], "export", dataset, "", f"{count} rows"))
    except Exception as exc:
        from women_in_ddat.storage.faults import is_read_only

        if is_read_only(exc):
            raise DatabaseReadOnly(
                message="Nothing was exported: the database is read-only, so the export could "
                "not be recorded in the audit trail, and personal data leaves only on the record. "
                "Make the database writable and try again."
            ) from exc
        raise


class ExportService:
    """Datasets written to a file for the desktop app (the command line calls ``export``)."""

    def __init__(self, db: Any, actor: str) -> None:
        self.db = db
        self.actor = actor

    def write(self, dataset_name: str, fmt: str, path: Path) -> int:
        """Write ``dataset_name`` as ``fmt`` to ``path`` (replaced only once complete); the row count."""
        target = self.db.target
        database = str(target.sqlite_path) if target.sqlite_path is not None else target.url
        return export(database, dataset_name, fmt, str(path), actor=self.actor)
