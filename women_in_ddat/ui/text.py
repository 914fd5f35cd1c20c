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

from women_in_ddat.domain.wording import counted as counted  # one plural rule everywhere


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
