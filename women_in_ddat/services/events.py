"""Events: planning them, inviting people, and keeping the register.

An event belongs to a cohort (or to the whole programme) and has one or
more days. People are invited; each replies (RSVP); on each day she
attended or not. A required event must be attended, every day of it, for
her certificate (``required_events_missed``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    PRESENT_VALUES,
    AttendanceSource,
    AttendanceStatus,
    AuditAction,
    EventKind,
    ParticipantRole,
    ParticipationStatus,
    Rsvp,
)
from women_in_ddat.domain.models import (
    Cohort,
    Event,
    EventAttendance,
    EventDay,
    EventDroppedDay,
    EventInvitation,
    Participation,
    Person,
    Programme,
    utcnow,
)
from women_in_ddat.domain.values import clean_text
from women_in_ddat.errors import Conflict, InvalidInput, NotFound
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.cohorts import default_programme_name, ensure_programme
from women_in_ddat.services.report_data import EventLine

DEFAULT_START = time(9, 30)
DEFAULT_END = time(16, 30)
# A UID is ours for ever: the domain says whose (RFC 5545 recommends one).
UID_DOMAIN = "women-in-ddat.invalid"
# Why someone is on an event's list (event_invitation.invited_as); "" is chosen by name.
SPONSOR = "sponsor"
# A sign-in sheet's row code as typed back: "E12-345", also "e12 345" or "12-345".
_SHEET_CODE = re.compile(r"^\s*e?\s*(\d+)\s*[-\u2010-\u2013/. ]\s*(\d+)\s*$", re.IGNORECASE)


def sheet_code(event_id: int, invitation_id: int) -> str:
    """The short code of her row on the event's sign-in sheet: the event, then her invitation.

    The "E" keeps a spreadsheet from reading "12-345" as a date when the
    ticks are typed back in.
    """
    return f"E{event_id}-{invitation_id}"


def parse_sheet_code(text: str) -> tuple[int, int] | None:
    """(event id, invitation id) of a typed-back row code; None if it is not one."""
    found = _SHEET_CODE.match(text or "")
    return (int(found.group(1)), int(found.group(2))) if found else None


@dataclass(frozen=True)
class DayPlan:
    on_date: date
    starts_at: time = DEFAULT_START
    ends_at: time = DEFAULT_END


@dataclass(frozen=True)
class EventInput:
    title: str
    days: tuple[DayPlan, ...]
    kind: EventKind = EventKind.TRAINING_DAY
    venue: str = ""
    online_link: str = ""
    capacity: int | None = None
    required: bool = False


@dataclass(frozen=True)
class EventDayRow:
    id: int
    on_date: date
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class DroppedDayRow:
    """A day taken off the event: its calendar entry (day ``number``) is sent again, cancelled."""

    number: int
    on_date: date
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class EventRow:
    id: int
    cohort_id: int | None
    # "" for a programme-wide event.
    cohort: str
    programme: str
    title: str
    kind: str
    venue: str
    online_link: str
    capacity: int | None
    required: bool
    cancelled: bool
    ics_uid: str
    ics_sequence: int
    days: tuple[EventDayRow, ...]
    invited: int
    accepted: int
    declined: int
    no_reply: int
    version: int
    dropped_days: tuple[DroppedDayRow, ...] = ()

    @property
    def first_day(self) -> date | None:
        return self.days[0].on_date if self.days else None

    @property
    def when(self) -> str:
        if not self.days:
            return ""
        first, last = self.days[0].on_date, self.days[-1].on_date
        return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


@dataclass(frozen=True)
class InviteeRow:
    """One line of an event's register: who, her reply, and each day's attendance."""

    invitation_id: int
    person_id: int
    name: str
    email: str
    # Her role in the event's cohort ("" if she has no place there).
    role: str
    rsvp: str
    # (event_day_id, status) for the days recorded so far.
    attendance: tuple[tuple[int, str], ...]

    def status_on(self, day_id: int) -> str:
        return dict(self.attendance).get(day_id, "")


@dataclass(frozen=True)
class PersonEventRow:
    """One day of one event, as her own page shows it."""

    event_id: int
    title: str
    cohort: str
    on_date: date
    required: bool
    cancelled: bool
    rsvp: str
    status: str


@dataclass(frozen=True)
class AttendanceGrid:
    """A cohort's people by its events: ``cells[i][j]`` is person i at event j."""

    events: tuple[EventRow, ...]
    people: tuple[tuple[int, str, str], ...]  # (person_id, name, role)
    cells: tuple[tuple[str, ...], ...]
    withdrawn: frozenset[int] = frozenset()  # the members who have left the cohort


