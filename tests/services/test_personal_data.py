"""Subject access, erasure, retention and equality data."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from women_in_ddat.domain.models import AuditEvent, Cohort, ErasedParticipantTally, Programme
from women_in_ddat.errors import Conflict, InvalidInput, NotFound
from women_in_ddat.services.personal_data import (
    EQUALITY_TABLES,
    NOT_PERSONAL,
    PERSON_GRAPH,
    participation_status_counts,
    suppressed_counts,
)

SUBJECT = "zoe.hughes@essex.gov.uk"


def tables_referring_to_person() -> set[str]:
    """Every table that refers to ``person``, directly or through other tables."""
    tables = SQLModel.metadata.tables
    reached = {"person"}
    changed = True
    while changed:
        changed = False
        for name, table in tables.items():
            if name in reached:
                continue
            if any(fk.column.table.name in reached for fk in table.foreign_keys):
                reached.add(name)
                changed = True
    return reached


def test_every_table_about_a_person_is_in_the_export_and_erasure_graph() -> None:
    referring = tables_referring_to_person()
    # Tables that point at a person's rows without holding anything about her
    # must be listed explicitly as such.
    assert referring - set(PERSON_GRAPH) <= NOT_PERSONAL, (
        referring - set(PERSON_GRAPH) - NOT_PERSONAL
    )
    # And every table is classified one way or the other.
    unclassified = set(SQLModel.metadata.tables) - set(PERSON_GRAPH) - NOT_PERSONAL
    assert unclassified == set(), f"classify these tables in personal_data.py: {unclassified}"


def test_subject_access_holds_everything_about_her(demo_services) -> None:
    data = demo_services.personal_data.subject_access(SUBJECT)
    tables = data["tables"]
    assert tables["person"][0]["email"] == SUBJECT
    assert tables["participation"] and tables["mentoring_match"] and tables["mentoring_session"]
    assert tables["milestone"] and tables["assessment_score"]
    assert set(tables) == set(PERSON_GRAPH) - EQUALITY_TABLES
    # Every row found is genuinely hers.
    pid = tables["person"][0]["id"]
    part_ids = {p["id"] for p in tables["participation"]}
    assert all(p["person_id"] == pid for p in tables["participation"])
    assert all(m["participation_id"] in part_ids for m in tables["milestone"])
    json.dumps(data)  # serialisable as it is


def test_subject_access_for_an_unknown_email_is_a_clear_not_found(demo_services) -> None:
    with pytest.raises(NotFound):
        demo_services.personal_data.subject_access("nobody@nowhere.gov.uk")


def test_equality_data_is_off_by_default_and_exported_only_when_asked(demo_services) -> None:
    svc = demo_services
    person = svc.people.by_email(SUBJECT)
    with pytest.raises(Conflict):
        svc.personal_data.record_equality(person.id, {"disability": "no"})
    with svc.db.reading() as session:
        programme_id = session.scalar(select(Programme.id))
    svc.personal_data.set_equality_collection(programme_id, True)
    with pytest.raises(InvalidInput):
        svc.personal_data.record_equality(person.id, {"disability": "maybe"})
    saved = svc.personal_data.record_equality(person.id, {"disability": "no", "age_band": "25-34"})
    assert saved.answers is not None and saved.answers["age_band"] == "25-34"
    # What a save hands back is what the next save names: no reload in between.
    again = svc.personal_data.record_equality(
        person.id, {"disability": "yes"}, expected_version=saved.version
    )
    assert again.version == saved.version + 1 and again.answers is not None
    assert again.answers["disability"] == "yes"
    assert "equality_record" not in svc.personal_data.subject_access(SUBJECT)["tables"]
    with_eq = svc.personal_data.subject_access(SUBJECT, include_equality=True)["tables"][
        "equality_record"
    ]
    assert with_eq[0]["age_band"] == "25-34" and with_eq[0]["ethnicity"] == "prefer_not_to_say"


@pytest.mark.sqlite_only(reason="reads the SQLite file and its journal byte by byte")
def test_erasure_leaves_no_trace_in_the_file(demo_services, demo_db_path: Path) -> None:
    svc = demo_services
    person = svc.people.by_email(SUBJECT)
    names = [person.first_name, person.last_name, SUBJECT]
    raw_before = demo_db_path.read_bytes()
    assert all(n.encode("utf-8") in raw_before for n in names)
    with svc.db.reading() as session:
        cohort_id = session.scalar(select(Cohort.id).where(Cohort.name == "Top Talent Essex 2025"))
        before = participation_status_counts(session, cohort_id)
    summary = svc.personal_data.erase(person.id)
    svc.close()
    raw = demo_db_path.read_bytes()
    for n in names:
        assert n.encode("utf-8") not in raw, f"{n!r} still in the database file"
    journal = demo_db_path.with_name(demo_db_path.name + "-journal")
    assert not journal.exists() or all(n.encode() not in journal.read_bytes() for n in names)
    from women_in_ddat.services.context import Services

    again = Services.open(str(demo_db_path), actor="tester")
    try:
        with again.db.reading() as session:
            events = session.scalars(select(AuditEvent)).all()
            # The past cohort's counts still hold, without her.
            assert participation_status_counts(session, cohort_id) == before
            assert session.scalars(select(ErasedParticipantTally)).all()
        assert any(e.entity_id == summary.token and e.action == "erase" for e in events)
        assert not any(e.entity == "person" and e.entity_id == str(person.id) for e in events)
        with pytest.raises(NotFound):
            again.people.by_email(SUBJECT)
    finally:
        again.close()


def test_due_for_deletion_follows_the_retention_period(demo_services) -> None:
    svc = demo_services
    with svc.db.reading() as session:
        essex = session.scalar(select(Cohort).where(Cohort.name == "Top Talent Essex 2025"))
    # Essex 2025 ended recently: nobody is due yet with a 24-month retention.
    assert svc.personal_data.due_for_deletion() == []
    later = essex.end_date + timedelta(days=2 * 366)
    due = svc.personal_data.due_for_deletion(today=later)
    emails = {d.email for d in due}
    assert SUBJECT in emails
    # A mentor of Essex 2025 who also serves in the later Kent cohort is kept.
    assert "joanne.whitfield@medway.gov.uk" not in emails or all(
        d.last_cohort != "Top Talent Kent 2026" for d in due
    )
    assert all(d.due_since <= later for d in due)


def test_bulk_erase_from_the_due_list(demo_services) -> None:
    svc = demo_services
    far = date.today() + timedelta(days=365 * 5)
    due = svc.personal_data.due_for_deletion(today=far)
    ids = [d.person_id for d in due[:3]]
    svc.personal_data.erase_many(ids)
    remaining = {d.person_id for d in svc.personal_data.due_for_deletion(today=far)}
    assert not remaining & set(ids)


def test_small_groups_are_suppressed() -> None:
    assert suppressed_counts({"yes": 4, "no": 12, "prefer_not_to_say": 0}) == {
        "yes": "fewer than 5",
        "no": 12,
        "prefer_not_to_say": "fewer than 5",
    }
