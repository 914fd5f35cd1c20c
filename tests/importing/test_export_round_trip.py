"""An export read back by the import gives what was stored: export, import, export is exact.

The CSV export puts an apostrophe before formula-like text and the import
takes it off; the xlsx export writes text cells as they are. JSON is not an
import format: its export is compared with the values stored.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import openpyxl
import pytest

from women_in_ddat.domain.formula_text import neutralise, restore
from women_in_ddat.importing.run import ImportSettings, run_import
from women_in_ddat.services.context import Services
from women_in_ddat.services.exporting import export
from women_in_ddat.services.people import PersonInput

# Text a spreadsheet would run, an apostrophe typed before it, apostrophes elsewhere;
# in the columns the import reads (it takes no preferred name or pronouns).
AWKWARD = [
    PersonInput(
        email="dash@essex.gov.uk",
        first_name="Ann",
        last_name="-Dash",
        phone="+44 1245 000000",
        job_title="=1+1",
        region="@home",
    ),
    PersonInput(
        email="quote@essex.gov.uk",
        first_name="'=typed",
        last_name="O'Neill",
        phone="+44 (0)1245 000001",  # phone numbers are checked: the awkward text is elsewhere
        job_title="'Tis the season",
        organisation="Łódź & <Partners>",
        region="''+two",
    ),
    PersonInput(
        email="lone@essex.gov.uk",
        first_name="'",
        last_name="'-",
        job_title="@",
        region="'",
        line_manager_email="quote@essex.gov.uk",
    ),
    PersonInput(
        email="plain@essex.gov.uk",
        first_name="Zoë",
        last_name="Hughes",
        job_title="Data analyst",
        organisation="Essex County Council",
        phone="07700 900123",
        current_role_family="Data",
    ),
]


@pytest.mark.parametrize(
    "text", ["=1", "+44", "-Dash", "@x", "\tx", "\rx", "'=x", "''-y", "'", "'Tis", "O'N", "", "x"]
)
def test_restore_undoes_neutralise(text: str) -> None:
    assert restore(neutralise(text)) == text


def _people(target: str) -> dict[str, dict[str, str]]:
    out = Services.open(target, actor="tester")
    try:
        return {p.email: asdict(p) for p in map(out.people.get, [r.id for r in out.people.rows()])}
    finally:
        out.close()


def _read_xlsx(path: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_import_export_is_exact(services, tmp_path: Path, fmt: str) -> None:
    for person in AWKWARD:
        services.people.create(person)
    services.close()
    first, second = tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"
    export(services.db.target.url, "people", fmt, str(first))

    copy = str(tmp_path / "copy.db")
    Services.open(copy, actor="tester").close()
    result = run_import(copy, first, ImportSettings(use_remembered_mappings=False), actor="tester")
    assert result.outcome.written and result.outcome.created == len(AWKWARD), (
        result.outcome.summary_line()
    )
    export(copy, "people", fmt, str(second))

    if fmt == "csv":
        assert second.read_bytes() == first.read_bytes()
    else:
        assert _read_xlsx(second) == _read_xlsx(first)
    # And the values read back are the values stored: no apostrophe added or lost.
    before, after = _people(services.db.target.url), _people(copy)
    for email, person in before.items():
        for field in (
            "first_name",
            "last_name",
            "phone",
            "job_title",
            "region",
            "line_manager_email",
            "current_role_family",
        ):
            assert after[email][field] == person[field], (email, field)


def test_xlsx_text_cells_carry_the_text_exactly(services, tmp_path: Path) -> None:
    services.people.create(AWKWARD[0])
    services.close()
    path = tmp_path / "people.xlsx"
    export(services.db.target.url, "people", "xlsx", str(path))
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    row = {name: sheet.cell(row=2, column=i + 1) for i, name in enumerate(header)}
    assert row["Last name"].value == "-Dash" and row["Last name"].data_type == "s"
    assert row["Phone"].value == "+44 1245 000000" and row["Phone"].data_type == "s"
    assert row["Job title"].value == "=1+1" and row["Job title"].data_type == "s"


def test_xlsx_headings_are_plain_words_frozen_above_columns_sized_to_them(
    services, tmp_path: Path
) -> None:
    services.people.create(AWKWARD[3])
    services.close()
    path = tmp_path / "people.xlsx"
    export(services.db.target.url, "people", "xlsx", str(path))
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["First name", "Last name"]
    assert "Current role family" in header and "Line manager email" in header
    assert sheet.freeze_panes == "A2"
    width = {title: sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width
             for i, title in enumerate(header)}  # fmt: skip
    assert width["Current role family"] >= len("Current role family")
    assert width["Email"] >= len("plain@essex.gov.uk") and width["Email"] != width["Phone"]
    # The CSV keeps the field names scripts read.
    export(services.db.target.url, "people", "csv", str(tmp_path / "people.csv"))
    assert (tmp_path / "people.csv").read_text(encoding="utf-8-sig").startswith("first_name,")


def test_json_export_is_the_stored_values(services, tmp_path: Path) -> None:
    for person in AWKWARD:
        services.people.create(person)
    services.close()
    path = tmp_path / "people.json"
    export(services.db.target.url, "people", "json", str(path))
    stored = _people(services.db.target.url)
    for row in json.loads(path.read_text("utf-8")):
        for field in ("first_name", "last_name", "preferred_name", "phone", "job_title", "region"):
            assert row[field] == stored[row["email"]][field]
