"""Tabs listed down the side: every section's whole title in sight, however many there are.

A person's page has eleven sections, most with a count ("Milestones (6)"). Along the top they
were squeezed to "Pr…" and "Ev…" in a pane of ordinary width; listed down the side each keeps
its whole title. The widget is still a QTabWidget (its tab bar hidden), so code and tests that
choose a tab, or read its title, work as they always did.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QTabWidget, QWidget


class SectionTabs(QWidget):
    """A QTabWidget whose tabs are a list on the left (``tabs`` is the QTabWidget)."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = _ListedTabs(self)
        self.tabs.setAccessibleName(accessible_name)
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().hide()
        # Tab would land on the tab widget, pass it to its hidden tab bar (its focus proxy)
        # and stay there. The list takes the keyboard instead; Tab goes on into the section.
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list = QListWidget()
        self.list.setObjectName("sectionList")
        self.list.setAccessibleName(f"{accessible_name}: sections")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._chosen)
        self.tabs.currentChanged.connect(self._shown)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.list)
        row.addWidget(self.tabs, 1)

    def _chosen(self, row: int) -> None:
        if row >= 0 and row != self.tabs.currentIndex():
            self.tabs.setCurrentIndex(row)

    def _shown(self, index: int) -> None:
        if index != self.list.currentRow():
            self.list.setCurrentRow(index)

    def titles_changed(self) -> None:
        """Mirror the tabs' titles in the list, and size it to the longest."""
        while self.list.count() > self.tabs.count():
            self.list.takeItem(self.list.count() - 1)
        for i in range(self.tabs.count()):
            title = self.tabs.tabText(i).replace("&", "")
            if i < self.list.count():
                item = self.list.item(i)
                if item.text() != title:
                    item.setText(title)
            else:
                self.list.addItem(title)
        metrics = self.list.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.list.item(i).text()) for i in range(self.list.count())),
            default=0,
        )
        # Room for the style sheet's padding (8 px a side) and the focus border.
        self.list.setFixedWidth(widest + 2 * metrics.averageCharWidth() + 24)
        self._shown(self.tabs.currentIndex())


class _ListedTabs(QTabWidget):
    def __init__(self, owner: SectionTabs) -> None:
        super().__init__(owner)
        self._owner = owner

    def tabInserted(self, index: int) -> None:
        super().tabInserted(index)
        self._owner.titles_changed()

    def tabRemoved(self, index: int) -> None:
        super().tabRemoved(index)
        self._owner.titles_changed()

    def setTabText(self, index: int, text: str) -> None:
        super().setTabText(index, text)
        self._owner.titles_changed()
