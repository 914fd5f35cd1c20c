"""Printing the scripts that need shaping so that their text also reads back.

Arabic and Urdu join their letters and run right to left; Devanagari,
Bengali, Gurmukhi, Gujarati and Tamil reorder vowel signs and form
conjuncts. HarfBuzz (uharfbuzz) does that shaping. ReportLab can call it
too, but it writes each shaped glyph with a private code point in the
PDF's text layer, so copying, searching and pypdf lose those letters; and
its right-to-left layout needs a library (rlbidi) that is not published.

So a run of such text is shaped here, before it reaches a Paragraph, and
each glyph is written as a code of its own in a font made for the purpose
(``ShapedFont``): the code's width is the glyph's advance, with HarfBuzz's
horizontal offset folded in so that marks sit where HarfBuzz put them, and
its entry in the PDF's ToUnicode map is the text of the cluster the glyph
begins (empty for the cluster's other glyphs). The page shows the shaped
glyphs in visual order; the text layer holds the characters as typed
(pypdf puts right-to-left runs back in reading order).

Limits: vertical offsets are not applied (Arabic vowel marks, rare in
names, sit at the font's default height); the shaped scripts print in
their regular weight only, also in bold headings; and a right-to-left
passage (over 40 characters) wraps as left-to-right text does, so its
lines read bottom up (each line's words are in order). Names are kept on
one line.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from itertools import groupby

import uharfbuzz
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from women_in_ddat.reports.fonts import SHAPED_SCRIPTS, joins_run
from women_in_ddat.reports.text_layer import TextLayerFont
from women_in_ddat.resources import resource_path

_log = logging.getLogger(__name__)
# Glyph codes start at Supplementary Private Use Area-A: no character of a shaped run is there.
_FIRST_CODE = 0xF0000
# Right-to-left text up to this long (names, short phrases) is never broken across lines.
_UNBROKEN_RIGHT_TO_LEFT = 40


@dataclass(frozen=True)
class Shaped:
    font: str  # the registered ShapedFont's name
    codes: str  # one private code per glyph, in visual order; spaces as " " where breakable
    missing: str  # characters the font has no glyph for (shown as the font's .notdef box)


def shape(text: str, script: str) -> Shaped | None:
    """``text`` (characters of ``script``, spaces and joiners) as glyph codes.

    None if the script's font cannot be read: its text is then marked as not printed,
    never a reason to refuse the report.
    """
    font = _font(script)
    if font is None:
        return None
    rtl = SHAPED_SCRIPTS[script][1]
    covered = font.face.charToGlyph
    missing = "".join(c for c in text if not joins_run(c) and ord(c) not in covered)
    words = [font.glyph_codes(word) if word else "" for word in text.split(" ")]
    if not rtl:
        codes = " ".join(words)  # wraps between words like any text
    else:
        # In visual order, the last word on the left. A line break would put the words
        # after it on the line above, so a name or a phrase is kept on one line
        # (no-break spaces); a longer passage wraps between words, its lines bottom up.
        space = "\u00a0" if len(text) <= _UNBROKEN_RIGHT_TO_LEFT else " "
        codes = space.join(reversed(words))
    return Shaped(font.fontName, codes, missing)


_fonts: dict[str, ShapedFont | None] = {}
_fonts_lock = threading.Lock()


def _font(script: str) -> ShapedFont | None:
    # One instance per process: its codes mean nothing to another instance of the font.
    with _fonts_lock:
        if script not in _fonts:
            _fonts[script] = _load(script)
        return _fonts[script]


def _load(script: str) -> ShapedFont | None:
    filename = SHAPED_SCRIPTS[script][0]
    try:
        font = ShapedFont(
            f"Shaped{script.title()}", str(resource_path("fonts", "scripts", filename))
        )
    except Exception:  # a missing or damaged font file
        _log.warning("The report font %s is missing or damaged; reinstall the app.", filename)
        return None
    pdfmetrics.registerFont(font)
    # One face for every weight and slant (its codes are this face's glyphs): <b> must not fail.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(font.fontName, bold, italic, font.fontName)
    return font


class ShapedFont(TextLayerFont):
    """A TrueType font whose characters are glyphs at given advances standing for given text."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename, shapable=False)
        self._hb_font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(self.face._ttf_data)))
        self._codes: dict[tuple[int, float, str], int] = {}
        self._texts: dict[int, str] = {}
        self._lock = threading.Lock()
        # A glyph that draws nothing: the extra codes of a ligature's further characters.
        self._blank = self.face.charToGlyph[0x20]

    def glyph_codes(self, text: str) -> str:
        """``text`` shaped, as one code per glyph in visual order."""
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        rtl = buffer.direction == "rtl"
        uharfbuzz.shape(self._hb_font, buffer, {"kern": True, "liga": True})
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        # Cluster values are indices into ``text``; a cluster runs to the next higher one.
        starts = sorted({info.cluster for info in infos}) + [len(text)]
        ends = dict(zip(starts, starts[1:], strict=False))
        scale = self.face._pdfScale
        placed = []  # (glyph, width in thousandths of an em, cluster)
        for i, (info, pos) in enumerate(zip(infos, positions, strict=True)):
            following = positions[i + 1].x_offset if i + 1 < len(positions) else 0
            # Drawn at the pen plus its own offset; the next glyph at the pen plus its
            # advance plus its offset: the difference is this code's width.
            width = pos.x_advance + following - (pos.x_offset if i else 0)
            placed.append((info.codepoint, round(scale(width), 1), info.cluster))
        out: list[int] = []
        with self._lock:
            for cluster, group in groupby(placed, key=lambda p: p[2]):
                glyphs = list(group)
                chars = list(text[cluster : ends[cluster]])
                # One character per code, so that every code reads with its script's direction
                # (pypdf takes a code standing for several characters as direction-neutral).
                # The text layer lists a cluster's characters in reading order, in the order
                # its glyphs are drawn (reversed for right to left, where pypdf reverses again).
                if rtl:
                    chars.reverse()
                spare = [(self._blank, 0.0, cluster)] * (len(chars) - len(glyphs))
                for n, (glyph, width, _cluster) in enumerate(glyphs + spare):
                    stands_for = chars[n] if n < len(chars) else ""
                    out.append(self._code(glyph, width, stands_for))
        return "".join(map(chr, out))

    def _code(self, glyph: int, width: float, stands_for: str) -> int:
        key = (glyph, width, stands_for)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = _FIRST_CODE + len(self._codes)
            self._texts[code] = stands_for
            self.face.charToGlyph[code] = glyph
            self.face.charWidths[code] = width
        return code

    def text_of(self, code: int) -> str:
        return self._texts.get(code, chr(code))
