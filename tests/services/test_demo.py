"""The demo programme reads like a real one: its records agree with each other and with the rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from women_in_ddat.domain.enums import (
    MatchStatus,
    MilestoneAnchor,
    MilestoneCategory,
    MilestoneStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    AuditEvent,
    Cohort,
    ImportBatch,
    Match,
    MentoringSession,
    Milestone,
    Outcome,
    Participation,
)
from women_in_ddat.domain.programme_rules import STILL_TO_DO, MilestoneState, milestone_state
from women_in_ddat.services.demo import IMPORTED_COHORT, load_demo

STARTED = (MatchStatus.ACTIVE.value, MatchStatus.ON_HOLD.value, MatchStatus.COMPLETED.value)
CURRENT = (MatchStatus.PROPOSED.value, MatchStatus.ACTIVE.value, MatchStatus.ON_HOLD.value)
CAREER = (OutcomeKind.PROMOTION.value, OutcomeKind.NEW_ROLE.value)


@pytest.fixture
def demo(demo_services):  # type: ignore[no-untyped-def]
    """Every row the checks below read, loaded once per test."""
    with demo_services.db.reading() as session:
        rows = {
            "cohorts": {c.id: c for c in session.scalars(select(Cohort))},
            "places": {p.id: p for p in session.scalars(select(Participation))},
            "matches": list(session.scalars(select(Match).order_by(Match.id))),
            "sessions": list(session.scalars(select(MentoringSession))),
            "milestones": list(session.scalars(select(Milestone))),
            "outcomes": list(session.scalars(select(Outcome))),
            "batches": list(session.scalars(select(ImportBatch))),
        }
    rows["today"] = date.today()
    return rows


def _first_session(demo) -> dict[int, date]:  # type: ignore[no-untyped-def]
    """Each mentee place's first session held, with any mentor."""
    place_of = {m.id: m.mentee_participation_id for m in demo["matches"]}
    first: dict[int, date] = {}
    for s in demo["sessions"]:
        place = place_of[s.match_id]
        first[place] = min(first.get(place, s.held_on), s.held_on)
    return first


def test_a_logged_session_completes_her_first_session_milestone(demo) -> None:  # type: ignore[no-untyped-def]
    first = _first_session(demo)
    assert len(first) >= 15, "the demo should hold sessions for most matched mentees"
    milestones = [
        m for m in demo["milestones"] if m.category == MilestoneCategory.FIRST_SESSION.value
    ]
    for m in milestones:
        if m.participation_id in first:
            assert (m.status, m.completed_on, m.evidence_note) == (
                MilestoneStatus.DONE.value,
                first[m.participation_id],
                "Session logged",
            )
        else:
            assert m.status != MilestoneStatus.DONE.value


def test_every_milestone_state_follows_the_rules(demo) -> None:  # type: ignore[no-untyped-def]
    today, places, cohorts = demo["today"], demo["places"], demo["cohorts"]
    anchor_of_match: dict[int, date] = {}
    # Until her first match starts (even one that ended since), all her open milestones wait.
    ever_matched = {
        m.mentee_participation_id
        for m in demo["matches"]
        if m.status != MatchStatus.PROPOSED.value and m.start_date is not None
    }
    # While her match is on hold her milestones are paused: they wait too.
    paused = {
        m.mentee_participation_id for m in demo["matches"] if m.status == MatchStatus.ON_HOLD.value
    }
    for m in demo["matches"]:  # her latest started, unbroken match anchors her match milestones
        if m.status in STARTED and m.start_date is not None:
            place = m.mentee_participation_id
            anchor_of_match[place] = max(anchor_of_match.get(place, m.start_date), m.start_date)
    for m in demo["milestones"]:
        place = places[m.participation_id]
        state = milestone_state(m.status, m.due_date, today)
        if place.status == ParticipationStatus.WITHDRAWN.value:
            assert state not in STILL_TO_DO, "a withdrawn mentee is asked for nothing more"
        if place.status == ParticipationStatus.COMPLETED.value:
            assert state not in STILL_TO_DO, "a completed place has nothing still to do"
        if m.status == MilestoneStatus.DONE.value:
            assert m.completed_on is not None and m.completed_on <= today
        if state not in STILL_TO_DO or m.due_date_manual or m.due_offset_days is None:
            continue
        cohort = cohorts[place.cohort_id]
        anchor = {
            MilestoneAnchor.COHORT_START.value: cohort.start_date,
            MilestoneAnchor.MENTEE_START.value: place.start_date or cohort.start_date,
            MilestoneAnchor.MATCH_START.value: anchor_of_match.get(place.id),
        }[m.anchor]
        if place.id not in ever_matched or place.id in paused:
            anchor = None
        expected = None if anchor is None else anchor + timedelta(days=m.due_offset_days)
        assert m.due_date == expected, (m.title, m.anchor)
        if m.anchor == MilestoneAnchor.MATCH_START.value and anchor is None:
            assert state == MilestoneState.WAITING, "no running match: waiting, never overdue"


