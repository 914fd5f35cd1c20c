"""The A4 page every report shares, and writing it to a file.

Each page carries the programme's name and the kind of report at the top,
and at the foot the date produced and "Page x of y". The total page count
is drawn from a PDF form that is filled in once the last page is known, so
the document is laid out once (a second pass would double the time of a
batch). Headings (``Heading``) become PDF bookmarks; title, author,
subject and language go into the document information.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable, BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from women_in_ddat import APP_NAME, __version__
from women_in_ddat.reports.fonts import BOLD, REGULAR
from women_in_ddat.reports.styles import ACCENT, MUTED, RULE, styles

# Compressed streams stay binary: the ASCII85 armour ReportLab adds by
# default makes files a quarter bigger and costs a tenth of a batch's time.
rl_config.useA85 = 0

MARGIN = 18 * mm
# The body's frame sits inside the running header and footer.
TOP_MARGIN = MARGIN + 8 * mm
BOTTOM_MARGIN = MARGIN + 4 * mm
TOTAL_PAGES_FORM = "wid_total_pages"
LANGUAGE = "en-GB"


@dataclass(frozen=True)
class ReportMeta:
    """What the running header, footer and document information say.

    ``programme`` and ``title`` are plain text already checked by a
    TextGuard (they are drawn directly, not parsed as markup).
    """

    programme: str
    kind: str
    title: str
    subject: str
    produced: date
    landscape: bool = False
    border: bool = False
    confidential: bool = True
    # A certificate: no running header, page number or "Produced" line.
    plain: bool = False


class Heading(Paragraph):
    """A heading that also becomes a bookmark in the PDF's outline."""

    def __init__(self, markup: str, style: Any, outline_title: str, level: int = 0) -> None:
        super().__init__(markup, style)
        self.outline_title = outline_title
        self.outline_level = level


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def unbroken_date(day: date | None) -> str:
    """A long date that never breaks across lines (no-break spaces)."""
    return long_date(day).replace(" ", "\u00a0")


def short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so it fits ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def part_form(index: int) -> str:
    return f"wid_part_pages_{index}"


class _Canvas(Canvas):
    """Fills in the total page counts (forms the footers refer to) on save."""

    part_totals: dict[int, int]

    def _total_form(self, name: str, total: int) -> None:
        self.beginForm(name)
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(max(total, 1)))
        self.endForm()

    def save(self) -> None:
        # Platypus has shown the last page: the counter is one past it.
        total = self.getPageNumber() - 1
        self._total_form(TOTAL_PAGES_FORM, total)
        for index, count in getattr(self, "part_totals", {}).items():
            self._total_form(part_form(index), count)
        super().save()


