"""Confidence and DDaT skills over the programme, always paired person by person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.matching.builders import cohort, join, person
from tests.matching.framework_files import write_roles
from women_in_ddat.domain.enums import AssessmentPoint, Assessor, ParticipantRole, SkillLevel
from women_in_ddat.errors import InvalidInput
from women_in_ddat.services.development import DevelopmentService, paired_changes

BASE, MID, END = AssessmentPoint.BASELINE, AssessmentPoint.MID, AssessmentPoint.END


@pytest.fixture
def dev(services):
    return DevelopmentService(services.db, services.actor)


@pytest.fixture
def mentees(services):
    c = cohort(services, "Development cohort")
    parts = [
        join(
            services, c,
            person(services, f"m{i}@kent.gov.uk", organisation="Kent County Council",
                   family="Product and delivery", role="business analyst", level="Junior",
                   target_family="Product and delivery", target_role="business analyst", target_level="Senior"),
            ParticipantRole.MENTEE,
        )
        for i in range(3)
    ]  # fmt: skip
    return c, parts


def test_change_is_paired_person_by_person_not_group_averages(dev, mentees) -> None:
    c, (a, b, late) = mentees
    dev.record_confidence(a, BASE, {"speaking_up": 2, "network": 2})
    dev.record_confidence(a, END, {"speaking_up": 4, "network": 3})
    dev.record_confidence(b, BASE, {"speaking_up": 4})  # no end answer yet
    dev.record_confidence(late, END, {"speaking_up": 5})  # joined late: no baseline
    figures = dev.cohort_confidence(c)
    by_item = {i.item: i for i in figures.items}
    # Group averages would say 3.0 -> 4.5 (+1.5); only A answered both, and she rose by 2.
    assert by_item["speaking_up"].people == 1
    assert by_item["speaking_up"].mean_change == 2
    assert (by_item["speaking_up"].improved, by_item["speaking_up"].declined) == (1, 0)
    assert by_item["network"].mean_change == 1
    assert figures.overall.people == 1 and figures.overall.mean_change == pytest.approx(1.5)
    assert figures.awaiting_later == 1


def test_later_point_can_be_chosen_and_each_person_pairs_with_herself() -> None:
    scores = {
        1: {"baseline": {"network": 1}, "mid": {"network": 3}, "end": {"network": 2}},
        2: {"baseline": {"network": 5}, "mid": {"network": 4}},
    }
    [latest] = paired_changes(scores)  # each person's latest later answer
    assert (latest.people, latest.mean_before, latest.mean_after) == (2, 3.0, 3.0)
    assert (latest.improved, latest.declined) == (1, 1)
    [mid] = paired_changes(scores, later="mid")
    assert mid.mean_change == pytest.approx(0.5)
    [end] = paired_changes(scores, later="end")
    assert end.people == 1 and end.mean_change == 1


def test_mentor_view_is_kept_apart(dev, mentees) -> None:
    c, (a, *_) = mentees
    dev.record_confidence(a, BASE, {"senior_role": 2})
    dev.record_confidence(a, BASE, {"senior_role": 3}, assessor=Assessor.MENTOR)
    dev.record_confidence(a, MID, {"senior_role": 4}, assessor=Assessor.MENTOR)
    record = {r.item: r for r in dev.confidence(a).rows}
    assert record["senior_role"].self_scores == {"baseline": 2}
    assert record["senior_role"].mentor_scores == {"baseline": 3, "mid": 4}
    assert record["senior_role"].change is None
    assert dev.cohort_confidence(c, assessor=Assessor.MENTOR).overall.mean_change == 1
    assert dev.cohort_confidence(c).overall.people == 0


def test_confidence_and_skills_are_recorded_without_wiping_each_other(dev, mentees) -> None:
    _, (a, *_) = mentees
    dev.record_confidence(a, BASE, {"ddat_skills": 3})
    dev.record_skill_ratings(
        a, BASE, {"business analysis": SkillLevel.WORKING, "Leadership": "awareness"}
    )
    dev.record_confidence(a, BASE, {"ddat_skills": 4})
    profile = dev.skill_profile(a)
    rows = {r.skill: r for r in profile.rows}
    assert rows["Business analysis"].ratings == {"baseline": SkillLevel.WORKING}
    assert rows["Leadership"].ratings == {"baseline": SkillLevel.AWARENESS}
    assert {r.item: r.self_scores for r in dev.confidence(a).rows}["ddat_skills"] == {"baseline": 4}


@pytest.mark.parametrize(
    ("scores", "field"),
    [({"ddat_skills": 6}, "ddat_skills"), ({"ddat_skills": 0}, "ddat_skills"), ({"shoe_size": 3}, "shoe_size"),
     ({"network": True}, "network"), ({"network": "4"}, "network")],
)  # fmt: skip
def test_bad_confidence_scores_are_refused(dev, mentees, scores, field) -> None:
    _, (a, *_) = mentees
    with pytest.raises(InvalidInput) as refused:
        dev.record_confidence(a, BASE, scores)
    assert field in refused.value.problems
    assert all(not r.self_scores for r in dev.confidence(a).rows)


def test_bad_skill_ratings_and_future_dates_are_refused(dev, mentees, services) -> None:
    _, (a, *_) = mentees
    with pytest.raises(InvalidInput) as refused:
        dev.record_skill_ratings(a, BASE, {"Juggling": "expert", "Business analysis": "guru"})
    assert set(refused.value.problems) == {"Juggling", "Business analysis"}
    with pytest.raises(InvalidInput, match="Please correct"):
        dev.record_confidence(
            a, BASE, {"network": 3}, completed_on=date.today() + timedelta(days=1)
        )
    mentor = join(services, cohort(services, "Other"), person(services, "mm@medway.gov.uk", organisation="Medway Council"),
                  ParticipantRole.MENTOR)  # fmt: skip
    with pytest.raises(InvalidInput, match="mentees only"):
        dev.record_confidence(mentor, BASE, {"network": 3})


def test_gap_to_target_with_the_shipped_framework_assumes_practitioner(dev, mentees) -> None:
    _, (a, *_) = mentees
    dev.record_skill_ratings(a, BASE, {"Business analysis": "awareness"})
    dev.record_skill_ratings(a, MID, {"Business analysis": "working"})
    profile = dev.skill_profile(a)
    rows = {r.skill: r for r in profile.rows}
    ba = rows["Business analysis"]
    assert ba.in_target_role and ba.in_current_role
    assert (ba.required, ba.required_source, ba.latest, ba.gap) == (
        SkillLevel.PRACTITIONER,
        "assumed",
        SkillLevel.WORKING,
        1,
    )
    assert any("practitioner is assumed" in note for note in profile.notes)
    assert rows["Leadership"].gap is None  # not rated yet
    assert profile.total_gap == 1


def test_gap_to_target_uses_the_imported_framework_levels(services, dev, mentees, tmp_path) -> None:
    _, (a, *_) = mentees
    services.framework.import_csvs(write_roles(tmp_path / "roles.csv"), version="test")
    dev.record_skill_ratings(
        a, BASE, {"Business analysis": "working", "Business modelling": "awareness"}
    )
    profile = dev.skill_profile(a)
    rows = {r.skill: r for r in profile.rows}
    # Senior business analyst needs practitioner in all three.
    assert [r.skill for r in profile.rows if r.in_target_role] == [
        "Business analysis", "Stakeholder relationship management", "Business modelling",
    ]  # fmt: skip
    assert rows["Business modelling"].required_source == "framework"
    assert rows["Business modelling"].gap == 2 and rows["Business analysis"].gap == 1
    # Her current level (Junior) needs stakeholder management at awareness only.
    assert rows["Stakeholder relationship management"].in_current_role
    assert not rows["Business modelling"].in_current_role
    assert profile.notes == [] and "version test" in profile.framework


def test_demo_cohort_confidence_is_paired(demo_services) -> None:
    dev = DevelopmentService(demo_services.db, demo_services.actor)
    essex = demo_services.cohorts.by_name("Top Talent Essex 2025")
    figures = dev.cohort_confidence(essex.id, later=END)
    assert figures.overall.people > 0
    for item in figures.items:
        assert item.people == item.improved + item.unchanged + item.declined
        assert item.mean_change is not None and item.mean_change >= 0
