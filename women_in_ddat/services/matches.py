"""Mentoring matches and the sessions logged against them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from women_in_ddat.domain.enums import (
    AuditAction,
    MatchStatus,
    ParticipantRole,
    ParticipationStatus,
    SessionFormat,
)
from women_in_ddat.domain.models import (
    Cohort,
    Match,
    MatchStatusChange,
    MentoringSession,
    Participation,
    Person,
)
from women_in_ddat.domain.programme_rules import session_logging
from women_in_ddat.domain.values import clean_multiline
from women_in_ddat.errors import Conflict, InvalidInput, NeedsConfirmation
from women_in_ddat.services import match_history, milestone_rules
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.cohorts import (
    CURRENT_STATUSES,
    ParticipationRecord,
    apply_templates_to_participation,
    mentor_load,
)
from women_in_ddat.services.match_history import MatchHistory, histories, record_step, transition
from women_in_ddat.services.people import PersonRecord


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
        select(func.count(col(Match.id))).where(
            col(Match.mentee_participation_id) == mentee_part.id,
            col(Match.status).in_(CURRENT_STATUSES),
        )
    )
    if current:
        problems.append("the mentee already has a current match")
    return problems


@dataclass(frozen=True)
class SessionLine:
    """One mentoring session, as the pages show it."""

    id: int
    match_id: int
    held_on: date
    duration_minutes: int
    format: str
    note: str


@dataclass(frozen=True)
class MatchRecord:
    """A match as a change left it: its values, not the table row."""

    id: int
    cohort_id: int
    mentee_participation_id: int
    mentor_participation_id: int
    status: str
    start_date: date | None
    end_date: date | None
    rationale: str
    pinned: bool
    status_reason: str
    status_changed_by: str
    status_changed_at: datetime | None
    version: int

    @classmethod
    def of(cls, match: Match) -> MatchRecord:
        return cls(
            id=match.id,
            cohort_id=match.cohort_id,
            mentee_participation_id=match.mentee_participation_id,
            mentor_participation_id=match.mentor_participation_id,
            status=match.status,
            start_date=match.start_date,
            end_date=match.end_date,
            rationale=match.rationale,
            pinned=match.pinned,
            status_reason=match.status_reason,
            status_changed_by=match.status_changed_by,
            status_changed_at=match.status_changed_at,
            version=match.version,
        )


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
    # Why it is on hold or ended, and who ended it ("" otherwise).
    status_reason: str
    ended_by: str
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
    ) -> MatchRecord:
        with self.db.transaction() as session:
            match = create_match_in(
                session,
                mentee_participation_id,
                mentor_participation_id,
                rationale=rationale,
                start_date=start_date,
                status=status,
                by=self.actor,
            )
            self.audit(session, AuditAction.CREATE, "match", match.id)
            return MatchRecord.of(match)

    def change_status(
        self,
        match_id: int,
        status: MatchStatus,
        *,
        reason: str = "",
        on: date | None = None,
        expected_version: int | None = None,
        by: str = "",
    ) -> MatchRecord:
        """Move a match to ``status`` from ``on`` (default today), keeping the step in its history."""
        with self.db.transaction() as session:
            match = get_or_404(session, Match, match_id, "match")
            if MatchStatus(match.status) == status:
                return MatchRecord.of(match)
            if expected_version is not None and match.version != expected_version:
                raise Conflict(
                    "This match was changed by someone else since you opened it. "
                    "Reload it to see their changes, then try again."
                )
            changes = transition(session, match, status, on=on, reason=reason, by=by or self.actor)
            self.audit(session, AuditAction.UPDATE, "match", match.id, f"status {status.value}")
            self.audit_rules(session, changes)
            return MatchRecord.of(match)

    def start_match(self, match_id: int, *, on: date | None = None) -> MatchRecord:
        """A proposed (or on-hold) match is active from ``on``; her match milestones follow."""
        return self.change_status(match_id, MatchStatus.ACTIVE, on=on)

    def start_proposed(
        self, expected_versions: Mapping[int, int | None], *, on: date | None = None
    ) -> list[MatchRecord]:
        """Start several proposed matches from ``on`` (default today), all or none.

        ``expected_versions`` maps each match id to the version she saw (None
        skips the check); one changed meanwhile, or one no longer proposed,
        refuses the whole set.
        """
        with self.db.transaction() as session:
            started = []
            for match_id, expected_version in expected_versions.items():
                match = get_or_404(session, Match, match_id, "match")
                if match.status != MatchStatus.PROPOSED.value:
                    raise Conflict(
                        "Only proposed matches can be started; one of those chosen is "
                        f"{MatchStatus(match.status).label.lower()}. Reload and try again."
                    )
                if expected_version is not None and match.version != expected_version:
                    raise Conflict(
                        "This match was changed by someone else since you opened it. "
                        "Reload it to see their changes, then try again."
                    )
                changes = transition(session, match, MatchStatus.ACTIVE, on=on, by=self.actor)
                self.audit(session, AuditAction.UPDATE, "match", match.id, "status active")
                self.audit_rules(session, changes)
                started.append(match)
            return [MatchRecord.of(match) for match in started]

    def hold(self, match_id: int, *, reason: str, on: date | None = None) -> MatchRecord:
        return self.change_status(match_id, MatchStatus.ON_HOLD, on=on, reason=reason)

    def resume(self, match_id: int, *, on: date | None = None) -> MatchRecord:
        return self.change_status(match_id, MatchStatus.ACTIVE, on=on)

    def end(
        self, match_id: int, *, reason: str, on: date | None = None, by: str = ""
    ) -> MatchRecord:
        """The match ended early (``by`` whom: default the acting coordinator).

        Ending her only current match makes her unmatched again: a new
        mentor is a new match, and the ended one stays in her history.
        """
        return self.change_status(match_id, MatchStatus.ENDED_EARLY, on=on, reason=reason, by=by)

    def complete(self, match_id: int, *, on: date | None = None) -> MatchRecord:
        return self.change_status(match_id, MatchStatus.COMPLETED, on=on)

    def start(
        self,
        mentee_participation_id: int,
        mentor_participation_id: int,
        *,
        on: date | None = None,
        rationale: str = "",
    ) -> MatchRecord:
        """Make her match with this mentor active from ``on``, creating the match if need be.

        Refused while she has a current match with another mentor: end that
        one first, so the history says who was replaced, when and why.
        """
        with self.db.transaction() as session:
            current = session.scalar(
                select(Match).where(
                    col(Match.mentee_participation_id) == mentee_participation_id,
                    col(Match.status).in_(CURRENT_STATUSES),
                )
            )
            if current is not None and current.mentor_participation_id != mentor_participation_id:
                raise Conflict(
                    "She has a current match with another mentor; end it first, saying why."
                )
            match = current
            if match is None:
                match = create_match_in(
                    session,
                    mentee_participation_id,
                    mentor_participation_id,
                    rationale=rationale,
                    by=self.actor,
                    # Made and started together: its history's first step is dated as its start.
                    proposed_on=on,
                )
                self.audit(session, AuditAction.CREATE, "match", match.id)
            changes = transition(session, match, MatchStatus.ACTIVE, on=on, by=self.actor)
            self.audit(session, AuditAction.UPDATE, "match", match.id, "status active")
            self.audit_rules(session, changes)
            return MatchRecord.of(match)

    def move_start(self, match_id: int, on: date) -> MatchRecord:
        """Correct the day a match started; her match milestones move with it."""
        if on > date.today():
            raise InvalidInput("A match cannot start in the future.", {"on": "in the future"})
        with self.db.transaction() as session:
            match = get_or_404(session, Match, match_id, "match")
            if match.start_date is None:
                raise Conflict("This match has not started; start it instead.")
            if match.end_date is not None and on > match.end_date:
                raise InvalidInput(
                    "A match cannot start after it ended.", {"on": "after the match ended"}
                )
            match.start_date = on
            touch(match)
            self.audit(session, AuditAction.UPDATE, "match", match.id, "start date")
            self.audit_rules(
                session, milestone_rules.follow_anchors(session, [match.mentee_participation_id])
            )
            return MatchRecord.of(match)

    def current_match(self, mentee_participation_id: int) -> MatchRow | None:
        """Her match now (proposed, active or on hold), or None: she is unmatched."""
        with self.db.reading() as session:
            get_or_404(session, Participation, mentee_participation_id, "participation")
        rows = [
            row
            for row in self.rows(mentee_participation_id=mentee_participation_id)
            if row.status in CURRENT_STATUSES
        ]
        return rows[-1] if rows else None

    def history(self, mentee_participation_id: int) -> list[MatchHistory]:
        """Every match of this mentee place, oldest first, with dates and reasons."""
        with self.db.reading() as session:
            return histories(session, [mentee_participation_id]).get(mentee_participation_id, [])

    def history_for_person(self, person_id: int) -> list[MatchHistory]:
        """Every match of every mentee place she has held, oldest first."""
        with self.db.reading() as session:
            part_ids = session.scalars(
                select(col(Participation.id)).where(
                    col(Participation.person_id) == person_id,
                    col(Participation.role) == ParticipantRole.MENTEE.value,
                )
            ).all()
            found = histories(session, part_ids)
        return sorted(
            (line for lines in found.values() for line in lines), key=lambda h: h.match_id
        )

    def log_session(
        self,
        match_id: int,
        *,
        held_on: date | None = None,
        duration_minutes: int = 60,
        format: SessionFormat = SessionFormat.VIDEO,
        note: str = "",
        confirmed: bool = False,
    ) -> SessionLine:
        """Log a session held on ``held_on`` (the programme's rules may refuse it or ask first).

        On a match on hold (or after a completed match ended) it raises
        NeedsConfirmation, logging nothing, unless ``confirmed``.
        """
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
            rule = session_logging(
                match.status,
                held_on,
                since=_on_hold_since(session, match_id),
                ended_on=match.end_date,
            )
            if rule.refused:
                raise Conflict(rule.refused)
            if rule.confirm_first and not confirmed:
                raise NeedsConfirmation(rule.confirm_first, "no session was logged.")
            row = MentoringSession(
                match_id=match_id,
                held_on=held_on,
                duration_minutes=duration_minutes,
                format=format.value,
                note=clean_multiline(note),
            )
            session.add(row)
            changes: list[tuple[int, str]] = []
            if match.status == MatchStatus.PROPOSED.value:
                # Meeting is what makes a proposed match real: it started that day.
                changes += transition(session, match, MatchStatus.ACTIVE, on=held_on, by=self.actor)
            session.flush()
            changes += milestone_rules.follow_sessions(session, match.mentee_participation_id)
            self.audit(session, AuditAction.CREATE, "session", row.id)
            self.audit_rules(session, changes)
            return SessionLine(
                row.id, row.match_id, row.held_on, row.duration_minutes, row.format, row.note
            )

    def sessions(self, match_id: int) -> list[SessionLine]:
        with self.db.reading() as session:
            rows = session.scalars(
                select(MentoringSession)
                .where(col(MentoringSession.match_id) == match_id)
                .order_by(col(MentoringSession.held_on).desc(), col(MentoringSession.id).desc())
            )
            return [
                SessionLine(
                    int(row.id or 0),
                    row.match_id,
                    row.held_on,
                    row.duration_minutes,
                    row.format,
                    row.note,
                )
                for row in rows
            ]

    def delete_session(self, session_id: int) -> None:
        with self.db.transaction() as session:
            row = get_or_404(session, MentoringSession, session_id, "session")
            match = get_or_404(session, Match, row.match_id, "match")
            session.delete(row)
            self.audit(session, AuditAction.DELETE, "session", session_id)
            # "First mentoring session" done by the rule goes back with its last session.
            self.audit_rules(
                session, milestone_rules.follow_sessions(session, match.mentee_participation_id)
            )

    def rows(
        self,
        *,
        cohort_id: int | None = None,
        person_id: int | None = None,
        mentee_participation_id: int | None = None,
    ) -> list[MatchRow]:
        mentee_p = aliased(Participation)
        mentor_p = aliased(Participation)
        mentee = aliased(Person)
        mentor = aliased(Person)
        stats = (
            select(
                col(MentoringSession.match_id),
                func.count(col(MentoringSession.id)).label("n"),
                func.max(col(MentoringSession.held_on)).label("last"),
            )
            .group_by(col(MentoringSession.match_id))
            .subquery()
        )
        query = (
            select(
                Match, col(Cohort.name), mentee_p, mentee, mentor_p, mentor, stats.c.n, stats.c.last
            )
            .join(Cohort, col(Cohort.id) == col(Match.cohort_id))
            .join(mentee_p, col(mentee_p.id) == col(Match.mentee_participation_id))
            .join(mentee, col(mentee.id) == col(mentee_p.person_id))
            .join(mentor_p, col(mentor_p.id) == col(Match.mentor_participation_id))
            .join(mentor, col(mentor.id) == col(mentor_p.person_id))
            .outerjoin(stats, stats.c.match_id == col(Match.id))
            .order_by(
                col(Cohort.name), col(mentee.last_name), col(mentee.first_name), col(Match.id)
            )
        )
        if cohort_id is not None:
            query = query.where(col(Match.cohort_id) == cohort_id)
        if person_id is not None:
            query = query.where((col(mentee.id) == person_id) | (col(mentor.id) == person_id))
        if mentee_participation_id is not None:
            query = query.where(col(Match.mentee_participation_id) == mentee_participation_id)
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
                status_reason=m.status_reason,
                ended_by=m.status_changed_by
                if m.status in (MatchStatus.ENDED_EARLY.value, MatchStatus.COMPLETED.value)
                else "",
                sessions=n or 0,
                last_session=last,
                version=m.version,
            )
            for m, cohort_name, mp, me, op, mo, n, last in result
        ]

    def eligible_mentors(
        self, mentee_participation_id: int
    ) -> list[tuple[ParticipationRecord, PersonRecord]]:
        """Mentors of the mentee's cohort whom the hard rules allow, with capacity."""
        with self.db.reading() as session:
            mentee_part = get_or_404(
                session, Participation, mentee_participation_id, "participation"
            )
            candidates = session.execute(
                select(Participation, Person)
                .join(Person, col(Person.id) == col(Participation.person_id))
                .where(
                    col(Participation.cohort_id) == mentee_part.cohort_id,
                    col(Participation.role) == ParticipantRole.MENTOR.value,
                )
                .order_by(col(Person.last_name), col(Person.first_name))
            ).all()
            return [
                (ParticipationRecord.of(part), PersonRecord.of(person))
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
    by: str = "",
    proposed_on: date | None = None,
) -> Match:
    """Create a match inside the caller's transaction, enforcing the hard rules.

    Its first step is kept in its history; an active match's start anchors
    her match milestones at once.
    """
    mentee_part = get_or_404(session, Participation, mentee_participation_id, "participation")
    mentor_part = get_or_404(session, Participation, mentor_participation_id, "participation")
    problems = hard_rule_violations(session, mentee_part, mentor_part)
    if problems:
        raise Conflict("This match cannot be made: " + "; ".join(problems) + ".")
    if status == MatchStatus.ACTIVE and start_date is None:
        start_date = date.today()
    match = Match(
        cohort_id=mentee_part.cohort_id,
        mentee_participation_id=mentee_part.id,
        mentor_participation_id=mentor_part.id,
        status=status.value,
        start_date=start_date,
        rationale=clean_multiline(rationale),
    )
    session.add(match)
    session.flush()
    on = match.start_date if status == MatchStatus.ACTIVE else (proposed_on or date.today())
    record_step(session, match, "", status.value, on=on, by=by)
    match_history.places_follow_match(session, match, by=by)
    cohort = session.get(Cohort, mentee_part.cohort_id)
    if cohort is not None:
        apply_templates_to_participation(session, cohort, mentee_part)
    milestone_rules.follow_anchors(session, [mentee_part.id])
    return match


def _on_hold_since(session: Session, match_id: int) -> date | None:
    """The day the match was last put on hold (None if it never was)."""
    change = session.scalars(
        select(MatchStatusChange)
        .where(
            col(MatchStatusChange.match_id) == match_id,
            col(MatchStatusChange.to_status) == MatchStatus.ON_HOLD.value,
        )
        .order_by(col(MatchStatusChange.id).desc())
        .limit(1)
    ).first()
    if change is None:
        return None
    return change.on_date or change.at.date()
