"""Who is still in the sector is known from follow-ups: with nobody heard from yet, the
reports say "not yet", never a percentage of nothing. Read back with pypdf."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from tests.reports.pdf_tools import body_text, squash
from women_in_ddat.domain.enums import OutcomeKind
from women_in_ddat.domain.models import Cohort, Outcome, Participation, Person
from women_in_ddat.services.outcomes_figures import add_months

ESSEX = "Top Talent Essex 2025"
KENT = "Top Talent Kent 2026"


def _retention_section(services, run_report) -> str:  # type: ignore[no-untyped-def]
    _, facts = run_report(services, "cohort", KENT)
    text = squash(body_text(facts))
    start = text.index(squash("Careers, retention and alumni"))
    return text[start : text.index(squash("By organisation"), start)]


def _essex_row(section: str) -> str:
    start = section.index(squash(ESSEX))
    return section[start : section.index(squash("Over mentees who took part"), start)]


def test_no_follow_up_yet_prints_not_yet(demo_services, run_report):
    """The demo: Kent under way, Essex ended in October: nobody asked yet."""
    section = _retention_section(demo_services, run_report)
    assert "100%" not in section
    assert section.count(squash("not yet")) >= 2


def test_a_follow_up_due_with_no_answers_is_not_yet_then_an_answer_shows_the_share(
    demo_services, run_report
):
    services = demo_services
    today = date.today()
    with services.db.transaction() as session:
        # Essex ended long enough ago for its first follow-up to be due; nothing about
        # its mentees has been recorded since.
        session.execute(
            update(Cohort).where(Cohort.name == ESSEX).values(end_date=add_months(today, -8))
        )
        session.execute(update(Outcome).values(created_at=datetime(2025, 1, 1, tzinfo=UTC)))
    section = _retention_section(services, run_report)
    assert "100%" not in _essex_row(section)
    assert squash("not yet") in _essex_row(section)
    with services.db.reading() as session:
        essex_id = session.scalar(select(Cohort.id).where(Cohort.name == ESSEX))
        person_id = session.scalar(
            select(Person.id)
            .join(Participation, Participation.person_id == Person.id)
            .where(
                Participation.cohort_id == essex_id,
                Participation.role == "mentee",
                Participation.status == "completed",
            )
        )
    # Heard from at the follow-up: the share is known.
    services.progress.record_outcome(
        person_id, OutcomeKind.SPEAKING_OR_VISIBILITY, today, cohort_id=essex_id
    )
    row = _essex_row(_retention_section(services, run_report))
    assert squash("not yet") not in row
    assert "%" in row
