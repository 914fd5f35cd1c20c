"""The figures of the cohort and organisation reports, from plain report data.

Pure functions over PersonProgress values: no database, no PDF, so each
figure is tested on its own. Group figures about fewer than
SMALL_GROUP people are not shown (``suppressed``), so a board paper never
reveals one person's answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from women_in_ddat.domain.enums import MatchStatus, ParticipationStatus
from women_in_ddat.domain.programme_rules import COUNTED_STATES, MilestoneState, milestone_state
from women_in_ddat.services.report_data import MentorParticipation, PersonProgress

SMALL_GROUP = 5
FEWER_THAN = f"fewer than {SMALL_GROUP}"


def suppressed(count: int) -> str:
    """A head count fit to print about a group: small groups are not counted out."""
    return FEWER_THAN if count < SMALL_GROUP else str(count)


@dataclass(frozen=True)
class Pipeline:
    applied: int  # still awaiting a decision
    accepted: int  # accepted, not started
    active: int
    completed: int
    withdrawn: int
    matched: int  # have had a mentor, whatever their status now

    @property
    def total(self) -> int:
        return self.applied + self.accepted + self.active + self.completed + self.withdrawn

    @property
    def decided(self) -> int:
        """Everyone past the application stage: the base of the match rate."""
        return self.total - self.applied

    @property
    def match_rate(self) -> float | None:
        return self.matched / self.decided if self.decided else None


def pipeline(mentees: Iterable[PersonProgress]) -> Pipeline:
    mentees = list(mentees)
    counts = Counter(m.status for m in mentees)
    return Pipeline(
        applied=counts[ParticipationStatus.APPLIED.value],
        accepted=counts[ParticipationStatus.ACCEPTED.value],
        active=counts[ParticipationStatus.ACTIVE.value],
        completed=counts[ParticipationStatus.COMPLETED.value],
        withdrawn=counts[ParticipationStatus.WITHDRAWN.value],
        matched=sum(1 for m in mentees if m.matched),
    )


@dataclass(frozen=True)
class SessionTotals:
    sessions: int
    minutes: int
    mentees_with_sessions: int
    last_held: date | None

    @property
    def hours(self) -> float:
        return self.minutes / 60

    def per_mentee(self) -> float | None:
        return self.sessions / self.mentees_with_sessions if self.mentees_with_sessions else None


def session_totals(mentees: Iterable[PersonProgress]) -> SessionTotals:
    stats = [m.sessions for m in mentees]
    held = [s.last_held for s in stats if s.last_held is not None]
    return SessionTotals(
        sessions=sum(s.count for s in stats),
        minutes=sum(s.minutes for s in stats),
        mentees_with_sessions=sum(1 for s in stats if s.count),
        last_held=max(held) if held else None,
    )


@dataclass(frozen=True)
class MilestoneCompletion:
    title: str
    required: bool
    expected: int  # mentees for whom it applies
    done: int
    overdue: int
    not_applicable: int


def milestone_completion(
    mentees: Iterable[PersonProgress], today: date
) -> list[MilestoneCompletion]:
    """Per milestone title, over mentees still taking part (not withdrawn), in due order.

    ``expected`` counts the milestones in COUNTED_STATES (still to do or
    done); withdrawn, closed and not-applicable ones are left out, and
    overdue is the state the programme's rules give on ``today``.
    """
    first_due: dict[str, tuple[date, int]] = {}
    tally: dict[str, Counter[str]] = {}
    required: dict[str, bool] = {}
    order = 0
    for mentee in mentees:
        if mentee.status == ParticipationStatus.WITHDRAWN.value:
            continue
        for m in mentee.milestones:
            order += 1
            due = m.due_date or date.max
            if m.title not in first_due or (due, order) < first_due[m.title]:
                first_due[m.title] = (due, order)
            counter = tally.setdefault(m.title, Counter())
            required[m.title] = required.get(m.title, False) or m.required
            state = milestone_state(m.status, m.due_date, today)
            counter[state.value] += 1
            if state in COUNTED_STATES:
                counter["expected"] += 1
    rows = []
    for title in sorted(tally, key=lambda t: first_due[t]):
        c = tally[title]
        rows.append(
            MilestoneCompletion(
                title=title,
                required=required[title],
                expected=c["expected"],
                done=c[MilestoneState.DONE.value],
                overdue=c[MilestoneState.OVERDUE.value],
                not_applicable=c[MilestoneState.NOT_APPLICABLE.value],
            )
        )
    return rows


@dataclass(frozen=True)
class MatchRisks:
    """Matches that put a mentee's place at risk, for the cohort report."""

    on_hold: int
    ended_early: int  # ended early and not yet re-matched
    rematched: int  # ended early, now with a new mentor
    not_matched: int  # taking part, never matched


