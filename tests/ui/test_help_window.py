"""F1 opens the user guide at the section about the page in view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from women_in_ddat.ui.main_window import PAGE_NAMES

pytestmark = pytest.mark.gui


def test_f1_opens_the_guide_at_the_page_in_view(qtbot, window) -> None:
    window.go_to("Dashboard")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    qtbot.waitUntil(guide.isVisible)
    assert guide.anchor == "dashboard"
    text = guide.browser.toPlainText()
    for name in PAGE_NAMES:  # every page has its section
        assert f"\n{name}\n" in f"\n{text}\n", name
    top = guide.browser.verticalScrollBar().value()
    window.go_to("Data protection")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert guide.anchor == "data-protection"
    qtbot.waitUntil(lambda: guide.browser.verticalScrollBar().value() > top)
