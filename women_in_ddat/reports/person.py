"""A mentee's progress summary: two A4 pages for a typical mentee.

Who she is, her cohort and mentor, the goals agreed, milestones, sessions,
confidence and skills at baseline / mid / end with a chart, and outcomes.
Long goals or evidence flow onto further pages.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from women_in_ddat.domain.enums import (
    MatchStatus,
    MilestoneStatus,
    OutcomeKind,
    ParticipationStatus,
    SkillLevel,
)
from women_in_ddat.domain.programme_rules import (
    COUNTED_STATES,
    STILL_TO_DO,
    MilestoneState,
    milestone_state,
)
from women_in_ddat.domain.wording import noun
from women_in_ddat.reports.blocks import facts, grid, label_of, stat_strip
from women_in_ddat.reports.charts import (
    CONFIDENCE_SHORT,
    chart_description,
    describe_bars,
    grouped_bars,
    no_data_drawing,
)
from women_in_ddat.reports.document import MARGIN, Heading, ReportMeta, short_date
from women_in_ddat.reports.event_blocks import person_events_block
from women_in_ddat.reports.fonts import REGULAR
from women_in_ddat.reports.styles import styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.report_data import POINTS, MentorLine, PersonProgress, ScoreSeries

KIND = "Progress summary"
FRAME_WIDTH = A4[0] - 2 * MARGIN
SKILL_NAMES = {level.rank: level.label for level in SkillLevel}


def progress_meta(data: PersonProgress, guard: TextGuard, produced: date) -> ReportMeta:
    name = guard.check_name(data.display_name, "the mentee's name")
    cohort = guard.check_name(data.cohort, "the cohort's name")
    return ReportMeta(
        programme=guard.clean(data.programme, "the programme's name"),
        kind=KIND,
        title=f"{KIND}: {name}",
        subject=f"Mentoring progress in {cohort}",
        produced=produced,
    )


def role_text(guard: TextGuard, family: str, role: str, level: str) -> str:
    parts = [p for p in (role or family, level) if p]
    if not parts:
        return ""
    text = parts[0] + (f", {parts[1]}" if len(parts) > 1 else "")
    if family and role:
        text += f" ({family})"
    return guard.text(text, "the DDaT roles")


def mentor_markup(
    guard: TextGuard,
    mentor: MentorLine | None,
    others: list[MentorLine],
    *,
    detail: bool = True,
    ended: bool = False,
) -> str:
    """Her mentor (with the match's state, on a line of its own, unless active) and her
    earlier matches with dates and reasons; ``detail`` adds the mentor's job and
    organisation; ``ended`` says her place ended (never matched, rather than "not yet")."""
    if mentor is None:
        first = "Not matched now" if others else "Never matched" if ended else "Not matched yet"
        return first + _earlier_markup(guard, others)
    name = guard.name(mentor.name, "the mentor's name")
    about = ", ".join(
        x
        for x in (
            guard.text(mentor.job_title, "the mentor's job title"),
            guard.name(mentor.organisation, "an organisation's name"),
        )
        if x and detail
    )
    markup = f"<b>{name}</b>" + (f", {about}" if about else "")
    if mentor.status != MatchStatus.ACTIVE.value:
        markup += f"<br/>{guard.text(mentor.describe(), 'the match status')}"
    return markup + _earlier_markup(guard, others)


def _earlier_markup(guard: TextGuard, others: list[MentorLine]) -> str:
    """Her earlier matches, with their dates and reasons."""
    return "".join(
        f"<br/>Earlier: {guard.name(earlier.name, 'a mentor name')}, "
        f"{guard.text(earlier.describe(), 'the match status')}"
        for earlier in others
    )


def _cohort_markup(guard: TextGuard, data: PersonProgress) -> str:
    dates = " – ".join(x for x in (short_date(data.cohort_start), short_date(data.cohort_end)) if x)
    return guard.name(data.cohort, "the cohort's name") + (f" ({dates})" if dates else "")


def _milestone_rows(guard: TextGuard, data: PersonProgress, produced: date) -> list[list[str]]:
    rows = []
    for m in data.milestones:
        # The state as the programme's rules read it on the day the report is produced.
        state = milestone_state(m.status, m.due_date, produced)
        if state == MilestoneState.OVERDUE:
            status = f"<b>Overdue</b> ({escape(label_of(MilestoneStatus, m.status).lower())})"
        else:
            status = escape(state.label)
        title = guard.text(m.title, "a milestone title")
        if not m.required:
            title += " <font color='#5A5A66'>(optional)</font>"
        rows.append(
            [
                title,
                short_date(m.due_date),
                short_date(m.completed_on),
                status,
                guard.text(m.evidence_note, "milestone evidence"),
            ]
        )
    return rows


def _score(value: int | None, skill: bool = False) -> str:
    if value is None:
        return "–"
    return escape(SKILL_NAMES.get(value, str(value))) if skill else str(value)


def _change(series: ScoreSeries, skill: bool = False) -> str:
    if series.baseline is None or series.latest is None:
        return "–"
    delta = series.latest - series.baseline
    unit = " level" + ("s" if abs(delta) != 1 else "") if skill else ""
    return f"{delta:+d}{unit}" if delta else "no change"


def _points_present(data: PersonProgress) -> list[str]:
    every = list(data.confidence) + list(data.skills)
    return [p for p in POINTS if any(s.at(p) is not None for s in every)]


def confidence_block(data: PersonProgress, guard: TextGuard, width: float) -> list[Flowable]:
    s = styles()
    if not data.confidence and not data.skills:
        return [Paragraph("No confidence or skills questionnaire has been completed yet.", s.body)]
    points = _points_present(data)
    labels = {"baseline": "Baseline", "mid": "Mid-point", "end": "End"}
    blocks: list[Flowable] = []
    description = ""
    if data.confidence:
        rows = [
            [escape(c.label)] + [_score(c.at(p)) for p in POINTS] + [_change(c)]
            for c in data.confidence
        ]
        blocks.append(
            grid(
                ["Confidence (1 = low, 5 = high)", "Baseline", "Mid", "End", "Change"],
                rows,
                [5.2, 1, 1, 1, 1.2],
                width,
            )
        )
        categories = [CONFIDENCE_SHORT.get(c.item, c.item) for c in data.confidence]
        series = [(labels[p], [c.at(p) for c in data.confidence]) for p in points]
        chart = grouped_bars(
            categories,
            series,
            value_max=5,
            width=width * 0.52,
            height=147,
            category_title="Confidence statement",
        )
        description = describe_bars(
            "Bar chart of her confidence scores",
            categories,
            series,
            "a scale of 1 (low) to 5 (high)",
        )
    else:
        chart = no_data_drawing(width * 0.52, "No confidence scores recorded.")
    if data.skills:
        skills_table: Flowable = grid(
            ["DDaT skill", "Baseline", "Latest"],
            [
                [
                    guard.text(k.label, "a skill name"),
                    _score(k.baseline, True),
                    _score(k.latest, True),
                ]
                for k in data.skills
            ],
            [2.0, 1.5, 1.5],
            width * 0.45,
        )
    else:
        skills_table = Paragraph("No skills rated yet.", s.body)
    side = Table([[chart, skills_table]], colWidths=[width * 0.55, width * 0.45], hAlign="LEFT")
    side.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (0, 0), 6),
        ]
    )
    blocks += [Spacer(1, 4), side]
    if description:
        blocks += [Spacer(1, 4), chart_description(description)]
    return blocks


NO_BREAK = "\u00a0"  # a date never breaks across lines
STILL_TO_DO_VALUES = frozenset(state.value for state in STILL_TO_DO)
COUNTED_VALUES = frozenset(state.value for state in COUNTED_STATES)
CAREER_MOVES = (OutcomeKind.PROMOTION.value, OutcomeKind.NEW_ROLE.value)
LEVEL_RANKS = {level.label.casefold(): level.rank for level in SkillLevel} | {
    level.value: level.rank for level in SkillLevel
}


def goals_met_lines(data: PersonProgress, guard: TextGuard) -> list[tuple[str, str]]:
    """What the records say of her goals: her target role reached or not, her skills
    against its level, her required milestones. Goals are free text, so these are the
    measures recorded against them, not a verdict on each line."""
    lines: list[tuple[str, str]] = []
    target = role_text(guard, data.target_role_family, data.target_role, data.target_level)
    if target:
        moves = [o for o in data.outcomes if o.kind in CAREER_MOVES]
        if moves:
            last = moves[-1]
            reached = (
                f"<b>Reached</b>: {escape(label_of(OutcomeKind, last.kind).lower())} on "
                f"{short_date(last.occurred_on)}"
            )
        elif data.status == ParticipationStatus.WITHDRAWN.value:
            reached = "No promotion or new role recorded"
        else:
            reached = "Not yet: no promotion or new role recorded"
        lines.append(("Target role", f"{target}. {reached}."))
    rank = LEVEL_RANKS.get(data.target_level.strip().casefold())
    rated = [k for k in data.skills if k.latest is not None or k.baseline is not None]
    if rank is not None and rated:
        now = sum(1 for k in rated if (k.latest or k.baseline or 0) >= rank)
        then = sum(1 for k in rated if (k.baseline or 0) >= rank)
        lines.append(
            (
                "Skills at target",
                f"{now} of {len(rated)} of her DDaT skills at {escape(data.target_level)} "
                f"level or above now ({then} at baseline).",
            )
        )
    required = [m for m in data.milestones if m.required and m.state in COUNTED_VALUES]
    if required:
        done = sum(1 for m in required if m.state == MilestoneState.DONE.value)
        lines.append(("Milestones", f"{done} of {len(required)} required milestones done."))
    return lines


def progress_story(
    data: PersonProgress, guard: TextGuard, produced: date, *, level: int = 0
) -> list[Flowable]:
    """The flowables of one progress summary; ``level`` is its bookmark depth."""
    s = styles()
    width = FRAME_WIDTH
    name_plain = guard.check_name(data.display_name, "the mentee's name")
    cohort = guard.name(data.cohort, "the cohort's name")
    story: list[Flowable] = [
        Heading(guard.name(data.display_name, "the mentee's name"), s.title, name_plain, level),
        Paragraph(
            f"{KIND}, {cohort} · produced {short_date(produced)}",
            s.subtitle,
        ),
    ]

    def section(title: str) -> Heading:
        return Heading(escape(title), s.h1, title, level + 1)

    if data.status == ParticipationStatus.WITHDRAWN.value:
        when = f" on {short_date(data.ended_on)}" if data.ended_on else ""
        why = (
            f": {guard.text(data.withdrawn_reason, 'the reason she withdrew')}"
            if data.withdrawn_reason
            else ""
        )
        story.append(Paragraph(f"<b>She withdrew from the programme{when}</b>{why}.", s.body))

    current = data.current_mentor
    earlier = list(data.earlier_mentors)
    pairs = [
        ("Organisation", guard.name(data.organisation, "the organisation's name")),
        ("Job title", guard.text(data.job_title, "the job title")),
        (
            "Current role",
            role_text(guard, data.current_role_family, data.current_role, data.current_level),
        ),
        (
            "Target role",
            role_text(guard, data.target_role_family, data.target_role, data.target_level),
        ),
        ("Cohort", _cohort_markup(guard, data)),
        ("Status", escape(label_of(ParticipationStatus, data.status))),
        (
            "Mentor",
            mentor_markup(
                guard,
                current,
                earlier,
                ended=data.status == ParticipationStatus.WITHDRAWN.value,
            ),
        ),
        ("Matched since", short_date(current.start_date) if current else "–"),
    ]
    if data.pronouns:
        pairs.insert(2, ("Pronouns", guard.text(data.pronouns, "the pronouns")))
        pairs.insert(3, ("Programme", guard.name(data.programme, "the programme's name")))
    story += [section("About"), facts(pairs, width)]
    # Her outcomes on the first page: what her sponsor and mentor look for first.
    outcomes: list[Flowable] = []
    outcomes.append(section("Outcomes so far"))
    if data.outcomes:
        outcomes.append(
            grid(
                ["Date", "Outcome", "Details"],
                [
                    [
                        short_date(o.occurred_on),
                        escape(label_of(OutcomeKind, o.kind)),
                        guard.text(
                            "; ".join(
                                x
                                for x in (
                                    o.description,
                                    ", ".join(y for y in (o.role, o.level) if y),
                                )
                                if x
                            ),
                            "an outcome",
                        ),
                    ]
                    for o in data.outcomes
                ],
                [1.2, 1.8, 7],
                width,
            )
        )
    else:
        outcomes.append(Paragraph("No outcomes recorded yet.", s.body))
    story.append(KeepTogether(outcomes))

    story.append(section("Goals agreed, and how far they were met"))
    goals = [line for line in data.goals.split("\n") if line.strip()]
    if goals:
        story += [Paragraph(guard.text(line, "the goals"), s.body) for line in goals]
    else:
        story.append(Paragraph("No goals recorded yet.", s.body))
    met = goals_met_lines(data, guard)
    if met:
        story.append(facts(met, width, columns=1))

    coming = sorted(
        (m for m in data.milestones if m.state in STILL_TO_DO_VALUES),
        key=lambda m: (m.due_date or date.max, m.title),
    )[:3]
    story.append(section("What comes next"))
    if data.status == ParticipationStatus.WITHDRAWN.value:
        story.append(Paragraph("Nothing further: she has withdrawn from the programme.", s.body))
    elif data.status == ParticipationStatus.COMPLETED.value:
        when = f" on {short_date(data.completed_on)}" if data.completed_on else ""
        story.append(
            Paragraph(
                f"She completed the programme{when}. "
                + (
                    "Still open: "
                    + "; ".join(guard.text(m.title, "a milestone") for m in coming)
                    + "."
                    if coming
                    else "Every milestone set for her is done or closed."
                ),
                s.body,
            )
        )
    elif coming:
        # One paragraph: the next three steps, each with its date.
        story.append(
            Paragraph(
                "; ".join(
                    guard.text(m.title, "a milestone")
                    + (
                        f" – due {short_date(m.due_date).replace(' ', NO_BREAK)}"
                        if m.due_date
                        else " – once she is matched"
                    )
                    for m in coming
                )
                + ".",
                s.body,
            )
        )
    else:
        story.append(Paragraph("Every milestone set for her is done or closed.", s.body))

    story.append(section("Sessions and milestones"))
    sessions = data.sessions
    ended = data.status == ParticipationStatus.WITHDRAWN.value
    story.append(
        stat_strip(
            [
                (str(sessions.count), noun(sessions.count, "session held", "sessions held")),
                (f"{sessions.hours:.1f}", "hours of mentoring"),
                (
                    short_date(sessions.last_held) or ("none" if ended else "none yet"),
                    "last session",
                ),
                (f"{data.milestones_done} of {data.milestones_counted}", "milestones done"),
            ],
            width,
        )
    )
    story.append(Spacer(1, 6))
    if data.milestones:
        story.append(
            grid(
                ["Milestone", "Due", "Done", "Status", "Evidence"],
                _milestone_rows(guard, data, produced),
                [3.6, 1.3, 1.3, 1.9, 2.1],
                width,
            )
        )
        story.append(
            Paragraph(
                "Milestones done counts those still to do or done; withdrawn, closed and "
                "not applicable ones are left out. A milestone waiting for a match has no "
                "due date until the match starts.",
                s.note,
            )
        )
    else:
        story.append(Paragraph("No milestones have been set.", s.body))

    # Kept whole, heading included: the scores table reads with its chart.
    story.append(
        KeepTogether([section("Confidence and skills"), *confidence_block(data, guard, width)])
    )

    if data.events:
        story += [section("Events"), *person_events_block(data, guard, width, produced)]

    return story
