"""Planning events, inviting, the register, and what a required event asks of a mentee."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from tests.events.conftest import TRAINING, build_cohort
from women_in_ddat.domain.enums import AttendanceStatus, EventKind, Rsvp
from women_in_ddat.domain.models import EventAttendance, EventInvitation
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services.events import DayPlan, EventInput
from women_in_ddat.services.people import PersonInput

ATTENDED, ABSENT = AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT


def test_an_event_is_refused_with_each_problem_named(services) -> None:
    bad = EventInput(
        title=" ",
        days=(DayPlan(date(2026, 6, 24), time(16), time(9)),),
        capacity=0,
        online_link="teams.microsoft.com/abc",
    )
    with pytest.raises(InvalidInput) as refused:
        services.events.plan(None, bad)
    assert set(refused.value.problems) == {"title", "times", "capacity", "online_link"}
    assert services.events.events() == []


def test_inviting_the_cohort_and_chosen_people(services, cohort) -> None:
    assert services.events.invite(cohort.event_id, mentees=True) == 3
    assert services.events.invite(cohort.event_id, mentees=True, mentors=True) == 1
    event = services.events.get(cohort.event_id)
    assert (event.invited, event.no_reply) == (4, 4)
    roles = {row.email: row.role for row in services.events.register(cohort.event_id)}
    assert roles["ruth.ode@essex.gov.uk"] == "mentor"

    services.events.set_rsvp(cohort.event_id, cohort.people["amy"], Rsvp.DECLINED)
    event = services.events.get(cohort.event_id)
    assert (event.declined, event.no_reply) == (1, 3)


def test_sponsors_are_invited_by_name_then_as_the_cohorts_sponsors(services, cohort) -> None:
    sponsor = services.people.create(
        PersonInput(email="director@essex.gov.uk", first_name="Dana", last_name="Price")
    ).id
    guest = services.people.create(
        PersonInput(email="speaker@example.org", first_name="Sam", last_name="Khan")
    ).id
    # Before anyone is invited as a sponsor, the cohort has none.
    assert services.events.invite(cohort.event_id, sponsors=True) == 0
    assert services.events.invite(cohort.event_id, sponsor_ids=[sponsor], person_ids=[guest]) == 2
    roles = {row.email: row.role for row in services.events.register(cohort.event_id)}
    assert roles == {"director@essex.gov.uk": "sponsor", "speaker@example.org": ""}

    # Her next event: "the cohort's sponsors" now finds her, and only her.
    panel = services.events.plan(cohort.id, EventInput("Panel", (DayPlan(date(2026, 9, 1)),)))
    assert services.events.invite(panel.id, mentors=True, sponsors=True) == 2
    roles = {row.email: row.role for row in services.events.register(panel.id)}
    assert roles == {"director@essex.gov.uk": "sponsor", "ruth.ode@essex.gov.uk": "mentor"}

    # The cohort's grid shows her below its members, as a sponsor.
    services.events.mark(
        panel.id, [(sponsor, services.events.day_ids(panel.id, None)[0], ATTENDED)]
    )
    grid = services.events.cohort_grid(cohort.id)
    assert [(name, role) for _, name, role in grid.people][-2:] == [
        ("Sam Khan", "invited"),
        ("Dana Price", "sponsor"),
    ]
    assert grid.cells[-1][[e.id for e in grid.events].index(panel.id)] == "attended"

    with pytest.raises(InvalidInput, match="programme-wide"):
        services.events.invite(
            services.events.plan(None, EventInput("Summit", (DayPlan(date(2026, 9, 2)),))).id,
            sponsors=True,
        )


def test_a_full_event_refuses_the_whole_invitation(services, cohort) -> None:
    small = services.events.plan(
        cohort.id, EventInput("Panel", (DayPlan(date(2026, 9, 1)),), capacity=2)
    )
    with pytest.raises(Conflict, match="for 2"):
        services.events.invite(small.id, mentees=True)
    assert services.events.get(small.id).invited == 0


def test_the_tick_list_saves_a_day_in_one_call_and_clears_a_mark(services, cohort) -> None:
    services.events.invite(cohort.event_id, mentees=True)
    first, second = services.events.day_ids(cohort.event_id, None)
    p = cohort.people
    changed = services.events.mark(
        cohort.event_id,
        [(p["sian"], first, ATTENDED), (p["amy"], first, ABSENT), (p["ruth"], first, ATTENDED)],
    )
    assert changed == 3
    # Ruth was not invited and came anyway: she is invited now.
    assert services.events.get(cohort.event_id).invited == 4

    services.events.mark(cohort.event_id, [(p["amy"], first, None)])
    register = {r.email: r.status_on(first) for r in services.events.register(cohort.event_id)}
    assert register["amy.lee@kent.gov.uk"] == ""
    assert register["sian.jones@kent.gov.uk"] == "attended"
    assert second not in dict(services.events.register(cohort.event_id)[0].attendance)


def test_a_required_event_must_be_attended_every_day(services, cohort) -> None:
    first, second = services.events.day_ids(cohort.event_id, None)
    sian = cohort.people["sian"]
    place = cohort.places["sian"]
    assert services.events.required_events_missed(place) == [
        "Top Talent training (2026-06-24, 2026-06-25)"
    ]
    services.events.mark(cohort.event_id, [(sian, first, ATTENDED)])
    assert services.events.required_events_missed(place) == ["Top Talent training (2026-06-25)"]
    # Left early is attended, leaving early: the day counts (as on the register and the
    # dashboard, domain.enums.PRESENT_STATUSES).
    services.events.mark(cohort.event_id, [(sian, second, AttendanceStatus.LEFT_EARLY)])
    assert services.events.required_events_missed(place) == []
    services.events.mark(cohort.event_id, [(sian, second, AttendanceStatus.ABSENT)])
    assert services.events.required_events_missed(place) == ["Top Talent training (2026-06-25)"]
    services.events.mark(cohort.event_id, [(sian, second, ATTENDED)])
    assert services.events.required_events_missed(place) == []
    # A cancelled required event asks nothing of anyone.
    amy = cohort.places["amy"]
    services.events.cancel(cohort.event_id)
    assert services.events.required_events_missed(amy) == []


def test_an_update_keeps_attendance_of_days_that_stay_and_refuses_dropping_a_recorded_day(
    services, cohort
) -> None:
    first, second = services.events.day_ids(cohort.event_id, None)
    services.events.mark(cohort.event_id, [(cohort.people["sian"], second, ATTENDED)])
    only_first = EventInput(title=TRAINING.title, days=(DayPlan(date(2026, 6, 24)),), required=True)
    with pytest.raises(Conflict, match="2026-06-25"):
        services.events.update(cohort.event_id, only_first)
    assert services.events.get(cohort.event_id).ics_sequence == 0

    later = EventInput(
        title=TRAINING.title,
        days=(DayPlan(date(2026, 6, 25), time(10), time(15)), DayPlan(date(2026, 6, 26))),
        kind=EventKind.WORKSHOP,
    )
    updated = services.events.update(cohort.event_id, later)
    assert [d.on_date.day for d in updated.days] == [25, 26]
    assert updated.days[0].id == second and updated.days[0].starts_at == time(10)
    register = services.events.register(cohort.event_id)
    assert register[0].status_on(second) == "attended"


def test_her_page_and_the_cohort_grid(services, cohort) -> None:
    services.events.invite(cohort.event_id, mentees=True, mentors=True)
    first, second = services.events.day_ids(cohort.event_id, None)
    p = cohort.people
    services.events.mark(
        cohort.event_id,
        [
            (p["sian"], first, ATTENDED),
            (p["sian"], second, ATTENDED),
            (p["amy"], first, ATTENDED),
            (p["zoe"], first, AttendanceStatus.APOLOGIES),
            (p["ruth"], first, ATTENDED),
            (p["ruth"], second, AttendanceStatus.LEFT_EARLY),
        ],
    )
    mine = services.events.person_events(p["amy"])
    assert [(r.title, r.on_date.day, r.status) for r in mine] == [
        ("Top Talent training", 24, "attended"),
        ("Top Talent training", 25, ""),
    ]

    grid = services.events.cohort_grid(cohort.id)
    assert [e.id for e in grid.events] == [cohort.event_id]
    by_name = {name: cells[0] for (_, name, _), cells in zip(grid.people, grid.cells, strict=True)}
    assert by_name == {
        "Siân Jones": "attended",
        "Amy Lee": "1 of 2 days",
        "Zoë Brown": "apologies",
        "Ruth Ode": "left early",  # there both days, leaving early on one
    }


def test_subject_access_and_erasure_reach_her_invitations_and_attendance(
    services, tmp_path
) -> None:
    made = build_cohort(services)
    services.events.invite(made.event_id, mentees=True)
    first = services.events.day_ids(made.event_id, None)[0]
    services.events.mark(made.event_id, [(made.people["sian"], first, ATTENDED)])

    held = services.personal_data.held_about("sian.jones@kent.gov.uk")["tables"]
    assert [row["rsvp"] for row in held["event_invitation"]] == ["no_reply"]
    assert [row["status"] for row in held["event_attendance"]] == ["attended"]

    services.personal_data.erase(made.people["sian"])
    with services.db.reading() as session:
        assert session.scalar(select(func.count(EventInvitation.id))) == 2
        assert session.scalar(select(func.count(EventAttendance.id))) == 0
