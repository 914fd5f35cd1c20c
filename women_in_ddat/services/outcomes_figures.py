"""Does the programme work? A cohort's outcome figures, and when to ask again.

Counted over the mentees who took part (active or completed in the
cohort; those who withdrew are counted apart). An outcome belongs to the
cohort when it is credited to it, or credited to no cohort and dated on or
after the cohort's start. An outcome credited to another cohort never counts
here.

- promotion rate: mentees with a promotion outcome, of those who took part;
- time to promotion: from the cohort's start to each mentee's first
  promotion (median, shortest, longest);
- retention in public-sector DDaT: mentees with no "left the sector"
  outcome (moving between councils is still retention);
- alumni who became mentors: mentees with a "became a mentor" outcome, or
  who mentor in a cohort that started after this one.

Follow-ups fall due 6, 12 and 24 months after a cohort ends;
``follow_up_schedule`` and ``follow_up_showing`` are pure so the dashboard
and reports ask the same question the same way.
"""

from __future__ import annotations

import calendar
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    CohortStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import Cohort, Outcome, Participation
from women_in_ddat.services.attention import FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS
from women_in_ddat.services.base import Service, get_or_404

FOLLOW_UP_MONTHS = (6, 12, 24)
# A follow-up shows this long before it falls due ...
SHOWS_BEFORE_DAYS = 14
# ... until the next one takes over; the last shows this long after its date.
LAST_SHOWS_FOR_DAYS = 90
DAYS_PER_MONTH = 365.25 / 12

TOOK_PART = (ParticipationStatus.ACTIVE.value, ParticipationStatus.COMPLETED.value)


# --- pure: follow-up dates -------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class FollowUp:
    months: int
    due: date

    def label(self) -> str:
        return f"{self.months}-month follow-up"


def follow_up_schedule(cohort_end: date) -> tuple[FollowUp, ...]:
    """The follow-ups of a cohort that ended (or ends) on ``cohort_end``."""
    return tuple(FollowUp(months, add_months(cohort_end, months)) for months in FOLLOW_UP_MONTHS)


def follow_up_showing(
    cohort_end: date | None,
    today: date,
    *,
    shows_before_days: int = SHOWS_BEFORE_DAYS,
    last_shows_for_days: int = LAST_SHOWS_FOR_DAYS,
) -> FollowUp | None:
    """The follow-up that belongs on today's "needs attention" list, if any.

    Each shows from ``shows_before_days`` before its due date until the next
    one starts showing; the last one for ``last_shows_for_days`` after its date.
    """
    if cohort_end is None:
        return None
    schedule = follow_up_schedule(cohort_end)
    for index, follow_up in enumerate(schedule):
        starts = follow_up.due - timedelta(days=shows_before_days)
        if index + 1 < len(schedule):
            stops = schedule[index + 1].due - timedelta(days=shows_before_days)
        else:
            stops = follow_up.due + timedelta(days=last_shows_for_days)
        if starts <= today < stops:
            return follow_up
    return None


# --- results -----------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    count: int
    of: int

    @property
    def rate(self) -> float | None:
        return self.count / self.of if self.of else None

    def __str__(self) -> str:
        if not self.of:
            return "no one yet"
        return f"{self.count} of {self.of} ({self.count / self.of:.0%})"


@dataclass(frozen=True)
class TimeToPromotion:
    # Days from the cohort's start to each promoted mentee's first promotion.
    days: tuple[int, ...] = ()

    @property
    def median_months(self) -> float | None:
        return statistics.median(self.days) / DAYS_PER_MONTH if self.days else None

    @property
    def shortest_months(self) -> float | None:
        return min(self.days) / DAYS_PER_MONTH if self.days else None

    @property
    def longest_months(self) -> float | None:
        return max(self.days) / DAYS_PER_MONTH if self.days else None


@dataclass(frozen=True)
class CohortFigures:
    cohort_id: int
    cohort: str
    status: str
    start_date: date | None
    end_date: date | None
    took_part: int
    withdrew: int
    promoted: Share
    time_to_promotion: TimeToPromotion
    retained_in_sector: Share
    left_sector: int
    left_organisation: int
    became_mentors: Share
    # Each outcome kind, counting people (not outcomes).
    people_by_outcome: dict[str, int] = field(default_factory=dict)
    follow_ups: tuple[FollowUp, ...] = ()
    # Mentees heard from at a follow-up (an outcome recorded once the first came near,
    # the dashboard's rule): with none, who is still in the sector is not yet known.
    followed_up: int = 0

    @property
    def sector_known(self) -> bool:
        return self.followed_up > 0


def belongs_to_cohort(
    outcome_cohort: int | None, occurred_on: date, cohort_id: int | None, cohort_start: date | None
) -> bool:
    """An outcome counts for a cohort when credited to it, or to no cohort and dated
    on or after the cohort's start."""
    return outcome_cohort == cohort_id or (
        outcome_cohort is None and (cohort_start is None or occurred_on >= cohort_start)
    )


