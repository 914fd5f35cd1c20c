"""What the PDF reports print, as plain frozen values.

Gathered from the database in a few bulk queries (report_data_gather) and
handed to the renderers in women_in_ddat.reports. They hold no session and
no ORM object, so they pickle cheaply to the worker processes of a batch
and the renderers can be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from women_in_ddat.domain.enums import MATCH_STATUSES_USING_CAPACITY, AssessmentPoint, MatchStatus
from women_in_ddat.domain.programme_rules import COUNTED_STATES, MilestoneState, milestone_state
from women_in_ddat.services.quotes import Quote

# "Her mentor" is the mentor of a match in one of these (as in services.match_history).
CURRENT_MATCH_STATUSES = frozenset(s.value for s in MATCH_STATUSES_USING_CAPACITY)
# A match in one of these has begun: a proposal that never started is not one of them.
STARTED_MATCH_STATUSES = frozenset(
    s.value for s in (MatchStatus.ACTIVE, MatchStatus.ON_HOLD, MatchStatus.COMPLETED)
)


POINTS: tuple[str, ...] = tuple(p.value for p in AssessmentPoint)


@dataclass(frozen=True)
class ScoreSeries:
    """One confidence statement or skill, scored at each assessment point (None: not asked)."""

    item: str
    label: str
    baseline: int | None = None
    mid: int | None = None
    end: int | None = None

    def at(self, point: str) -> int | None:
        value: int | None = getattr(self, point)
        return value

    @property
    def latest(self) -> int | None:
        """The last score after the baseline (end, else mid)."""
        return self.end if self.end is not None else self.mid


@dataclass(frozen=True)
class MilestoneLine:
    title: str
    required: bool
    due_date: date | None
    completed_on: date | None
    status: str
    evidence_note: str
    # Its state when the data was gathered (programme_rules.milestone_state); "" = work it out.
    state: str = ""

    def __post_init__(self) -> None:
        if not self.state:
            state = milestone_state(self.status, self.due_date, date.today())
            object.__setattr__(self, "state", state.value)


@dataclass(frozen=True)
class OutcomeLine:
    kind: str
    occurred_on: date
    description: str
    role: str
    level: str


@dataclass(frozen=True)
class MentorLine:
    """A match the mentee had in the cohort, seen from her side."""

    name: str
    organisation: str
    job_title: str
    status: str
    start_date: date | None
    end_date: date | None
    # Why it is on hold or ended, who ended it, and since when it has been on hold.
    reason: str = ""
    ended_by: str = ""
    on_hold_since: date | None = None
    # It began (active at some time): only such a match names her mentor to her sponsor.
    started: bool = True

    @property
    def is_current(self) -> bool:
        """Her mentor now: a match proposed, active or on hold (never an ended one)."""
        return self.status in CURRENT_MATCH_STATUSES

    def describe(self) -> str:
        """The match's state with its dates and reason, e.g. "ended early 4 May 2026: why"."""
        status = MatchStatus(self.status)
        if status == MatchStatus.PROPOSED:
            return "proposed, not started"
        if status == MatchStatus.ACTIVE:
            return f"active since {_day(self.start_date)}"
        if status == MatchStatus.ON_HOLD:
            text = f"on hold since {_day(self.on_hold_since or self.start_date)}"
        else:
            label = "ended early" if status == MatchStatus.ENDED_EARLY else "completed"
            since = f"{_day(self.start_date)} to " if self.start_date else ""
            text = f"{label} ({since}{_day(self.end_date)})"
        return f"{text}: {self.reason}" if self.reason else text


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value is not None else "an unknown date"


@dataclass(frozen=True)
class SessionStats:
    count: int = 0
    minutes: int = 0
    last_held: date | None = None

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass(frozen=True)
class EventLine:
    """An event of her cohort (or programme) she was invited to or had to attend."""

    event_id: int
    title: str
    first_day: date | None
    required: bool
    days: int
    days_attended: int
    invited: bool
    rsvp: str
    # Its last day: an event not over yet is "to come", not "not attended".
    last_day: date | None = None
    # Its days, and the days the register says she attended.
    day_dates: tuple[date, ...] = ()
    attended_dates: tuple[date, ...] = ()

    @property
    def attended_in_full(self) -> bool:
        return self.days > 0 and self.days_attended == self.days

    def days_held(self, by: date) -> int:
        """Its days held on or before ``by`` (the programme report's rule for a day held)."""
        return sum(1 for day in self.day_dates if day <= by)

    def days_attended_held(self, by: date) -> int:
        return sum(1 for day in self.attended_dates if day <= by)

    def under_way(self, by: date) -> bool:
        """Some of its days held by ``by``, some still to come."""
        return 0 < self.days_held(by) < len(self.day_dates)

    def attended_every_day_held(self, by: date) -> bool:
        """Every day held so far attended: the whole event once it is over."""
        held = self.days_held(by)
        return held > 0 and self.days_attended_held(by) == held


