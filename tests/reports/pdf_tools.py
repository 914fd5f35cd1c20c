"""Reading our PDFs back (pypdf), for the report tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

A4_POINTS = (595.28, 841.89)


@dataclass
class PdfFacts:
    pages: list[str]
    sizes: list[tuple[float, float]]
    metadata: dict[str, str]
    language: str | None
    outline: list[tuple[int, str]]  # (depth, title)
    images: int
    annotations: int
    fonts: set[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _walk_xobjects(resources: DictionaryObject | None, seen: set[int]) -> tuple[int, set[str]]:
    """Images anywhere (pages and nested forms) and every font's base name."""
    images, fonts = 0, set()
    if not resources:
        return images, fonts
    resources = _resolve(resources)
    for font in _resolve(resources.get("/Font", {})).values():
        fonts.add(str(_resolve(font).get("/BaseFont")))
    for xobject in _resolve(resources.get("/XObject", {})).values():
        obj = _resolve(xobject)
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if obj.get("/Subtype") == "/Image":
            images += 1
        elif obj.get("/Subtype") == "/Form":
            more, more_fonts = _walk_xobjects(obj.get("/Resources"), seen)
            images += more
            fonts |= more_fonts
    return images, fonts


def read_pdf(path: Path) -> PdfFacts:
    reader = PdfReader(str(path))
    images = annotations = 0
    fonts: set[str] = set()
    seen: set[int] = set()
    for page in reader.pages:
        more, more_fonts = _walk_xobjects(page.get("/Resources"), seen)
        images += more
        fonts |= more_fonts
        annotations += len(_resolve(page.get("/Annots", [])) or [])
    outline: list[tuple[int, str]] = []

    def walk(items, depth):  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                outline.append((depth, item.title))

    walk(reader.outline, 0)
    root = reader.trailer["/Root"]
    return PdfFacts(
        pages=[page.extract_text() for page in reader.pages],
        sizes=[(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages],
        metadata={k: str(v) for k, v in (reader.metadata or {}).items()},
        language=str(root.get("/Lang")) if root.get("/Lang") else None,
        outline=outline,
        images=images,
        annotations=annotations,
        fonts=fonts,
    )


def squash(text: str) -> str:
    """Text without any whitespace: line wrapping in a PDF moves spaces and line breaks."""
    return "".join(text.split())


def is_a4(size: tuple[float, float]) -> bool:
    w, h = sorted(size)
    return abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1


def body_text(facts: PdfFacts, repeated_headers: tuple[tuple[str, ...], ...] = ()) -> str:
    """The pages' text without the running header and footer (and repeated table
    headers at the top of a page), so text split across pages reads continuously."""
    bodies = []
    for number, page in enumerate(facts.pages, start=1):
        lines = page.split("\n")
        # The running header is drawn before the page's content (programme, kind), the
        # footer after it (date, note, "Page x of", y).

        def furniture(line: str, number: int = number) -> bool:
            return (
                line.startswith("Produced ")
                or line in ("Personal and confidential", str(len(facts.pages)))
                or line.strip() == f"Page {number} of"
                or bool(re.fullmatch(r"Page \d+ of |\d+", line))
            )

        while lines and (
            furniture(lines[0]) or (len(bodies) < number and lines[0] in _furniture_titles(facts))
        ):
            lines.pop(0)
        while lines and (furniture(lines[-1]) or not lines[-1].strip()):
            lines.pop()
        for header in repeated_headers:
            if number > 1 and tuple(lines[: len(header)]) == header:
                lines = lines[len(header) :]
        bodies.append("\n".join(lines))
    return "\n".join(bodies)


def _furniture_titles(facts: PdfFacts) -> set[str]:
    """The header's two strings: the programme name and the kind of report."""
    first = facts.pages[0].split("\n")
    return set(first[:2])
