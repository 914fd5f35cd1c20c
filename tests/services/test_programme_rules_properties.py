"""Random sequences of programme actions never break the programme's rules.

A Hypothesis state machine adds mentees, starts, holds, resumes and ends
matches, logs and deletes sessions, records and deletes outcomes, marks
milestones done, withdraws, completes and reopens places, all through the
services, and after every step checks the invariants:

- nothing is overdue while waiting (no started match: everything of hers
  waits) or once her place ended;
- every done career-move milestone has its outcome, and every promotion or
  new-role outcome credited to a cohort has its career-move milestone done;
- a mentee with a logged session has "First mentoring session" done (or
  closed with her place);
- completion rates count only COUNTED_STATES of running places.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from women_in_ddat.domain.enums import (
    MilestoneCategory,
    MilestoneStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    Match,
    MentoringSession,
    Milestone,
    Outcome,
    Participation,
)
from women_in_ddat.domain.programme_rules import (
    COUNTED_STATES,
    OPEN_STATUSES,
    MilestoneState,
    milestone_state,
)
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services.context import Services
from women_in_ddat.services.milestone_rules import CAREER_OUTCOMES, RUNNING_PLACE_STATUSES
from women_in_ddat.services.people import PersonInput

TODAY = date.today()
START = TODAY - timedelta(days=200)
MENTEES = 4
MENTORS = 2
REFUSED = (Conflict, InvalidInput)


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A programme with a cohort that began 200 days ago, two mentors and four people to add."""
    path = tmp_path_factory.mktemp("rules") / "template.db"
    s = Services.open(str(path), actor="tester")
    cohort = s.cohorts.create_cohort("Kent 2026", start_date=START)
    for i in range(MENTORS):
        mentor = s.people.create(
            PersonInput(
                email=f"mentor{i}@kent.gov.uk", first_name=f"Mentor{i}", organisation="Kent"
            )
        )
        s.cohorts.add_participant(
            cohort.id, mentor.id, ParticipantRole.MENTOR, mentor_capacity=MENTEES
        )
    for i in range(MENTEES):
        s.people.create(
            PersonInput(
                email=f"mentee{i}@essex.gov.uk", first_name=f"Mentee{i}", organisation="Essex"
            )
        )
    s.close()
    return path


