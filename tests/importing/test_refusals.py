"""Files we refuse: a clear one-line reason, nothing written, little memory.

Each hazard is a real file. The memory bound is checked with tracemalloc
(refusal must happen before anything is expanded); there are no timings
here (speed lives in tests/benchmarks).
"""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from tests.importing.corpus import HEADER, PEOPLE, write_csv, write_ods, write_openpyxl
from tests.importing.test_import_writes import table_counts
from women_in_ddat.errors import FileProblem
from women_in_ddat.importing.run import ImportSettings, prepare, run_import

TABLE = [HEADER, *PEOPLE]


def refuse(path: Path, match: str) -> str:
    tracemalloc.start()
    try:
        with pytest.raises(FileProblem, match=match) as caught:
            prepare(path, ImportSettings(use_remembered_mappings=False))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"refusing used {peak // 1024} KiB"
    message = caught.value.message
    assert "\n" not in message and path.name in message
    return message


def rebuild_zip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return target


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_openpyxl(tmp_path / "good.xlsx", {"Cohort": TABLE})


def test_html_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text(
        "<html><body><table><tr><td>Email</td></tr></table></body></html>", encoding="utf-8"
    )
    assert "a web page (HTML)" in refuse(path, "not an Excel workbook")


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("\ufeff<!DOCTYPE html><table><tr><td>Email</td></tr></table>", encoding="utf-8")
    refuse(path, "a web page")


def test_csv_saved_as_xlsx(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.xlsx", TABLE)
    refuse(path, "is a text file, not an Excel workbook")


def test_workbook_saved_as_csv(tmp_path: Path, workbook: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(workbook.read_bytes())
    refuse(path, "zip archive")


def test_ods_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(write_ods(tmp_path / "real.ods", {"Cohort": TABLE}).read_bytes())
    refuse(path, "LibreOffice spreadsheet saved with an Excel name")


def test_pdf_and_unknown_extensions(tmp_path: Path) -> None:
    pdf = tmp_path / "list.csv"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"\x00" * 100)
    refuse(pdf, "binary content")
    other = tmp_path / "list.docx"
    other.write_bytes(b"PK\x03\x04")
    refuse(other, "cannot import .docx")


def test_password_protected_xlsx(tmp_path: Path, workbook: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    path = tmp_path / "locked.xlsx"
    with workbook.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
    refuse(path, "password-protected")


def test_zip_bomb_is_refused_by_its_declared_sizes(tmp_path: Path, workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as src:
        sheet = src.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * 60_000_000, 1)
    bomb = rebuild_zip(workbook, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": padded})
    assert bomb.stat().st_size < 1_000_000
    refuse(bomb, "zip bomb")


def test_zip_that_lies_about_its_sizes(tmp_path: Path, workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as src:
        sheet = src.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * 30_000_000, 1)
    bomb = rebuild_zip(workbook, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": padded})
    data = bytearray(bomb.read_bytes())
    info = zipfile.ZipFile(bomb).getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 4000)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, central + 24, 4000)
        central = data.find(b"PK\x01\x02", central + 4)
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(data))
    # The zip reader stops at the declared size: refused as damaged, never expanded.
    refuse(liar, "damaged")


def test_xml_entity_bomb(tmp_path: Path, workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as src:
        sheet = src.read("xl/worksheets/sheet1.xml")
    entities = b"".join(
        b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10 if i else b"lol") for i in range(10)
    )
    body = sheet[sheet.index(b"<worksheet") :]
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz ['
        + entities
        + b"]>"
        + body.replace(b"Zo", b"&e9;", 1)
    )
    bomb = rebuild_zip(workbook, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": laughs})
    refuse(bomb, "entity declarations")


def test_entity_declaration_hidden_behind_a_long_comment(tmp_path: Path, workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as src:
        strings = src.read("xl/workbook.xml")
    body = strings[strings.index(b"<workbook") :]
    sneaky = (
        b'<?xml version="1.0"?><!--' + b"x" * 100_000 + b'--><!DOCTYPE w [<!ENTITY a "b">]>' + body
    )
    bomb = rebuild_zip(workbook, tmp_path / "sneaky.xlsx", {"xl/workbook.xml": sneaky})
    refuse(bomb, "entity declarations")


def test_empty_file_empty_sheet_and_header_without_rows(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    refuse(empty, "is empty")
    refuse(write_openpyxl(tmp_path / "blank.xlsx", {"Cohort": []}), "is empty")
    refuse(
        write_openpyxl(tmp_path / "header.xlsx", {"Cohort": [HEADER, [], []]}),
        "header row but no people",
    )
    refuse(write_csv(tmp_path / "header.csv", [HEADER]), "header row but no people")


def test_no_email_column(tmp_path: Path) -> None:
    rows = [["First name", "Last name"], ["Zoë", "Hughes"]]
    refuse(
        write_openpyxl(tmp_path / "names.xlsx", {"Cohort": rows}),
        "no header row with an email column",
    )


def test_a_refused_file_writes_nothing(tmp_path: Path, services) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("<html><table></table></html>", encoding="utf-8")
    file_before = services.db.sqlite_path.read_bytes() if services.db.sqlite_path else None
    counts_before = table_counts(services)
    with pytest.raises(FileProblem):
        run_import(services.db.target.url, path, ImportSettings(cohort="Kent 2026"), actor="tester")
    assert table_counts(services) == counts_before
    if file_before is not None:  # on SQLite, not even a byte of the file changed
        assert services.db.sqlite_path.read_bytes() == file_before


def test_undecodable_text_with_override(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("Email\r\nz@essex.gov.uk,Zoë\r\n".encode("cp1252"))
    with pytest.raises(FileProblem, match="not valid utf-8 text"):
        prepare(path, ImportSettings(encoding="utf-8", use_remembered_mappings=False))