def test_career_move_milestones_and_the_outcome_ledger_agree(demo) -> None:  # type: ignore[no-untyped-def]
    places, outcomes = demo["places"], {o.id: o for o in demo["outcomes"]}
    moves = [m for m in demo["milestones"] if m.category == MilestoneCategory.CAREER_MOVE.value]
    done = [m for m in moves if m.status == MilestoneStatus.DONE.value]
    assert len(done) >= 3
    for m in done:
        outcome = outcomes.get(m.outcome_id)
        assert outcome is not None, "a done career move stands for an outcome"
        place = places[m.participation_id]
        assert (outcome.person_id, outcome.cohort_id, outcome.kind in CAREER) == (
            place.person_id,
            place.cohort_id,
            True,
        )
        assert outcome.occurred_on == m.completed_on
    move_of_place = {m.participation_id: m for m in moves}
    credited = [o for o in demo["outcomes"] if o.kind in CAREER and o.cohort_id is not None]
    assert credited
    for outcome in credited:
        place = next(
            p
            for p in places.values()
            if p.person_id == outcome.person_id
            and p.cohort_id == outcome.cohort_id
            and p.role == ParticipantRole.MENTEE.value
        )
        move = move_of_place[place.id]
        assert (move.status, move.outcome_id) == (MilestoneStatus.DONE.value, outcome.id)
    # Both ways in: an outcome recorded (promotions) and a milestone ticked (a new role).
    assert {outcomes[m.outcome_id].kind for m in done} == set(CAREER)


def test_no_withdrawn_mentee_has_anything_overdue(demo) -> None:  # type: ignore[no-untyped-def]
    today, places = demo["today"], demo["places"]
    withdrawn = {p.id for p in places.values() if p.status == ParticipationStatus.WITHDRAWN.value}
    assert len(withdrawn) == 2
    states = [
        milestone_state(m.status, m.due_date, today)
        for m in demo["milestones"]
        if m.participation_id in withdrawn
    ]
    assert states and set(states) == {MilestoneState.WITHDRAWN}
    assert all(p.withdrawn_reason for p in places.values() if p.id in withdrawn)


def test_every_state_a_coordinator_meets_is_there(demo) -> None:  # type: ignore[no-untyped-def]
    today, places, cohorts, matches = (
        demo["today"],
        demo["places"],
        demo["cohorts"],
        demo["matches"],
    )
    statuses = {m.status for m in matches}
    assert MatchStatus.ON_HOLD.value in statuses
    assert all(m.status_reason for m in matches if m.status == MatchStatus.ON_HOLD.value)
    # Ended early, then matched again with another mentor.
    ended = [m for m in matches if m.status == MatchStatus.ENDED_EARLY.value]
    assert ended and all(m.end_date and m.status_reason for m in ended)
    rematched = [
        e
        for e in ended
        if any(
            m.mentee_participation_id == e.mentee_participation_id
            and m.status in CURRENT
            and m.mentor_participation_id != e.mentor_participation_id
            for m in matches
        )
    ]
    assert rematched
    # Waiting for a match: a place in a running cohort with no match at all, whose match
    # milestones wait (no due date) instead of being overdue.
    matched = {m.mentee_participation_id for m in matches}
    waiting = [
        p
        for p in places.values()
        if p.role == ParticipantRole.MENTEE.value
        and p.status in (ParticipationStatus.ACCEPTED.value, ParticipationStatus.ACTIVE.value)
        and p.id not in matched
        and cohorts[p.cohort_id].start_date < today
    ]
    assert waiting
    waiting_states = {
        milestone_state(m.status, m.due_date, today)
        for m in demo["milestones"]
        if m.participation_id in {p.id for p in waiting}
        and m.anchor == MilestoneAnchor.MATCH_START.value
    }
    assert waiting_states == {MilestoneState.WAITING}
    # Completed places and a withdrawn one.
    assert ParticipationStatus.COMPLETED.value in {p.status for p in places.values()}
    assert ParticipationStatus.WITHDRAWN.value in {p.status for p in places.values()}
    # A cohort imported months after it started, with milestones already due at the import.
    [batch] = demo["batches"]
    cohort = cohorts[batch.cohort_id]
    imported_on = (
        batch.imported_at.date() if isinstance(batch.imported_at, datetime) else batch.imported_at
    )
    assert cohort.name == IMPORTED_COHORT and cohort.start_date < imported_on - timedelta(days=90)
    already_due = [
        m
        for m in demo["milestones"]
        if places[m.participation_id].cohort_id == cohort.id
        and m.due_date is not None
        and m.due_date < imported_on
        and m.anchor == MilestoneAnchor.COHORT_START.value
    ]
    assert already_due
    # And milestones overdue outside that batch: two mentees added by hand after the import.
    late = [
        p
        for p in places.values()
        if p.cohort_id == cohort.id and p.start_date and p.start_date > cohort.start_date
    ]
    assert len(late) == 2
    # Not matched yet, so nothing of theirs is overdue: the programme's delay is one signal.
    assert {
        milestone_state(m.status, m.due_date, today)
        for m in demo["milestones"]
        if m.participation_id in {p.id for p in late}
    } == {MilestoneState.WAITING}
    # Left open at the import: what the coordinator has not caught up on shows as overdue.
    assert MilestoneState.OVERDUE in {
        milestone_state(m.status, m.due_date, today) for m in already_due
    }
    # Every state a milestone can be in shows up somewhere.
    seen = {milestone_state(m.status, m.due_date, today) for m in demo["milestones"]}
    assert seen == set(MilestoneState)