class ProgrammeActions(RuleBasedStateMachine):
    template: Path
    folder: Path

    @initialize()
    def open_a_copy(self) -> None:
        ProgrammeActions.runs += 1
        path = self.folder / f"run{ProgrammeActions.runs}.db"
        shutil.copyfile(self.template, path)
        self.s = Services.open(str(path), actor="tester")
        self.cohort = self.s.cohorts.by_name("Kent 2026")
        members = self.s.cohorts.members(self.cohort.id)
        self.mentors = [m.participation_id for m in members if m.role == "mentor"]
        self.places: dict[int, int] = {}  # mentee number -> participation id

    def teardown(self) -> None:
        self.s.close()

    def _place(self, n: int) -> int | None:
        """One of the mentees added so far (any ``n`` picks one), so actions reach real places."""
        places = sorted(self.places.values())
        return places[n % len(places)] if places else None

    def _current(self, part_id: int) -> Match | None:
        with self.s.db.reading() as session:
            return session.scalar(
                select(Match).where(
                    Match.mentee_participation_id == part_id,
                    Match.status.in_(("proposed", "active", "on_hold")),
                )
            )

    # --- actions ---------------------------------------------------------
    @rule(n=st.integers(0, MENTEES - 1))
    def add_mentee(self, n: int) -> None:
        if n in self.places:
            return
        person = self.s.people.by_email(f"mentee{n}@essex.gov.uk")
        part = self.s.cohorts.add_participant(
            self.cohort.id, person.id, ParticipantRole.MENTEE, status=ParticipationStatus.ACTIVE
        )
        self.places[n] = part.id

    @rule(
        n=st.integers(0, MENTEES - 1),
        mentor=st.integers(0, MENTORS - 1),
        days_ago=st.integers(0, 190),
    )
    def start_match(self, n: int, mentor: int, days_ago: int) -> None:
        if (part := self._place(n)) is None:
            return
        try:
            self.s.matches.start(part, self.mentors[mentor], on=TODAY - timedelta(days=days_ago))
        except REFUSED:
            pass

    @rule(
        n=st.integers(0, MENTEES - 1),
        which=st.sampled_from(["hold", "resume", "end"]),
        days_ago=st.integers(0, 190),
    )
    def change_match(self, n: int, which: str, days_ago: int) -> None:
        if (part := self._place(n)) is None or (match := self._current(part)) is None:
            return
        on = TODAY - timedelta(days=days_ago)
        try:
            if which == "hold":
                self.s.matches.hold(match.id, on=on, reason="Leave")
            elif which == "resume":
                self.s.matches.resume(match.id, on=on)
            else:
                self.s.matches.end(match.id, on=on, reason="Mentor changed jobs")
        except REFUSED:
            pass

    @rule(n=st.integers(0, MENTEES - 1), days_ago=st.integers(0, 190))
    def log_session(self, n: int, days_ago: int) -> None:
        if (part := self._place(n)) is None or (match := self._current(part)) is None:
            return
        try:
            self.s.matches.log_session(match.id, held_on=TODAY - timedelta(days=days_ago))
        except REFUSED:
            pass

    @rule(pick=st.integers(0, 1000))
    def delete_session(self, pick: int) -> None:
        with self.s.db.reading() as session:
            ids = session.scalars(select(MentoringSession.id).order_by(MentoringSession.id)).all()
        if ids:
            self.s.matches.delete_session(ids[pick % len(ids)])

    @rule(
        n=st.integers(0, MENTEES - 1),
        kind=st.sampled_from([OutcomeKind.PROMOTION, OutcomeKind.NEW_ROLE, OutcomeKind.SECONDMENT]),
        credited=st.booleans(),
        days_ago=st.integers(0, 190),
    )
    def record_outcome(self, n: int, kind: OutcomeKind, credited: bool, days_ago: int) -> None:
        person = self.s.people.by_email(f"mentee{n}@essex.gov.uk")
        self.s.progress.record_outcome(
            person.id,
            kind,
            TODAY - timedelta(days=days_ago),
            cohort_id=self.cohort.id if credited else None,
        )

    @rule(pick=st.integers(0, 1000))
    def delete_outcome(self, pick: int) -> None:
        with self.s.db.reading() as session:
            ids = session.scalars(select(Outcome.id).order_by(Outcome.id)).all()
        if ids:
            self.s.progress.delete_outcome(ids[pick % len(ids)])

    @rule(n=st.integers(0, MENTEES - 1), index=st.integers(0, 5), days_ago=st.integers(0, 190))
    def mark_milestone_done(self, n: int, index: int, days_ago: int) -> None:
        if (part := self._place(n)) is None:
            return
        rows = [m for m in self.s.progress.milestones() if m.participation_id == part]
        try:
            self.s.progress.set_milestone(
                rows[index % len(rows)].id,
                status=MilestoneStatus.DONE,
                completed_on=TODAY - timedelta(days=days_ago),
            )
        except REFUSED:
            pass

    @rule(n=st.integers(0, MENTEES - 1), which=st.sampled_from(["withdraw", "complete", "reopen"]))
    def change_place(self, n: int, which: str) -> None:
        if (part := self._place(n)) is None:
            return
        try:
            if which == "withdraw":
                self.s.cohorts.withdraw(part, TODAY, "Moved to a role outside the sector")
            elif which == "complete":
                self.s.cohorts.complete_place(part, TODAY)
            else:
                self.s.cohorts.reopen_place(part)
        except REFUSED:
            pass

    # --- invariants ------------------------------------------------------
    @invariant()
    def nothing_overdue_while_waiting_or_after_her_place_ended(self) -> None:
        if not hasattr(self, "s"):
            return
        with self.s.db.reading() as session:
            for m, place_status in session.execute(
                select(Milestone, Participation.status).join(
                    Participation, Participation.id == Milestone.participation_id
                )
            ):
                state = milestone_state(m.status, m.due_date, TODAY)
                if place_status in (
                    ParticipationStatus.WITHDRAWN.value,
                    ParticipationStatus.COMPLETED.value,
                ):
                    assert m.status not in OPEN_STATUSES, (m.title, place_status, m.status)
                    assert state != MilestoneState.OVERDUE
                ever_started = session.scalar(
                    select(Match.id)
                    .where(
                        Match.mentee_participation_id == m.participation_id,
                        Match.status != "proposed",
                        Match.start_date.is_not(None),
                    )
                    .limit(1)
                )
                if ever_started is None and not m.due_date_manual:
                    # Never matched (or only proposed): nothing of hers is overdue, all waits.
                    assert state != MilestoneState.OVERDUE, (m.title, m.due_date)
                    if m.status in OPEN_STATUSES:
                        assert state == MilestoneState.WAITING
                    continue
                on_hold = session.scalar(
                    select(Match.id)
                    .where(
                        Match.mentee_participation_id == m.participation_id,
                        Match.status == "on_hold",
                    )
                    .limit(1)
                )
                if on_hold is not None and m.status in OPEN_STATUSES and not m.due_date_manual:
                    # Her match is on hold: her milestones are paused, never overdue.
                    assert state == MilestoneState.WAITING, (m.title, m.due_date)
                    continue
                if (
                    m.anchor == "match_start"
                    and m.status in OPEN_STATUSES
                    and not m.due_date_manual
                ):
                    started = session.scalar(
                        select(Match.start_date)
                        .where(
                            Match.mentee_participation_id == m.participation_id,
                            Match.status.in_(("active", "on_hold", "completed")),
                            Match.start_date.is_not(None),
                        )
                        .order_by(Match.start_date.desc(), Match.id.desc())
                        .limit(1)
                    )
                    if started is None:
                        assert state == MilestoneState.WAITING, (m.title, m.due_date)
                    else:
                        assert m.due_date == started + timedelta(days=m.due_offset_days or 0)

    @invariant()
    def one_fact_one_record(self) -> None:
        if not hasattr(self, "s"):
            return
        with self.s.db.reading() as session:
            outcomes = {o.id: o for o in session.scalars(select(Outcome))}
            rows = session.execute(
                select(Milestone, Participation).join(
                    Participation, Participation.id == Milestone.participation_id
                )
            ).all()
            for m, part in rows:
                if (
                    m.category == MilestoneCategory.CAREER_MOVE.value
                    and m.status == MilestoneStatus.DONE.value
                ):
                    outcome = outcomes.get(m.outcome_id)  # type: ignore[arg-type]
                    assert outcome is not None, "a done career move has its outcome"
                    assert (
                        outcome.person_id,
                        outcome.cohort_id,
                        outcome.kind in CAREER_OUTCOMES,
                    ) == (part.person_id, part.cohort_id, True)
                if m.category == MilestoneCategory.FIRST_SESSION.value:
                    held = session.scalar(
                        select(MentoringSession.id)
                        .join(Match, Match.id == MentoringSession.match_id)
                        .where(Match.mentee_participation_id == part.id)
                        .limit(1)
                    )
                    if held is not None:
                        assert m.status in ("done", "withdrawn", "closed"), m.status
            for outcome in outcomes.values():
                if outcome.cohort_id is None or outcome.kind not in CAREER_OUTCOMES:
                    continue
                places = [
                    p
                    for _, p in rows
                    if p.person_id == outcome.person_id and p.cohort_id == outcome.cohort_id
                ]
                if places:
                    done = [
                        m
                        for m, p in rows
                        if p.id == places[0].id
                        and m.category == MilestoneCategory.CAREER_MOVE.value
                        and m.status == MilestoneStatus.DONE.value
                        and m.outcome_id is not None
                    ]
                    assert done, "a credited promotion or new role has its milestone done"

    @invariant()
    def completion_counts_only_counted_states_of_running_places(self) -> None:
        if not hasattr(self, "s"):
            return
        rate = self.s.progress.completion(cohort_id=self.cohort.id, today=TODAY)
        done = counted = total = 0
        with self.s.db.reading() as session:
            for status, due, place_status in session.execute(
                select(Milestone.status, Milestone.due_date, Participation.status).join(
                    Participation, Participation.id == Milestone.participation_id
                )
            ):
                total += 1
                state = milestone_state(status, due, TODAY)
                if place_status in RUNNING_PLACE_STATUSES and state in COUNTED_STATES:
                    counted += 1
                    done += state == MilestoneState.DONE
        assert (rate.done, rate.counted, rate.left_out) == (done, counted, total - counted)


ProgrammeActions.runs = 0  # type: ignore[attr-defined]


def test_random_programme_actions_keep_the_rules(template_db: Path, tmp_path: Path) -> None:
    ProgrammeActions.template = template_db
    ProgrammeActions.folder = tmp_path
    run_state_machine_as_test(
        ProgrammeActions,
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
