"""The programme impact report as an editable Word document (python-docx), for a board paper.

Real headings (Heading 1 and 2, so Word's navigation pane and a screen reader
find them), real tables with a header row repeated on each page and numbers
right-aligned, and each chart as a picture with its text alternative both as
the picture's alt text and as a paragraph under it.
"""

from __future__ import annotations

import io
from pathlib import Path

from women_in_ddat.reports.programme_png import chart_png
from women_in_ddat.services.programme_report_model import ChartSpec, ProgrammeReport, ReportTable


def write_programme_docx(report: ProgrammeReport, target: Path, produced_text: str) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = report.title
    doc.core_properties.subject = report.subtitle
    doc.core_properties.language = "en-GB"
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(report.subtitle)
    doc.add_paragraph(produced_text)
    doc.add_heading("Headline", level=1)
    headline = doc.add_table(rows=0, cols=2)
    headline.style = "Table Grid"
    for label, cell in report.headline:
        cells = headline.add_row().cells
        cells[0].text = label
        _number(cells[1], cell.text)
    for part in report.sections:
        doc.add_heading(part.heading, level=1)
        for text in part.paragraphs:
            doc.add_paragraph(text)
        for block in part.blocks:
            if isinstance(block, ReportTable):
                _table(doc, block)
            else:
                _chart(doc, block)
    doc.add_heading("How these figures were made", level=1)
    for text in report.method:
        doc.add_paragraph(text)
    doc.save(str(target))


def _number(cell, text: str) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.text = text
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(doc, table: ReportTable) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc.add_heading(table.title, level=2)
    numeric = {i for i in range(len(table.header)) if any(r[i].numeric for r in table.rows)}
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    head = grid.rows[0]
    # The header row repeats on each page and is marked as a header for screen readers.
    props = head._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    props.append(marker)
    for i, text in enumerate(table.header):
        cell = head.cells[i]
        if i in numeric:
            _number(cell, text.strip())
        else:
            cell.text = text.strip()
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for i, value in enumerate(row):
            if value.numeric:
                _number(cells[i], value.text)
            else:
                cells[i].text = value.text
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    if table.note:
        doc.add_paragraph(table.note)


def _chart(doc, spec: ChartSpec) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Cm

    doc.add_heading(spec.title, level=2)
    doc.add_picture(io.BytesIO(chart_png(spec)), width=Cm(18))
    inline = doc.inline_shapes[-1]._inline
    inline.docPr.set("descr", spec.alt_text)
    inline.docPr.set("title", spec.title)
    doc.add_paragraph("Chart description. " + spec.alt_text)
