"""CSV and Excel "Unicode Text" files: encoding, delimiter, rows.

The encoding is never guessed by a detector (one turned "£" into "Ł"):
a byte-order mark decides, then strict UTF-8, then cp1252 (what Excel
writes on a UK Windows machine). The coordinator can name another.
"""

from __future__ import annotations

import codecs
import io
from collections import Counter
from pathlib import Path

from women_in_ddat.errors import FileProblem, InvalidInput
from women_in_ddat.importing.tables import Table

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
_NAMED_DELIMITERS = {
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
    "bar": "|",
    "pipe": "|",
    "\\t": "\t",
}


def resolve_delimiter(value: str | None) -> str | None:
    if not value:
        return None
    delimiter = _NAMED_DELIMITERS.get(value.lower(), value)
    if delimiter not in DELIMITERS:
        raise InvalidInput(
            "The delimiter must be comma, semicolon, tab or bar.",
            {"delimiter": "comma, semicolon, tab or bar"},
        )
    return delimiter


def resolve_encoding(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise InvalidInput(
            f"Unknown encoding '{value[:40]}'.", {"encoding": "not a known encoding"}
        ) from None


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used. FileProblem if it cannot be decoded."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise FileProblem(
                f"{name} is not valid {encoding} text (byte {exc.start + 1} cannot be read); try another encoding."
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    sample = data[:1024]
    if b"\x00" in sample:
        # UTF-16 without its mark: the zero bytes say which end comes first.
        le = sample[1::2].count(0) > sample[0::2].count(0)
        codec = "utf-16-le" if le else "utf-16-be"
        return _strict(data, codec, name), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise FileProblem(
            f"{name} is neither UTF-8 nor Windows (cp1252) text; choose its encoding and import again."
        ) from None


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"{name} is damaged: byte {exc.start + 1} is not valid {codec} text."
        ) from None


def sniff_delimiter(text: str) -> str:
    """The candidate that splits the most of the first lines into the same number of fields."""
    import csv  # here, not at the top: a workbook import never needs it

    lines = [line for line in text.splitlines()[:60] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue  # not readable this way (a cell over the size limit, say): not this one
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        width, agreeing = Counter(multi).most_common(1)[0]
        score = (agreeing, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _restore_guarded_cells(rows: list[list[str]]) -> None:
    """Take off the apostrophe our CSV export puts before formula-like text ('-Dash)."""
    from women_in_ddat.domain.formula_text import restore

    for row in rows:
        for index, cell in enumerate(row):
            if cell[:1] == "'":
                row[index] = restore(cell)


def read_text_table(
    path: Path, *, encoding: str | None = None, delimiter: str | None = None
) -> Table:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileProblem(f"{name} cannot be read ({exc.strerror}).") from exc
    text, used = decode(data, name, encoding)
    del data
    if "\x00" in text:
        raise FileProblem(f"{name} holds binary data, not text; choose the spreadsheet itself.")
    import csv  # here, not at the top: a workbook import never needs it

    chosen = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen)
    try:
        rows: list[list[str]] = list(reader)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise FileProblem(
                f"{name} has a cell longer than {csv.field_size_limit():,} characters "
                f"(by line {reader.line_num}), far more than any field of a programme holds: "
                "check that it is the cohort's spreadsheet."
            ) from None
        raise FileProblem(
            f"{name} cannot be read as {DELIMITER_NAMES[chosen]}-separated text ({exc})."
        ) from None
    if "'" in text:
        _restore_guarded_cells(rows)
    return Table(
        name=name,
        rows=rows,  # type: ignore[arg-type]
        notes=(f"read as {used} text, {DELIMITER_NAMES[chosen]}-separated",),
    )
