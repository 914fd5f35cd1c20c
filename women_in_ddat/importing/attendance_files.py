"""Reading who came to an event: a Teams attendance report, or any register sheet.

A **Teams attendance report** (downloaded from the meeting's Attendance
tab) is a ``.csv`` in UTF-16 LE with a BOM, tab-separated, in sections:
"1. Summary" (title, start and end times, duration...), "2. Participants"
(Name, First Join, Last Leave, In-Meeting Duration, Email, Participant ID
(UPN), Role: one row per person however often she rejoined) and "3.
In-Meeting Activities" (one row per join and leave). Times are in the
organiser's locale (``24/06/2026, 09:29:01``); durations read
``1h 2m 3s``. Only the participants' table is needed.

A **register** is any sheet (xlsx, ods, csv) with an email, a name or a
sign-in sheet code column and an attended column, read by the import's
own readers.

Nothing here touches the database: people are matched, and the marks
applied, by services/event_attendance.py.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from women_in_ddat.domain.enums import AttendanceSource, AttendanceStatus
from women_in_ddat.domain.values import normalise_email
from women_in_ddat.errors import FileProblem
from women_in_ddat.importing.cells import cell_text
from women_in_ddat.importing.reading import ReadOptions, file_sha256, read_file
from women_in_ddat.importing.text_files import decode
from women_in_ddat.services.event_attendance import (
    DEFAULT_MINIMUM_SHARE,
    AttendancePreview,
    EventAttendanceService,
    as_incoming,
)

MAX_REPORT_BYTES = 50 * 1024 * 1024
_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$", re.IGNORECASE)
_TIME_FORMATS = (
    "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y, %H:%M",
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%Y, %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
)
# Teams adds "(Guest)", "(External)" or "(Unverified)" after a name it cannot vouch for.
_GUEST_MARK = re.compile(r"\s*\((guest|external|unverified)\)\s*$", re.IGNORECASE)
_ATTENDED_WORDS = {"yes", "y", "true", "1", "x", "✓", "✔", "attended", "present", "signed"}
_ABSENT_WORDS = {"no", "n", "false", "0", "absent", "did not attend", "dna", "no show"}
_APOLOGY_WORDS = {"apologies", "apols", "apology", "sent apologies"}
_LEFT_EARLY_WORDS = {"left early", "partial", "part"}
_EMAIL_HEADERS = {"email", "email address", "e-mail", "participant id (upn)", "upn", "work email"}
_NAME_HEADERS = {"name", "full name", "participant", "attendee", "delegate", "person"}
_ATTENDED_HEADERS = {"attended", "attendance", "present", "status", "signed in", "here"}
# The code printed beside each name on the sign-in sheet (services.events.sheet_code).
_CODE_HEADERS = {"code", "sheet code", "row code"}


@dataclass(frozen=True)
class AttendanceLine:
    """One row of the file: who, and what it says about her."""

    row_number: int
    name: str
    email: str
    # Teams only: her in-meeting time.
    minutes: int | None = None
    # A register's own answer; None for a Teams row (judged by its minutes).
    status: AttendanceStatus | None = None
    # Why the row cannot be used as it is ("" when it can).
    problem: str = ""
    # Teams: the organiser and presenters are listed too.
    role: str = ""
    # A register typed back from the sign-in sheet: her row's code.
    code: str = ""


@dataclass(frozen=True)
class AttendanceFile:
    source: AttendanceSource
    name: str
    sha256: str
    lines: tuple[AttendanceLine, ...]
    # Teams: the meeting's title, first day and length.
    meeting_title: str = ""
    meeting_day: date | None = None
    meeting_minutes: int | None = None


def parse_duration(text: str) -> int | None:
    """Whole minutes (rounded down) of ``5h 58m 57s``; None if it is not a duration."""
    found = _DURATION.match(text or "")
    if not found or not any(found.groups()):
        return None
    hours, minutes, seconds = (int(g or 0) for g in found.groups())
    return (hours * 3600 + minutes * 60 + seconds) // 60


def parse_teams_time(text: str) -> datetime | None:
    cleaned = " ".join((text or "").replace("\u202f", " ").split())
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    return None


def is_teams_report(text: str) -> bool:
    return any(_section(line) == "participants" for line in text.splitlines()[:200])


def _section(line: str) -> str:
    """``participants`` for "2. Participants", and so on; "" for any other line."""
    first = line.split("\t", 1)[0].strip().strip('"')
    found = re.match(r"^\d+\.\s*(.+)$", first)
    if found and "\t" not in line.strip():
        return found.group(1).strip().casefold()
    return ""


def read_attendance_file(path: Path) -> AttendanceFile:
    """Read a Teams report or a register; raises FileProblem with a one-line reason."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        try:
            size = path.stat().st_size
            data = path.read_bytes() if size <= MAX_REPORT_BYTES else b""
        except OSError:
            data = b""  # read_file says why in its own words
        if data:
            text, _ = decode(data, path.name)
            if is_teams_report(text):
                return parse_teams_report(text, path.name, file_sha256(path))
    return read_register(path)


