"""The dashboard: a mentee who missed a required day; an event next week without replies."""

from __future__ import annotations

from datetime import date

from women_in_ddat.domain.enums import AttendanceStatus, CohortStatus, Rsvp
from women_in_ddat.services.attention import AttentionKind
from women_in_ddat.services.dashboard import DashboardService
from women_in_ddat.services.events import DayPlan, EventInput

AFTER = date(2026, 6, 26)


def groups(services, kind: AttentionKind, today: date):  # type: ignore[no-untyped-def]
    board = DashboardService(services.db, services.actor).dashboard(today)
    return board.attention_by_kind().get(kind, [])


def running(services, cohort) -> None:  # type: ignore[no-untyped-def]
    for status in (CohortStatus.INTAKE_OPEN, CohortStatus.INTAKE_CLOSED, CohortStatus.IN_PROGRESS):
        services.cohorts.set_status(cohort.id, status)


def test_a_mentee_who_missed_a_required_day(services, cohort) -> None:
    running(services, cohort)
    services.events.invite(cohort.event_id, mentees=True, mentors=True)
    first, second = services.events.day_ids(cohort.event_id, None)
    p = cohort.people
    services.events.mark(
        cohort.event_id,
        [
            (p["sian"], first, AttendanceStatus.ATTENDED),
            (p["amy"], first, AttendanceStatus.ABSENT),
            (p["amy"], second, AttendanceStatus.APOLOGIES),
            (p["zoe"], second, AttendanceStatus.LEFT_EARLY),  # she was there: no signal
            (p["ruth"], first, AttendanceStatus.ABSENT),  # a mentor: not a signal
        ],
    )
    # Before the second day only Amy's first day counts.
    (before,) = groups(services, AttentionKind.EVENT_MISSED, date(2026, 6, 24))
    assert [i.headline for i in before.most_urgent] == ["Amy Lee"]

    (group,) = groups(services, AttentionKind.EVENT_MISSED, AFTER)
    assert (group.cohort_id, group.count) == (cohort.id, 1)
    assert group.detail == "1 mentee missed a required day"
    assert {i.headline: i.detail for i in group.most_urgent} == {
        "Amy Lee": "Missed 2 required days, the last on 25/06/2026",
    }

    # A cancelled required event is no signal.
    services.events.cancel(cohort.event_id)
    assert groups(services, AttentionKind.EVENT_MISSED, AFTER) == []


def test_an_event_next_week_with_people_who_have_not_replied(services, cohort) -> None:
    services.events.invite(cohort.event_id, mentees=True)
    services.events.set_rsvp(cohort.event_id, cohort.people["sian"], Rsvp.ACCEPTED)
    networking = services.events.plan(
        None, EventInput("Networking lunch", (DayPlan(date(2026, 9, 1)),))
    )
    services.events.invite(networking.id, person_ids=[cohort.people["ruth"]])

    assert groups(services, AttentionKind.EVENT_NO_REPLY, date(2026, 6, 16)) == []
    (group,) = groups(services, AttentionKind.EVENT_NO_REPLY, date(2026, 6, 20))
    assert group.headline == "Top Talent training (Essex 2026)"
    assert group.detail == "2 people have not replied, on 24/06/2026, in 4 days"
    assert sorted(i.headline for i in group.most_urgent) == ["Amy Lee", "Zoë Brown"]
    assert (group.opens.kind, group.opens.id) == ("event", cohort.event_id)

    (lunch,) = groups(services, AttentionKind.EVENT_NO_REPLY, date(2026, 8, 30))
    assert lunch.headline == "Networking lunch (whole programme)"

    for key in ("amy", "zoe"):
        services.events.set_rsvp(cohort.event_id, cohort.people[key], Rsvp.DECLINED)
    assert groups(services, AttentionKind.EVENT_NO_REPLY, date(2026, 6, 20)) == []
