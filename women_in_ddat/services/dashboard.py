"""What needs the coordinator's attention today, and each cohort at a glance.

Needs attention is each signal grouped by cohort (``attention_queries``
holds the rules); the cohorts at a glance are counted in the database too,
so the dashboard costs about the same for 100 mentees as for 100,000.
A cohort's milestone completion follows the programme's rules: it counts
the milestones of current places (not withdrawn or completed) in ``COUNTED_STATES``
(open, overdue, waiting, done) and says what it left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    AssessmentPoint,
    Assessor,
    CohortStatus,
    MatchStatus,
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
    Participation,
)
from women_in_ddat.domain.programme_rules import (
    COUNTED_STATES,
    MilestoneState,
    milestone_state_sql,
)
from women_in_ddat.services.attention import (
    ENDING_SOON_DAYS,
    MOST_URGENT,
    NOT_MATCHED_DAYS,
    QUIET_DAYS,
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    RecordRef,
    SignalRef,
    uk_date,
)
from women_in_ddat.services.attention_queries import needs_attention
from women_in_ddat.services.base import Service

# A place that ended: her milestones are left out of completion rates.
PLACE_ENDED = (ParticipationStatus.WITHDRAWN.value, ParticipationStatus.COMPLETED.value)

__all__ = [
    "ENDING_SOON_DAYS",
    "MOST_URGENT",
    "NOT_MATCHED_DAYS",
    "QUIET_DAYS",
    "AttentionGroup",
    "AttentionItem",
    "AttentionKind",
    "CohortOverview",
    "ConfidenceChange",
    "Dashboard",
    "DashboardService",
    "MilestoneProgress",
    "Pipeline",
    "RecordRef",
    "SessionStats",
    "SignalRef",
    "uk_date",
]


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
    """A cohort's milestones by state, as its completion rate counts them.

    ``done``, ``open`` (still to do: open, overdue or waiting), ``overdue``
    and ``waiting`` are milestones of current places (neither withdrawn nor
    completed) in ``COUNTED_STATES``; ``left_out`` is everything else: not
    applicable, withdrawn or closed, and the milestones of places that
    ended. The same count as ``ProgressService.completion``.
    """

    done: int = 0
    open: int = 0
    overdue: int = 0
    waiting: int = 0
    not_applicable: int = 0
    left_out: int = 0

    COUNTS = "open, overdue, waiting and done milestones of current places"

    @property
    def counted(self) -> int:
        return self.done + self.open

    @property
    def applicable(self) -> int:
        return self.counted

    @property
    def completion(self) -> float | None:
        """Share of counted milestones done (None when there are none)."""
        return self.done / self.counted if self.counted else None

    def describe(self) -> str:
        """What the completion rate counts, and what it leaves out."""
        text = f"Counts {self.COUNTS}"
        if self.left_out:
            text += (
                f"; leaves out {self.left_out:,} (not applicable, withdrawn or closed, "
                "or of places that ended)"
            )
        return text + "."


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
    attention: list[AttentionGroup]
    cohorts: list[CohortOverview]

    def attention_by_kind(self) -> dict[AttentionKind, list[AttentionGroup]]:
        grouped: dict[AttentionKind, list[AttentionGroup]] = {kind: [] for kind in AttentionKind}
        for group in self.attention:
            grouped[group.kind].append(group)
        return grouped

    def total(self, kind: AttentionKind | None = None) -> int:
        """How many records the groups (of one kind, or all) stand for."""
        return sum(g.count for g in self.attention if kind is None or g.kind is kind)


class DashboardService(Service):
    def dashboard(self, today: date | None = None) -> Dashboard:
        today = today or date.today()
        with self.db.reading() as session:
            attention = needs_attention(session, today)
            cohorts = _cohort_overviews(session, today)
        return Dashboard(today=today, attention=attention, cohorts=cohorts)

    def needs_attention(self, today: date | None = None) -> list[AttentionGroup]:
        return self.dashboard(today).attention

    def cohort_overviews(self, today: date | None = None) -> list[CohortOverview]:
        with self.db.reading() as session:
            return _cohort_overviews(session, today or date.today())


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
    """Accepted, then matched, then active (met), then completed: each a subset of the last.

    Counted in the database: each mentee's matches reduced to three flags
    (any match, one that started, one that completed), then summed by cohort.
    """
    started = (MatchStatus.ACTIVE.value, MatchStatus.ON_HOLD.value, MatchStatus.COMPLETED.value)
    flags = (
        select(
            Match.mentee_participation_id.label("participation_id"),
            func.max(case((Match.status.in_(started), 1), else_=0)).label("started"),
            func.max(case((Match.status == MatchStatus.COMPLETED.value, 1), else_=0)).label(
                "completed"
            ),
        )
        .group_by(Match.mentee_participation_id)
        .subquery()
    )
    status = Participation.status
    accepted = status.in_(
        (
            ParticipationStatus.ACCEPTED.value,
            ParticipationStatus.ACTIVE.value,
            ParticipationStatus.COMPLETED.value,
        )
    )
    matched = and_(accepted, flags.c.participation_id.is_not(None))
    active = and_(
        matched,
        (flags.c.started == 1)
        | status.in_((ParticipationStatus.ACTIVE.value, ParticipationStatus.COMPLETED.value)),
    )
    completed = and_(
        active, (status == ParticipationStatus.COMPLETED.value) | (flags.c.completed == 1)
    )

    def tally(condition: object) -> object:
        return func.sum(case((condition, 1), else_=0))

    rows = session.execute(
        select(
            Participation.cohort_id,
            tally(status == ParticipationStatus.APPLIED.value),
            tally(accepted),
            tally(matched),
            tally(active),
            tally(completed),
            tally(status == ParticipationStatus.WITHDRAWN.value),
        )
        .outerjoin(flags, flags.c.participation_id == Participation.id)
        .where(Participation.role == ParticipantRole.MENTEE.value)
        .group_by(Participation.cohort_id)
    )
    return {cohort_id: Pipeline(*(int(n or 0) for n in counts)) for cohort_id, *counts in rows}


def _milestone_progress(session: Session, today: date) -> dict[int, MilestoneProgress]:
    state = milestone_state_sql(Milestone.status, Milestone.due_date, today)
    current = case((Participation.status.not_in(PLACE_ENDED), 1), else_=0)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cohort_id, is_current, milestone_state, n in session.execute(
        select(Participation.cohort_id, current, state, func.count())
        .join(Participation, Participation.id == Milestone.participation_id)
        .group_by(Participation.cohort_id, current, state)
    ):
        c = counts[cohort_id]
        state_now = MilestoneState(milestone_state)
        if state_now is MilestoneState.NOT_APPLICABLE and is_current:
            c["not_applicable"] += n
        if not is_current or state_now not in COUNTED_STATES:
            c["left_out"] += n
        elif state_now is MilestoneState.DONE:
            c["done"] += n
        else:
            c["open"] += n
            if state_now is MilestoneState.OVERDUE:
                c["overdue"] += n
            elif state_now is MilestoneState.WAITING:
                c["waiting"] += n
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
