"""The cohort summary for the programme board.

Pipeline, match rate, sessions, milestone completion by milestone, risks,
confidence change (paired, person by person) with a chart, outcomes,
participants' feedback, and a table per organisation, beside earlier cohorts.
Every count of people goes through one suppression grid (reports.cohort_counts):
no group of 1 to 4 is shown, nor can one be worked out by subtraction. No mentee
is named, but for a quote she agreed to publish with her name: the board sees
the cohort, not the people.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from women_in_ddat.domain.enums import CohortStatus, OutcomeKind
from women_in_ddat.domain.wording import counted, noun
from women_in_ddat.reports.blocks import grid, label_of, number, stat_strip
from women_in_ddat.reports.charts import (
    CONFIDENCE_SHORT,
    chart_description,
    describe_bars,
    grouped_bars,
)
from women_in_ddat.reports.cohort_counts import CohortCounts
from women_in_ddat.reports.document import Heading, ReportMeta, short_date
from women_in_ddat.reports.event_blocks import cohort_events_block
from women_in_ddat.reports.person import FRAME_WIDTH
from women_in_ddat.reports.styles import styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.outcomes_figures import FOLLOW_UP_MONTHS
from women_in_ddat.services.programme_report_suppression import (
    HIDDEN_TEXT,
    SUPPRESSION_NOTE,
    hidden_text,
    is_small,
)
from women_in_ddat.services.report_data import CohortData
from women_in_ddat.services.report_data_figures import (
    FEWER_THAN,
    SMALL_GROUP,
    PairedChange,
    paired_confidence,
    paired_people,
)

KIND = "Cohort summary"
# Always listed, even at zero: the board asks about these three.
HEADLINE_OUTCOMES = (OutcomeKind.PROMOTION, OutcomeKind.NEW_ROLE, OutcomeKind.BECAME_MENTOR)


def cohort_meta(data: CohortData, guard: TextGuard, produced: date) -> ReportMeta:
    name = guard.check_name(data.cohort.name, "the cohort's name")
    return ReportMeta(
        programme=guard.clean(data.cohort.programme, "the programme's name"),
        kind=KIND,
        title=f"{KIND}: {name}",
        subject=f"Pipeline, progress and outcomes of {name}",
        produced=produced,
    )


def _share_text(count: int, of: int) -> str:
    """``count`` of ``of`` as a percentage; hidden when it or the rest is a small group."""
    if not of:
        return "–"
    if is_small(count) or is_small(of - count) or is_small(of):
        return HIDDEN_TEXT
    return f"{count / of:.0%}"


def _figures_row(guard: TextGuard, f: Any) -> list[str]:
    median = f.time_to_promotion.median_months
    return [
        guard.text(f.cohort, "a cohort's name"),
        escape(hidden_text(f.took_part)) if is_small(f.took_part) else str(f.took_part),
        _share_text(f.promoted.count, f.took_part),
        f"{median:.1f}" if median is not None and f.promoted.count >= SMALL_GROUP else "–",
        # Nobody heard from at a follow-up: unknown, never "100%" of nothing.
        _share_text(f.retained_in_sector.count, f.took_part) if f.sector_known else "not yet",
        _share_text(f.became_mentors.count, f.took_part),
    ]


def cohort_story(data: CohortData, guard: TextGuard, produced: date) -> list[Flowable]:
    s = styles()
    width = FRAME_WIDTH
    header = data.cohort
    name = guard.check_name(header.name, "the cohort's name")
    programme = guard.name(header.programme, "the programme's name")
    dates = " – ".join(x for x in (short_date(header.start_date), short_date(header.end_date)) if x)
    place = guard.text(header.place, "the cohort's place")
    about = ", ".join(x for x in (programme, place, dates) if x)
    story: list[Flowable] = [
        Heading(guard.name(header.name, "the cohort's name"), s.title, name, 0),
        Paragraph(
            f"{KIND} · {about} · {escape(label_of(CohortStatus, header.status).lower())}",
            s.subtitle,
        ),
    ]

    def section(title: str) -> Heading:
        return Heading(escape(title), s.h1, title, 1)

    mentees = list(data.mentees)
    confidence = [c for c in paired_confidence(mentees) if c.shown]
    counts = CohortCounts(data, produced, confidence)
    totals = counts.sessions
    story += [
        section("Pipeline"),
        stat_strip(
            [
                (counts.text("mentees"), "mentees"),
                (counts.text("mentors"), "mentors"),
                (counts.text("matched"), "matched"),
                (counts.share("matched", "decided"), "match rate"),
                (str(totals.sessions), noun(totals.sessions, "session held", "sessions held")),
            ],
            width,
        ),
        Spacer(1, 6),
        grid(
            ["Stage", "Mentees", "Share"],
            [
                [escape(stage), counts.cell(key), counts.share(key, "mentees")]
                for stage, key in (
                    ("Applied, awaiting a decision", "applied"),
                    ("Accepted, not started", "accepted"),
                    ("Matched with a mentor (at any time)", "matched"),
                    ("Active", "active"),
                    ("Completed", "completed"),
                    ("Withdrawn", "withdrawn"),
                )
            ],
            [6, 1.5, 1.5],
            width * 0.7,
        ),
        Paragraph(
            "The match rate is the share of mentees past the application stage who have "
            "been matched with a mentor. " + SUPPRESSION_NOTE,
            s.note,
        ),
    ]

    story += [
        section("Mentoring sessions"),
        Paragraph(
            f"{totals.sessions} sessions ({totals.hours:.1f} hours) were held with "
            f"{counts.cell('with_sessions')} mentees"
            + (
                f", an average of {totals.per_mentee():.1f} sessions each"
                if totals.per_mentee() is not None
                else ""
            )
            + (f"; the last on {short_date(totals.last_held)}." if totals.last_held else "."),
            s.body,
        ),
    ]

    if any(m.events for m in mentees):
        story += [
            section("Events and attendance"),
            *cohort_events_block(mentees, guard, width, produced),
        ]

    completion = counts.completion
    story.append(section("Milestone completion"))
    if completion:
        story.append(
            grid(
                ["Milestone", "Mentees", "Done", "Done %", "Overdue", "Not applicable"],
                [
                    [
                        guard.text(m.title, "a milestone title")
                        + ("" if m.required else " <font color='#5A5A66'>(optional)</font>"),
                        counts.cell((("milestone", m.title), "expected")),
                        counts.cell((("milestone", m.title), "done")),
                        counts.share(
                            (("milestone", m.title), "done"), (("milestone", m.title), "expected")
                        ),
                        counts.cell((("milestone", m.title), "overdue")),
                        counts.cell((("milestone", m.title), "not_applicable")),
                    ]
                    for m in completion
                ],
                [4.2, 1.1, 1, 1, 1.1, 1.4],
                width,
            )
        )
        story.append(
            Paragraph(
                "Mentees counts the milestones still to do or done of mentees taking part; "
                "withdrawn mentees, and milestones closed or not applicable, are left out. "
                "A milestone waiting for a match to start is never overdue.",
                s.note,
            )
        )
    else:
        story.append(Paragraph("No milestones have been set for this cohort.", s.body))

    story += [
        section("Matches at risk"),
        grid(
            ["Risk", "Mentees"],
            [
                [label, counts.cell(key)]
                for label, key in (
                    ("Match on hold", ("risk", "on_hold")),
                    ("Match ended early, not yet re-matched", ("risk", "ended_early")),
                    ("Match ended early, re-matched with a new mentor", ("risk", "rematched")),
                    ("Taking part, never matched", ("risk", "not_matched")),
                    ("Withdrew from the cohort", "withdrawn"),
                )
            ],
            [6, 1.5],
            width * 0.7,
        ),
    ]

    story.append(
        KeepTogether([section("Confidence change"), *_confidence(data, width, counts, confidence)])
    )

    outcomes = counts.outcomes
    kinds = list(HEADLINE_OUTCOMES) + [
        k for k in OutcomeKind if k not in HEADLINE_OUTCOMES and outcomes[k.value]
    ]
    story += [
        section("Outcomes"),
        grid(
            ["Outcome", "Count"],
            [
                [
                    escape(k.label),
                    counts.cell(("outcome", k.value)) if k.value in outcomes else "0",
                ]
                for k in kinds
            ],
            [5, 2],
            width * 0.55,
        ),
        Paragraph(
            "Outcomes credited to this cohort, and those recorded without a cohort since it began.",
            s.note,
        ),
    ]

    story += [section("Participants' feedback"), *_feedback(data, guard, width)]

    if data.outcome_figures:
        story += [
            section("Careers, retention and alumni, beside earlier cohorts"),
            grid(
                [
                    "Cohort",
                    "Took part",
                    "Promoted",
                    "Median months to promotion",
                    "Still in the sector",
                    "Became mentors",
                ],
                [_figures_row(guard, f) for f in data.outcome_figures],
                [3, 1.2, 1.4, 1.6, 1.5, 1.5],
                width,
            ),
            Paragraph(
                "Over mentees who took part (active or completed). A share is shown as "
                f"“{HIDDEN_TEXT}” where it, or the rest of the cohort, is fewer than "
                f"{SMALL_GROUP} people; a median needs at least {SMALL_GROUP} promotions. "
                "“Still in the sector” is “not yet” until mentees are heard from at the first "
                f"follow-up, {FOLLOW_UP_MONTHS[0]} months after the cohort ends.",
                s.note,
            ),
        ]

    rows = counts.organisations
    story.append(section("By organisation"))
    if rows:
        story.append(
            grid(
                [
                    "Organisation",
                    "Mentees",
                    "Mentors",
                    "Matched",
                    "Active",
                    "Completed",
                    "Withdrawn",
                    "Sessions",
                ],
                [
                    [
                        guard.name(r.organisation, "an organisation's name")
                        if r.organisation
                        else "<i>No organisation recorded</i>",
                        *(
                            counts.cell((("organisation", r.organisation), column))
                            for column in (
                                "mentees",
                                "mentors",
                                "matched",
                                "active",
                                "completed",
                                "withdrawn",
                            )
                        ),
                        # Her sessions, were she named by her organisation's count of one.
                        HIDDEN_TEXT if counts.organisation_detail_hidden(r) else str(r.sessions),
                    ]
                    for r in rows
                ],
                [3.6, 1, 1, 1, 0.9, 1.2, 1.2, 1],
                width,
            )
        )
        story.append(
            Paragraph(
                SUPPRESSION_NOTE + " An organisation's sessions are hidden with its count of "
                f"mentees when it is fewer than {SMALL_GROUP}.",
                s.note,
            )
        )
    else:
        story.append(Paragraph("No one has joined this cohort yet.", s.body))
    return story


def _feedback(data: CohortData, guard: TextGuard, width: float) -> list[Flowable]:
    """Satisfaction and recommendation over enough people; the quotes each agreed to publish."""
    s = styles()
    summary = data.feedback
    flow: list[Flowable] = []
    if summary is None or not summary.responses:
        flow.append(
            Paragraph(
                "No feedback has come back yet: it is asked at the mid-point and the end.", s.body
            )
        )
    elif summary.responses < SMALL_GROUP:
        flow.append(
            Paragraph(
                f"Feedback from {FEWER_THAN} people so far: too few to report without "
                "revealing individual answers.",
                s.body,
            )
        )
    else:
        mean = summary.mean_satisfaction
        nps = summary.nps
        flow += [
            stat_strip(
                [
                    (str(summary.responses), "people gave feedback"),
                    (f"{mean:.1f}" if mean is not None else "–", "mean satisfaction (1-5)"),
                    (f"{nps:+.0f}" if nps is not None else "–", "Net Promoter Score"),
                ],
                width,
            ),
            Paragraph(
                "Each person counted once, at her latest answer (end, else mid-point). Net "
                "Promoter Score: the share who would recommend the programme at 9 or 10 out of "
                "10, less the share at 0 to 6.",
                s.note,
            ),
        ]
    for quote in data.quotes:
        text = guard.text(quote.text, "a participant's quote")
        who = guard.text(quote.attribution, "a quote's attribution")
        flow.append(Paragraph(f"“{text}” – {who}", s.body))
    if data.quotes:
        flow.append(
            Paragraph(
                "Quotes are printed only as each person agreed (with her name, her role, or "
                "anonymously), with a dated consent she has not withdrawn.",
                s.note,
            )
        )
    return flow


def _confidence(
    data: CohortData, width: float, counts: CohortCounts, changes: list[PairedChange]
) -> list[Flowable]:
    s = styles()
    mentees = list(data.mentees)
    people = paired_people(mentees)
    intro = Paragraph(
        "Paired, person by person: each mentee's baseline answer against her own latest "
        "answer (end of the cohort, else mid-point), for mentees who answered both. "
        "Scores run from 1 (low) to 5 (high).",
        s.body,
    )
    if people < SMALL_GROUP:
        return [
            intro,
            Paragraph(
                f"Paired answers: fewer than {SMALL_GROUP} mentees so far, too few to report without "
                "revealing individual answers.",
                s.body,
            ),
        ]
    hidden = len(paired_confidence(mentees)) - len(changes)
    categories = [CONFIDENCE_SHORT.get(c.item, c.item) for c in changes]
    series: list[tuple[str, list[float | None]]] = [
        ("Baseline (mean)", [c.baseline_mean for c in changes]),
        ("Latest (mean)", [c.latest_mean for c in changes]),
    ]
    flow: list[Flowable] = [
        intro,
        grid(
            ["Statement", "People", "Baseline", "Latest", "Change", "Higher", "Same", "Lower"],
            [
                [
                    escape(c.label),
                    str(c.people),
                    number(c.baseline_mean),
                    number(c.latest_mean),
                    f"{c.change:+.1f}",
                    *(
                        counts.cell((("confidence", c.item), part))
                        for part in ("improved", "same", "lower")
                    ),
                ]
                for c in changes
            ],
            [5.2, 1, 1.1, 1, 1, 1, 0.9, 0.9],
            width,
        ),
        Spacer(1, 4),
        grouped_bars(
            categories,
            series,
            value_max=5,
            width=width * 0.7,
            height=152,
            category_title="Confidence statement",
        ),
        chart_description(
            describe_bars(
                f"Bar chart of the mean confidence of the {people} mentees who answered at "
                "baseline and later",
                categories,
                series,
                "a scale of 1 (low) to 5 (high)",
            )
        ),
    ]
    if hidden:
        flow.append(
            Paragraph(
                f"{counted(hidden, 'statement')} with paired answers from fewer than "
                f"{SMALL_GROUP} mentees {'is' if hidden == 1 else 'are'} not shown.",
                s.note,
            )
        )
    return flow
