"""Building blocks the reports share: fact tables, stat strips, data tables.

Every cell is a Paragraph built from markup the caller made safe (through
TextGuard, or our own fixed wording through ``escape``): plain strings in
a Table would neither wrap nor be checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from women_in_ddat.reports.fonts import REGULAR
from women_in_ddat.reports.styles import styles
from women_in_ddat.reports.text import TextGuard, escape

# The least height (points) of each part of a table row split across pages:
# rows shorter than twice this never split, they move whole.
SPLIT_IN_ROW = 24


class Labelled(Protocol):
    """A member of one of the domain's enums, which all say their own wording."""

    @property
    def label(self) -> str: ...


def label_of(enum_cls: Callable[[str], Labelled], value: str) -> str:
    """The wording for a stored enum value; an unknown value shown as it is."""
    try:
        return enum_cls(value).label
    except ValueError:
        return value.replace("_", " ").capitalize()


def facts(pairs: Sequence[tuple[str, str]], width: float, *, columns: int = 2) -> Table:
    """Label/value pairs laid out ``columns`` pairs to a row. Labels are our wording."""
    s = styles()
    cells: list[list[Any]] = []
    row: list[Any] = []
    for label, value_markup in pairs:
        row += [Paragraph(escape(label), s.label), Paragraph(value_markup or "–", s.cell)]
        if len(row) == 2 * columns:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (2 * columns - len(row)))
    label_w = 0.13 * width if columns == 2 else 0.22 * width
    value_w = width / columns - label_w
    table = Table(
        cells,
        colWidths=[label_w, value_w] * columns,
        hAlign="LEFT",
        splitByRow=0,
        splitInRow=SPLIT_IN_ROW,
    )
    table.setStyle(s.facts)
    return table


def stat_strip(items: Sequence[tuple[str, str]], width: float) -> Table:
    """Big figures with a caption under each: (value, caption), both our wording."""
    s = styles()
    cells = [
        [
            [Paragraph(escape(value), s.stat_value), Paragraph(escape(caption), s.stat_label)]
            for value, caption in items
        ]
    ]
    table = Table(cells, colWidths=[width / len(items)] * len(items), hAlign="LEFT")
    table.setStyle(s.stats)
    return table


# A cell that holds a number (a count, share, mean, change, "3 of 5") or a stand-in
# for one (a dash, a hidden small group).
_NUMBER = re.compile(
    r"^(?:[+\-−]?\d[\d,]*(?:\.\d+)?%?|\d+ of \d+|&lt;5|\[c\]|n&lt;5|–|-|no change)$"
)


def numeric_columns(rows: Sequence[Sequence[str]]) -> set[int]:
    """The columns whose every cell is a number, a dash or empty (not all empty)."""
    if not rows:
        return set()
    columns = set(range(max(len(r) for r in rows)))
    for row in rows:
        columns &= {
            i for i, cell in enumerate(row) if not cell.strip() or _NUMBER.match(cell.strip())
        }
    # A column of dashes alone (no end-point scores yet) lines up with its neighbours too.
    return {i for i in columns if any(r[i].strip() for r in rows)}


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    fractions: Sequence[float],
    width: float,
    *,
    bold_first: bool = False,
) -> Table:
    """A table with a repeated header row; ``rows`` hold safe markup. Columns of
    numbers are right-aligned, their heading too."""
    s = styles()
    numbers = numeric_columns(rows)
    data: list[list[Any]] = [
        [
            Paragraph(escape(h), s.cell_head_number if i in numbers else s.cell_head)
            for i, h in enumerate(header)
        ]
    ]
    for row in rows:
        data.append(
            [
                Paragraph(
                    cell,
                    s.cell_bold
                    if bold_first and i == 0
                    else s.cell_number
                    if i in numbers
                    else s.cell,
                )
                for i, cell in enumerate(row)
            ]
        )
    table = Table(
        data,
        colWidths=column_widths(header, rows, fractions, width),
        repeatRows=1,
        hAlign="LEFT",
        # A row with a very long note splits where the page ends (in-row first:
        # splitting between rows first would leave a stray header mid-page).
        splitByRow=0,
        splitInRow=SPLIT_IN_ROW,
    )
    table.setStyle(s.grid)
    return table


def _unbreakable(markup: str) -> list[str]:
    """The pieces of a cell that should not wrap: a short cell whole, else its words."""
    if "<" in markup or "&" in markup:
        return []
    if len(markup) <= 12:
        return [markup]
    return [word for word in markup.split() if len(word) <= 16]


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], fractions: Sequence[float], width: float
) -> list[float]:
    """Widths in proportion to ``fractions``, but wide enough for each header word and
    short value (so "Completed" never breaks as "Complete d"), as far as ``width`` allows."""
    s = styles()
    padding = 9
    needed = [
        max(stringWidth(word, s.cell_head.fontName, s.cell_head.fontSize) for word in h.split())
        + padding
        if h.strip()
        else 0.0
        for h in header
    ]
    for row in rows:
        for i, cell in enumerate(row):
            for piece in _unbreakable(cell):
                needed[i] = max(needed[i], stringWidth(piece, REGULAR, s.cell.fontSize) + padding)
    total = sum(fractions)
    widths = [width * f / total for f in fractions]
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < needed[i] - 0.01]
        if not short:
            break
        deficit = sum(needed[i] - widths[i] for i in short)
        for i in short:
            widths[i] = needed[i]
        spare = [i for i, w in enumerate(widths) if i not in short and w > needed[i]]
        room = sum(widths[i] - needed[i] for i in spare)
        if room <= 0:
            break
        take = min(1.0, deficit / room)
        for i in spare:
            widths[i] -= (widths[i] - needed[i]) * take
    scale = width / sum(widths)
    return [w * scale for w in widths] if scale < 1 else widths


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def number(value: float | None, places: int = 1) -> str:
    return "–" if value is None else f"{value:.{places}f}"


def not_printed_note(guard: TextGuard) -> list[Flowable]:
    """The report's closing note of what it could not print (nothing if all printed).

    Empty too when the report listed them itself (the subject access cover).
    """
    if guard.warnings_listed or not guard.warnings:
        return []
    s = styles()
    return [
        Spacer(1, 8),
        KeepTogether(
            [
                Paragraph("Not printed", s.h2),
                *[Paragraph(escape(w), s.note) for w in guard.warnings],
                Paragraph(
                    "The programme's records hold these characters exactly; a subject access "
                    "export as JSON shows them.",
                    s.note,
                ),
            ]
        ),
    ]
