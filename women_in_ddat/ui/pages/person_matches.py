"""Her mentors as a coordinator asks about them: who now, who before, since when and why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from women_in_ddat.domain.enums import MatchStatus, ParticipationStatus
from women_in_ddat.services.match_history import MatchHistory
from women_in_ddat.services.person_detail import ParticipationLine


def _waiting_since(start: date | None) -> str:
    """How long she has waited for a mentor: one signal, not a list of overdue milestones."""
    if start is None or start >= date.today():
        return ""
    days = (date.today() - start).days
    return f" ({days} day{'s' if days != 1 else ''} since her place started)"


def mentor_history_lines(
    places: Sequence[ParticipationLine], histories: Sequence[MatchHistory]
) -> list[str]:
    """One paragraph per mentee place: her mentor now (or why none), then her past mentors."""
    lines: list[str] = []
    for place in places:
        mine = [h for h in histories if h.mentee_participation_id == place.id]
        current = [h for h in mine if h.is_current]
        past = [h for h in mine if not h.is_current]
        if current:
            now = "; ".join(f"{h.mentor_name} ({h.describe()})" for h in current)
            text = f"{place.cohort}: mentor now {now}."
        elif place.status == ParticipationStatus.WITHDRAWN.value:
            why = f": {place.withdrawn_reason}" if place.withdrawn_reason else ""
            text = f"{place.cohort}: no mentor now (she withdrew{why})."
        elif place.status == ParticipationStatus.COMPLETED.value:
            text = f"{place.cohort}: no mentor now (her place is completed)."
        elif past:
            text = f"{place.cohort}: no mentor now; she is waiting for a new match."
        else:
            text = f"{place.cohort}: not matched yet{_waiting_since(place.start_date)}."
        for h in past:
            # Who ended a match early matters; who recorded a completed one does not.
            ended_early = h.status == MatchStatus.ENDED_EARLY.value
            by = f", by {h.ended_by}" if h.ended_by and ended_early else ""
            text += f"\n    Before: {h.mentor_name}, {h.describe()}{by}."
        lines.append(text)
    return lines
