"""Whom a dashboard group is about: the people to write to about it.

A group of overdue milestones is about the mentees whose milestones they
are; a group of quiet matches or matches on hold, about both sides; matches
ended early, about the mentees waiting for a new mentor. A named record is
about its person. Groups about a cohort as a whole (one ending, follow-ups)
name nobody to write to, and say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import AttentionKind, SignalRef
from women_in_ddat.services.base import Service

MILESTONE_SIGNALS = (AttentionKind.MILESTONE_OVERDUE, AttentionKind.IMPORT_PAST_DUE)
MATCH_SIGNALS = (
    AttentionKind.MATCH_QUIET,
    AttentionKind.MATCH_ON_HOLD,
    AttentionKind.MATCH_ENDED_EARLY,
)


@dataclass(frozen=True)
class GroupPeople:
    person_ids: tuple[int, ...]
    # What the group is, for the mailing's record: names no one.
    description: str


class AttentionPeopleService(Service):
    def people_of(self, ref: RecordRef, today: date | None = None) -> GroupPeople | None:
        """The people a dashboard group (or named record) is about; None if it names nobody."""
        today = today or date.today()
        if isinstance(ref, SignalRef):
            if ref.signal in MILESTONE_SIGNALS:
                return self._milestone_people(ref, today)
            if ref.signal in MATCH_SIGNALS:
                return self._match_people(ref, today)
            return None
        if ref.person_id is not None:
            return GroupPeople((ref.person_id,), "One person from the dashboard")
        return None

    def _milestone_people(self, ref: SignalRef, today: date) -> GroupPeople:
        from women_in_ddat.services.progress import ProgressService

        rows = ProgressService(self.db, self.actor).milestones(cohort_id=ref.cohort_id)
        people = [
            m.person_id
            for m in rows
            if ref.shows_milestone(m.participation_id, m.status, m.due_date, today)
        ]
        return GroupPeople(tuple(dict.fromkeys(people)), ref.describe())

    def _match_people(self, ref: SignalRef, today: date) -> GroupPeople:
        from women_in_ddat.services.matches import MatchService

        rows = MatchService(self.db, self.actor).rows(cohort_id=ref.cohort_id)
        people: list[int] = []
        for match in rows:
            if not ref.shows_match(match, today):
                continue
            people.append(match.mentee_person_id)
            # A match ended early is over: the mentee waiting for a new mentor is the one to write to.
            if ref.signal is not AttentionKind.MATCH_ENDED_EARLY:
                people.append(match.mentor_person_id)
        return GroupPeople(tuple(dict.fromkeys(people)), ref.describe())
