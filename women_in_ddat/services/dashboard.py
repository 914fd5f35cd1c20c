"""What needs the coordinator's attention today, and each cohort at a glance.

Needs attention is each signal grouped by cohort (``attention_queries``
holds the rules); the cohorts at a glance are counted in the database too,
so the dashboard costs about the same for 100 mentees as for 100,000.
A cohort's milestone completion follows the programme's rules: it counts
the milestones of places that took part (accepted, active or completed) in ``COUNTED_STATES``
(open, overdue, waiting, done), as ``ProgressService.completion`` does, and
says what it left out. The milestones are counted once (``milestone_counts``)
for the cards and the overdue signal alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, literal_column, select
from sqlalchemy.orm import Session
from sqlmodel import col

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
    Participation,
)
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import (
    ENDING_SOON_DAYS,
    MOST_URGENT,
    NOT_MATCHED_DAYS,
    QUIET_DAYS,
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    SignalRef,
    uk_date,
)
from women_in_ddat.services.attention_queries import needs_attention
from women_in_ddat.services.base import Service
from women_in_ddat.services.milestone_counts import StateCounts, state_counts

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

    ``done`` and ``open`` (still to do: open, overdue or waiting; ``overdue``
    of them overdue) are the milestones of places that took part (accepted,
    active or completed) in ``COUNTED_STATES``; ``left_out`` is everything
    else: not applicable, withdrawn or closed, and the milestones of withdrawn
    places and of applicants.
    The same count as ``ProgressService.completion``.
    """

    done: int = 0
    open: int = 0
    overdue: int = 0
    left_out: int = 0

    COUNTS = "open, overdue, waiting and done milestones of places that took part"

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
                "or of withdrawn places and applicants)"
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
            counts = state_counts(session, today)
            attention = needs_attention(session, today, counts)
            cohorts = _cohort_overviews(session, counts)
        return Dashboard(today=today, attention=attention, cohorts=cohorts)

    def needs_attention(self, today: date | None = None) -> list[AttentionGroup]:
        return self.dashboard(today).attention

    def cohort_overviews(self, today: date | None = None) -> list[CohortOverview]:
        with self.db.reading() as session:
            return _cohort_overviews(session, state_counts(session, today or date.today()))


# --- cohorts at a glance ----------------------------------------------------


def _cohort_overviews(session: Session, counts: dict[int, StateCounts]) -> list[CohortOverview]:
    cohorts = session.execute(
        select(
            col(Cohort.id),
            col(Cohort.name),
            col(Cohort.status),
            col(Cohort.start_date),
            col(Cohort.end_date),
        )
        .where(col(Cohort.status) != CohortStatus.CANCELLED.value)
        .order_by(col(Cohort.start_date).desc(), col(Cohort.name))
    ).all()
    if not cohorts:
        return []
    pipelines = _pipelines(session)
    milestones = _milestone_progress(counts)
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

    Each mentee's matches come down to one number (none; matched; one that
    started; one that completed), and the database counts mentees by cohort,
    place status and that number: a few dozen rows, however many mentees.
    """
    started = (MatchStatus.ACTIVE.value, MatchStatus.ON_HOLD.value)
    furthest = (
        select(
            func.max(
                case(
                    (col(Match.status) == MatchStatus.COMPLETED.value, _COMPLETED_MATCH),
                    (col(Match.status).in_(started), _STARTED_MATCH),
                    else_=_SOME_MATCH,
                )
            )
        )
        .where(col(Match.mentee_participation_id) == col(Participation.id))
        .scalar_subquery()
        .label("furthest")
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cohort_id, status, match, n in session.execute(
        select(col(Participation.cohort_id), col(Participation.status), furthest, func.count())
        .where(col(Participation.role) == ParticipantRole.MENTEE.value)
        # By its output name: the subquery then runs once per mentee, not twice.
        .group_by(
            col(Participation.cohort_id), col(Participation.status), literal_column("furthest")
        )
    ):
        c = counts[cohort_id]
        if status == ParticipationStatus.APPLIED.value:
            c["applied"] += n
            continue
        if status == ParticipationStatus.WITHDRAWN.value:
            c["withdrawn"] += n
            continue
        c["accepted"] += n
        if match is None:
            continue
        c["matched"] += n
        # Active is her place's status, as the Cohorts page and the reports read it (a match
        # that starts makes her place active: match_history.places_follow_match).
        met = status in (ParticipationStatus.ACTIVE.value, ParticipationStatus.COMPLETED.value)
        if not met:
            continue
        c["active"] += n
        if status == ParticipationStatus.COMPLETED.value or match == _COMPLETED_MATCH:
            c["completed"] += n
    return {cohort_id: Pipeline(**c) for cohort_id, c in counts.items()}


# How far a mentee's matches went, furthest first wins (MAX).
_SOME_MATCH, _STARTED_MATCH, _COMPLETED_MATCH = 1, 2, 3


def _milestone_progress(counts: dict[int, StateCounts]) -> dict[int, MilestoneProgress]:
    return {
        cohort_id: MilestoneProgress(
            done=c.done, open=c.still_open + c.overdue, overdue=c.overdue, left_out=c.left_out
        )
        for cohort_id, c in counts.items()
    }


def _session_stats(session: Session) -> dict[int, SessionStats]:
    return {
        cohort_id: SessionStats(count=n, minutes=int(minutes or 0), last=last)
        for cohort_id, n, minutes, last in session.execute(
            select(
                col(Match.cohort_id),
                func.count(col(MentoringSession.id)),
                func.sum(col(MentoringSession.duration_minutes)),
                func.max(col(MentoringSession.held_on)),
            )
            .join(Match, col(Match.id) == col(MentoringSession.match_id))
            .group_by(col(Match.cohort_id))
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
            col(Participation.cohort_id),
            col(Participation.id),
            col(Assessment.point),
            col(AssessmentScore.item),
            col(AssessmentScore.score),
        )
        .join(Assessment, col(Assessment.participation_id) == col(Participation.id))
        .join(AssessmentScore, col(AssessmentScore.assessment_id) == col(Assessment.id))
        .where(
            col(Assessment.assessor) == Assessor.SELF.value,
            col(AssessmentScore.kind) == ScoreKind.CONFIDENCE.value,
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
