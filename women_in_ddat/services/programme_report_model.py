"""The programme impact report as plain values: headline, tables, charts, notes.

One model, three forms: the PDF, the Word document and the workbook are
each drawn from a ``ProgrammeReport`` and nothing else, so they can never
disagree. Each chart carries the text alternative every form prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str
    # The number behind the text (None for words, suppressed or missing figures).
    value: float | None = None
    numeric: bool = False
    suppressed: bool = False


def words(text: str) -> Cell:
    return Cell(text)


@dataclass(frozen=True)
class ReportTable:
    key: str  # a short name: the workbook's sheet
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    # A table of people counts: small groups are suppressed in it.
    people_counts: bool = True


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    value_axis_title: str
    category_axis_title: str
    value_min: float
    value_max: float
    value_step: float
    alt_text: str


Block = ReportTable | ChartSpec


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class ProgrammeReport:
    programme: str
    title: str
    subtitle: str
    headline: tuple[tuple[str, Cell], ...]
    sections: tuple[Section, ...]
    method: tuple[str, ...] = field(default=())

    def tables(self) -> list[ReportTable]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, ReportTable)]

    def charts(self) -> list[ChartSpec]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, ChartSpec)]
