"""Everything recorded about one person, for their page in the app.

One read gives the profile, every cohort place, match, milestone, session,
questionnaire and outcome, and the audit history of all of them, as plain
frozen objects. ``deletion_impact`` says what would go with the person if
they were deleted (the cascade in the schema), for the confirmation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from women_in_ddat.domain.audit_words import action_words, record_words
from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    AssessmentPoint,
    ParticipantRole,
    ScoreKind,
    SkillDirection,
)
from women_in_ddat.domain.models import (
    Assessment,
    AssessmentScore,
    AuditEvent,
    Cohort,
    EqualityRecord,
    Match,
    MentoringSession,
    Milestone,
    Organisation,
    Outcome,
    Participation,
    Person,
    PersonSkillInterest,
    Programme,
)
from women_in_ddat.domain.programme_rules import MilestoneState, milestone_state
from women_in_ddat.services.base import Service, get_or_404
from women_in_ddat.services.events import PersonEventRow, person_event_rows
from women_in_ddat.services.messages import MessageLine, message_lines
from women_in_ddat.services.people import PersonFields

HISTORY_LIMIT = 500


@dataclass(frozen=True)
class ParticipationLine:
    id: int
    cohort_id: int
    cohort: str
    role: str
    status: str
    start_date: date | None
    withdrawn_reason: str
    mentor_capacity: int
    goals: str


@dataclass(frozen=True)
class MatchLine:
    id: int
    cohort_id: int
    cohort: str
    # The person's side of the match: "mentee" or "mentor".
    role: str
    partner_id: int
    partner_name: str
    status: str
    start_date: date | None
    end_date: date | None
    status_reason: str
    sessions: int
    last_session: date | None


@dataclass(frozen=True)
class MilestoneLine:
    id: int
    cohort: str
    title: str
    required: bool
    due_date: date | None
    completed_on: date | None
    status: str
    evidence_note: str
    overdue: bool
    # Its state today (programme_rules): open, done, overdue, waiting, withdrawn, closed, n/a.
    state: str = MilestoneState.OPEN.value
    due_date_manual: bool = False


@dataclass(frozen=True)
class SessionLine:
    id: int
    match_id: int
    partner_name: str
    held_on: date
    duration_minutes: int
    format: str
    note: str


@dataclass(frozen=True)
class AssessmentLine:
    id: int
    participation_id: int
    cohort: str
    point: str
    assessor: str
    completed_on: date | None
    confidence: dict[str, int]
    skills: dict[str, int]
    version: int = 1

    @property
    def confidence_mean(self) -> float | None:
        return sum(self.confidence.values()) / len(self.confidence) if self.confidence else None


@dataclass(frozen=True)
class OutcomeLine:
    id: int
    kind: str
    occurred_on: date
    description: str
    cohort_id: int | None
    cohort: str
    role_family: str
    role: str
    level: str
    version: int = 1

    @classmethod
    def of(cls, outcome: Outcome, cohort: str | None) -> OutcomeLine:
        """Her outcome as listed, with the name of the cohort it is credited to."""
        return cls(
            id=int(outcome.id or 0),
            kind=outcome.kind,
            occurred_on=outcome.occurred_on,
            description=outcome.description,
            cohort_id=outcome.cohort_id,
            cohort=cohort or "",
            role_family=outcome.role_family,
            role=outcome.role,
            level=outcome.level,
            version=outcome.version,
        )


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: str

    @property
    def said(self) -> str:
        """What was done, in the coordinator's words: "Changed Match"."""
        return f"{action_words(self.action)} {record_words(self.entity).lower()}"


@dataclass(frozen=True)
class PersonDetail(PersonFields):
    """Everything shown on her page: her values, her organisation's name, and her records."""

    organisation: str
    skills_wanted: tuple[str, ...]
    skills_offered: tuple[str, ...]
    participations: tuple[ParticipationLine, ...]
    matches: tuple[MatchLine, ...]
    milestones: tuple[MilestoneLine, ...]
    sessions: tuple[SessionLine, ...]
    assessments: tuple[AssessmentLine, ...]
    outcomes: tuple[OutcomeLine, ...]
    history: tuple[HistoryLine, ...]
    # Whether one of her programmes collects equality answers (the answers stay apart).
    equality_collecting: bool = False
    equality_recorded_at: datetime | None = None
    # Her events, a row per day, with her reply and whether she was there.
    events: tuple[PersonEventRow, ...] = ()
    # Messages sent to her (or that left her out), newest first; never a body.
    messages: tuple[MessageLine, ...] = ()

    @property
    def mentee_places(self) -> tuple[ParticipationLine, ...]:
        """Her places as a mentee: questionnaires and skills belong to these."""
        return tuple(p for p in self.participations if p.role == ParticipantRole.MENTEE.value)


