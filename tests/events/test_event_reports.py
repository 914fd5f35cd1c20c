"""Events in the reports: the certificate waits for required events; summaries show attendance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from women_in_ddat.domain.enums import AttendanceStatus, Rsvp
from women_in_ddat.domain.models import AuditEvent
from women_in_ddat.errors import Conflict
from women_in_ddat.reports.jobs import ReportKind, ReportRequest, report_job
from women_in_ddat.services.events import DayPlan, EventInput
from women_in_ddat.services.jobs import NO_PROGRESS

SIAN = "sian.jones@kent.gov.uk"


def write(services, kind, scope, target, **options):  # type: ignore[no-untyped-def]
    request = ReportRequest(kind, scope, target, **options)
    return report_job(services.db, services.actor, request)(NO_PROGRESS)


def text_of(path) -> str:  # type: ignore[no-untyped-def]
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_the_certificate_waits_for_every_day_of_a_required_event(
    services, cohort, tmp_path
) -> None:
    services.events.invite(cohort.event_id, mentees=True)
    services.cohorts.complete_place(cohort.places["sian"], date(2027, 3, 31))
    first, second = services.events.day_ids(cohort.event_id, None)
    services.events.mark(
        cohort.event_id, [(cohort.people["sian"], first, AttendanceStatus.ATTENDED)]
    )
    target = tmp_path / "certificate.pdf"

    with pytest.raises(Conflict, match="1 required event"):
        write(services, ReportKind.CERTIFICATE, SIAN, target)
    assert not target.exists()

    # The coordinator overrides it: written, and the override is in the audit trail.
    write(services, ReportKind.CERTIFICATE, SIAN, target, override_missed_events=True)
    assert "Certificate of completion" in text_of(target)
    with services.db.reading() as session:
        details = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "report")
        ).all()
    assert details == ["certificate, coordinator's override: 1 required event not attended in full"]

    # Once she attended both days no override is needed, and none is noted.
    services.events.mark(
        cohort.event_id, [(cohort.people["sian"], second, AttendanceStatus.ATTENDED)]
    )
    write(services, ReportKind.CERTIFICATE, SIAN, tmp_path / "again.pdf")
    with services.db.reading() as session:
        last = session.scalars(select(AuditEvent.detail).order_by(AuditEvent.id.desc())).first()
    assert last == "certificate"


def test_progress_and_cohort_summaries_show_attendance(services, cohort, tmp_path) -> None:
    services.events.invite(cohort.event_id, mentees=True)
    first, second = services.events.day_ids(cohort.event_id, None)
    p = cohort.people
    services.events.mark(
        cohort.event_id,
        [
            (p["sian"], first, AttendanceStatus.ATTENDED),
            (p["sian"], second, AttendanceStatus.ATTENDED),
            (p["amy"], first, AttendanceStatus.ATTENDED),
        ],
    )
    person = tmp_path / "amy.pdf"
    write(services, ReportKind.PERSON, "amy.lee@kent.gov.uk", person)
    text = text_of(person)
    assert "Events" in text and "Top Talent training" in text and "1 of 2 days" in text
    assert "1 required event not yet attended in full" in text

    summary = tmp_path / "cohort.pdf"
    write(services, ReportKind.COHORT, "Essex 2026", summary)
    text = text_of(summary)
    assert "Events and attendance" in text
    # Three mentees invited, one (Siân) there both days: small groups, not counted out.
    assert "Top Talent training 24 Jun 2026 Required <5 <5 ([c])" in text


def test_an_event_to_come_is_not_reported_as_missed(services, cohort, tmp_path) -> None:
    soon = date.today() + timedelta(days=30)
    panel = services.events.plan(cohort.id, EventInput("Speaking panel", (DayPlan(soon),)))
    services.events.invite(panel.id, mentees=True)
    services.events.set_rsvp(panel.id, cohort.people["amy"], Rsvp.ACCEPTED)

    person = tmp_path / "amy.pdf"
    write(services, ReportKind.PERSON, "amy.lee@kent.gov.uk", person)
    text = text_of(person)
    assert "Speaking panel" in text and "to come (she is coming)" in text
    assert "not attended" not in text

    summary = tmp_path / "cohort.pdf"
    write(services, ReportKind.COHORT, "Essex 2026", summary)
    assert f"Speaking panel {soon.day} {soon:%b %Y} <5 to come" in text_of(summary)