def match_risks(mentees: Iterable[PersonProgress]) -> MatchRisks:
    on_hold = ended = rematched = unmatched = 0
    for mentee in mentees:
        if mentee.status == ParticipationStatus.WITHDRAWN.value:
            continue
        risk = mentee.match_risk
        on_hold += risk == MatchStatus.ON_HOLD.value
        ended += risk == MatchStatus.ENDED_EARLY.value
        rematched += risk is None and any(
            m.status == MatchStatus.ENDED_EARLY.value for m in mentee.mentors
        )
        unmatched += not mentee.mentors and mentee.status != ParticipationStatus.APPLIED.value
    return MatchRisks(on_hold, ended, rematched, unmatched)


@dataclass(frozen=True)
class PairedChange:
    """One confidence statement, baseline against latest, over the same people."""

    item: str
    label: str
    people: int
    baseline_mean: float
    latest_mean: float
    improved: int
    same: int
    lower: int

    @property
    def change(self) -> float:
        return self.latest_mean - self.baseline_mean

    @property
    def shown(self) -> bool:
        return self.people >= SMALL_GROUP


def paired_confidence(mentees: Iterable[PersonProgress]) -> list[PairedChange]:
    """Person by person: each mentee's baseline against her own latest score."""
    pairs: dict[str, list[tuple[int, int]]] = {}
    labels: dict[str, str] = {}
    for mentee in mentees:
        for series in mentee.confidence:
            if series.baseline is None or series.latest is None:
                continue
            labels[series.item] = series.label
            pairs.setdefault(series.item, []).append((series.baseline, series.latest))
    result = []
    for item, values in pairs.items():
        n = len(values)
        result.append(
            PairedChange(
                item=item,
                label=labels[item],
                people=n,
                baseline_mean=sum(b for b, _ in values) / n,
                latest_mean=sum(latest for _, latest in values) / n,
                improved=sum(1 for b, latest in values if latest > b),
                same=sum(1 for b, latest in values if latest == b),
                lower=sum(1 for b, latest in values if latest < b),
            )
        )
    return result


def paired_people(mentees: Iterable[PersonProgress]) -> int:
    """How many mentees have at least one paired confidence answer."""
    return sum(
        1
        for m in mentees
        if any(s.baseline is not None and s.latest is not None for s in m.confidence)
    )


def outcome_counts(mentees: Iterable[PersonProgress]) -> Counter[str]:
    """Outcomes by kind, each outcome counted once even if a person has two places."""
    seen: set[tuple[int, str, date, str]] = set()
    counts: Counter[str] = Counter()
    for mentee in mentees:
        for o in mentee.outcomes:
            key = (mentee.person_id, o.kind, o.occurred_on, o.description)
            if key not in seen:
                seen.add(key)
                counts[o.kind] += 1
    return counts


@dataclass(frozen=True)
class OrganisationRow:
    organisation: str
    mentees: int
    mentors: int
    matched: int
    active: int
    completed: int
    withdrawn: int
    milestones_done: int
    milestones_counted: int
    sessions: int


def by_organisation(
    mentees: Sequence[PersonProgress], mentors: Sequence[MentorParticipation]
) -> list[OrganisationRow]:
    names = sorted(
        {m.organisation for m in mentees} | {m.organisation for m in mentors},
        key=lambda n: (n == "", n.casefold()),
    )
    rows = []
    for name in names:
        ms = [m for m in mentees if m.organisation == name]
        rows.append(
            OrganisationRow(
                organisation=name,
                mentees=len(ms),
                mentors=sum(1 for m in mentors if m.organisation == name),
                matched=sum(1 for m in ms if m.matched),
                active=sum(1 for m in ms if m.status == ParticipationStatus.ACTIVE.value),
                completed=sum(1 for m in ms if m.status == ParticipationStatus.COMPLETED.value),
                withdrawn=sum(1 for m in ms if m.status == ParticipationStatus.WITHDRAWN.value),
                milestones_done=sum(m.milestones_done for m in ms),
                milestones_counted=sum(m.milestones_counted for m in ms),
                sessions=sum(m.sessions.count for m in ms),
            )
        )
    return rows
