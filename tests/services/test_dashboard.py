"""Needs attention, signal by signal: each grouped by cohort, counted, the most urgent few named.

Signals were once listed record by record (a row per overdue milestone);
they are now one group per signal and cohort, so these tests check each
group's count, the records it names (oldest first) and the filtered page it
opens, and that no rule counts a record twice or at all when it should not.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, update

from tests.importing.corpus import HEADER, PEOPLE, write_openpyxl
from tests.importing.test_import_writes import run
from women_in_ddat.domain.enums import (
    AssessmentPoint,
    CohortStatus,
    MatchStatus,
    MilestoneStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    Cohort,
    Match,
    MatchStatusChange,
    Milestone,
    MilestoneTemplate,
    Person,
)
from women_in_ddat.domain.programme_rules import MilestoneState, milestone_state
from women_in_ddat.services.dashboard import (
    MOST_URGENT,
    NOT_MATCHED_DAYS,
    AttentionGroup,
    AttentionKind,
    DashboardService,
    RecordRef,
    SignalRef,
)
from women_in_ddat.services.outcomes_figures import add_months
from women_in_ddat.services.people import PersonInput

TODAY = date.today()


@pytest.fixture
def dash(services) -> DashboardService:
    return DashboardService(services.db, "tester")


def _person(services, n: int, org: str) -> int:
    return services.people.create(
        PersonInput(
            email=f"p{n}@{org.lower()}.gov.uk",
            first_name=f"Person{n}",
            last_name="Test",
            organisation=org,
        )
    ).id


@pytest.fixture
def running_cohort(services):
    """A cohort that started 100 days ago and ends in 20, with two mentees and a mentor."""
    s = services
    cohort = s.cohorts.create_cohort(
        "Running",
        start_date=TODAY - timedelta(days=100),
        end_date=TODAY + timedelta(days=20),
        status=CohortStatus.IN_PROGRESS,
    )
    mentees = [
        s.cohorts.add_participant(
            cohort.id,
            _person(s, i, "Essex"),
            ParticipantRole.MENTEE,
            status=ParticipationStatus.ACTIVE,
        )
        for i in range(2)
    ]
    mentor = s.cohorts.add_participant(
        cohort.id, _person(s, 9, "Kent"), ParticipantRole.MENTOR, mentor_capacity=5
    )
    return cohort, mentees, mentor


@pytest.fixture
def overdue_cohort(services, running_cohort):
    """The running cohort with both mentees matched from its start: their match milestones are overdue."""
    _, mentees, mentor = running_cohort
    for mentee in mentees:
        _match(services, mentee, mentor, 100)
    return running_cohort


def _groups(
    dash: DashboardService, kind: AttentionKind, today: date = TODAY
) -> list[AttentionGroup]:
    return dash.dashboard(today).attention_by_kind()[kind]


def _overdue_by_rule(services, cohort_id: int) -> list[int]:
    """Ids of the cohort's milestones the rules module calls overdue, read row by row."""
    return [
        m.id
        for m in services.progress.milestones(cohort_id=cohort_id)
        if milestone_state(m.status, m.due_date, TODAY) is MilestoneState.OVERDUE
    ]


def _match(services, mentee, mentor, days_ago: int) -> Match:  # type: ignore[no-untyped-def]
    return services.matches.create_match(
        mentee.id, mentor.id, status=MatchStatus.ACTIVE, start_date=TODAY - timedelta(days=days_ago)
    )


# --- overdue milestones ------------------------------------------------------


def test_overdue_milestones_are_one_group_per_cohort_naming_the_oldest(
    services, dash, overdue_cohort
) -> None:
    cohort, mentees, mentor = overdue_cohort
    expected = _overdue_by_rule(services, cohort.id)
    assert len(expected) > MOST_URGENT  # two mentees' worth: more than a group names

    (group,) = _groups(dash, AttentionKind.MILESTONE_OVERDUE)
    assert group.count == len(expected)
    assert group.cohort_id == cohort.id
    assert group.opens == SignalRef(
        "milestone", cohort.id, signal=AttentionKind.MILESTONE_OVERDUE, cohort_name="Running"
    )
    assert group.opens.describe() == "Overdue milestones of Running"
    named = [item.opens.id for item in group.most_urgent]
    assert len(named) == MOST_URGENT and group.more == len(expected) - MOST_URGENT
    assert set(named) <= set(expected)
    with services.db.reading() as session:
        dues = [session.get(Milestone, i).due_date for i in named]
        oldest = min(session.get(Milestone, i).due_date for i in expected)
    assert dues == sorted(dues) and dues[0] == oldest
    assert group.days == (TODAY - oldest).days
    assert group.detail.startswith(f"{len(expected)} milestones overdue, the oldest due")

    services.progress.complete_milestones([named[0]])
    (after,) = _groups(dash, AttentionKind.MILESTONE_OVERDUE)
    assert after.count == len(expected) - 1
    assert named[0] not in [i.opens.id for i in after.most_urgent]


