"""The programme impact report as a PDF, drawn from its model (services.programme_report_model).

Landscape A4: the cohort tables are wide. Tables are at least 9 pt with
numbers right-aligned; each chart has titled axes starting where its scale
starts, and its text alternative printed under it (so it is in the PDF's
text too).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from women_in_ddat.reports.document import MARGIN, Heading, ReportMeta
from women_in_ddat.reports.fonts import BOLD, REGULAR
from women_in_ddat.reports.styles import INK, MUTED, RULE, SERIES, styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.programme_report_model import (
    ChartSpec,
    ProgrammeReport,
    ReportTable,
)

TABLE_SIZE = 9
WIDTH = landscape(A4)[0] - 2 * MARGIN


def programme_meta(report: ProgrammeReport, guard: TextGuard, produced: date) -> ReportMeta:
    return ReportMeta(
        programme=guard.clean(report.programme, "the programme's name"),
        kind="Programme impact report",
        title=guard.clean(report.subtitle, "the report's title"),
        subject="What the mentoring programme achieved, cohort by cohort and year on year",
        produced=produced,
        landscape=True,
        confidential=False,
    )


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    s = styles()
    cell = ParagraphStyle("pr_cell", parent=s.cell, fontSize=TABLE_SIZE, leading=11)
    number = ParagraphStyle("pr_number", parent=cell, alignment=TA_RIGHT)
    head = ParagraphStyle("pr_head", parent=s.cell_head, fontSize=TABLE_SIZE, leading=11)
    head_number = ParagraphStyle("pr_head_number", parent=head, alignment=TA_RIGHT)
    return cell, number, head, head_number


def table_flowable(table: ReportTable, guard: TextGuard) -> list[Flowable]:
    s = styles()
    cell, number, head, head_number = _styles()
    numeric_cols = {
        i for i in range(len(table.header)) if any(row[i].numeric for row in table.rows)
    }
    data: list[list[Any]] = [
        [
            Paragraph(escape(h), head_number if i in numeric_cols else head)
            for i, h in enumerate(table.header)
        ]
    ]
    texts = []
    for row in table.rows:
        texts.append([escape(c.text) for c in row])
        data.append(
            [
                Paragraph(escape(c.text), number if c.numeric else cell)
                if c.numeric
                else Paragraph(guard.text(c.text, "a name in the programme report"), cell)
                for c in row
            ]
        )
    widths = _widths(table, texts, numeric_cols)
    flow = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    flow.setStyle(s.grid)
    # A long table starts under its title on the same page; the header row repeats.
    # (h2 keeps with the next flowable: a table longer than a page would move whole.)
    title = ParagraphStyle("pr_table_title", parent=s.h2, keepWithNext=0)
    parts: list[Flowable] = [CondPageBreak(90), Paragraph(escape(table.title), title), flow]
    if table.note:
        parts.append(
            Paragraph(
                escape(table.note),
                ParagraphStyle(
                    "pr_note", parent=s.body, fontSize=10, leading=12.5, textColor=MUTED
                ),
            )
        )
    return [*parts, Spacer(1, 8)]


def _widths(table: ReportTable, texts: list[list[str]], numeric: set[int]) -> list[float]:
    """Each column wide enough for its longest header word and its cells where the page
    allows (so no word breaks as "Complete d"), the first column taking what is left."""
    padding = 10
    needed = []
    for i, head in enumerate(table.header):
        words_ = head.split() or [""]
        width = max(stringWidth(w, BOLD, TABLE_SIZE) for w in words_) + padding
        if i in numeric or i > 0:
            cells = [row[i] for row in texts]
            width = max([width, *(stringWidth(c, REGULAR, TABLE_SIZE) + padding for c in cells)])
        needed.append(width)
    if len(needed) == 1:
        return [WIDTH]
    rest = sum(needed[1:])
    first = max(WIDTH - rest, min(WIDTH * 0.3, needed[0]))
    if first + rest <= WIDTH:
        # Spare room goes to the columns in proportion, so the table fills the page.
        spare = WIDTH - first - rest
        return [first] + [w + spare * w / rest for w in needed[1:]]
    scale = WIDTH / (first + rest)
    return [w * scale for w in [first, *needed[1:]]]


def chart_drawing(spec: ChartSpec, width: float = WIDTH * 0.7, height: float = 190) -> Drawing:
    drawing = Drawing(width, height, initialFontName=REGULAR)
    chart = VerticalBarChart()
    chart.x, chart.y = 52, 42
    chart.width, chart.height = width - chart.x - 8, height - chart.y - 30
    chart.data = [
        [v if v is not None else spec.value_min for v in values] for _, values in spec.series
    ]
    axis = chart.valueAxis
    axis.valueMin, axis.valueMax, axis.valueStep = spec.value_min, spec.value_max, spec.value_step
    axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = REGULAR, 9, INK
    axis.strokeColor = MUTED
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, RULE, 0.3
    chart.categoryAxis.categoryNames = list(spec.categories)
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = MUTED
    chart.barSpacing, chart.groupSpacing = 1, 8
    colours = SERIES
    for i in range(len(spec.series)):
        chart.bars[i].fillColor = colours[i % len(colours)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    drawing.add(
        String(
            chart.x + chart.width / 2,
            4,
            spec.category_axis_title,
            fontName=REGULAR,
            fontSize=9,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    value_title = String(
        0,
        0,
        spec.value_axis_title,
        fontName=REGULAR,
        fontSize=9,
        fillColor=INK,
        textAnchor="middle",
    )
    from reportlab.graphics.shapes import Group

    rotated = Group(value_title)
    rotated.translate(12, chart.y + chart.height / 2)
    rotated.rotate(90)
    drawing.add(rotated)
    legend = Legend()
    legend.x, legend.y = chart.x, height - 4
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.fontName, legend.fontSize = REGULAR, 9
    legend.boxAnchor = "nw"
    legend.dx = legend.dy = 8
    legend.colorNamePairs = [
        (colours[i % len(colours)], name) for i, (name, _) in enumerate(spec.series)
    ]
    drawing.add(legend)
    if any(v is None for _, values in spec.series for v in values):
        drawing.add(
            String(
                width - 8,
                height - 12,
                "Small groups, and figures that would reveal one, are not drawn",
                fontName=REGULAR,
                fontSize=9,
                fillColor=INK,
                textAnchor="end",
            )
        )
    return drawing


def chart_flowables(spec: ChartSpec) -> list[Flowable]:
    s = styles()
    return [
        KeepTogether(
            [
                Paragraph(escape(spec.title), s.h2),
                chart_drawing(spec),
                Paragraph("<b>Chart description.</b> " + escape(spec.alt_text), s.body),
            ]
        ),
        Spacer(1, 8),
    ]


def _headline(report: ProgrammeReport) -> Table:
    """The headline figures, each with its caption at body size."""
    s = styles()
    caption = ParagraphStyle("pr_caption", parent=s.stat_label, fontSize=10, leading=12)
    cells = [
        [
            [Paragraph(escape(cell.text), s.stat_value), Paragraph(escape(label), caption)]
            for label, cell in report.headline
        ]
    ]
    table = Table(cells, colWidths=[WIDTH / len(report.headline)] * len(report.headline))
    table.setStyle(s.stats)
    return table


def programme_story(report: ProgrammeReport, guard: TextGuard, produced: date) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Paragraph(escape(report.title), s.title),
        Paragraph(guard.text(report.subtitle, "the report's title"), s.subtitle),
        Heading("Headline", s.h1, "Headline"),
        _headline(report),
        Spacer(1, 10),
    ]
    for section in report.sections:
        story.append(CondPageBreak(120))
        story.append(Heading(escape(section.heading), s.h1, section.heading))
        story += [Paragraph(escape(p), s.body) for p in section.paragraphs]
        for block in section.blocks:
            if isinstance(block, ReportTable):
                story += table_flowable(block, guard)
            else:
                story += chart_flowables(block)
    story.append(CondPageBreak(120))
    story.append(Heading("How these figures were made", s.h1, "Method"))
    story += [Paragraph(escape(p), s.body) for p in report.method]
    return story


def pdf_story_maker(report: ProgrammeReport) -> Any:
    def make(guard: TextGuard, produced: date) -> tuple[ReportMeta, list[Flowable]]:
        return programme_meta(report, guard, produced), programme_story(report, guard, produced)

    return make
