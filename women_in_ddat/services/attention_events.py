"""Needs attention, events: mentees who missed a required day; events next week without replies.

- a mentee still taking part in a running cohort **missed a required day**
  when a day (today or before) of a required, not cancelled event of her
  cohort (or of its whole programme) is marked absent, apologies or left
  early for her. A day nobody marked is not counted: the register may not
  be typed in yet (her certificate still waits for it: services/events.py);
- an event not cancelled with a day in the next ``EVENT_SOON_DAYS`` days
  whose invitations are not all answered: one group per event, naming who
  has not replied.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.orm import Session

from women_in_ddat.domain.enums import AttendanceStatus, ParticipantRole, Rsvp
from women_in_ddat.domain.models import (
    Cohort,
    Event,
    EventAttendance,
    EventDay,
    EventInvitation,
    Participation,
    Person,
)
from women_in_ddat.services.attention import (
    EVENT_SOON_DAYS,
    MOST_URGENT,
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    RecordRef,
    SignalRef,
    by_urgency,
    uk_date,
)
from women_in_ddat.services.attention_sql import display, group_of, running

MISSED = (
    AttendanceStatus.ABSENT.value,
    AttendanceStatus.APOLOGIES.value,
    AttendanceStatus.LEFT_EARLY.value,
)


def events_missed(session: Session, today: date) -> list[AttentionGroup]:
    kind = AttentionKind.EVENT_MISSED
    where = running(
        and_(
            Participation.role == ParticipantRole.MENTEE.value,
            Event.required.is_(True),
            Event.cancelled.is_(False),
            EventDay.on_date <= today,
            EventAttendance.status.in_(MISSED),
        )
    )

    def base(*columns: object):  # type: ignore[no-untyped-def]
        return (
            select(*columns)
            .select_from(EventAttendance)
            .join(EventInvitation, EventInvitation.id == EventAttendance.invitation_id)
            .join(EventDay, EventDay.id == EventAttendance.event_day_id)
            .join(Event, Event.id == EventInvitation.event_id)
            .join(Participation, Participation.person_id == EventInvitation.person_id)
            .join(Cohort, Cohort.id == Participation.cohort_id)
            .where(
                where,
                or_(
                    Event.cohort_id == Participation.cohort_id,
                    and_(Event.cohort_id.is_(None), Event.programme_id == Cohort.programme_id),
                ),
            )
        )

    groups = []
    for cohort_id, cohort, count in session.execute(
        base(Cohort.id, Cohort.name, func.count(distinct(Participation.id))).group_by(
            Cohort.id, Cohort.name
        )
    ):
        latest = func.max(EventDay.on_date)
        rows = session.execute(
            base(
                Person.id,
                Person.first_name,
                Person.preferred_name,
                Person.last_name,
                latest,
                func.count(distinct(EventDay.id)),
            )
            .join(Person, Person.id == Participation.person_id)
            .where(Participation.cohort_id == cohort_id)
            .group_by(Person.id, Person.first_name, Person.preferred_name, Person.last_name)
            .order_by(latest.desc(), Person.id)
            .limit(MOST_URGENT)
        ).all()
        items = []
        for person_id, first, preferred, last, day, days in rows:
            day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
            items.append(
                AttentionItem(
                    kind=kind,
                    headline=display(first, preferred, last),
                    detail=f"Missed {days} required day{'s' if days != 1 else ''}, "
                    f"the last on {uk_date(day)}",
                    since=day,
                    days=(today - day).days,
                    cohort_id=cohort_id,
                    opens=RecordRef("person", person_id, person_id),
                )
            )
        groups.append(
            group_of(
                kind,
                cohort_id,
                cohort,
                count,
                items,
                SignalRef("cohort", cohort_id, signal=kind, cohort_name=cohort),
            )
        )
    return by_urgency(groups)


def events_without_replies(session: Session, today: date) -> list[AttentionGroup]:
    kind = AttentionKind.EVENT_NO_REPLY
    soon = (
        select(EventDay.event_id, func.min(EventDay.on_date).label("first"))
        .where(
            EventDay.on_date >= today, EventDay.on_date <= today + timedelta(days=EVENT_SOON_DAYS)
        )
        .group_by(EventDay.event_id)
        .subquery()
    )
    groups = []
    for event_id, title, cohort_id, cohort, first, count in session.execute(
        select(
            Event.id,
            Event.title,
            Event.cohort_id,
            Cohort.name,
            soon.c.first,
            func.count(EventInvitation.id),
        )
        .join(soon, soon.c.event_id == Event.id)
        .outerjoin(Cohort, Cohort.id == Event.cohort_id)
        .join(EventInvitation, EventInvitation.event_id == Event.id)
        .where(Event.cancelled.is_(False), EventInvitation.rsvp == Rsvp.NO_REPLY.value)
        .group_by(Event.id, Event.title, Event.cohort_id, Cohort.name, soon.c.first)
    ):
        first = first if isinstance(first, date) else date.fromisoformat(str(first)[:10])
        people = session.execute(
            select(Person.id, Person.first_name, Person.preferred_name, Person.last_name)
            .join(EventInvitation, EventInvitation.person_id == Person.id)
            .where(
                EventInvitation.event_id == event_id,
                EventInvitation.rsvp == Rsvp.NO_REPLY.value,
            )
            .order_by(EventInvitation.invited_at, Person.id)
            .limit(MOST_URGENT)
        ).all()
        days_left = (first - today).days
        items = [
            AttentionItem(
                kind=kind,
                headline=display(f, p, last),
                detail=f"Invited to {title}; no reply",
                since=first,
                days=-days_left,
                cohort_id=cohort_id,
                opens=RecordRef("person", pid, pid),
            )
            for pid, f, p, last in people
        ]
        when = "today" if days_left == 0 else f"in {days_left} day{'s' if days_left != 1 else ''}"
        groups.append(
            group_of(
                kind,
                cohort_id or 0,
                cohort or "",
                count,
                items,
                RecordRef("event", event_id),
                headline=f"{title} ({cohort or 'whole programme'})",
                worst=f"on {uk_date(first)}, {when}",
            )
        )
    return by_urgency(groups)
