"""The printed sign-in sheet for one day of an event (for venues without Wi-Fi).

A row per invited person, by name: her short code (to type the ticks back
in quickly), name, role in the cohort, and a wide signature column; then
a few blank lines for anyone not listed. Rows are tall enough to sign in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from women_in_ddat.reports.document import Heading, ReportMeta, long_date
from women_in_ddat.reports.person import FRAME_WIDTH
from women_in_ddat.reports.render import Rendered, render_to
from women_in_ddat.reports.styles import styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.events import EventRow, InviteeRow, sheet_code

KIND = "Sign-in sheet"
ROW_HEIGHT = 11 * mm
# Lines at the end for anyone who came without being listed.
BLANK_ROWS = 4


def sign_in_story(
    event: EventRow, people: Sequence[InviteeRow], on: date, guard: TextGuard
) -> list[Flowable]:
    s = styles()
    title = guard.name(event.title, "the event's title")
    where = ", ".join(guard.text(x, "the venue") for x in (event.venue, event.online_link) if x)
    day = next((d for d in event.days if d.on_date == on), None)
    times = f", {day.starts_at:%H:%M}–{day.ends_at:%H:%M}" if day else ""
    about = " · ".join(
        x
        for x in (
            guard.name(event.cohort, "the cohort's name") if event.cohort else "",
            f"{escape(long_date(on))}{times}",
            where,
        )
        if x
    )
    header = ["Code", "Name", "Role", "Signature"]
    data: list[list[object]] = [[Paragraph(escape(h), s.cell_head) for h in header]]
    for person in people:
        data.append(
            [
                Paragraph(escape(sheet_code(event.id, person.invitation_id)), s.cell),
                Paragraph(guard.name(person.name, "a name"), s.cell_bold),
                Paragraph(escape(person.role.capitalize()), s.cell),
                "",
            ]
        )
    data += [["", "", "", ""] for _ in range(BLANK_ROWS)]
    widths = [22 * mm, 62 * mm, 20 * mm]
    widths.append(FRAME_WIDTH - sum(widths))
    table = Table(
        data,
        colWidths=widths,
        rowHeights=[None] + [ROW_HEIGHT] * (len(people) + BLANK_ROWS),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(s.grid)
    table.setStyle([("VALIGN", (0, 1), (-1, -1), "MIDDLE")])
    story: list[Flowable] = [
        Heading(title, s.title, guard.check_name(event.title, "the event's title"), 0),
        Paragraph(about, s.subtitle),
        Paragraph(
            f"{len(people)} invited. Please sign beside your name; "
            "add yourself at the end if you are not listed.",
            s.body,
        ),
        table,
    ]
    return story


def write_sign_in_sheet(
    event: EventRow, people: Sequence[InviteeRow], target: Path, *, on: date | None = None
) -> Rendered:
    """Write the sheet for the event's day ``on`` (default its first day), atomically, 0600."""
    from women_in_ddat.errors import NotFound

    day = on or event.first_day
    if day is None or all(d.on_date != day for d in event.days):
        raise NotFound("The event has no such day; choose one of its days.")

    def make(guard: TextGuard, produced: date) -> tuple[ReportMeta, list[Flowable]]:
        meta = ReportMeta(
            programme=guard.clean(event.programme, "the programme's name"),
            kind=KIND,
            title=f"{KIND}: {guard.clean(event.title, 'the event title')}",
            subject=f"{KIND} for {day.isoformat()}",
            produced=produced,
        )
        return meta, sign_in_story(event, people, day, guard)

    return render_to(Path(target), make)