def test_each_cohort_is_its_own_group(services, dash, overdue_cohort) -> None:
    cohort, mentees, mentor = overdue_cohort
    other = services.cohorts.create_cohort(
        "Other", start_date=TODAY - timedelta(days=400), status=CohortStatus.IN_PROGRESS
    )
    mentee = services.cohorts.add_participant(
        other.id, _person(services, 30, "Medway"), ParticipantRole.MENTEE
    )
    other_mentor = services.cohorts.add_participant(
        other.id, _person(services, 31, "Kent"), ParticipantRole.MENTOR, mentor_capacity=1
    )
    _match(services, mentee, other_mentor, 390)  # her milestones are dated once it starts
    counts = {g.cohort_id: g.count for g in _groups(dash, AttentionKind.MILESTONE_OVERDUE)}
    assert counts == {
        cohort.id: len(_overdue_by_rule(services, cohort.id)),
        other.id: len(_overdue_by_rule(services, other.id)),
    }
    # The longer-overdue cohort first.
    assert [g.cohort_id for g in _groups(dash, AttentionKind.MILESTONE_OVERDUE)][0] == other.id
    assert mentee.cohort_id == other.id


def test_a_waiting_milestone_is_never_overdue(services, dash, overdue_cohort) -> None:
    cohort, mentees, _ = overdue_cohort
    before = _groups(dash, AttentionKind.MILESTONE_OVERDUE)[0].count
    waiting = _overdue_by_rule(services, cohort.id)[0]
    with services.db.transaction() as session:  # its anchor does not exist yet: no due date
        session.execute(update(Milestone).where(Milestone.id == waiting).values(due_date=None))
    (group,) = _groups(dash, AttentionKind.MILESTONE_OVERDUE)
    assert group.count == before - 1
    assert waiting not in [i.opens.id for i in group.most_urgent]


def test_withdrawn_and_closed_milestones_are_never_overdue(services, dash, overdue_cohort) -> None:
    cohort, _, _ = overdue_cohort
    before = _groups(dash, AttentionKind.MILESTONE_OVERDUE)[0].count
    first, second = _overdue_by_rule(services, cohort.id)[:2]
    with services.db.transaction() as session:
        session.execute(
            update(Milestone)
            .where(Milestone.id == first)
            .values(status=MilestoneStatus.WITHDRAWN.value)
        )
        session.execute(
            update(Milestone)
            .where(Milestone.id == second)
            .values(status=MilestoneStatus.CLOSED.value)
        )
    assert _groups(dash, AttentionKind.MILESTONE_OVERDUE)[0].count == before - 2


def test_a_withdrawn_mentee_and_a_finished_cohort_raise_no_overdue_milestones(
    services, dash, overdue_cohort
) -> None:
    cohort, mentees, _ = overdue_cohort
    hers = {
        m.id
        for m in services.progress.milestones(cohort_id=cohort.id)
        if m.person_id == mentees[0].person_id
    }
    services.cohorts.set_participation_status(
        mentees[0].id, ParticipationStatus.WITHDRAWN, reason="moved on"
    )
    (group,) = _groups(dash, AttentionKind.MILESTONE_OVERDUE)
    assert not hers & {i.opens.id for i in group.most_urgent}
    assert group.count == len(set(_overdue_by_rule(services, cohort.id)) - hers)
    services.cohorts.set_status(cohort.id, CohortStatus.COMPLETED)
    assert _groups(dash, AttentionKind.MILESTONE_OVERDUE) == []


