"""Applying an attendance file to one day of an event, and undoing it.

The file (a Teams report or a register, read by importing/attendance_files)
arrives as plain lines. Each is matched to a person by email, then by
name (accents and case ignored; an invited person first); each line that
matches nobody, or more than one person, is listed and never guessed. A
Teams row counts as attended when she was in the meeting for at least the
minimum (by default half the meeting); less is "left early".

Like the cohort import: a preview first, then strict (refuse the whole
file if any line cannot be used) or skip-invalid, and an undo that puts
back what the file replaced, refused for any mark changed since.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import AttendanceSource, AttendanceStatus, AuditAction, ImportStatus
from women_in_ddat.domain.models import (
    AttendanceImport,
    Event,
    EventAttendance,
    EventDay,
    EventInvitation,
    Person,
    utcnow,
)
from women_in_ddat.domain.values import person_key
from women_in_ddat.errors import Conflict, InvalidInput, NotFound
from women_in_ddat.services.base import Service, get_or_404
from women_in_ddat.services.events import event_days, invite_in, parse_sheet_code

DEFAULT_MINIMUM_SHARE = 0.5


@dataclass(frozen=True)
class IncomingLine:
    """A file's row, as services need it (importing hands these in)."""

    row_number: int
    name: str
    email: str
    minutes: int | None = None
    status: AttendanceStatus | None = None
    problem: str = ""
    # Her row's code on the printed sign-in sheet, when the ticks are typed back by code.
    code: str = ""


@dataclass(frozen=True)
class PreviewLine:
    row_number: int
    name: str
    email: str
    # None: matched nobody (see problem).
    person_id: int | None
    person_name: str
    status: str
    minutes: int | None
    matched_by: str  # "code", "email", "name" or ""
    problem: str


@dataclass(frozen=True)
class AttendancePreview:
    event_id: int
    day_id: int
    day: date
    source: AttendanceSource
    source_name: str
    sha256: str
    lines: tuple[PreviewLine, ...]
    meeting_minutes: int | None
    minimum_minutes: int | None

    @property
    def usable(self) -> tuple[PreviewLine, ...]:
        return tuple(line for line in self.lines if not line.problem)

    @property
    def problems(self) -> tuple[PreviewLine, ...]:
        return tuple(line for line in self.lines if line.problem)


@dataclass(frozen=True)
class AttendanceApplied:
    import_id: int
    recorded: int
    rejected: int


@dataclass(frozen=True)
class AttendanceImportRow:
    id: int
    event_id: int
    source_name: str
    source: str
    imported_at: object
    recorded: int
    rejected: int
    status: str


