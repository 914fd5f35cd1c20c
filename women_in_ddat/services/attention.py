"""What "needs attention" is made of: signals, grouped by cohort, and where each one opens.

A signal is one kind of thing a coordinator should act on (milestones
overdue, a mentee not matched, a quiet match ...). The dashboard shows each
signal cohort by cohort as an ``AttentionGroup``: how many records, the most
urgent few by name, and a ``SignalRef`` that opens the page those records
belong to, filtered to that cohort and signal, where the rest are.

The values live here, apart from the queries (``attention_queries``), so a
page can read a ``SignalRef`` without loading the dashboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from women_in_ddat.domain.enums import MatchStatus
from women_in_ddat.domain.programme_rules import MilestoneState, milestone_state
from women_in_ddat.domain.questionnaire_items import POINT_TITLES
from women_in_ddat.domain.records import RecordRef

# A match with no session for this many days is quiet.
QUIET_DAYS = 30
# A cohort ending within this many days, with required milestones still to do.
ENDING_SOON_DAYS = 30
# A mentee taking part without a mentor this many days after her place (or her
# cohort) started is "not matched": one signal for her, however many of her
# milestones wait for the match.
NOT_MATCHED_DAYS = 14
FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS = 30
# An event starting within this many days with invitations unanswered.
EVENT_SOON_DAYS = 7
# How many records a group names; the rest are one keystroke away.
MOST_URGENT = 3


class AttentionKind(StrEnum):
    MILESTONE_OVERDUE = "milestone_overdue"
    IMPORT_PAST_DUE = "import_past_due"
    MENTEE_UNMATCHED = "mentee_unmatched"
    MATCH_QUIET = "match_quiet"
    MATCH_ON_HOLD = "match_on_hold"
    MATCH_ENDED_EARLY = "match_ended_early"
    COHORT_ENDING = "cohort_ending"
    OUTCOME_FOLLOW_UP = "outcome_follow_up"
    EVENT_MISSED = "event_missed"
    EVENT_NO_REPLY = "event_no_reply"
    QUESTIONNAIRE_OUTSTANDING = "questionnaire_outstanding"

    @property
    def label(self) -> str:
        return {
            AttentionKind.MILESTONE_OVERDUE: "Milestones overdue",
            AttentionKind.IMPORT_PAST_DUE: "Imported with milestones already due",
            AttentionKind.MENTEE_UNMATCHED: f"Mentees not matched {NOT_MATCHED_DAYS} days after starting",
            AttentionKind.MATCH_QUIET: f"Matches with no session for {QUIET_DAYS} days",
            AttentionKind.MATCH_ON_HOLD: "Matches on hold",
            AttentionKind.MATCH_ENDED_EARLY: "Matches ended early, no new mentor yet",
            AttentionKind.COHORT_ENDING: "Cohorts ending soon with required milestones open",
            AttentionKind.OUTCOME_FOLLOW_UP: "Outcome follow-ups due",
            AttentionKind.EVENT_MISSED: "Mentees who missed a day of a required event",
            AttentionKind.EVENT_NO_REPLY: f"Events in the next {EVENT_SOON_DAYS} days without replies",
            AttentionKind.QUESTIONNAIRE_OUTSTANDING: "Questionnaires not returned",
        }[self]

    @property
    def counts(self) -> tuple[str, str]:
        """What one record of this signal is called: singular, plural."""
        return {
            AttentionKind.MILESTONE_OVERDUE: ("milestone overdue", "milestones overdue"),
            AttentionKind.IMPORT_PAST_DUE: ("milestone already due", "milestones already due"),
            AttentionKind.MENTEE_UNMATCHED: ("mentee not matched", "mentees not matched"),
            AttentionKind.MATCH_QUIET: ("quiet match", "quiet matches"),
            AttentionKind.MATCH_ON_HOLD: ("match on hold", "matches on hold"),
            AttentionKind.MATCH_ENDED_EARLY: (
                "mentee whose match ended early",
                "mentees whose match ended early",
            ),
            AttentionKind.COHORT_ENDING: ("required milestone open", "required milestones open"),
            AttentionKind.OUTCOME_FOLLOW_UP: ("mentee to hear from", "mentees to hear from"),
            AttentionKind.EVENT_MISSED: (
                "mentee missed a required day",
                "mentees missed a required day",
            ),
            AttentionKind.EVENT_NO_REPLY: ("person has not replied", "people have not replied"),
            AttentionKind.QUESTIONNAIRE_OUTSTANDING: (
                "questionnaire not returned",
                "questionnaires not returned",
            ),
        }[self]

    def count_text(self, count: int) -> str:
        one, many = self.counts
        return f"{count:,} {one if count == 1 else many}"


@dataclass(frozen=True)
class SignalRef(RecordRef):
    """Every record of one signal in one cohort: a whole group, not one record.

    ``kind`` names the records (milestone, match, cohort) and so the page
    that shows them, as for any ``RecordRef``; ``id`` is the cohort's id. A
    page that knows ``signal`` shows only those records and says so
    (``describe``); one that does not shows the cohort.
    """

    signal: AttentionKind = AttentionKind.MILESTONE_OVERDUE
    cohort_name: str = ""
    # A past-dated import: the places it created (runs of ids) and the day it ran.
    participation_runs: tuple[tuple[int, int], ...] = ()
    imported_on: date | None = None
    source_name: str = ""
    # Matches ended early with no new mentor since: the group's matches, by id.
    record_ids: frozenset[int] = frozenset()
    # Questionnaires not returned: the point whose forms they are.
    point: str = ""

    @property
    def cohort_id(self) -> int:
        return self.id

    def describe(self) -> str:
        if self.signal is AttentionKind.IMPORT_PAST_DUE:
            return (
                f"Milestones of {self.cohort_name} already due when {self.source_name or 'a file'} "
                f"was imported on {uk_date(self.imported_on)}, still overdue"
            )
        return {
            AttentionKind.MILESTONE_OVERDUE: f"Overdue milestones of {self.cohort_name}",
            AttentionKind.COHORT_ENDING: f"Required milestones of {self.cohort_name} still open",
            AttentionKind.MENTEE_UNMATCHED: f"Mentees of {self.cohort_name} not matched yet",
            AttentionKind.MATCH_QUIET: f"Quiet matches of {self.cohort_name}",
            AttentionKind.MATCH_ON_HOLD: f"Matches on hold in {self.cohort_name}",
            AttentionKind.MATCH_ENDED_EARLY: (
                f"Matches of {self.cohort_name} that ended early, no new mentor yet"
            ),
            AttentionKind.QUESTIONNAIRE_OUTSTANDING: (
                f"Questionnaires ({POINT_TITLES.get(self.point, self.point)}) of "
                f"{self.cohort_name} not returned"
            ),
        }.get(self.signal, self.cohort_name)

    def shows_milestone(
        self, participation_id: int, status: str, due_date: date | None, today: date
    ) -> bool:
        """Whether a milestone of this cohort belongs to the group (the page filters by cohort)."""
        if milestone_state(status, due_date, today) is not MilestoneState.OVERDUE:
            return False
        if self.signal is not AttentionKind.IMPORT_PAST_DUE:
            return True
        return (
            self.imported_on is not None
            and due_date is not None
            and due_date < self.imported_on
            and any(first <= participation_id <= last for first, last in self.participation_runs)
        )

    def shows_match(self, row: Any, today: date) -> bool:
        """Whether a match of this cohort belongs to the group (the page filters by cohort).

        ``row`` is a ``MatchRow`` (status, start_date, last_session, id).
        """
        if self.signal is AttentionKind.MATCH_QUIET:
            since = row.last_session or row.start_date
            return (
                row.status == MatchStatus.ACTIVE.value
                and since is not None
                and (today - since).days >= QUIET_DAYS
            )
        if self.signal is AttentionKind.MATCH_ON_HOLD:
            return bool(row.status == MatchStatus.ON_HOLD.value)
        if self.signal is AttentionKind.MATCH_ENDED_EARLY:
            # Whether she has a new mentor since is not on the row: the group names its matches.
            return row.id in self.record_ids
        return True


@dataclass(frozen=True)
class AttentionItem:
    """One record of a group, named: what it is, why, and how long it has waited."""

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
class AttentionGroup:
    """One signal in one cohort: how many, the most urgent few, and where the rest are."""

    kind: AttentionKind
    cohort_id: int | None
    headline: str
    detail: str
    count: int
    # The most urgent record's age in days, for ordering groups.
    days: int
    most_urgent: tuple[AttentionItem, ...]
    opens: RecordRef

    @property
    def more(self) -> int:
        """Records of the group not named (they are on the page ``opens`` leads to).

        Zero for a group that names none (a cohort ending, a follow-up): it is one matter.
        """
        if not self.most_urgent:
            return 0
        return max(self.count - len(self.most_urgent), 0)


def uk_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "no date"


def by_urgency(groups: Sequence[AttentionGroup]) -> list[AttentionGroup]:
    return sorted(groups, key=lambda g: (-g.days, -g.count, g.headline))
