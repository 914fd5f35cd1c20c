"""Training-day attendance, satisfaction and quotes, read back from the programme report
(xlsx, docx, PDF) and the sponsor report: figures from the registers and the feedback;
a quote only with its dated consent to publication, never after it was withdrawn."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from tests.reports.pdf_tools import read_pdf
from women_in_ddat.cli.main import main
from women_in_ddat.domain.enums import AttendanceStatus
from women_in_ddat.domain.models import Cohort, Feedback, Participation, Person
from women_in_ddat.services.context import Services
from women_in_ddat.services.events import EventInput, days_between

pytestmark = pytest.mark.usefixtures("db_path")

ESSEX = "Top Talent Essex 2025"
QUOTES = {
    # email: (quote, consent, consent date, withdrawn on)
    "zoe.hughes@essex.gov.uk": ("It gave me the nerve to apply.", "name", date(2026, 10, 20), None),
    "grace.okafor@essex.gov.uk": ("Private words, not for print.", "none", None, None),
    "priya.sharma@suffolk.gov.uk": ("My mentor opened doors.", "role", date(2026, 10, 21), None),
    "olga.petrenko@hertfordshire.gov.uk": (
        "Withdrawn words.",
        "name",
        date(2026, 10, 22),
        date(2026, 11, 1),
    ),
}
SATISFACTION = (5, 4, 4, 5, 3, 4)  # six of Essex's mentees at the end: mean 4.2


@pytest.fixture
def recorded(demo_db_path: Path) -> Path:
    """Essex 2025 with a two-day training event (every mentee invited; all there on the
    first day, six on the second) and end-of-programme feedback with quotes."""
    services = Services.open(str(demo_db_path), actor="tester")
    try:
        with services.db.reading() as session:
            places = session.execute(
                select(Participation.id, Person.id, Person.email)
                .join(Person, Person.id == Participation.person_id)
                .join(Cohort, Cohort.id == Participation.cohort_id)
                .where(
                    Cohort.name == ESSEX,
                    Participation.role == "mentee",
                    Participation.status == "completed",
                )
                .order_by(Person.email)
            ).all()
            cohort_id = session.scalar(select(Cohort.id).where(Cohort.name == ESSEX))
        # The demo's own events are cancelled (left out of every count): the figures
        # below are this register's alone.
        for planned in services.events.events():
            services.events.cancel(planned.id)
        event = services.events.plan(
            cohort_id,
            EventInput(
                title="Leadership training",
                days=days_between(date(2025, 11, 17), date(2025, 11, 18)),
                venue="County Hall",
            ),
        )
        services.events.invite(event.id, person_ids=[p for _, p, _ in places])
        first, second = services.events.day_ids(event.id, None)
        marks = [(p, first, AttendanceStatus.ATTENDED) for _, p, _ in places]
        marks += [
            (p, second, AttendanceStatus.ATTENDED if i < 6 else AttendanceStatus.ABSENT)
            for i, (_, p, _) in enumerate(places)
        ]
        services.events.mark(event.id, marks)
        with services.db.transaction() as session:
            # The demo's own feedback goes too: the figures below are these answers' alone.
            session.execute(delete(Feedback))
            for i, (part_id, _, email) in enumerate(places):
                quote, consent, on, withdrawn = QUOTES.get(email, ("", "none", None, None))
                session.add(
                    Feedback(
                        participation_id=part_id,
                        point="end",
                        role="mentee",
                        satisfaction=SATISFACTION[i] if i < len(SATISFACTION) else None,
                        quote=quote,
                        quote_consent=consent,
                        consent_on=on,
                        consent_withdrawn_on=withdrawn,
                    )
                )
        assert len(places) == 9
    finally:
        services.close()
    return demo_db_path


def _run(db: Path, *args: str) -> None:
    assert main(["--db", str(db), *args]) == 0


def test_programme_report_reads_attendance_and_satisfaction_from_the_records(recorded, tmp_path):
    import openpyxl

    _run(recorded, "report", "programme", "-o", str(tmp_path / "p.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["cohort_development"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    essex = next(r for r in rows if r[0] == ESSEX)
    # 9 women x 2 days held; 9 + 6 attended.
    assert essex[header.index("Training attendance")] == pytest.approx(15 / 18, abs=1e-3)
    assert essex[header.index("Satisfaction")] == pytest.approx(sum(SATISFACTION) / 6, abs=0.05)
    kent = next(r for r in rows if r[0] == "Top Talent Kent 2026")
    assert kent[header.index("Training attendance")] == "not recorded"


def test_only_quotes_with_a_dated_consent_still_given_are_printed(recorded, tmp_path):
    import docx

    _run(recorded, "report", "programme", "-o", str(tmp_path / "p.pdf"))
    _run(recorded, "report", "programme", "-o", str(tmp_path / "p.docx"))
    pdf = " ".join(read_pdf(tmp_path / "p.pdf").text.split())
    document = docx.Document(str(tmp_path / "p.docx"))
    word = " ".join(p.text for p in document.paragraphs)
    for text in (pdf, word):
        assert "“It gave me the nerve to apply.” – Zoë Hughes, Associate data analyst" in text
        assert "(consent to publish given 20 October 2026)" in text
        # Her role only, as she chose: her name is not beside it.
        assert "“My mentor opened doors.” – Senior data analyst, a mentee" in text or (
            "“My mentor opened doors.” –" in text and "Priya" not in text
        )
        assert "Private words" not in text  # no consent
        assert "Withdrawn words" not in text  # consent withdrawn


def test_the_sponsor_report_shows_its_peoples_attendance_and_consented_quotes(recorded, tmp_path):
    _run(recorded, "report", "organisation", "Essex County Council", "-o", str(tmp_path / "e.pdf"))
    text = " ".join(read_pdf(tmp_path / "e.pdf").text.split())
    got = text[text.index("What your organisation got") : text.index("Next steps")]
    # Essex's mentees in Essex 2025: Grace there both days, Zoë (after the first six by
    # email) on the first only.
    assert "Training days: your mentees attended 3 of the 4 days" in got
    assert "(75%)" in got
    words = text[text.index("In their words") :]
    assert "“It gave me the nerve to apply.” – Zoë Hughes, Associate data analyst" in words
    assert "Private words" not in text
    # Another council's quote is not this sponsor's to read.
    assert "My mentor opened doors" not in text