@dataclass(frozen=True)
class DeletionImpact:
    """What goes with a person when they are deleted."""

    participations: int
    matches: int
    milestones: int
    sessions: int
    assessments: int
    outcomes: int

    def describe(self) -> str:
        parts = [
            (self.participations, "cohort place"),
            (self.matches, "match"),
            (self.milestones, "milestone"),
            (self.sessions, "mentoring session"),
            (self.assessments, "questionnaire"),
            (self.outcomes, "outcome"),
        ]
        named = [
            f"{n} {word}{'es' if n != 1 and word.endswith('ch') else 's' if n != 1 else ''}"
            for n, word in parts
            if n
        ]
        if not named:
            return "Nothing else is recorded about them."
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        return f"Their {listed} will be deleted with them."


class PersonDetailService(Service):
    def detail(self, person_id: int, *, today: date | None = None) -> PersonDetail:
        today = today or date.today()
        with self.db.reading() as session:
            person: Person = get_or_404(session, Person, person_id, "person")
            organisation = (
                session.scalar(
                    select(col(Organisation.name)).where(
                        col(Organisation.id) == person.organisation_id
                    )
                )
                if person.organisation_id
                else None
            )
            skills = _skills(session, person_id)
            participations = _participations(session, person_id)
            part_ids = [p.id for p in participations]
            cohort_of_part = {p.id: p.cohort for p in participations}
            matches = _matches(session, part_ids)
            match_ids = [m.id for m in matches]
            milestones = _milestones(session, part_ids, cohort_of_part, today)
            sessions = _sessions(session, matches)
            assessments = _assessments(session, part_ids, cohort_of_part)
            outcomes = _outcomes(session, person_id)
            collecting, recorded_at = _equality(session, person_id)
            events = person_event_rows(session, person_id)
            messages = message_lines(session, person_id)
            history = _history(
                session,
                {
                    "person": [person_id],
                    "participation": part_ids,
                    "match": match_ids,
                    "milestone": [m.id for m in milestones],
                    "session": [s.id for s in sessions],
                    "assessment": [a.id for a in assessments],
                    "outcome": [o.id for o in outcomes],
                },
            )
        return PersonDetail(
            **PersonFields.values_of(person),
            organisation=organisation or "",
            skills_wanted=tuple(skills[SkillDirection.WANTS_TO_GROW.value]),
            skills_offered=tuple(skills[SkillDirection.OFFERS.value]),
            participations=tuple(participations),
            matches=tuple(matches),
            milestones=tuple(milestones),
            sessions=tuple(sessions),
            assessments=tuple(assessments),
            outcomes=tuple(outcomes),
            history=tuple(_with_messages(history, messages)),
            equality_collecting=collecting,
            equality_recorded_at=recorded_at,
            events=tuple(events),
            messages=tuple(messages),
        )

    def deletion_impact(self, person_id: int) -> DeletionImpact:
        with self.db.reading() as session:
            get_or_404(session, Person, person_id, "person")
            part_ids = list(
                session.scalars(
                    select(col(Participation.id)).where(col(Participation.person_id) == person_id)
                )
            )
            match_ids = (
                list(
                    session.scalars(
                        select(col(Match.id)).where(
                            or_(
                                col(Match.mentee_participation_id).in_(part_ids),
                                col(Match.mentor_participation_id).in_(part_ids),
                            )
                        )
                    )
                )
                if part_ids
                else []
            )

            def count(query: Select[Any]) -> int:
                return int(session.scalar(query) or 0)

            return DeletionImpact(
                participations=len(part_ids),
                matches=len(match_ids),
                milestones=count(
                    select(func.count(col(Milestone.id))).where(
                        col(Milestone.participation_id).in_(part_ids)
                    )
                )
                if part_ids
                else 0,
                sessions=count(
                    select(func.count(col(MentoringSession.id))).where(
                        col(MentoringSession.match_id).in_(match_ids)
                    )
                )
                if match_ids
                else 0,
                assessments=count(
                    select(func.count(col(Assessment.id))).where(
                        col(Assessment.participation_id).in_(part_ids)
                    )
                )
                if part_ids
                else 0,
                outcomes=count(
                    select(func.count(col(Outcome.id))).where(col(Outcome.person_id) == person_id)
                ),
            )


