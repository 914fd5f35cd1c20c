"""A mentee's progress: milestones, confidence and skill assessments, outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    AssessmentPoint,
    Assessor,
    AuditAction,
    MilestoneAnchor,
    MilestoneCategory,
    MilestoneStatus,
    OutcomeKind,
)
from women_in_ddat.domain.models import (
    Assessment,
    AssessmentScore,
    Cohort,
    Milestone,
    Outcome,
    Participation,
    Person,
)
from women_in_ddat.domain.programme_rules import (
    COUNTED_STATES,
    OPEN_STATUSES,
    MilestoneState,
    milestone_state,
)
from women_in_ddat.domain.values import clean_multiline, clean_text
from women_in_ddat.errors import Conflict, EditConflict, InvalidInput
from women_in_ddat.services import milestone_rules
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.edit_conflicts import (
    Compared,
    as_display,
    edit_conflict,
    refuse_if_stale,
    showing_both_versions,
)


@dataclass(frozen=True)
class MilestoneRecord:
    """A milestone as a change left it: its values, not the table row."""

    id: int
    participation_id: int
    template_id: int | None
    title: str
    category: str
    required: bool
    due_date: date | None
    completed_on: date | None
    status: str
    evidence_note: str
    anchor: str
    due_offset_days: int | None
    due_date_manual: bool
    done_by_rule: bool
    outcome_id: int | None
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, milestone: Milestone) -> MilestoneRecord:
        return cls(**{f.name: getattr(milestone, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class OutcomeRecord:
    """One entry of her outcomes ledger as stored: its values, not the table row."""

    id: int
    person_id: int
    cohort_id: int | None
    kind: str
    occurred_on: date
    description: str
    role_family: str
    role: str
    level: str
    created_at: datetime
    version: int

    @classmethod
    def of(cls, outcome: Outcome) -> OutcomeRecord:
        return cls(**{f.name: getattr(outcome, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class RemovedOutcome:
    """An outcome as it was before it was deleted: enough to record it again (undo)."""

    id: int
    person_id: int
    kind: str
    occurred_on: date
    description: str
    cohort_id: int | None
    role_family: str
    role: str
    level: str


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    participation_id: int
    person_id: int
    person_name: str
    email: str
    cohort_id: int
    cohort: str
    title: str
    category: str
    required: bool
    due_date: date | None
    completed_on: date | None
    status: str
    evidence_note: str
    version: int
    # Its state today (programme_rules.milestone_state): what every page shows.
    state: MilestoneState = MilestoneState.OPEN
    anchor: str = MilestoneAnchor.COHORT_START.value
    due_date_manual: bool = False
    done_by_rule: bool = False
    outcome_id: int | None = None

    @classmethod
    def of(
        cls,
        m: Milestone,
        *,
        person_id: int,
        person_name: str,
        email: str,
        cohort_id: int,
        cohort: str,
        today: date,
    ) -> MilestoneRow:
        """The line for milestone ``m`` of the named person, in her cohort, as it stands ``today``."""
        return cls(
            id=m.id or 0,
            participation_id=m.participation_id,
            person_id=person_id,
            person_name=person_name,
            email=email,
            cohort_id=cohort_id,
            cohort=cohort,
            title=m.title,
            category=m.category,
            required=m.required,
            due_date=m.due_date,
            completed_on=m.completed_on,
            status=m.status,
            evidence_note=m.evidence_note,
            version=m.version,
            state=milestone_state(m.status, m.due_date, today),
            anchor=m.anchor,
            due_date_manual=m.due_date_manual,
            done_by_rule=m.done_by_rule,
            outcome_id=m.outcome_id,
        )

    def state_on(self, today: date | None = None) -> MilestoneState:
        return milestone_state(self.status, self.due_date, today or date.today())

    def is_overdue(self, today: date | None = None) -> bool:
        return self.state_on(today) == MilestoneState.OVERDUE


@dataclass(frozen=True)
class CompletionRate:
    """A completion rate that says what it counts.

    ``counted``: milestones in COUNTED_STATES (open, overdue, waiting, done)
    of places that took part and did not withdraw (accepted, active or
    completed: RUNNING_PLACE_STATUSES); ``done`` of those are done.
    ``left_out``: the rest (withdrawn, closed, not applicable, or of places
    withdrawn or only applied for).
    """

    done: int
    counted: int
    left_out: int

    @property
    def rate(self) -> float | None:
        return self.done / self.counted if self.counted else None

    def describe(self) -> str:
        left = (
            f"; {self.left_out} withdrawn, closed or not applicable left out"
            if self.left_out
            else ""
        )
        return (
            f"{self.done} of {self.counted} milestones done "
            f"(milestones still to do or done, of places not withdrawn{left})"
        )


@dataclass(frozen=True)
class MilestoneChange:
    """One milestone's new status (and, optionally, dates and evidence) within a bulk change."""

    milestone_id: int
    status: MilestoneStatus
    completed_on: date | None = None
    due_date: date | None = None
    evidence_note: str | None = None
    expected_version: int | None = None


