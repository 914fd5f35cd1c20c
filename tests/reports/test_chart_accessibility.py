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


def test_a_1_to_5_chart_starts_at_1_with_titled_axes_and_every_bar_labelled():
    drawing = grouped_bars(
        ["A", "B"],
        [("Baseline", [1.0, None]), ("Latest", [3.0, 2.5])],
        value_max=5,
        width=300,
        category_title="Confidence statement",
    )
    chart = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
    assert chart.valueAxis.valueMin == 1
    texts = [
        s.text for g in drawing.contents for s in getattr(g, "contents", []) if hasattr(s, "text")
    ]
    assert "Score (1 to 5)" in texts
    assert "Confidence statement" in [getattr(s, "text", None) for s in drawing.contents]
    # A 1 on a scale starting at 1 has no height: its label shows it; no answer, no label.
    assert chart.barLabelArray == [["1", ""], ["3", "2.5"]]


def test_progress_and_cohort_summaries_print_each_chart_description(demo_db_path, tmp_path):
    from pypdf import PdfReader

    from women_in_ddat.cli.main import main

    for args in (
        ("person", "zoe.hughes@essex.gov.uk"),
        ("cohort", "Top Talent Kent 2026"),
    ):
        out = tmp_path / f"{args[0]}.pdf"
        assert main(["--db", str(demo_db_path), "report", *args, "-o", str(out)]) == 0
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
        assert text.count("Chart description. Bar chart of") == 1, args
        assert "on a scale of 1 (low) to 5 (high). DDaT skills: baseline" in text