def _skills(session: Session, person_id: int) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {d.value: [] for d in SkillDirection}
    for skill, direction in session.execute(
        select(col(PersonSkillInterest.skill), col(PersonSkillInterest.direction))
        .where(col(PersonSkillInterest.person_id) == person_id)
        .order_by(col(PersonSkillInterest.skill))
    ):
        result.setdefault(direction, []).append(skill)
    return result


def _participations(session: Session, person_id: int) -> list[ParticipationLine]:
    return [
        ParticipationLine(
            id=p.id,
            cohort_id=p.cohort_id,
            cohort=cohort,
            role=p.role,
            status=p.status,
            start_date=p.start_date,
            withdrawn_reason=p.withdrawn_reason,
            mentor_capacity=p.mentor_capacity,
            goals=p.goals,
        )
        for p, cohort in session.execute(
            select(Participation, col(Cohort.name))
            .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
            .where(col(Participation.person_id) == person_id)
            .order_by(col(Cohort.start_date).desc(), col(Cohort.name))
        )
    ]


def _matches(session: Session, part_ids: list[int]) -> list[MatchLine]:
    if not part_ids:
        return []
    mentee_p, mentor_p = aliased(Participation), aliased(Participation)
    mentee, mentor = aliased(Person), aliased(Person)
    stats = (
        select(
            col(MentoringSession.match_id),
            func.count(col(MentoringSession.id)).label("n"),
            func.max(col(MentoringSession.held_on)).label("last"),
        )
        .group_by(col(MentoringSession.match_id))
        .subquery()
    )
    rows = session.execute(
        select(Match, col(Cohort.name), col(mentee_p.id), mentee, mentor, stats.c.n, stats.c.last)
        .join(Cohort, col(Cohort.id) == col(Match.cohort_id))
        .join(mentee_p, col(mentee_p.id) == col(Match.mentee_participation_id))
        .join(mentee, col(mentee.id) == col(mentee_p.person_id))
        .join(mentor_p, col(mentor_p.id) == col(Match.mentor_participation_id))
        .join(mentor, col(mentor.id) == col(mentor_p.person_id))
        .outerjoin(stats, stats.c.match_id == col(Match.id))
        .where(
            or_(
                col(Match.mentee_participation_id).in_(part_ids),
                col(Match.mentor_participation_id).in_(part_ids),
            )
        )
        .order_by(col(Match.start_date).desc(), col(Match.id).desc())
    ).all()
    lines = []
    for match, cohort, mentee_part_id, mentee_person, mentor_person, n, last in rows:
        as_mentee = mentee_part_id in part_ids
        partner = mentor_person if as_mentee else mentee_person
        lines.append(
            MatchLine(
                id=match.id,
                cohort_id=match.cohort_id,
                cohort=cohort,
                role="mentee" if as_mentee else "mentor",
                partner_id=partner.id,
                partner_name=partner.display_name,
                status=match.status,
                start_date=match.start_date,
                end_date=match.end_date,
                status_reason=match.status_reason,
                sessions=n or 0,
                last_session=last,
            )
        )
    return lines


def _milestones(
    session: Session, part_ids: list[int], cohort_of_part: dict[int, str], today: date
) -> list[MilestoneLine]:
    if not part_ids:
        return []
    return [
        MilestoneLine(
            id=m.id,
            cohort=cohort_of_part[m.participation_id],
            title=m.title,
            required=m.required,
            due_date=m.due_date,
            completed_on=m.completed_on,
            status=m.status,
            evidence_note=m.evidence_note,
            overdue=milestone_state(m.status, m.due_date, today) == MilestoneState.OVERDUE,
            state=milestone_state(m.status, m.due_date, today).value,
            due_date_manual=m.due_date_manual,
        )
        for m in session.scalars(
            select(Milestone)
            .where(col(Milestone.participation_id).in_(part_ids))
            .order_by(col(Milestone.due_date), col(Milestone.id))
        )
    ]


