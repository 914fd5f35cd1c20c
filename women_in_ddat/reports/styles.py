"""The look of every report: paragraph styles, colours and table styles.

Built once per process (after the font is registered), shared by every
report: creating styles per report would cost time in a batch of a
thousand.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from women_in_ddat.reports.fonts import BOLD, ITALIC, REGULAR, register_fonts

INK = colors.HexColor("#1F1F24")
MUTED = colors.HexColor("#5A5A66")
ACCENT = colors.HexColor("#4B2C7F")  # deep purple: prints as a clear dark grey in mono
ACCENT_LIGHT = colors.HexColor("#EFEAF6")
RULE = colors.HexColor("#C9C3D6")
# Chart colours: each at least 3:1 against white (WCAG non-text contrast), and
# neighbours far apart in lightness so they read apart in greyscale too.
SERIES = (colors.HexColor("#8E7CC3"), colors.HexColor("#3B1F6B"), colors.HexColor("#1F1F24"))


class Styles:
    def __init__(self) -> None:
        register_fonts()

        def style(name: str, **kw: object) -> ParagraphStyle:
            base: dict[str, object] = {
                "fontName": REGULAR,
                # Body text at least 10 pt, tables at least 9 pt: read on paper by
                # boards and sponsors, some of whom print in greyscale at A4.
                "fontSize": 10,
                "leading": 13,
                "textColor": INK,
                "alignment": TA_LEFT,
                # A 500-character word (a pasted link) breaks across lines
                # instead of running off the page.
                "splitLongWords": 1,
            }
            base.update(kw)
            return ParagraphStyle(name, **base)

        self.title = style("title", fontName=BOLD, fontSize=20, leading=24, spaceAfter=2)
        self.subtitle = style("subtitle", fontSize=11, leading=14, textColor=MUTED, spaceAfter=8)
        self.h1 = style(
            "h1",
            fontName=BOLD,
            fontSize=12.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.h2 = style(
            "h2",
            fontName=BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        )
        self.body = style("body", spaceAfter=4)
        self.note = style("note", fontName=ITALIC, fontSize=9, leading=11.5, textColor=MUTED)
        self.cell = style("cell", fontSize=9, leading=11)
        self.cell_bold = style("cell_bold", fontName=BOLD, fontSize=9, leading=11)
        # Numbers right-aligned, so their digits line up down a column.
        self.cell_number = style("cell_number", fontSize=9, leading=11, alignment=TA_RIGHT)
        self.cell_head = style("cell_head", fontName=BOLD, fontSize=9, leading=11, textColor=ACCENT)
        self.cell_head_number = style(
            "cell_head_number",
            fontName=BOLD,
            fontSize=9,
            leading=11,
            textColor=ACCENT,
            alignment=TA_RIGHT,
        )
        self.label = style("label", fontSize=9, leading=11, textColor=MUTED)
        self.stat_value = style(
            "stat_value",
            fontName=BOLD,
            fontSize=15,
            leading=18,
            alignment=TA_CENTER,
            textColor=ACCENT,
        )
        self.stat_label = style(
            "stat_label", fontSize=9, leading=11, alignment=TA_CENTER, textColor=MUTED
        )
        # The certificate.
        self.cert_kicker = style(
            "cert_kicker", fontSize=13, leading=16, alignment=TA_CENTER, textColor=MUTED
        )
        self.cert_title = style(
            "cert_title",
            fontName=BOLD,
            fontSize=30,
            leading=36,
            alignment=TA_CENTER,
            textColor=ACCENT,
            spaceAfter=10,
        )
        self.cert_name = style(
            "cert_name",
            leftIndent=20 * mm,
            rightIndent=20 * mm,
            fontName=BOLD,
            fontSize=26,
            leading=32,
            alignment=TA_CENTER,
            spaceBefore=6,
            spaceAfter=6,
        )
        self.cert_body = style(
            "cert_body",
            fontSize=12.5,
            leading=18,
            alignment=TA_CENTER,
            spaceAfter=4,
            leftIndent=25 * mm,
            rightIndent=25 * mm,
        )
        self.cert_small = style(
            "cert_small",
            fontSize=10,
            leading=12,
            alignment=TA_CENTER,
            textColor=MUTED,
            leftIndent=25 * mm,
            rightIndent=25 * mm,
        )
        self.cert_sign = style(
            "cert_sign", fontSize=10, leading=12, alignment=TA_CENTER, textColor=MUTED
        )

        # Plain-string cells (even empty ones) would otherwise select Helvetica.
        every_cell_font = ("FONTNAME", (0, 0), (-1, -1), REGULAR)
        self.grid = TableStyle(
            [
                every_cell_font,
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
        self.facts = TableStyle(
            [
                every_cell_font,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
        self.stats = TableStyle(
            [
                every_cell_font,
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )


@lru_cache(maxsize=1)
def styles() -> Styles:
    return Styles()
