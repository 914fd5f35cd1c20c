"""Charts: colours readable against the page, axes starting where the scale starts."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart

from women_in_ddat.reports.charts import grouped_bars
from women_in_ddat.reports.programme_png import COLOURS
from women_in_ddat.reports.styles import SERIES


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast_with_white(rgb: tuple[float, float, float]) -> float:
    return 1.05 / (_luminance(rgb) + 0.05)


def test_every_chart_colour_has_at_least_3_to_1_contrast_with_white():
    for colour in SERIES:
        assert _contrast_with_white((colour.red, colour.green, colour.blue)) >= 3, colour
    for rgb in COLOURS:
        assert _contrast_with_white(tuple(c / 255 for c in rgb)) >= 3, rgb


def test_a_1_to_5_chart_starts_at_1_with_a_titled_value_axis():
    drawing = grouped_bars(["A"], [("Baseline", [2.0]), ("Latest", [3.0])], value_max=5, width=300)
    chart = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
    assert chart.valueAxis.valueMin == 1
    texts = [
        s.text for g in drawing.contents for s in getattr(g, "contents", []) if hasattr(s, "text")
    ]
    assert "Score (1 to 5)" in texts
