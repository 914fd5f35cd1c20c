"""What a file really is, and the files we refuse before parsing anything.

Every check here reads at most a few kilobytes per part (zip directories,
XML prologs) so a hostile file is refused in well under a second without
ever being expanded: zip bombs by their declared sizes (the zip reader
under calamine refuses a part larger than it declares), entity bombs by
their DOCTYPE, password-protected workbooks by their container, and a file
whose content is not what its extension says by its first bytes.
"""

from __future__ import annotations

import zipfile
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from women_in_ddat.errors import FileProblem

MAX_FILE_BYTES = 250 * 1024 * 1024
# About a million rows of a typical cohort sheet.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
# Real sheets compress 5-20 times; bombs a thousand times and more.
SUSPICIOUS_RATIO = 100
SUSPICIOUS_RATIO_FROM_BYTES = 10 * 1024 * 1024
MAX_XML_PROLOG = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class SourceKind(Enum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    TEXT = "text"  # CSV, or Excel's "Unicode Text"


EXTENSION_KINDS = {
    ".xlsx": SourceKind.XLSX,
    ".xlsm": SourceKind.XLSX,
    ".xls": SourceKind.XLS,
    ".ods": SourceKind.ODS,
    ".csv": SourceKind.TEXT,
    ".txt": SourceKind.TEXT,
    ".tsv": SourceKind.TEXT,
}

_WHAT = {
    SourceKind.XLSX: "an Excel workbook (.xlsx)",
    SourceKind.XLS: "an old Excel workbook (.xls)",
    SourceKind.ODS: "a LibreOffice spreadsheet (.ods)",
    SourceKind.TEXT: "a text file (CSV)",
}


class Source(NamedTuple):  # not a dataclass: see importing/tables.py
    path: Path
    kind: SourceKind

    @property
    def display_name(self) -> str:
        return self.path.name


def inspect_source(path: Path) -> Source:
    """Decide how to read ``path``; raise FileProblem for anything we refuse."""
    path = Path(path)
    name = path.name
    kind = EXTENSION_KINDS.get(path.suffix.lower())
    if kind is None:
        raise FileProblem(
            f"{name}: cannot import {path.suffix or 'files without an extension'}; "
            "use an xlsx, xlsm, xls, ods, csv or txt file."
        )
    try:
        if path.is_dir():
            raise FileProblem(f"{name} is a folder, not a spreadsheet.")
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise FileProblem(f"{name} does not exist.") from None
    except OSError as exc:
        from women_in_ddat.storage.atomic import describe_os_error  # rare: kept off the way in

        raise FileProblem(f"{name} cannot be read: {describe_os_error(exc)}.") from exc
    if size == 0:
        raise FileProblem(f"{name} is empty (0 bytes).")
    if size > MAX_FILE_BYTES:
        raise FileProblem(
            f"{name} is too large to import ({size // (1024 * 1024)} MB; at most 250 MB)."
        )
    found = _sniff(head)
    if found == "ole" and _is_encrypted_ooxml(path):
        raise FileProblem(
            f"{name} is password-protected. Remove the password in Excel, save, and import again."
        )
    expected_magic = {
        SourceKind.XLSX: "zip",
        SourceKind.ODS: "zip",
        SourceKind.XLS: "ole",
        SourceKind.TEXT: "text",
    }[kind]
    if found != expected_magic:
        raise FileProblem(
            f"{name} is {_describe(found, head)}, not {_WHAT[kind]}. {_advice(found)}"
        )
    if found == "zip":
        _check_zip(path, kind)
    return Source(path, kind)


def _sniff(head: bytes) -> str:
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        text.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<body"))
        or b"<html" in text[:1024]
    ):
        return "html"
    if text.startswith(b"<?xml"):
        return "xml"
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "binary"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a BOM: Excel's "Unicode Text"
    sample = head[:1024]
    if b"\x00" in sample and not _looks_like_utf16(sample):
        return "binary"
    return "text"


def _looks_like_utf16(sample: bytes) -> bool:
    """Every other byte zero: UTF-16 text without a BOM."""
    pairs = len(sample) // 2
    if pairs < 4:
        return False
    zeros_even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    zeros_odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    return max(zeros_even, zeros_odd) >= pairs * 0.4 and min(zeros_even, zeros_odd) <= pairs * 0.05


def _describe(found: str, head: bytes) -> str:
    if found == "html":
        return "a web page (HTML)"
    if found == "xml":
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            return 'an "XML Spreadsheet 2003" file'
        return "an XML file"
    if found == "zip":
        return "a zip archive (an xlsx or ods workbook)"
    if found == "ole":
        return "an old-style Office file (.xls or .doc)"
    if found == "text":
        return "a text file"
    return "not a spreadsheet (binary content)"


