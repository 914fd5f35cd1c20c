from __future__ import annotations

from datetime import date, timedelta

import pytest

from women_in_ddat.domain.enums import (
    AssessmentPoint,
    CohortStatus,
    MatchStatus,
    MilestoneStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import Cohort, Match, Milestone, Person
from women_in_ddat.services.dashboard import (
    AttentionKind,
    DashboardService,
    RecordRef,
)
from women_in_ddat.services.outcomes_figures import add_months
from women_in_ddat.services.people import PersonInput

TODAY = date.today()


@pytest.fixture
def dash(services) -> DashboardService:
    return DashboardService(services.db, "tester")


def _person(services, n: int, org: str) -> int:
    return services.people.create(
        PersonInput(email=f"p{n}@{org.lower()}.gov.uk", first_name=f"Person{n}", last_name="Test", organisation=org)
    ).id


@pytest.fixture
def running_cohort(services):
    """A cohort that started 100 days ago and ends in 20, with two mentees and a mentor."""
    s = services
    cohort = s.cohorts.create_cohort(
        "Running", start_date=TODAY - timedelta(days=100), end_date=TODAY + timedelta(days=20),
        status=CohortStatus.IN_PROGRESS,
    )
    mentees = [
        s.cohorts.add_participant(cohort.id, _person(s, i, "Essex"), ParticipantRole.MENTEE, status=ParticipationStatus.ACTIVE)
        for i in range(2)
    ]
    mentor = s.cohorts.add_participant(cohort.id, _person(s, 9, "Kent"), ParticipantRole.MENTOR, mentor_capacity=2)
    return cohort, mentees, mentor


def _kinds(dash: DashboardService, today: date = TODAY) -> dict[AttentionKind, list]:
    return dash.dashboard(today).attention_by_kind()


def test_overdue_milestones_are_listed_until_done(services, dash, running_cohort) -> None:
    cohort, mentees, _ = running_cohort
    overdue = _kinds(dash)[AttentionKind.MILESTONE_OVERDUE]
    # Templates due 14 and 30 days after the start (no match: anchored on the cohort's start),
    # and 120/150/180/365 days after: two overdue per mentee.
    assert len(overdue) == 4
    first = overdue[0]
    assert first.opens.kind == "milestone"
    assert first.days == 100 - 14
    with services.db.reading() as session:
        milestone = session.get(Milestone, first.opens.id)
        assert milestone.due_date == TODAY - timedelta(days=86)
        person_ids = {p.person_id for p in mentees}
        assert first.opens.person_id in person_ids

    services.progress.complete_milestones([first.opens.id])
    remaining = _kinds(dash)[AttentionKind.MILESTONE_OVERDUE]
    assert first.opens.id not in [i.opens.id for i in remaining]
    assert len(remaining) == 3


def test_withdrawn_mentees_and_finished_cohorts_raise_no_overdue_milestones(services, dash, running_cohort) -> None:
    cohort, mentees, _ = running_cohort
    services.cohorts.set_participation_status(mentees[0].id, ParticipationStatus.WITHDRAWN, reason="moved on")
    overdue = _kinds(dash)[AttentionKind.MILESTONE_OVERDUE]
    assert len(overdue) == 2
    services.cohorts.set_status(cohort.id, CohortStatus.COMPLETED)
    assert _kinds(dash)[AttentionKind.MILESTONE_OVERDUE] == []


def test_a_match_with_no_session_for_thirty_days_needs_attention(services, dash, running_cohort) -> None:
    _, mentees, mentor = running_cohort
    match = services.matches.create_match(
        mentees[0].id, mentor.id, status=MatchStatus.ACTIVE, start_date=TODAY - timedelta(days=40)
    )
    quiet = _kinds(dash)[AttentionKind.MATCH_QUIET]
    assert [(i.opens, i.days) for i in quiet] == [(RecordRef("match", match.id, mentees[0].person_id), 40)]

    services.matches.log_session(match.id, held_on=TODAY - timedelta(days=29))
    assert _kinds(dash)[AttentionKind.MATCH_QUIET] == []
    # The same data seen two days later: now 31 days without a session.
    later = _kinds(dash, TODAY + timedelta(days=2))[AttentionKind.MATCH_QUIET]
    assert [i.days for i in later] == [31]


def test_matches_on_hold_or_proposed_are_not_called_quiet(services, dash, running_cohort) -> None:
    _, mentees, mentor = running_cohort
    match = services.matches.create_match(
        mentees[0].id, mentor.id, status=MatchStatus.ACTIVE, start_date=TODAY - timedelta(days=40)
    )
    services.matches.change_status(match.id, MatchStatus.ON_HOLD, reason="leave")
    services.matches.create_match(mentees[1].id, mentor.id, start_date=TODAY - timedelta(days=90))
    assert _kinds(dash)[AttentionKind.MATCH_QUIET] == []


def test_accepted_mentees_without_a_current_match_are_listed(services, dash, running_cohort) -> None:
    _, mentees, mentor = running_cohort
    unmatched = _kinds(dash)[AttentionKind.MENTEE_UNMATCHED]
    assert sorted(i.opens.id for i in unmatched) == sorted(p.person_id for p in mentees)
    assert all(i.opens.kind == "person" for i in unmatched)

    match = services.matches.create_match(mentees[0].id, mentor.id)
    assert [i.opens.id for i in _kinds(dash)[AttentionKind.MENTEE_UNMATCHED]] == [mentees[1].person_id]

    services.matches.change_status(match.id, MatchStatus.ENDED_EARLY, reason="mentor left")
    assert len(_kinds(dash)[AttentionKind.MENTEE_UNMATCHED]) == 2


def test_applicants_are_not_yet_waiting_for_a_mentor(services, dash) -> None:
    cohort = services.cohorts.create_cohort("Intake", status=CohortStatus.INTAKE_OPEN)
    services.cohorts.add_participant(cohort.id, _person(services, 1, "Essex"), ParticipantRole.MENTEE,
                                     status=ParticipationStatus.APPLIED)
    assert _kinds(dash)[AttentionKind.MENTEE_UNMATCHED] == []


def test_a_cohort_ending_soon_with_required_milestones_open(services, dash, running_cohort) -> None:
    cohort, _, _ = running_cohort
    ending = _kinds(dash)[AttentionKind.COHORT_ENDING]
    assert len(ending) == 1
    assert ending[0].opens == RecordRef("cohort", cohort.id)
    # Two mentees, four required template milestones each.
    assert "8 required milestones open" in ending[0].detail
    # Forty days before the end it is not "ending soon" yet.
    assert _kinds(dash, TODAY - timedelta(days=20))[AttentionKind.COHORT_ENDING] == []

    open_required = [m.id for m in services.progress.milestones(cohort_id=cohort.id, open_only=True) if m.required]
    services.progress.complete_milestones(open_required)
    assert _kinds(dash)[AttentionKind.COHORT_ENDING] == []


def _ended_cohort(services, end: date) -> tuple[Cohort, list]:
    cohort = services.cohorts.create_cohort(
        "Ended", start_date=end - timedelta(days=300), end_date=end, status=CohortStatus.DRAFT
    )
    parts = [
        services.cohorts.add_participant(cohort.id, _person(services, 20 + i, "Thurrock"), ParticipantRole.MENTEE,
                                         status=status)
        for i, status in enumerate(
            (ParticipationStatus.COMPLETED, ParticipationStatus.COMPLETED, ParticipationStatus.WITHDRAWN)
        )
    ]
    return cohort, parts


def test_outcome_follow_ups_fall_due_six_twelve_and_twenty_four_months_after_the_end(services, dash) -> None:
    end = add_months(TODAY, -6)
    cohort, parts = _ended_cohort(services, end)

    def follow_ups(today: date) -> list:
        return _kinds(dash, today)[AttentionKind.OUTCOME_FOLLOW_UP]

    assert follow_ups(TODAY - timedelta(days=20)) == []  # not yet: shows two weeks ahead
    six = follow_ups(TODAY)
    assert len(six) == 1
    assert six[0].opens == RecordRef("cohort", cohort.id)
    assert "6-month" in six[0].headline
    assert "2 of 2 mentees" in six[0].detail  # the withdrawn mentee is not followed up

    twelve = follow_ups(add_months(end, 12))
    assert ["12-month" in i.headline for i in twelve] == [True]
    assert ["24-month" in i.headline for i in follow_ups(add_months(end, 24))] == [True]
    assert follow_ups(add_months(end, 24) + timedelta(days=100)) == []

    from women_in_ddat.domain.enums import OutcomeKind

    services.progress.record_outcome(parts[0].person_id, OutcomeKind.PROMOTION, TODAY)
    assert "1 of 2 mentees" in follow_ups(TODAY)[0].detail
    services.progress.record_outcome(parts[1].person_id, OutcomeKind.NEW_ROLE, TODAY)
    assert follow_ups(TODAY) == []
    # An outcome recorded at six months does not answer the twelve-month follow-up.
    assert "2 of 2 mentees" in follow_ups(add_months(end, 12))[0].detail


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 15), 24) == date(2027, 1, 15)
    assert add_months(date(2025, 11, 30), -6) == date(2025, 5, 30)


