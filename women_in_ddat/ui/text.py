"""Showing people's text safely.

Qt guesses whether a label, tooltip or message is HTML. A session note
like ``<b>before</b>`` or a name with ``<img src=...>`` in it must show as
typed, never as markup (an image tag could even pull in a local file).
Labels get plain-text format; tooltips, which cannot be told, are turned
into escaped rich text, which shows the characters exactly.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None, *, name: str = "") -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if name:
        label.setObjectName(name)
    return label


def safe_tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally, keeping its line breaks."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


def counted(count: int, one: str, many: str = "") -> str:
    """``count`` with the noun it agrees with: "1 mentee", "2 mentees", "1 person", "3 people"."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
