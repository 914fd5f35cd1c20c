"""The organisation report for a sponsor: its people across cohorts and their progress.

Only people who agreed to share their progress with their sponsor are
described; the others are counted in one sentence and never named.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from women_in_ddat.domain.enums import OutcomeKind, ParticipationStatus
from women_in_ddat.domain.wording import counted, noun
from women_in_ddat.reports.blocks import grid, label_of, number, stat_strip
from women_in_ddat.reports.document import Heading, ReportMeta, short_date, unbroken_date
from women_in_ddat.reports.person import (
    FRAME_WIDTH,
    STILL_TO_DO_VALUES,
    mentor_markup,
    role_text,
)
from women_in_ddat.reports.styles import styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.report_data import MentorLine, OrganisationData, PersonProgress
from women_in_ddat.services.report_data_figures import SMALL_GROUP

KIND = "Organisation report"


def organisation_meta(data: OrganisationData, guard: TextGuard, produced: date) -> ReportMeta:
    name = guard.check_name(data.name, "the organisation's name")
    programmes = [guard.clean(p, "the programme's name") for p in data.programmes]
    return ReportMeta(
        programme=" / ".join(programmes) or "Mentoring programme",
        kind=KIND,
        title=f"{KIND}: {name}",
        subject=f"Mentoring progress of people from {name}",
        produced=produced,
    )


def _confidence_text(m: PersonProgress) -> str:
    base = m.mean_confidence("baseline")
    latest = m.mean_confidence("end")
    if latest is None:
        latest = m.mean_confidence("mid")
    if base is None:
        return "–"
    if latest is None:
        return f"{number(base)} at baseline"
    return f"{number(base)} → {number(latest)}"


def _change(change: Any) -> str:
    if change is None or not change.people or change.mean_change is None:
        return "not measured yet"
    people = "person" if change.people == 1 else "people"
    return f"{change.mean_change:+.1f} on a 1 to 5 scale ({change.people} {people})"


def _programme_change(data: OrganisationData) -> str:
    """The whole programme's change, unless it would reveal, by subtraction from ours,
    the answers of 1 to 4 people outside this organisation."""
    ours, everyone = data.confidence, data.programme_confidence
    others = (everyone.people if everyone else 0) - (ours.people if ours else 0)
    if 0 < others < SMALL_GROUP:
        return "not shown (it would reveal the answers of the few people outside your organisation)"
    return _change(everyone)


def _attendance(data: OrganisationData, produced: date) -> str:
    """Training days attended by her mentees, over the days of events held by ``produced``."""
    # An event under way counts only its days held so far: tomorrow's is not yet missed.
    held = [e for m in data.mentees for e in m.events if e.invited and e.days_held(produced)]
    if not held:
        return "Training days: no attendance is recorded for your mentees yet."
    days = sum(e.days_held(produced) for e in held)
    attended = sum(e.days_attended_held(produced) for e in held)
    return (
        f"Training days: your mentees attended <b>{attended} of the {days}</b> days of "
        f"training events they were invited to ({round(100 * attended / days)}%)."
    )


def _started_matches(m: PersonProgress) -> tuple[MentorLine | None, list[MentorLine]]:
    """Her mentor and earlier ones as her sponsor may read them: only matches that began.

    A proposal not yet started (or ended before it started) names no one to her sponsor.
    """
    current = m.current_mentor
    return (
        current if current is not None and current.started else None,
        [e for e in m.earlier_mentors if e.started],
    )


def _what_you_got(data: OrganisationData, guard: TextGuard, produced: date) -> list[Flowable]:
    """The sponsor's question first: what did our council get from the programme?"""
    s = styles()
    received = sum(m.sessions.minutes for m in data.mentees) / 60
    given = sum(m.sessions.minutes for m in data.mentors) / 60
    careers = [
        m
        for m in data.mentees
        if any(
            o.kind in (OutcomeKind.PROMOTION.value, OutcomeKind.NEW_ROLE.value) for o in m.outcomes
        )
    ]
    lines = [
        f"Your mentees received <b>{received:.0f} hours</b> of mentoring; "
        + (
            f"your mentors gave <b>{given:.0f} hours</b> to mentees across the programme."
            if data.mentors
            else "none of your staff mentors in the programme yet."
        ),
        f"<b>{len(careers)}</b> of your mentees went on to a promotion or a new role.",
        f"Confidence: your people {_change(data.confidence)}; the whole programme "
        f"{_programme_change(data)}.",
        _attendance(data, produced),
    ]
    return [
        Heading("What your organisation got", s.h1, "What your organisation got", 1),
        *(Paragraph(line, s.body) for line in lines),
        *_next_steps(data, guard),
        *_quotes(data, guard),
    ]


