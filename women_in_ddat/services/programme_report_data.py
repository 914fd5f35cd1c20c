"""What the programme impact report counts, read from the database in one session.

Every figure comes from the definition the rest of the app uses:

- a cohort's outcome figures (promotion rate, time to promotion, retention,
  alumni who became mentors) from ``outcomes_figures.cohort_figures_in``;
- paired confidence change from ``development.paired_overall``;
- skills against the target role's level from ``development.build_skill_profile``;
- hours from the mentoring sessions logged on the cohort's matches
  (``report_data_gather``), as the cohort and organisation reports count them;
- training-day attendance from the events' registers (``events.event_lines``,
  the rule the progress and cohort summaries use), satisfaction and quotes
  from the mid-point and end feedback (``Feedback``): a quote only where she
  consented to its publication, with the date of that consent, and not after
  she withdrew it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from women_in_ddat.domain.enums import (
    PRESENT_VALUES,
    AssessmentPoint,
    Assessor,
    CohortStatus,
    ParticipantRole,
    ParticipationStatus,
    ScoreKind,
    SkillLevel,
)
from women_in_ddat.domain.models import (
    Cohort,
    EqualityRecord,
    Event,
    EventAttendance,
    EventDay,
    EventInvitation,
    Feedback,
    Match,
    MentoringSession,
    Organisation,
    Outcome,
    Participation,
    Person,
    Programme,
)
from women_in_ddat.errors import InvalidInput
from women_in_ddat.services.base import Service
from women_in_ddat.services.development import (
    PairedChange,
    _scores,
    build_skill_profile,
    paired_overall,
)
from women_in_ddat.services.framework_service import FrameworkService
from women_in_ddat.services.outcomes_figures import (
    CohortFigures,
    belongs_to_cohort,
    cohort_figures_in,
)
from women_in_ddat.services.quotes import Quote, consented_quotes
from women_in_ddat.services.report_data import MentorParticipation
from women_in_ddat.services.report_data_gather import gather_mentors

# Places that started: the mentee was supported, whether she finished or withdrew.
STARTED = (
    ParticipationStatus.ACTIVE.value,
    ParticipationStatus.COMPLETED.value,
    ParticipationStatus.WITHDRAWN.value,
)
# Mentors who gave their time: a place taken up, not withdrawn before it began.
MENTOR_GAVE_TIME = (ParticipationStatus.ACTIVE.value, ParticipationStatus.COMPLETED.value)
# A cohort has run once it is under way.
RUN_STATUSES = (CohortStatus.IN_PROGRESS.value, CohortStatus.COMPLETED.value)
EQUALITY_FIELDS = {
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "age_band": "Age band",
    "caring_responsibilities": "Caring responsibilities",
    "sexual_orientation": "Sexual orientation",
}


@dataclass(frozen=True)
class OutcomeRow:
    kind: str
    occurred_on: date


@dataclass(frozen=True)
class MenteePlace:
    """A mentee's place that started: only what the programme report counts."""

    person_id: int
    cohort_id: int
    status: str
    # Minutes of the mentoring sessions logged on her matches in the cohort.
    minutes: int
    # Her outcomes that belong to the cohort (outcomes_figures.belongs_to_cohort).
    outcomes: tuple[OutcomeRow, ...]


@dataclass(frozen=True)
class SkillsAtTarget:
    """Target-role skills at or above the level the role needs, baseline against latest."""

    people: int = 0
    skills: int = 0
    met_at_baseline: int = 0
    met_latest: int = 0


@dataclass(frozen=True)
class CohortRecord:
    header: Cohort  # detached copy: name, dates, status only are read
    figures: CohortFigures
    confidence: PairedChange
    skills: SkillsAtTarget
    withdrawal_reasons: tuple[str, ...]
    # None: not recorded.
    attendance: float | None = None
    satisfaction: float | None = None
    # How many women each is over (a figure over 1 to 4 women is not shown).
    attendance_people: int = 0
    satisfaction_people: int = 0


@dataclass(frozen=True)
class PlaceLocation:
    organisation: str
    organisation_kind: str
    region: str


@dataclass(frozen=True)
class ProgrammeData:
    programme: str
    from_year: int | None
    to_year: int | None
    gathered_on: date
    database: str
    cohorts: tuple[CohortRecord, ...]
    mentees: tuple[MenteePlace, ...]
    mentors: tuple[MentorParticipation, ...]
    # person id -> where she worked (organisation, its kind, region)
    locations: dict[int, PlaceLocation]
    equality_on: bool
    # field -> {answer: [person ids]} for mentees who started (only when equality_on)
    equality: dict[str, dict[str, tuple[int, ...]]]
    quotes: tuple[Quote, ...]


