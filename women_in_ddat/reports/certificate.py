"""A certificate of completion for a mentee (one landscape A4 page)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from women_in_ddat.reports.document import Heading, ReportMeta, unbroken_date
from women_in_ddat.reports.fonts import REGULAR
from women_in_ddat.reports.styles import RULE, styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.report_data import PersonProgress

KIND = "Certificate of completion"
# Space above a certificate's title: its content sits about the middle of the page.
CERT_TOP = 32 * mm


def certificate_page_meta(
    programme: str, kind: str, name: str, subject: str, produced: date
) -> ReportMeta:
    """A certificate's page, the mentee's or the mentor's: landscape, bordered, no running text."""
    return ReportMeta(
        programme=programme,
        kind=kind,
        title=f"{kind}: {name}",
        subject=subject,
        produced=produced,
        landscape=True,
        border=True,
        confidential=False,
        plain=True,
    )


def signature_lines(signed_on: date | None) -> Table:
    """The coordinator's signature line, and the date line beside it filled in."""
    s = styles()
    lines = Table(
        [
            ["", "", ""],
            [
                Paragraph("Programme coordinator", s.cert_sign),
                "",
                Paragraph(f"Date: {unbroken_date(signed_on)}", s.cert_sign),
            ],
        ],
        colWidths=[75 * mm, 30 * mm, 75 * mm],
        rowHeights=[16 * mm, None],
    )
    lines.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("LINEBELOW", (0, 0), (0, 0), 0.6, RULE),
            ("LINEBELOW", (2, 0), (2, 0), 0.6, RULE),
        ]
    )
    return lines


def certificate_meta(data: PersonProgress, guard: TextGuard, produced: date) -> ReportMeta:
    name = guard.check_name(data.display_name, "the mentee's name")
    programme = guard.clean(data.programme, "the programme's name")
    return certificate_page_meta(
        programme, KIND, name, f"Completion of the {programme} mentoring programme", produced
    )


def certificate_story(data: PersonProgress, guard: TextGuard, produced: date) -> list[Flowable]:
    s = styles()
    name = guard.check_name(data.display_name, "the mentee's name")
    programme = guard.name(data.programme, "the programme's name")
    cohort = guard.name(data.cohort, "the cohort's name")
    start, end = unbroken_date(data.cohort_start), unbroken_date(data.cohort_end)
    period = f", {start} to {end}" if start and end else ""
    mentor = data.current_mentor
    details = [f"{data.sessions.count} mentoring sessions"]
    if data.milestones_done:
        details.append(f"{data.milestones_done} milestones achieved")
    if mentor is not None:
        details.append("mentored by " + guard.name(mentor.name, "the mentor's name"))
    return [
        Spacer(1, CERT_TOP),
        Paragraph(programme, s.cert_kicker),
        Heading(escape(KIND), s.cert_title, f"{KIND}: {name}", 0),
        Paragraph("This is to certify that", s.cert_body),
        Paragraph(guard.name(data.display_name, "the mentee's name"), s.cert_name),
        Paragraph(
            f"has completed the {programme} mentoring programme as a mentee in {cohort}{period}.",
            s.cert_body,
        ),
        Paragraph(" · ".join(details), s.cert_small),
        Spacer(1, 14 * mm),
        # The day she completed, not the day this was printed.
        signature_lines(data.completed_on or produced),
    ]
