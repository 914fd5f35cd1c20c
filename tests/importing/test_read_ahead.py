"""The command line reads a workbook on a thread while it starts up.

What the read-ahead hands over must be exactly what reading in line gives,
a file it refuses must be refused the same way, and the command line must
really use it (or an import would quietly go back to reading in line).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.importing.corpus import HEADER, PEOPLE, write_csv, write_openpyxl
from tests.importing.test_refusals import rebuild_zip
from women_in_ddat.cli.main import main
from women_in_ddat.errors import FileProblem
from women_in_ddat.importing import read_ahead as read_ahead_module
from women_in_ddat.importing.read_ahead import start_reading
from women_in_ddat.importing.reading import ReadOptions, read_file
from women_in_ddat.importing.run import ImportSettings, prepare

MENTORS = [
    HEADER,
    ["Helen", "Carter", "helen.carter@essex.gov.uk", "Essex CC", "Head of data", "mentor"],
]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_openpyxl(
        tmp_path / "cohort.xlsx",
        {"Cohort": [HEADER, *PEOPLE], "Mentors": MENTORS, "Old": [HEADER]},
        hidden=["Old"],
    )


@pytest.mark.parametrize("sheets", [None, ["Mentors"], ["Old", "Cohort"]])
def test_the_read_ahead_gives_what_reading_in_line_gives(
    workbook: Path, sheets: list[str] | None
) -> None:
    options = ReadOptions(sheets=sheets)
    ahead = start_reading(workbook, options)
    assert ahead is not None
    early, in_line = ahead.result(), read_file(workbook, options)
    assert early.source == in_line.source
    assert early.sha256 == in_line.sha256
    assert early.all_sheets == in_line.all_sheets
    assert [t.name for t in early.tables] == (sheets or ["Cohort", "Mentors"])
    assert early.tables == in_line.tables


def test_text_files_are_read_in_line(tmp_path: Path) -> None:
    assert start_reading(write_csv(tmp_path / "c.csv", [HEADER, *PEOPLE]), ReadOptions()) is None


def test_a_refused_workbook_is_refused_before_any_thread_starts(tmp_path: Path) -> None:
    html = tmp_path / "page.xlsx"
    html.write_text("<html><body>Cohort</body></html>", encoding="utf-8")
    threads = threading.active_count()
    with pytest.raises(FileProblem, match="page.xlsx is a web page"):
        start_reading(html, ReadOptions())
    assert threading.active_count() == threads


def test_a_workbook_calamine_cannot_read_fails_as_it_does_in_line(
    tmp_path: Path, workbook: Path
) -> None:
    broken = rebuild_zip(
        workbook,
        tmp_path / "broken.xlsx",
        {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"},
    )
    with pytest.raises(FileProblem) as in_line:
        read_file(broken, ReadOptions())
    ahead = start_reading(
        broken, ReadOptions()
    )  # passes the refusals: the damage is inside a sheet
    assert ahead is not None
    with pytest.raises(FileProblem) as early:
        ahead.result()
    assert early.value.message == in_line.value.message
    assert "broken.xlsx: sheet 'Cohort' cannot be read" in early.value.message


def test_prepare_reads_in_line_when_the_read_ahead_read_other_sheets(workbook: Path) -> None:
    ahead = start_reading(workbook, ReadOptions(sheets=["Mentors"]))
    prepared = prepare(workbook, ImportSettings(use_remembered_mappings=False), read_ahead=ahead)
    assert [s.table.name for s in prepared.sheets] == ["Cohort", "Mentors"]


def test_the_command_line_imports_from_the_read_ahead(
    workbook: Path,
    capsys: pytest.CaptureFixture[str],
    db_target: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    results = []
    real_result = read_ahead_module.ReadAhead.result

    def counted(self: read_ahead_module.ReadAhead):  # type: ignore[no-untyped-def]
        results.append(self.path)
        return real_result(self)

    monkeypatch.setattr(read_ahead_module.ReadAhead, "result", counted)
    assert main(["import", str(workbook), "--cohort", "Kent 2026", "--db", db_target]) == 0
    assert results == [workbook]
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Imported (batch 1): 6 created, 0 updated, 0 unchanged, 0 rejected."
    )


def test_a_bad_option_is_reported_by_the_command_not_lost_by_the_read_ahead(
    workbook: Path, capsys: pytest.CaptureFixture[str], db_target: str
) -> None:
    assert main(["import", str(workbook), "--encoding", "klingon", "--db", db_target]) == 2
    assert "Unknown encoding 'klingon'" in capsys.readouterr().err
