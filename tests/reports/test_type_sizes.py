"""Type sizes read back from the PDFs: nothing a reader reads in the body of a report is
under 9 pt (tables) — only the running header and footer, and a chart's own labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from women_in_ddat.cli.main import main
from women_in_ddat.reports.charts import CONFIDENCE_SHORT
from women_in_ddat.reports.styles import styles

pytestmark = pytest.mark.usefixtures("db_path")

FURNITURE = re.compile(
    r"^(Page \d+ of|Personal and confidential|Produced \d+ \w+ \d{4}|Top Talent|"
    r"Progress summary|Cohort summary|Organisation report|Mentor report)$"
)
CHART = {
    *CONFIDENCE_SHORT.values(),
    "Baseline",
    "Mid-point",
    "End",
    "Baseline (mean)",
    "Latest (mean)",
    "Score (1 to 5)",
    "Confidence statement",
}
NUMBER = re.compile(r"^\d+(\.\d)?$")
REPORTS = (
    ("person", "zoe.hughes@essex.gov.uk"),
    ("person", "joanne.whitfield@medway.gov.uk"),
    ("cohort", "Top Talent Kent 2026"),
    ("organisation", "Kent County Council"),
    ("certificate", "zoe.hughes@essex.gov.uk"),
)


def _small_runs(path: Path) -> set[tuple[float, str]]:
    small = set()
    for page in PdfReader(path).pages:

        def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
            shown = abs(size * (tm[3] or 1) * (cm[3] or 1))
            if text.strip() and shown < 8.95:
                small.add((round(shown, 1), text.strip()))

        page.extract_text(visitor_text=visit)
    return small


def test_the_styles_keep_body_text_at_10_pt_and_tables_at_9():
    s = styles()
    assert s.body.fontSize >= 10
    for table_style in (s.cell, s.cell_bold, s.cell_number, s.cell_head, s.label, s.note):
        assert table_style.fontSize >= 9, table_style.name


@pytest.mark.parametrize(("kind", "scope"), REPORTS)
def test_nothing_in_a_reports_body_is_under_9_pt(demo_db_path, tmp_path, kind, scope):
    out = tmp_path / f"{kind}.pdf"
    assert main(["--db", str(demo_db_path), "report", kind, scope, "-o", str(out)]) == 0
    stray = {
        (size, text)
        for size, text in _small_runs(out)
        if not FURNITURE.match(text) and text not in CHART and not NUMBER.match(text)
    }
    assert not stray, stray
