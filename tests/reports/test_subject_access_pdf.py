"""Subject access as a readable PDF: nothing in the JSON export is missing from it.

The PDF is read back with pypdf. The schema is walked as in
tests/services/test_personal_data.py: every table that refers to a person
must have its section in the PDF, and every printed field of every row
must be found in the text.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy import text as text_sql

from tests.reports.pdf_tools import body_text, read_pdf, squash
from tests.services.test_personal_data import tables_referring_to_person
from women_in_ddat.domain.enums import AttendanceStatus, AuditAction
from women_in_ddat.domain.models import (
    ImportBatch,
    ImportChange,
    ImportCreated,
    Mailing,
    MailingRecipient,
    Programme,
    utcnow,
)
from women_in_ddat.reports.subject_access import (
    ENUMS,
    SECTIONS,
    SubjectAccess,
    field_label,
    field_order,
    render_subject_access,
)
from women_in_ddat.reports.text import REPLACEMENT, TextGuard
from women_in_ddat.services.events import DayPlan, EventInput
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.person_detail import PersonDetailService
from women_in_ddat.services.personal_data import NOT_PERSONAL

ZOE = "zoe.hughes@essex.gov.uk"
# Values printed as wording rather than as stored.
REWORDED = (
    {
        ("equality_record", name)
        for name in (
            "ethnicity",
            "disability",
            "age_band",
            "caring_responsibilities",
            "sexual_orientation",
        )
    }
    | {("assessment_score", "item"), ("import_change", "action"), ("import_change", "before_json")}
    | {("audit_event", "detail")}
    | {
        # A collection's answers before and after, as JSON: shown as labelled values.
        ("questionnaire_collection_change", "before_json"),
        ("questionnaire_collection_change", "after_json"),
    }
)


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def fill_every_table(services) -> None:  # type: ignore[no-untyped-def]
    """Give Zoë a row in every table about a person (the demo lacks equality and import rows)."""
    person = services.people.by_email(ZOE)
    with services.db.transaction() as session:
        programme_id = session.scalar(select(Programme.id))
    services.personal_data.set_equality_collection(programme_id, True)
    services.personal_data.record_equality(person.id, {"disability": "no", "age_band": "25-34"})
    with services.db.transaction() as session:
        batch = ImportBatch(source_name="essex-2025.xlsx", file_sha256="0" * 64)
        session.add(batch)
        session.flush()
        session.add(
            ImportChange(
                batch_id=batch.id,
                entity="person",
                entity_id=person.id,
                action="update",
                version_after=2,
                before_json=json.dumps({"job_title": "Junior analyst (before import)"}),
            )
        )
        session.add(
            ImportCreated(
                batch_id=batch.id, entity="person", first_id=person.id, last_id=person.id + 3
            )
        )
        # A message sent to her: its template, subject, address and what became of it.
        mailing = Mailing(template_name="welcome", chosen_by="tester", audience="One person")
        session.add(mailing)
        session.flush()
        session.add(
            MailingRecipient(
                mailing_id=mailing.id,
                person_id=person.id,
                template_name="welcome",
                address=ZOE,
                subject="Welcome to Top Talent Essex 2025",
                status="sent",
                sent_at=utcnow(),
            )
        )
    # A training day she was invited to and attended.
    detail = PersonDetailService(services.db, services.actor).detail(person.id)
    cohort_id = detail.participations[0].cohort_id
    event = services.events.plan(
        cohort_id, EventInput("Top Talent training day", (DayPlan(date(2026, 6, 24)),))
    )
    services.events.invite(event.id, person_ids=[person.id])
    services.events.mark(event.id, [(person.id, event.days[0].id, AttendanceStatus.ATTENDED)])
    _her_feedback_collected(services, person.id)
    # An earlier export puts her in the audit trail.
    services.personal_data.subject_access(ZOE)


def _her_feedback_collected(services, person_id: int) -> None:  # type: ignore[no-untyped-def]
    """Her mid-point form written, and her feedback with a quote collected from a Forms export."""
    from women_in_ddat.domain.enums import AssessmentPoint
    from women_in_ddat.domain.models import Participation
    from women_in_ddat.services.questionnaires import QuestionnaireService, ReturnedAnswers

    with services.db.reading() as session:
        place = session.scalars(
            select(Participation).where(Participation.person_id == person_id)
        ).first()
    quest = QuestionnaireService(services.db, "tester")
    mid = AssessmentPoint.MID
    quest.record_forms(
        [f for f in quest.forms_to_write(place.cohort_id, mid) if f.participation_id == place.id]
    )
    answers = {
        "feedback:satisfaction": 5,
        "feedback:quote": "The programme changed my year",
        "feedback:quote_consent": "Yes, anonymously",
    }
    returned = ReturnedAnswers(source="responses.xlsx row 2", answers=answers, email=ZOE)
    preview = quest.preview([returned], point=mid, cohort_id=place.cohort_id)
    quest.collect(preview, source_name="1 Forms export row")


def test_every_table_about_a_person_has_its_section_and_every_value(
    demo_services, tmp_path: Path
) -> None:
    fill_every_table(demo_services)
    data = demo_services.personal_data.subject_access(ZOE, include_equality=True)
    target = tmp_path / "zoe.pdf"
    render_subject_access(data, target)
    facts = read_pdf(target)
    text = squash(facts.text)

    personal_tables = tables_referring_to_person() - NOT_PERSONAL
    assert personal_tables <= set(data["tables"])
    sa = SubjectAccess(data, TextGuard())
    checked = 0
    for table in sorted(personal_tables):
        rows = data["tables"][table]
        assert rows, f"the fixture should give her a row in {table}"
        assert squash(SECTIONS[table].title) in text, table
        assert (1, SECTIONS[table].title) in facts.outline
        for row in rows:
            for name in field_order(table, row):
                shown = squash(plain(sa.value(table, name, row)))
                assert shown and shown in text, (table, name, row.get(name))
                value = row.get(name)
                literal = (
                    isinstance(value, str)
                    and value
                    and (table, name) not in ENUMS
                    and (table, name) not in REWORDED
                    and not re.match(r"\d{4}-\d\d-\d\d", value)
                )
                if literal:
                    assert squash(value) in text, (table, name)
                checked += 1
    assert checked > 200
    # Literal things a reader looks for.
    for expected in (
        "Zoë",
        "01245 134759",
        "Apply for a senior role within 12 months.",
        "Joanne Whitfield",
        "I am confident speaking up and being visible",
        "Junior analyst (before import)",
        "25-34",
    ):
        assert squash(expected) in text, expected
    assert "Equality monitoring answers are included" in facts.text
    assert facts.images == 0 and facts.annotations == 0
    assert all("DejaVuSans" in font for font in facts.fonts), facts.fonts


def test_the_import_that_created_her_record_is_named(demo_services, tmp_path: Path) -> None:
    """Created records are kept as runs of ids; hers is found inside the run, and only hers."""
    fill_every_table(demo_services)
    data = demo_services.personal_data.subject_access(ZOE)
    [created] = data["tables"]["import_created"]
    person_id = data["tables"]["person"][0]["id"]
    assert created["first_id"] <= person_id <= created["last_id"]
    target = tmp_path / "zoe.pdf"
    render_subject_access(data, target)
    text = squash(read_pdf(target).text)
    assert squash("Created by import") in text
    assert squash(f"Import no. {created['batch_id']}, from essex-2025.xlsx") in text
    # Someone just outside the run was not created by it.
    with demo_services.db.engine.connect() as conn:
        other = conn.execute(
            text_sql("SELECT email FROM person WHERE id = :i"), {"i": created["last_id"] + 1}
        ).scalar()
    assert other is not None, "the demo has someone just after the run"
    assert demo_services.personal_data.held_about(other)["tables"]["import_created"] == []


def test_equality_answers_appear_only_when_asked_for(demo_services, tmp_path: Path) -> None:
    fill_every_table(demo_services)
    target = tmp_path / "zoe.pdf"
    render_subject_access(demo_services.personal_data.subject_access(ZOE), target)
    facts = read_pdf(target)
    assert "Equality monitoring answers are not included" in facts.text
    assert SECTIONS["equality_record"].title not in [title for _depth, title in facts.outline]
    assert SECTIONS["person"].title in [title for _depth, title in facts.outline]
    assert "25-34" not in facts.text


def test_the_export_is_audited(demo_services, tmp_path: Path) -> None:
    person = demo_services.people.by_email(ZOE)
    before = demo_services.audit_log.events(limit=10000)
    render_subject_access(demo_services.personal_data.subject_access(ZOE), tmp_path / "z.pdf")
    new = [e for e in demo_services.audit_log.events(limit=10000) if e not in before]
    assert [(e.action, e.entity, e.entity_id) for e in new] == [
        (AuditAction.EXPORT.value, "person", str(person.id))
    ]


AWKWARD_NAMES = [
    ("Zoë", "Wiśniewska"),
    ("Nguyễn Thị", "Minh Khai"),
    ("Ayşe", "Yılmaz"),
    ("Ольга", "Петренко"),
    ("Siân", "O'Brien-Łukasiewicz & <b>Co</b>"),
    ("Maximiliana", "Featherstonehaugh-" + "Cholmondeley" * 6),
]


@pytest.mark.parametrize(("first", "last"), AWKWARD_NAMES)
def test_awkward_names_print_exactly(services, tmp_path: Path, first: str, last: str) -> None:
    email = "awkward@example.gov.uk"
    services.people.create(
        PersonInput(email=email, first_name=first, last_name=last, notes="x" * 300)
    )
    target = tmp_path / "awkward.pdf"
    render_subject_access(services.personal_data.subject_access(email), target)
    facts = read_pdf(target)
    text = squash(facts.text)
    assert squash(f"Everything held about {first} {last}") in text
    assert squash(last) in text and squash(first) in text
    assert facts.metadata["/Title"] == f"Subject access: {first} {last}"


def test_a_name_no_font_can_print_never_stops_her_subject_access_pdf(
    services, tmp_path: Path, no_fallback_font
) -> None:
    # Korean (no bundled font has it) and an emoji newer than the bundled emoji font;
    # her Arabic surname prints (shaped: see test_every_script.py).
    email = "rtl@example.gov.uk"
    services.people.create(
        PersonInput(email=email, first_name="Layla", last_name="حداد 한가람", notes="مرحبا 🫶")
    )
    target = tmp_path / "rtl.pdf"
    rendered = render_subject_access(services.personal_data.subject_access(email), target)
    text = read_pdf(target).text
    # What prints is printed; the rest is marked, and the cover says what and where.
    assert "Layla حداد" in text and REPLACEMENT * 3 in text and "مرحبا" in text
    assert "emoji or symbol" in text and "CJK" in text and "could not be printed" in text
    assert "JSON export of the same request holds those characters exactly" in text
    # Listed once, on the cover (not again at the end).
    assert squash(text).count(squash("could not be printed with the report font (CJK)")) == 1
    assert rendered.warnings and not any("한가람" in w for w in rendered.warnings)


def test_a_chinese_name_prints_in_her_subject_access_pdf(
    services, tmp_path: Path, cjk_fallback_font
) -> None:
    email = "mei.ling@example.gov.uk"
    services.people.create(PersonInput(email=email, first_name="美玲", last_name="陈"))
    target = tmp_path / "cjk.pdf"
    rendered = render_subject_access(services.personal_data.subject_access(email), target)
    facts = read_pdf(target)
    assert "Everything held about 美玲 陈" in facts.text
    assert REPLACEMENT not in facts.text and rendered.warnings == ()
    assert facts.metadata["/Title"] == "Subject access: 美玲 陈"


def test_an_emoji_in_a_note_prints_as_a_marked_gap_and_the_cover_says_so(
    services, tmp_path: Path
) -> None:
    email = "emoji@example.gov.uk"
    services.people.create(
        PersonInput(email=email, first_name="Ada", last_name="Lovelace", notes="Great 🫶 start")
    )
    target = tmp_path / "emoji.pdf"
    rendered = render_subject_access(
        services.personal_data.subject_access(email), target, date(2026, 1, 5)
    )
    text = read_pdf(target).text
    assert rendered.warnings and "could not be printed" in text
    assert "JSON export of the same request holds those characters exactly" in text
    assert "Produced 5 January 2026" in text


def test_a_note_longer_than_a_page_flows_onto_the_next_pages_whole(
    demo_services, tmp_path: Path
) -> None:
    from women_in_ddat.domain.models import MentoringSession

    note = " ".join(f"w{i}" for i in range(2500))
    held = demo_services.personal_data.subject_access(ZOE)["tables"]["mentoring_session"]
    with demo_services.db.transaction() as session:
        session.get(MentoringSession, held[2]["id"]).note = note
    target = tmp_path / "long.pdf"
    render_subject_access(demo_services.personal_data.subject_access(ZOE), target)
    facts = read_pdf(target)
    header = tuple(field_label(c) for c in SECTIONS["mentoring_session"].columns)
    assert squash(note) in squash(body_text(facts, (header,)))
    assert len(facts.pages) >= 5


def test_a_page_break_never_parts_a_record_from_its_second_line(
    demo_services, tmp_path: Path
) -> None:
    target = tmp_path / "zoe.pdf"
    render_subject_access(demo_services.personal_data.subject_access(ZOE), target)
    facts = read_pdf(target)
    sessions_header = "\n".join(field_label(c) for c in SECTIONS["mentoring_session"].columns)
    continued = [
        page for page in facts.pages[1:] if sessions_header in page.split("Mentoring sessions")[-1]
    ]
    assert continued, "the demo's 13 sessions run over a page break"
    for page in continued:
        after = page.split(sessions_header, 1)[1].lstrip("\n")
        assert not after.startswith("Recorded:"), after[:80]
