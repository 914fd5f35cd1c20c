"""Subject access and erasure reach every row that can identify her, found from the schema.

One person is referenced from every kind of column that can hold her
identity: foreign keys through her cohort place and match, the audit
trail and the import history naming those rows, another person's
line manager's email, and the earlier values an import kept. Her subject
access export must show each; her erasure must leave no byte of her name
or email in the database file.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.importing.corpus import as_text_rows, write_csv
from women_in_ddat.domain.enums import AssessmentPoint, AttendanceStatus, MatchStatus, OutcomeKind
from women_in_ddat.domain.models import (
    AuditEvent,
    ImportChange,
    Mailing,
    MailingRecipient,
    Milestone,
    Participation,
    Person,
    Programme,
)
from women_in_ddat.importing.run import ImportSettings, run_import
from women_in_ddat.reports.subject_access import save_subject_access_pdf
from women_in_ddat.services.context import Services
from women_in_ddat.services.events import DayPlan, EventInput
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.personal_records import (
    SOFT_REFERENCES,
    email_columns,
    her_row_ids,
    personal_tables,
)
from women_in_ddat.services.report_data_gather import ReportDataService

SUBJECT = "zenobia.quill@essex.gov.uk"
NAMES = ("Zenobia", "Quillfeather")
COHORT = "Top Talent Essex 2026"
HEADER = [
    "First name",
    "Last name",
    "Email",
    "Organisation",
    "Job title",
    "Role",
    "Start date",
    "Mentor email",
    "Line manager email",
]
MENTOR = [
    "Marta",
    "Fenwick",
    "marta.fenwick@kent.gov.uk",
    "Kent County Council",
    "Head of Data",
    "Mentor",
    date(2026, 1, 12),
    "",
    "",
]


def _import(services: Services, path: Path) -> None:
    result = run_import(
        services.db.target.url,
        path,
        ImportSettings(cohort=COHORT, use_remembered_mappings=False),
        actor="tester",
    )
    assert result.outcome.written, result.outcome.summary_line()


def build_her_everywhere(services: Services, tmp_path: Path) -> dict[str, int]:
    """She is named from every column that can identify her; returns her record ids."""
    first = [
        # Her name as first imported: the re-import keeps it in the import history.
        [
            "Zenobiah",
            "Quillfeather",
            SUBJECT,
            "Essex County Council",
            "Analyst",
            "Mentee",
            date(2026, 1, 12),
            MENTOR[2],
            "",
        ],
        # She was Olwen's line manager; the re-import keeps that in the earlier values.
        [
            "Olwen",
            "Brack",
            "olwen.brack@essex.gov.uk",
            "Essex County Council",
            "Developer",
            "Mentee",
            date(2026, 1, 12),
            MENTOR[2],
            SUBJECT,
        ],
        # She is Pia's line manager.
        [
            "Pia",
            "Lund",
            "pia.lund@essex.gov.uk",
            "Essex County Council",
            "Tester",
            "Mentee",
            date(2026, 1, 12),
            MENTOR[2],
            SUBJECT,
        ],
        MENTOR,
    ]
    second = [list(row) for row in first]
    second[0][0], second[0][6] = "Zenobia", date(2026, 1, 19)  # her name and start date change
    second[1][8] = "boss@essex.gov.uk"
    _import(services, write_csv(tmp_path / "intake.csv", as_text_rows([HEADER, *first])))
    _import(services, write_csv(tmp_path / "intake-corrected.csv", as_text_rows([HEADER, *second])))

    person = services.people.by_email(SUBJECT)
    services.people.update(person.id, PersonInput(skills_wanted=["Data analysis and synthesis"]))
    with services.db.reading() as session:
        programme_id = session.scalar(select(Programme.id))
    services.personal_data.set_equality_collection(programme_id, True)
    services.personal_data.record_equality(person.id, {"disability": "no"})
    (match,) = [m for m in services.matches.rows(person_id=person.id)]
    place = match.mentee_participation_id
    services.matches.change_status(match.id, MatchStatus.ACTIVE)
    services.matches.log_session(match.id, held_on=date.today() - timedelta(days=3))
    with services.db.transaction() as session:
        milestone = Milestone(participation_id=place, title="Agree a development plan")
        session.add(milestone)
        session.flush()
        milestone_id = milestone.id
    services.progress.complete_milestones([milestone_id])
    services.development.record_confidence(place, AssessmentPoint.BASELINE, {"speaking_up": 3})
    services.progress.record_outcome(person.id, OutcomeKind.PROMOTION, date.today())
    # Olwen's place waits for her as its mentor (an import named her before she was one).
    with services.db.transaction() as session:
        waiting = session.scalar(
            select(Participation).join(Person).where(Person.email == "olwen.brack@essex.gov.uk")
        )
        waiting.pending_mentor_email = SUBJECT
    # A training day: she was invited, and marked as there.
    event = services.events.plan(
        match.cohort_id, EventInput("Training day", (DayPlan(date.today() - timedelta(days=2)),))
    )
    services.events.invite(event.id, person_ids=[person.id])
    services.events.mark(event.id, [(person.id, event.days[0].id, AttendanceStatus.ATTENDED)])
    # A message was sent to her (its template, subject, address; never a body).
    with services.db.transaction() as session:
        mailing = Mailing(template_name="welcome", chosen_by="tester", audience="One person")
        session.add(mailing)
        session.flush()
        session.add(
            MailingRecipient(
                mailing_id=mailing.id,
                person_id=person.id,
                template_name="welcome",
                address=SUBJECT,
                subject="Welcome",
                status="sent",
            )
        )
    _her_questionnaire_returned(services, place)
    # Her progress summary was written: the audit trail names her cohort place.
    ReportDataService(services.db, "tester").record_report(
        "participation", place, "progress summary"
    )
    return {"person": person.id, "participation": place, "match": match.id}


def _her_questionnaire_returned(services: Services, place: int) -> None:
    """A mid-point form written for her, and her answers with a quote collected from a Forms export."""
    from women_in_ddat.services.questionnaires import QuestionnaireService, ReturnedAnswers

    quest = QuestionnaireService(services.db, "tester")
    with services.db.reading() as session:
        cohort_id = session.get(Participation, place).cohort_id
    quest.record_forms(
        [
            f
            for f in quest.forms_to_write(cohort_id, AssessmentPoint.MID)
            if f.participation_id == place
        ]
    )
    answers = {
        "feedback:satisfaction": 5,
        "feedback:quote": "Zenobia says it changed her year",
        "feedback:quote_consent": "Yes, with my name",
    }
    returned = ReturnedAnswers(source="responses.xlsx row 2", answers=answers, email=SUBJECT)
    quest.collect(
        quest.preview([returned], point=AssessmentPoint.MID), source_name="responses.xlsx"
    )


def test_she_is_named_from_every_column_that_can_identify_her(
    sqlite_services, tmp_path: Path
) -> None:
    """The builder really covers the schema: a new personal table must be given a row here."""
    services = sqlite_services
    build_her_everywhere(services, tmp_path)
    person = services.people.by_email(SUBJECT)
    with services.db.reading() as session:
        ids = her_row_ids(session, person.id)
        events = session.scalars(select(AuditEvent)).all()
        changes = session.scalars(select(ImportChange)).all()
    empty = [table for table in personal_tables() if not ids[table]]
    assert empty == [], f"give her a row in {empty} in build_her_everywhere"
    mine = {(table, str(i)) for table, row_ids in ids.items() for i in row_ids}
    names = {"match": "mentoring_match", "session": "mentoring_session"}
    audited = {
        names.get(e.entity, e.entity)
        for e in events
        if (names.get(e.entity, e.entity), e.entity_id) in mine
    }
    assert {
        "person",
        "participation",
        "mentoring_match",
        "mentoring_session",
        "milestone",
        "assessment",
        "outcome",
        "equality_record",
    } <= audited
    changed = {c.entity for c in changes if (c.entity, str(c.entity_id)) in mine}
    assert changed == {"person", "participation"}
    assert any(SUBJECT in c.before_json for c in changes if c.entity_id != person.id)
    assert set(SOFT_REFERENCES) == {"audit_event", "import_change"}
    assert sorted(f"{c.table.name}.{c.name}" for c in email_columns()) == [
        "participation.pending_mentor_email",
        "person.line_manager_email",
    ]


def test_subject_access_shows_every_row_that_names_her(sqlite_services, tmp_path: Path) -> None:
    services = sqlite_services
    ids = build_her_everywhere(services, tmp_path)
    data = services.personal_data.held_about(SUBJECT)
    tables = data["tables"]
    # Import changes about her cohort place, not only her profile: her old start date.
    place_changes = [c for c in tables["import_change"] if c["entity"] == "participation"]
    assert [c["entity_id"] for c in place_changes] == [ids["participation"]]
    assert json.loads(place_changes[0]["before_json"]) == {"start_date": "2026-01-12"}
    person_changes = [c for c in tables["import_change"] if c["entity"] == "person"]
    assert json.loads(person_changes[0]["before_json"])["first_name"] == "Zenobiah"
    # Audit events naming her cohort place and her match.
    audited = {(e["entity"], e["entity_id"], e["action"]) for e in tables["audit_event"]}
    assert ("participation", str(ids["participation"]), "report") in audited
    assert ("match", str(ids["match"]), "update") in audited
    # Her email in others' records: Pia's line manager, and Olwen's before the re-import.
    assert {(n["table"], n["field"], n["record"]) for n in data["named_in"]} == {
        ("person", "line_manager_email", "Pia Lund"),
        ("import_change", "line_manager_email", "Olwen Brack, before import no. 2"),
        ("participation", "pending_mentor_email", "Olwen Brack's place in Top Talent Essex 2026"),
    }
    json.dumps(data)

    target = tmp_path / "sar.pdf"
    save_subject_access_pdf(services.personal_data, SUBJECT, target)
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(target).pages
    )
    assert "Where other records name her" in text
    assert "Pia Lund" in text and "Olwen Brack, before import no. 2" in text
    assert "Cohort place" in text  # the audit trail's and the import history's record kind
    assert "Zenobiah" in text  # her name before the re-import


@pytest.mark.sqlite_only(reason="reads the SQLite file byte by byte")
def test_erasure_leaves_no_byte_of_her_anywhere(
    sqlite_services, db_path: Path, tmp_path: Path
) -> None:
    services = sqlite_services
    ids = build_her_everywhere(services, tmp_path)
    raw = db_path.read_bytes()
    needles = [n.encode() for n in (*NAMES, SUBJECT)]
    assert all(n in raw for n in needles)

    summary = services.personal_data.erase(ids["person"])
    with services.db.reading() as session:
        events = session.scalars(select(AuditEvent)).all()
    services.close()

    raw = db_path.read_bytes()
    for needle in needles:
        assert needle not in raw, f"{needle!r} is still in the database file"
    journal = db_path.with_name(db_path.name + "-journal")
    assert not journal.exists() or not any(n in journal.read_bytes() for n in needles)
    # The audit trail keeps what happened to her records, under an opaque token.
    left = {(e.entity, e.entity_id) for e in events}
    assert ("participation", str(ids["participation"])) not in left
    assert ("match", str(ids["match"])) not in left
    assert ("participation", summary.token) in left and ("match", summary.token) in left

    again = Services.open(str(db_path), actor="tester")
    try:
        # Pia keeps her record, without a line manager; a stale edit of it is refused.
        pia = again.people.by_email("pia.lund@essex.gov.uk")
        assert pia.line_manager_email == "" and pia.version > 1
        olwen = again.people.by_email("olwen.brack@essex.gov.uk")
        assert olwen.line_manager_email == "boss@essex.gov.uk"
    finally:
        again.close()


def test_erasing_her_with_the_people_she_manages_at_once(sqlite_services, tmp_path: Path) -> None:
    services = sqlite_services
    ids = build_her_everywhere(services, tmp_path)
    pia = services.people.by_email("pia.lund@essex.gov.uk")
    # In one transaction: her erasure changes Pia's record (no line manager), then Pia's goes.
    services.personal_data.erase_many([ids["person"], pia.id])
    remaining = {p.email for p in services.people.rows()}
    assert SUBJECT not in remaining and "pia.lund@essex.gov.uk" not in remaining
