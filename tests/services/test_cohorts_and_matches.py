from __future__ import annotations

from datetime import date, timedelta

import pytest

from women_in_ddat.domain.enums import (
    CohortStatus,
    MatchStatus,
    MilestoneStatus,
    ParticipantRole,
    ParticipationStatus,
    SessionFormat,
)
from women_in_ddat.domain.programme_rules import MilestoneState
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services.people import PersonInput


@pytest.fixture
def cohort_setup(services):
    s = services
    cohort = s.cohorts.create_cohort(
        "Top Talent Essex 2025",
        place="Essex",
        start_date=date(2025, 1, 6),
        end_date=date(2025, 12, 19),
    )
    mentee = s.people.create(
        PersonInput(
            email="mentee@essex.gov.uk",
            first_name="Priya",
            organisation="Essex County Council",
            line_manager_email="boss@kent.gov.uk",
        )
    )
    own_org_mentor = s.people.create(
        PersonInput(
            email="senior@essex.gov.uk", first_name="Helen", organisation="Essex County Council"
        )
    )
    manager = s.people.create(
        PersonInput(
            email="boss@kent.gov.uk", first_name="Joanne", organisation="Kent County Council"
        )
    )
    good = s.people.create(
        PersonInput(email="mentor@medway.gov.uk", first_name="Sarah", organisation="Medway Council")
    )
    parts = {
        "mentee": s.cohorts.add_participant(cohort.id, mentee.id, ParticipantRole.MENTEE),
        "own_org": s.cohorts.add_participant(cohort.id, own_org_mentor.id, ParticipantRole.MENTOR),
        "manager": s.cohorts.add_participant(cohort.id, manager.id, ParticipantRole.MENTOR),
        "good": s.cohorts.add_participant(
            cohort.id, good.id, ParticipantRole.MENTOR, mentor_capacity=1
        ),
    }
    return s, cohort, parts


def test_cohort_lifecycle_follows_its_rules(services) -> None:
    c = services.cohorts.create_cohort("Kent 2026")
    with pytest.raises(Conflict):
        services.cohorts.set_status(c.id, CohortStatus.COMPLETED)
    for status in (
        CohortStatus.INTAKE_OPEN,
        CohortStatus.INTAKE_CLOSED,
        CohortStatus.IN_PROGRESS,
        CohortStatus.COMPLETED,
    ):
        services.cohorts.set_status(c.id, status)
    with pytest.raises(Conflict):
        services.cohorts.set_status(c.id, CohortStatus.IN_PROGRESS)
    assert services.cohorts.get(c.id).status == "completed"


def test_cohort_dates_and_names_are_validated(services) -> None:
    with pytest.raises(InvalidInput):
        services.cohorts.create_cohort("X", start_date=date(2025, 5, 1), end_date=date(2025, 4, 1))
    services.cohorts.create_cohort("Top Talent Kent 2026")
    with pytest.raises(InvalidInput):
        services.cohorts.create_cohort("top talent kent 2026 ")
    assert services.cohorts.by_name("TOP TALENT KENT 2026").name == "Top Talent Kent 2026"


def test_mentee_gets_the_programme_milestones(cohort_setup) -> None:
    s, cohort, parts = cohort_setup
    milestones = s.progress.milestones(cohort_id=cohort.id)
    assert len(milestones) == 6
    assert {m.person_name for m in milestones} == {"Priya"}
    learning = next(m for m in milestones if m.title == "Module or course completed")
    # Not matched yet: every milestone waits (the programme's delay is one "not matched"
    # signal); before the programme rules it was due from the cohort start at once.
    assert (learning.due_date, learning.state) == (None, MilestoneState.WAITING)
    s.matches.start(parts["mentee"].id, parts["good"].id, on=date(2025, 2, 1))
    learning = next(
        m for m in s.progress.milestones(cohort_id=cohort.id) if m.title == learning.title
    )
    assert learning.due_date == date(2025, 1, 6) + timedelta(days=120)


