"""The programme impact report, read back from its three forms (pypdf, python-docx, openpyxl)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.reports.pdf_tools import read_pdf
from women_in_ddat.cli.main import main
from women_in_ddat.services.programme_report_suppression import CountGrid

pytestmark = pytest.mark.usefixtures("db_path")

# How a hidden count is printed: a small group, or a figure hidden beside one.
HIDDEN = ("<5", "[c]")


def _run(demo_db_path: Path, *args: str) -> int:
    return main(["--db", str(demo_db_path), *args])


def _export(demo_db_path: Path, tmp_path: Path, dataset: str) -> list[dict[str, str]]:
    out = tmp_path / f"{dataset}.csv"
    assert _run(demo_db_path, "export", dataset, "-f", "csv", "-o", str(out)) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _expected_headline(demo_db_path: Path, tmp_path: Path) -> dict[str, str]:
    """The headline counted independently, from the exports."""
    people = _export(demo_db_path, tmp_path, "participants")
    sessions = _export(demo_db_path, tmp_path, "sessions")
    started = {"active", "completed", "withdrawn"}
    run = {p["cohort"] for p in people if p["role"] == "mentee" and p["status"] in started}
    women = {p["email"] for p in people if p["role"] == "mentee" and p["status"] in started}
    mentors = {
        p["email"]
        for p in people
        if p["role"] == "mentor" and p["status"] in {"active", "completed"} and p["cohort"] in run
    }
    minutes = sum(int(s["duration_minutes"]) for s in sessions if s["cohort"] in run)
    return {
        "Women supported": str(len(women)),
        "Mentors who gave their time": str(len(mentors)),
        "Cohorts run": str(len(run)),
        "Hours of mentoring": f"{minutes / 60:.0f}",
    }


def test_headline_in_each_form_equals_a_count_from_the_exports(demo_db_path, tmp_path):
    import docx
    import openpyxl

    expected = _expected_headline(demo_db_path, tmp_path)
    assert int(expected["Women supported"]) >= 5
    for suffix in ("pdf", "docx", "xlsx"):
        assert _run(demo_db_path, "report", "programme", "-o", str(tmp_path / f"p.{suffix}")) == 0

    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["headline"]
    in_xlsx = {
        row[0]: row[1] for row in sheet.iter_rows(min_row=5, max_col=2, values_only=True) if row[0]
    }
    document = docx.Document(str(tmp_path / "p.docx"))
    in_docx = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    pdf_text = " ".join(read_pdf(tmp_path / "p.pdf").pages[0].split())
    for label, value in expected.items():
        assert f"{in_xlsx[label]:.0f}" == value, label
        assert in_docx[label].replace(",", "") == value, label
        assert f"{value} {label}" in pdf_text, label


def _count_sheets(book):  # type: ignore[no-untyped-def]
    tables = {}
    for name in book.sheetnames:
        if name == "headline" or name.startswith("chart_") or name == "cohort_development":
            continue
        rows = list(book[name].iter_rows(min_row=2, values_only=True))
        header, body = rows[0], [r for r in rows[1:] if r[0] is not None and any(r[1:])]
        tables[name] = (header, body)
    return tables


def _people(head: object) -> bool:
    """A column of people counts (not a share, a number of cohorts or of hours)."""
    return bool(head) and "%" not in str(head) and head not in ("Cohorts", "Hours of mentoring")


def test_no_group_of_one_to_four_appears_even_by_subtraction(demo_db_path, tmp_path):
    import openpyxl

    assert _run(demo_db_path, "report", "programme", "-o", str(tmp_path / "p.xlsx")) == 0
    tables = _count_sheets(openpyxl.load_workbook(tmp_path / "p.xlsx"))
    hidden_seen = 0
    for name, (header, body) in tables.items():
        for row in body:
            for head, value in zip(header, row, strict=False):
                if _people(head) and isinstance(value, int | float):
                    assert not 0 < value < 5, (name, row)
                hidden_seen += value in HIDDEN
    assert hidden_seen, "the demo has small groups: some figure must be hidden"
    # A figure hidden only to protect a total is not printed as a small group.
    numbers = {
        (name, row[0], head): value
        for name, (header, body) in tables.items()
        for row in body
        for head, value in zip(header, row, strict=False)
    }
    assert any(v == "[c]" for v in numbers.values())
    # Columns with a total row: the total less the shown figures never isolates one hidden.
    for name in ("organisations", "regions", "cohort_places", "withdrawal_reasons"):
        header, body = tables[name]
        *parts, total = body
        for col, head in enumerate(header):
            if col == 0 or not isinstance(total[col], int | float) or not _people(head):
                continue
            hidden = [r for r in parts if r[col] in HIDDEN]
            assert len(hidden) != 1, (name, head)


def test_one_hidden_figure_in_a_sum_hides_a_second():
    grid = CountGrid()
    for key, value in (("a", 3), ("b", 12), ("c", 9)):
        grid.add(key, value)
    grid.add("total", 24, total=True)
    grid.line(["a", "b", "c", "total"])
    assert grid.suppressed() == {"a", "c"}


def test_a_hidden_complement_hides_the_figure_it_reveals():
    grid = CountGrid()
    grid.add("took_part", 20, total=True)
    grid.add("promoted", 18)
    grid.add("not_promoted", 2, hidden=True)
    grid.line(["promoted", "not_promoted", "took_part"])
    assert "promoted" in grid.suppressed()


def test_word_document_has_headings_tables_and_chart_alt_text(demo_db_path, tmp_path):
    import docx

    assert _run(demo_db_path, "report", "programme", "-o", str(tmp_path / "p.docx")) == 0
    document = docx.Document(str(tmp_path / "p.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert {"Headline", "Cohort by cohort", "Year on year"} <= set(headings)
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert descriptions and all(d and d.startswith("Bar chart") for d in descriptions)
    places = next(t for t in document.tables if t.rows[0].cells[0].text == "Cohort")
    assert places.rows[1].cells[2].paragraphs[0].alignment == 2  # right: a number


def test_pdf_prints_each_chart_description_and_the_method(demo_db_path, tmp_path):
    assert _run(demo_db_path, "report", "programme", "-o", str(tmp_path / "p.pdf")) == 0
    facts = read_pdf(tmp_path / "p.pdf")
    text = " ".join(facts.text.split())
    assert text.count("Chart description.") == 2
    assert "How these figures were made" in text
    assert "Training-day attendance is read from the events' registers" in text
    assert [title for _, title in facts.outline][:2] == ["Headline", "Cohort by cohort"]


def test_a_year_range_leaves_other_cohorts_out(demo_db_path, tmp_path):
    import openpyxl

    out = tmp_path / "p.xlsx"
    assert _run(demo_db_path, "report", "programme", "-o", str(out), "--from", "2026") == 0
    years = [
        r[0] for r in openpyxl.load_workbook(out)["years"].iter_rows(min_row=3, values_only=True)
    ]
    assert "2025" not in years and "2026" in years


def test_a_wrong_suffix_or_backwards_years_is_refused_in_one_line(demo_db_path, tmp_path, capsys):
    assert _run(demo_db_path, "report", "programme", "-o", str(tmp_path / "p.txt")) != 0
    assert ".pdf, .docx or .xlsx" in capsys.readouterr().err
    code = _run(
        demo_db_path,
        "report",
        "programme",
        "-o",
        str(tmp_path / "p.pdf"),
        "--from",
        "2027",
        "--to",
        "2025",
    )
    assert code != 0 and not (tmp_path / "p.pdf").exists()


def test_a_hidden_figure_reads_as_a_small_group_only_when_it_is_one(demo_db_path, tmp_path):
    """'<5' is printed for 1 to 4 people only; a larger figure hidden to protect a total
    shows as '[c]' (the demo's 9 completions beside 1 withdrawal must not read '<5')."""
    import openpyxl

    people = _export(demo_db_path, tmp_path, "participants")
    assert _run(demo_db_path, "report", "programme", "-o", str(tmp_path / "p.xlsx")) == 0
    header, body = _count_sheets(openpyxl.load_workbook(tmp_path / "p.xlsx"))["cohort_places"]
    status_of = {"Completed": "completed", "Withdrew": "withdrawn", "Still taking part": "active"}
    checked = 0
    for row in body[:-1]:
        for head, printed in zip(header, row, strict=False):
            if head not in status_of:
                continue
            real = sum(
                1
                for p in people
                if p["cohort"] == row[0]
                and p["role"] == "mentee"
                and p["status"] == status_of[head]
            )
            if printed == "<5":
                assert 0 < real < 5, (row[0], head, real)
            elif printed != "[c]":
                assert printed == real, (row[0], head)
            checked += 1
    assert checked >= 6
    # A cohort's completions stay shown beside one withdrawal (its total is hidden instead).
    essex = next(r for r in body if r[0] == "Top Talent Essex 2025")
    assert essex[header.index("Completed")] == sum(
        1
        for p in people
        if p["cohort"] == essex[0] and p["role"] == "mentee" and p["status"] == "completed"
    )
