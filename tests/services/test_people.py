from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from women_in_ddat.domain.models import AuditEvent, Person
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services.people import PersonInput


def test_create_normalises_email_and_text(services) -> None:
    person = services.people.create(
        PersonInput(
            email="  Zoe.Hughes@Essex.GOV.UK\u00a0",
            first_name="\u200bZoe\u0308 ",
            last_name="Hughes",
            organisation=" Essex  County Council ",
        )
    )
    stored = services.people.get(person.id)
    assert stored.email == "zoe.hughes@essex.gov.uk"
    assert stored.first_name == "Zoë"  # NFC: e + combining diaeresis becomes one character
    assert len(stored.first_name) == 3
    assert services.people.organisations()[0].name == "Essex County Council"


def test_organisations_are_matched_ignoring_case_and_spacing(services) -> None:
    services.people.create(
        PersonInput(email="a@x.gov.uk", first_name="A", organisation="Kent County Council")
    )
    services.people.create(
        PersonInput(email="b@x.gov.uk", first_name="B", organisation="kent  county council")
    )
    assert [o.name for o in services.people.organisations()] == ["Kent County Council"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PersonInput(email="not-an-email", first_name="A"), "email"),
        (PersonInput(email="", first_name="A"), "email"),
        (PersonInput(email="a@b.gov.uk", first_name="  "), "first_name"),
        (
            PersonInput(email="a@b.gov.uk", first_name="A", line_manager_email="boss@"),
            "line_manager_email",
        ),
        (
            PersonInput(email="a@b.gov.uk", first_name="A", line_manager_email="A@B.gov.uk"),
            "line_manager_email",
        ),
        (PersonInput(email="a@b.gov.uk", first_name="A" * 101), "first_name"),
    ],
)
def test_bad_values_are_named_and_nothing_is_written(services, data, field) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.people.create(data)
    assert field in caught.value.problems
    assert services.people.count() == 0


def test_duplicate_email_is_refused_case_insensitively(services) -> None:
    services.people.create(PersonInput(email="sian@wales.gov.uk", first_name="Siân"))
    with pytest.raises(InvalidInput) as caught:
        services.people.create(PersonInput(email="SIAN@wales.gov.uk ", first_name="Other"))
    assert "email" in caught.value.problems
    assert services.people.count() == 1


def test_update_changes_only_what_is_given_and_bumps_version(services) -> None:
    p = services.people.create(
        PersonInput(email="a@b.gov.uk", first_name="Ann", job_title="Analyst")
    )
    updated = services.people.update(
        p.id, PersonInput(job_title="Senior analyst"), expected_version=1
    )
    assert updated.version == 2
    again = services.people.get(p.id)
    assert (again.first_name, again.job_title) == ("Ann", "Senior analyst")
    # Saying the same again is not a change.
    services.people.update(p.id, PersonInput(job_title="Senior analyst"))
    assert services.people.get(p.id).version == 2


def test_stale_edit_is_refused(services) -> None:
    p = services.people.create(PersonInput(email="a@b.gov.uk", first_name="Ann"))
    services.people.update(p.id, PersonInput(job_title="First edit"), expected_version=1)
    with pytest.raises(Conflict):
        services.people.update(p.id, PersonInput(job_title="Second edit"), expected_version=1)
    assert services.people.get(p.id).job_title == "First edit"


def test_delete_cascades_to_everything_about_the_person(demo_services) -> None:
    svc = demo_services
    mentee_row = next(r for r in svc.matches.rows() if r.sessions > 0)
    person_id = mentee_row.mentee_person_id
    svc.people.delete(person_id)
    with svc.db.reading() as session:
        assert session.get(Person, person_id) is None
    assert all(r.mentee_person_id != person_id for r in svc.matches.rows())
    assert all(m.person_id != person_id for m in svc.progress.milestones())
    # No row anywhere still points at her (on either database).
    with svc.db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table.name == "person":
                    left = conn.execute(
                        select(func.count()).where(fk.parent == person_id)
                    ).scalar_one()
                    assert left == 0, (
                        f"{table.name}.{fk.parent.name} still refers to the deleted person"
                    )


def test_audit_records_actions_without_personal_data(services) -> None:
    p = services.people.create(
        PersonInput(email="ayse.yilmaz@x.gov.uk", first_name="Ayşe", last_name="Yılmaz")
    )
    services.people.update(p.id, PersonInput(job_title="Lead"))
    services.people.delete(p.id)
    with services.db.reading() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.entity, e.entity_id) for e in events] == [
        ("create", "person", str(p.id)),
        ("update", "person", str(p.id)),
        ("delete", "person", str(p.id)),
    ]
    text = " ".join(f"{e.actor} {e.detail} {e.entity_id}" for e in events)
    for secret in ("Ayşe", "Yılmaz", "ayse", "x.gov.uk"):
        assert secret not in text


def test_search_filters_on_name_email_organisation_and_title(demo_services) -> None:
    rows = demo_services.people.rows("kent")
    assert rows and all(
        "kent" in f"{r.first_name} {r.last_name} {r.email} {r.organisation} {r.job_title}".lower()
        for r in rows
    )
    assert len(demo_services.people.rows("analyst medway")) < len(
        demo_services.people.rows("analyst")
    )
    assert demo_services.people.rows("zzzz-nobody") == []


def test_ids_are_never_reused_after_a_delete(services) -> None:
    """Otherwise the audit trail of a deleted person would read as someone else's."""
    first = services.people.create(PersonInput(email="one@x.gov.uk", first_name="One"))
    services.people.delete(first.id)
    second = services.people.create(PersonInput(email="two@x.gov.uk", first_name="Two"))
    assert second.id != first.id
    assert [
        e.action for e in services.audit_log.events(entity="person", entity_id=str(second.id))
    ] == ["create"]
