"""Exporting people, participants, matches and milestones as CSV, xlsx or JSON.

Spreadsheet safety: in CSV and xlsx, text that begins with ``= + - @``, a
tab or a carriage return is prefixed with an apostrophe so no spreadsheet
program can run it as a formula; xlsx cells holding text are written as
text cells. JSON carries values exactly as stored.

Runs on a plain DB-API connection (see storage.readers) so that a
scripted export starts in a fraction of a second.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

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
            "mentor_email",
            "status",
            "start_date",
            "end_date",
            "rationale",
            "status_reason",
        ),
        "SELECT c.name, me.email, mo.email, m.status, m.start_date, m.end_date, m.rationale, m.status_reason "
        "FROM mentoring_match m JOIN cohort c ON c.id = m.cohort_id "
        "JOIN participation mep ON mep.id = m.mentee_participation_id JOIN person me ON me.id = mep.person_id "
        "JOIN participation mop ON mop.id = m.mentor_participation_id JOIN person mo ON mo.id = mop.person_id "
        "ORDER BY c.name, me.email, m.id",
        frozenset({"start_date", "end_date"}),
    ),
    "milestones": Dataset(
        "milestones",
        (
            "email",
            "cohort",
            "title",
            "category",
            "required",
            "due_date",
            "completed_on",
            "status",
            "evidence_note",
        ),
        "SELECT p.email, c.name, ms.title, ms.category, ms.required, ms.due_date, ms.completed_on, "
        "ms.status, ms.evidence_note "
        "FROM milestone ms JOIN participation pa ON pa.id = ms.participation_id "
        "JOIN person p ON p.id = pa.person_id JOIN cohort c ON c.id = pa.cohort_id "
        "ORDER BY c.name, p.email, ms.due_date, ms.id",
        frozenset({"due_date", "completed_on"}),
    ),
}

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Make text safe to open in a spreadsheet program (formulas never run)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def fetch(conn: Any, dataset: Dataset) -> list[dict[str, Any]]:
    cursor = conn.cursor()
    cursor.execute(dataset.sql)
    rows = cursor.fetchall()
    date_idx = [i for i, c in enumerate(dataset.columns) if c in dataset.date_columns]
    bool_idx = [i for i, c in enumerate(dataset.columns) if c == "required"]
    result = []
    for row in rows:
        values = list(row)
        for i in date_idx:
            values[i] = _iso(values[i])
        for i in bool_idx:
            values[i] = bool(values[i])
        result.append(dict(zip(dataset.columns, values, strict=True)))
    return result


def render_json(rows: list[dict[str, Any]]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else neutralise(row[c]) for c in columns])
    # UTF-8 with a BOM: what Excel needs to read non-ASCII names correctly.
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


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


def _write_workbook(
    workbook: Any, sheet: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> None:
    try:
        bold = workbook.add_format({"bold": True})
        ws = workbook.add_worksheet(sheet[:31])
        for col, name in enumerate(columns):
            ws.write_string(0, col, name, bold)
        for r, row in enumerate(rows, start=1):
            for col, name in enumerate(columns):
                value = row[name]
                if value is None:
                    continue
                if isinstance(value, bool):
                    ws.write_boolean(r, col, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, col, value)
                else:
                    ws.write_string(r, col, neutralise(str(value)))
        ws.freeze_panes(1, 0)
    finally:
        workbook.close()


def export(database: str, dataset_name: str, fmt: str, output: str, *, actor: str = "") -> int:
    """Write one dataset to ``output`` (a path, or ``-`` for standard output). Returns the row count."""
    from women_in_ddat.storage.readers import dbapi_connection

    if dataset_name not in DATASETS:
        raise InvalidInput(f"Unknown export '{dataset_name}': choose from {', '.join(DATASETS)}.")
    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown format '{fmt}': choose from {', '.join(FORMATS)}.")
    if fmt == "xlsx" and output == "-":
        raise InvalidInput("An xlsx export needs a file name (-o FILE.xlsx), not standard output.")
    dataset = DATASETS[dataset_name]
    with dbapi_connection(database) as (conn, paramstyle):
        rows = fetch(conn, dataset)

        def record() -> None:
            record_export(conn, paramstyle, actor, dataset.name, len(rows))

        # Personal data leaves only once its export is in the audit trail: a
        # file is recorded when complete, just before it is published; what
        # streams out (standard output, a pipe) is recorded before it starts
        # (see atomic_path).
        if output == "-":
            data = render_json(rows) if fmt == "json" else render_csv(dataset.columns, rows)
            record()
            write_to_stdout(data)
        else:
            from women_in_ddat.storage.atomic import atomic_path

            with atomic_path(Path(output), what="export", before_replace=record) as tmp:
                if fmt == "xlsx":
                    write_xlsx(tmp, dataset.name, dataset.columns, rows)
                else:
                    tmp.write_bytes(
                        render_json(rows) if fmt == "json" else render_csv(dataset.columns, rows)
                    )
    return len(rows)


def write_to_stdout(data: bytes) -> None:
    """Write ``data`` to standard output, a full disk or a closed pipe told as a FileProblem."""
    from women_in_ddat.storage.atomic import describe_os_error

    try:
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