def _advice(found: str) -> str:
    if found in ("html", "xml", "ole", "zip", "text"):
        return (
            "Open it in Excel or LibreOffice and save it as .xlsx (or rename it to its real type)."
        )
    return "Choose the spreadsheet you meant to import."


def _is_encrypted_ooxml(path: Path) -> bool:
    # An encrypted xlsx/xlsm is an OLE container holding an "EncryptedPackage"
    # stream; its name sits in the directory sectors, found by a plain scan.
    tail = b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                if ENCRYPTED_PACKAGE in tail + chunk:
                    return True
                tail = chunk[-len(ENCRYPTED_PACKAGE) :]
    except OSError:
        return False
    return False


def _check_zip(path: Path, kind: SourceKind) -> None:
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem(
            f"{name} is damaged (not a readable zip archive); save it again from Excel."
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise FileProblem(
                f"{name} has {len(infos)} parts, far more than any spreadsheet; it was not opened."
            )
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise FileProblem(
                    f"{name} is password-protected. Remove the password, save, and import again."
                )
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > SUSPICIOUS_RATIO_FROM_BYTES and ratio > SUSPICIOUS_RATIO:
                raise FileProblem(
                    f"{name} looks like a zip bomb (a part expands {ratio:.0f} times); it was not opened."
                )
        if total > MAX_UNPACKED_BYTES:
            raise FileProblem(
                f"{name} would expand to {total // (1024 * 1024)} MB, more than the 400 MB an import may use; "
                "it was not opened."
            )
        members = {info.filename for info in infos}
        if kind is SourceKind.XLSX and "xl/workbook.xml" not in members:
            if "mimetype" in members or "content.xml" in members:
                raise FileProblem(
                    f"{name} is a LibreOffice spreadsheet saved with an Excel name; rename it to .ods."
                )
            raise FileProblem(f"{name} is a zip archive but not an Excel workbook.")
        if kind is SourceKind.ODS:
            if "content.xml" not in members:
                if "xl/workbook.xml" in members:
                    raise FileProblem(
                        f"{name} is an Excel workbook saved with a LibreOffice name; rename it to .xlsx."
                    )
                raise FileProblem(f"{name} is a zip archive but not a LibreOffice spreadsheet.")
            if "mimetype" in members and not archive.read("mimetype").startswith(ODS_MIMETYPE):
                raise FileProblem(f"{name} is an OpenDocument file but not a spreadsheet.")
            if "META-INF/manifest.xml" in members and b"encryption-data" in _head(
                archive, "META-INF/manifest.xml", 1 << 20
            ):
                raise FileProblem(
                    f"{name} is password-protected. Remove the password, save, and import again."
                )
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and _declares_entities(
                archive, info.filename
            ):
                raise FileProblem(
                    f"{name} contains XML entity declarations, which spreadsheets never need "
                    "(a known attack); it was not opened."
                )


def _head(archive: zipfile.ZipFile, member: str, limit: int) -> bytes:
    with archive.open(member) as handle:
        return handle.read(limit)


def _declares_entities(archive: zipfile.ZipFile, member: str) -> bool:
    """True if the part's prolog (before its first element) holds a DOCTYPE or ENTITY."""
    try:
        with archive.open(member) as handle:
            seen = b""
            while len(seen) < MAX_XML_PROLOG:
                chunk = handle.read(16384)
                if not chunk:
                    break
                seen += chunk
                if b"<!DOCTYPE" in seen or b"<!ENTITY" in seen:
                    return True
                if _root_started(seen):
                    return False
            return len(seen) >= MAX_XML_PROLOG
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise FileProblem(
            f"{archive.filename and Path(archive.filename).name} is damaged; save it again."
        ) from None


def _root_started(data: bytes) -> bool:
    """An element start tag (``<x``) seen, outside ``<?...?>`` and ``<!--...-->``."""
    index = 0
    while True:
        index = data.find(b"<", index)
        if index < 0 or index + 1 >= len(data):
            return False
        nxt = data[index + 1 : index + 2]
        if nxt == b"?":
            end = data.find(b"?>", index)
            if end < 0:
                return False
            index = end + 2
        elif data.startswith(b"<!--", index):
            end = data.find(b"-->", index)
            if end < 0:
                return False
            index = end + 3
        else:
            # "<!" here is a DOCTYPE, which the caller has already refused.
            return nxt != b"!"