def test_loading_it_again_adds_nothing(demo_services) -> None:  # type: ignore[no-untyped-def]
    def counts() -> tuple[int, ...]:
        with demo_services.db.reading() as session:
            return tuple(
                session.scalar(select(func.count()).select_from(model))
                for model in (
                    Participation,
                    Match,
                    MentoringSession,
                    Milestone,
                    Outcome,
                    AuditEvent,
                )
            )

    before = counts()
    again = load_demo(demo_services)
    assert not again.created
    assert counts() == before


@pytest.mark.sqlite_only(reason="one fresh load is enough to show the demo is the same every time")
def test_the_demo_is_the_same_every_time(demo_services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from women_in_ddat.services.context import Services

    def fingerprint(services: Services) -> list[tuple[object, ...]]:
        with services.db.reading() as session:
            return sorted(
                session.execute(
                    select(
                        Milestone.participation_id,
                        Milestone.title,
                        Milestone.status,
                        Milestone.due_date,
                        Milestone.completed_on,
                    )
                ).all()
            ) + sorted(
                session.execute(select(MentoringSession.match_id, MentoringSession.held_on)).all()
            )

    fresh = Services.open(str(tmp_path / "again.db"), actor="tester")
    try:
        assert load_demo(fresh).created
        assert fingerprint(fresh) == fingerprint(demo_services)
    finally:
        fresh.close()


@pytest.mark.sqlite_only(reason="about the demo's own unit of work, the same on both databases")
def test_a_demo_that_fails_half_way_leaves_nothing_half_made_and_can_be_run_again(
    sqlite_services, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from women_in_ddat.services import demo

    def counts() -> tuple[int, ...]:
        with sqlite_services.db.reading() as session:
            return tuple(
                session.scalar(select(func.count()).select_from(model))
                for model in (Cohort, Participation, Match, MentoringSession, Outcome)
            )

    def fail(*_args: object) -> None:
        raise RuntimeError("the power went")

    monkeypatch.setattr(demo._Builder, "_outcomes", fail)
    with pytest.raises(RuntimeError):
        load_demo(sqlite_services)
    # Only the import, committed on its own, is there: Kent and its 18 members, nothing else.
    assert counts() == (1, 18, 0, 0, 0)
    monkeypatch.undo()
    assert load_demo(sqlite_services).created
    assert counts()[:3] == (3, 43, 19)  # 16 in Essex, 21 in Kent, 6 in Thames Gateway
    assert not load_demo(sqlite_services).created


def test_the_year_has_its_events_and_the_dashboard_reads_them(demo_services) -> None:  # type: ignore[no-untyped-def]
    """A kick-off someone missed and a celebration next week not everyone has answered."""
    from women_in_ddat.services.attention import AttentionKind

    events = demo_services.events.events()
    kinds = {e.kind for e in events}
    assert {"training_day", "workshop", "celebration"} <= kinds
    assert any(e.required for e in events)
    assert any(len(e.days) == 2 for e in events)  # a course over two days
    signals = {g.kind: g for g in demo_services.dashboard.needs_attention()}
    assert signals[AttentionKind.EVENT_MISSED].count == 1
    no_reply = signals[AttentionKind.EVENT_NO_REPLY]
    assert no_reply.count == 2 and "Celebration" in no_reply.headline
    # Every completed mentee attended what was required of her: her certificate can be issued.
    essex = next(e for e in events if e.cohort == "Top Talent Essex 2025" and e.required)
    register = demo_services.events.register(essex.id)
    day = essex.days[0].id
    assert register and all(r.status_on(day) == "attended" for r in register)
