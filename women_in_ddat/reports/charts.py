"""Small vector charts (ReportLab graphics: drawn, never embedded images)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.platypus import Paragraph

from women_in_ddat.reports.fonts import REGULAR
from women_in_ddat.reports.styles import INK, MUTED, RULE, SERIES, styles
from women_in_ddat.reports.text import escape

# Our own short names for the confidence statements, to fit under a bar group.
CONFIDENCE_SHORT = {
    "ddat_skills": "DDaT skills",
    "speaking_up": "Speaking up",
    "senior_role": "Senior role",
    "network": "Network",
    "leadership": "Leadership",
}


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    value_max: float,
    width: float,
    height: float = 120,
    value_step: float = 1,
    caption: str = "",
    value_min: float = 1,
    value_title: str = "Score (1 to 5)",
    category_title: str = "",
) -> Drawing:
    """Bars per category, one colour per series (None draws no bar), each labelled with
    its value. The value axis starts where the scale starts (1 on a 1 to 5 scale) and
    carries its title; ``category_title`` names what the bars are grouped by."""
    drawing = Drawing(width, height, initialFontName=REGULAR)
    chart = VerticalBarChart()
    # Room for the legend, and for the value over a bar at the top of the scale.
    legend_room = 26
    chart.x, chart.y = 36 if value_title else 24, 34 if category_title else 22
    chart.width, chart.height = width - chart.x - 4, height - chart.y - legend_room - 4
    chart.data = [[v if v is not None else value_min for v in values] for _, values in series]
    # Each bar carries its value: a score of 1 on a 1 to 5 axis has no height, and a
    # reader should not have to guess a bar's height against the grid.
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[_value_text(v) for v in values] for _, values in series]
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.nudge = 5
    chart.valueAxis.valueMin = value_min
    chart.valueAxis.valueMax = value_max
    chart.valueAxis.valueStep = value_step
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName = REGULAR
    # 7 pt: five short names must fit side by side under a half-width chart.
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = RULE
    chart.barSpacing = 1
    chart.groupSpacing = 8
    for i in range(len(series)):
        chart.bars[i].fillColor = SERIES[i % len(SERIES)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    if value_title:
        title = Group(
            String(
                0,
                0,
                value_title,
                fontName=REGULAR,
                fontSize=8,
                fillColor=INK,
                textAnchor="middle",
            )
        )
        title.translate(8, chart.y + chart.height / 2)
        title.rotate(90)
        drawing.add(title)
    if category_title:
        drawing.add(
            String(
                chart.x + chart.width / 2,
                2,
                category_title,
                fontName=REGULAR,
                fontSize=8,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    legend = Legend()
    legend.x, legend.y = chart.x, height - 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.boxAnchor = "nw"
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(SERIES[i % len(SERIES)], name) for i, (name, _) in enumerate(series)]
    drawing.add(legend)
    if caption:
        drawing.add(
            String(
                width - 4,
                height - 12,
                caption,
                fontName=REGULAR,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    return drawing


def _value_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def describe_bars(
    kind: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    scale: str,
) -> str:
    """The chart's text alternative: what it shows and every value it draws."""
    parts = []
    for i, category in enumerate(categories):
        values = [
            f"{name.lower()} {_value_text(values[i])}"
            for name, values in series
            if values[i] is not None
        ]
        parts.append(f"{category}: " + (", ".join(values) if values else "no answer"))
    return f"{kind} on {scale}. " + "; ".join(parts) + "."


def chart_description(text: str) -> Paragraph:
    """The text alternative printed under a chart, so it is in the PDF's text (and read
    aloud by a screen reader) as well as drawn."""
    return Paragraph(f"<b>Chart description.</b> {escape(text)}", styles().body)


def no_data_drawing(width: float, message: str) -> Drawing:
    drawing = Drawing(width, 20, initialFontName=REGULAR)
    drawing.add(String(0, 6, message, fontName=REGULAR, fontSize=8, fillColor=colors.grey))
    return drawing