def test_cohort_overview_pipeline_milestones_and_sessions(services, dash, running_cohort) -> None:
    cohort, mentees, mentor = running_cohort
    applicant = services.cohorts.add_participant(
        cohort.id, _person(services, 5, "Medway"), ParticipantRole.MENTEE, status=ParticipationStatus.APPLIED
    )
    leaver = services.cohorts.add_participant(cohort.id, _person(services, 6, "Medway"), ParticipantRole.MENTEE)
    services.cohorts.set_participation_status(leaver.id, ParticipationStatus.WITHDRAWN, reason="left")
    match = services.matches.create_match(mentees[0].id, mentor.id, start_date=TODAY - timedelta(days=60))
    services.matches.log_session(match.id, held_on=TODAY - timedelta(days=50), duration_minutes=45)
    services.matches.log_session(match.id, held_on=TODAY - timedelta(days=10), duration_minutes=60)
    services.matches.create_match(mentees[1].id, mentor.id)  # proposed: matched, not yet active
    assert applicant.status == "applied"

    (overview,) = dash.cohort_overviews()
    p = overview.pipeline
    assert (p.applied, p.accepted, p.matched, p.active, p.completed, p.withdrawn) == (1, 2, 2, 2, 0, 1)
    assert overview.sessions.count == 2
    assert overview.sessions.minutes == 105
    assert overview.sessions.last == TODAY - timedelta(days=10)
    ms = overview.milestones
    # Two taking part x six templates; the applicant's and the withdrawn mentee's do not count.
    assert ms.done + ms.open + ms.not_applicable == 12
    assert ms.done == 0