def cohort_figures_from(
    cohort: Cohort,
    participants: Iterable[tuple[int, str]],
    outcomes: Iterable[Outcome],
    later_mentor_people: set[int],
) -> CohortFigures:
    """The figures from plain rows: (person id, status) of the cohort's mentees,
    their outcomes (any cohort), and who mentors in a cohort that started later."""
    statuses = dict(participants)
    took_part = {p for p, status in statuses.items() if status in TOOK_PART}
    withdrew = sum(1 for s in statuses.values() if s == ParticipationStatus.WITHDRAWN.value)
    counted: dict[int, list[Outcome]] = {p: [] for p in took_part}
    for outcome in outcomes:
        if outcome.person_id not in counted:
            continue
        if belongs_to_cohort(outcome.cohort_id, outcome.occurred_on, cohort.id, cohort.start_date):
            counted[outcome.person_id].append(outcome)
    kinds_by_person = {p: {o.kind for o in rows} for p, rows in counted.items()}
    people_by_outcome = Counter(kind for kinds in kinds_by_person.values() for kind in kinds)
    promoted = [p for p, kinds in kinds_by_person.items() if OutcomeKind.PROMOTION.value in kinds]
    days = []
    if cohort.start_date is not None:
        for person in promoted:
            first = min(
                o.occurred_on for o in counted[person] if o.kind == OutcomeKind.PROMOTION.value
            )
            days.append(max(0, (first - cohort.start_date).days))
    left_sector = people_by_outcome.get(OutcomeKind.LEFT_SECTOR.value, 0)
    mentors = {
        p
        for p, kinds in kinds_by_person.items()
        if OutcomeKind.BECAME_MENTOR.value in kinds or p in later_mentor_people
    }
    n = len(took_part)
    followed_up = 0
    if cohort.end_date is not None:
        asked_from = datetime.combine(
            follow_up_schedule(cohort.end_date)[0].due
            - timedelta(days=FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS),
            time.min,
            tzinfo=UTC,
        )
        followed_up = sum(
            1 for rows in counted.values() if any(_aware(o.created_at) >= asked_from for o in rows)
        )
    return CohortFigures(
        cohort_id=cohort.id or 0,
        cohort=cohort.name,
        status=cohort.status,
        start_date=cohort.start_date,
        end_date=cohort.end_date,
        took_part=n,
        withdrew=withdrew,
        promoted=Share(len(promoted), n),
        time_to_promotion=TimeToPromotion(tuple(sorted(days))),
        retained_in_sector=Share(n - left_sector, n),
        left_sector=left_sector,
        left_organisation=people_by_outcome.get(OutcomeKind.LEFT_ORGANISATION.value, 0),
        became_mentors=Share(len(mentors), n),
        people_by_outcome={k.value: people_by_outcome.get(k.value, 0) for k in OutcomeKind},
        follow_ups=follow_up_schedule(cohort.end_date) if cohort.end_date else (),
        followed_up=followed_up,
    )


def _aware(moment: datetime) -> datetime:
    """A stored moment as UTC (SQLite hands them back without a zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class OutcomeFiguresService(Service):
    def cohort_figures(self, cohort_id: int) -> CohortFigures:
        with self.db.reading() as session:
            cohort = get_or_404(session, Cohort, cohort_id, "cohort")
            return _figures(session, cohort)

    def all_cohorts(self) -> list[CohortFigures]:
        """Every cohort that is not cancelled, newest first."""
        with self.db.reading() as session:
            cohorts = session.scalars(
                select(Cohort)
                .where(col(Cohort.status) != CohortStatus.CANCELLED.value)
                .order_by(col(Cohort.start_date).desc(), col(Cohort.name))
            ).all()
            return [_figures(session, c) for c in cohorts]

    def follow_ups_showing(self, today: date | None = None) -> list[tuple[int, str, FollowUp]]:
        """(cohort id, cohort name, follow-up) for each cohort with one showing today."""
        today = today or date.today()
        with self.db.reading() as session:
            rows = session.execute(
                select(col(Cohort.id), col(Cohort.name), col(Cohort.end_date)).where(
                    col(Cohort.status) != CohortStatus.CANCELLED.value,
                    col(Cohort.end_date).is_not(None),
                )
            ).all()
        showing = []
        for cohort_id, name, end in rows:
            follow_up = follow_up_showing(end, today)
            if follow_up is not None:
                showing.append((cohort_id, name, follow_up))
        return sorted(showing, key=lambda row: row[2].due)


def cohort_figures_in(session: Session, cohort: Cohort) -> CohortFigures:
    """A cohort's figures inside a session the caller holds (the programme report's)."""
    return _figures(session, cohort)


def _figures(session: Session, cohort: Cohort) -> CohortFigures:
    participants = session.execute(
        select(col(Participation.person_id), col(Participation.status)).where(
            col(Participation.cohort_id) == cohort.id,
            col(Participation.role) == ParticipantRole.MENTEE.value,
        )
    ).all()
    people = [p for p, _ in participants]
    outcomes = session.scalars(select(Outcome).where(col(Outcome.person_id).in_(people))).all()
    later_mentors: set[int] = set()
    if cohort.start_date is not None:
        later_mentors = set(
            session.scalars(
                select(col(Participation.person_id))
                .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
                .where(
                    col(Participation.person_id).in_(people),
                    col(Participation.role) == ParticipantRole.MENTOR.value,
                    col(Participation.status) != ParticipationStatus.WITHDRAWN.value,
                    col(Cohort.start_date) > cohort.start_date,
                )
            )
        )
    return cohort_figures_from(
        cohort, [(person_id, status) for person_id, status in participants], outcomes, later_mentors
    )
