"""Importing people into a cohort: what a row says, and what the import did.

The file side (women_in_ddat.importing) turns a spreadsheet into
``ImportRecord`` objects; ``imports_apply.apply_import`` writes them as one
undoable ``ImportBatch``; ``imports_undo`` takes a batch back. Every
message here names sheets, rows, columns and record ids, never a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

# Person columns an import may fill, with the field that feeds each.
PERSON_COLUMNS = (
    "first_name",
    "last_name",
    "job_title",
    "current_role_family",
    "current_role",
    "region",
    "phone",
    "notes",
    "line_manager_email",
)


class RowRef(NamedTuple):
    """A row as the coordinator sees it in the spreadsheet.

    A named tuple (ordered and immutable like a frozen dataclass) because an
    import makes one per data row, and a tuple is made in a third of the time.
    """

    sheet: str
    row: int

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}"


@dataclass(frozen=True)
class RowProblem:
    ref: RowRef
    column: str  # "C (E-mail)", or "" for the whole row
    reason: str

    def __str__(self) -> str:
        where = f"{self.ref.sheet}, row {self.ref.row}"
        return (
            f"{where}, column {self.column}: {self.reason}"
            if self.column
            else f"{where}: {self.reason}"
        )


# Slots: an import makes one per data row, and a slotted one is made a fifth faster.
@dataclass(slots=True)
class ImportRecord:
    """One data row, cleaned. ``problems`` non-empty means the row is rejected."""

    ref: RowRef
    email: str = ""
    # Person columns (see PERSON_COLUMNS) the row gives a value for.
    person: dict[str, str] = field(default_factory=dict)
    organisation: str = ""
    role: str | None = None
    start_date: date | None = None
    mentor_email: str = ""
    mentor_name_key: str = ""
    # name_key of "first last", to find a mentor named on another row.
    name_key: str = ""
    # Person columns whose text shows a letter lost in an earlier export ("Wi?niewska").
    lossy: frozenset[str] = frozenset()
    # Field key -> column label, to say where a problem found later lies.
    columns: dict[str, str] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    # The row's cells as read, for the "rejected rows" spreadsheet.
    raw: Sequence[object] = ()

    def problem(self, field_key: str | None, reason: str) -> None:
        column = self.columns.get(field_key, "") if field_key else ""
        self.problems.append(RowProblem(self.ref, column, reason))

    @property
    def rejected(self) -> bool:
        return bool(self.problems)


@dataclass
class ImportOptions:
    cohort: str | None = None
    # Programme for a new cohort (default: the only one, else the standard one).
    programme: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    source_name: str = ""
    file_sha256: str = ""
    # What to do with milestones already due at import (see PAST_MILESTONE_CHOICES).
    past_milestones: str = "open"


# Milestones already due when a cohort that started in the past is imported:
# left open (overdue once her match has started), marked done, or marked not applicable.
PAST_MILESTONE_CHOICES = ("open", "done", "not_applicable")


@dataclass
class ImportOutcome:
    """What happened (or, for a dry run or a refused import, what would have)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notices: list[RowProblem] = field(default_factory=list)
    # Rows imported all the same, with something the coordinator should know
    # (a mentor named who is not known yet, so no match).
    warnings: list[RowProblem] = field(default_factory=list)
    rejected_records: list[ImportRecord] = field(default_factory=list)
    batch_id: int | None = None
    written: bool = False
    dry_run: bool = False
    cohort: str | None = None
    cohort_created: bool = False
    matches_created: int = 0
    # Milestones of new mentees already due at import, and what was done with them.
    past_milestones: int = 0
    past_milestones_as: str = "open"

    @property
    def data_rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    @property
    def refused(self) -> bool:
        """Strict mode found problems, so nothing was written."""
        return bool(self.problems) and not self.written and not self.dry_run

    def counts(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.rejected} rejected"
        )

    def summary_line(self, skip_hint: str = "use --skip-invalid") -> str:
        """One line for the coordinator; ``skip_hint`` says how she imports the valid rows alone."""
        if self.dry_run:
            return f"Dry run, nothing written: would be {self.counts()}."
        if self.refused:
            return (
                f"Nothing imported: {self.rejected} of {self.data_rows} rows have problems "
                f"(fix them, or {skip_hint} to import the others)."
            )
        if not self.written:
            return f"Nothing to change: {self.counts()}."
        return f"Imported (batch {self.batch_id}): {self.counts()}."

    def past_milestones_note(self) -> str:
        """Said under the summary line: what became of milestones already due at import."""
        if not self.past_milestones or not self.written:
            return ""
        n = self.past_milestones
        noun = "milestone was" if n == 1 else "milestones were"
        what = {
            "open": "left open (overdue once her match has started)",
            "done": "marked done",
            "not_applicable": "marked not applicable",
        }[self.past_milestones_as]
        return f"{n} {noun} already due at import: {what}."


@dataclass(frozen=True)
class BatchRow:
    id: int
    source_name: str
    cohort: str
    imported_at: datetime | str
    imported_by: str
    created: int
    updated: int
    unchanged: int
    rejected: int
    status: str