def test_a_never_matched_mentees_match_milestones_are_not_overdue(
    services, dash, running_cohort
) -> None:
    """Her match-anchored milestones wait for the match (the rules core leaves them undated)."""
    cohort, mentees, mentor = running_cohort
    _match(services, mentees[1], mentor, 100)  # hers are overdue; the first mentee's wait
    mine = [
        m
        for m in services.progress.milestones(cohort_id=cohort.id)
        if m.person_id == mentees[0].person_id
    ]
    overdue = set(_overdue_by_rule(services, cohort.id))
    with services.db.reading() as session:
        match_anchored = {
            m.id
            for m in mine
            if session.get(MilestoneTemplate, session.get(Milestone, m.id).template_id).anchor
            == "match_start"
        }
    assert match_anchored and not match_anchored & overdue
    (group,) = _groups(dash, AttentionKind.MILESTONE_OVERDUE)
    assert group.count == len(overdue)


# --- a past-dated import -----------------------------------------------------


def _import_kent_and_start_its_matches(services, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The Kent sample (cohort started 12 January): its proposed matches start from that day,
    so its mentees' milestones are dated, many of them before the import."""
    outcome = run(
        services,
        write_openpyxl(tmp_path / "kent.xlsx", {"Cohort": [HEADER, *PEOPLE]}),
        cohort="Kent 2026",
    )
    cohort = services.cohorts.by_name("Kent 2026")
    for match in services.matches.rows(cohort_id=cohort.id):
        services.matches.start_match(match.id, on=cohort.start_date)
    return outcome, cohort


def test_an_import_into_a_cohort_that_started_long_ago_is_one_item(
    services, dash, tmp_path: Path
) -> None:
    """The Kent sample started in January: its milestones due before the import are one group."""
    _, cohort = _import_kent_and_start_its_matches(services, tmp_path)
    overdue = _overdue_by_rule(services, cohort.id)
    assert overdue

    (group,) = _groups(dash, AttentionKind.IMPORT_PAST_DUE)
    assert group.count == len(overdue)
    assert group.cohort_id == cohort.id
    assert "kent.xlsx" in group.headline
    assert len(group.most_urgent) == min(MOST_URGENT, len(overdue))
    assert _groups(dash, AttentionKind.MILESTONE_OVERDUE) == []  # not also listed as overdue
    ref = group.opens
    assert isinstance(ref, SignalRef) and ref.kind == "milestone" and ref.id == cohort.id
    shown = [
        m.id
        for m in services.progress.milestones(cohort_id=cohort.id)
        if ref.shows_milestone(m.participation_id, m.status, m.due_date, TODAY)
    ]
    assert sorted(shown) == sorted(overdue)
    assert "kent.xlsx" in ref.describe()

    # Settled (here: all marked done at once), the import raises nothing.
    services.progress.complete_milestones(overdue)
    assert _groups(dash, AttentionKind.IMPORT_PAST_DUE) == []


def test_a_milestone_of_an_imported_mentee_that_falls_due_later_is_an_ordinary_overdue_one(
    services, dash, tmp_path: Path
) -> None:
    _, cohort = _import_kent_and_start_its_matches(services, tmp_path)
    imported = _groups(dash, AttentionKind.IMPORT_PAST_DUE)[0].count
    later = next(
        m
        for m in services.progress.milestones(cohort_id=cohort.id)
        if m.due_date and m.due_date >= TODAY
    )
    # A year on, it is overdue, but it was not due at the import: the cohort's overdue group.
    year_on = later.due_date + timedelta(days=1)
    (group,) = _groups(dash, AttentionKind.MILESTONE_OVERDUE, year_on)
    assert group.count >= 1
    (batch,) = _groups(dash, AttentionKind.IMPORT_PAST_DUE, year_on)
    assert batch.count == imported
    # Each group's filter on the Milestones page shows it under its own group only.
    assert group.opens.shows_milestone(
        later.participation_id, later.status, later.due_date, year_on
    )
    assert not batch.opens.shows_milestone(
        later.participation_id, later.status, later.due_date, year_on
    )


# --- mentees and matches -----------------------------------------------------


def test_a_mentee_not_matched_is_one_signal_however_many_milestones_wait(
    services, dash, running_cohort
) -> None:
    cohort, mentees, mentor = running_cohort
    (group,) = _groups(dash, AttentionKind.MENTEE_UNMATCHED)
    assert group.count == 2
    assert sorted(i.opens.id for i in group.most_urgent) == sorted(p.person_id for p in mentees)
    assert all(i.opens.kind == "person" for i in group.most_urgent)
    assert all(i.days == 100 for i in group.most_urgent)  # counted from the cohort's start
    assert group.opens == SignalRef(
        "cohort", cohort.id, signal=AttentionKind.MENTEE_UNMATCHED, cohort_name="Running"
    )

    services.matches.create_match(mentees[0].id, mentor.id)
    (group,) = _groups(dash, AttentionKind.MENTEE_UNMATCHED)
    assert [i.opens.id for i in group.most_urgent] == [mentees[1].person_id]


def test_not_matched_counts_from_her_own_start_and_waits_the_days_it_allows(
    services, dash, running_cohort
) -> None:
    cohort, _, _ = running_cohort
    late = services.cohorts.add_participant(
        cohort.id,
        _person(services, 40, "Medway"),
        ParticipantRole.MENTEE,
        start_date=TODAY - timedelta(days=NOT_MATCHED_DAYS - 1),
    )
    (group,) = _groups(dash, AttentionKind.MENTEE_UNMATCHED)
    assert late.person_id not in [i.opens.id for i in group.most_urgent] and group.count == 2
    (tomorrow,) = _groups(dash, AttentionKind.MENTEE_UNMATCHED, TODAY + timedelta(days=1))
    assert tomorrow.count == 3


def test_a_cohort_not_started_has_no_unmatched_mentees_yet(services, dash) -> None:
    cohort = services.cohorts.create_cohort("Next", start_date=TODAY + timedelta(days=30))
    services.cohorts.add_participant(
        cohort.id, _person(services, 1, "Essex"), ParticipantRole.MENTEE
    )
    applicants = services.cohorts.create_cohort(
        "Intake", status=CohortStatus.INTAKE_OPEN, start_date=TODAY - timedelta(days=60)
    )
    services.cohorts.add_participant(
        applicants.id,
        _person(services, 2, "Essex"),
        ParticipantRole.MENTEE,
        status=ParticipationStatus.APPLIED,
    )
    assert _groups(dash, AttentionKind.MENTEE_UNMATCHED) == []


def test_a_match_with_no_session_for_thirty_days_needs_attention(
    services, dash, running_cohort
) -> None:
    cohort, mentees, mentor = running_cohort
    match = _match(services, mentees[0], mentor, 40)
    (group,) = _groups(dash, AttentionKind.MATCH_QUIET)
    assert [(i.opens, i.days) for i in group.most_urgent] == [
        (RecordRef("match", match.id, mentees[0].person_id), 40)
    ]
    assert group.count == 1 and group.opens.kind == "match" and group.opens.id == cohort.id

    rows = services.matches.rows(cohort_id=cohort.id)
    assert [r.id for r in rows if group.opens.shows_match(r, TODAY)] == [match.id]

    services.matches.log_session(match.id, held_on=TODAY - timedelta(days=29))
    assert _groups(dash, AttentionKind.MATCH_QUIET) == []
    # The same data seen two days later: now 31 days without a session.
    (later,) = _groups(dash, AttentionKind.MATCH_QUIET, TODAY + timedelta(days=2))
    assert [i.days for i in later.most_urgent] == [31]


def test_a_match_on_hold_is_a_risk_and_not_quiet(services, dash, running_cohort) -> None:
    cohort, mentees, mentor = running_cohort
    match = _match(services, mentees[0], mentor, 40)
    services.matches.change_status(match.id, MatchStatus.ON_HOLD, reason="leave")
    services.matches.create_match(mentees[1].id, mentor.id, start_date=TODAY - timedelta(days=90))
    assert _groups(dash, AttentionKind.MATCH_QUIET) == []
    (group,) = _groups(dash, AttentionKind.MATCH_ON_HOLD)
    assert group.count == 1
    (item,) = group.most_urgent
    assert item.opens.id == match.id and "leave" in item.detail
    services.matches.change_status(match.id, MatchStatus.ACTIVE)
    assert _groups(dash, AttentionKind.MATCH_ON_HOLD) == []
    # On hold since the day the coordinator gave, not the day she typed it.
    services.matches.hold(match.id, reason="Mentor on leave", on=TODAY - timedelta(days=20))
    (item,) = _groups(dash, AttentionKind.MATCH_ON_HOLD)[0].most_urgent
    assert item.days == 20 and item.detail.startswith(
        f"On hold since {(TODAY - timedelta(days=20)):%d/%m/%Y}"
    )


def test_a_match_ended_early_is_a_risk_until_she_has_a_new_mentor(
    services, dash, running_cohort
) -> None:
    cohort, mentees, mentor = running_cohort
    match = _match(services, mentees[0], mentor, 60)
    services.matches.change_status(match.id, MatchStatus.ENDED_EARLY, reason="Mentor changed jobs")
    (group,) = _groups(dash, AttentionKind.MATCH_ENDED_EARLY)
    assert group.count == 1 and "Mentor changed jobs" in group.most_urgent[0].detail
    # She had a mentor: she is a risk, not also "not matched".
    unmatched = _groups(dash, AttentionKind.MENTEE_UNMATCHED)[0]
    assert [i.opens.id for i in unmatched.most_urgent] == [mentees[1].person_id]

    # The Matches page shows that match under the group's filter, and no other.
    rows = services.matches.rows(cohort_id=cohort.id)
    assert [r.id for r in rows if group.opens.shows_match(r, TODAY)] == [match.id]

    other = services.cohorts.add_participant(
        cohort.id, _person(services, 10, "Kent"), ParticipantRole.MENTOR, mentor_capacity=1
    )
    services.matches.create_match(mentees[0].id, other.id)
    assert _groups(dash, AttentionKind.MATCH_ENDED_EARLY) == []


def test_matches_recorded_before_their_history_was_kept_still_show_their_dates(
    services, dash, running_cohort
) -> None:
    """A hold or an end with no history row and no end date falls back to when its status changed."""
    _, mentees, mentor = running_cohort
    held = _match(services, mentees[0], mentor, 60)
    services.matches.change_status(held.id, MatchStatus.ON_HOLD, reason="leave")
    ended = _match(services, mentees[1], mentor, 60)
    services.matches.change_status(ended.id, MatchStatus.ENDED_EARLY, reason="moved")
    with services.db.transaction() as session:
        session.execute(delete(MatchStatusChange))
        session.execute(update(Match).values(end_date=None))
    for kind, match in (
        (AttentionKind.MATCH_ON_HOLD, held),
        (AttentionKind.MATCH_ENDED_EARLY, ended),
    ):
        (group,) = _groups(dash, kind)
        (item,) = group.most_urgent
        assert (item.opens.id, item.since, item.days) == (match.id, TODAY, 0)


def test_a_withdrawn_mentees_ended_match_is_no_risk(services, dash, running_cohort) -> None:
    _, mentees, mentor = running_cohort
    match = _match(services, mentees[0], mentor, 60)
    services.matches.change_status(match.id, MatchStatus.ENDED_EARLY, reason="She left")
    services.cohorts.set_participation_status(
        mentees[0].id, ParticipationStatus.WITHDRAWN, reason="left"
    )
    assert _groups(dash, AttentionKind.MATCH_ENDED_EARLY) == []


# --- cohorts -----------------------------------------------------------------


def test_a_cohort_ending_soon_with_required_milestones_open(services, dash, running_cohort) -> None:
    cohort, _, _ = running_cohort
    (ending,) = _groups(dash, AttentionKind.COHORT_ENDING)
    # Enter opens the Milestones page on the very milestones counted.
    assert ending.opens == SignalRef(
        "milestone", cohort.id, signal=AttentionKind.COHORT_ENDING, cohort_name=cohort.name
    )
    required_open = [
        m
        for m in services.progress.milestones(cohort_id=cohort.id)
        if m.required
        and m.status not in (MilestoneStatus.DONE.value, MilestoneStatus.NOT_APPLICABLE.value)
    ]
    assert ending.count == len(required_open)
    assert f"{len(required_open)} required milestones open" in ending.detail
    # Forty days before the end it is not "ending soon" yet.
    assert _groups(dash, AttentionKind.COHORT_ENDING, TODAY - timedelta(days=20)) == []

    services.progress.complete_milestones([m.id for m in required_open])
    assert _groups(dash, AttentionKind.COHORT_ENDING) == []


def _ended_cohort(services, end: date) -> tuple[Cohort, list]:
    cohort = services.cohorts.create_cohort(
        "Ended", start_date=end - timedelta(days=300), end_date=end, status=CohortStatus.DRAFT
    )
    parts = [
        services.cohorts.add_participant(
            cohort.id, _person(services, 20 + i, "Thurrock"), ParticipantRole.MENTEE, status=status
        )
        for i, status in enumerate(
            (
                ParticipationStatus.COMPLETED,
                ParticipationStatus.COMPLETED,
                ParticipationStatus.WITHDRAWN,
            )
        )
    ]
    return cohort, parts


def test_outcome_follow_ups_fall_due_six_twelve_and_twenty_four_months_after_the_end(
    services, dash
) -> None:
    end = add_months(TODAY, -6)
    cohort, parts = _ended_cohort(services, end)

    def follow_ups(today: date) -> list:
        return _groups(dash, AttentionKind.OUTCOME_FOLLOW_UP, today)

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


# --- cohorts at a glance -----------------------------------------------------


def test_cohort_overview_pipeline_milestones_and_sessions(services, dash, running_cohort) -> None:
    cohort, mentees, mentor = running_cohort
    applicant = services.cohorts.add_participant(
        cohort.id,
        _person(services, 5, "Medway"),
        ParticipantRole.MENTEE,
        status=ParticipationStatus.APPLIED,
    )
    leaver = services.cohorts.add_participant(
        cohort.id, _person(services, 6, "Medway"), ParticipantRole.MENTEE
    )
    services.cohorts.set_participation_status(
        leaver.id, ParticipationStatus.WITHDRAWN, reason="left"
    )
    match = services.matches.create_match(
        mentees[0].id, mentor.id, start_date=TODAY - timedelta(days=60)
    )
    services.matches.log_session(match.id, held_on=TODAY - timedelta(days=50), duration_minutes=45)
    services.matches.log_session(match.id, held_on=TODAY - timedelta(days=10), duration_minutes=60)
    services.matches.create_match(mentees[1].id, mentor.id)  # proposed: matched, not yet active
    assert applicant.status == "applied"

    (overview,) = dash.cohort_overviews()
    p = overview.pipeline
    assert (p.applied, p.accepted, p.matched, p.active, p.completed, p.withdrawn) == (
        1,
        2,
        2,
        2,
        0,
        1,
    )
    assert overview.sessions.count == 2
    assert overview.sessions.minutes == 105
    assert overview.sessions.last == TODAY - timedelta(days=10)


def test_completion_counts_only_the_rules_counted_states_of_places_that_took_part(
    services, dash, running_cohort
) -> None:
    cohort, mentees, mentor = running_cohort
    _match(services, mentees[0], mentor, 100)  # her match milestones fall overdue
    leaver = services.cohorts.add_participant(
        cohort.id, _person(services, 6, "Medway"), ParticipantRole.MENTEE
    )
    services.cohorts.set_participation_status(
        leaver.id, ParticipationStatus.WITHDRAWN, reason="left"
    )
    applicant = services.cohorts.add_participant(
        cohort.id,
        _person(services, 7, "Medway"),
        ParticipantRole.MENTEE,
        status=ParticipationStatus.APPLIED,
    )
    # A place completed: her done milestone still counts, her open ones are closed (left out).
    finisher = services.cohorts.add_participant(
        cohort.id, _person(services, 8, "Medway"), ParticipantRole.MENTEE
    )
    _match(services, finisher, mentor, 100)
    hers = [
        m
        for m in services.progress.milestones(cohort_id=cohort.id)
        if m.participation_id == finisher.id
    ]
    services.progress.complete_milestones([hers[0].id])
    services.cohorts.set_participation_status(finisher.id, ParticipationStatus.COMPLETED)
    running = {p.id for p in mentees} | {finisher.id}
    current = [
        m
        for m in services.progress.milestones(cohort_id=cohort.id)
        if m.participation_id in running
        and milestone_state(m.status, m.due_date, TODAY) is MilestoneState.OPEN
    ]
    services.progress.complete_milestones([current[0].id])
    with services.db.transaction() as session:
        session.execute(
            update(Milestone)
            .where(Milestone.id == current[1].id)
            .values(status=MilestoneStatus.NOT_APPLICABLE.value)
        )
        session.execute(
            update(Milestone)
            .where(Milestone.id == current[2].id)
            .values(status=MilestoneStatus.CLOSED.value)
        )

    rows = services.progress.milestones(cohort_id=cohort.id)
    states = [
        milestone_state(m.status, m.due_date, TODAY) for m in rows if m.participation_id in running
    ]
    counted = [
        s
        for s in states
        if s
        in (
            MilestoneState.OPEN,
            MilestoneState.OVERDUE,
            MilestoneState.WAITING,
            MilestoneState.DONE,
        )
    ]
    assert MilestoneState.WAITING in states and MilestoneState.OVERDUE in states
    ms = dash.cohort_overviews()[0].milestones
    assert ms.counted == len(counted)
    assert ms.done == states.count(MilestoneState.DONE) == 2  # hers and the finisher's
    assert ms.overdue == states.count(MilestoneState.OVERDUE)
    assert ms.open == len(counted) - 2
    assert MilestoneState.CLOSED in states
    # Left out: the not applicable and closed ones, and all of the withdrawn mentee's and the applicant's.
    assert ms.left_out == len(rows) - len(counted)
    assert any(m.participation_id in (leaver.id, applicant.id) for m in rows)
    assert ms.completion == pytest.approx(2 / len(counted))
    assert "open, overdue, waiting and done milestones of places that took part" in ms.describe()
    assert f"leaves out {ms.left_out}" in ms.describe()
    # The same count as the progress service's completion rate (the reports' figure).
    rate = services.progress.completion(cohort_id=cohort.id, today=TODAY)
    assert (ms.done, ms.counted, ms.left_out) == (rate.done, rate.counted, rate.left_out)
    # And the overdue signal counts the same overdue milestones as the card.
    assert _groups(dash, AttentionKind.MILESTONE_OVERDUE)[0].count == ms.overdue


def test_cohort_pipeline_counts_a_match_that_met_as_active(services, dash) -> None:
    cohort = services.cohorts.create_cohort("C", start_date=TODAY - timedelta(days=10))
    mentee = services.cohorts.add_participant(
        cohort.id, _person(services, 1, "Essex"), ParticipantRole.MENTEE
    )
    mentor = services.cohorts.add_participant(
        cohort.id, _person(services, 2, "Kent"), ParticipantRole.MENTOR
    )
    match = services.matches.create_match(mentee.id, mentor.id)
    assert dash.cohort_overviews()[0].pipeline.active == 0
    services.matches.log_session(match.id)  # meeting makes a proposed match active
    assert dash.cohort_overviews()[0].pipeline.active == 1
    services.matches.change_status(match.id, MatchStatus.COMPLETED)
    assert dash.cohort_overviews()[0].pipeline.completed == 1


def test_confidence_change_is_paired_person_by_person(services, dash, running_cohort) -> None:
    cohort, mentees, _ = running_cohort
    third = services.cohorts.add_participant(
        cohort.id, _person(services, 7, "Medway"), ParticipantRole.MENTEE
    )
    items = ("ddat_skills", "speaking_up")
    record = services.development.record_confidence
    record(mentees[0].id, AssessmentPoint.BASELINE, dict.fromkeys(items, 2))
    record(mentees[0].id, AssessmentPoint.MID, dict.fromkeys(items, 3))
    record(mentees[0].id, AssessmentPoint.END, dict.fromkeys(items, 4))  # end beats mid
    record(mentees[1].id, AssessmentPoint.BASELINE, {"ddat_skills": 3, "speaking_up": 3})
    record(mentees[1].id, AssessmentPoint.MID, {"ddat_skills": 3, "speaking_up": 3})
    # Only a baseline: an unpaired 5 must not lift the baseline mean.
    record(third.id, AssessmentPoint.BASELINE, dict.fromkeys(items, 5))

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


def test_every_group_on_the_demo_dashboard_opens_records_that_exist(demo_services) -> None:
    dashboard = DashboardService(demo_services.db).dashboard()
    assert dashboard.attention
    models = {"milestone": Milestone, "match": Match, "person": Person, "cohort": Cohort}
    with demo_services.db.reading() as session:
        for group in dashboard.attention:
            assert session.get(Cohort, group.cohort_id) is not None, group
            assert group.count >= len(group.most_urgent)
            for item in group.most_urgent:
                assert session.get(models[item.opens.kind], item.opens.id) is not None, item
                if item.opens.kind == "milestone":
                    row = session.get(Milestone, item.opens.id)
                    assert (
                        milestone_state(row.status, row.due_date, dashboard.today)
                        is MilestoneState.OVERDUE
                    )
    assert [c.name for c in dashboard.cohorts][:1] == ["Top Talent Thames Gateway 2027"]