class _ReportDocument(BaseDocTemplate):
    # Platypus's count of flowables laid out on the current page.
    _curPageFlowableCount: int

    def __init__(self, target: str | IO[bytes], meta: ReportMeta) -> None:
        pagesize = landscape(A4) if meta.landscape else A4
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=meta.title,
            author=f"{meta.programme} programme team",
            subject=meta.subject,
            creator=f"{APP_NAME} {__version__}",
            keywords=[meta.kind, "mentoring", meta.programme],
            lang=LANGUAGE,
            displayDocTitle=True,
            pageCompression=1,
            # Otherwise every page names Helvetica, which cannot print our names.
            initialFontName=REGULAR,
        )
        self.meta = meta
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self._decorate, onPageEnd=self._footer)]
        )
        self._bookmarks = 0
        self._blank_page = False
        # The person (part) of a combined batch being laid out, and her first page.
        self._part: int | None = None
        self._part_first = 1

    def beforeDocument(self) -> None:
        self.canv.part_totals = {}

    def _decorate(self, canv: Canvas, doc: Any) -> None:
        """The running header (drawn before the page's content)."""
        width, height = self.pagesize
        left, right = MARGIN, width - MARGIN
        top = height - MARGIN
        if canv.getPageNumber() == 1:
            canv.showOutline()
        if self._blank_page:
            return
        if self.meta.plain:
            if self.meta.border:
                self._border(canv, left, right, top)
            return
        canv.saveState()
        kind_width = stringWidth(self.meta.kind, REGULAR, 8.5)
        canv.setFont(BOLD, 8.5)
        canv.setFillColor(ACCENT)
        canv.drawString(
            left, top, _fit(self.meta.programme, BOLD, 8.5, right - left - kind_width - 20)
        )
        canv.setFont(REGULAR, 8.5)
        canv.setFillColor(MUTED)
        canv.drawRightString(right, top, self.meta.kind)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(left, top - 4, right, top - 4)
        if self.meta.border:
            self._border(canv, left, right, top)
        canv.restoreState()

    def _footer(self, canv: Canvas, doc: Any) -> None:
        """The footer, drawn after the page's content so text extraction reads it last."""
        if self.meta.plain or self._blank_page:
            return
        width, _ = self.pagesize
        left, right = MARGIN, width - MARGIN
        bottom = MARGIN
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.setFillColor(MUTED)
        canv.line(left, bottom + 10, right, bottom + 10)
        canv.setFont(REGULAR, 7.5)
        canv.drawString(left, bottom, f"Produced {long_date(self.meta.produced)}")
        if self.meta.confidential:
            canv.drawCentredString((left + right) / 2, bottom, "Personal and confidential")
        # "Page x of " then the total, which only the end of the document (or of
        # this person's part of a combined batch) knows.
        if self._part is None:
            number, form = canv.getPageNumber(), TOTAL_PAGES_FORM
        else:
            number, form = canv.getPageNumber() - self._part_first + 1, part_form(self._part)
        label = f"Page {number} of "
        total_room = stringWidth("0000", REGULAR, 7.5)
        canv.drawRightString(right - total_room, bottom, label)
        canv.translate(right - total_room + 1, bottom)
        canv.doForm(form)
        canv.restoreState()

    def start_part(self, index: int) -> None:
        """A person's part of a combined batch starts on the next odd page, numbered from 1.

        Called (by PartStart) during layout: ends the current page if it holds
        anything, adds a blank page if the next would be a back page, and
        closes the previous part's page count.
        """
        if self._curPageFlowableCount:
            self._close_part(self.page)
            self.handle_pageEnd()
            if self.page % 2 == 1:
                self._hanging.pop()  # the page begin just queued: begun here, blank
                self._blank_page = True
                self.handle_pageBegin()
                self._curPageFlowableCount = 1  # a deliberate blank page, not a layout loop
                self.handle_pageEnd()
                self._blank_page = False
            first = self.page + 1
        else:
            first = self.page
        self._part, self._part_first = index, first

    def _close_part(self, last_page: int) -> None:
        if self._part is not None:
            totals = self.canv.part_totals
            totals[self._part] = last_page - self._part_first + 1

    def _endBuild(self) -> None:
        self._close_part(self.page)
        super()._endBuild()

    def _border(self, canv: Canvas, left: float, right: float, top: float) -> None:
        canv.saveState()
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(2)
        canv.rect(left, MARGIN + 18, right - left, top - MARGIN - 30)
        canv.setLineWidth(0.5)
        canv.rect(left + 5, MARGIN + 23, right - left - 10, top - MARGIN - 40)
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        self._bookmarks += 1
        key = f"h{self._bookmarks}"
        self.canv.bookmarkPage(key, fit="XYZ", top=self.frame._y + flowable.height + 4)
        self.canv.addOutlineEntry(flowable.outline_title, key, level=level, closed=False)


class PartStart(ActionFlowable):
    """In a combined batch: the next person starts here (see _ReportDocument.start_part)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def apply(self, doc: Any) -> None:
        doc.start_part(self.index)


def write_pdf(
    target: str | Path | IO[bytes],
    story: Sequence[Flowable],
    meta: ReportMeta,
    *,
    on_progress: Callable[[str, int], None] | None = None,
) -> None:
    """Lay ``story`` out on A4 pages and write the PDF to ``target``.

    ``on_progress(kind, value)`` is ReportLab's progress callback; raising
    from it (a cancel) stops the layout.
    """
    styles()  # fonts registered before any flowable measures text
    doc = _ReportDocument(str(target) if isinstance(target, Path) else target, meta)
    if on_progress is not None:
        doc.setProgressCallBack(on_progress)
    doc.build(list(story), canvasmaker=_Canvas)
