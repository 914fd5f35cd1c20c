"""A spreadsheet import spells DDaT roles and families as the programme database's framework does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing.corpus import write_csv
from tests.matching.framework_files import role_rows, write_roles
from women_in_ddat.cli.main import main
from women_in_ddat.services.context import Services

HEADER = ["First name", "Last name", "Email", "DDaT role"]
NEW_ROLE = [
    "Quantum",
    "quantum wrangler",
    "",
    "Quantum wrangler",
    "",
    "Qubits",
    "",
    "Expert",
    "",
    "",
]


def _import(capsys: pytest.CaptureFixture[str], path: Path, db: str) -> None:
    assert main(["import", str(path), "--db", db]) == 0, capsys.readouterr()
    capsys.readouterr()


def test_a_role_only_in_the_newly_imported_framework_is_recognised(
    services: Services, db_target: str, tmp_path: Path, capsys
) -> None:
    before = write_csv(
        tmp_path / "before.csv",
        [HEADER, ["Ann", "One", "ann.one@example.gov.uk", "QUANTUM wrangler"]],
    )
    _import(capsys, before, db_target)
    first = services.people.by_email("ann.one@example.gov.uk")
    # The shipped framework has no such role: kept as typed, no family.
    assert (first.current_role, first.current_role_family or "") == ("QUANTUM wrangler", "")

    services.framework.import_csvs(
        write_roles(tmp_path / "roles.csv", [*role_rows(), NEW_ROLE]), version="v2"
    )
    after = write_csv(
        tmp_path / "after.csv",
        [HEADER, ["Bea", "Two", "bea.two@example.gov.uk", "QUANTUM wrangler"]],
    )
    _import(capsys, after, db_target)
    second = services.people.by_email("bea.two@example.gov.uk")
    # The framework now in use knows it: its spelling, and its family filled in.
    assert (second.current_role, second.current_role_family) == ("quantum wrangler", "Quantum")


def test_the_template_lists_the_framework_in_use(
    services: Services, db_target: str, tmp_path: Path, capsys
) -> None:
    from python_calamine import CalamineWorkbook

    services.framework.import_csvs(
        write_roles(tmp_path / "roles.csv", [*role_rows(), NEW_ROLE]), version="v2"
    )
    target = tmp_path / "template.xlsx"
    assert main(["import", "--template", str(target), "--db", db_target]) == 0
    guide = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Guide").to_python()
    families = [row[3] for row in guide[1:] if len(row) > 3 and row[3]]
    assert families == ["Product and delivery", "Data", "Quantum"]


def test_the_template_without_a_database_lists_the_shipped_framework(
    tmp_path: Path, capsys
) -> None:
    from python_calamine import CalamineWorkbook

    from women_in_ddat.domain.reference import load_framework

    missing = tmp_path / "none" / "programme.db"
    target = tmp_path / "template.xlsx"
    assert main(["import", "--template", str(target), "--db", str(missing)]) == 0
    assert not missing.exists()  # saving a template creates no database
    guide = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Guide").to_python()
    families = [row[3] for row in guide[1:] if len(row) > 3 and row[3]]
    assert families == [f.name for f in load_framework().families]
