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


def test_each_page_section_shows_the_app_s_own_picture_of_that_page(qtbot) -> None:
    """The guide shows every page as the app draws it (women_in_ddat.ui.screenshots --guide)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    from women_in_ddat.ui.help_window import HelpWindow, anchor_for

    guide = HelpWindow()
    qtbot.addWidget(guide)
    html = guide.browser.toHtml()
    for name in PAGE_NAMES:
        source = f"images/{anchor_for(name)}.png"
        assert source in html, f"the {name} section has no picture"
        url = guide.browser.source().resolved(QUrl(source))
        data = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, url)
        image = QImage.fromData(data)
        assert not image.isNull(), f"{source} does not load"
        assert image.width() >= 600, f"{source} is too small to read"


def test_the_guide_walks_through_the_coordinator_s_year(qtbot) -> None:
    from women_in_ddat.ui.help_window import HelpWindow

    guide = HelpWindow()
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    for task in (
        "Intake",
        "Matching",
        "Kick-off",
        "Questionnaires",
        "Keeping in touch",
        "Celebration",
        "Proof of impact",
    ):
        assert task in text, task
