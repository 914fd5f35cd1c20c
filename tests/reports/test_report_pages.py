"""Every report: A4, the programme's name, page x of y and the date on every page,
document information and bookmarks, and the content its reader needs."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reports.pdf_tools import is_a4
from women_in_ddat.reports.document import long_date
from women_in_ddat.reports.jobs import ReportKind
from women_in_ddat.services.report_data_gather import ReportDataService

ZOE = "zoe.hughes@essex.gov.uk"
KINDS = [
    ("person", ZOE, "Progress summary", "Zoë Hughes"),
    ("certificate", ZOE, "Certificate of completion", "Zoë Hughes"),
    ("cohort", "Top Talent Essex 2025", "Cohort summary", "Top Talent Essex 2025"),
    ("organisation", "Essex County Council", "Organisation report", "Essex County Council"),
]


@pytest.mark.parametrize(("kind", "scope", "label", "subject"), KINDS)
def test_every_page_carries_the_programme_page_numbers_and_date(
    demo_services, run_report, kind: str, scope: str, label: str, subject: str
) -> None:  # type: ignore[no-untyped-def]
    outcome, facts = run_report(demo_services, kind, scope)
    assert outcome.warnings == ()
    total = len(facts.pages)
    assert total >= 1
    assert all(is_a4(size) for size in facts.sizes)
    produced = f"Produced {long_date(date.today())}"
    for number, text in enumerate(facts.pages, start=1):
        lines = text.split("\n")
        if kind == "certificate":
            # A certificate is framed for the wall: no running header, page number or date.
            assert total == 1 and "Produced" not in text and "Page 1" not in text
            continue
        assert "Top Talent" in lines[:2]
        assert label in lines[:2]
        assert produced in lines
        assert f"Page {number} of" in [line.strip() for line in lines]
        assert str(total) in lines
    assert facts.metadata["/Title"] == f"{label}: {subject}"
    assert facts.metadata["/Author"] == "Top Talent programme team"
    assert facts.metadata["/Subject"]
    assert facts.language == "en-GB"
    assert facts.outline[0][0] == 0
    assert subject in facts.outline[0][1]
    assert all("DejaVuSans" in font for font in facts.fonts)
    assert facts.images == 0 and facts.annotations == 0


def test_the_progress_summary_holds_what_the_mentee_and_mentor_need(
    demo_services, run_report
) -> None:  # type: ignore[no-untyped-def]
    _, facts = run_report(demo_services, "person", ZOE)
    data = ReportDataService(demo_services.db, "t").person_progress(ZOE)
    assert len(facts.pages) <= 2  # a typical mentee fits two pages
    assert [title for _, title in facts.outline] == [
        "Zoë Hughes",
        "About",
        "Outcomes so far",
        "Goals agreed, and how far they were met",
        "What comes next",
        "Sessions and milestones",
        "Confidence and skills",
        "Events",  # the demo's kick-off, training days and celebration
    ]
    text = facts.text
    for expected in (
        "Essex County Council",
        data.job_title,
        data.current_mentor.name,
        data.cohort,
        "Lead a data project end to end.",
        f"{data.sessions.count}",
        "sessions held",
        "Baseline",
        "Mid-point",
        "End",
        "Promotion",
    ):
        assert expected in text, expected
    for milestone in data.milestones:
        assert milestone.title in text
    overdue = [
        m
        for m in data.milestones
        if m.status not in ("done", "not_applicable") and m.due_date and m.due_date < date.today()
    ]
    assert text.count("Overdue") == len(overdue)
    for series in data.confidence:
        assert series.label in text


def test_a_mentee_with_no_mentor_sessions_or_scores_still_gets_a_clear_summary(
    demo_services, run_report
) -> None:  # type: ignore[no-untyped-def]
    applicant = next(
        c.key
        for c in ReportDataService(demo_services.db, "t").mentee_choices()
        if "Thames Gateway" in c.detail
    )
    _, facts = run_report(demo_services, "person", applicant)
    for expected in (
        "Not matched yet",
        "No confidence or skills questionnaire has been completed yet.",
        "No outcomes recorded yet.",
        "none yet",
    ):
        assert expected in facts.text


def test_the_cohort_summary_reports_the_pipeline_and_names_no_mentee(
    demo_services, run_report
) -> None:  # type: ignore[no-untyped-def]
    _, facts = run_report(demo_services, "cohort", "Top Talent Essex 2025")
    cohort = ReportDataService(demo_services.db, "t").cohort_data("Top Talent Essex 2025")
    text = facts.text
    for heading in (
        "Pipeline",
        "Mentoring sessions",
        "Milestone completion",
        "Confidence change",
        "Outcomes",
        "By organisation",
    ):
        assert (1, heading) in facts.outline
    assert "Withdrawn" in text and "match rate" in text
    # Named only where she agreed to her quote being published with her name.
    quoted = {
        q.attribution.split(",")[0]
        for q in demo_services.questionnaires.publishable_quotes(
            [demo_services.cohorts.by_name("Top Talent Essex 2025").id]
        )
    }
    for mentee in cohort.mentees:
        if f"{mentee.first_name} {mentee.last_name}" not in quoted:
            assert mentee.last_name not in text
    for mentor in cohort.mentors:
        assert mentor.name not in text


def test_the_cohort_summary_suppresses_confidence_figures_for_fewer_than_five(
    demo_services, run_report
) -> None:  # type: ignore[no-untyped-def]
    # Thames Gateway has only applicants: nobody has paired answers.
    _, facts = run_report(demo_services, "cohort", "Top Talent Thames Gateway 2027")
    assert "fewer than 5 mentees so far" in facts.text
    assert "Higher" not in facts.text  # the paired table is not printed


def test_the_certificate_is_one_landscape_page(demo_services, run_report) -> None:  # type: ignore[no-untyped-def]
    _, facts = run_report(demo_services, "certificate", ZOE)
    assert len(facts.pages) == 1
    width, height = facts.sizes[0]
    assert width > height
    assert "Zoë Hughes" in facts.text and "This is to certify that" in facts.text
    assert "Top Talent Essex 2025" in facts.text


def test_the_organisation_report_describes_only_people_who_agreed(
    demo_services, run_report
) -> None:  # type: ignore[no-untyped-def]
    from women_in_ddat.services.people import PersonInput

    zoe = demo_services.people.by_email(ZOE)
    _, before = run_report(demo_services, "organisation", "Essex County Council", output=None)
    assert "Zoë Hughes" in before.text
    demo_services.people.update(zoe.id, PersonInput(consent_to_share_with_sponsor=False))
    _, after = run_report(demo_services, "organisation", "Essex County Council")
    assert "Zoë Hughes" not in after.text
    assert "did not agree to share" in after.text


def test_writing_a_report_is_recorded_in_the_audit_trail_without_personal_data(
    demo_services, run_report
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from women_in_ddat.domain.models import AuditEvent

    run_report(demo_services, "person", ZOE)
    with demo_services.db.reading() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "report")).all()
    assert [(e.entity, e.detail) for e in events] == [("participation", "progress summary")]
    assert "zoe" not in events[0].detail.lower()


@pytest.mark.parametrize("kind", [k for k in ReportKind if k is not ReportKind.PROGRAMME])
def test_a_report_for_something_unknown_is_a_clear_error_and_writes_nothing(
    demo_services, run_report, tmp_path, kind: ReportKind
) -> None:  # type: ignore[no-untyped-def]
    from women_in_ddat.errors import NotFound

    scope = "nobody@example.org" if kind in (ReportKind.PERSON, ReportKind.CERTIFICATE) else "Nope"
    with pytest.raises(NotFound) as caught:
        run_report(
            demo_services,
            kind,
            scope,
            output=tmp_path / "out" / "x.pdf" if kind is not ReportKind.BATCH else tmp_path / "out",
        )
    assert "nobody" not in caught.value.message
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
