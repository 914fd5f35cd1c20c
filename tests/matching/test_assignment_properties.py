"""Property tests: the hard rules always hold, and the assignment is truly optimal.

The rules are restated here independently (not by calling matching.rules),
and the optimum is found by brute force over every possible assignment.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.matching.builders import mentee_profile, mentor_profile
from women_in_ddat.domain.reference import load_framework
from women_in_ddat.matching.assignment import assign_cohort, exclusions, optimal_assignment
from women_in_ddat.matching.profiles import MenteeProfile, MentorProfile
from women_in_ddat.matching.scoring import MAX_SCORE, Scorer

SCORER = Scorer.for_framework(load_framework())
SKILLS = ("Data modelling", "Statistical methods", "Leadership", "Strategy")


@st.composite
def cohorts(
    draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 4
) -> tuple[list[MenteeProfile], list[MentorProfile]]:
    organisations = st.one_of(st.none(), st.integers(1, 3))
    families = st.sampled_from(
        ["Data", "Architecture", "Chief digital and data", "IT operations", ""]
    )
    roles = st.sampled_from(["data scientist", "enterprise architect", "IT service manager", ""])
    levels = st.sampled_from(
        ["Junior", "Senior", "Lead", "Principal", "Head of profession", "", "Grade 7"]
    )
    regions = st.sampled_from(["South East", "London", "East of England", ""])
    skills = st.frozensets(st.sampled_from(SKILLS), max_size=3)
    mentors = []
    for j in range(1, draw(st.integers(0, max_mentors)) + 1):
        capacity = draw(st.integers(0, 3))
        mentors.append(
            mentor_profile(
                j,
                organisation_id=draw(organisations),
                current_role_family=draw(families),
                current_role=draw(roles),
                current_level=draw(levels),
                region=draw(regions),
                open_to_remote=draw(st.booleans()),
                capacity=capacity,
                capacity_left=draw(st.integers(0, capacity)),
                offers=draw(skills),
            )
        )
    emails = [m.email for m in mentors]
    mentees = []
    for i in range(draw(st.integers(0, max_mentees))):
        manager = draw(st.sampled_from(["", "someone.else@example.gov.uk", *emails]))
        if manager and draw(st.booleans()):
            manager = manager.upper()  # the rule must not depend on letter case
        mentees.append(
            mentee_profile(
                i,
                organisation_id=draw(organisations),
                line_manager_email=manager,
                current_level=draw(levels),
                target_role_family=draw(families),
                target_role=draw(roles),
                target_level=draw(levels),
                region=draw(regions),
                open_to_remote=draw(st.booleans()),
                wants_to_grow=draw(skills),
                ended_with_mentor_ids=draw(
                    st.frozensets(st.sampled_from([m.person_id for m in mentors]))
                )
                if mentors
                else frozenset(),
            )
        )
    return mentees, mentors


def breaks_hard_rule(mentee: MenteeProfile, mentor: MentorProfile) -> bool:
    same_org = (
        mentee.organisation_id is not None and mentee.organisation_id == mentor.organisation_id
    )
    manager = (
        bool(mentee.line_manager_email)
        and mentee.line_manager_email.lower() == mentor.email.lower()
    )
    return same_org or manager or mentor.capacity_left <= 0


def brute_force_best(allowed: np.ndarray, scores: np.ndarray, places: list[int]) -> tuple[int, int]:
    """(most mentees matched, best total fit with that many) over every assignment."""
    n_mentees, n_mentors = scores.shape
    best = (0, 0)
    left = list(places)

    def walk(i: int, matched: int, total: int) -> None:
        nonlocal best
        if i == n_mentees:
            best = max(best, (matched, total))
            return
        walk(i + 1, matched, total)
        for j in range(n_mentors):
            if allowed[i, j] and left[j] > 0:
                left[j] -= 1
                walk(i + 1, matched + 1, total + int(scores[i, j]))
                left[j] += 1

    walk(0, 0, 0)
    return best


@settings(max_examples=300)
@given(cohorts())
def test_no_suggested_pair_ever_breaks_a_hard_rule_or_a_capacity(cohort) -> None:
    mentees, mentors = cohort
    result = assign_cohort(mentees, mentors, SCORER)
    for pair in result.pairs:
        assert not breaks_hard_rule(pair.mentee, pair.mentor)
        assert pair.mentor.person_id not in pair.mentee.ended_with_mentor_ids
    load = Counter(pair.mentor.participation_id for pair in result.pairs)
    for mentor in mentors:
        assert load[mentor.participation_id] <= mentor.capacity_left
    # Every mentee appears exactly once: matched or listed as unmatched with a reason.
    seen = [p.mentee.participation_id for p in result.pairs] + [
        u.mentee.participation_id for u in result.unmatched
    ]
    assert sorted(seen) == sorted(m.participation_id for m in mentees)
    assert all(u.why for u in result.unmatched)


@settings(max_examples=200)
@given(cohorts())
def test_cohort_assignment_equals_the_brute_force_optimum(cohort) -> None:
    mentees, mentors = cohort
    result = assign_cohort(mentees, mentors, SCORER)
    allowed = np.array(
        [
            [not exclusions(me, mo) and not breaks_hard_rule(me, mo) for mo in mentors]
            for me in mentees
        ],
        dtype=bool,
    ).reshape(len(mentees), len(mentors))
    scores = np.array(
        [[SCORER.score(me, mo) for mo in mentors] for me in mentees], dtype=int
    ).reshape(len(mentees), len(mentors))
    best_matched, best_total = brute_force_best(allowed, scores, [m.capacity_left for m in mentors])
    assert len(result.pairs) == best_matched
    assert result.total_fit == best_total


@settings(max_examples=300)
@given(st.data())
def test_optimal_assignment_on_any_small_matrix(data) -> None:
    n_mentees = data.draw(st.integers(0, 6))
    n_mentors = data.draw(st.integers(0, 4))
    scores = np.array(
        data.draw(
            st.lists(
                st.lists(st.integers(0, MAX_SCORE), min_size=n_mentors, max_size=n_mentors),
                min_size=n_mentees,
                max_size=n_mentees,
            )
        ),
        dtype=int,
    ).reshape(n_mentees, n_mentors)
    allowed = np.array(
        data.draw(
            st.lists(
                st.lists(st.booleans(), min_size=n_mentors, max_size=n_mentors),
                min_size=n_mentees,
                max_size=n_mentees,
            )
        ),
        dtype=bool,
    ).reshape(n_mentees, n_mentors)
    places = data.draw(st.lists(st.integers(0, 3), min_size=n_mentors, max_size=n_mentors))
    result = optimal_assignment(scores, allowed, places)
    used = Counter(j for j in result.mentor_of if j is not None)
    assert all(used[j] <= places[j] for j in used)
    assert all(allowed[i, j] for i, j in enumerate(result.mentor_of) if j is not None)
    assert (result.matched, result.total_fit) == brute_force_best(allowed, scores, places)


def test_one_more_mentee_matched_beats_a_higher_total_fit() -> None:
    # Mentee 0 can only have mentor 0; mentee 1 fits mentor 0 better but can also have mentor 1.
    scores = np.array([[90, 0], [95, 1]])
    allowed = np.array([[True, False], [True, True]])
    result = optimal_assignment(scores, allowed, [1, 1])
    assert result.mentor_of == (0, 1)
    assert result.total_fit == 91


def test_the_unmatched_are_told_why() -> None:
    own_org = mentor_profile(1, organisation_id=7)
    full = mentor_profile(2, capacity_left=0)
    manager = mentor_profile(3, email="boss@example.gov.uk")
    alone = mentee_profile(0, organisation_id=7, line_manager_email="boss@example.gov.uk")
    result = assign_cohort([alone], [own_org, full, manager], SCORER)
    assert not result.pairs
    why = result.unmatched[0].why
    assert why.startswith("None of the 3 mentors can take her")
    assert "1 works in the mentee's own organisation" in why
    assert "1 has no places left" in why
    assert "1 is the mentee's line manager" in why

    # Two mentees, one place: the loser is told the place went to someone else.
    one_place = mentor_profile(4, capacity=1, capacity_left=1)
    result = assign_cohort([mentee_profile(1), mentee_profile(2)], [one_place], SCORER)
    assert len(result.pairs) == 1
    assert "no places left once the others are matched" in result.unmatched[0].why

    result = assign_cohort([mentee_profile(1)], [], SCORER)
    assert result.unmatched[0].why == "The cohort has no mentors taking part."
