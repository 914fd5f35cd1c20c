"""The best assignment of a whole cohort, within the mentors' capacities.

The objective, in order: match as many mentees as the hard rules and the
capacities allow, then the highest total fit among those assignments. (A
coordinator would rather every accepted mentee had a mentor than leave one
out to gain a few points elsewhere.)

It is solved exactly as a rectangular assignment problem
(``scipy.optimize.linear_sum_assignment``): one column per free place (each
mentor repeated by her places left), plus one "unmatched" column per mentee
at cost zero. A pair costs ``-(score + MATCH_WEIGHT)``, where MATCH_WEIGHT
exceeds any possible difference in total fit, so one more match always wins;
a pair the rules forbid costs infinity and is never chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from women_in_ddat.matching.profiles import MenteeProfile, MentorProfile
from women_in_ddat.matching.rules import ENDED_EARLY, counted, hard_rule_problems
from women_in_ddat.matching.scoring import Fit, Scorer


@dataclass(frozen=True)
class Assignment:
    """For each mentee (by index), the index of her mentor, or None."""

    mentor_of: tuple[int | None, ...]
    total_fit: int

    @property
    def matched(self) -> int:
        return sum(1 for j in self.mentor_of if j is not None)


def optimal_assignment(
    scores: np.ndarray, allowed: np.ndarray, places_left: Sequence[int]
) -> Assignment:
    """Most mentees matched, then the highest total score; never a forbidden pair.

    ``scores`` and ``allowed`` are mentees x mentors; scores are whole, non-negative.
    """
    scores = np.asarray(scores, dtype=np.int64)
    allowed = np.asarray(allowed, dtype=bool)
    n_mentees, n_mentors = scores.shape
    if allowed.shape != scores.shape or len(places_left) != n_mentors:
        raise ValueError("scores, allowed and places_left do not agree in size")
    if scores.size and scores.min() < 0:
        raise ValueError("scores must not be negative")
    if n_mentees == 0:
        return Assignment((), 0)
    slot_mentor = np.repeat(np.arange(n_mentors), np.maximum(np.asarray(places_left, int), 0))
    n_slots = len(slot_mentor)
    match_weight = int(scores.max(initial=0)) * n_mentees + 1
    cost = np.zeros((n_mentees, n_slots + n_mentees), dtype=np.float64)
    if n_slots:
        slot_cost = -(scores[:, slot_mentor] + match_weight).astype(np.float64)
        slot_cost[~allowed[:, slot_mentor]] = np.inf
        cost[:, :n_slots] = slot_cost
    rows, cols = linear_sum_assignment(cost)
    mentor_of: list[int | None] = [None] * n_mentees
    for row, col in zip(rows, cols, strict=True):
        if col < n_slots:
            mentor_of[row] = int(slot_mentor[col])
    total = sum(int(scores[i, j]) for i, j in enumerate(mentor_of) if j is not None)
    return Assignment(tuple(mentor_of), total)


@dataclass(frozen=True)
class PairSuggestion:
    mentee: MenteeProfile
    mentor: MentorProfile
    fit: Fit


@dataclass(frozen=True)
class UnmatchedMentee:
    mentee: MenteeProfile
    why: str


@dataclass(frozen=True)
class CohortAssignment:
    pairs: tuple[PairSuggestion, ...]
    unmatched: tuple[UnmatchedMentee, ...]

    @property
    def total_fit(self) -> int:
        return sum(p.fit.score for p in self.pairs)


def exclusions(mentee: MenteeProfile, mentor: MentorProfile) -> list[str]:
    """Why a mentor is not suggested for a mentee: the hard rules, then her history."""
    problems = hard_rule_problems(mentee, mentor)
    if mentor.person_id in mentee.ended_with_mentor_ids:
        problems.append(ENDED_EARLY)
    return problems


def assign_cohort(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile], scorer: Scorer
) -> CohortAssignment:
    scores = scorer.score_matrix(mentees, mentors)
    excluded = [[exclusions(me, mo) for mo in mentors] for me in mentees]
    allowed = np.array(
        [[not problems for problems in row] for row in excluded], dtype=bool
    ).reshape(len(mentees), len(mentors))
    result = optimal_assignment(scores, allowed, [m.capacity_left for m in mentors])
    pairs = []
    unmatched = []
    for i, j in enumerate(result.mentor_of):
        if j is not None:
            pairs.append(
                PairSuggestion(mentees[i], mentors[j], scorer.explain(mentees[i], mentors[j]))
            )
        else:
            unmatched.append(UnmatchedMentee(mentees[i], why_unmatched(excluded[i], len(mentors))))
    return CohortAssignment(tuple(pairs), tuple(unmatched))


def why_unmatched(problems_by_mentor: Sequence[Sequence[str]], mentor_count: int) -> str:
    """The plain-words reason a mentee was left without a mentor."""
    if mentor_count == 0:
        return "The cohort has no mentors taking part."
    possible = sum(1 for problems in problems_by_mentor if not problems)
    if possible:
        mentors = (
            "mentor who could take her has"
            if possible == 1
            else f"{possible} mentors who could take her have"
        )
        return (
            f"The {mentors} no places left once the others are matched; "
            "no assignment matches more mentees."
        )
    counts = Counter(problem for problems in problems_by_mentor for problem in problems)
    listed = "; ".join(counted(problem, n) for problem, n in counts.most_common())
    return f"None of the {mentor_count} mentors can take her: {listed}."
