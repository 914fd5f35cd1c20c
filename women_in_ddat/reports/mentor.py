"""A mentor's report (what she gave and what her mentees achieved) and her certificate of
recognition (one landscape page, dated when her latest place ended)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from women_in_ddat.domain.enums import MatchStatus, OutcomeKind, ParticipationStatus
from women_in_ddat.domain.wording import counted, noun
from women_in_ddat.reports.blocks import grid, label_of, stat_strip
from women_in_ddat.reports.certificate import CERT_TOP, certificate_page_meta, signature_lines
from women_in_ddat.reports.document import Heading, ReportMeta, short_date
from women_in_ddat.reports.styles import styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.report_data_mentor import MentorRecord

REPORT_KIND = "Mentor report"
CERT_KIND = "Certificate of recognition"
CAREER = (OutcomeKind.PROMOTION.value, OutcomeKind.NEW_ROLE.value)


def mentor_meta(data: MentorRecord, guard: TextGuard, produced: date) -> ReportMeta:
    name = guard.check_name(data.name, "the mentor's name")
    return ReportMeta(
        programme=guard.clean(data.programme, "the programme's name"),
        kind=REPORT_KIND,
        title=f"{REPORT_KIND}: {name}",
        subject="What a mentor gave and what her mentees achieved",
        produced=produced,
    )


def mentor_story(data: MentorRecord, guard: TextGuard, produced: date) -> list[Flowable]:
    s = styles()
    width = 210 * mm - 36 * mm
    name = guard.name(data.name, "the mentor's name")
    achieved = Counter(k for m in data.mentees for k in {kind for kind, _ in m.outcomes})
    story: list[Flowable] = [
        Paragraph(name, s.title),
        Paragraph(
            " · ".join(
                x
                for x in (
                    guard.text(data.job_title, "a job title"),
                    guard.text(data.organisation, "an organisation"),
                )
                if x
            ),
            s.subtitle,
        ),
        Heading("What she gave", s.h1, "What she gave"),
        stat_strip(
            [
                (str(len(data.mentees)), noun(len(data.mentees), "mentee")),
                (str(data.sessions), noun(data.sessions, "session")),
                # As the rows below it: one decimal, so they add up.
                (f"{data.hours:.1f}", "hours of mentoring"),
                (
                    str(careers := sum(achieved[k] for k in CAREER)),
                    noun(careers, "promotion or new role", "promotions and new roles"),
                ),
            ],
            width,
        ),
        Spacer(1, 6),
        Heading("Her places as a mentor", s.h2, "Her places", 1),
        grid(
            ["Cohort", "From", "To", "Status"],
            [
                [
                    guard.text(p.cohort, "a cohort's name"),
                    short_date(p.cohort_start),
                    short_date(p.ended_on or p.cohort_end),
                    escape(label_of(ParticipationStatus, p.status)),
                ]
                for p in data.places
            ],
            [3, 1.2, 1.2, 1.2],
            width,
        ),
        Heading("Her mentees", s.h1, "Her mentees"),
    ]
    if not data.mentees:
        story.append(Paragraph("No mentee has been matched with her yet.", s.body))
    else:
        rows = []
        for m in data.mentees:
            who = (
                guard.name(m.name, "a mentee's name")
                if m.name
                else "A mentee (her name is not shared)"
            )
            outcomes = ", ".join(
                f"{escape(label_of(OutcomeKind, kind))} {short_date(day)}"
                for kind, day in m.outcomes
            )
            rows.append(
                [
                    who,
                    guard.text(m.cohort, "a cohort's name"),
                    escape(label_of(MatchStatus, m.match_status)),
                    str(m.sessions),
                    f"{m.minutes / 60:.1f}",
                    outcomes or "–",
                ]
            )
        story.append(
            grid(
                ["Mentee", "Cohort", "Match", "Sessions", "Hours", "What followed"],
                rows,
                [2.2, 2, 1.1, 0.9, 0.8, 2.6],
                width,
            )
        )
        story.append(
            Paragraph(
                "A mentee is named only if she agreed to share her progress; what followed "
                "counts outcomes credited to her cohort, or dated after it started.",
                s.body,
            )
        )
    return story


def mentor_certificate_meta(data: MentorRecord, guard: TextGuard, produced: date) -> ReportMeta:
    name = guard.check_name(data.name, "the mentor's name")
    programme = guard.clean(data.programme, "the programme's name")
    return certificate_page_meta(
        programme, CERT_KIND, name, "Recognition of a mentor's time", produced
    )


def mentor_certificate_story(
    data: MentorRecord, guard: TextGuard, produced: date
) -> list[Flowable]:
    s = styles()
    name = guard.check_name(data.name, "the mentor's name")
    programme = guard.name(data.programme, "the programme's name")
    cohorts = ", ".join(guard.name(p.cohort, "a cohort's name") for p in data.completed_places)
    return [
        Spacer(1, CERT_TOP),
        Paragraph(programme, s.cert_kicker),
        Heading(escape(CERT_KIND), s.cert_title, f"{CERT_KIND}: {name}", 0),
        Paragraph("With thanks to", s.cert_body),
        Paragraph(guard.name(data.name, "the mentor's name"), s.cert_name),
        Paragraph(
            f"for giving her time as a mentor in the {programme} programme ({cohorts}).",
            s.cert_body,
        ),
        # What she gave, when she was matched: "0 mentees · 0 sessions" thanks no one.
        *(
            [
                Paragraph(
                    " · ".join(
                        (
                            counted(len(data.mentees), "mentee"),
                            counted(data.sessions, "session"),
                            f"{data.hours:.0f} hours of mentoring",
                        )
                    ),
                    s.cert_small,
                )
            ]
            if data.mentees
            else []
        ),
        Spacer(1, 14 * mm),
        signature_lines(data.recognised_on),
    ]