def _next_steps(data: OrganisationData, guard: TextGuard) -> list[Flowable]:
    """Who is still in progress, and what each does next (her next milestone)."""
    s = styles()
    running = [
        m
        for m in data.mentees
        if m.status in (ParticipationStatus.ACTIVE.value, ParticipationStatus.ACCEPTED.value)
    ]
    story: list[Flowable] = [Heading("Next steps", s.h2, "Next steps", 2)]
    if not running:
        story.append(Paragraph("No one from your organisation is in a cohort now.", s.body))
        return story
    rows = []
    for m in running:
        coming = sorted(
            (x for x in m.milestones if x.state in STILL_TO_DO_VALUES),
            key=lambda x: (x.due_date or date.max, x.title),
        )
        if coming:
            step = guard.text(coming[0].title, "a milestone") + (
                f", due {short_date(coming[0].due_date)}"
                if coming[0].due_date
                else ", once she is matched"
            )
        else:
            step = "Every milestone set for her is done"
        rows.append(
            [
                guard.name(m.display_name, "a mentee's name"),
                guard.name(m.cohort, "the cohort's name"),
                escape(label_of(ParticipationStatus, m.status)),
                step,
                short_date(m.cohort_end),
            ]
        )
    story.append(
        grid(
            ["Still in progress", "Cohort", "Status", "Next", "Cohort ends"],
            rows,
            [2.2, 2.4, 1.1, 3.6, 1.3],
            FRAME_WIDTH,
            bold_first=True,
        )
    )
    return story


def _quotes(data: OrganisationData, guard: TextGuard) -> list[Flowable]:
    """Your people in their own words: only quotes they consented to publish, dated."""
    s = styles()
    story: list[Flowable] = [Heading("In their words", s.h2, "In their words", 2)]
    if not data.quotes:
        story.append(
            Paragraph(
                "No quote from your people may be printed: a quote is shown only where she "
                "consented to its publication.",
                s.body,
            )
        )
        return story
    for q in data.quotes:
        story.append(
            Paragraph(
                f"“{guard.text(q.text, 'a quote')}” – {guard.name(q.name, 'a name')} "
                f"<font color='#5A5A66'>(consent to publish given "
                f"{unbroken_date(q.consent_given_on)})</font>",
                s.body,
            )
        )
    return story


