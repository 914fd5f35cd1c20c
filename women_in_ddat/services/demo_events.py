"""The demo programme's events: a cohort's kick-off, training days and celebration.

Planned, invited and registered through EventService as a coordinator would, so the
Events page, the cohort's attendance grid, the dashboard's event signals and the
reports show a programme year: a required kick-off someone missed, a two-day training
course someone left early, and a celebration next week that two people have not
answered yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from women_in_ddat.domain.enums import AttendanceStatus, CohortStatus, EventKind, Rsvp
from women_in_ddat.services.events import DayPlan, EventInput

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services

KICK_OFF_DAY = 14  # days after the cohort starts
TRAINING_DAYS = (75, 76)
# Who in a running cohort missed the required kick-off, and who left the course early
# (by place among the people invited).
MISSED_KICK_OFF = 4
LEFT_EARLY = 6
# The celebration's invitees who have not replied yet (the last of the list).
NOT_REPLIED = 2


@dataclass(frozen=True)
class DemoCohortEvents:
    cohort_id: int
    status: CohortStatus
    place: str
    start: date
    end: date
    mentee_ids: tuple[int, ...]  # her place existed on the event's day
    mentor_ids: tuple[int, ...]


def plan_demo_events(services: Services, cohort: DemoCohortEvents, today: date) -> None:
    events = services.events
    people = (*cohort.mentee_ids, *cohort.mentor_ids)
    kick_off = events.plan(
        cohort.cohort_id,
        EventInput(
            title="Kick-off day",
            days=(DayPlan(cohort.start + timedelta(days=KICK_OFF_DAY), time(10), time(15)),),
            kind=EventKind.TRAINING_DAY,
            venue=f"Council offices, {cohort.place}",
            required=True,
        ),
    )
    events.invite(kick_off.id, person_ids=people)
    if cohort.status == CohortStatus.INTAKE_OPEN:
        return
    training = events.plan(
        cohort.cohort_id,
        EventInput(
            title="Leading in digital, data and technology: training days",
            days=tuple(DayPlan(cohort.start + timedelta(days=d)) for d in TRAINING_DAYS),
            kind=EventKind.WORKSHOP,
            online_link="https://teams.microsoft.com/l/meetup-join/demo-top-talent",
        ),
    )
    events.invite(training.id, person_ids=cohort.mentee_ids)
    for person_id in people:
        events.set_rsvp(kick_off.id, person_id, Rsvp.ACCEPTED)
    for person_id in cohort.mentee_ids:
        events.set_rsvp(training.id, person_id, Rsvp.ACCEPTED)
    kick_off_day = kick_off.days[0].id
    events.mark(
        kick_off.id,
        [
            (
                person_id,
                kick_off_day,
                AttendanceStatus.ABSENT
                if i == MISSED_KICK_OFF and cohort.status != CohortStatus.COMPLETED
                else AttendanceStatus.ATTENDED,
            )
            for i, person_id in enumerate(people)
        ],
    )
    marks = []
    for day in training.days:
        for i, person_id in enumerate(cohort.mentee_ids):
            status = AttendanceStatus.ATTENDED
            if i == LEFT_EARLY and day is training.days[-1]:
                status = AttendanceStatus.LEFT_EARLY
            marks.append((person_id, day.id, status))
    events.mark(training.id, marks)

    celebration_on = (
        cohort.end - timedelta(days=7)
        if cohort.status == CohortStatus.COMPLETED
        else today + timedelta(days=5)
    )
    celebration = events.plan(
        cohort.cohort_id,
        EventInput(
            title="Celebration and showcase",
            days=(DayPlan(celebration_on, time(14), time(17)),),
            kind=EventKind.CELEBRATION,
            venue=f"Council chamber, {cohort.place}",
        ),
    )
    events.invite(celebration.id, person_ids=people)
    past = celebration_on < today
    for i, person_id in enumerate(people):
        if not past and i >= len(people) - NOT_REPLIED:
            continue  # still to answer: the dashboard asks her to chase them
        events.set_rsvp(celebration.id, person_id, Rsvp.ACCEPTED)
    if past:
        events.mark(
            celebration.id,
            [(p, celebration.days[0].id, AttendanceStatus.ATTENDED) for p in people],
        )
