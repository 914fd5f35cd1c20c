"""Mentoring matches and the sessions logged against them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from women_in_ddat.domain.enums import (
    MATCH_TRANSITIONS,
    AuditAction,
    MatchStatus,
    ParticipantRole,
    ParticipationStatus,
    SessionFormat,
)
from women_in_ddat.domain.models import (
    Cohort,
    Match,
    MentoringSession,
    Participation,
    Person,
    utcnow,
)
from women_in_ddat.domain.values import clean_multiline, clean_text
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.cohorts import (
    CURRENT_STATUSES,
    apply_templates_to_participation,
    mentor_load,
)


def hard_rule_violations(
    session: Session, mentee_part: Participation, mentor_part: Participation
) -> list[str]:
    """Why this pairing may not be made; empty when it may. Never broken, by anyone."""
    problems = []
    if mentee_part.role != ParticipantRole.MENTEE.value:
        problems.append("the first person is not a mentee in this cohort")
    if mentor_part.role != ParticipantRole.MENTOR.value:
        problems.append("the second person is not a mentor in this cohort")
    if mentee_part.cohort_id != mentor_part.cohort_id:
        problems.append("mentee and mentor are in different cohorts")
    for part, who in ((mentee_part, "mentee"), (mentor_part, "mentor")):
        if part.status == ParticipationStatus.WITHDRAWN.value:
            problems.append(f"the {who} has withdrawn")
    mentee = session.get(Person, mentee_part.person_id)
    mentor = session.get(Person, mentor_part.person_id)
    if mentee is not None and mentor is not None:
        if mentee.organisation_id is not None and mentee.organisation_id == mentor.organisation_id:
            problems.append("the mentor works in the mentee's own organisation")
        if mentee.line_manager_email and mentee.line_manager_email == mentor.email:
            problems.append("the mentor is the mentee's line manager")
    if mentor_load(session, mentor_part.id) >= mentor_part.mentor_capacity:
        problems.append("the mentor has no capacity left")
    current = session.scalar(
        select(func.count(Match.id)).where(
            Match.mentee_participation_id == mentee_part.id, Match.status.in_(CURRENT_STATUSES)
        )
    )
    if current:
        problems.append("the mentee already has a current match")
    return problems


@dataclass(frozen=True)
class MatchRow:
    id: int
    cohort_id: int
    cohort: str
    mentee_participation_id: int
    mentee_person_id: int
    mentee_name: str
    mentee_email: str
    mentor_participation_id: int
    mentor_person_id: int
    mentor_name: str
    mentor_email: str
    status: str
    start_date: date | None
    end_date: date | None
    rationale: str
    sessions: int
    last_session: date | None
    version: int


class MatchService(Service):
    def create_match(
        self,
        mentee_participation_id: int,
        mentor_participation_id: int,
        *,
        rationale: str = "",
        start_date: date | None = None,
        status: MatchStatus = MatchStatus.PROPOSED,
    ) -> Match:
        with self.db.transaction() as session:
            match = create_match_in(
                session,
                mentee_participation_id,
                mentor_participation_id,
                rationale=rationale,
                start_date=start_date,
                status=status,
            )
            self.audit(session, AuditAction.CREATE, "match", match.id)
            return match

    def change_status(
        self,
        match_id: int,
        status: MatchStatus,
        *,
        reason: str = "",
        on: date | None = None,
        expected_version: int | None = None,
    ) -> Match:
        reason = clean_text(reason)
        with self.db.transaction() as session:
            match = get_or_404(session, Match, match_id, "match")
            current = MatchStatus(match.status)
            if status == current:
                return match
            if status not in MATCH_TRANSITIONS[current]:
                raise Conflict(
                    f"A match cannot go from {current.label.lower()} to {status.label.lower()}."
                )
            if status in (MatchStatus.ENDED_EARLY, MatchStatus.ON_HOLD) and not reason:
                raise InvalidInput("Say why.", {"reason": "a reason is required"})
            touch(match, expected_version, "match")
            match.status = status.value
            match.status_reason = reason
            match.status_changed_by = self.actor
            match.status_changed_at = utcnow()
            today = on or date.today()
            if status == MatchStatus.ACTIVE and match.start_date is None:
                match.start_date = today
            if status in (MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY):
                match.end_date = today
            self.audit(session, AuditAction.UPDATE, "match", match.id, f"status {status.value}")
            return match

    def set_rationale(self, match_id: int, rationale: str) -> Match:
        with self.db.transaction() as session:
            match = get_or_404(session, Match, match_id, "match")
            match.rationale = clean_multiline(rationale)
            touch(match)
            self.audit(session, AuditAction.UPDATE, "match", match.id, "rationale")
            return match

    def log_session(
        self,
        match_id: int,
        *,
        held_on: date | None = None,
        duration_minutes: int = 60,
        format: SessionFormat = SessionFormat.VIDEO,
        note: str = "",
    ) -> MentoringSession:
        held_on = held_on or date.today()
        problems = {}
        if not 1 <= duration_minutes <= 24 * 60:
            problems["duration_minutes"] = "between 1 minute and 24 hours"
        if held_on > date.today():
            problems["held_on"] = "a session cannot be logged in the future"
        if problems:
            raise InvalidInput("Please correct the highlighted fields.", problems)
        with self.db.transaction() as session:
            match = get_or_404(session, Match, match_id, "match")
            if match.status in (MatchStatus.ENDED_EARLY.value,):
                raise Conflict("This match has ended; sessions can no longer be logged against it.")
            row = MentoringSession(
                match_id=match_id,
                held_on=held_on,
                duration_minutes=duration_minutes,
                format=format.value,
                note=clean_multiline(note),
            )
            session.add(row)
            if match.status == MatchStatus.PROPOSED.value:
                # Meeting is what makes a proposed match real.
                match.status = MatchStatus.ACTIVE.value
                match.start_date = match.start_date or held_on
                touch(match)
            session.flush()
            self.audit(session, AuditAction.CREATE, "session", row.id)
            return row

    def sessions(self, match_id: int) -> list[MentoringSession]:
        with self.db.reading() as session:
            return list(
                session.scalars(
                    select(MentoringSession)
                    .where(MentoringSession.match_id == match_id)
                    .order_by(MentoringSession.held_on.desc(), MentoringSession.id.desc())
                )
            )

    def delete_session(self, session_id: int) -> None:
        with self.db.transaction() as session:
            row = get_or_404(session, MentoringSession, session_id, "session")
            session.delete(row)
            self.audit(session, AuditAction.DELETE, "session", session_id)

    def rows(self, *, cohort_id: int | None = None, person_id: int | None = None) -> list[MatchRow]:
        mentee_p = aliased(Participation)
        mentor_p = aliased(Participation)
        mentee = aliased(Person)
        mentor = aliased(Person)
        stats = (
            select(
                MentoringSession.match_id,
                func.count(MentoringSession.id).label("n"),
                func.max(MentoringSession.held_on).label("last"),
            )
            .group_by(MentoringSession.match_id)
            .subquery()
        )
        query = (
            select(Match, Cohort.name, mentee_p, mentee, mentor_p, mentor, stats.c.n, stats.c.last)
            .join(Cohort, Cohort.id == Match.cohort_id)
            .join(mentee_p, mentee_p.id == Match.mentee_participation_id)
            .join(mentee, mentee.id == mentee_p.person_id)
            .join(mentor_p, mentor_p.id == Match.mentor_participation_id)
            .join(mentor, mentor.id == mentor_p.person_id)
            .outerjoin(stats, stats.c.match_id == Match.id)
            .order_by(Cohort.name, mentee.last_name, mentee.first_name, Match.id)
        )
        if cohort_id is not None:
            query = query.where(Match.cohort_id == cohort_id)
        if person_id is not None:
            query = query.where((mentee.id == person_id) | (mentor.id == person_id))
        with self.db.reading() as session:
            result = session.execute(query).all()
        return [
            MatchRow(
                id=m.id,
                cohort_id=m.cohort_id,
                cohort=cohort_name,
                mentee_participation_id=mp.id,
                mentee_person_id=me.id,
                mentee_name=me.display_name,
                mentee_email=me.email,
                mentor_participation_id=op.id,
                mentor_person_id=mo.id,
                mentor_name=mo.display_name,
                mentor_email=mo.email,
                status=m.status,
                start_date=m.start_date,
                end_date=m.end_date,
                rationale=m.rationale,
                sessions=n or 0,
                last_session=last,
                version=m.version,
            )
            for m, cohort_name, mp, me, op, mo, n, last in result
        ]

    def eligible_mentors(self, mentee_participation_id: int) -> list[tuple[Participation, Person]]:
        """Mentors of the mentee's cohort whom the hard rules allow, with capacity."""
        with self.db.reading() as session:
            mentee_part = get_or_404(
                session, Participation, mentee_participation_id, "participation"
            )
            candidates = session.execute(
                select(Participation, Person)
                .join(Person, Person.id == Participation.person_id)
                .where(
                    Participation.cohort_id == mentee_part.cohort_id,
                    Participation.role == ParticipantRole.MENTOR.value,
                )
                .order_by(Person.last_name, Person.first_name)
            ).all()
            return [
                (part, person)
                for part, person in candidates
                if not [
                    p
                    for p in hard_rule_violations(session, mentee_part, part)
                    if p != "the mentee already has a current match"
                ]
            ]


def create_match_in(
    session: Session,
    mentee_participation_id: int,
    mentor_participation_id: int,
    *,
    rationale: str = "",
    start_date: date | None = None,
    status: MatchStatus = MatchStatus.PROPOSED,
) -> Match:
    """Create a match inside the caller's transaction, enforcing the hard rules."""
    mentee_part = get_or_404(session, Participation, mentee_participation_id, "participation")
    mentor_part = get_or_404(session, Participation, mentor_participation_id, "participation")
    problems = hard_rule_violations(session, mentee_part, mentor_part)
    if problems:
        raise Conflict("This match cannot be made: " + "; ".join(problems) + ".")
    match = Match(
        cohort_id=mentee_part.cohort_id,
        mentee_participation_id=mentee_part.id,
        mentor_participation_id=mentor_part.id,
        status=status.value,
        start_date=start_date if start_date or status != MatchStatus.ACTIVE else date.today(),
        rationale=clean_multiline(rationale),
    )
    session.add(match)
    session.flush()
    cohort = session.get(Cohort, mentee_part.cohort_id)
    if cohort is not None:
        apply_templates_to_participation(session, cohort, mentee_part, match.start_date)
    return match