def test_cohort_pipeline_counts_a_match_that_met_as_active(services, dash) -> None:
    cohort = services.cohorts.create_cohort("C", start_date=TODAY - timedelta(days=10))
    mentee = services.cohorts.add_participant(cohort.id, _person(services, 1, "Essex"), ParticipantRole.MENTEE)
    mentor = services.cohorts.add_participant(cohort.id, _person(services, 2, "Kent"), ParticipantRole.MENTOR)
    match = services.matches.create_match(mentee.id, mentor.id)
    assert dash.cohort_overviews()[0].pipeline.active == 0
    services.matches.log_session(match.id)  # meeting makes a proposed match active
    assert dash.cohort_overviews()[0].pipeline.active == 1
    services.matches.change_status(match.id, MatchStatus.COMPLETED)
    assert dash.cohort_overviews()[0].pipeline.completed == 1


def test_confidence_change_is_paired_person_by_person(services, dash, running_cohort) -> None:
    cohort, mentees, _ = running_cohort
    third = services.cohorts.add_participant(cohort.id, _person(services, 7, "Medway"), ParticipantRole.MENTEE)
    items = ("ddat_skills", "speaking_up")
    record = services.progress.record_assessment
    record(mentees[0].id, AssessmentPoint.BASELINE, confidence=dict.fromkeys(items, 2))
    record(mentees[0].id, AssessmentPoint.MID, confidence=dict.fromkeys(items, 3))
    record(mentees[0].id, AssessmentPoint.END, confidence=dict.fromkeys(items, 4))  # end beats mid
    record(mentees[1].id, AssessmentPoint.BASELINE, confidence={"ddat_skills": 3, "speaking_up": 3})
    record(mentees[1].id, AssessmentPoint.MID, confidence={"ddat_skills": 3, "speaking_up": 3})
    # Only a baseline: an unpaired 5 must not lift the baseline mean.
    record(third.id, AssessmentPoint.BASELINE, confidence=dict.fromkeys(items, 5))

    change = dash.cohort_overviews()[0].confidence
    assert change.paired == 2
    assert change.baseline_mean == pytest.approx(2.5)
    assert change.latest_mean == pytest.approx(3.5)
    assert change.change == pytest.approx(1.0)
    assert change.per_item["ddat_skills"] == pytest.approx((2.5, 3.5, 2))


def test_no_questionnaires_means_no_confidence_figure(services, dash, running_cohort) -> None:
    change = dash.cohort_overviews()[0].confidence
    assert change.paired == 0
    assert change.change is None


def test_every_item_on_the_demo_dashboard_opens_a_record_that_exists(demo_services) -> None:
    dashboard = DashboardService(demo_services.db).dashboard()
    kinds = {item.kind for item in dashboard.attention}
    assert {
        AttentionKind.MILESTONE_OVERDUE,
        AttentionKind.MATCH_QUIET,
        AttentionKind.MENTEE_UNMATCHED,
        AttentionKind.COHORT_ENDING,
    } <= kinds
    models = {"milestone": Milestone, "match": Match, "person": Person, "cohort": Cohort}
    with demo_services.db.reading() as session:
        for item in dashboard.attention:
            assert session.get(models[item.opens.kind], item.opens.id) is not None, item
            if item.opens.kind == "milestone":
                assert session.get(Milestone, item.opens.id).status != MilestoneStatus.DONE.value
    assert [c.name for c in dashboard.cohorts][:1] == ["Top Talent Thames Gateway 2027"]
