"""F1: the user guide, opened at the section about the page in view."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.resources import resource_path


def anchor_for(page_name: str) -> str:
    """The guide's section for a page: "Data protection" -> "data-protection"."""
    return "-".join(page_name.lower().split())


class HelpWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"User guide — {APP_DISPLAY_NAME}")
        self.setAccessibleName("User guide")
        self.resize(720, 640)
        column = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(resource_path("help", "guide.html"))))
        column.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        buttons.rejected.connect(self.close)
        column.addWidget(buttons)
        self.anchor = ""

    def show_section(self, page_name: str) -> None:
        self.anchor = anchor_for(page_name) if page_name else ""
        if self.anchor:
            self.browser.scrollToAnchor(self.anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.setFocus()
