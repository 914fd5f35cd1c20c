"""The programme's rules, driven through the services as the app and the command line drive them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from women_in_ddat.domain.enums import (
    MatchStatus,
    MilestoneAnchor,
    MilestoneStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.programme_rules import MilestoneState
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services.people import PersonInput

TODAY = date.today()
COHORT_START = TODAY - timedelta(days=100)


@pytest.fixture
def kent(services):
    """A cohort that started 100 days ago, one mentee (Zoë) and two mentors, nobody matched."""
    s = services
    cohort = s.cohorts.create_cohort("Kent 2026", start_date=COHORT_START)
    people = {
        key: s.people.create(
            PersonInput(email=f"{key}@{org}.gov.uk", first_name=key.title(), organisation=org)
        )
        for key, org in (("zoe", "essex"), ("helen", "kent"), ("sarah", "suffolk"))
    }
    mentee = s.cohorts.add_participant(
        cohort.id, people["zoe"].id, ParticipantRole.MENTEE, status=ParticipationStatus.ACTIVE
    )
    helen = s.cohorts.add_participant(cohort.id, people["helen"].id, ParticipantRole.MENTOR)
    sarah = s.cohorts.add_participant(cohort.id, people["sarah"].id, ParticipantRole.MENTOR)
    return s, cohort, mentee, helen, sarah, people["zoe"]


def by_title(s, participation_id: int) -> dict:
    return {m.title: m for m in s.progress.milestones() if m.participation_id == participation_id}


def test_match_milestones_wait_until_a_match_starts_then_follow_it(kent) -> None:
    s, _, mentee, helen, _, _ = kent
    before = by_title(s, mentee.id)
    # Never matched: everything waits, whatever its anchor (one "not matched" signal).
    assert {m.state for m in before.values()} == {MilestoneState.WAITING}
    assert {m.due_date for m in before.values()} == {None}
    # A proposed match has not started: still waiting, never overdue.
    match = s.matches.create_match(mentee.id, helen.id)
    assert {m.state for m in by_title(s, mentee.id).values()} == {MilestoneState.WAITING}

    s.matches.start_match(match.id, on=TODAY - timedelta(days=40))
    started = by_title(s, mentee.id)
    assert started["Module or course completed"].due_date == COHORT_START + timedelta(days=120)
    assert started["First mentoring session"].due_date == TODAY - timedelta(days=26)
    assert started["First mentoring session"].state == MilestoneState.OVERDUE
    assert started["Development plan agreed"].due_date == TODAY - timedelta(days=10)

    s.matches.move_start(match.id, TODAY - timedelta(days=5))
    moved = by_title(s, mentee.id)
    assert moved["First mentoring session"].due_date == TODAY + timedelta(days=9)
    assert moved["First mentoring session"].state == MilestoneState.OPEN


def test_a_due_date_typed_by_hand_stays_when_the_anchor_moves(kent) -> None:
    s, _, mentee, helen, _, _ = kent
    plan = by_title(s, mentee.id)["Development plan agreed"]
    typed = TODAY + timedelta(days=60)
    s.progress.set_milestone(plan.id, status=MilestoneStatus.NOT_STARTED, due_date=typed)
    s.matches.start(mentee.id, helen.id, on=TODAY - timedelta(days=3))
    after = by_title(s, mentee.id)
    assert after["Development plan agreed"].due_date == typed
    assert after["Development plan agreed"].due_date_manual
    assert after["First mentoring session"].due_date == TODAY + timedelta(days=11)
    s.progress.reset_due_date(plan.id)
    assert by_title(s, mentee.id)["Development plan agreed"].due_date == TODAY + timedelta(days=27)


def test_cohort_and_own_start_dates_move_their_milestones(kent) -> None:
    s, cohort, mentee, helen, _, _ = kent
    s.matches.start(mentee.id, helen.id, on=TODAY - timedelta(days=5))
    s.cohorts.update_cohort(cohort.id, start_date=COHORT_START + timedelta(days=10))
    assert by_title(s, mentee.id)[
        "Module or course completed"
    ].due_date == COHORT_START + timedelta(days=130)
    own = s.progress.add_one_off(
        mentee.id, "Meet the CDIO", anchor=MilestoneAnchor.MENTEE_START, offset_days=7
    )
    place = s.cohorts.place(mentee.id)
    s.cohorts.update_participation(
        mentee.id,
        expected_version=place.version,
        status=ParticipationStatus.ACTIVE,
        withdrawn_reason="",
        goals="",
        mentor_capacity=0,
        start_date=COHORT_START + timedelta(days=30),
    )
    rows = by_title(s, mentee.id)
    assert rows["Meet the CDIO"].id == own.id
    assert rows["Meet the CDIO"].due_date == COHORT_START + timedelta(days=37)


def test_logging_a_session_completes_the_first_session_and_deleting_it_reverts(kent) -> None:
    s, _, mentee, helen, _, _ = kent
    match = s.matches.create_match(mentee.id, helen.id)
    first = s.matches.log_session(match.id, held_on=TODAY - timedelta(days=20))
    second = s.matches.log_session(match.id, held_on=TODAY - timedelta(days=6))
    milestone = by_title(s, mentee.id)["First mentoring session"]
    assert (milestone.state, milestone.completed_on, milestone.evidence_note) == (
        MilestoneState.DONE,
        TODAY - timedelta(days=20),
        "Session logged",
    )
    # The session made the proposed match active from that day.
    assert s.matches.current_match(mentee.id).start_date == TODAY - timedelta(days=20)
    s.matches.delete_session(first.id)
    assert by_title(s, mentee.id)["First mentoring session"].completed_on == TODAY - timedelta(
        days=6
    )
    s.matches.delete_session(second.id)
    reverted = by_title(s, mentee.id)["First mentoring session"]
    assert (reverted.status, reverted.completed_on, reverted.evidence_note) == (
        "not_started",
        None,
        "",
    )


def test_a_first_session_marked_by_hand_stands(kent) -> None:
    s, _, mentee, helen, _, _ = kent
    match = s.matches.create_match(mentee.id, helen.id)
    milestone = by_title(s, mentee.id)["First mentoring session"]
    s.progress.complete_milestones(
        [milestone.id], on=TODAY - timedelta(days=30), evidence_note="Told by email"
    )
    session = s.matches.log_session(match.id, held_on=TODAY - timedelta(days=2))
    s.matches.delete_session(session.id)
    kept = by_title(s, mentee.id)["First mentoring session"]
    assert (kept.status, kept.completed_on, kept.evidence_note) == (
        "done",
        TODAY - timedelta(days=30),
        "Told by email",
    )


def test_an_outcome_and_its_career_move_milestone_are_one_record(kent) -> None:
    s, cohort, mentee, _, _, zoe = kent
    outcome = s.progress.record_outcome(
        zoe.id, OutcomeKind.PROMOTION, TODAY - timedelta(days=3), cohort_id=cohort.id
    )
    career = by_title(s, mentee.id)["Promotion or new role"]
    assert (career.state, career.completed_on, career.outcome_id) == (
        MilestoneState.DONE,
        TODAY - timedelta(days=3),
        outcome.id,
    )
    with pytest.raises(Conflict):
        s.progress.set_milestone(career.id, status=MilestoneStatus.NOT_STARTED)
    s.progress.delete_outcome(outcome.id)
    reopened = by_title(s, mentee.id)["Promotion or new role"]
    assert (reopened.status, reopened.outcome_id, reopened.completed_on) == (
        "not_started",
        None,
        None,
    )
    # And back: marking the milestone done records the outcome.
    s.progress.set_milestone(
        reopened.id,
        status=MilestoneStatus.DONE,
        completed_on=TODAY,
        outcome_kind=OutcomeKind.PROMOTION,
    )
    (recorded,) = s.progress.outcomes(zoe.id)
    assert (recorded.kind, recorded.cohort_id, recorded.occurred_on) == (
        "promotion",
        cohort.id,
        TODAY,
    )
    assert by_title(s, mentee.id)["Promotion or new role"].outcome_id == recorded.id


def test_an_outcome_not_credited_to_the_cohort_leaves_the_milestone(kent) -> None:
    s, cohort, mentee, _, _, zoe = kent
    s.progress.record_outcome(zoe.id, OutcomeKind.NEW_ROLE, TODAY, cohort_id=None)
    s.progress.record_outcome(zoe.id, OutcomeKind.SECONDMENT, TODAY, cohort_id=cohort.id)
    assert by_title(s, mentee.id)["Promotion or new role"].status == "not_started"


def test_withdrawal_closes_her_milestones_and_ends_her_match(kent) -> None:
    s, cohort, mentee, helen, _, _ = kent
    match = s.matches.start(mentee.id, helen.id, on=TODAY - timedelta(days=60))
    assert any(m.state == MilestoneState.OVERDUE for m in by_title(s, mentee.id).values())
    s.cohorts.withdraw(
        mentee.id, on=TODAY - timedelta(days=1), reason="Moved to a role outside the sector"
    )
    states = {m.state for m in by_title(s, mentee.id).values()}
    assert states == {MilestoneState.WITHDRAWN}
    assert s.matches.current_match(mentee.id) is None
    (ended,) = s.matches.history(mentee.id)
    assert (ended.match_id, ended.status, ended.ended_on) == (
        match.id,
        "ended_early",
        TODAY - timedelta(days=1),
    )
    assert "Moved to a role outside the sector" in ended.end_reason
    rate = s.progress.completion(cohort_id=cohort.id)
    assert (rate.done, rate.counted, rate.left_out) == (0, 0, 6)
    s.cohorts.reopen_place(mentee.id)
    assert MilestoneState.WITHDRAWN not in {m.state for m in by_title(s, mentee.id).values()}


def test_completing_a_place_closes_what_is_open(kent) -> None:
    s, cohort, mentee, _, _, _ = kent
    milestones = by_title(s, mentee.id)
    s.progress.complete_milestones([milestones["Module or course completed"].id], on=TODAY)
    s.cohorts.complete_place(mentee.id, on=TODAY)
    states = {m.title: m.state for m in by_title(s, mentee.id).values()}
    assert states["Module or course completed"] == MilestoneState.DONE
    assert set(states.values()) == {MilestoneState.DONE, MilestoneState.CLOSED}


def test_match_history_keeps_hold_end_and_the_new_mentor(kent) -> None:
    s, _, mentee, helen, sarah, _ = kent
    first = s.matches.start(mentee.id, helen.id, on=TODAY - timedelta(days=90))
    s.matches.hold(first.id, on=TODAY - timedelta(days=50), reason="Mentee on leave")
    held = s.matches.history(mentee.id)[0]
    assert (held.status, held.on_hold_since, held.hold_reason) == (
        "on_hold",
        TODAY - timedelta(days=50),
        "Mentee on leave",
    )
    assert held.is_current
    s.matches.resume(first.id, on=TODAY - timedelta(days=40))
    with pytest.raises(Conflict):
        s.matches.start(mentee.id, sarah.id)
    s.matches.end(
        first.id, on=TODAY - timedelta(days=30), reason="Mentor changed jobs", by="Helen herself"
    )
    assert s.matches.current_match(mentee.id) is None
    second = s.matches.start(mentee.id, sarah.id, on=TODAY - timedelta(days=20))
    old, new = s.matches.history(mentee.id)
    assert (old.match_id, old.status, old.is_current) == (first.id, "ended_early", False)
    assert (old.started_on, old.ended_on, old.end_reason, old.ended_by) == (
        TODAY - timedelta(days=90),
        TODAY - timedelta(days=30),
        "Mentor changed jobs",
        "Helen herself",
    )
    assert [step.to_status for step in old.steps] == [
        "proposed",
        "active",
        "on_hold",
        "active",
        "ended_early",
    ]
    assert (new.match_id, new.status, new.mentor_name, new.is_current) == (
        second.id,
        "active",
        "Sarah",
        True,
    )
    assert s.matches.current_match(mentee.id).id == second.id
    # Her match milestones now follow the new match.
    assert by_title(s, mentee.id)["First mentoring session"].due_date == TODAY - timedelta(days=6)


def test_templates_change_per_cohort_and_apply_to_open_milestones(kent) -> None:
    s, cohort, mentee, helen, _, _ = kent
    s.matches.start(mentee.id, helen.id, on=TODAY - timedelta(days=5))
    other = s.cohorts.create_cohort("Essex 2026", start_date=COHORT_START)
    (learning,) = [
        t for t in s.templates.list(cohort.id) if t.title == "Module or course completed"
    ]
    preview = s.templates.preview_timing(
        learning.id, MilestoneAnchor.COHORT_START, 200, cohort_id=cohort.id
    )
    assert (preview.open_milestones, preview.would_move, preview.typed_by_hand) == (1, 1, 0)
    moved = s.templates.set_timing(
        learning.id, MilestoneAnchor.COHORT_START, 200, apply_to_open=True, cohort_id=cohort.id
    )
    assert moved == 1
    assert by_title(s, mentee.id)[
        "Module or course completed"
    ].due_date == COHORT_START + timedelta(days=200)
    # Kent now has its own set; Essex still uses the programme's, unchanged.
    assert {t.cohort_id for t in s.templates.list(cohort.id)} == {cohort.id}
    assert [
        t.due_offset_days
        for t in s.templates.list(other.id)
        if t.title == "Module or course completed"
    ] == [120]

    added = s.templates.add(cohort.id, "Lightning talk", offset_days=60)
    assert by_title(s, mentee.id)["Lightning talk"].due_date == COHORT_START + timedelta(days=60)
    s.templates.rename(added.id, "Lightning talk at the DDaT forum")
    assert "Lightning talk at the DDaT forum" in by_title(s, mentee.id)
    s.templates.retire(added.id)
    assert "Lightning talk at the DDaT forum" not in {t.title for t in s.templates.list(cohort.id)}
    ids = [t.id for t in s.templates.list(cohort.id)]
    s.templates.reorder(list(reversed(ids)))
    assert [t.id for t in s.templates.list(cohort.id)] == list(reversed(ids))


def test_start_a_cohort_from_this_one(kent) -> None:
    s, cohort, _, _, _, _ = kent
    (talk,) = [s.templates.add(cohort.id, "Lightning talk", offset_days=60)]
    next_year = s.templates.start_cohort_from(
        cohort.id, "Kent 2027", COHORT_START + timedelta(days=365), None, copy_mentors=True
    )
    titles = [t.title for t in s.templates.list(next_year.id)]
    assert titles == [t.title for t in s.templates.list(cohort.id)] and talk.title in titles
    members = s.cohorts.members(next_year.id)
    assert sorted((m.email, m.role, m.mentor_capacity) for m in members) == [
        ("helen@kent.gov.uk", "mentor", 2),
        ("sarah@suffolk.gov.uk", "mentor", 2),
    ]


def test_change_status_keeps_history_for_older_callers(kent) -> None:
    s, _, mentee, helen, _, _ = kent
    match = s.matches.create_match(
        mentee.id, helen.id, status=MatchStatus.ACTIVE, start_date=TODAY - timedelta(days=9)
    )
    s.matches.change_status(match.id, MatchStatus.ENDED_EARLY, reason="Mentor moved abroad")
    (line,) = s.matches.history(mentee.id)
    assert line.describe().startswith("Ended early (") and line.describe().endswith(
        ": Mentor moved abroad"
    )
    assert [step.to_status for step in line.steps] == ["active", "ended_early"]


def test_a_cohort_reorders_and_counts_its_own_templates(kent) -> None:
    s, cohort, _, _, _, _ = kent
    other = s.cohorts.create_cohort("Essex 2026", start_date=COHORT_START)
    person = s.people.create(PersonInput(email="una@essex.gov.uk", first_name="Una"))
    s.cohorts.add_participant(other.id, person.id, ParticipantRole.MENTEE)
    programme_ids = [t.id for t in s.templates.list(cohort.id)]
    assert [t.open_milestones for t in s.templates.list(cohort.id)] == [1] * 6
    s.templates.reorder(list(reversed(programme_ids)), cohort_id=cohort.id)
    mine = s.templates.list(cohort.id)
    assert {t.cohort_id for t in mine} == {cohort.id}
    assert [t.title for t in mine] == [t.title for t in reversed(s.templates.list(other.id))]
    assert [t.id for t in s.templates.list(other.id)] == programme_ids


def test_a_place_ended_through_the_form_is_dated_as_given(kent) -> None:
    s, _, mentee, helen, _, _ = kent
    s.matches.start(mentee.id, helen.id, on=TODAY - timedelta(days=30))
    place = s.cohorts.place(mentee.id)
    s.cohorts.update_participation(
        mentee.id,
        expected_version=place.version,
        status=ParticipationStatus.WITHDRAWN,
        withdrawn_reason="New job",
        goals="",
        mentor_capacity=0,
        start_date=place.start_date,
        ended_on=TODAY - timedelta(days=7),
    )
    (ended,) = s.matches.history(mentee.id)
    assert (ended.status, ended.ended_on) == ("ended_early", TODAY - timedelta(days=7))
    assert {m.state for m in by_title(s, mentee.id).values()} <= {
        MilestoneState.WITHDRAWN,
        MilestoneState.DONE,
    }


def test_correcting_an_outcome_moves_the_milestone_with_it(kent) -> None:
    s, cohort, mentee, _, _, zoe = kent
    outcome = s.progress.record_outcome(zoe.id, OutcomeKind.NEW_ROLE, TODAY, cohort_id=cohort.id)
    assert by_title(s, mentee.id)["Promotion or new role"].state == MilestoneState.DONE
    s.progress.update_outcome(outcome.id, OutcomeKind.SECONDMENT, TODAY, cohort_id=cohort.id)
    assert by_title(s, mentee.id)["Promotion or new role"].status == "not_started"
    s.progress.update_outcome(
        outcome.id, OutcomeKind.PROMOTION, TODAY - timedelta(days=1), cohort_id=cohort.id
    )
    again = by_title(s, mentee.id)["Promotion or new role"]
    assert (again.status, again.outcome_id, again.completed_on) == (
        "done",
        outcome.id,
        TODAY - timedelta(days=1),
    )
    s.progress.update_outcome(
        outcome.id, OutcomeKind.PROMOTION, TODAY - timedelta(days=4), cohort_id=cohort.id
    )
    assert by_title(s, mentee.id)["Promotion or new role"].completed_on == TODAY - timedelta(days=4)
    s.progress.delete_outcome(outcome.id)
    with pytest.raises(InvalidInput):  # a career move is a promotion or a new role
        s.progress.complete_milestones([again.id], outcome_kind=OutcomeKind.SECONDMENT)
    assert s.progress.outcomes(zoe.id) == []


def test_a_mentor_who_withdraws_leaves_her_mentee_unmatched(kent) -> None:
    s, _, mentee, helen, _, _ = kent
    s.matches.start(mentee.id, helen.id, on=TODAY - timedelta(days=20))
    s.cohorts.withdraw(helen.id, on=TODAY, reason="Left the council")
    assert s.matches.current_match(mentee.id) is None
    (ended,) = s.matches.history(mentee.id)
    assert (ended.status, ended.end_reason) == (
        "ended_early",
        "The mentor withdrew: Left the council",
    )
    # The match ones wait for a new mentor; the others keep the dates her first match gave them.
    after = by_title(s, mentee.id)
    assert after["Development plan agreed"].state == MilestoneState.WAITING
    assert after["Module or course completed"].due_date == COHORT_START + timedelta(days=120)
