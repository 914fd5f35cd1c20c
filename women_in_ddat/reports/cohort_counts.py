"""The cohort summary's people counts, through one suppression grid.

Every count of people the summary prints (pipeline, match rate, risks,
milestones, outcomes, confidence, the table by organisation) goes into one
CountGrid with the sums a reader could work out: a group of 1 to 4 shows as
"<5", and a second figure in the same sum as "[c]", so no small group can be
found by subtraction (services.programme_report_suppression, the programme
report's rule).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date

from women_in_ddat.reports.text import escape
from women_in_ddat.services.programme_report_suppression import (
    HIDDEN_TEXT,
    CountGrid,
    hidden_text,
)
from women_in_ddat.services.report_data import CohortData
from women_in_ddat.services.report_data_figures import (
    MilestoneCompletion,
    OrganisationRow,
    PairedChange,
    by_organisation,
    match_risks,
    milestone_completion,
    outcome_counts,
    pipeline,
    session_totals,
)

STAGES = ("applied", "accepted", "active", "completed", "withdrawn")


class CohortCounts:
    """The cohort's people counts and the text each prints as."""

    def __init__(
        self, data: CohortData, produced: date, confidence: Sequence[PairedChange]
    ) -> None:
        mentees = list(data.mentees)
        self.pipe = pipeline(mentees)
        self.risks = match_risks(mentees)
        self.completion: list[MilestoneCompletion] = milestone_completion(mentees, produced)
        self.outcomes = outcome_counts(mentees)
        self.organisations: list[OrganisationRow] = by_organisation(mentees, data.mentors)
        self.sessions = session_totals(mentees)
        # The board reads completions and who is active first: where a sum must hide a
        # second figure, the cohort's total goes before these.
        self.grid = CountGrid(keep={"completed", "active"})
        g, p = self.grid, self.pipe

        for stage in STAGES:
            g.add(stage, getattr(p, stage))
        g.add("mentees", p.total, total=True)
        g.line([*STAGES, "mentees"])
        g.add("mentors", len(data.mentors), total=True)
        # The match rate's base (past the application stage) and who in it is unmatched.
        g.add("decided", p.decided, hidden=True)
        g.line(["applied", "decided", "mentees"])
        g.add("matched", p.matched)
        g.add("unmatched", p.decided - p.matched, hidden=True)
        g.line(["matched", "unmatched", "decided"])
        g.add("with_sessions", self.sessions.mentees_with_sessions)

        for name in ("on_hold", "ended_early", "rematched", "not_matched"):
            g.add(("risk", name), getattr(self.risks, name))

        for m in self.completion:
            key = ("milestone", m.title)
            g.add((key, "expected"), m.expected)
            g.add((key, "done"), m.done)
            g.add((key, "not_done"), m.expected - m.done, hidden=True)
            g.line([(key, "done"), (key, "not_done"), (key, "expected")])
            g.add((key, "overdue"), m.overdue)
            g.add((key, "to_do"), m.expected - m.done - m.overdue, hidden=True)
            g.line([(key, "overdue"), (key, "to_do"), (key, "not_done")])
            g.add((key, "not_applicable"), m.not_applicable)

        for kind, count in self.outcomes.items():
            g.add(("outcome", kind), count)

        for c in confidence:
            key = ("confidence", c.item)
            g.add((key, "people"), c.people, total=True)
            for part in ("improved", "same", "lower"):
                g.add((key, part), getattr(c, part))
            g.line([(key, "improved"), (key, "same"), (key, "lower"), (key, "people")])

        columns = ("mentees", "mentors", "matched", "active", "completed", "withdrawn")
        for row in self.organisations:
            key = ("organisation", row.organisation)
            for column in columns:
                g.add((key, column), getattr(row, column))
            others = row.mentees - row.active - row.completed - row.withdrawn
            g.add((key, "others"), others, hidden=True)
            g.line(
                [
                    (key, "active"),
                    (key, "completed"),
                    (key, "withdrawn"),
                    (key, "others"),
                    (key, "mentees"),
                ]
            )
            g.add((key, "unmatched"), row.mentees - row.matched, hidden=True)
            g.line([(key, "matched"), (key, "unmatched"), (key, "mentees")])
        # Each column of the table adds up to a figure printed above it.
        for column in columns:
            g.line(
                [*((("organisation", r.organisation), column) for r in self.organisations), column]
            )

    def text(self, key: Hashable) -> str:
        value = self.grid.values[key]
        return hidden_text(value) if self.grid.is_suppressed(key) else f"{value:,}"

    def cell(self, key: Hashable) -> str:
        """The count as table markup ("<5" escaped)."""
        return escape(self.text(key))

    def hidden(self, key: Hashable) -> bool:
        return self.grid.is_suppressed(key)

    def share(self, part: Hashable, whole: Hashable) -> str:
        """``part`` as a percentage of ``whole``; hidden with either."""
        if self.hidden(part) or self.hidden(whole):
            return HIDDEN_TEXT
        of = self.grid.values[whole]
        return f"{round(100 * self.grid.values[part] / of)}%" if of else "–"

    def organisation_detail_hidden(self, row: OrganisationRow) -> bool:
        """An organisation's sessions are theirs alone when it sent 1 to 4 mentees: hidden
        with its count."""
        return self.hidden((("organisation", row.organisation), "mentees"))