def _checked(change: MilestoneChange) -> MilestoneChange:
    """The change with a done milestone dated (today unless given); a future date refused."""
    completed_on = change.completed_on
    if change.status == MilestoneStatus.DONE and completed_on is None:
        completed_on = date.today()
    if completed_on and completed_on > date.today():
        raise InvalidInput(
            "A milestone cannot be completed in the future.", {"completed_on": "in the future"}
        )
    return replace(change, completed_on=completed_on)


def assessment_for(
    session: Session, participation_id: int, point: AssessmentPoint, assessor: Assessor
) -> tuple[Assessment, bool]:
    """The questionnaire for this mentee, point and assessor, created if need be.

    Returns it and whether it existed already. Never commits.
    """
    assessment = session.scalar(
        select(Assessment).where(
            col(Assessment.participation_id) == participation_id,
            col(Assessment.point) == point.value,
            col(Assessment.assessor) == assessor.value,
        )
    )
    if assessment is not None:
        return assessment, True
    assessment = Assessment(
        participation_id=participation_id, point=point.value, assessor=assessor.value
    )
    session.add(assessment)
    session.flush()
    return assessment, False


class ProgressService(Service):
    # --- milestones -----------------------------------------------------
    def milestones(
        self, *, cohort_id: int | None = None, person_id: int | None = None, open_only: bool = False
    ) -> list[MilestoneRow]:
        query = (
            select(Milestone, Participation, Person, col(Cohort.name))
            .join(Participation, col(Participation.id) == col(Milestone.participation_id))
            .join(Person, col(Person.id) == col(Participation.person_id))
            .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
            # Waiting milestones (no due date yet) last, on SQLite and PostgreSQL alike.
            .order_by(
                col(Milestone.due_date).is_(None),
                col(Milestone.due_date),
                col(Person.last_name),
                col(Milestone.id),
            )
        )
        if cohort_id is not None:
            query = query.where(col(Participation.cohort_id) == cohort_id)
        if person_id is not None:
            query = query.where(col(Person.id) == person_id)
        if open_only:
            # Still to do: open, overdue or waiting (never withdrawn or closed).
            query = query.where(col(Milestone.status).in_(OPEN_STATUSES))
        with self.db.reading() as session:
            rows = session.execute(query).all()
        today = date.today()
        return [
            MilestoneRow.of(
                m,
                person_id=int(person.id or 0),
                person_name=person.display_name,
                email=person.email,
                cohort_id=p.cohort_id,
                cohort=cohort_name,
                today=today,
            )
            for m, p, person, cohort_name in rows
        ]

    def completion(
        self,
        *,
        cohort_id: int | None = None,
        participation_id: int | None = None,
        person_id: int | None = None,
        today: date | None = None,
    ) -> CompletionRate:
        """How many milestones are done, of those a rate counts (see CompletionRate)."""
        today = today or date.today()
        query = select(
            col(Milestone.status), col(Milestone.due_date), col(Participation.status)
        ).join(Participation, col(Participation.id) == col(Milestone.participation_id))
        if cohort_id is not None:
            query = query.where(col(Participation.cohort_id) == cohort_id)
        if participation_id is not None:
            query = query.where(col(Participation.id) == participation_id)
        if person_id is not None:
            query = query.where(col(Participation.person_id) == person_id)
        done = counted = left_out = 0
        with self.db.reading() as session:
            for status, due, place_status in session.execute(query):
                state = milestone_state(status, due, today)
                running = place_status in milestone_rules.RUNNING_PLACE_STATUSES
                if not running or state not in COUNTED_STATES:
                    left_out += 1
                    continue
                counted += 1
                done += state == MilestoneState.DONE
        return CompletionRate(done=done, counted=counted, left_out=left_out)

    def reset_due_date(self, milestone_id: int) -> MilestoneRecord:
        """Hand a typed due date back to its anchor."""
        with self.db.transaction() as session:
            m = get_or_404(session, Milestone, milestone_id, "milestone")
            m.due_date_manual = False
            touch(m)
            self.audit(session, AuditAction.UPDATE, "milestone", m.id, "due date follows anchor")
            milestone_rules.follow_anchors(session, [m.participation_id])
            return MilestoneRecord.of(m)

    def add_one_off(
        self,
        participation_id: int,
        title: str,
        *,
        category: MilestoneCategory = MilestoneCategory.OTHER,
        required: bool = False,
        due_date: date | None = None,
        anchor: MilestoneAnchor | None = None,
        offset_days: int = 0,
    ) -> MilestoneRecord:
        """A milestone for this one mentee: a typed due date, or an anchor and offset."""
        title = clean_text(title)
        if not title:
            raise InvalidInput("A milestone needs a title.", {"title": "a title is required"})
        with self.db.transaction() as session:
            part = get_or_404(session, Participation, participation_id, "participation")
            if part.role != "mentee":
                raise Conflict("Only a mentee has milestones.")
            clash = session.scalar(
                select(col(Milestone.id)).where(
                    col(Milestone.participation_id) == participation_id,
                    col(Milestone.title) == title,
                )
            )
            if clash is not None:
                raise InvalidInput(
                    "She has a milestone with that title already.", {"title": "already in use"}
                )
            m = Milestone(
                participation_id=participation_id,
                title=title,
                category=MilestoneCategory(category).value,
                required=required,
                anchor=(anchor or MilestoneAnchor.COHORT_START).value,
                due_offset_days=offset_days if anchor is not None else None,
                due_date=due_date,
                due_date_manual=anchor is None and due_date is not None,
            )
            session.add(m)
            session.flush()
            milestone_rules.follow_anchors(session, [participation_id])
            self.audit(session, AuditAction.CREATE, "milestone", m.id, "one-off")
            return MilestoneRecord.of(m)

    def complete_milestones(
        self,
        milestone_ids: list[int],
        *,
        on: date | None = None,
        evidence_note: str = "",
        outcome_kind: OutcomeKind = OutcomeKind.NEW_ROLE,
    ) -> int:
        """Tick off one or several milestones in one action.

        A career-move milestone ticked off records its outcome (``outcome_kind``)
        in the same action: one fact, one record.
        """
        on = on or date.today()
        if on > date.today():
            raise InvalidInput(
                "A milestone cannot be completed in the future.", {"completed_on": "in the future"}
            )
        note = clean_multiline(evidence_note)
        with self.db.transaction() as session:
            for milestone_id in milestone_ids:
                m = get_or_404(session, Milestone, milestone_id, "milestone")
                was_done = m.status == MilestoneStatus.DONE.value
                m.status = MilestoneStatus.DONE.value
                m.completed_on = on
                m.done_by_rule = False  # marked by hand: that stands
                if note:
                    m.evidence_note = note
                touch(m)
                self.audit(session, AuditAction.UPDATE, "milestone", m.id, "completed")
                if not was_done or m.outcome_id is None:
                    self._outcome_for(session, m, on, outcome_kind)
            return len(milestone_ids)

    def set_milestone(
        self,
        milestone_id: int,
        *,
        status: MilestoneStatus,
        completed_on: date | None = None,
        due_date: date | None = None,
        evidence_note: str | None = None,
        expected_version: int | None = None,
        outcome_kind: OutcomeKind = OutcomeKind.NEW_ROLE,
    ) -> MilestoneRecord:
        change = MilestoneChange(
            milestone_id, status, completed_on, due_date, evidence_note, expected_version
        )
        return self.set_milestones([change], outcome_kind=outcome_kind)[0]

    def set_milestones(
        self,
        changes: Sequence[MilestoneChange],
        *,
        outcome_kind: OutcomeKind = OutcomeKind.NEW_ROLE,
    ) -> list[MilestoneRecord]:
        """Change several milestones in one action, all or none.

        A milestone changed by someone else since ``expected_version`` refuses
        the whole set, so she is never left with half her selection changed.
        A due date given is typed by hand: no rule moves it afterwards. A
        career-move milestone marked done records its outcome; one that
        stands for an outcome is reopened only by deleting that outcome.
        """
        changes = [_checked(change) for change in changes]
        with self.db.transaction() as session:
            changed = []
            for change in changes:
                m = get_or_404(session, Milestone, change.milestone_id, "milestone")
                touch(m, change.expected_version, "milestone")
                if m.outcome_id is not None and change.status != MilestoneStatus.DONE:
                    raise Conflict(
                        f"'{m.title}' stands for an outcome in her outcomes ledger; "
                        "delete that outcome to reopen it."
                    )
                m.status = change.status.value
                m.completed_on = (
                    change.completed_on if change.status == MilestoneStatus.DONE else None
                )
                m.done_by_rule = False  # set by hand: that stands
                if change.due_date is not None and change.due_date != m.due_date:
                    m.due_date = change.due_date
                    m.due_date_manual = True
                if change.evidence_note is not None:
                    m.evidence_note = clean_multiline(change.evidence_note)
                self.audit(
                    session, AuditAction.UPDATE, "milestone", m.id, f"status {change.status.value}"
                )
                if change.status == MilestoneStatus.DONE and m.outcome_id is None:
                    self._outcome_for(session, m, m.completed_on or date.today(), outcome_kind)
                changed.append(m)
            return [MilestoneRecord.of(m) for m in changed]

    def _outcome_for(self, session: Session, m: Milestone, on: date, kind: OutcomeKind) -> None:
        """A career-move milestone done by hand: record the outcome it stands for, linked."""
        if m.category != MilestoneCategory.CAREER_MOVE.value or m.outcome_id is not None:
            return
        kind = OutcomeKind(kind)
        if kind.value not in milestone_rules.CAREER_OUTCOMES:
            raise InvalidInput(
                "A career move is a promotion or a new role.", {"kind": "promotion or new role"}
            )
        part = get_or_404(session, Participation, m.participation_id, "participation")
        outcome = Outcome(
            person_id=part.person_id, cohort_id=part.cohort_id, kind=kind.value, occurred_on=on
        )
        session.add(outcome)
        session.flush()
        m.outcome_id = outcome.id
        m.evidence_note = m.evidence_note or milestone_rules.OUTCOME_EVIDENCE
        self.audit(
            session, AuditAction.CREATE, "outcome", outcome.id, f"{kind.value}, from milestone"
        )

    # --- assessments ----------------------------------------------------
    def assessments(
        self, participation_id: int
    ) -> dict[tuple[str, str], dict[tuple[str, str], int]]:
        """{(point, assessor): {(kind, item): score}} for one participation."""
        with self.db.reading() as session:
            rows = session.execute(
                select(
                    col(Assessment.point),
                    col(Assessment.assessor),
                    col(AssessmentScore.kind),
                    col(AssessmentScore.item),
                    col(AssessmentScore.score),
                )
                .join(AssessmentScore, col(AssessmentScore.assessment_id) == col(Assessment.id))
                .where(col(Assessment.participation_id) == participation_id)
            ).all()
        result: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
        for point, assessor, kind, item, score in rows:
            result.setdefault((point, assessor), {})[(kind, item)] = score
        return result

    # --- outcomes -------------------------------------------------------
    def record_outcome(
        self,
        person_id: int,
        kind: OutcomeKind,
        occurred_on: date,
        *,
        description: str = "",
        cohort_id: int | None = None,
        role_family: str = "",
        role: str = "",
        level: str = "",
    ) -> OutcomeRecord:
        _check_outcome_date(occurred_on)
        with self.db.transaction() as session:
            get_or_404(session, Person, person_id, "person")
            _check_cohort(session, cohort_id)
            outcome = Outcome(person_id=person_id, occurred_on=occurred_on, kind=kind.value)
            _fill_outcome(outcome, kind, cohort_id, description, role_family, role, level)
            session.add(outcome)
            session.flush()
            self.audit(session, AuditAction.CREATE, "outcome", outcome.id, kind.value)
            self.audit_rules(session, milestone_rules.follow_outcomes(session, person_id))
            return OutcomeRecord.of(outcome)

    def update_outcome(
        self,
        outcome_id: int,
        kind: OutcomeKind,
        occurred_on: date,
        *,
        description: str = "",
        cohort_id: int | None = None,
        role_family: str = "",
        role: str = "",
        level: str = "",
        expected_version: int | None = None,
    ) -> OutcomeRecord:
        """Correct one entry of the ledger; every field is replaced by what is given."""
        _check_outcome_date(occurred_on)
        yours = Outcome(person_id=0, occurred_on=occurred_on, kind=OutcomeKind(kind).value)
        _fill_outcome(yours, kind, cohort_id, description, role_family, role, level)

        def changed_meanwhile() -> EditConflict:
            with self.db.reading() as session:
                return outcome_edit_conflict(
                    session, get_or_404(session, Outcome, outcome_id, "outcome"), yours
                )

        with (
            showing_both_versions(expected_version, changed_meanwhile),
            self.db.transaction() as session,
        ):
            outcome = get_or_404(session, Outcome, outcome_id, "outcome")
            refuse_if_stale(
                outcome.version,
                expected_version,
                lambda: outcome_edit_conflict(session, outcome, yours),
            )
            _check_cohort(session, cohort_id)
            outcome.occurred_on = occurred_on
            _fill_outcome(outcome, kind, cohort_id, description, role_family, role, level)
            touch(outcome)
            self.audit(session, AuditAction.UPDATE, "outcome", outcome.id, kind.value)
            self.audit_rules(session, milestone_rules.follow_outcomes(session, outcome.person_id))
            return OutcomeRecord.of(outcome)

    def outcomes(self, person_id: int) -> list[OutcomeRecord]:
        with self.db.reading() as session:
            return [
                OutcomeRecord.of(outcome)
                for outcome in session.scalars(
                    select(Outcome)
                    .where(col(Outcome.person_id) == person_id)
                    .order_by(col(Outcome.occurred_on), col(Outcome.id))
                )
            ]

    def delete_outcome(
        self, outcome_id: int, *, expected_version: int | None = None
    ) -> RemovedOutcome:
        """Remove one entry; returns it as it was, so the action can be undone.

        With ``expected_version`` (the version the coordinator was shown), an
        entry someone changed meanwhile is kept: she deletes only what she saw.
        """
        with self.db.transaction() as session:
            row = get_or_404(session, Outcome, outcome_id, "outcome")
            if expected_version is not None and row.version != expected_version:
                raise Conflict(
                    "This outcome was changed by someone else since you opened it; "
                    "nothing was deleted. Look at their version, then delete it again "
                    "if it should go."
                )
            # Its career-move milestone stood for it: open again (unless another outcome stands).
            released = milestone_rules.release_outcome(session, outcome_id)
            session.delete(row)
            self.audit(session, AuditAction.DELETE, "outcome", outcome_id, row.kind)
            self.audit_rules(
                session, released + milestone_rules.follow_outcomes(session, row.person_id)
            )
            return RemovedOutcome(
                outcome_id,
                row.person_id,
                row.kind,
                row.occurred_on,
                row.description,
                row.cohort_id,
                row.role_family,
                row.role,
                row.level,
            )