class EventAttendanceService(Service):
    def preview(
        self,
        event_id: int,
        lines: Sequence[IncomingLine],
        *,
        source: AttendanceSource,
        source_name: str,
        sha256: str,
        on: date | None = None,
        meeting_day: date | None = None,
        meeting_minutes: int | None = None,
        minimum_share: float = DEFAULT_MINIMUM_SHARE,
        minimum_minutes: int | None = None,
        default_day: date | None = None,
    ) -> AttendancePreview:
        """Who each line is, and what would be recorded for her on the day.

        The day is ``on`` if given, else the Teams meeting's own day, else
        ``default_day`` (the day a page shows), else the event's only day.
        """
        if not 0 < minimum_share <= 1:
            raise InvalidInput("The minimum share of the meeting is between 1% and 100%.")
        with self.db.reading() as session:
            event = get_or_404(session, Event, event_id, "event")
            day = _pick_day(session, event, on or meeting_day or default_day, explicit=on)
            # invitation id -> person id: a sign-in sheet's codes name invitations.
            invitations = dict(
                session.execute(
                    select(col(EventInvitation.id), col(EventInvitation.person_id)).where(
                        col(EventInvitation.event_id) == event_id
                    )
                ).all()
            )
            invited = set(invitations.values())
            by_id = {
                int(p.id or 0): p
                for p in session.scalars(select(Person).where(col(Person.id).in_(invited)))
            }
            emails = {line.email for line in lines if line.email}
            by_email = {
                p.email: p
                for p in session.scalars(select(Person).where(col(Person.email).in_(emails)))
            }
            by_name: dict[str, list[Person]] = {}
            wanted = {person_key(line.name) for line in lines if line.name}
            if wanted:
                for someone in session.scalars(select(Person)):
                    for name in {someone.display_name, f"{someone.first_name} {someone.last_name}"}:
                        key = person_key(name)
                        if key in wanted and someone not in by_name.get(key, []):
                            by_name.setdefault(key, []).append(someone)
        if minimum_minutes is None and meeting_minutes:
            minimum_minutes = max(1, round(meeting_minutes * minimum_share))
        result = []
        seen: dict[int, int] = {}
        for line in lines:
            person: Person | None
            person, how, problem = None, "", line.problem
            code = parse_sheet_code(line.code) if line.code else None
            if not problem and line.code:
                if code is None:
                    problem = f"{line.code} is not a sign-in sheet code"
                elif code[0] != event_id:
                    problem = f"{line.code} is a code from another event's sheet"
                elif code[1] not in invitations:
                    problem = f"no one on this event's sheet has the code {line.code}"
                else:
                    person, how = by_id[invitations[code[1]]], "code"
            elif not problem:
                if line.email and line.email in by_email:
                    person, how = by_email[line.email], "email"
                else:
                    found = by_name.get(person_key(line.name), []) if line.name else []
                    invited_found = [p for p in found if p.id in invited]
                    candidates = invited_found or found
                    if len(candidates) == 1:
                        person, how = candidates[0], "name"
                    elif candidates:
                        problem = f"{len(candidates)} people have this name; add her email"
                    elif line.email:
                        problem = "no one in the programme has this email or name"
                    else:
                        problem = "no email, and no one in the programme has this name"
            status = ""
            if not problem and person is not None:
                if line.status is not None:
                    status = line.status.value
                elif line.minutes is not None and minimum_minutes is not None:
                    status = (
                        AttendanceStatus.ATTENDED.value
                        if line.minutes >= minimum_minutes
                        else AttendanceStatus.LEFT_EARLY.value
                    )
                elif line.minutes is not None:
                    problem = "the meeting's length is unknown; give a minimum time"
                if person.id in seen:
                    problem = f"she is also on row {seen[person.id]}"
                else:
                    seen[int(person.id or 0)] = line.row_number
            result.append(
                PreviewLine(
                    row_number=line.row_number,
                    name=line.name,
                    email=line.email,
                    person_id=int(person.id or 0) if person is not None and not problem else None,
                    person_name=person.display_name if person is not None else "",
                    status=status if not problem else "",
                    minutes=line.minutes,
                    matched_by=how if not problem else "",
                    problem=problem,
                )
            )
        return AttendancePreview(
            event_id=event_id,
            day_id=int(day.id or 0),
            day=day.on_date,
            source=source,
            source_name=source_name,
            sha256=sha256,
            lines=tuple(result),
            meeting_minutes=meeting_minutes,
            minimum_minutes=minimum_minutes,
        )

    def apply(self, preview: AttendancePreview, *, skip_invalid: bool = False) -> AttendanceApplied:
        """Record the preview's marks in one transaction; strict unless ``skip_invalid``."""
        problems = preview.problems
        if problems and not skip_invalid:
            first = problems[0]
            raise InvalidInput(
                f"{len(problems)} rows cannot be used (row {first.row_number}: {first.problem}); "
                "nothing was recorded. Fix them, or skip them."
            )
        with self.db.transaction() as session:
            event = get_or_404(session, Event, preview.event_id, "event")
            day = get_or_404(session, EventDay, preview.day_id, "event day")
            batch = AttendanceImport(
                event_id=event.id,
                source_name=preview.source_name[:255],
                file_sha256=preview.sha256,
                source=preview.source.value,
                imported_by=self.actor,
            )
            session.add(batch)
            session.flush()
            recorded = 0
            for line in preview.usable:
                invitation, made = invite_in(session, int(event.id or 0), int(line.person_id or 0))
                if made:
                    invitation.import_id = batch.id
                _record(session, invitation, day, line, batch.id, preview.source)
                recorded += 1
            batch.recorded_count = recorded
            batch.rejected_count = len(problems)
            self.audit(
                session,
                AuditAction.IMPORT,
                "attendance_import",
                batch.id,
                f"event {event.id}: {recorded} marks, {len(problems)} rows skipped",
            )
            return AttendanceApplied(int(batch.id or 0), recorded, len(problems))

    def undo(self, import_id: int) -> int:
        """Put back what the file replaced; refused if any of its marks changed since."""
        with self.db.transaction() as session:
            batch = get_or_404(session, AttendanceImport, import_id, "attendance import")
            if batch.status != ImportStatus.APPLIED.value:
                raise Conflict("That attendance import is undone already.")
            later = session.scalar(
                select(func.count(col(AttendanceImport.id))).where(
                    col(AttendanceImport.event_id) == batch.event_id,
                    col(AttendanceImport.id) > batch.id,
                    col(AttendanceImport.status) == ImportStatus.APPLIED.value,
                )
            )
            if later:
                raise Conflict("A later attendance import of this event must be undone first.")
            marks = list(
                session.scalars(
                    select(EventAttendance).where(col(EventAttendance.import_id) == batch.id)
                )
            )
            if len(marks) != batch.recorded_count:
                raise Conflict(
                    f"{batch.recorded_count - len(marks)} of its marks were changed by hand since; "
                    "nothing was undone."
                )
            for mark in marks:
                if mark.before_import:
                    before = json.loads(mark.before_import)
                    mark.status = before["status"]
                    mark.source = before["source"]
                    mark.minutes_present = before["minutes"]
                    mark.import_id = before["import_id"]
                    mark.before_import = before["before"]
                else:
                    session.delete(mark)
            session.flush()
            for invitation in session.scalars(
                select(EventInvitation).where(col(EventInvitation.import_id) == batch.id)
            ):
                left = session.scalar(
                    select(func.count(col(EventAttendance.id))).where(
                        col(EventAttendance.invitation_id) == invitation.id
                    )
                )
                if not left:
                    session.delete(invitation)
            batch.status = ImportStatus.UNDONE.value
            batch.undone_at = utcnow()
            self.audit(session, AuditAction.UNDO_IMPORT, "attendance_import", batch.id)
            return len(marks)

    def imports(self, event_id: int) -> list[AttendanceImportRow]:
        with self.db.reading() as session:
            return [
                AttendanceImportRow(
                    int(b.id or 0),
                    b.event_id,
                    b.source_name,
                    b.source,
                    b.imported_at,
                    b.recorded_count,
                    b.rejected_count,
                    b.status,
                )
                for b in session.scalars(
                    select(AttendanceImport)
                    .where(col(AttendanceImport.event_id) == event_id)
                    .order_by(col(AttendanceImport.id).desc())
                )
            ]


