"""Reading returned questionnaires: filled PDF forms, and Forms response exports.

A PDF form is read through its form fields (pypdf), whatever reader filled
it in and however it drew the answers: only the fields' values count. A
Microsoft Forms export (``ID``, ``Start time``, ``Completion time``,
``Email``, ``Name``, maybe ``Last modified time``, then a column per
question headed by its text) or a Google Forms one (``Timestamp``,
``Email address``) is read row by row; its questions are recognised by
their text. Everything here only reads: matching and saving are
``services.questionnaires``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from women_in_ddat.domain.enums import AssessmentPoint
from women_in_ddat.domain.questionnaire_items import normalised, question_key
from women_in_ddat.services.jobs import NO_PROGRESS, Progress
from women_in_ddat.services.questionnaires import CollectionPreview, ReturnedAnswers

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services

PDF_SUFFIXES = frozenset({".pdf"})
TABLE_SUFFIXES = frozenset({".xlsx", ".xls", ".xlsm", ".ods", ".csv", ".txt"})

# A Forms export's own columns (Microsoft, then Google), normalised.
_ID = frozenset({"id"})
_EMAIL = frozenset({"email", "email address", "e mail", "username"})
_NAME = frozenset({"name", "full name", "your name"})
_COMPLETED = frozenset({"completion time", "timestamp"})
_OTHER_OWN = frozenset({"start time", "last modified time", "total points", "quiz feedback"})
_SKILL_PREFIX = "my skill level in "


@dataclass(frozen=True)
class ReadReturns:
    returned: list[ReturnedAnswers] = field(default_factory=list)
    unmatched_columns: list[str] = field(default_factory=list)
    # Files that are not questionnaires, each with why.
    unread: list[str] = field(default_factory=list)
    # The point a Forms export's file name gives ("... mid-point questionnaire.xlsx").
    point: AssessmentPoint | None = None


def read_returns(paths: Iterable[Path], progress: Progress = NO_PROGRESS) -> ReadReturns:
    """Every questionnaire in these files and folders (folders searched through)."""
    result = ReadReturns()
    files = _files(paths)
    for done, path in enumerate(files):
        progress.step(done, len(files), path.name)
        suffix = path.suffix.lower()
        if suffix in PDF_SUFFIXES:
            one = read_pdf_form(path)
            if isinstance(one, str):
                result.unread.append(f"{path.name}: {one}")
            else:
                result.returned.append(one)
        elif suffix in TABLE_SUFFIXES:
            rows, unmatched, problem = read_forms_export(path)
            if problem:
                result.unread.append(f"{path.name}: {problem}")
                continue
            result.returned.extend(rows)
            result.unmatched_columns.extend(f"{path.name}: {col}" for col in unmatched)
            hinted = point_in_name(path.stem)
            if hinted is not None and result.point is None:
                object.__setattr__(result, "point", hinted)
        else:
            result.unread.append(f"{path.name}: not a PDF form or a Forms export")
    return result


def _files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in PDF_SUFFIXES | TABLE_SUFFIXES
            )
        else:
            found.append(path)
    return found


def point_in_name(text: str) -> AssessmentPoint | None:
    words = set(normalised(text).replace("_", " ").split())
    if words & {"baseline", "start"}:
        return AssessmentPoint.BASELINE
    if words & {"mid", "midpoint", "middle"} or "mid point" in normalised(text):
        return AssessmentPoint.MID
    if words & {"end", "final", "closing"}:
        return AssessmentPoint.END
    return None


# --- PDF forms ---------------------------------------------------------------------


def read_pdf_form(path: Path) -> ReturnedAnswers | str:
    """Her answers from a filled form, or why this file is not one of our forms."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from women_in_ddat.domain.questionnaire_items import (
        CONFIDENCE_PREFIX,
        FEEDBACK_PREFIX,
        FORM_ID_FIELD,
        NAME_FIELD,
        SKILL_PREFIX,
    )

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            return "the PDF is password-protected"
        fields = reader.get_fields() or {}
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        return f"not a readable PDF ({type(exc).__name__})"
    key = _value(fields.get(FORM_ID_FIELD))
    if not key:
        return "not a questionnaire form from this programme (it has no form identifier)"
    answers: dict[str, object] = {}
    for name, fld in fields.items():
        value = _value(fld)
        for prefix, kind in (
            (CONFIDENCE_PREFIX, "confidence"),
            (SKILL_PREFIX, "skill"),
            (FEEDBACK_PREFIX, "feedback"),
        ):
            if name.startswith(prefix):
                answers[f"{kind}:{name.removeprefix(prefix)}"] = value
    return ReturnedAnswers(
        source=path.name, answers=answers, form_key=key, name=_value(fields.get(NAME_FIELD))
    )


