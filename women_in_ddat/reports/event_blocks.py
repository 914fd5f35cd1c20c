"""Events in the progress summary and the cohort summary: who attended what."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.platypus import Flowable, Paragraph

from women_in_ddat.domain.wording import counted
from women_in_ddat.reports.blocks import grid, percent
from women_in_ddat.reports.document import short_date
from women_in_ddat.reports.styles import styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.programme_report_suppression import (
    HIDDEN_TEXT,
    SUPPRESSION_NOTE,
    CountGrid,
    hidden_text,
)
from women_in_ddat.services.report_data import EventLine, PersonProgress


def to_come(line: EventLine, produced: date) -> bool:
    """Not over on the day the report is produced, and nobody's attendance recorded yet."""
    return line.last_day is not None and line.last_day >= produced


def attendance_text(line: EventLine, produced: date) -> str:
    if not line.invited:
        return "not invited"
    if to_come(line, produced) and not line.days_attended:
        reply = {"accepted": "she is coming", "declined": "she declined"}.get(line.rsvp, "")
        return f"to come ({reply})" if reply else "to come"
    if line.days == 1:
        return "attended" if line.days_attended else "not attended"
    if line.under_way(produced):
        to_come_days = line.days - line.days_held(produced)
        return (
            f"{line.days_attended_held(produced)} of {line.days} days so far "
            f"({to_come_days} to come)"
        )
    return f"{line.days_attended} of {line.days} days"


def person_events_block(
    data: PersonProgress, guard: TextGuard, width: float, produced: date
) -> list[Flowable]:
    """Her events: one row each, with the days she attended."""
    rows = [
        [
            guard.text(e.title, "an event's title"),
            short_date(e.first_day),
            "Required" if e.required else "",
            escape(attendance_text(e, produced)),
        ]
        for e in data.events
    ]
    story: list[Flowable] = [
        grid(["Event", "Date", "", "Attended"], rows, [4, 1.4, 1.2, 1.6], width)
    ]
    if data.required_events_missed:
        story.append(
            Paragraph(
                f"{counted(len(data.required_events_missed), 'required event')} not yet attended "
                f"in full: her certificate waits for "
                f"{'it' if len(data.required_events_missed) == 1 else 'them'}.",
                styles().note,
            )
        )
    return story


def cohort_events_block(
    mentees: Sequence[PersonProgress], guard: TextGuard, width: float, produced: date
) -> list[Flowable]:
    """Each event of the cohort: mentees invited, and how many attended every day."""
    by_event: dict[int, list[EventLine]] = {}
    for mentee in mentees:
        for line in mentee.events:
            by_event.setdefault(line.event_id, []).append(line)
    rows = []
    for lines in sorted(
        by_event.values(), key=lambda ls: (ls[0].first_day is None, ls[0].first_day, ls[0].event_id)
    ):
        first = lines[0]
        # Counts of people: a group of 1 to 4 is not shown, nor the rest of those invited.
        counts = CountGrid()
        counts.add("invited", sum(1 for e in lines if e.invited), total=True)
        # An event under way: every day held so far (today's included), said as "so far".
        counts.add("full", sum(1 for e in lines if e.attended_every_day_held(produced)))
        counts.add("not_full", counts.values["invited"] - counts.values["full"], hidden=True)
        counts.line(["full", "not_full", "invited"])
        shown = {
            key: hidden_text(counts.values[key])
            if counts.is_suppressed(key)
            else str(counts.values[key])
            for key in ("invited", "full")
        }
        share = (
            HIDDEN_TEXT
            if counts.suppressed() & {"invited", "full"}
            else percent(counts.values["full"], counts.values["invited"])
        )
        if to_come(first, produced) and not any(e.days_attended for e in lines):
            attended = "to come"
        else:
            attended = escape(f"{shown['full']} ({share})" if counts.values["invited"] else "0")
            if first.under_way(produced):
                held = first.days_held(produced)
                attended += escape(f" so far: {held} of {first.days} days held")
        rows.append(
            [
                guard.text(first.title, "an event's title"),
                short_date(first.first_day),
                "Required" if first.required else "",
                escape(shown["invited"]),
                attended,
            ]
        )
    return [
        grid(
            ["Event", "Date", "", "Mentees invited", "Attended every day"],
            rows,
            [3.6, 1.3, 1.1, 1.4, 1.8],
            width,
        ),
        Paragraph(SUPPRESSION_NOTE, styles().note),
    ]
