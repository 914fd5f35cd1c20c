"""A save that began from an older version is refused and shows both versions, field by field.

Each edit the app offers carries the version its form was opened at. When
someone else saved in between, nothing is written and the refusal lists
exactly the fields whose saved value differs from the one being saved, as
display text, without any value in its message (messages may be logged).
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.storage.test_concurrency import at_once
from women_in_ddat.domain.enums import (
    AssessmentPoint,
    OutcomeKind,
    ParticipantRole,
    SkillLevel,
)
from women_in_ddat.domain.models import Programme
from women_in_ddat.errors import EditConflict, FieldDifference
from women_in_ddat.services.context import Services
from women_in_ddat.services.people import PersonInput

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def mentee(services):  # type: ignore[no-untyped-def]
    cohort = services.cohorts.create_cohort("Kent 2026", start_date=TODAY - timedelta(days=60))
    person = services.people.create(
        PersonInput(email="sian.jones@kent.gov.uk", first_name="Siân", last_name="Jones")
    )
    part = services.cohorts.add_participant(cohort.id, person.id, ParticipantRole.MENTEE)
    return person, cohort, part


@pytest.fixture
def second(db_target: str, services):  # type: ignore[no-untyped-def]
    """A second coordinator: her own Services, engine and connections on the same database."""
    svc = Services.open(db_target, actor="second coordinator")
    yield svc
    svc.close()


def refused(action) -> EditConflict:  # type: ignore[no-untyped-def]
    with pytest.raises(EditConflict) as caught:
        action()
    return caught.value


def test_person_lists_only_the_fields_that_differ(services, mentee) -> None:
    person, _, _ = mentee
    services.people.update(person.id, PersonInput(job_title="Head of data"), expected_version=1)
    form = PersonInput(
        first_name="Siân",
        last_name="Jones",
        job_title="Analyst",
        phone="01632 960001",
        open_to_remote=False,
    )
    conflict = refused(lambda: services.people.update(person.id, form, expected_version=1))
    assert conflict.their_version == 2
    assert conflict.differences == (
        FieldDifference("Phone", "", "01632 960001"),
        FieldDifference("Job title", "Head of data", "Analyst"),
        FieldDifference("Open to remote mentoring", "Yes", "No"),
    )
    assert "Siân" not in conflict.message and "Head of data" not in conflict.message
    assert services.people.get(person.id).job_title == "Head of data"
    # Saving over theirs, knowingly: with the version just shown, it lands.
    services.people.update(person.id, form, expected_version=conflict.their_version)
    stored = services.people.get(person.id)
    assert (stored.job_title, stored.phone, stored.version) == ("Analyst", "01632 960001", 3)


def test_cohort_details(services, mentee) -> None:
    _, cohort, _ = mentee
    start = cohort.start_date
    services.cohorts.update_cohort(cohort.id, expected_version=1, place="Maidstone")
    conflict = refused(
        lambda: services.cohorts.update_cohort(
            cohort.id,
            expected_version=1,
            name="Kent 2026 ",
            place="Canterbury",
            start_date=start,
            end_date=date(2026, 12, 1),
        )
    )
    assert conflict.differences == (
        FieldDifference("Place", "Maidstone", "Canterbury"),
        FieldDifference("Ends", "", "1 December 2026"),
    )
    assert "differs from yours in: place, ends." in conflict.message
    stored = services.cohorts.get(cohort.id)
    assert (stored.place, stored.end_date, stored.version) == ("Maidstone", None, 2)


def test_outcome(services, mentee) -> None:
    person, cohort, _ = mentee
    progress = services.progress
    outcome = progress.record_outcome(person.id, OutcomeKind.SECONDMENT, YESTERDAY)
    assert outcome.version == 1
    progress.update_outcome(
        outcome.id,
        OutcomeKind.PROMOTION,
        YESTERDAY,
        cohort_id=cohort.id,
        level="Senior",
        expected_version=1,
    )
    conflict = refused(
        lambda: progress.update_outcome(
            outcome.id,
            OutcomeKind.SECONDMENT,
            YESTERDAY,
            description="To DfE for 6 months",
            expected_version=1,
        )
    )
    assert conflict.differences == (
        FieldDifference("Outcome", "Promotion", "Secondment"),
        FieldDifference("Cohort", "Kent 2026", "None (not credited to a cohort)"),
        FieldDifference("Level", "Senior", ""),
        FieldDifference("Description", "", "To DfE for 6 months"),
    )
    assert "DfE" not in conflict.message
    [stored] = progress.outcomes(person.id)
    assert (stored.kind, stored.description, stored.version) == ("promotion", "", 2)


def test_confidence_answers_by_statement(services, mentee) -> None:
    _, _, part = mentee
    development = services.development
    # Both opened the baseline before anything was recorded (version 0).
    development.record_confidence(
        part.id,
        AssessmentPoint.BASELINE,
        {"ddat_skills": 2, "speaking_up": 3},
        completed_on=YESTERDAY,
        expected_version=0,
    )
    conflict = refused(
        lambda: development.record_confidence(
            part.id,
            AssessmentPoint.BASELINE,
            {"ddat_skills": 2, "senior_role": 4},
            completed_on=YESTERDAY,
            expected_version=0,
        )
    )
    assert conflict.their_version == 1
    assert conflict.differences == (
        FieldDifference("I am confident speaking up and being visible", "3 of 5", "Not answered"),
        FieldDifference("I am confident applying for a more senior role", "Not answered", "4 of 5"),
    )
    by_item = {r.item: r.self_scores for r in development.confidence(part.id).rows}
    assert by_item["speaking_up"] == {"baseline": 3} and by_item["senior_role"] == {}
    # The current version saves, and the next stale one is refused again.
    development.record_confidence(
        part.id, AssessmentPoint.BASELINE, {"ddat_skills": 5}, expected_version=1
    )
    refused(
        lambda: development.record_confidence(
            part.id, AssessmentPoint.BASELINE, {"ddat_skills": 1}, expected_version=1
        )
    )


def test_skill_ratings_and_the_date(services, mentee) -> None:
    _, _, part = mentee
    skills = sorted(services.framework.current().framework.all_skills)[:2]
    development = services.development
    development.record_skill_ratings(
        part.id, AssessmentPoint.MID, {skills[0]: SkillLevel.WORKING}, completed_on=YESTERDAY
    )
    conflict = refused(
        lambda: development.record_skill_ratings(
            part.id,
            AssessmentPoint.MID,
            {skills[0]: SkillLevel.EXPERT, skills[1]: SkillLevel.AWARENESS},
            completed_on=TODAY,
            expected_version=0,
        )
    )
    assert conflict.differences == (
        FieldDifference(
            "Completed on", f"{YESTERDAY.day} {YESTERDAY:%B %Y}", f"{TODAY.day} {TODAY:%B %Y}"
        ),
        FieldDifference(skills[0], "Working", "Expert"),
        FieldDifference(skills[1], "Not rated", "Awareness"),
    )


def test_equality_answers_never_in_the_message(services, mentee) -> None:
    person, cohort, _ = mentee
    with services.db.reading() as session:
        programme_id = session.scalar(select(Programme.id))
    services.personal_data.set_equality_collection(programme_id, True)
    assert services.personal_data.equality_status(person.id).version == 0
    services.personal_data.record_equality(
        person.id, {"disability": "yes", "age_band": "25-34"}, expected_version=0
    )
    assert services.personal_data.equality_status(person.id).version == 1
    conflict = refused(
        lambda: services.personal_data.record_equality(
            person.id, {"disability": "no", "age_band": "25-34"}, expected_version=0
        )
    )
    assert conflict.differences == (
        FieldDifference("Do you consider yourself to have a disability?", "Yes", "No"),
    )
    for text in ("disabilit", "Yes", "No", "yes", "no ", "25"):
        assert text not in conflict.message
    assert services.personal_data.equality_status(person.id).answers["disability"] == "yes"
    services.personal_data.record_equality(person.id, {"disability": "no"}, expected_version=1)
    assert services.personal_data.equality_status(person.id).version == 2


def test_two_coordinators_open_then_both_save(services, second, mentee) -> None:
    """Two Services on one database: both open the same records, both save; the second is shown both."""
    person, _, _ = mentee
    outcome = services.progress.record_outcome(person.id, OutcomeKind.NEW_ROLE, YESTERDAY)
    mine_person = services.people.get(person.id)
    theirs_person = second.people.get(person.id)
    [mine_outcome] = services.progress.outcomes(person.id)
    [theirs_outcome] = second.progress.outcomes(person.id)

    services.people.update(
        person.id, PersonInput(job_title="Lead analyst"), expected_version=mine_person.version
    )
    services.progress.update_outcome(
        outcome.id,
        OutcomeKind.PROMOTION,
        YESTERDAY,
        level="Lead",
        expected_version=mine_outcome.version,
    )
    person_conflict = refused(
        lambda: second.people.update(
            person.id,
            PersonInput(job_title="Principal analyst"),
            expected_version=theirs_person.version,
        )
    )
    outcome_conflict = refused(
        lambda: second.progress.update_outcome(
            outcome.id,
            OutcomeKind.NEW_ROLE,
            YESTERDAY,
            level="Principal",
            expected_version=theirs_outcome.version,
        )
    )
    assert person_conflict.differences == (
        FieldDifference("Job title", "Lead analyst", "Principal analyst"),
    )
    assert outcome_conflict.differences == (
        FieldDifference("Outcome", "Promotion", "New role"),
        FieldDifference("Level", "Lead", "Principal"),
    )
    assert second.people.get(person.id).job_title == "Lead analyst"
    [stored] = second.progress.outcomes(person.id)
    assert (stored.kind, stored.level, stored.version) == ("promotion", "Lead", 2)


def test_an_outcome_save_racing_past_the_version_check_is_shown_both_versions(
    services, second, mentee, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both saves read version 1 and pass the check before either writes (PostgreSQL).

    The version in the UPDATE's WHERE clause refuses the later one, which is
    then shown both versions like any other stale save. On SQLite a writing
    transaction holds the write lock from its start, so the later save reads
    version 2 and is refused at the check instead.
    """
    from women_in_ddat.services import progress as progress_module

    person, _, _ = mentee
    outcome = services.progress.record_outcome(person.id, OutcomeKind.NEW_ROLE, YESTERDAY)
    both_checked = threading.Barrier(2)
    real_fill = progress_module._fill_outcome

    def fill_once_both_have_read(row, *args):  # type: ignore[no-untyped-def]
        if backend == "postgresql" and row.id is not None:
            both_checked.wait(timeout=30)
        return real_fill(row, *args)

    monkeypatch.setattr(progress_module, "_fill_outcome", fill_once_both_have_read)
    results = at_once(
        lambda: services.progress.update_outcome(
            outcome.id, OutcomeKind.PROMOTION, YESTERDAY, level="Lead", expected_version=1
        ),
        lambda: second.progress.update_outcome(
            outcome.id, OutcomeKind.ACTING_UP, YESTERDAY, level="Senior", expected_version=1
        ),
    )
    [conflict] = [r for r in results if isinstance(r, Exception)]
    assert isinstance(conflict, EditConflict), conflict
    [stored] = services.progress.outcomes(person.id)
    assert stored.version == 2
    theirs = ("Promotion", "Lead") if stored.kind == "promotion" else ("Acting up", "Senior")
    yours = ("Acting up", "Senior") if stored.kind == "promotion" else ("Promotion", "Lead")
    assert conflict.differences == (
        FieldDifference("Outcome", theirs[0], yours[0]),
        FieldDifference("Level", theirs[1], yours[1]),
    )
    assert conflict.their_version == 2
