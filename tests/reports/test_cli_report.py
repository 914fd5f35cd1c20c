"""``women-in-ddat report ...`` as a coordinator types it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.pdf_tools import read_pdf
from women_in_ddat.cli.main import main

ZOE = "zoe.hughes@essex.gov.uk"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["person", ZOE], "Progress summary: Zoë Hughes"),
        (
            ["person", ZOE.upper(), "--cohort", "top talent essex 2025"],
            "Progress summary: Zoë Hughes",
        ),
        (["certificate", ZOE], "Certificate of completion: Zoë Hughes"),
        (["cohort", "Top Talent Kent 2026"], "Cohort summary: Top Talent Kent 2026"),
        (["organisation", "kent county council"], "Organisation report: Kent County Council"),
    ],
)
def test_each_report_command_writes_its_pdf(demo_db_target, out, capsys, args, title) -> None:  # type: ignore[no-untyped-def]
    target = out / "report.pdf"
    assert main(["--db", demo_db_target, "report", *args, "-o", str(target)]) == 0
    assert read_pdf(target).metadata["/Title"] == title
    assert f"Wrote {target}." in capsys.readouterr().err


def test_batch_writes_a_folder_of_summaries_or_one_combined_file(
    demo_db_target, out, capsys
) -> None:  # type: ignore[no-untyped-def]
    db = ["--db", demo_db_target]
    assert (
        main(
            [
                *db,
                "report",
                "batch",
                "--cohort",
                "Top Talent Kent 2026",
                "--out-dir",
                str(out / "kent"),
            ]
        )
        == 0
    )
    files = sorted((out / "kent").iterdir())
    assert files and all(f.suffix == ".pdf" for f in files)
    assert f"Wrote {len(files)} PDF files" in capsys.readouterr().err
    assert (
        main(
            [
                *db,
                "report",
                "batch",
                "--cohort",
                "Top Talent Kent 2026",
                "--out-dir",
                str(out),
                "--combined",
            ]
        )
        == 0
    )
    assert (out / "top-talent-kent-2026-progress-summaries.pdf").exists()


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["person", "someone@nowhere.org", "-o", "{out}/x.pdf"], 4, "No one with that email"),
        (["cohort", "Atlantis", "-o", "{out}/x.pdf"], 4, "There is no cohort called 'Atlantis'"),
        (["person", ZOE, "-o", "{out}/x.txt"], 2, "should end in .pdf"),
        (["person", ZOE, "-o", "{out}"], 2, "not a folder"),
        (
            [
                "certificate",
                "grace.okafor@essex.gov.uk",
                "--cohort",
                "Top Talent Kent 2026",
                "-o",
                "{out}/x.pdf",
            ],
            5,
            "not a mentee in that cohort",
        ),
        (["person", ZOE, "-o", "{out}/missing/x.pdf"], 6, "Cannot write the report x.pdf"),
        (
            ["batch", "--cohort", "Top Talent Kent 2026", "--out-dir", "{out}", "--jobs", "0"],
            2,
            "--jobs must be at least 1",
        ),
    ],
)
def test_mistakes_get_one_clear_line_and_no_file(
    demo_db_target, out, capsys, args, code, says
) -> None:  # type: ignore[no-untyped-def]
    args = [a.replace("{out}", str(out)) for a in args]
    assert main(["--db", demo_db_target, "report", *args]) == code
    err = capsys.readouterr().err
    assert says in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert "someone@nowhere.org" not in err
    assert list(out.iterdir()) == []


def test_the_command_line_starts_without_loading_reportlab() -> None:
    """Start-up time matters: only running a report may import ReportLab."""
    import subprocess
    import sys

    code = (
        "import sys; from women_in_ddat.cli.main import build_parser; build_parser(); "
        "print(sorted(m for m in ('reportlab', 'sqlalchemy', 'PySide6') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "reportlab" not in result.stdout