def _check_outcome_date(occurred_on: date | None) -> None:
    if occurred_on is None:
        raise InvalidInput("Say when it happened.", {"occurred_on": "say when it happened"})
    if occurred_on > date.today():
        raise InvalidInput(
            "An outcome cannot be dated in the future.", {"occurred_on": "in the future"}
        )


def _check_cohort(session: Session, cohort_id: int | None) -> None:
    if cohort_id is not None:
        get_or_404(session, Cohort, cohort_id, "cohort")


def _fill_outcome(
    outcome: Outcome,
    kind: OutcomeKind,
    cohort_id: int | None,
    description: str,
    role_family: str,
    role: str,
    level: str,
) -> None:
    outcome.kind = OutcomeKind(kind).value
    outcome.cohort_id = cohort_id
    outcome.description = clean_multiline(description)
    outcome.role_family = clean_text(role_family)
    outcome.role = clean_text(role)
    outcome.level = clean_text(level)


def outcome_edit_conflict(session: Session, stored: Outcome, yours: Outcome) -> EditConflict:
    """The ledger entry as saved now beside what this save holds."""

    def cohort_name(cohort_id: object) -> str:
        cohort = session.get(Cohort, cohort_id) if isinstance(cohort_id, int) else None
        return cohort.name if cohort is not None else "None (not credited to a cohort)"

    def kind_label(kind: object) -> str:
        return OutcomeKind(str(kind)).label

    return edit_conflict(
        "outcome",
        (
            Compared(name, caption, getattr(stored, name), getattr(yours, name), shown)
            for name, caption, shown in (
                ("kind", "Outcome", kind_label),
                ("occurred_on", "Date", as_display),
                ("cohort_id", "Cohort", cohort_name),
                ("role_family", "Role family", as_display),
                ("role", "DDaT role", as_display),
                ("level", "Level", as_display),
                ("description", "Description", as_display),
            )
        ),
        stored.version,
    )
