"""Needs attention, events: mentees who missed a required day; events next week without replies.

- a mentee still taking part in a running cohort **missed a required day**
  when a day (today or before) of a required, not cancelled event of her
  cohort (or of its whole programme) is marked absent, apologies or left
  early for her. A day nobody marked is not counted: the register may not
  be typed in yet (her certificate still waits for it: services/events.py);
- an event not cancelled that begins in the next ``EVENT_SOON_DAYS`` days
  (its first day after today: one under way or past no longer asks for
  replies, its register does) whose invitations are not all answered: one
  group per event, naming who has not replied. Someone the register has
  as there has answered in effect, whatever her reply says.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, distinct, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import PRESENT_STATUSES, AttendanceStatus, ParticipantRole, Rsvp
from women_in_ddat.domain.models import (
    Cohort,
    Event,
    EventAttendance,
    EventDay,
    EventInvitation,
    Participation,
    Person,
)
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import (
    EVENT_SOON_DAYS,
    MOST_URGENT,
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    SignalRef,
    by_urgency,
    uk_date,
)
from women_in_ddat.services.attention_sql import display, group_of, running

MISSED = tuple(s.value for s in AttendanceStatus if s not in PRESENT_STATUSES)


def events_missed(session: Session, today: date) -> list[AttentionGroup]:
    kind = AttentionKind.EVENT_MISSED
    where = running(
        and_(
            col(Participation.role) == ParticipantRole.MENTEE.value,
            col(Event.required).is_(True),
            col(Event.cancelled).is_(False),
            col(EventDay.on_date) <= today,
            col(EventAttendance.status).in_(MISSED),
        )
    )

    def base(*columns: Any) -> Select[Any]:
        return (
            select(*columns)
            .select_from(EventAttendance)
            .join(EventInvitation, col(EventInvitation.id) == col(EventAttendance.invitation_id))
            .join(EventDay, col(EventDay.id) == col(EventAttendance.event_day_id))
            .join(Event, col(Event.id) == col(EventInvitation.event_id))
            .join(Participation, col(Participation.person_id) == col(EventInvitation.person_id))
            .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
            .where(
                where,
                or_(
                    col(Event.cohort_id) == col(Participation.cohort_id),
                    and_(
                        col(Event.cohort_id).is_(None),
                        col(Event.programme_id) == col(Cohort.programme_id),
                    ),
                ),
            )
        )

    groups = []
    for cohort_id, cohort, count in session.execute(
        base(
            col(Cohort.id), col(Cohort.name), func.count(distinct(col(Participation.id)))
        ).group_by(col(Cohort.id), col(Cohort.name))
    ):
        latest = func.max(col(EventDay.on_date))
        rows = session.execute(
            base(
                col(Person.id),
                col(Person.first_name),
                col(Person.preferred_name),
                col(Person.last_name),
                latest,
                func.count(distinct(col(EventDay.id))),
            )
            .join(Person, col(Person.id) == col(Participation.person_id))
            .where(col(Participation.cohort_id) == cohort_id)
            .group_by(
                col(Person.id),
                col(Person.first_name),
                col(Person.preferred_name),
                col(Person.last_name),
            )
            .order_by(latest.desc(), col(Person.id))
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
    first_day = func.min(col(EventDay.on_date))
    soon = (
        select(col(EventDay.event_id), first_day.label("first"))
        .group_by(col(EventDay.event_id))
        .having(first_day > today, first_day <= today + timedelta(days=EVENT_SOON_DAYS))
        .subquery()
    )
    awaiting = awaiting_reply()
    groups = []
    for event_id, title, cohort_id, cohort, first, count in session.execute(
        select(
            col(Event.id),
            col(Event.title),
            col(Event.cohort_id),
            col(Cohort.name),
            soon.c.first,
            func.count(col(EventInvitation.id)),
        )
        .join(soon, soon.c.event_id == col(Event.id))
        .outerjoin(Cohort, col(Cohort.id) == col(Event.cohort_id))
        .join(EventInvitation, col(EventInvitation.event_id) == col(Event.id))
        .where(col(Event.cancelled).is_(False), awaiting)
        .group_by(
            col(Event.id), col(Event.title), col(Event.cohort_id), col(Cohort.name), soon.c.first
        )
    ):
        first = first if isinstance(first, date) else date.fromisoformat(str(first)[:10])
        people = session.execute(
            select(
                col(Person.id),
                col(Person.first_name),
                col(Person.preferred_name),
                col(Person.last_name),
            )
            .join(EventInvitation, col(EventInvitation.person_id) == col(Person.id))
            .where(col(EventInvitation.event_id) == event_id, awaiting)
            .order_by(col(EventInvitation.invited_at), col(Person.id))
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


def awaiting_reply() -> ColumnElement[bool]:
    """An invitation still waiting for its answer: no reply recorded, and not on the
    register as there (being there is the answer)."""
    present = [status.value for status in PRESENT_STATUSES]
    return and_(
        col(EventInvitation.rsvp) == Rsvp.NO_REPLY.value,
        ~exists().where(
            col(EventAttendance.invitation_id) == col(EventInvitation.id),
            col(EventAttendance.status).in_(present),
        ),
    )