@dataclass(frozen=True)
class PersonProgress:
    """Everything a mentee's progress summary (and certificate) prints."""

    programme: str
    participation_id: int
    person_id: int
    first_name: str
    last_name: str
    preferred_name: str
    pronouns: str
    organisation: str
    organisation_id: int | None
    job_title: str
    current_role_family: str
    current_role: str
    current_level: str
    target_role_family: str
    target_role: str
    target_level: str
    consent_to_share_with_sponsor: bool
    cohort_id: int
    cohort: str
    cohort_place: str
    cohort_start: date | None
    cohort_end: date | None
    cohort_status: str
    status: str
    goals: str
    mentors: tuple[MentorLine, ...]
    milestones: tuple[MilestoneLine, ...]
    sessions: SessionStats
    confidence: tuple[ScoreSeries, ...]
    skills: tuple[ScoreSeries, ...]
    outcomes: tuple[OutcomeLine, ...]
    events: tuple[EventLine, ...] = ()
    # When her place ended (completed or withdrew), as recorded; and why she withdrew.
    ended_on: date | None = None
    withdrawn_reason: str = ""

    @property
    def completed_on(self) -> date | None:
        """The date she completed: her place's end, else her cohort's end."""
        return self.ended_on or self.cohort_end

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}".strip()

    @property
    def required_events_missed(self) -> tuple[EventLine, ...]:
        return tuple(e for e in self.events if e.required and not e.attended_in_full)

    @property
    def current_mentor(self) -> MentorLine | None:
        """Her mentor: the match proposed, active or on hold, else one she completed.

        A match that ended early is never her mentor: she is unmatched until
        a new match is made.
        """
        live = [m for m in self.mentors if m.is_current]
        if live:
            return live[-1]
        if self.mentors and self.mentors[-1].status == MatchStatus.COMPLETED.value:
            return self.mentors[-1]
        return None

    @property
    def earlier_mentors(self) -> tuple[MentorLine, ...]:
        """Her other matches (ended or completed), oldest first, with dates and reasons."""
        current = self.current_mentor
        return tuple(m for m in self.mentors if m is not current)

    @property
    def match_risk(self) -> str | None:
        """ "on_hold" or "ended_early" when her match is a risk to her place, else None."""
        current = self.current_mentor
        if current is not None and current.status == MatchStatus.ON_HOLD.value:
            return MatchStatus.ON_HOLD.value
        if current is None and any(m.status == MatchStatus.ENDED_EARLY.value for m in self.mentors):
            return MatchStatus.ENDED_EARLY.value
        return None

    @property
    def matched(self) -> bool:
        return bool(self.mentors)

    @property
    def milestones_done(self) -> int:
        """Done milestones among those counted (see milestones_counted)."""
        return sum(1 for m in self.milestones if m.state == MilestoneState.DONE.value)

    @property
    def milestones_counted(self) -> int:
        """Milestones a completion rate counts: still to do or done (COUNTED_STATES).

        Withdrawn, closed and not-applicable ones are left out.
        """
        return sum(1 for m in self.milestones if m.state in COUNTED_STATES)

    def mean_confidence(self, point: str) -> float | None:
        scores = [s.at(point) for s in self.confidence if s.at(point) is not None]
        return sum(scores) / len(scores) if scores else None  # type: ignore[arg-type]


@dataclass(frozen=True)
class MentorParticipation:
    """A mentor's place in a cohort, for the cohort and organisation reports."""

    participation_id: int
    person_id: int
    name: str
    job_title: str
    organisation: str
    organisation_id: int | None
    consent_to_share_with_sponsor: bool
    cohort_id: int
    cohort: str
    status: str
    mentees: int
    sessions: SessionStats


@dataclass(frozen=True)
class CohortHeader:
    id: int
    name: str
    programme: str
    place: str
    start_date: date | None
    end_date: date | None
    status: str


@dataclass(frozen=True)
class CohortData:
    cohort: CohortHeader
    mentees: tuple[PersonProgress, ...]
    mentors: tuple[MentorParticipation, ...]
    # The outcome figures (services.outcomes_figures) of this cohort and of those that
    # started before it, newest first: the board compares them.
    outcome_figures: tuple[Any, ...] = ()
    # Participants' feedback (questionnaires.FeedbackSummary) and the quotes they
    # agreed to publish (questionnaires.PublishableQuote), consent in force.
    feedback: Any = None
    quotes: tuple[Any, ...] = ()


@dataclass(frozen=True)
class OrganisationData:
    id: int
    name: str
    programmes: tuple[str, ...]
    mentees: tuple[PersonProgress, ...]
    mentors: tuple[MentorParticipation, ...]
    # People of the organisation who took part but did not agree to share
    # their progress with their sponsor: counted, never described.
    withheld: int
    # Paired confidence change (development.PairedChange) of these mentees, and of
    # every mentee of the programme, so the sponsor sees hers beside the whole.
    confidence: Any = None
    programme_confidence: Any = None
    # Quotes of these people that they consented to publish (services.quotes).
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class ScopeChoice:
    """One thing a report can be about, as the Reports page lists it."""

    key: str  # email, cohort name or organisation name: what the report asks for
    label: str
    detail: str = ""
    cohort: str | None = None  # for a mentee: which of her cohorts