def parse_teams_report(text: str, name: str, sha256: str = "") -> AttendanceFile:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter="\t"))
    summary: dict[str, str] = {}
    participants: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    section = ""
    for number, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            if section == "participants" and header is not None:
                section = "after"
            continue
        heading = _section("\t".join(row)) if len([c for c in cells if c]) == 1 else ""
        if heading:
            section = heading
            continue
        if section == "summary" and len(cells) >= 2:
            summary[cells[0].casefold()] = cells[1]
        elif section == "participants":
            if header is None:
                header = [c.casefold() for c in cells]
            else:
                participants.append((number, cells))
    if header is None:
        raise FileProblem(f"{name} has a Participants section with no table under it.")
    columns = {h: i for i, h in enumerate(header)}
    if "name" not in columns or not ({"in-meeting duration", "duration"} & columns.keys()):
        raise FileProblem(
            f"{name}: the Participants table needs Name and In-Meeting Duration columns."
        )

    def cell(cells: list[str], *names: str) -> str:
        for n in names:
            i = columns.get(n)
            if i is not None and i < len(cells):
                return cells[i]
        return ""

    lines = []
    for number, cells in participants:
        duration = cell(cells, "in-meeting duration", "duration")
        minutes = parse_duration(duration)
        email = normalise_email(
            cell(cells, "email") or _email_like(cell(cells, "participant id (upn)"))
        )
        lines.append(
            AttendanceLine(
                row_number=number,
                name=_GUEST_MARK.sub("", cell(cells, "name")),
                email=email,
                minutes=minutes,
                role=cell(cells, "role"),
                problem="" if minutes is not None else "the in-meeting duration cannot be read",
            )
        )
    start = parse_teams_time(summary.get("start time", ""))
    end = parse_teams_time(summary.get("end time", ""))
    length = parse_duration(summary.get("meeting duration", ""))
    if length is None and start and end and end > start:
        length = int((end - start).total_seconds() // 60)
    return AttendanceFile(
        source=AttendanceSource.TEAMS,
        name=name,
        sha256=sha256,
        lines=tuple(lines),
        meeting_title=summary.get("meeting title", ""),
        meeting_day=start.date() if start else None,
        meeting_minutes=length,
    )


def _email_like(text: str) -> str:
    return text if "@" in text else ""


def parse_attended(text: str) -> AttendanceStatus | None:
    """A register's answer as a status; None if it says nothing we know."""
    key = " ".join(text.strip().casefold().replace("_", " ").split())
    if key == "":
        return AttendanceStatus.ABSENT  # an unticked box
    for words, status in (
        (_ATTENDED_WORDS, AttendanceStatus.ATTENDED),
        (_ABSENT_WORDS, AttendanceStatus.ABSENT),
        (_APOLOGY_WORDS, AttendanceStatus.APOLOGIES),
        (_LEFT_EARLY_WORDS, AttendanceStatus.LEFT_EARLY),
    ):
        if key in words:
            return status
    return None


def read_register(path: Path) -> AttendanceFile:
    read = read_file(Path(path), ReadOptions())
    for table in read.tables:
        for index, row in enumerate(table.rows[:20]):
            headers = [cell_text(c).strip().casefold() for c in row]
            email_at = _first(headers, _EMAIL_HEADERS)
            name_at = _first(headers, _NAME_HEADERS)
            attended_at = _first(headers, _ATTENDED_HEADERS)
            code_at = _first(headers, _CODE_HEADERS)
            if attended_at is None or (email_at is None and name_at is None and code_at is None):
                continue
            lines = []
            for offset, data in enumerate(table.rows[index + 1 :], start=index + 1):
                texts = [cell_text(c).strip() for c in data]

                def at(i: int | None, texts: list[str] = texts) -> str:
                    return texts[i] if i is not None and i < len(texts) else ""

                email, name, code = normalise_email(at(email_at)), at(name_at), at(code_at)
                if not email and not name and not code:
                    continue  # a blank line, or the sheet's end
                answer = at(attended_at)
                status = parse_attended(answer)
                lines.append(
                    AttendanceLine(
                        row_number=table.row_number(offset),
                        name=name,
                        email=email,
                        status=status,
                        code=code,
                        problem=""
                        if status is not None
                        else "the attended column is not understood",
                    )
                )
            return AttendanceFile(
                source=AttendanceSource.REGISTER,
                name=read.source.display_name,
                sha256=read.sha256,
                lines=tuple(lines),
            )
    raise FileProblem(
        f"{Path(path).name} has no register: no header row with an email, name or code "
        "column and an attended column."
    )


def _first(headers: list[str], wanted: set[str]) -> int | None:
    for i, h in enumerate(headers):
        if h in wanted:
            return i
    return None


def preview_attendance(
    service: EventAttendanceService,
    event_id: int,
    path: Path,
    *,
    on: date | None = None,
    minimum_share: float = DEFAULT_MINIMUM_SHARE,
    minimum_minutes: int | None = None,
    default_day: date | None = None,
) -> AttendancePreview:
    """Read ``path`` and show what it would record for the event's day (nothing is written)."""
    read = read_attendance_file(path)
    return service.preview(
        event_id,
        as_incoming(read.lines),
        source=read.source,
        source_name=read.name,
        sha256=read.sha256,
        on=on,
        meeting_day=read.meeting_day,
        meeting_minutes=read.meeting_minutes,
        minimum_share=minimum_share,
        minimum_minutes=minimum_minutes,
        default_day=default_day,
    )
