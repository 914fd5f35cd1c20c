"""An import from start to finish: read, find headers, map, check, write.

``prepare`` does everything that needs only the file (the wizard shows its
result before anything is written); ``run_import`` adds the database.
Both are plain functions taking a ``Progress``, so the command line runs
them directly and the app runs them on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from women_in_ddat.domain.reference import Framework
from women_in_ddat.errors import FileProblem
from women_in_ddat.importing.fields import SHEET_ROLE_WORDS
from women_in_ddat.importing.mapping import ColumnMapping, find_header, header_key
from women_in_ddat.importing.memory import load_mappings
from women_in_ddat.importing.reading import ReadOptions, read_file
from women_in_ddat.importing.rows import RowParser
from women_in_ddat.importing.sources import Source
from women_in_ddat.importing.tables import SheetInfo, Table
from women_in_ddat.services.imports import ImportOptions, ImportOutcome, ImportRecord
from women_in_ddat.services.imports_apply import apply_import
from women_in_ddat.services.imports_sql import import_connection
from women_in_ddat.services.jobs import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from women_in_ddat.importing.read_ahead import ReadAhead


@dataclass
class ImportSettings:
    cohort: str | None = None
    programme: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    # Sheets to read by name (a hidden one only when named); None: the visible ones.
    sheets: list[str] | None = None
    encoding: str | None = None
    delimiter: str | None = None
    # Field -> column index, by layout signature: the coordinator's corrections.
    mappings: dict[str, dict[str, int]] = field(default_factory=dict)
    use_remembered_mappings: bool = True
    # The programme database's DDaT framework (None: run_import reads it; prepare alone
    # uses the shipped one).
    framework: Framework | None = None
    # Milestones already due when the import runs (a cohort that started in the past):
    # "open" (default), "done" or "not_applicable".
    past_milestones: str = "open"

    @property
    def read_options(self) -> ReadOptions:
        return ReadOptions(self.sheets, self.encoding, self.delimiter)

    def options(self, source_name: str, sha256: str) -> ImportOptions:
        return ImportOptions(
            cohort=self.cohort,
            programme=self.programme,
            dry_run=self.dry_run,
            skip_invalid=self.skip_invalid,
            source_name=source_name,
            file_sha256=sha256,
            past_milestones=self.past_milestones,
        )


@dataclass
class PreparedSheet:
    table: Table
    header_index: int | None = None
    mapping: ColumnMapping | None = None
    role_hint: str | None = None
    records: list[ImportRecord] = field(default_factory=list)
    skipped: str = ""  # why this sheet is not imported


@dataclass
class Prepared:
    source: Source
    sha256: str
    sheets: list[PreparedSheet]
    all_sheets: list[SheetInfo]
    notes: list[str] = field(default_factory=list)

    @property
    def used(self) -> list[PreparedSheet]:
        return [s for s in self.sheets if not s.skipped]

    @property
    def records(self) -> list[ImportRecord]:
        return [r for s in self.used for r in s.records]


@dataclass
class ImportReport:
    prepared: Prepared
    outcome: ImportOutcome


def sheet_role(name: str) -> str | None:
    for word in header_key(name).split():
        if word in SHEET_ROLE_WORDS:
            return SHEET_ROLE_WORDS[word]
    return None


def map_sheet(
    table: Table, settings: ImportSettings, remembered: dict[str, dict[str, int]]
) -> PreparedSheet:
    sheet = PreparedSheet(table, role_hint=sheet_role(table.name))
    found = find_header(table)
    if found is None:
        sheet.skipped = "no header row with an email column in its first 30 rows"
        return sheet
    sheet.header_index, sheet.mapping = found.row_index, found.mapping
    signature = found.mapping.layout_signature
    override = settings.mappings.get(signature) or (
        remembered.get(signature) if settings.use_remembered_mappings else None
    )
    if override:
        width = len(found.mapping.headers)
        sheet.mapping.fields = {k: i for k, i in override.items() if 0 <= i < width}
    if "email" not in sheet.mapping.fields:
        sheet.skipped = "no column is mapped to Email"
    return sheet


def parse_sheet(
    sheet: PreparedSheet, progress: Progress = NO_PROGRESS, framework: Framework | None = None
) -> None:
    assert sheet.mapping is not None and sheet.header_index is not None
    parser = RowParser(sheet.table, sheet.mapping, role_hint=sheet.role_hint, framework=framework)
    sheet.records = parser.parse(sheet.header_index, progress)
    if not sheet.records:
        sheet.skipped = "a header row but no people below it"


def prepare(
    path: Path,
    settings: ImportSettings,
    progress: Progress = NO_PROGRESS,
    read_ahead: ReadAhead | None = None,
) -> Prepared:
    """Read and check the file; nothing touches the database."""
    progress.step(0, 100, "Reading the file")
    if read_ahead is not None and read_ahead.reads(path, settings.read_options):
        read = read_ahead.result()
    else:
        read = read_file(Path(path), settings.read_options)
    source, sha256, tables, all_sheets = read
    progress.step(10, 100, "Finding the columns")
    remembered = load_mappings() if settings.use_remembered_mappings else {}
    sheets = [map_sheet(table, settings, remembered) for table in tables]
    for number, sheet in enumerate(sheets, start=1):
        progress.step(10 + 10 * number // len(sheets), 100, "Checking rows")
        if not sheet.skipped:
            parse_sheet(sheet, progress, settings.framework)
    prepared = Prepared(source, sha256, sheets, all_sheets)
    for table in tables:
        prepared.notes.extend(table.notes)
    hidden = [s.name for s in all_sheets if s.hidden and s.name not in {t.name for t in tables}]
    if hidden:
        prepared.notes.append(
            f"hidden sheets skipped: {', '.join(hidden)} (name one with --sheet to read it)"
        )
    for sheet in sheets:
        if sheet.skipped and len(sheets) > 1:
            prepared.notes.append(f"sheet '{sheet.table.name}' skipped: {sheet.skipped}")
    if not prepared.used:
        raise FileProblem(_nothing_to_import(source, sheets))
    return prepared


def _nothing_to_import(source: Source, sheets: list[PreparedSheet]) -> str:
    name = source.display_name
    if not sheets or all(
        not any(any(str(c).strip() for c in row if c is not None) for row in s.table.rows)
        for s in sheets
    ):
        return f"{name} is empty: no sheet holds any rows."
    if any(s.skipped.startswith("a header row") for s in sheets):
        return f"{name} has a header row but no people below it; nothing to import."
    if any(s.skipped.startswith("no column is mapped") for s in sheets):
        return f"{name}: no column is mapped to Email, so no one can be imported."
    return (
        f"{name} has no header row with an email column (looked at the first 30 rows of "
        f"{'each sheet' if len(sheets) > 1 else 'the sheet'}); nothing to import."
    )


def apply_prepared(
    database: str,
    prepared: Prepared,
    settings: ImportSettings,
    *,
    actor: str,
    progress: Progress = NO_PROGRESS,
) -> ImportOutcome:
    records = prepared.records
    options = settings.options(prepared.source.display_name, prepared.sha256)
    with import_connection(database) as sql:
        outcome = apply_import(sql, records, options, actor=actor, progress=progress)
    if not settings.cohort and any(r.role or r.mentor_email or r.mentor_name_key for r in records):
        prepared.notes.append(
            "no cohort chosen: roles, start dates and mentors were not recorded (use --cohort)"
        )
    return outcome


def run_import(
    database: str,
    path: Path,
    settings: ImportSettings,
    *,
    actor: str,
    progress: Progress = NO_PROGRESS,
    read_ahead: ReadAhead | None = None,
) -> ImportReport:
    """Import ``path``; ``read_ahead``, if reading it already, is used instead of reading again."""
    if settings.framework is None:
        from dataclasses import replace

        from women_in_ddat.services.framework_document import framework_of_database

        settings = replace(settings, framework=framework_of_database(database))
    prepared = prepare(path, settings, progress, read_ahead)
    return ImportReport(
        prepared, apply_prepared(database, prepared, settings, actor=actor, progress=progress)
    )