def test_hard_rules_refuse_own_organisation_and_line_manager(cohort_setup) -> None:
    s, _, parts = cohort_setup
    with pytest.raises(Conflict, match="own organisation"):
        s.matches.create_match(parts["mentee"].id, parts["own_org"].id)
    with pytest.raises(Conflict, match="line manager"):
        s.matches.create_match(parts["mentee"].id, parts["manager"].id)
    assert s.matches.rows() == []
    eligible = [p.id for p, _ in s.matches.eligible_mentors(parts["mentee"].id)]
    assert eligible == [parts["good"].id]


def test_capacity_is_never_exceeded(cohort_setup) -> None:
    s, cohort, parts = cohort_setup
    s.matches.create_match(parts["mentee"].id, parts["good"].id, rationale="Data fit")
    other = s.people.create(
        PersonInput(
            email="second@thurrock.gov.uk", first_name="Grace", organisation="Thurrock Council"
        )
    )
    other_part = s.cohorts.add_participant(cohort.id, other.id, ParticipantRole.MENTEE)
    with pytest.raises(Conflict, match="capacity"):
        s.matches.create_match(other_part.id, parts["good"].id)
    s.cohorts.set_mentor_capacity(parts["good"].id, 2)
    s.matches.create_match(other_part.id, parts["good"].id)
    with pytest.raises(Conflict, match="current mentee"):
        s.cohorts.set_mentor_capacity(parts["good"].id, 1)
    assert len([r for r in s.matches.rows() if r.mentor_participation_id == parts["good"].id]) == 2


def test_match_lifecycle_and_sessions(cohort_setup) -> None:
    s, _, parts = cohort_setup
    match = s.matches.create_match(parts["mentee"].id, parts["good"].id, rationale="Both in data")
    assert match.status == "proposed"
    s.matches.log_session(
        match.id,
        held_on=date.today(),
        duration_minutes=45,
        format=SessionFormat.PHONE,
        note="Intro",
    )
    row = s.matches.rows()[0]
    assert (row.status, row.sessions, row.last_session) == ("active", 1, date.today())
    with pytest.raises(InvalidInput):
        s.matches.change_status(match.id, MatchStatus.ON_HOLD)  # no reason
    s.matches.change_status(match.id, MatchStatus.ON_HOLD, reason="Leave")
    s.matches.change_status(match.id, MatchStatus.ACTIVE)
    s.matches.change_status(match.id, MatchStatus.ENDED_EARLY, reason="Mentor moved on")
    ended = s.matches.rows()[0]
    assert ended.status == "ended_early" and ended.end_date == date.today()
    with pytest.raises(Conflict):
        s.matches.change_status(match.id, MatchStatus.ACTIVE)
    # Capacity is free again once the match ended.
    assert s.matches.eligible_mentors(parts["mentee"].id)


def test_proposed_matches_start_together_or_not_at_all(cohort_setup) -> None:
    s, cohort, parts = cohort_setup
    first = s.matches.create_match(parts["mentee"].id, parts["good"].id)
    other = s.people.create(
        PersonInput(email="second@thurrock.gov.uk", first_name="Grace", organisation="Thurrock")
    )
    other_part = s.cohorts.add_participant(cohort.id, other.id, ParticipantRole.MENTEE)
    second = s.matches.create_match(other_part.id, parts["manager"].id)
    s.matches.start_match(second.id)
    with pytest.raises(Conflict, match="Only proposed matches can be started"):
        s.matches.start_proposed({first.id: first.version, second.id: None})
    assert s.matches.current_match(parts["mentee"].id).status == "proposed"  # type: ignore[union-attr]
    with pytest.raises(Conflict, match="changed by someone else"):
        s.matches.start_proposed({first.id: first.version - 1})
    [started] = s.matches.start_proposed({first.id: first.version}, on=date.today())
    assert (started.status, started.start_date) == ("active", date.today())


