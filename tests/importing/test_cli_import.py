"""``women-in-ddat import`` as a coordinator runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing.corpus import EMAILS, HEADER, NAMES, PEOPLE, write_csv, write_openpyxl
from women_in_ddat.cli.main import main


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_undo_round_trip(tmp_path: Path, capsys, db_target: str) -> None:
    db = db_target
    path = write_openpyxl(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]})
    code, out, _ = cli(capsys, "import", str(path), "--cohort", "Kent 2026", "--db", db)
    assert code == 0
    assert (
        out.splitlines()[-1] == "Imported (batch 1): 5 created, 0 updated, 0 unchanged, 0 rejected."
    )
    assert "Cohort 'Kent 2026' was created." in out and "3 matches were proposed." in out
    code, out, _ = cli(capsys, "import", str(path), "--cohort", "Kent 2026", "--db", db)
    assert (
        out.splitlines()[-1] == "Nothing to change: 0 created, 0 updated, 5 unchanged, 0 rejected."
    )
    code, out, _ = cli(capsys, "import", "--list", "--db", db)
    assert "c.xlsx  -> Kent 2026: 5 created" in out
    code, out, _ = cli(capsys, "import", "--undo", "1", "--db", db)
    assert code == 0 and out.startswith("Import batch 1 undone:")
    code, _, err = cli(capsys, "import", "--undo", "1", "--db", db)
    assert code == 5 and "already been undone" in err


def test_strict_refusal_exit_code_and_problem_lines(tmp_path: Path, capsys, db_target: str) -> None:
    db = db_target
    path = write_csv(
        tmp_path / "c.csv", [HEADER, *PEOPLE, ["A", "B", "bad", "", "", "mentee", "", "", ""]]
    )
    code, out, _ = cli(capsys, "import", str(path), "--cohort", "K", "--db", db)
    assert code == 2
    assert "  c.csv, row 7, column C (Email): not a valid email address" in out.splitlines()
    assert "were proposed" not in out
    code, out, _ = cli(
        capsys,
        "import",
        str(path),
        "--cohort",
        "K",
        "--db",
        db,
        "--skip-invalid",
        "--rejects",
        str(tmp_path / "back.xlsx"),
    )
    assert code == 0 and "5 created, 0 updated, 0 unchanged, 1 rejected" in out
    from python_calamine import CalamineWorkbook

    sheet = (
        CalamineWorkbook.from_path(str(tmp_path / "back.xlsx")).get_sheet_by_index(0).to_python()
    )
    assert sheet[0][:4] == ["Where", "What to fix", "First name", "Last name"]
    assert sheet[1][:4] == ["c.csv row 7", "C (Email): not a valid email address", "A", "B"]


def test_dry_run_and_file_problems(tmp_path: Path, capsys, db_target: str) -> None:
    db = db_target
    path = write_csv(tmp_path / "c.csv", [HEADER, *PEOPLE])
    code, out, _ = cli(capsys, "import", str(path), "--cohort", "K", "--db", db, "--dry-run")
    assert code == 0 and out.splitlines()[-1].startswith(
        "Dry run, nothing written: would be 5 created"
    )
    html = tmp_path / "page.xlsx"
    html.write_text("<html></html>", encoding="utf-8")
    code, _, err = cli(capsys, "import", str(html), "--db", db)
    assert code == 6 and err.count("\n") == 1 and "web page" in err
    code, _, err = cli(capsys, "import", str(path), "--db", db, "--delimiter", "x")
    assert code == 2 and "comma, semicolon, tab or bar" in err


def test_template_imports_cleanly_once_filled(tmp_path: Path, capsys, db_target: str) -> None:
    template = tmp_path / "template.xlsx"
    code, _, _ = cli(capsys, "import", "--template", str(template))
    assert code == 0
    import openpyxl

    book = openpyxl.load_workbook(template)
    sheet = book["Cohort"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["First name", "Last name", "Email"]
    values = {"First name": "Ann", "Last name": "Lee", "Email": "ann@x.gov.uk", "Role": "Mentee"}
    for col, header in enumerate(headers, start=1):
        if header in values:
            sheet.cell(row=2, column=col, value=values[header])
    book.save(template)
    code, out, _ = cli(capsys, "import", str(template), "--cohort", "K", "--db", db_target)
    assert code == 0 and "1 created" in out


def test_the_log_never_holds_names_or_emails(
    tmp_path: Path, capsys, private_home: Path, db_target: str
) -> None:
    db = db_target
    bad = [*PEOPLE, [PEOPLE[0][0], "X", "broken-email", "", "", "boss", "", "99/99/2026", "nobody"]]
    cli(
        capsys,
        "import",
        str(write_csv(tmp_path / "c.csv", [HEADER, *bad])),
        "--cohort",
        "K",
        "--db",
        db,
    )
    cli(
        capsys,
        "import",
        str(write_csv(tmp_path / "d.csv", [HEADER, *PEOPLE])),
        "--cohort",
        "K",
        "--db",
        db,
    )
    cli(capsys, "import", "--undo", "1", "--db", db)
    logs = "".join(p.read_text(encoding="utf-8") for p in private_home.rglob("*.log*"))
    assert "import batch 1 written" in logs
    for secret in [*NAMES, *EMAILS, "broken-email"]:
        assert secret not in logs, secret


def test_columns_not_imported_are_listed_with_the_closest_field(
    tmp_path: Path, capsys, db_path: Path
) -> None:
    path = write_csv(tmp_path / "c.csv", [["Email", "Role / job title", "Line mngr", "Favourite colour"],
                                          ["a@kent.gov.uk", "Analyst", "b@kent.gov.uk", "blue"]])  # fmt: skip
    code, out, _ = cli(
        capsys, "import", str(path), "--cohort", "K", "--dry-run", "--db", str(db_path)
    )
    assert (
        "columns not imported: C (Line mngr) [closest field: Line manager email], D (Favourite colour)\n"
        in out
    )
