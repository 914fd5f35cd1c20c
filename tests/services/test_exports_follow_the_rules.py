"""Exports read milestone and match facts from the programme rules, and carry sessions and outcomes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from women_in_ddat.domain.enums import OutcomeKind, ParticipantRole, ParticipationStatus
from women_in_ddat.services.exporting import export
from women_in_ddat.services.people import PersonInput

TODAY = date.today()


def _export(services, dataset: str, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"{dataset}.json"
    export(services.db.target.url, dataset, "json", str(out), actor="tester")
    return json.loads(out.read_text(encoding="utf-8"))


def _programme(services):
    s = services
    cohort = s.cohorts.create_cohort("Kent 2026", start_date=TODAY - timedelta(days=200))
    people = {
        key: s.people.create(
            PersonInput(
                email=f"{key}@{org}.gov.uk", first_name=first, last_name="Test", organisation=org
            )
        )
        for key, first, org in (
            ("zoe", "Zoë", "essex"),
            ("ann", "Ann", "medway"),
            ("helen", "Helen", "kent"),
            ("sarah", "Sarah", "surrey"),
        )
    }
    zoe = s.cohorts.add_participant(
        cohort.id, people["zoe"].id, ParticipantRole.MENTEE, status=ParticipationStatus.ACTIVE
    )
    ann = s.cohorts.add_participant(
        cohort.id, people["ann"].id, ParticipantRole.MENTEE, status=ParticipationStatus.ACTIVE
    )
    helen = s.cohorts.add_participant(cohort.id, people["helen"].id, ParticipantRole.MENTOR)
    sarah = s.cohorts.add_participant(cohort.id, people["sarah"].id, ParticipantRole.MENTOR)
    first = s.matches.start(zoe.id, helen.id, on=TODAY - timedelta(days=80))
    s.matches.log_session(first.id, held_on=TODAY - timedelta(days=70), duration_minutes=45)
    s.matches.end(first.id, on=TODAY - timedelta(days=40), reason="Mentor changed jobs")
    s.matches.start(zoe.id, sarah.id, on=TODAY - timedelta(days=30))
    s.progress.record_outcome(
        people["zoe"].id, OutcomeKind.PROMOTION, TODAY - timedelta(days=2), cohort_id=cohort.id
    )
    s.cohorts.withdraw(ann.id, on=TODAY - timedelta(days=1), reason="Left the sector")
    return cohort


def test_milestone_rows_carry_the_state_and_null_while_waiting(services, tmp_path) -> None:
    _programme(services)
    # An unmatched mentee in another cohort: her match milestones wait.
    other = services.cohorts.create_cohort("Essex 2026", start_date=TODAY - timedelta(days=200))
    person = services.people.create(PersonInput(email="una@essex.gov.uk", first_name="Una"))
    services.cohorts.add_participant(other.id, person.id, ParticipantRole.MENTEE)
    rows = _export(services, "milestones", tmp_path)
    by = {(r["email"], r["title"]): r for r in rows}
    first = by[("zoe@essex.gov.uk", "First mentoring session")]
    assert (first["status"], first["completed_on"], first["name"]) == (
        "done",
        (TODAY - timedelta(days=70)).isoformat(),
        "Zoë Test",
    )
    assert by[("zoe@essex.gov.uk", "Promotion or new role")]["status"] == "done"
    # Una was never matched: all hers wait, even those whose anchor passed long ago.
    assert {(r["status"], r["due_date"]) for r in rows if r["email"] == "una@essex.gov.uk"} == {
        ("waiting", None)
    }
    assert by[("zoe@essex.gov.uk", "Module or course completed")]["status"] == "overdue"
    assert {r["status"] for r in rows if r["email"] == "ann@medway.gov.uk"} == {"withdrawn"}
    assert {r["status"] for r in rows} <= {
        "open",
        "done",
        "overdue",
        "waiting",
        "withdrawn",
        "closed",
        "not_applicable",
    }
    assert "overdue" in {r["status"] for r in rows}


def test_match_rows_carry_status_dates_reason_and_names(services, tmp_path) -> None:
    _programme(services)
    rows = [
        r for r in _export(services, "matches", tmp_path) if r["mentee_email"] == "zoe@essex.gov.uk"
    ]
    ended, current = rows
    assert (
        ended["mentor_name"],
        ended["status"],
        ended["started_on"],
        ended["ended_on"],
        ended["end_reason"],
    ) == (
        "Helen Test",
        "ended_early",
        (TODAY - timedelta(days=80)).isoformat(),
        (TODAY - timedelta(days=40)).isoformat(),
        "Mentor changed jobs",
    )
    assert (
        current["mentor_name"],
        current["status"],
        current["ended_on"],
        current["end_reason"],
    ) == ("Sarah Test", "active", None, "")
    assert current["mentee_name"] == "Zoë Test"


def test_sessions_and_outcomes_are_exported(services, tmp_path) -> None:
    _programme(services)
    (session,) = _export(services, "sessions", tmp_path)
    assert (
        session["mentee_email"],
        session["mentor_name"],
        session["held_on"],
        session["duration_minutes"],
    ) == ("zoe@essex.gov.uk", "Helen Test", (TODAY - timedelta(days=70)).isoformat(), 45)
    (outcome,) = _export(services, "outcomes", tmp_path)
    assert (outcome["email"], outcome["cohort"], outcome["kind"]) == (
        "zoe@essex.gov.uk",
        "Kent 2026",
        "promotion",
    )
