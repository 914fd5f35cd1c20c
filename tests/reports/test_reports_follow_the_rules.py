"""Reports read match and milestone facts from the programme's rules (read back from the PDFs)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.reports.pdf_tools import squash
from women_in_ddat.domain.enums import OutcomeKind, ParticipantRole, ParticipationStatus
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.report_data_gather import ReportDataService

TODAY = date.today()


@pytest.fixture
def essex(services):
    """Zoë: her first mentor ended early, she was re-matched. Ann: on hold. Una: never matched."""
    s = services
    cohort = s.cohorts.create_cohort(
        "Top Talent Essex 2026", start_date=TODAY - timedelta(days=120)
    )
    people = {}
    for key, first, org in (
        ("zoe", "Zoë", "Essex County Council"),
        ("ann", "Ann", "Essex County Council"),
        ("una", "Una", "Essex County Council"),
        ("helen", "Helen", "Kent County Council"),
        ("sarah", "Sarah", "Surrey County Council"),
    ):
        people[key] = s.people.create(
            PersonInput(
                email=f"{key}@example.gov.uk",
                first_name=first,
                last_name="Test",
                organisation=org,
                consent_to_share_with_sponsor=True,
            )
        )
    places = {
        key: s.cohorts.add_participant(
            cohort.id, people[key].id, ParticipantRole.MENTEE, status=ParticipationStatus.ACTIVE
        )
        for key in ("zoe", "ann", "una")
    }
    helen = s.cohorts.add_participant(
        cohort.id, people["helen"].id, ParticipantRole.MENTOR, mentor_capacity=3
    )
    sarah = s.cohorts.add_participant(
        cohort.id, people["sarah"].id, ParticipantRole.MENTOR, mentor_capacity=3
    )
    first = s.matches.start(places["zoe"].id, helen.id, on=TODAY - timedelta(days=100))
    s.matches.end(first.id, on=TODAY - timedelta(days=60), reason="Mentor changed jobs")
    held = s.matches.start(places["ann"].id, helen.id, on=TODAY - timedelta(days=90))
    s.matches.hold(held.id, on=TODAY - timedelta(days=10), reason="Mentee on sick leave")
    return s, cohort, places, sarah, people


def test_an_ended_match_shows_as_ended_in_the_progress_summary(essex, run_report) -> None:
    s, _, _, _, _ = essex
    _, facts = run_report(s, "person", "zoe@example.gov.uk")
    text = squash(facts.text)
    assert squash("Not matched now") in text
    assert (
        squash("Earlier: Helen Test, ended early") in text and squash("Mentor changed jobs") in text
    )
    # Her mentor line names nobody as current; Helen appears only as an earlier, ended match.
    assert squash("Mentor Not matched now Earlier: Helen Test, ended early") in text
    assert squash("Matched since –") in text
    data = ReportDataService(s.db, "t").person_progress("zoe@example.gov.uk")
    assert data.current_mentor is None and data.match_risk == "ended_early"


def test_a_re_matched_mentee_shows_her_new_mentor_and_the_ended_one(essex, run_report) -> None:
    s, _, places, sarah, _ = essex
    s.matches.start(places["zoe"].id, sarah.id, on=TODAY - timedelta(days=50))
    _, facts = run_report(s, "person", "zoe@example.gov.uk")
    about = squash(facts.text).split("Goalsagreed")[0]
    assert about.index("SarahTest") < about.index(squash("Earlier: Helen Test, ended early"))
    assert squash("Mentor changed jobs") in about


def test_the_sponsor_report_shows_the_current_mentor_and_the_history(essex, run_report) -> None:
    s, _, _, _, _ = essex
    _, facts = run_report(s, "organisation", "Essex County Council")
    text = squash(facts.text)
    assert squash("Not matched now") in text and squash("Mentor changed jobs") in text
    assert squash("on hold since") in text and squash("Mentee on sick leave") in text


def test_the_cohort_report_counts_on_hold_and_ended_matches_as_risks(essex, run_report) -> None:
    s, _, _, _, _ = essex
    _, facts = run_report(s, "cohort", "Top Talent Essex 2026")
    text = squash(facts.text)
    assert squash("Matches at risk") in text
    # One of each: counted (not 0), and shown as a small group, never as 1.
    assert squash("Match on hold <5") in text
    assert squash("Match ended early, not yet re-matched <5") in text
    assert squash("Taking part, never matched <5") in text


def test_a_career_move_milestone_done_means_an_outcome_in_the_sponsor_report(
    essex, run_report
) -> None:
    s, _, places, _, _ = essex
    career = next(
        m
        for m in s.progress.milestones()
        if m.participation_id == places["una"].id and m.category == "career_move"
    )
    s.progress.complete_milestones([career.id], on=TODAY, outcome_kind=OutcomeKind.PROMOTION)
    _, facts = run_report(s, "organisation", "Essex County Council")
    text = squash(facts.text)
    assert squash("No outcomes recorded yet") not in text
    assert squash("Promotion") in text