class ProgrammeReportService(Service):
    def years(self) -> list[int]:
        """The years in which a cohort that has run started, newest first."""
        with self.db.reading() as session:
            starts = session.scalars(
                _cohorts_query(None, None).with_only_columns(col(Cohort.start_date))
            )
            return sorted({d.year for d in starts if d is not None}, reverse=True)

    def gather(
        self, from_year: int | None = None, to_year: int | None = None, today: date | None = None
    ) -> ProgrammeData:
        if from_year is not None and to_year is not None and from_year > to_year:
            raise InvalidInput(
                f"--from {from_year} is after --to {to_year}.", {"from": "after --to"}
            )
        today = today or date.today()
        framework = FrameworkService(self.db, self.actor).current()
        with self.db.reading() as session:
            cohorts = _cohorts(session, from_year, to_year)
            ids = [c.id for c in cohorts]
            where = [col(Participation.cohort_id).in_(ids)]
            mentees = _mentee_places(session, cohorts)
            mentors = [m for m in gather_mentors(session, where) if m.status in MENTOR_GAVE_TIME]
            reasons = _withdrawal_reasons(session, ids)
            confidence = _confidence(session, ids)
            skills = _skills_at_target(session, ids, framework)
            training = _training(session, ids, today)
            records = []
            for cohort in cohorts:
                figures = cohort_figures_in(session, cohort)
                session.expunge(cohort)
                records.append(
                    CohortRecord(
                        header=cohort,
                        figures=figures,
                        confidence=confidence.get(cohort.id or 0, PairedChange("all", "")),
                        skills=skills.get(cohort.id or 0, SkillsAtTarget()),
                        withdrawal_reasons=tuple(reasons.get(cohort.id or 0, ())),
                        **training.get(cohort.id or 0, {}),
                    )
                )
            people = {m.person_id for m in mentees} | {m.person_id for m in mentors}
            locations = _locations(session, people)
            equality_on = _equality_on(session, ids)
            started = {m.person_id for m in mentees}
            equality = _equality(session, started) if equality_on else {}
            quotes = consented_quotes(session, col(Participation.cohort_id).in_(ids))
            session_programmes = session.scalars(
                select(col(Programme.name))
                .join(Cohort, col(Cohort.programme_id) == col(Programme.id))
                .where(col(Cohort.id).in_(ids))
                .distinct()
            ).all()
        return ProgrammeData(
            programme=_programme_name(session_programmes),
            from_year=from_year,
            to_year=to_year,
            gathered_on=today,
            database=self.db.display_name,
            cohorts=tuple(records),
            mentees=tuple(mentees),
            mentors=tuple(mentors),
            locations=locations,
            equality_on=equality_on,
            equality=equality,
            quotes=quotes,
        )


# --- training days, feedback and quotes ------------------------------------------------


def _training_days(cohort_ids: Sequence[int], today: date) -> Any:
    """Per cohort: the event days held by ``today`` to which its mentees who took part were
    invited, the days they attended, and how many women were invited. The rule of
    ``events.event_lines`` (her cohort's events and the programme's, cancelled ones left
    out, a day counted when the register says she was there: PRESENT_VALUES), in one aggregate query: the
    report covers thousands of women."""
    cohort = aliased(Cohort)
    return (
        select(
            col(Participation.cohort_id),
            func.count(col(EventDay.id)),
            func.sum(case((col(EventAttendance.status).in_(PRESENT_VALUES), 1))),
            func.count(distinct(col(Participation.id))),
        )
        .join(cohort, col(cohort.id) == col(Participation.cohort_id))
        .join(EventInvitation, col(EventInvitation.person_id) == col(Participation.person_id))
        .join(
            Event,
            (col(Event.id) == col(EventInvitation.event_id))
            & col(Event.cancelled).is_(False)
            & (
                (col(Event.cohort_id) == col(Participation.cohort_id))
                | (
                    col(Event.cohort_id).is_(None)
                    & (col(Event.programme_id) == col(cohort.programme_id))
                )
            ),
        )
        .join(
            EventDay, (col(EventDay.event_id) == col(Event.id)) & (col(EventDay.on_date) <= today)
        )
        .outerjoin(
            EventAttendance,
            (col(EventAttendance.invitation_id) == col(EventInvitation.id))
            & (col(EventAttendance.event_day_id) == col(EventDay.id)),
        )
        .where(
            col(Participation.cohort_id).in_(cohort_ids),
            col(Participation.role) == ParticipantRole.MENTEE.value,
            col(Participation.status).in_(MENTOR_GAVE_TIME),
        )
        .group_by(col(Participation.cohort_id))
    )


