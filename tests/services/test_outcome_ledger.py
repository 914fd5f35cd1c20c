"""The dated outcome ledger: record, correct and remove, each audited; equality status for the page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from women_in_ddat.domain.enums import OutcomeKind, ParticipantRole
from women_in_ddat.domain.models import AuditEvent, Outcome, Programme
from women_in_ddat.errors import InvalidInput, NotFound
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.person_detail import PersonDetailService

TODAY = date.today()


@pytest.fixture
def mentee(services):  # type: ignore[no-untyped-def]
    cohort = services.cohorts.create_cohort("Kent 2026", start_date=TODAY - timedelta(days=30))
    person = services.people.create(
        PersonInput(email="ada@kent.gov.uk", first_name="Ada", last_name="Lovelace")
    )
    services.cohorts.add_participant(cohort.id, person.id, ParticipantRole.MENTEE)
    return person, cohort


def _audit(services, entity_id: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with services.db.reading() as session:
        return [
            (e.action, e.detail)
            for e in session.scalars(
                select(AuditEvent)
                .where(AuditEvent.entity == "outcome", AuditEvent.entity_id == str(entity_id))
                .order_by(AuditEvent.id)
            )
        ]


def test_an_outcome_is_corrected_in_place_and_audited(services, mentee) -> None:
    person, cohort = mentee
    progress = services.progress
    outcome = progress.record_outcome(
        person.id, OutcomeKind.SECONDMENT, TODAY - timedelta(days=9), description="To DfE"
    )
    progress.update_outcome(
        outcome.id,
        OutcomeKind.PROMOTION,
        TODAY - timedelta(days=3),
        description="  Promoted \n to lead ",
        cohort_id=cohort.id,
        role_family="Data",
        role="data scientist",
        level="Lead",
    )
    [stored] = progress.outcomes(person.id)
    assert stored.id == outcome.id
    assert (stored.kind, stored.occurred_on, stored.cohort_id) == (
        "promotion",
        TODAY - timedelta(days=3),
        cohort.id,
    )
    assert (stored.role_family, stored.role, stored.level) == ("Data", "data scientist", "Lead")
    assert stored.description.startswith("Promoted")
    assert _audit(services, outcome.id) == [("create", "secondment"), ("update", "promotion")]


def test_a_future_date_or_a_missing_cohort_changes_nothing(services, mentee) -> None:
    person, _cohort = mentee
    progress = services.progress
    outcome = progress.record_outcome(person.id, OutcomeKind.QUALIFICATION, TODAY)
    with pytest.raises(InvalidInput) as refused:
        progress.update_outcome(outcome.id, OutcomeKind.PROMOTION, TODAY + timedelta(days=1))
    assert "occurred_on" in refused.value.problems
    with pytest.raises(NotFound):
        progress.update_outcome(outcome.id, OutcomeKind.PROMOTION, TODAY, cohort_id=9999)
    with pytest.raises(NotFound):
        progress.record_outcome(person.id, OutcomeKind.PROMOTION, TODAY, cohort_id=9999)
    [stored] = progress.outcomes(person.id)
    assert (stored.kind, stored.cohort_id) == ("qualification", None)
    assert _audit(services, outcome.id) == [("create", "qualification")]


def test_deleting_an_outcome_removes_it_and_is_audited(services, mentee) -> None:
    person, _cohort = mentee
    progress = services.progress
    outcome = progress.record_outcome(person.id, OutcomeKind.LEFT_SECTOR, TODAY)
    removed = progress.delete_outcome(outcome.id)
    assert removed.kind == "left_sector"
    assert progress.outcomes(person.id) == []
    assert _audit(services, outcome.id)[-1] == ("delete", "left_sector")
    with pytest.raises(NotFound):
        progress.delete_outcome(outcome.id)
    with services.db.reading() as session:
        assert session.scalar(select(Outcome).where(Outcome.id == outcome.id)) is None


def test_equality_status_follows_her_programme_and_holds_her_answers(services, mentee) -> None:
    person, _cohort = mentee
    data = services.personal_data
    status = data.equality_status(person.id)
    assert (status.collecting, status.answers) == (False, None)
    [programme] = data.equality_settings()
    assert (programme.collecting, programme.people_answered) == (False, 0)
    details = PersonDetailService(services.db, "tester")
    assert details.detail(person.id).equality_collecting is False

    data.set_equality_collection(programme.id, True)
    data.record_equality(person.id, {"disability": "no", "age_band": "25-34"})
    status = data.equality_status(person.id)
    assert status.collecting and status.programmes == (programme.name,)
    assert status.answers is not None
    assert status.answers["disability"] == "no"
    assert status.answers["ethnicity"] == "prefer_not_to_say"
    assert status.recorded_at is not None
    [programme] = data.equality_settings()
    assert (programme.collecting, programme.people_answered) == (True, 1)
    detail = details.detail(person.id)
    assert detail.equality_collecting and detail.equality_recorded_at is not None
    with services.db.reading() as session:
        assert session.scalar(select(Programme.collect_equality_data)) is True