def _pick_day(
    session: Session, event: Event, wanted: date | None, *, explicit: date | None
) -> EventDay:
    days = event_days(session, int(event.id or 0))
    if not days:
        raise NotFound("That event has no days.")
    if wanted is not None:
        for day in days:
            if day.on_date == wanted:
                return day
        said = "--day" if explicit else "the report's meeting date"
        raise InvalidInput(
            f"The event has no day on {wanted.isoformat()} ({said}); choose its day."
        )
    if len(days) == 1:
        return days[0]
    raise InvalidInput("The event has several days; choose the day this file is for.")


def _record(
    session: Session,
    invitation: EventInvitation,
    day: EventDay,
    line: PreviewLine,
    batch_id: int | None,
    source: AttendanceSource,
) -> None:
    row = session.scalar(
        select(EventAttendance).where(
            col(EventAttendance.invitation_id) == invitation.id,
            col(EventAttendance.event_day_id) == day.id,
        )
    )
    if row is None:
        row = EventAttendance(invitation_id=invitation.id, event_day_id=day.id, status="")
        session.add(row)
    else:
        row.before_import = json.dumps(
            {
                "status": row.status,
                "source": row.source,
                "minutes": row.minutes_present,
                "import_id": row.import_id,
                "before": row.before_import,
            }
        )
    row.status = line.status
    row.source = source.value
    row.minutes_present = line.minutes
    row.recorded_at = utcnow()
    row.import_id = batch_id
    session.flush()


def as_incoming(lines: Sequence[object]) -> list[IncomingLine]:
    """importing's AttendanceLine (same fields) as the service's own type."""
    return [
        IncomingLine(
            row_number=line.row_number,  # type: ignore[attr-defined]
            name=line.name,  # type: ignore[attr-defined]
            email=line.email,  # type: ignore[attr-defined]
            minutes=line.minutes,  # type: ignore[attr-defined]
            status=line.status,  # type: ignore[attr-defined]
            problem=line.problem,  # type: ignore[attr-defined]
            code=getattr(line, "code", ""),
        )
        for line in lines
    ]