class _Training(TypedDict, total=False):
    """A cohort's training figures, as the fields of ``CohortRecord`` they fill."""

    attendance: float
    attendance_people: int
    satisfaction: float
    satisfaction_people: int


def _training(session: Session, cohort_ids: Sequence[int], today: date) -> dict[int, _Training]:
    """Per cohort: the share of training-event days attended by the mentees who took part
    (events held by ``today``), and their mean satisfaction at their latest feedback,
    each with how many women it is over. Nothing recorded: no entry (not recorded)."""
    places = session.execute(
        select(col(Participation.id), col(Participation.cohort_id)).where(
            col(Participation.cohort_id).in_(cohort_ids),
            col(Participation.role) == ParticipantRole.MENTEE.value,
            col(Participation.status).in_(MENTOR_GAVE_TIME),
        )
    ).all()
    cohort_of = {part_id: cohort_id for part_id, cohort_id in places}
    out: defaultdict[int, _Training] = defaultdict(_Training)
    for cohort_id, held, attended, women in session.execute(_training_days(cohort_ids, today)):
        if held:
            out[cohort_id].update(
                {"attendance": (attended or 0) / held, "attendance_people": women}
            )
    latest: dict[int, tuple[str, int]] = {}
    for part_id, point, score in session.execute(
        select(
            col(Feedback.participation_id), col(Feedback.point), col(Feedback.satisfaction)
        ).where(
            col(Feedback.participation_id).in_(list(cohort_of)),
            col(Feedback.satisfaction).is_not(None),
        )
    ):
        # Her latest answer: the end's, else the mid-point's.
        if score is not None and (part_id not in latest or point == AssessmentPoint.END.value):
            latest[part_id] = (point, score)
    scores: dict[int, list[int]] = defaultdict(list)
    for part_id, (_, score) in latest.items():
        scores[cohort_of[part_id]].append(score)
    for cohort_id, answers in scores.items():
        out[cohort_id].update(
            {"satisfaction": sum(answers) / len(answers), "satisfaction_people": len(answers)}
        )
    return dict(out)


# --- queries -------------------------------------------------------------------------


def _cohorts(session: Session, from_year: int | None, to_year: int | None) -> list[Cohort]:
    return list(session.scalars(_cohorts_query(from_year, to_year)))


def _cohorts_query(from_year: int | None, to_year: int | None) -> Any:
    query = (
        select(Cohort)
        .where(col(Cohort.status).in_(RUN_STATUSES), col(Cohort.start_date).is_not(None))
        .order_by(col(Cohort.start_date), col(Cohort.name))
    )
    if from_year is not None:
        query = query.where(col(Cohort.start_date) >= date(from_year, 1, 1))
    if to_year is not None:
        query = query.where(col(Cohort.start_date) <= date(to_year, 12, 31))
    return query


def _programme_name(names: Sequence[str]) -> str:
    return names[0] if len(set(names)) == 1 else "Women in DDaT"


def _mentee_places(session: Session, cohorts: Sequence[Cohort]) -> list[MenteePlace]:
    ids = [c.id for c in cohorts]
    starts = {c.id: c.start_date for c in cohorts}
    places = session.execute(
        select(
            col(Participation.id),
            col(Participation.person_id),
            col(Participation.cohort_id),
            col(Participation.status),
        )
        .where(
            col(Participation.cohort_id).in_(ids),
            col(Participation.role) == ParticipantRole.MENTEE.value,
            col(Participation.status).in_(STARTED),
        )
        .order_by(col(Participation.id))
    ).all()
    minutes = dict(
        session.execute(
            select(
                col(Match.mentee_participation_id),
                func.coalesce(func.sum(col(MentoringSession.duration_minutes)), 0),
            )
            .join(Match, col(Match.id) == col(MentoringSession.match_id))
            .where(col(Match.cohort_id).in_(ids))
            .group_by(col(Match.mentee_participation_id))
        ).all()
    )
    people = {person for _, person, _, _ in places}
    outcomes: dict[int, list[tuple[int | None, OutcomeRow]]] = defaultdict(list)
    for person, cohort_id, kind, occurred_on in session.execute(
        select(
            col(Outcome.person_id),
            col(Outcome.cohort_id),
            col(Outcome.kind),
            col(Outcome.occurred_on),
        ).where(col(Outcome.person_id).in_(list(people)))
    ):
        outcomes[person].append((cohort_id, OutcomeRow(kind, occurred_on)))
    return [
        MenteePlace(
            person_id=person,
            cohort_id=cohort_id,
            status=status,
            minutes=int(minutes.get(part_id, 0)),
            outcomes=tuple(
                o
                for credited, o in outcomes.get(person, ())
                if belongs_to_cohort(credited, o.occurred_on, cohort_id, starts[cohort_id])
            ),
        )
        for part_id, person, cohort_id, status in places
    ]


