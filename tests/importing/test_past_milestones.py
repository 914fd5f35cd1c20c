"""Importing into a cohort that started in the past: milestones already due are counted and settled as asked."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.importing.corpus import HEADER, PEOPLE, write_csv
from women_in_ddat.errors import InvalidInput
from women_in_ddat.importing.run import ImportSettings, run_import

COHORT = "Top Talent Kent 2026"
STARTED = date.today() - timedelta(days=200)
# Standard templates: learning (120 days), visibility (150) and shadowing (180) after the
# cohort start are past; the career move (365) is not; the two match milestones wait.
PAST_PER_MENTEE = 3
MENTEES = sum(1 for p in PEOPLE if p[5] == "Mentee")


def _import(services, tmp_path: Path, **settings: object):
    services.cohorts.create_cohort(COHORT, start_date=STARTED)
    path = write_csv(tmp_path / "kent.csv", [HEADER, *PEOPLE])
    return run_import(
        services.db.target.url,
        path,
        ImportSettings(cohort=COHORT, use_remembered_mappings=False, **settings),  # type: ignore[arg-type]
        actor="tester",
    ).outcome


def _states(services) -> Counter[str]:
    cohort_id = services.cohorts.by_name(COHORT).id
    return Counter(m.state.value for m in services.progress.milestones(cohort_id=cohort_id))


def test_by_default_they_stay_open_and_the_summary_says_how_many(services, tmp_path) -> None:
    outcome = _import(services, tmp_path)
    assert outcome.past_milestones == PAST_PER_MENTEE * MENTEES
    assert outcome.past_milestones_note() == (
        f"{PAST_PER_MENTEE * MENTEES} milestones were already due at import: "
        "left open (overdue once her match has started)."
    )
    # Imported matches are only proposed: until her first match starts everything waits
    # (never overdue); the milestones already due fall overdue the day it starts.
    assert _states(services) == Counter({"waiting": 6 * MENTEES})
    cohort_id = services.cohorts.by_name(COHORT).id
    mentee = next(r for r in services.matches.rows(cohort_id=cohort_id))
    services.matches.start_match(mentee.id, on=date.today())
    mine = Counter(
        m.state.value
        for m in services.progress.milestones(cohort_id=cohort_id)
        if m.participation_id == mentee.mentee_participation_id
    )
    assert mine == Counter({"overdue": PAST_PER_MENTEE, "open": 3})


def test_done_marks_them_done_on_their_due_date(services, tmp_path) -> None:
    outcome = _import(services, tmp_path, past_milestones="done")
    assert (outcome.past_milestones, outcome.past_milestones_as) == (
        PAST_PER_MENTEE * MENTEES,
        "done",
    )
    assert "marked done" in outcome.past_milestones_note()
    cohort_id = services.cohorts.by_name(COHORT).id
    done = [m for m in services.progress.milestones(cohort_id=cohort_id) if m.state == "done"]
    assert len(done) == PAST_PER_MENTEE * MENTEES
    assert all(m.completed_on == m.due_date and m.due_date < date.today() for m in done)
    assert {m.title for m in done} == {
        "Module or course completed",
        "Public speaking or visibility task",
        "Shadowing or secondment",
    }
    assert _states(services)["overdue"] == 0


def test_not_applicable_leaves_them_out(services, tmp_path) -> None:
    outcome = _import(services, tmp_path, past_milestones="not_applicable")
    assert outcome.past_milestones == PAST_PER_MENTEE * MENTEES
    states = _states(services)
    assert (states["not_applicable"], states["overdue"]) == (PAST_PER_MENTEE * MENTEES, 0)
    rate = services.progress.completion(cohort_id=services.cohorts.by_name(COHORT).id)
    assert (rate.done, rate.counted) == (0, 3 * MENTEES)


def test_an_unknown_choice_is_refused_before_anything_is_written(services, tmp_path) -> None:
    with pytest.raises(InvalidInput):
        _import(services, tmp_path, past_milestones="skip")
    assert services.cohorts.members(services.cohorts.by_name(COHORT).id) == []


def test_a_dry_run_says_how_many_would_be_due(services, tmp_path) -> None:
    outcome = _import(services, tmp_path, dry_run=True, past_milestones="done")
    assert outcome.past_milestones == PAST_PER_MENTEE * MENTEES
    assert services.cohorts.members(services.cohorts.by_name(COHORT).id) == []