def test_sessions_are_validated(cohort_setup) -> None:
    s, _, parts = cohort_setup
    match = s.matches.create_match(parts["mentee"].id, parts["good"].id)
    with pytest.raises(InvalidInput):
        s.matches.log_session(match.id, duration_minutes=0)
    with pytest.raises(InvalidInput):
        s.matches.log_session(match.id, held_on=date.today() + timedelta(days=3))
    assert s.matches.sessions(match.id) == []


def test_withdrawal_needs_a_reason(cohort_setup) -> None:
    s, _, parts = cohort_setup
    with pytest.raises(InvalidInput):
        s.cohorts.set_participation_status(parts["mentee"].id, ParticipationStatus.WITHDRAWN)
    s.cohorts.set_participation_status(
        parts["mentee"].id, ParticipationStatus.WITHDRAWN, reason="New job"
    )
    assert s.cohorts.members(parts["mentee"].cohort_id)[0].status in ("withdrawn", "accepted")


def test_milestones_can_be_ticked_off_in_bulk(cohort_setup) -> None:
    s, cohort, _ = cohort_setup
    ids = [m.id for m in s.progress.milestones(cohort_id=cohort.id)][:3]
    s.progress.complete_milestones(ids, on=date(2025, 3, 1), evidence_note="Seen by coordinator")
    done = [
        m
        for m in s.progress.milestones(cohort_id=cohort.id)
        if m.status == MilestoneStatus.DONE.value
    ]
    assert sorted(m.id for m in done) == sorted(ids)
    assert all(m.completed_on == date(2025, 3, 1) and not m.is_overdue() for m in done)
    open_rows = s.progress.milestones(cohort_id=cohort.id, open_only=True)
    # She has no match yet: what is left waits, never overdue, however late it gets;
    # before the programme rules they were dated from the cohort start and showed overdue.
    later = [m.state_on(date(2027, 1, 1)) for m in open_rows]
    assert later == [MilestoneState.WAITING] * 3


def test_saving_confidence_keeps_the_skill_ratings(cohort_setup) -> None:
    from women_in_ddat.domain.enums import AssessmentPoint, SkillLevel

    s, _, parts = cohort_setup
    pid = parts["mentee"].id
    s.development.record_skill_ratings(
        pid, AssessmentPoint.BASELINE, {"Data modelling": SkillLevel.WORKING}
    )
    s.development.record_confidence(pid, AssessmentPoint.BASELINE, {"network": 2})
    s.development.record_confidence(pid, AssessmentPoint.BASELINE, {"network": 4})
    scores = s.progress.assessments(pid)[("baseline", "self")]
    assert scores == {("skill", "Data modelling"): 2, ("confidence", "network"): 4}


def test_the_rules_ask_before_a_session_on_hold_or_after_completion(cohort_setup) -> None:
    from women_in_ddat.errors import NeedsConfirmation

    s, _, parts = cohort_setup
    today = date.today()
    match = s.matches.create_match(parts["mentee"].id, parts["good"].id)
    s.matches.change_status(match.id, MatchStatus.ACTIVE, on=today - timedelta(days=60))
    s.matches.change_status(
        match.id, MatchStatus.ON_HOLD, reason="Leave", on=today - timedelta(days=9)
    )
    with pytest.raises(NeedsConfirmation) as asked:
        s.matches.log_session(match.id, held_on=today)
    since = today - timedelta(days=9)
    assert asked.value.situation == f"This match is on hold since {since:%d/%m/%Y}"
    assert s.matches.sessions(match.id) == []  # nothing logged while she is asked
    s.matches.log_session(match.id, held_on=today, confirmed=True)
    s.matches.log_session(match.id, held_on=today - timedelta(days=10))  # before the hold
    s.matches.change_status(match.id, MatchStatus.ACTIVE)
    s.matches.change_status(match.id, MatchStatus.COMPLETED, on=today - timedelta(days=2))
    s.matches.log_session(match.id, held_on=today - timedelta(days=3))  # caught up on
    with pytest.raises(NeedsConfirmation, match="completed on"):
        s.matches.log_session(match.id, held_on=today)
    assert len(s.matches.sessions(match.id)) == 3
