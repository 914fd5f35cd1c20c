"""Every accepted format, written by the program that really writes it, reads the same people."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.importing.corpus import (
    EMAILS,
    HEADER,
    PEOPLE,
    write_csv,
    write_ods,
    write_openpyxl,
    write_unicode_text,
    write_xls,
    write_xlsxwriter,
)
from women_in_ddat.importing.run import ImportSettings, prepare

TABLE = [HEADER, *PEOPLE]


def read(path: Path, **settings: object):
    return prepare(path, ImportSettings(use_remembered_mappings=False, **settings))  # type: ignore[arg-type]


def assert_people(prepared) -> None:
    records = prepared.records
    assert [r.email for r in records] == EMAILS
    assert [r.problems for r in records] == [[]] * len(EMAILS)
    first = records[0]
    assert first.person["first_name"] == "Zoë" and first.person["last_name"] == "Hughes"
    assert first.organisation == "Essex County Council"
    assert first.role == "mentee" and records[3].role == "mentor"
    assert first.start_date == date(2026, 1, 12)
    assert first.mentor_email == "helen.carter@kent.gov.uk"
    assert records[2].person["last_name"] == "Łukasiewicz"


@pytest.mark.parametrize(
    "writer, suffix",
    [
        (lambda p: write_openpyxl(p, {"Cohort": TABLE}), ".xlsx"),
        (lambda p: write_xlsxwriter(p, {"Cohort": TABLE}), ".xlsx"),
        (lambda p: write_openpyxl(p, {"Cohort": TABLE}), ".xlsm"),
        (lambda p: write_ods(p, {"Cohort": TABLE}), ".ods"),
        (lambda p: write_xls(p, TABLE), ".xls"),
        (lambda p: write_csv(p, TABLE, encoding="utf-8"), ".csv"),
        (lambda p: write_csv(p, TABLE, encoding="utf-8-sig"), ".csv"),
        (lambda p: write_unicode_text(p, TABLE), ".txt"),
    ],
    ids=[
        "openpyxl",
        "xlsxwriter",
        "xlsm",
        "ods",
        "xls",
        "csv-utf8",
        "csv-utf8-bom",
        "unicode-text",
    ],
)
def test_each_format_reads_the_same_people(tmp_path: Path, writer, suffix: str) -> None:
    assert_people(read(writer(tmp_path / f"cohort{suffix}")))


def test_cp1252_csv_keeps_pound_and_accents(tmp_path: Path) -> None:
    rows = [
        HEADER,
        [
            "Mairéad",
            "Ó Súilleabháin",
            "m.os@medway.gov.uk",
            "Medway Council",
            "Budget £ lead",
            "mentee",
            "Data",
            "12/01/2026",
            "",
        ],
    ]
    prepared = read(write_csv(tmp_path / "c.csv", rows, encoding="cp1252"))
    record = prepared.records[0]
    assert record.person["first_name"] == "Mairéad"
    assert record.person["job_title"] == "Budget £ lead"  # never "Ł"
    assert "read as cp1252 text" in prepared.notes[0]


def test_encoding_override_wins(tmp_path: Path) -> None:
    # Valid UTF-8 bytes that were really meant as cp1252 (mojibake): the coordinator says so.
    rows = [HEADER, ["Zoë", "Hughes", "z@essex.gov.uk", "", "", "mentee", "", "", ""]]
    path = write_csv(tmp_path / "c.csv", rows, encoding="utf-8")
    assert read(path).records[0].person["first_name"] == "Zoë"
    assert read(path, encoding="cp1252").records[0].person["first_name"] == "ZoÃ«"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "c.csv", TABLE, delimiter=delimiter, title_rows=["Intake list"])
    assert_people(read(path))


def test_delimiter_override(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", TABLE, delimiter=";")
    # Forced to commas, the whole line is one column: no email column found.
    from women_in_ddat.errors import FileProblem

    with pytest.raises(FileProblem, match="no header row with an email column"):
        read(path, delimiter=",")
    assert_people(read(path, delimiter=";"))


def test_title_rows_and_offset_table_keep_spreadsheet_row_numbers(tmp_path: Path) -> None:
    rows = [
        ["Top Talent Kent 2026 - intake"],
        [],
        HEADER,
        *PEOPLE[:2],
        ["No", "Email", "not-an-email"],
    ]
    path = write_openpyxl(tmp_path / "c.xlsx", {"Cohort": rows}, start_cell=(3, 3))
    prepared = read(path)
    records = prepared.records
    # The header sits on row 5 (3 + 2); data from row 6; columns start at C.
    assert [r.ref.row for r in records] == [6, 7, 8]
    bad = records[2]
    assert [(p.column, p.reason) for p in bad.problems] == [
        ("E (Email)", "not a valid email address")
    ]


def test_several_sheets_hidden_skipped_unless_named(tmp_path: Path) -> None:
    mentees = [
        [h for h in HEADER if h != "Role"],
        *[[v for i, v in enumerate(p) if i != 5] for p in PEOPLE[:3]],
    ]
    mentors = [HEADER[:5], *[p[:5] for p in PEOPLE[3:]]]
    secret = [HEADER, ["X", "Y", "hidden.person@essex.gov.uk", "", "", "mentee", "", "", ""]]
    notes = [["Read me first"], ["This workbook lists the cohort."]]
    path = write_openpyxl(
        tmp_path / "c.xlsx",
        {"Notes": notes, "Mentees": mentees, "Mentors": mentors, "Old list": secret},
        hidden=["Old list"],
    )
    prepared = read(path)
    assert [r.email for r in prepared.records] == EMAILS
    # Roles come from the sheet names.
    assert [r.role for r in prepared.records] == ["mentee"] * 3 + ["mentor"] * 2
    assert any("hidden sheets skipped: Old list" in n for n in prepared.notes)
    assert any("'Notes' skipped" in n for n in prepared.notes)
    named = read(path, sheets=["Old list"])
    assert [r.email for r in named.records] == ["hidden.person@essex.gov.uk"]


def test_hidden_ods_sheet_is_skipped(tmp_path: Path) -> None:
    secret = [HEADER, ["X", "Y", "hidden.person@essex.gov.uk", "", "", "mentee", "", "", ""]]
    path = write_ods(tmp_path / "c.ods", {"Cohort": TABLE, "Archive": secret}, hidden=["Archive"])
    assert [r.email for r in read(path).records] == EMAILS
    assert [r.email for r in read(path, sheets=["Archive"]).records] == [
        "hidden.person@essex.gov.uk"
    ]


def test_1904_workbook_dates_and_serials(tmp_path: Path) -> None:
    # Serial 44,000 is 18 June 2020 counted from 1900, and 1,462 days later counted from 1904.
    rows = [HEADER, [*PEOPLE[0][:7], date(2026, 1, 12), ""], [*PEOPLE[1][:7], 44000, ""]]
    records = read(write_openpyxl(tmp_path / "mac.xlsx", {"Cohort": rows}, epoch_1904=True)).records
    assert records[0].start_date == date(2026, 1, 12)
    assert records[1].start_date == date(2024, 6, 19)
    records = read(write_openpyxl(tmp_path / "pc.xlsx", {"Cohort": rows})).records
    assert records[1].start_date == date(2020, 6, 18)


def test_a_lying_dimension_tag_drops_no_rows(tmp_path: Path) -> None:
    path = write_openpyxl(tmp_path / "c.xlsx", {"Cohort": TABLE})
    liar = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C2"', data)
                assert count == 1
            dst.writestr(info, data)
    assert_people(read(liar))