def _value(fld: object) -> str:
    """A field's value as text: a radio's chosen export value, a text field's text, or ""."""
    if fld is None:
        return ""
    value = fld.get("/V") if hasattr(fld, "get") else None
    if value is None:
        return ""
    text = str(value)
    if text.startswith("/"):  # a PDF name: a radio or check box's chosen export value
        text = text[1:]
        return "" if text == "Off" else text
    return text.strip()


# --- Forms exports --------------------------------------------------------------------


def read_forms_export(path: Path) -> tuple[list[ReturnedAnswers], list[str], str]:
    """(rows, columns matching no question, a problem with the whole file or "")."""
    from women_in_ddat.errors import FileProblem
    from women_in_ddat.importing.reading import ReadOptions, read_file

    try:
        read = read_file(path, ReadOptions())
    except FileProblem as exc:
        return [], [], exc.message
    for table in read.tables:
        rows = [
            [_cell_text(c) if not isinstance(c, datetime | date) else c for c in row]
            for row in table.rows
        ]
        header_at = next(
            (n for n, row in enumerate(rows[:10]) if _is_header([str(c) for c in row])), None
        )
        if header_at is None:
            continue
        header = [str(c) for c in rows[header_at]]
        return _rows(path.name, header, rows[header_at + 1 :], header_at + 2)
    return [], [], "no Forms response columns (ID, Email, Completion time) were found"


def _is_header(row: Sequence[str]) -> bool:
    names = {normalised(c) for c in row}
    return bool(names & _EMAIL) and bool(names & (_COMPLETED | _ID))


def _rows(
    source: str, header: list[str], body: list[list[object]], first_row: int
) -> tuple[list[ReturnedAnswers], list[str], str]:
    columns: dict[int, str] = {}
    own: dict[str, int] = {}
    emails: list[int] = []
    unmatched = []
    for n, heading in enumerate(header):
        folded = normalised(heading)
        if not folded:
            continue
        if folded in _EMAIL:
            emails.append(n)  # Forms' own, then an "Email address" question for guests
            continue
        for role, names in (("name", _NAME), ("completed", _COMPLETED), ("id", _ID)):
            if folded in names and role not in own:
                own[role] = n
                break
        else:
            if folded in _OTHER_OWN:
                continue
            key = question_key(heading)
            if key is None and folded.startswith(_SKILL_PREFIX):
                key = f"skill:{folded.removeprefix(_SKILL_PREFIX)}"
            if key is None:
                unmatched.append(heading.strip())
            else:
                columns[n] = key
    if not columns:
        return [], unmatched, "none of its columns is one of the questionnaire's questions"
    returned = []
    for offset, row in enumerate(body):
        cells = list(row) + [""] * (len(header) - len(row))
        if not any(str(c).strip() for c in cells):
            continue
        given = (str(cells[n]).strip() for n in emails)
        email = next((e for e in given if e and e.casefold() != "anonymous"), "")
        label = f"{source} row {first_row + offset}"
        if "id" in own and str(cells[own["id"]]).strip():
            label += f" (response {str(cells[own['id']]).strip()})"
        returned.append(
            ReturnedAnswers(
                source=label,
                answers={key: cells[n] for n, key in columns.items()},
                email=email,
                name=str(cells[own["name"]]).strip() if "name" in own else "",
                completed_on=_day(cells[own["completed"]]) if "completed" in own else None,
            )
        )
    return returned, unmatched, ""


def _cell_text(cell: object) -> object:
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return "" if cell is None else cell


_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})")


def _day(cell: object) -> date | None:
    """A completion time as Forms writes it: a date cell, ``24/06/2026 09:29:01`` (UK), or ISO."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    match = _UK_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year + 2000 if year < 100 else year, month, day)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def preview_returns(
    services: Services,
    paths: Iterable[Path],
    *,
    point: AssessmentPoint | None = None,
    cohort_id: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> CollectionPreview:
    """Read these files and folders and match every questionnaire in them (nothing saved).

    ``progress`` counts the files read; Cancel stops between two files.
    """
    from women_in_ddat.services.questionnaires import QuestionnaireService

    read = read_returns(paths, progress)
    progress.check()
    return QuestionnaireService(services.db, services.actor).preview(
        read.returned,
        point=point or read.point,
        cohort_id=cohort_id,
        unmatched_columns=read.unmatched_columns,
        unread=read.unread,
    )
