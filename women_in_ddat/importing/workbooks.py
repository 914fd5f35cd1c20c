"""xlsx, xlsm, xls and ods workbooks, read with python-calamine.

calamine reads the cells themselves (ignoring a lying ``<dimension>``
tag) and never expands XML entities. Only the file's structure comes from
elsewhere: the 1904 date flag from xl/workbook.xml, and whether an ods
sheet is hidden from content.xml's automatic styles.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import python_calamine as calamine

from women_in_ddat.errors import FileProblem
from women_in_ddat.importing.sources import Source, SourceKind
from women_in_ddat.importing.tables import SheetInfo, Table

_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")


class Workbook:
    def __init__(self, source: Source) -> None:
        self.source = source
        name = source.display_name
        try:
            self._book = calamine.CalamineWorkbook.from_path(str(source.path))
        except calamine.PasswordError:
            raise FileProblem(
                f"{name} is password-protected. Remove the password, save, and import again."
            ) from None
        except Exception as exc:  # calamine's errors name the part, not the content
            raise FileProblem(
                f"{name} is damaged or not a real spreadsheet ({type(exc).__name__})."
            ) from None
        self.excel_1904 = source.kind is SourceKind.XLSX and _is_1904(source.path)
        hidden_ods = _hidden_ods_sheets(source.path) if source.kind is SourceKind.ODS else set()
        self.sheets = [
            SheetInfo(
                meta.name,
                meta.visible != calamine.SheetVisibleEnum.Visible or meta.name in hidden_ods,
            )
            for meta in self._book.sheets_metadata
            if meta.typ == calamine.SheetTypeEnum.WorkSheet
        ]

    def read(self, sheet: SheetInfo) -> Table:
        try:
            data = self._book.get_sheet_by_name(sheet.name)
            start = data.start
            rows = list(data.iter_rows())
        except Exception as exc:
            raise FileProblem(
                f"{self.source.display_name}: sheet '{sheet.name}' cannot be read ({type(exc).__name__})."
            ) from None
        return Table(
            name=sheet.name,
            rows=rows,  # type: ignore[arg-type]
            hidden=sheet.hidden,
            first_row_number=1,  # iter_rows starts at the sheet's first row
            first_column=start[1] if start else 0,
            excel_1904=self.excel_1904,
        )

    def close(self) -> None:
        self._book.close()


def _is_1904(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as handle:
            return bool(_DATE1904.search(handle.read(1 << 20)))
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


_ODS_TABLE = re.compile(rb"<table:table\b[^>]*>")
_ATTR = re.compile(rb'([\w:-]+)="([^"]*)"')


def _hidden_ods_sheets(path: Path) -> set[str]:
    """Sheets whose table style says display="false" (calamine reports them all visible)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
            head = handle.read(4 << 20)
    except (KeyError, zipfile.BadZipFile, OSError):
        return set()
    hidden_styles = set()
    for match in re.finditer(rb"<style:style\b[^>]*>.*?</style:style>", head, re.S):
        block = match.group(0)
        if re.search(rb'table:display="false"', block):
            attrs = dict(_ATTR.findall(block[: block.find(b">") + 1]))
            if attrs.get(b"style:family") == b"table" and b"style:name" in attrs:
                hidden_styles.add(attrs[b"style:name"])
    hidden = set()
    for match in _ODS_TABLE.finditer(head):
        attrs = dict(_ATTR.findall(match.group(0)))
        if attrs.get(b"table:style-name") in hidden_styles and b"table:name" in attrs:
            hidden.add(_unescape(attrs[b"table:name"]))
    return hidden


def _unescape(raw: bytes) -> str:
    import html

    return html.unescape(raw.decode("utf-8", "replace"))
