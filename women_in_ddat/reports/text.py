"""Turning user text into safe Paragraph markup, printing every character that can be printed.

ReportLab reads a Paragraph's text as markup: an unescaped ``<img src=..>``
would pull a local file into the report, ``<a href=..>`` would make a link,
``<font>`` a style, and a stray ``&`` or ``<`` would stop the report. So no
user string reaches a Paragraph except through ``TextGuard``, which escapes
it and checks every character against the report font.

No report is ever refused because of a name. A character the bundled font
lacks is printed in a fallback font that has it (see fonts.py); one no
font here can print (a right-to-left script, which ReportLab would lay out
backwards, or an emoji) is shown as U+FFFD, and the report lists, by
field and script, what could not be printed (``warnings``), so a reader
knows that the records hold more than the page shows.

Messages never quote the text itself: it is personal data.
"""

from __future__ import annotations

from collections import Counter

from women_in_ddat.reports.fonts import fallback_font, printable, script_of

REPLACEMENT = "\ufffd"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """Paragraph markup that prints ``text`` literally, line breaks kept."""
    return text.translate(_ESCAPES).replace("\r\n", "\n").replace("\n", "<br/>")


def _is_plain(text: str) -> bool:
    # Printable ASCII is always in the font: skip the per-character check.
    return text.isascii() and text.isprintable()


class TextGuard:
    """Escapes user text for one report and collects what could not be printed."""

    def __init__(self) -> None:
        # (field, text) -> characters not printed, by script. Kept per text so that a
        # name shown in a heading and again in the page header counts once, as the
        # most that was lost in any one place.
        self._lost: dict[tuple[str, str], Counter[str]] = {}
        # Set by a report that lists the warnings itself (the subject access cover).
        self.warnings_listed = False

    def _pieces(self, value: str, what: str, *, fallback: bool) -> list[tuple[str | None, str]]:
        """(font or None for the main one, text) runs; unprintable characters replaced."""
        lost: Counter[str] = Counter()
        runs: list[tuple[str | None, str]] = []
        for char in value:
            font: str | None = None
            in_font = char in "\n\t" or printable(char)
            if in_font or (fallback and (font := fallback_font(char)) is not None):
                shown = char
            else:
                shown = REPLACEMENT
                lost[script_of(char)] += 1
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + shown)
            else:
                runs.append((font, shown))
        if lost:
            held = self._lost.setdefault((what, value), Counter())
            for script, n in lost.items():
                held[script] = max(held[script], n)
        return runs

    def check_name(self, value: str, what: str) -> str:
        """A name exactly as stored, for the PDF's bookmarks and properties (no font needed).

        For the page itself use ``name`` (markup) or ``clean`` (plain text).
        """
        return value

    def name(self, value: str, what: str) -> str:
        """A name as Paragraph markup."""
        return self.text(value, what)

    def clean(self, value: str, what: str) -> str:
        """Plain text in the main font (no markup), unprintable characters replaced."""
        if _is_plain(value):
            return value
        return "".join(text for _, text in self._pieces(value, what, fallback=False)).replace(
            "\t", " "
        )

    def text(self, value: str, what: str) -> str:
        """Free text (or a name) as Paragraph markup, in a fallback font where needed."""
        if _is_plain(value):
            return escape(value)
        out = []
        for font, text in self._pieces(value, what, fallback=True):
            markup = escape(text.replace("\t", " "))
            out.append(markup if font is None else f'<font name="{font}">{markup}</font>')
        return "".join(out)

    @property
    def warnings(self) -> list[str]:
        by_field: dict[str, set[str]] = {}
        counts: Counter[str] = Counter()
        for (what, _text), lost in self._lost.items():
            by_field.setdefault(what, set()).update(lost)
            counts[what] += sum(lost.values())
        return [
            f"{counts[what]} character(s) in {what} could not be printed with the report font "
            f"({', '.join(sorted(scripts))}) and show as {REPLACEMENT}."
            for what, scripts in sorted(by_field.items())
        ]