def _withdrawal_reasons(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(col(Participation.cohort_id), col(Participation.withdrawn_reason)).where(
            col(Participation.cohort_id).in_(ids),
            col(Participation.role) == ParticipantRole.MENTEE.value,
            col(Participation.status) == ParticipationStatus.WITHDRAWN.value,
        )
    )
    for cohort_id, reason in rows:
        result[cohort_id].append(reason or "")
    return result


def _cohort_of_places(session: Session, ids: Sequence[int]) -> dict[int, int]:
    return dict(
        session.execute(
            select(col(Participation.id), col(Participation.cohort_id)).where(
                col(Participation.cohort_id).in_(ids),
                col(Participation.role) == ParticipantRole.MENTEE.value,
                col(Participation.status).in_(STARTED),
            )
        ).all()
    )


def _confidence(session: Session, ids: Sequence[int]) -> dict[int, PairedChange]:
    places = _cohort_of_places(session, ids)
    by_cohort: dict[int, dict[int, dict[str, dict[str, int]]]] = defaultdict(dict)
    for part_id, by_key in _scores(session, ScoreKind.CONFIDENCE).items():
        cohort_id = places.get(part_id)
        if cohort_id is None:
            continue
        by_cohort[cohort_id][part_id] = {
            point: answers for (point, who), answers in by_key.items() if who == Assessor.SELF.value
        }
    return {cohort_id: paired_overall(scores) for cohort_id, scores in by_cohort.items()}


def _skills_at_target(
    session: Session, ids: Sequence[int], framework: object
) -> dict[int, SkillsAtTarget]:
    places = _cohort_of_places(session, ids)
    scores = {p: s for p, s in _scores(session, ScoreKind.SKILL).items() if p in places}
    if not scores:
        return {}
    people = dict(
        session.execute(
            select(col(Participation.id), Person)
            .join(Person, col(Person.id) == col(Participation.person_id))
            .where(col(Participation.id).in_(list(scores)))
        ).all()
    )
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for part_id, answers in scores.items():
        profile = build_skill_profile(part_id, people[part_id], answers, framework)  # type: ignore[arg-type]
        paired = [
            r
            for r in profile.rows
            if r.in_target_role
            and r.required is not None
            and AssessmentPoint.BASELINE.value in r.ratings
            and r.latest is not None
            and len(r.ratings) > 1
        ]
        if not paired:
            continue
        t = tally[places[part_id]]
        t[0] += 1
        t[1] += len(paired)
        t[2] += sum(1 for r in paired if _reaches(r.ratings["baseline"], r.required))
        t[3] += sum(1 for r in paired if _reaches(r.latest, r.required))
    return {c: SkillsAtTarget(*t) for c, t in tally.items()}


def _reaches(level: SkillLevel | None, required: SkillLevel | None) -> bool:
    return level is not None and required is not None and level.rank >= required.rank


def _locations(session: Session, people: set[int]) -> dict[int, PlaceLocation]:
    rows = session.execute(
        select(
            col(Person.id),
            col(Person.region),
            col(Organisation.name),
            col(Organisation.kind),
            col(Organisation.region),
        )
        .outerjoin(Organisation, col(Organisation.id) == col(Person.organisation_id))
        .where(col(Person.id).in_(list(people)))
    )
    return {
        pid: PlaceLocation(
            organisation=org or "",
            organisation_kind=kind or "",
            region=(org_region or person_region or "").strip(),
        )
        for pid, person_region, org, kind, org_region in rows
    }


def _equality_on(session: Session, ids: Sequence[int]) -> bool:
    flags = session.scalars(
        select(col(Programme.collect_equality_data))
        .join(Cohort, col(Cohort.programme_id) == col(Programme.id))
        .where(col(Cohort.id).in_(ids))
    ).all()
    return any(flags)


def _equality(session: Session, people: set[int]) -> dict[str, dict[str, tuple[int, ...]]]:
    answers: dict[str, dict[str, list[int]]] = {f: defaultdict(list) for f in EQUALITY_FIELDS}
    rows = session.scalars(
        select(EqualityRecord).where(col(EqualityRecord.person_id).in_(list(people)))
    )
    for record in rows:
        for field_name in EQUALITY_FIELDS:
            answers[field_name][getattr(record, field_name)].append(record.person_id)
    return {f: {k: tuple(v) for k, v in a.items()} for f, a in answers.items()}
