"""The fit score: each aspect's points, and reasons a coordinator can read."""

from __future__ import annotations

from dataclasses import fields

import pytest

from tests.matching.builders import mentee_profile, mentor_profile
from women_in_ddat.domain.models import EqualityRecord
from women_in_ddat.domain.reference import load_framework
from women_in_ddat.matching.profiles import MenteeProfile, MentorProfile
from women_in_ddat.matching.scoring import MAX_SCORE, LevelScale, Scorer

SCORER = Scorer.for_framework(load_framework())


def points(mentee: MenteeProfile, mentor: MentorProfile) -> dict[str, int]:
    return {r.aspect: r.points for r in SCORER.explain(mentee, mentor).reasons}


def test_a_perfect_fit_scores_the_maximum_and_says_why() -> None:
    mentee = mentee_profile(1, wants_to_grow=frozenset({"Data modelling", "Statistical methods"}))
    mentor = mentor_profile(
        1, offers=frozenset({"data modelling", "Statistical  methods", "Strategy"})
    )
    fit = SCORER.explain(mentee, mentor)
    assert fit.score == MAX_SCORE == 100
    assert fit.reason_texts == [
        "Role: does the mentee's target role (data scientist)",
        "Level: Principal, more senior than the mentee's target level (Senior)",
        "Skills: offers 2 of the 2 skills the mentee wants to grow (Data modelling, Statistical methods)",
        "Place: both in South East",
        "Capacity: 2 of 2 places left",
    ]
    assert SCORER.score(mentee, mentor) == fit.score


@pytest.mark.parametrize(
    ("mentor_changes", "role_points"),
    [
        ({}, 35),
        ({"current_role": "data engineer"}, 25),
        (
            {"current_role_family": "Chief digital and data", "current_role": "chief data officer"},
            15,
        ),
        ({"current_role_family": "Architecture", "current_role": "enterprise architect"}, 0),
        ({"current_role_family": "", "current_role": ""}, 0),
    ],
)
def test_role_fit(mentor_changes: dict, role_points: int) -> None:
    assert points(mentee_profile(1), mentor_profile(1, **mentor_changes))["role"] == role_points


def test_role_fit_uses_the_mentees_current_family_and_the_family_of_a_bare_role() -> None:
    changed_careers = mentee_profile(
        1, current_role_family="Architecture", target_role="", target_role_family="Data"
    )
    architect = mentor_profile(
        1, current_role_family="Architecture", current_role="solution architect"
    )
    assert points(changed_careers, architect)["role"] == 10
    # No family recorded for the target, but the framework knows data scientist is in Data.
    bare = mentee_profile(2, target_role_family="", target_role="data scientist")
    assert points(bare, mentor_profile(1, current_role="data engineer"))["role"] == 25


@pytest.mark.parametrize(
    ("mentor_level", "level_points"),
    [
        ("Head of profession", 15),
        ("Principal", 15),
        ("Senior", 10),
        ("Practitioner", 5),
        ("Associate", 0),
        ("Grade 7", 0),
        ("", 0),
    ],
)
def test_level_fit(mentor_level: str, level_points: int) -> None:
    assert (
        points(mentee_profile(1), mentor_profile(1, current_level=mentor_level))["level"]
        == level_points
    )


def test_levels_written_as_job_titles_are_understood() -> None:
    scale = LevelScale(load_framework().role_levels)
    assert scale.rank("Senior business analyst") == scale.rank("senior")
    assert scale.rank("Head of business analysis") == scale.rank("Head of profession")
    assert scale.rank("Junior") < scale.rank("Lead") < scale.rank("Principal")
    assert scale.rank("Grade 7") is None and scale.rank("  ") is None


def test_skills_are_the_share_of_what_she_wants_that_the_mentor_offers() -> None:
    wants = frozenset({"Data modelling", "Statistical methods", "Data governance"})
    mentee = mentee_profile(1, wants_to_grow=wants)
    assert points(mentee, mentor_profile(1, offers=frozenset({"Data governance"})))["skills"] == 10
    assert points(mentee, mentor_profile(1, offers=frozenset()))["skills"] == 0
    nothing_named = SCORER.explain(mentee_profile(2), mentor_profile(1, offers=wants))
    assert "Skills: the mentee has not named skills she wants to grow" in nothing_named.reason_texts


def test_place_and_remote_preference() -> None:
    far = mentor_profile(1, region="London")
    assert points(mentee_profile(1), far)["place"] == 7
    not_remote = SCORER.explain(mentee_profile(1, open_to_remote=False), far)
    assert (
        "Place: different regions and the mentee is not open to remote sessions"
        in not_remote.reason_texts
    )
    assert points(mentee_profile(1, open_to_remote=False), mentor_profile(1))["place"] == 10


def test_capacity_left_counts() -> None:
    assert (
        points(mentee_profile(1), mentor_profile(1, capacity=4, capacity_left=1))["capacity"] == 2
    )
    fit = SCORER.explain(mentee_profile(1), mentor_profile(1, capacity=1, capacity_left=1))
    assert "Capacity: 1 of 1 place left" in fit.reason_texts


def test_the_score_matrix_agrees_with_the_explained_scores() -> None:
    mentees = [
        mentee_profile(i, target_level=level)
        for i, level in enumerate(("Junior", "Senior", "Lead"))
    ]
    mentors = [
        mentor_profile(j, current_level=level)
        for j, level in enumerate(("Senior", "Principal"), start=1)
    ]
    matrix = SCORER.score_matrix(mentees, mentors)
    assert matrix.tolist() == [[SCORER.score(me, mo) for mo in mentors] for me in mentees]


def test_reasons_show_typed_text_as_it_is() -> None:
    odd = mentor_profile(1, region="{mo.email} <b>Kent</b>", current_level="{0}")
    fit = SCORER.explain(mentee_profile(1, region="{mo.email} <b>Kent</b>"), odd)
    assert "Place: both in {mo.email} <b>Kent</b>" in fit.reason_texts


def test_profiles_cannot_carry_equality_data() -> None:
    equality = {
        f for f in EqualityRecord.model_fields if f not in ("id", "person_id", "recorded_at")
    }
    profile_fields = {f.name for f in fields(MenteeProfile)} | {
        f.name for f in fields(MentorProfile)
    }
    assert equality and not equality & profile_fields
