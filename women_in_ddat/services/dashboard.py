"""What needs the coordinator's attention today, and each cohort at a glance.

Every signal the programme gives is pulled into one list of plain
``AttentionItem`` objects, each carrying the record it is about
(``RecordRef``) so the app can open it. The rules, in one place:

- a milestone is overdue when it is not done (nor marked not applicable),
  its due date has passed, its mentee is still taking part (accepted or
  active) and the cohort is neither completed nor cancelled;
- an active match is quiet when no session has been logged for
  ``QUIET_DAYS`` days, counting from its last session, else from its start;
- a mentee is unmatched when accepted (or active) in a cohort that is still
  running and she has no current (proposed, active or on hold) match;
- a cohort ending within ``ENDING_SOON_DAYS`` days with required milestones
  still open;
- outcome follow-ups fall due 6, 12 and 24 months after a cohort ends; which
  one shows today is ``outcomes_figures.follow_up_showing`` (from two weeks
  before its due date until the next one takes over, the last for three
  months), the same rule the cohort page uses. It stays on the list for as
  long as a mentee who took part has no outcome recorded since a month
  before it fell due. There is no "no
  change" outcome: a follow-up that found nothing simply ages out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    AssessmentPoint,
    Assessor,
    CohortStatus,
    MatchStatus,
    MilestoneStatus,
    ParticipantRole,
    ParticipationStatus,
    ScoreKind,
)
from women_in_ddat.domain.models import (
    Assessment,
    AssessmentScore,
    Cohort,
    Match,
    MentoringSession,
    Milestone,
    Outcome,
    Participation,
    Person,
)
from women_in_ddat.services.base import Service
from women_in_ddat.services.outcomes_figures import follow_up_showing

QUIET_DAYS = 30
ENDING_SOON_DAYS = 30
FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS = 30

FINISHED_COHORT = (CohortStatus.COMPLETED.value, CohortStatus.CANCELLED.value)
TAKING_PART = (ParticipationStatus.ACCEPTED.value, ParticipationStatus.ACTIVE.value)
TOOK_PART = (*TAKING_PART, ParticipationStatus.COMPLETED.value)
CURRENT_MATCH = (MatchStatus.PROPOSED.value, MatchStatus.ACTIVE.value, MatchStatus.ON_HOLD.value)
CLOSED_MILESTONE = (MilestoneStatus.DONE.value, MilestoneStatus.NOT_APPLICABLE.value)


class AttentionKind(StrEnum):
    MILESTONE_OVERDUE = "milestone_overdue"
    MATCH_QUIET = "match_quiet"
    MENTEE_UNMATCHED = "mentee_unmatched"
    COHORT_ENDING = "cohort_ending"
    OUTCOME_FOLLOW_UP = "outcome_follow_up"

    @property
    def label(self) -> str:
        return {
            AttentionKind.MILESTONE_OVERDUE: "Milestones overdue",
            AttentionKind.MATCH_QUIET: f"Matches with no session for {QUIET_DAYS} days",
            AttentionKind.MENTEE_UNMATCHED: "Mentees accepted but not matched",
            AttentionKind.COHORT_ENDING: "Cohorts ending soon with milestones open",
            AttentionKind.OUTCOME_FOLLOW_UP: "Outcome follow-ups due",
        }[self]


@dataclass(frozen=True)
class RecordRef:
    """The record an item is about: ``kind`` is person, cohort, match or milestone."""

    kind: str
    id: int
    person_id: int | None = None


@dataclass(frozen=True)
class AttentionItem:
    kind: AttentionKind
    headline: str
    detail: str
    # The date the matter became due (or the last thing that happened), for ordering.
    since: date | None
    # How long it has been waiting, in days (negative: still to come).
    days: int
    cohort_id: int | None
    opens: RecordRef


@dataclass(frozen=True)
class Pipeline:
    applied: int = 0
    accepted: int = 0
    matched: int = 0
    active: int = 0
    completed: int = 0
    withdrawn: int = 0

    def stages(self) -> list[tuple[str, int]]:
        return [
            ("Accepted", self.accepted),
            ("Matched", self.matched),
            ("Active", self.active),
            ("Completed", self.completed),
        ]


@dataclass(frozen=True)
class MilestoneProgress:
    done: int = 0
    open: int = 0
    overdue: int = 0
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        return self.done + self.open

    @property
    def completion(self) -> float | None:
        """Share of applicable milestones done (None when there are none)."""
        return self.done / self.applicable if self.applicable else None


@dataclass(frozen=True)
class SessionStats:
    count: int = 0
    minutes: int = 0
    last: date | None = None


@dataclass(frozen=True)
class ConfidenceChange:
    """Self-rated confidence, baseline against the latest later questionnaire.

    Paired person by person: only mentees who answered both count, and
    each person's change is her own later mean minus her own baseline mean.
    """

    paired: int = 0
    baseline_mean: float | None = None
    latest_mean: float | None = None
    # item -> (baseline mean, latest mean, people paired on that item)
    per_item: dict[str, tuple[float, float, int]] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        if self.baseline_mean is None or self.latest_mean is None:
            return None
        return self.latest_mean - self.baseline_mean


@dataclass(frozen=True)
class CohortOverview:
    cohort_id: int
    name: str
    status: str
    start_date: date | None
    end_date: date | None
    pipeline: Pipeline
    milestones: MilestoneProgress
    sessions: SessionStats
    confidence: ConfidenceChange


@dataclass(frozen=True)
class Dashboard:
    today: date
    attention: list[AttentionItem]
    cohorts: list[CohortOverview]

    def attention_by_kind(self) -> dict[AttentionKind, list[AttentionItem]]:
        grouped: dict[AttentionKind, list[AttentionItem]] = {kind: [] for kind in AttentionKind}
        for item in self.attention:
            grouped[item.kind].append(item)
        return grouped


def uk_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "no date"


def _display(first: str, preferred: str, last: str) -> str:
    return f"{preferred or first} {last}".strip()


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


class DashboardService(Service):
    def dashboard(self, today: date | None = None) -> Dashboard:
        today = today or date.today()
        with self.db.reading() as session:
            attention = (
                _overdue_milestones(session, today)
                + _quiet_matches(session, today)
                + _unmatched_mentees(session, today)
                + _cohorts_ending(session, today)
                + _follow_ups(session, today)
            )
            cohorts = _cohort_overviews(session, today)
        return Dashboard(today=today, attention=attention, cohorts=cohorts)

    def needs_attention(self, today: date | None = None) -> list[AttentionItem]:
        return self.dashboard(today).attention

    def cohort_overviews(self, today: date | None = None) -> list[CohortOverview]:
        return self.dashboard(today).cohorts


# --- needs attention ----------------------------------------------------------


def _overdue_milestones(session: Session, today: date) -> list[AttentionItem]:
    rows = session.execute(
        select(
            Milestone.id,
            Milestone.title,
            Milestone.due_date,
            Milestone.required,
            Person.id,
            Person.first_name,
            Person.preferred_name,
            Person.last_name,
            Cohort.id,
            Cohort.name,
        )
        .join(Participation, Participation.id == Milestone.participation_id)
        .join(Person, Person.id == Participation.person_id)
        .join(Cohort, Cohort.id == Participation.cohort_id)
        .where(
            Milestone.due_date < today,
            Milestone.status.not_in(CLOSED_MILESTONE),
            Participation.status.in_(TAKING_PART),
            Cohort.status.not_in(FINISHED_COHORT),
        )
        .order_by(Milestone.due_date, Person.last_name, Milestone.id)
    ).all()
    return [
        AttentionItem(
            kind=AttentionKind.MILESTONE_OVERDUE,
            headline=f"{_display(first, preferred, last)}: {title}",
            detail=f"{'Required, d' if required else 'D'}ue {uk_date(due)} ({(today - due).days} days ago) · {cohort}",
            since=due,
            days=(today - due).days,
            cohort_id=cohort_id,
            opens=RecordRef("milestone", milestone_id, person_id),
        )
        for milestone_id, title, due, required, person_id, first, preferred, last, cohort_id, cohort in rows
    ]


def _quiet_matches(session: Session, today: date) -> list[AttentionItem]:
    mentee_p, mentor_p = aliased(Participation), aliased(Participation)
    mentee, mentor = aliased(Person), aliased(Person)
    last_session = (
        select(func.max(MentoringSession.held_on))
        .where(MentoringSession.match_id == Match.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Match.id,
            Match.start_date,
            Match.created_at,
            last_session,
            Cohort.id,
            Cohort.name,
            mentee.id,
            mentee.first_name,
            mentee.preferred_name,
            mentee.last_name,
            mentor.first_name,
            mentor.preferred_name,
            mentor.last_name,
        )
        .join(Cohort, Cohort.id == Match.cohort_id)
        .join(mentee_p, mentee_p.id == Match.mentee_participation_id)
        .join(mentee, mentee.id == mentee_p.person_id)
        .join(mentor_p, mentor_p.id == Match.mentor_participation_id)
        .join(mentor, mentor.id == mentor_p.person_id)
        .where(Match.status == MatchStatus.ACTIVE.value)
    ).all()
    items = []
    for (
        match_id,
        start,
        created,
        last,
        cohort_id,
        cohort,
        mentee_id,
        mf,
        mp,
        ml,
        of,
        op,
        ol,
    ) in rows:
        reference = last or start or _as_date(created)
        quiet_for = (today - reference).days
        if quiet_for < QUIET_DAYS:
            continue
        since_what = (
            f"last session {uk_date(last)}"
            if last
            else f"no session since the match began {uk_date(reference)}"
        )
        items.append(
            AttentionItem(
                kind=AttentionKind.MATCH_QUIET,
                headline=f"{_display(mf, mp, ml)} with {_display(of, op, ol)}",
                detail=f"{quiet_for} days without a session ({since_what}) · {cohort}",
                since=reference,
                days=quiet_for,
                cohort_id=cohort_id,
                opens=RecordRef("match", match_id, mentee_id),
            )
        )
    return sorted(items, key=lambda i: -i.days)


def _unmatched_mentees(session: Session, today: date) -> list[AttentionItem]:
    has_current_match = (
        select(Match.id)
        .where(Match.mentee_participation_id == Participation.id, Match.status.in_(CURRENT_MATCH))
        .exists()
    )
    rows = session.execute(
        select(
            Participation.id,
            Participation.created_at,
            Participation.start_date,
            Person.id,
            Person.first_name,
            Person.preferred_name,
            Person.last_name,
            Cohort.id,
            Cohort.name,
            Cohort.start_date,
        )
        .join(Person, Person.id == Participation.person_id)
        .join(Cohort, Cohort.id == Participation.cohort_id)
        .where(
            Participation.role == ParticipantRole.MENTEE.value,
            Participation.status.in_(TAKING_PART),
            Cohort.status.not_in(FINISHED_COHORT),
            ~has_current_match,
        )
        .order_by(Cohort.start_date, Person.last_name, Person.first_name)
    ).all()
    items = []
    for (
        _part_id,
        created,
        start,
        person_id,
        first,
        preferred,
        last,
        cohort_id,
        cohort,
        cohort_start,
    ) in rows:
        waiting_since = _as_date(created)
        starts = start or cohort_start
        if starts and starts > today:
            when = f"cohort starts {uk_date(starts)}"
        elif starts:
            when = f"cohort started {uk_date(starts)}"
        else:
            when = f"accepted {uk_date(waiting_since)}"
        items.append(
            AttentionItem(
                kind=AttentionKind.MENTEE_UNMATCHED,
                headline=_display(first, preferred, last),
                detail=f"No current mentor · {when} · {cohort}",
                since=waiting_since,
                days=(today - starts).days if starts else (today - waiting_since).days,
                cohort_id=cohort_id,
                opens=RecordRef("person", person_id, person_id),
            )
        )
    return sorted(items, key=lambda i: -i.days)


def _cohorts_ending(session: Session, today: date) -> list[AttentionItem]:
    rows = session.execute(
        select(Cohort.id, Cohort.name, Cohort.end_date, func.count(Milestone.id))
        .join(Participation, Participation.cohort_id == Cohort.id)
        .join(Milestone, Milestone.participation_id == Participation.id)
        .where(
            Cohort.status.not_in(FINISHED_COHORT),
            Cohort.end_date >= today,
            Cohort.end_date <= today + timedelta(days=ENDING_SOON_DAYS),
            Participation.status.in_(TAKING_PART),
            Milestone.required.is_(True),
            Milestone.status.not_in(CLOSED_MILESTONE),
        )
        .group_by(Cohort.id, Cohort.name, Cohort.end_date)
        .order_by(Cohort.end_date)
    ).all()
    return [
        AttentionItem(
            kind=AttentionKind.COHORT_ENDING,
            headline=name,
            detail=f"Ends {uk_date(end)} (in {(end - today).days} days) with {open_count} required "
            f"milestone{'s' if open_count != 1 else ''} open",
            since=end,
            days=-(end - today).days,
            cohort_id=cohort_id,
            opens=RecordRef("cohort", cohort_id),
        )
        for cohort_id, name, end, open_count in rows
        if open_count
    ]


def _follow_ups(session: Session, today: date) -> list[AttentionItem]:
    cohorts = session.execute(
        select(Cohort.id, Cohort.name, Cohort.end_date).where(
            Cohort.status != CohortStatus.CANCELLED.value,
            Cohort.end_date.is_not(None),
            Cohort.end_date < today,
        )
    ).all()
    items = []
    for cohort_id, name, end in cohorts:
        follow_up = follow_up_showing(end, today)
        if follow_up is None:
            continue
        months, due = follow_up.months, follow_up.due
        counted_from = due - timedelta(days=FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS)
        people = set(
            session.scalars(
                select(Participation.person_id).where(
                    Participation.cohort_id == cohort_id,
                    Participation.role == ParticipantRole.MENTEE.value,
                    Participation.status.in_(
                        (ParticipationStatus.ACTIVE.value, ParticipationStatus.COMPLETED.value)
                    ),
                )
            )
        )
        if not people:
            continue
        heard_from = {
            person_id
            for person_id, created in session.execute(
                select(Outcome.person_id, Outcome.created_at).where(Outcome.person_id.in_(people))
            )
            if _as_date(created) >= counted_from
        }
        pending = len(people - heard_from)
        if not pending:
            continue
        items.append(
            AttentionItem(
                kind=AttentionKind.OUTCOME_FOLLOW_UP,
                headline=f"{name}: {months}-month follow-up",
                detail=f"Due {uk_date(due)} · {pending} of {len(people)} mentees have no outcome recorded since",
                since=due,
                days=(today - due).days,
                cohort_id=cohort_id,
                opens=RecordRef("cohort", cohort_id),
            )
        )
    return sorted(items, key=lambda i: -i.days)


# --- cohorts at a glance ----------------------------------------------------


def _cohort_overviews(session: Session, today: date) -> list[CohortOverview]:
    cohorts = session.execute(
        select(Cohort.id, Cohort.name, Cohort.status, Cohort.start_date, Cohort.end_date)
        .where(Cohort.status != CohortStatus.CANCELLED.value)
        .order_by(Cohort.start_date.desc(), Cohort.name)
    ).all()
    if not cohorts:
        return []
    pipelines = _pipelines(session)
    milestones = _milestone_progress(session, today)
    sessions = _session_stats(session)
    confidence = _confidence_changes(session)
    return [
        CohortOverview(
            cohort_id=cohort_id,
            name=name,
            status=status,
            start_date=start,
            end_date=end,
            pipeline=pipelines.get(cohort_id, Pipeline()),
            milestones=milestones.get(cohort_id, MilestoneProgress()),
            sessions=sessions.get(cohort_id, SessionStats()),
            confidence=confidence.get(cohort_id, ConfidenceChange()),
        )
        for cohort_id, name, status, start, end in cohorts
    ]


def _pipelines(session: Session) -> dict[int, Pipeline]:
    """Accepted, then matched, then active (met), then completed: each a subset of the last."""
    match_statuses: dict[int, set[str]] = defaultdict(set)
    for mentee_part_id, status in session.execute(
        select(Match.mentee_participation_id, Match.status)
    ):
        match_statuses[mentee_part_id].add(status)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for part_id, cohort_id, status in session.execute(
        select(Participation.id, Participation.cohort_id, Participation.status).where(
            Participation.role == ParticipantRole.MENTEE.value
        )
    ):
        c = counts[cohort_id]
        if status == ParticipationStatus.APPLIED.value:
            c["applied"] += 1
            continue
        if status == ParticipationStatus.WITHDRAWN.value:
            c["withdrawn"] += 1
            continue
        c["accepted"] += 1
        matches = match_statuses.get(part_id, set())
        if not matches:
            continue
        c["matched"] += 1
        started = matches & {
            MatchStatus.ACTIVE.value,
            MatchStatus.ON_HOLD.value,
            MatchStatus.COMPLETED.value,
        }
        if not started and status not in (
            ParticipationStatus.ACTIVE.value,
            ParticipationStatus.COMPLETED.value,
        ):
            continue
        c["active"] += 1
        if status == ParticipationStatus.COMPLETED.value or MatchStatus.COMPLETED.value in matches:
            c["completed"] += 1
    return {cohort_id: Pipeline(**c) for cohort_id, c in counts.items()}


def _milestone_progress(session: Session, today: date) -> dict[int, MilestoneProgress]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cohort_id, status, due in session.execute(
        select(Participation.cohort_id, Milestone.status, Milestone.due_date)
        .join(Participation, Participation.id == Milestone.participation_id)
        .where(Participation.status.in_(TOOK_PART))
    ):
        c = counts[cohort_id]
        if status == MilestoneStatus.DONE.value:
            c["done"] += 1
        elif status == MilestoneStatus.NOT_APPLICABLE.value:
            c["not_applicable"] += 1
        else:
            c["open"] += 1
            if due is not None and due < today:
                c["overdue"] += 1
    return {cohort_id: MilestoneProgress(**c) for cohort_id, c in counts.items()}


def _session_stats(session: Session) -> dict[int, SessionStats]:
    return {
        cohort_id: SessionStats(count=n, minutes=int(minutes or 0), last=last)
        for cohort_id, n, minutes, last in session.execute(
            select(
                Match.cohort_id,
                func.count(MentoringSession.id),
                func.sum(MentoringSession.duration_minutes),
                func.max(MentoringSession.held_on),
            )
            .join(Match, Match.id == MentoringSession.match_id)
            .group_by(Match.cohort_id)
        )
    }


_LATER_POINTS = (AssessmentPoint.END.value, AssessmentPoint.MID.value)


def _confidence_changes(session: Session) -> dict[int, ConfidenceChange]:
    # scores[cohort][participation][point][item] = score
    scores: dict[int, dict[int, dict[str, dict[str, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    for cohort_id, part_id, point, item, score in session.execute(
        select(
            Participation.cohort_id,
            Participation.id,
            Assessment.point,
            AssessmentScore.item,
            AssessmentScore.score,
        )
        .join(Assessment, Assessment.participation_id == Participation.id)
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(
            Assessment.assessor == Assessor.SELF.value,
            AssessmentScore.kind == ScoreKind.CONFIDENCE.value,
        )
    ):
        scores[cohort_id][part_id][point][item] = score
    result = {}
    for cohort_id, people in scores.items():
        person_base, person_latest = [], []
        item_pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for by_point in people.values():
            baseline = by_point.get(AssessmentPoint.BASELINE.value)
            later = next((by_point[p] for p in _LATER_POINTS if p in by_point), None)
            if not baseline or not later:
                continue
            shared = [item for item in baseline if item in later]
            if not shared:
                continue
            person_base.append(sum(baseline[i] for i in shared) / len(shared))
            person_latest.append(sum(later[i] for i in shared) / len(shared))
            for item in shared:
                item_pairs[item].append((baseline[item], later[item]))
        if not person_base:
            result[cohort_id] = ConfidenceChange()
            continue
        ordered_items = [i for i in CONFIDENCE_ITEMS if i in item_pairs] + sorted(
            i for i in item_pairs if i not in CONFIDENCE_ITEMS
        )
        result[cohort_id] = ConfidenceChange(
            paired=len(person_base),
            baseline_mean=sum(person_base) / len(person_base),
            latest_mean=sum(person_latest) / len(person_latest),
            per_item={
                item: (
                    sum(b for b, _ in item_pairs[item]) / len(item_pairs[item]),
                    sum(a for _, a in item_pairs[item]) / len(item_pairs[item]),
                    len(item_pairs[item]),
                )
                for item in ordered_items
            },
        )
    return result
