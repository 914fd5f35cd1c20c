"""The cohort summary (for the board) read back from its PDF: no group of 1 to 4 people is
shown, nor can one be worked out by subtraction; the figures it does show are the counts
an independent reading of the exports gives."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from women_in_ddat.cli.main import main

pytestmark = pytest.mark.usefixtures("db_path")

COHORT = "Top Talent Kent 2026"
HIDDEN = ("<5", "[c]")
STAGES = {
    "Applied, awaiting a decision": "applied",
    "Accepted, not started": "accepted",
    "Active": "active",
    "Completed": "completed",
    "Withdrawn": "withdrawn",
}


def _layout_lines(path: Path) -> list[str]:
    reader = PdfReader(str(path))
    return [
        line.strip()
        for page in reader.pages
        for line in page.extract_text(extraction_mode="layout").splitlines()
        if line.strip()
    ]


def _section(lines: list[str], heading: str, end: str) -> list[str]:
    start = lines.index(heading)
    stop = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(end))
    # Less the page furniture (footer, running header) where a section crosses a page.
    return [
        line
        for line in lines[start + 1 : stop]
        if not line.startswith(("Produced ", "Top Talent  "))
    ]


def _cells(line: str) -> list[str]:
    """The figures at the end of a table row (a label's words come first)."""
    return re.findall(r"(?<!\S)(?:<5|\[c\]|\d[\d,]*%?|–)(?!\S)", line)


@pytest.fixture
def summary(demo_db_path: Path, tmp_path: Path) -> tuple[list[str], list[dict[str, str]]]:
    out = tmp_path / "cohort.pdf"
    assert main(["--db", str(demo_db_path), "report", "cohort", COHORT, "-o", str(out)]) == 0
    export = tmp_path / "participants.csv"
    assert (
        main(["--db", str(demo_db_path), "export", "participants", "-f", "csv", "-o", str(export)])
        == 0
    )
    with export.open(encoding="utf-8-sig", newline="") as handle:
        people = [
            p for p in csv.DictReader(handle) if p["cohort"] == COHORT and p["role"] == "mentee"
        ]
    return _layout_lines(out), people


def test_pipeline_counts_agree_with_the_export_and_hide_small_groups(summary):
    lines, people = summary
    real = Counter(p["status"] for p in people)
    assert any(0 < n < 5 for n in real.values()), "the demo cohort has a small group"
    table = _section(lines, "Pipeline", "The match rate")
    printed = {}
    for line in table:
        for label, status in STAGES.items():
            if line.startswith(label) and not line.startswith("Active,"):
                printed[status] = _cells(line[len(label) :])[0]
    assert set(printed) == set(STAGES.values())
    for status, shown in printed.items():
        if 0 < real[status] < 5:
            assert shown == "<5", (status, shown)
        elif shown not in HIDDEN:
            assert int(shown) == real[status], status
    # The stages add up to the mentees shown above them: never exactly one hidden.
    assert sum(1 for shown in printed.values() if shown in HIDDEN) != 1
    assert _cells(table[0])[0] == str(len(people))


def test_no_table_of_people_shows_a_group_of_one_to_four(summary):
    lines, _ = summary
    tables = [
        _section(lines, "Pipeline", "The match rate"),
        _section(lines, "Matches at risk", "Confidence change"),
        _section(lines, "Outcomes", "Outcomes credited"),
    ]
    by_organisation = _section(lines, "By organisation", "Groups of fewer")
    # Every column but the last (sessions) counts people.
    tables.append([" ".join(_cells(line)[:-1]) for line in by_organisation])
    seen = []
    for table in tables:
        for line in table:
            for cell in _cells(line):
                if cell.isdigit():
                    assert not 0 < int(cell) < 5, line
                seen.append(cell)
    assert "<5" in seen


def test_a_column_by_organisation_never_hides_exactly_one_figure_of_a_printed_total(summary):
    lines, _ = summary
    pipeline = _section(lines, "Pipeline", "The match rate")
    mentees, mentors, matched = _cells(pipeline[0])[:3]
    stage = {
        status: _cells(line[len(label) :])[0]
        for line in pipeline
        for label, status in STAGES.items()
        if line.startswith(label) and not line.startswith("Active,")
    }
    totals = [mentees, mentors, matched, stage["active"], stage["completed"], stage["withdrawn"]]
    rows = [_cells(line) for line in _section(lines, "By organisation", "Groups of fewer")]
    rows = [r for r in rows if len(r) == 7]
    assert len(rows) >= 5
    checked = 0
    for column, total in enumerate(totals):
        if total in HIDDEN:
            continue
        hidden = [r[column] for r in rows if r[column] in HIDDEN]
        assert len(hidden) != 1, column
        checked += 1
    assert checked >= 3


def test_no_small_group_by_subtraction_from_a_printed_whole(summary):
    """The unmatched (mentees past application less the matched) and the milestones not
    done (mentees less done) are groups too: never printed by subtraction as 1 to 4."""
    lines, _ = summary
    pipeline = _section(lines, "Pipeline", "The match rate")
    mentees, _, matched = _cells(pipeline[0])[:3]
    applied = next(_cells(line)[0] for line in pipeline if line.startswith("Applied"))
    if not {mentees, matched, applied} & set(HIDDEN):
        assert not 0 < int(mentees) - int(applied) - int(matched) < 5
    milestones = _section(lines, "Milestone completion", "Mentees counts")
    rows = [_cells(line) for line in milestones if len(_cells(line)) == 5]
    assert len(rows) >= 4
    for expected, done, *_ in rows:
        if expected not in HIDDEN and done not in HIDDEN:
            assert not 0 < int(expected) - int(done) < 5, (expected, done)


def test_a_completed_cohort_shows_its_completions_beside_one_withdrawal(demo_db_path, tmp_path):
    """Essex 2025: 9 completed, 1 withdrew. The second figure hidden to protect the one is
    the cohort's total, not the completions the board reads first."""
    out = tmp_path / "essex.pdf"
    cohort = "Top Talent Essex 2025"
    assert main(["--db", str(demo_db_path), "report", "cohort", cohort, "-o", str(out)]) == 0
    export = tmp_path / "participants.csv"
    assert (
        main(["--db", str(demo_db_path), "export", "participants", "-f", "csv", "-o", str(export)])
        == 0
    )
    with export.open(encoding="utf-8-sig", newline="") as handle:
        statuses = Counter(
            p["status"]
            for p in csv.DictReader(handle)
            if p["cohort"] == cohort and p["role"] == "mentee"
        )
    assert statuses["completed"] >= 5 and 0 < statuses["withdrawn"] < 5
    pipeline = _section(_layout_lines(out), "Pipeline", "The match rate")
    completed = next(line for line in pipeline if line.startswith("Completed"))
    assert _cells(completed[len("Completed") :])[0] == str(statuses["completed"])
