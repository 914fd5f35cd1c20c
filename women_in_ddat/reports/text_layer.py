"""A TrueType font whose PDF text layer holds any text, so the reports' words read back.

ReportLab writes each font subset's ToUnicode map (which tells a reader,
pypdf or a screen reader what a code stands for) as four hex digits per
code: a character beyond U+FFFF, such as an emoji, comes out as five
digits that readers reject, so the emoji is lost from the text. This
font writes every entry as UTF-16 (surrogate pairs included), and lets a
subclass say what text a code stands for: several characters, or none
(see shaping.py, where a code is one shaped glyph).
"""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont


class TextLayerFont(TTFont):
    def text_of(self, code: int) -> str:
        """The text that ``code`` stands for in the PDF's text layer."""
        return chr(code)

    def addObjects(self, doc: PDFDocument) -> None:
        # TTFont.addObjects (ReportLab 4.x and 5.x), with our ToUnicode map.
        state = self.state.get(doc) or TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = (
                b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            ).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray([self.face.getCharWidth(c) for c in subset])
            cmap = pdfdoc.PDFStream()
            cmap.content = self._to_unicode(base_name, subset)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        self.state.pop(doc, None)

    def _to_unicode(self, name: str, subset: list[int]) -> str:
        entries = [
            f"<{i:02X}> <{self.text_of(code).encode('utf-16-be').hex().upper()}>"
            for i, code in enumerate(subset)
        ]
        return "\n".join(
            [
                "/CIDInit /ProcSet findresource begin",
                "12 dict begin",
                "begincmap",
                f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
                f"/CMapName /{name} def",
                "/CMapType 2 def",
                "1 begincodespacerange",
                f"<00> <{len(subset) - 1:02X}>",
                "endcodespacerange",
                f"{len(entries)} beginbfchar",
                *entries,
                "endbfchar",
                "endcmap",
                "CMapName currentdict /CMap defineresource pop",
                "end",
                "end",
            ]
        )