def organisation_story(data: OrganisationData, guard: TextGuard, produced: date) -> list[Flowable]:
    s = styles()
    width = FRAME_WIDTH
    name = guard.check_name(data.name, "the organisation's name")
    name_markup = guard.name(data.name, "the organisation's name")
    story: list[Flowable] = [
        Heading(name_markup, s.title, name, 0),
        Paragraph(f"{KIND} for the sponsor · produced {short_date(produced)}", s.subtitle),
    ]
    people = {m.person_id for m in data.mentees} | {m.person_id for m in data.mentors}
    intro = (
        f"This report covers the {len(people)} "
        + ("person" if len(people) == 1 else "people")
        + f" from {name_markup} who took part in the programme and agreed to share their "
        "progress with their sponsor."
    )
    if data.withheld:
        intro += (
            f" {counted(data.withheld, 'further place')} in a cohort "
            f"{'is' if data.withheld == 1 else 'are'} not described because the "
            f"{noun(data.withheld, 'person', 'people')} did not agree to share."
        )
    completed = sum(1 for m in data.mentees if m.status == ParticipationStatus.COMPLETED.value)
    outcomes = _outcome_rows(data, guard)
    story += [
        Paragraph(intro, s.body),
        stat_strip(
            [
                (str(len(data.mentees)), noun(len(data.mentees), "mentee place")),
                (str(len(data.mentors)), noun(len(data.mentors), "mentor place")),
                (str(completed), "completed"),
                (str(len(outcomes)), noun(len(outcomes), "outcome recorded", "outcomes recorded")),
            ],
            width,
        ),
    ]
    if not people:
        story.append(Paragraph("There is no one to report on yet.", s.body))
        return story
    story += _what_you_got(data, guard, produced)

    cohorts: dict[str, list[PersonProgress]] = defaultdict(list)
    for m in data.mentees:
        cohorts[m.cohort].append(m)
    mentor_cohorts = defaultdict(list)
    for mentor in data.mentors:
        mentor_cohorts[mentor.cohort].append(mentor)
    order = sorted(set(cohorts) | set(mentor_cohorts), key=lambda c: _cohort_start(data, c))
    for cohort in order:
        title = guard.check_name(cohort, "the cohort's name")
        story.append(Heading(guard.name(cohort, "the cohort's name"), s.h1, title, 1))
        mentees = cohorts.get(cohort, [])
        if mentees:
            story.append(Paragraph("Mentees", s.h2))
            story.append(
                grid(
                    [
                        "Name",
                        "Aiming for",
                        "Status",
                        "Mentor",
                        "Milestones",
                        "Sessions",
                        "Confidence",
                    ],
                    [
                        [
                            guard.name(m.display_name, "a mentee's name"),
                            role_text(guard, m.target_role_family, m.target_role, m.target_level),
                            escape(label_of(ParticipationStatus, m.status)),
                            mentor_markup(
                                guard,
                                *_started_matches(m),
                                detail=False,
                                ended=m.status == ParticipationStatus.WITHDRAWN.value,
                            ),
                            f"{m.milestones_done} of {m.milestones_counted}",
                            str(m.sessions.count),
                            _confidence_text(m),
                        ]
                        for m in mentees
                    ],
                    [2.0, 2.2, 1.2, 2.8, 1.2, 1, 1.4],
                    width,
                    bold_first=True,
                )
            )
        mentors = mentor_cohorts.get(cohort, [])
        if mentors:
            story.append(Paragraph("Mentors", s.h2))
            story.append(
                grid(
                    ["Name", "Job title", "Status", "Mentees", "Sessions", "Hours"],
                    [
                        [
                            guard.name(m.name, "a mentor's name"),
                            guard.text(m.job_title, "a job title"),
                            escape(label_of(ParticipationStatus, m.status)),
                            str(m.mentees),
                            str(m.sessions.count),
                            f"{m.sessions.hours:.1f}",
                        ]
                        for m in mentors
                    ],
                    [2.4, 3.4, 1.3, 1.1, 1.1, 1],
                    width,
                    bold_first=True,
                )
            )
    story.append(
        Paragraph(
            "Confidence: the mean of the five confidence statements (1 low, 5 high) at "
            "baseline and at the latest questionnaire.",
            s.note,
        )
    )

    story.append(Heading("Outcomes", s.h1, "Outcomes", 1))
    if outcomes:
        story.append(
            grid(
                ["Name", "Date", "Outcome", "Details"],
                outcomes,
                [2.3, 1.3, 2, 5],
                width,
                bold_first=True,
            )
        )
    else:
        story.append(Paragraph("No outcomes recorded yet.", s.body))
    return story


def _outcome_rows(data: OrganisationData, guard: TextGuard) -> list[list[str]]:
    """Each outcome once (a person in two cohorts carries the same outcome twice)."""
    lines = sorted(
        ((m, o) for m in data.mentees for o in m.outcomes), key=lambda pair: pair[1].occurred_on
    )
    seen = set()
    rows = []
    for m, o in lines:
        key = (m.person_id, o.kind, o.occurred_on, o.description)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            [
                guard.name(m.display_name, "a mentee's name"),
                short_date(o.occurred_on),
                escape(label_of(OutcomeKind, o.kind)),
                guard.text(o.description, "an outcome"),
            ]
        )
    return rows


def _cohort_start(data: OrganisationData, cohort: str) -> tuple[date, str]:
    for m in data.mentees:
        if m.cohort == cohort and m.cohort_start:
            return (m.cohort_start, cohort)
    return (date.max, cohort)
