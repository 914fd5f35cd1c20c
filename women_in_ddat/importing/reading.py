"""Reading a file into tables: the refusals first, then every chosen sheet.

This is the part of an import that needs only the file, and so the part
the command line can start on a thread before the rest has loaded (see
``read_ahead``). It imports only what reading needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from women_in_ddat.errors import FileProblem
from women_in_ddat.importing.sources import Source, SourceKind, inspect_source
from women_in_ddat.importing.tables import SheetInfo, Table


# Named tuples, not dataclasses: see importing/tables.py.
class ReadOptions(NamedTuple):
    # Sheets to read by name (a hidden one only when named); None: the visible ones.
    sheets: list[str] | None = None
    encoding: str | None = None
    delimiter: str | None = None


class FileRead(NamedTuple):
    source: Source
    sha256: str
    tables: list[Table]
    all_sheets: list[SheetInfo]


def read_file(path: Path, options: ReadOptions) -> FileRead:
    """Refuse what must be refused, then read; raises FileProblem."""
    source = inspect_source(Path(path))
    sha256 = file_sha256(source.path)
    tables, all_sheets = read_tables(source, options)
    return FileRead(source, sha256, tables, all_sheets)


def file_sha256(path: Path) -> str:
    import hashlib  # loaded once the read-ahead has started (see read_ahead)

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_tables(source: Source, options: ReadOptions) -> tuple[list[Table], list[SheetInfo]]:
    if source.kind is SourceKind.TEXT:
        from women_in_ddat.importing.text_files import read_text_table

        table = read_text_table(source.path, encoding=options.encoding, delimiter=options.delimiter)
        return [table], [SheetInfo(table.name, False)]
    from women_in_ddat.importing.workbooks import Workbook

    book = Workbook(source)
    try:
        if options.sheets:
            by_name = {s.name: s for s in book.sheets}
            missing = [n for n in options.sheets if n not in by_name]
            if missing:
                raise FileProblem(
                    f"{source.display_name} has no sheet called '{missing[0]}'; "
                    f"its sheets are: {', '.join(s.name for s in book.sheets)}."
                )
            chosen = [by_name[n] for n in options.sheets]
        else:
            chosen = [s for s in book.sheets if not s.hidden]
        return [book.read(sheet) for sheet in chosen], list(book.sheets)
    finally:
        book.close()