def check_event_input(data: EventInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not clean_text(data.title):
        problems["title"] = "an event needs a title"
    if not data.days:
        problems["days"] = "an event needs at least one day"
    dates = [d.on_date for d in data.days]
    if len(set(dates)) != len(dates):
        problems["days"] = "the same day is given twice"
    for d in data.days:
        if d.ends_at <= d.starts_at:
            problems["times"] = "a day ends before it starts"
    if data.capacity is not None and data.capacity < 1:
        problems["capacity"] = "the capacity is at least 1 (or none)"
    link = clean_text(data.online_link)
    if link and not link.lower().startswith(("https://", "http://")):
        problems["online_link"] = "the link begins with https://"
    return problems


def days_between(first: date, last: date) -> tuple[DayPlan, ...]:
    """Each day from ``first`` to ``last`` (inclusive), at the usual times."""
    if last < first:
        raise InvalidInput("The last day is before the first.", {"until": "before the first day"})
    return tuple(
        DayPlan(date.fromordinal(n)) for n in range(first.toordinal(), last.toordinal() + 1)
    )


def event_days(session: Session, event_id: int) -> list[EventDay]:
    return list(
        session.scalars(
            select(EventDay)
            .where(col(EventDay.event_id) == event_id)
            .order_by(col(EventDay.on_date))
        )
    )


def event_row(session: Session, event: Event) -> EventRow:
    cohort = session.get(Cohort, event.cohort_id) if event.cohort_id else None
    programme = session.get(Programme, event.programme_id)
    replies = list(
        session.scalars(
            select(col(EventInvitation.rsvp)).where(col(EventInvitation.event_id) == event.id)
        )
    )
    return EventRow(
        id=int(event.id or 0),
        cohort_id=event.cohort_id,
        cohort=cohort.name if cohort else "",
        programme=programme.name if programme else "",
        title=event.title,
        kind=event.kind,
        venue=event.venue,
        online_link=event.online_link,
        capacity=event.capacity,
        required=event.required,
        cancelled=event.cancelled,
        ics_uid=event.ics_uid,
        ics_sequence=event.ics_sequence,
        days=tuple(
            EventDayRow(int(d.id or 0), d.on_date, d.starts_at, d.ends_at)
            for d in event_days(session, int(event.id or 0))
        ),
        invited=len(replies),
        accepted=replies.count(Rsvp.ACCEPTED.value),
        declined=replies.count(Rsvp.DECLINED.value),
        no_reply=replies.count(Rsvp.NO_REPLY.value),
        version=event.version,
        dropped_days=tuple(
            DroppedDayRow(d.number, d.on_date, d.starts_at, d.ends_at)
            for d in session.scalars(
                select(EventDroppedDay)
                .where(col(EventDroppedDay.event_id) == event.id)
                .order_by(col(EventDroppedDay.number))
            )
        ),
    )


def find_invitation(session: Session, event_id: int, person_id: int) -> EventInvitation | None:
    return session.scalar(
        select(EventInvitation).where(
            col(EventInvitation.event_id) == event_id, col(EventInvitation.person_id) == person_id
        )
    )


def invite_in(
    session: Session, event_id: int, person_id: int, invited_as: str = ""
) -> tuple[EventInvitation, bool]:
    """Her invitation to the event, made if she had none; and whether it was made now."""
    found = find_invitation(session, event_id, person_id)
    if found is not None:
        if invited_as and not found.invited_as:
            found.invited_as = invited_as
        return found, False
    invitation = EventInvitation(event_id=event_id, person_id=person_id, invited_as=invited_as)
    session.add(invitation)
    session.flush()
    return invitation, True


def set_attendance_in(
    session: Session,
    invitation: EventInvitation,
    day: EventDay,
    status: AttendanceStatus,
    *,
    source: AttendanceSource = AttendanceSource.MANUAL,
    minutes: int | None = None,
) -> EventAttendance:
    row = session.scalar(
        select(EventAttendance).where(
            col(EventAttendance.invitation_id) == invitation.id,
            col(EventAttendance.event_day_id) == day.id,
        )
    )
    if row is None:
        row = EventAttendance(invitation_id=invitation.id, event_day_id=day.id, status="")
        session.add(row)
    row.status = status.value
    row.source = source.value
    row.minutes_present = minutes
    row.recorded_at = utcnow()
    # A later hand-made change is the coordinator's: an import's undo no longer touches it.
    row.import_id = None
    row.before_import = ""
    session.flush()
    return row


def required_events_missed_in(session: Session, participation: Participation) -> list[str]:
    """The required events (one line per event) she has not attended on every day."""
    events = session.scalars(
        select(Event)
        .where(
            col(Event.required).is_(True),
            col(Event.cancelled).is_(False),
            (col(Event.cohort_id) == participation.cohort_id) | col(Event.cohort_id).is_(None),
        )
        .order_by(col(Event.id))
    ).all()
    missed = []
    for event in events:
        cohort = session.get(Cohort, participation.cohort_id)
        if (
            event.cohort_id is None
            and cohort is not None
            and event.programme_id != cohort.programme_id
        ):
            continue
        days = event_days(session, int(event.id or 0))
        invitation = find_invitation(session, int(event.id or 0), participation.person_id)
        attended: set[int] = set()
        if invitation is not None:
            attended = set(
                session.scalars(
                    select(col(EventAttendance.event_day_id)).where(
                        col(EventAttendance.invitation_id) == invitation.id,
                        col(EventAttendance.status).in_(PRESENT_VALUES),
                    )
                )
            )
        absent = [d.on_date.isoformat() for d in days if d.id not in attended]
        if absent:
            missed.append(f"{event.title} ({', '.join(absent)})")
    return missed


def person_event_rows(session: Session, person_id: int) -> list[PersonEventRow]:
    """Her events, a row per day, with her reply and attendance (her page, services.events)."""
    rows = session.execute(
        select(EventInvitation, Event, EventDay)
        .join(Event, col(Event.id) == col(EventInvitation.event_id))
        .join(EventDay, col(EventDay.event_id) == col(Event.id))
        .where(col(EventInvitation.person_id) == person_id)
        .order_by(col(EventDay.on_date), col(Event.id))
    ).all()
    statuses = {
        (a.invitation_id, a.event_day_id): a.status
        for a in session.scalars(
            select(EventAttendance).where(
                col(EventAttendance.invitation_id).in_([inv.id for inv, _, _ in rows])
            )
        )
    }
    cohorts = {
        c.id: c.name
        for c in session.scalars(
            select(Cohort).where(col(Cohort.id).in_({e.cohort_id for _, e, _ in rows}))
        )
    }
    return [
        PersonEventRow(
            event_id=int(event.id or 0),
            title=event.title,
            cohort=cohorts.get(event.cohort_id, "") if event.cohort_id is not None else "",
            on_date=day.on_date,
            required=event.required,
            cancelled=event.cancelled,
            rsvp=inv.rsvp,
            status=statuses.get((inv.id, day.id), ""),
        )
        for inv, event, day in rows
    ]


def event_lines(session: Session, chosen: Any) -> dict[int, tuple[EventLine, ...]]:
    """For each participation in ``chosen`` (a subquery of ids): her cohort's events.

    An event counts for her if she was invited, or if it is required (a
    required event she was never invited to is still one she missed).
    Cancelled events are left out. A handful of queries for any number of
    places.
    """
    parts = session.execute(
        select(
            col(Participation.id),
            col(Participation.person_id),
            col(Participation.cohort_id),
            col(Cohort.programme_id),
        )
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .where(col(Participation.id).in_(chosen))
    ).all()
    if not parts:
        return {}
    cohort_ids = {c for _, _, c, _ in parts}
    programme_ids = {p for _, _, _, p in parts}
    events = session.scalars(
        select(Event)
        .where(
            col(Event.cancelled).is_(False),
            col(Event.cohort_id).in_(cohort_ids)
            | (col(Event.cohort_id).is_(None) & col(Event.programme_id).in_(programme_ids)),
        )
        .order_by(col(Event.id))
    ).all()
    if not events:
        return {}
    event_ids = [e.id for e in events]
    days: dict[int, list[date]] = {}
    for event_id, on in session.execute(
        select(col(EventDay.event_id), col(EventDay.on_date))
        .where(col(EventDay.event_id).in_(event_ids))
        .order_by(col(EventDay.on_date))
    ):
        days.setdefault(event_id, []).append(on)
    invitations = {
        (inv.event_id, inv.person_id): inv
        for inv in session.scalars(
            select(EventInvitation).where(
                col(EventInvitation.event_id).in_(event_ids),
                col(EventInvitation.person_id).in_({p for _, p, _, _ in parts}),
            )
        )
    }
    attended: dict[int, list[date]] = {}
    for invitation_id, on in session.execute(
        select(col(EventAttendance.invitation_id), col(EventDay.on_date))
        .join(EventDay, col(EventDay.id) == col(EventAttendance.event_day_id))
        .where(
            col(EventAttendance.invitation_id).in_([i.id for i in invitations.values()]),
            col(EventAttendance.status).in_(PRESENT_VALUES),
        )
        .order_by(col(EventDay.on_date))
    ):
        attended.setdefault(invitation_id, []).append(on)
    result: dict[int, tuple[EventLine, ...]] = {}
    for part_id, person_id, cohort_id, programme_id in parts:
        lines = []
        for event in events:
            if event.cohort_id not in (None, cohort_id) or event.programme_id != programme_id:
                continue
            inv = invitations.get((event.id, person_id))
            if inv is None and not event.required:
                continue
            its_days = days.get(int(event.id or 0), [])
            hers = attended.get(int(inv.id or 0), []) if inv is not None else []
            lines.append(
                EventLine(
                    event_id=int(event.id or 0),
                    title=event.title,
                    first_day=its_days[0] if its_days else None,
                    required=event.required,
                    days=len(its_days),
                    days_attended=len(hers),
                    invited=inv is not None,
                    rsvp=inv.rsvp if inv is not None else "",
                    last_day=its_days[-1] if its_days else None,
                    day_dates=tuple(its_days),
                    attended_dates=tuple(hers),
                )
            )
        result[part_id] = tuple(sorted(lines, key=lambda e: (e.first_day or date.max, e.event_id)))
    return result


class EventService(Service):
    # Planning -------------------------------------------------------------

    def plan(self, cohort_id: int | None, data: EventInput) -> EventRow:
        """A new event for the cohort (``None``: the whole programme)."""
        problems = check_event_input(data)
        if problems:
            raise InvalidInput("Please correct the highlighted fields.", problems)
        with self.db.transaction() as session:
            if cohort_id is not None:
                cohort = get_or_404(session, Cohort, cohort_id, "cohort")
                programme_id = cohort.programme_id
            else:
                programme_id = ensure_programme(session, default_programme_name(session)).id
            event = Event(
                programme_id=programme_id,
                cohort_id=cohort_id,
                title=clean_text(data.title),
                kind=EventKind(data.kind).value,
                venue=clean_text(data.venue),
                online_link=clean_text(data.online_link),
                capacity=data.capacity,
                required=data.required,
                ics_uid=f"{uuid.uuid4()}@{UID_DOMAIN}",
            )
            session.add(event)
            session.flush()
            self._replace_days(session, event, data.days)
            self.audit(session, AuditAction.CREATE, "event", event.id)
            return event_row(session, event)

    def update(
        self, event_id: int, data: EventInput, *, expected_version: int | None = None
    ) -> EventRow:
        """Change an event; its calendar entry's SEQUENCE goes up so calendars replace it."""
        problems = check_event_input(data)
        if problems:
            raise InvalidInput("Please correct the highlighted fields.", problems)
        with self.db.transaction() as session:
            event = get_or_404(session, Event, event_id, "event")
            if event.cancelled:
                raise Conflict("That event is cancelled; plan a new one instead.")
            touch(event, expected_version, "event")
            event.title = clean_text(data.title)
            event.kind = EventKind(data.kind).value
            event.venue = clean_text(data.venue)
            event.online_link = clean_text(data.online_link)
            event.capacity = data.capacity
            event.required = data.required
            event.ics_sequence += 1
            self._replace_days(session, event, data.days)
            self.audit(session, AuditAction.UPDATE, "event", event.id)
            return event_row(session, event)

    def cancel(self, event_id: int) -> EventRow:
        """Cancel it: kept with its invitations, and its calendar entry becomes a cancellation."""
        with self.db.transaction() as session:
            event = get_or_404(session, Event, event_id, "event")
            if event.cancelled:
                return event_row(session, event)
            touch(event, None, "event")
            event.cancelled = True
            event.ics_sequence += 1
            self.audit(session, AuditAction.UPDATE, "event", event.id, "cancelled")
            return event_row(session, event)

    def _replace_days(self, session: Session, event: Event, days: Sequence[DayPlan]) -> None:
        """Keep the days that stay (and their attendance), move times, add and drop the rest.

        A calendar entry is named by the day's place in the event (day 1, 2...:
        reports.calendar_entry.day_uid). When the event ends up with fewer
        days, the entries past its new last day are remembered as dropped, with
        the dates they had, so the next .ics cancels them; one given again is
        no longer dropped.
        """
        before = [
            (d.on_date, d.starts_at, d.ends_at) for d in event_days(session, int(event.id or 0))
        ]
        wanted = {d.on_date: d for d in days}
        for day in event_days(session, int(event.id or 0)):
            plan = wanted.pop(day.on_date, None)
            if plan is None:
                recorded = session.scalar(
                    select(col(EventAttendance.id))
                    .where(col(EventAttendance.event_day_id) == day.id)
                    .limit(1)
                )
                if recorded is not None:
                    raise Conflict(
                        f"Attendance is recorded for {day.on_date.isoformat()}; "
                        "that day cannot be taken off the event."
                    )
                session.delete(day)
            else:
                day.starts_at, day.ends_at = plan.starts_at, plan.ends_at
        for plan in wanted.values():
            session.add(
                EventDay(
                    event_id=event.id,
                    on_date=plan.on_date,
                    starts_at=plan.starts_at,
                    ends_at=plan.ends_at,
                )
            )
        session.flush()
        self._note_dropped_days(session, int(event.id or 0), before, len(days))

    def _note_dropped_days(
        self, session: Session, event_id: int, before: list[tuple[date, time, time]], now: int
    ) -> None:
        dropped = {
            d.number: d
            for d in session.scalars(
                select(EventDroppedDay).where(col(EventDroppedDay.event_id) == event_id)
            )
        }
        for number, old in dropped.items():
            if number <= now:
                session.delete(old)
        for number, (on, starts, ends) in enumerate(before, start=1):
            if number <= now:
                continue
            row = dropped.get(number)
            if row is None:
                session.add(
                    EventDroppedDay(
                        event_id=event_id, number=number, on_date=on, starts_at=starts, ends_at=ends
                    )
                )
            else:
                row.on_date, row.starts_at, row.ends_at = on, starts, ends
        session.flush()

    # Reading --------------------------------------------------------------

    def get(self, event_id: int) -> EventRow:
        with self.db.reading() as session:
            return event_row(session, get_or_404(session, Event, event_id, "event"))

    def events(self, cohort_id: int | None = None) -> list[EventRow]:
        """Every event, or a cohort's own and the programme-wide ones, soonest first."""
        with self.db.reading() as session:
            query = select(Event)
            if cohort_id is not None:
                cohort = get_or_404(session, Cohort, cohort_id, "cohort")
                query = query.where(
                    (col(Event.cohort_id) == cohort_id)
                    | (
                        col(Event.cohort_id).is_(None)
                        & (col(Event.programme_id) == cohort.programme_id)
                    )
                )
            rows = [event_row(session, e) for e in session.scalars(query)]
        return sorted(rows, key=lambda r: (r.first_day or date.max, r.id))

    def register(self, event_id: int) -> list[InviteeRow]:
        """Who is invited, her reply and her attendance so far, by name."""
        with self.db.reading() as session:
            event = get_or_404(session, Event, event_id, "event")
            rows = session.execute(
                select(EventInvitation, Person)
                .join(Person, col(Person.id) == col(EventInvitation.person_id))
                .where(col(EventInvitation.event_id) == event_id)
            ).all()
            roles: dict[int, str] = {}
            if event.cohort_id is not None:
                roles = dict(
                    session.execute(
                        select(col(Participation.person_id), col(Participation.role)).where(
                            col(Participation.cohort_id) == event.cohort_id
                        )
                    ).all()
                )
            marks: dict[int, list[tuple[int, str]]] = {}
            for inv_id, day_id, status in session.execute(
                select(
                    col(EventAttendance.invitation_id),
                    col(EventAttendance.event_day_id),
                    col(EventAttendance.status),
                ).where(col(EventAttendance.invitation_id).in_([i.id for i, _ in rows]))
            ):
                marks.setdefault(inv_id, []).append((day_id, status))
            # Invited by email, not as a sponsor: a sponsor (here or elsewhere) all the same.
            sponsoring = sponsors_among(
                session, None, [int(p.id or 0) for i, p in rows if not i.invited_as]
            )
        result = [
            InviteeRow(
                invitation_id=int(inv.id or 0),
                person_id=int(person.id or 0),
                name=person.display_name,
                email=person.email,
                role=roles.get(int(person.id or 0), "")
                or inv.invited_as
                or (SPONSOR if int(person.id or 0) in sponsoring else ""),
                rsvp=inv.rsvp,
                attendance=tuple(sorted(marks.get(int(inv.id or 0), []))),
            )
            for inv, person in rows
        ]
        return sorted(result, key=lambda r: (r.name.casefold(), r.email))

    def person_events(self, person_id: int) -> list[PersonEventRow]:
        """Her events, a row per day, with her reply and attendance."""
        with self.db.reading() as session:
            return person_event_rows(session, person_id)

    def cohort_grid(self, cohort_id: int) -> AttendanceGrid:
        """The cohort's members (then its sponsors and other guests) by its events.

        A cell says whether she attended every day, some days, or not.
        """
        events = tuple(e for e in self.events(cohort_id) if not e.cancelled)
        with self.db.reading() as session:
            members = session.execute(
                select(
                    col(Person.id),
                    col(Person.first_name),
                    col(Person.preferred_name),
                    col(Person.last_name),
                    col(Participation.role),
                    col(Participation.status),
                )
                .join(Participation, col(Participation.person_id) == col(Person.id))
                .where(col(Participation.cohort_id) == cohort_id)
                .order_by(col(Participation.role), col(Person.last_name), col(Person.first_name))
            ).all()
            invitations = {
                (inv.event_id, inv.person_id): inv
                for inv in session.scalars(
                    select(EventInvitation).where(
                        col(EventInvitation.event_id).in_([e.id for e in events])
                    )
                )
            }
            statuses: dict[int, list[str]] = {}
            for a in session.scalars(
                select(EventAttendance).where(
                    col(EventAttendance.invitation_id).in_([i.id for i in invitations.values()])
                )
            ):
                statuses.setdefault(a.invitation_id, []).append(a.status)
            # Sponsors and others with no place in the cohort: below its members.
            member_ids = {pid for pid, *_ in members}
            withdrawn = {row[0] for row in members if row[5] == ParticipationStatus.WITHDRAWN.value}
            guests = session.execute(
                select(
                    col(Person.id),
                    col(Person.first_name),
                    col(Person.preferred_name),
                    col(Person.last_name),
                    func.max(col(EventInvitation.invited_as)),
                )
                .join(EventInvitation, col(EventInvitation.person_id) == col(Person.id))
                .where(
                    col(EventInvitation.event_id).in_([e.id for e in events]),
                    col(Person.id).not_in(member_ids),
                )
                .group_by(
                    col(Person.id),
                    col(Person.first_name),
                    col(Person.preferred_name),
                    col(Person.last_name),
                )
                .order_by(col(Person.last_name), col(Person.first_name))
            ).all()
        people = tuple(
            (pid, f"{preferred or first} {last}".strip(), role or "invited")
            for pid, first, preferred, last, role in [*(row[:5] for row in members), *guests]
        )
        cells = []
        for pid, _, _ in people:
            row = []
            for event in events:
                inv = invitations.get((event.id, pid))
                if inv is None and pid in withdrawn:
                    # Not a gap in the register: she had left the cohort.
                    row.append("withdrawn")
                    continue
                row.append(grid_cell(event, inv, statuses.get(int(inv.id or 0), []) if inv else []))
            cells.append(tuple(row))
        return AttendanceGrid(events, people, tuple(cells), frozenset(withdrawn))

    def required_events_missed(self, participation_id: int) -> list[str]:
        with self.db.reading() as session:
            part = get_or_404(session, Participation, participation_id, "cohort place")
            return required_events_missed_in(session, part)

    # Invitations and the register ----------------------------------------

    def invite(
        self,
        event_id: int,
        *,
        mentees: bool = False,
        mentors: bool = False,
        sponsors: bool = False,
        person_ids: Iterable[int] = (),
        sponsor_ids: Iterable[int] = (),
    ) -> int:
        """Invite the cohort's current mentees, mentors and/or sponsors, and chosen people.

        A sponsor has no place in the cohort: she is invited by name as a
        sponsor (``sponsor_ids``), and from then on she is one of the cohort's
        sponsors, whom ``sponsors`` invites to its later events. Returns how
        many invitations were new.
        """
        with self.db.transaction() as session:
            event = get_or_404(session, Event, event_id, "event")
            if event.cancelled:
                raise Conflict("That event is cancelled; nobody can be invited to it.")
            # person id -> why she is invited (the first reason given wins).
            chosen: dict[int, str] = {}
            for person_id in sponsor_ids:
                chosen.setdefault(person_id, SPONSOR)
            roles = [
                r.value
                for r, on in ((ParticipantRole.MENTEE, mentees), (ParticipantRole.MENTOR, mentors))
                if on
            ]
            if (roles or sponsors) and event.cohort_id is None:
                raise InvalidInput(
                    "A programme-wide event has no cohort to invite from; choose people instead."
                )
            if roles:
                for person_id, role in session.execute(
                    select(col(Participation.person_id), col(Participation.role)).where(
                        col(Participation.cohort_id) == event.cohort_id,
                        col(Participation.role).in_(roles),
                        col(Participation.status) != ParticipationStatus.WITHDRAWN.value,
                    )
                ):
                    chosen.setdefault(person_id, role)
            if sponsors:
                for person_id in cohort_sponsors_in(session, int(event.cohort_id or 0)):
                    chosen.setdefault(person_id, SPONSOR)
            # One of the cohort's sponsors, chosen by name or email, is invited as its sponsor.
            by_name = list(person_ids)
            sponsoring = sponsors_among(session, event.cohort_id, by_name)
            for person_id in by_name:
                chosen.setdefault(person_id, SPONSOR if person_id in sponsoring else "")
            made = 0
            for person_id, invited_as in chosen.items():
                get_or_404(session, Person, person_id, "person")
                _, new = invite_in(session, event_id, person_id, invited_as)
                made += new
            if event.capacity is not None:
                count = len(
                    session.scalars(
                        select(col(EventInvitation.id)).where(
                            col(EventInvitation.event_id) == event_id
                        )
                    ).all()
                )
                if count > event.capacity:
                    raise Conflict(
                        f"That would invite {count} people to an event for {event.capacity}; "
                        "nobody was invited."
                    )
            self.audit(session, AuditAction.UPDATE, "event", event_id, f"invited {made}")
            return made

    def uninvite(self, event_id: int, person_id: int) -> None:
        with self.db.transaction() as session:
            session.execute(
                delete(EventInvitation).where(
                    col(EventInvitation.event_id) == event_id,
                    col(EventInvitation.person_id) == person_id,
                )
            )
            self.audit(session, AuditAction.UPDATE, "event", event_id, "uninvited one")

    def set_rsvp(self, event_id: int, person_id: int, rsvp: Rsvp) -> None:
        with self.db.transaction() as session:
            invitation = find_invitation(session, event_id, person_id)
            if invitation is None:
                raise NotFound("That person is not invited to this event.")
            invitation.rsvp = Rsvp(rsvp).value
            self.audit(session, AuditAction.UPDATE, "event_invitation", invitation.id, "rsvp")

    def mark(
        self,
        event_id: int,
        marks: Sequence[tuple[int, int, AttendanceStatus | None]],
    ) -> int:
        """Record the register in one go: (person_id, event_day_id, status or None to clear).

        Made for a tick-list: everyone's marks for a day saved together.
        Someone not yet invited is invited (she came anyway). Returns how
        many marks changed.
        """
        with self.db.transaction() as session:
            event = get_or_404(session, Event, event_id, "event")
            days = {d.id: d for d in event_days(session, event_id)}
            changed = 0
            for person_id, day_id, status in marks:
                day = days.get(day_id)
                if day is None:
                    raise NotFound("That day is not one of this event's days.")
                if status is None:
                    invitation = find_invitation(session, event_id, person_id)
                    if invitation is not None:
                        gone = session.execute(
                            delete(EventAttendance).where(
                                col(EventAttendance.invitation_id) == invitation.id,
                                col(EventAttendance.event_day_id) == day_id,
                            )
                        )
                        changed += gone.rowcount or 0  # type: ignore[attr-defined]
                    continue
                get_or_404(session, Person, person_id, "person")
                invitation, _ = invite_in(session, event_id, person_id)
                set_attendance_in(session, invitation, day, AttendanceStatus(status))
                changed += 1
            self.audit(session, AuditAction.UPDATE, "event", event.id, f"register: {changed} marks")
            return changed

    def day_ids(self, event_id: int, on: date | None) -> list[int]:
        """The event's day on ``on``, or all its days when ``on`` is None."""
        event = self.get(event_id)
        if on is None:
            return [d.id for d in event.days]
        for d in event.days:
            if d.on_date == on:
                return [d.id]
        raise NotFound(f"The event has no day on {on.isoformat()}.")


def cohort_sponsors_in(session: Session, cohort_id: int) -> list[int]:
    """Everyone invited as a sponsor to one of the cohort's events, in the order first invited."""
    return list(
        dict.fromkeys(
            session.scalars(
                select(col(EventInvitation.person_id))
                .join(Event, col(Event.id) == EventInvitation.event_id)
                .where(
                    col(Event.cohort_id) == cohort_id,
                    col(EventInvitation.invited_as) == SPONSOR,
                )
                .order_by(col(EventInvitation.id))
            )
        )
    )


def sponsors_among(session: Session, cohort_id: int | None, person_ids: list[int]) -> set[int]:
    """Which of ``person_ids`` are sponsors: of the cohort, or (no cohort) of any event."""
    if not person_ids:
        return set()
    query = select(col(EventInvitation.person_id)).where(
        col(EventInvitation.invited_as) == SPONSOR,
        col(EventInvitation.person_id).in_(person_ids),
    )
    if cohort_id is not None:
        query = query.join(Event, col(Event.id) == EventInvitation.event_id).where(
            col(Event.cohort_id) == cohort_id
        )
    return set(session.scalars(query))


def grid_cell(event: EventRow, invitation: EventInvitation | None, statuses: list[str]) -> str:
    """What a cohort grid shows for her at one event."""
    if invitation is None:
        return ""
    attended = sum(statuses.count(value) for value in PRESENT_VALUES)
    if attended and attended == len(event.days):
        return "left early" if AttendanceStatus.LEFT_EARLY.value in statuses else "attended"
    if attended:
        return f"{attended} of {len(event.days)} days"
    if AttendanceStatus.APOLOGIES.value in statuses:
        return "apologies"
    if AttendanceStatus.ABSENT.value in statuses:
        return "absent"
    return "invited" if invitation.rsvp == Rsvp.NO_REPLY.value else invitation.rsvp
