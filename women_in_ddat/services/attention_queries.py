"""Needs attention, from SQL aggregates: each signal counted cohort by cohort, the worst few named.

No query loads a signal's records one by one: a group's count comes from
``GROUP BY``, and only its ``MOST_URGENT`` records are read, so a programme
of 100,000 mentees whose milestones are all overdue costs about what a
small one does. The rules, in one place:

- a milestone is overdue when ``milestone_state_sql`` says so (waiting,
  withdrawn and closed milestones never are), its mentee is still taking
  part (accepted or active) and her cohort is running (neither completed
  nor cancelled). Those an import created already due (the import ran after
  their due date) are one group per import instead, not one per cohort;
- a mentee taking part in a running cohort is not matched when she has
  never had a match and her place (or her cohort) started at least
  ``NOT_MATCHED_DAYS`` ago: one signal for her, not one per milestone that
  waits for the match;
- an active match is quiet when no session has been logged for
  ``QUIET_DAYS`` days, counting from its last session, else from its start;
- a match on hold, and a match that ended early with no new match for the
  mentee since, are risks while she is still taking part;
- a cohort ending within ``ENDING_SOON_DAYS`` days with required milestones
  still to do;
- outcome follow-ups fall due 6, 12 and 24 months after a cohort ends; which
  one shows today is ``outcomes_figures.follow_up_showing`` (the same rule
  the cohort page uses). It stays on the list for as long as a mentee who
  took part has no outcome recorded since a month before it fell due;
- a mentee who missed a day of a required event, and an event next week with
  invitations unanswered (``attention_events``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from women_in_ddat.services.attention import AttentionGroup
from women_in_ddat.services.attention_cohorts import cohorts_ending, follow_ups
from women_in_ddat.services.attention_events import events_missed, events_without_replies
from women_in_ddat.services.attention_matches import (
    matches_ended_early,
    matches_on_hold,
    not_matched,
    quiet_matches,
)
from women_in_ddat.services.attention_milestones import (
    imports_already_due,
    overdue_milestones,
    past_dated_imports,
)
from women_in_ddat.services.attention_questionnaires import questionnaires_outstanding
from women_in_ddat.services.attention_sql import TAKING_PART
from women_in_ddat.services.milestone_counts import StateCounts

__all__ = ["TAKING_PART", "needs_attention"]


def needs_attention(
    session: Session, today: date, counts: dict[int, StateCounts]
) -> list[AttentionGroup]:
    """Every signal's groups, each kind's most urgent cohort first.

    ``counts`` are the cohorts' milestones by state (``milestone_counts``),
    counted once for the cohort cards and the overdue signal alike.
    """
    imports = past_dated_imports(session, today)
    imported = imports_already_due(session, today, imports)
    return (
        overdue_milestones(session, today, counts, imports, imported)
        + imported
        + not_matched(session, today)
        + quiet_matches(session, today)
        + matches_on_hold(session, today)
        + matches_ended_early(session, today)
        + cohorts_ending(session, today)
        + follow_ups(session, today)
        + events_missed(session, today)
        + events_without_replies(session, today)
        + questionnaires_outstanding(session, today)
    )