def _sessions(session: Session, matches: list[MatchLine]) -> list[SessionLine]:
    if not matches:
        return []
    partner_of = {m.id: m.partner_name for m in matches}
    return [
        SessionLine(
            id=s.id,
            match_id=s.match_id,
            partner_name=partner_of[s.match_id],
            held_on=s.held_on,
            duration_minutes=s.duration_minutes,
            format=s.format,
            note=s.note,
        )
        for s in session.scalars(
            select(MentoringSession)
            .where(col(MentoringSession.match_id).in_(list(partner_of)))
            .order_by(col(MentoringSession.held_on).desc(), col(MentoringSession.id).desc())
        )
    ]


_POINT_ORDER = {p.value: i for i, p in enumerate(AssessmentPoint)}


def _assessments(
    session: Session, part_ids: list[int], cohort_of_part: dict[int, str]
) -> list[AssessmentLine]:
    if not part_ids:
        return []
    assessments = list(
        session.scalars(select(Assessment).where(col(Assessment.participation_id).in_(part_ids)))
    )
    scores: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: {"confidence": {}, "skill": {}}
    )
    if assessments:
        for assessment_id, kind, item, score in session.execute(
            select(
                col(AssessmentScore.assessment_id),
                col(AssessmentScore.kind),
                col(AssessmentScore.item),
                col(AssessmentScore.score),
            ).where(col(AssessmentScore.assessment_id).in_([a.id for a in assessments]))
        ):
            scores[assessment_id][kind][item] = score
    order = list(CONFIDENCE_ITEMS)
    lines = [
        AssessmentLine(
            id=a.id,
            participation_id=a.participation_id,
            cohort=cohort_of_part[a.participation_id],
            point=a.point,
            assessor=a.assessor,
            completed_on=a.completed_on,
            confidence=dict(
                sorted(
                    scores[a.id][ScoreKind.CONFIDENCE.value].items(),
                    key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order),
                )
            ),
            skills=dict(sorted(scores[a.id][ScoreKind.SKILL.value].items())),
            version=a.version,
        )
        for a in assessments
    ]
    return sorted(lines, key=lambda a: (a.cohort, _POINT_ORDER.get(a.point, 9), a.assessor))


def _outcomes(session: Session, person_id: int) -> list[OutcomeLine]:
    return [
        OutcomeLine.of(o, cohort)
        for o, cohort in session.execute(
            select(Outcome, col(Cohort.name))
            .outerjoin(Cohort, col(Cohort.id) == col(Outcome.cohort_id))
            .where(col(Outcome.person_id) == person_id)
            .order_by(col(Outcome.occurred_on).desc())
        )
    ]


def _equality(session: Session, person_id: int) -> tuple[bool, datetime | None]:
    collecting = session.scalar(
        select(func.count(col(Programme.id)))
        .join(Cohort, col(Cohort.programme_id) == col(Programme.id))
        .join(Participation, col(Participation.cohort_id) == col(Cohort.id))
        .where(
            col(Participation.person_id) == person_id,
            col(Programme.collect_equality_data).is_(True),
        )
    )
    recorded_at = session.scalar(
        select(col(EqualityRecord.recorded_at)).where(col(EqualityRecord.person_id) == person_id)
    )
    return bool(collecting), recorded_at


def _history(session: Session, ids_by_entity: dict[str, list[int]]) -> list[HistoryLine]:
    conditions = [
        and_(col(AuditEvent.entity) == entity, col(AuditEvent.entity_id).in_([str(i) for i in ids]))
        for entity, ids in ids_by_entity.items()
        if ids
    ]
    return [
        HistoryLine(
            at=e.at,
            actor=e.actor,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            detail=e.detail,
        )
        for e in session.scalars(
            select(AuditEvent)
            .where(or_(*conditions))
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .limit(HISTORY_LIMIT)
        )
    ]


def _with_messages(history: list[HistoryLine], messages: list[MessageLine]) -> list[HistoryLine]:
    """Her History with each message in it: when, template, subject, address, what became of it."""
    lines = history + [
        HistoryLine(
            at=m.at,
            actor=m.sent_by,
            action=m.status,
            entity="message",
            entity_id=str(m.mailing_id),
            detail=f"{m.template}: {m.subject}"
            + (f" to {m.address}" if m.address else "")
            + (f" ({m.reason})" if m.reason else ""),
        )
        for m in messages
    ]
    return sorted(lines, key=lambda h: _naive_utc(h.at), reverse=True)[:HISTORY_LIMIT]


def _naive_utc(at: datetime) -> datetime:
    # SQLite hands timestamps back without their zone (they are UTC), PostgreSQL with it.
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
