"""Text cut short in a table shows in full as a tooltip; her page's tabs all fit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from tests.ui.helpers import wait_for_people

pytestmark = pytest.mark.gui


def _hover_tooltip(view, index) -> str:  # type: ignore[no-untyped-def]
    QToolTip.hideText()
    centre = view.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, view.viewport().mapToGlobal(centre))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_a_status_cut_short_in_the_cohort_list_shows_in_full(qtbot, window) -> None:
    cohorts = window.show_page("Cohorts")
    view = cohorts.cohort_table
    status = next(
        i
        for i in range(view.model().columnCount())
        if view.model().headerData(i, Qt.Orientation.Horizontal) == "Status"
    )
    index = view.model().index(0, status)
    full = index.data()
    view.setColumnWidth(status, 500)
    assert _hover_tooltip(view, index) == ""  # nothing cut: no tooltip
    view.setColumnWidth(status, 24)
    assert full in _hover_tooltip(view, index)


def test_every_section_of_her_page_is_in_sight_with_its_whole_title(qtbot, window, context) -> None:
    people = window.show_page("People")
    wait_for_people(qtbot, people)
    people.show_person(context.services.people.by_email("zoe.hughes@essex.gov.uk").id)
    view = people.view
    people.splitter.setSizes([900, 420])  # a narrow pane
    sections = view.sections.list
    qtbot.waitUntil(lambda: sections.isVisible())
    assert sections.count() == view.tabs.count() >= 11
    metrics = sections.fontMetrics()
    for i in range(sections.count()):
        item = sections.item(i)
        assert item.text() == view.tabs.tabText(i)  # counts included: "Milestones (6)"
        # Whole: the list is as wide as its longest title, and every title is in view.
        assert metrics.horizontalAdvance(item.text()) <= sections.viewport().width(), item.text()
        assert sections.visualItemRect(item).bottom() <= sections.viewport().height(), item.text()
    # Choosing a section shows it, and choosing a tab by code moves the list.
    sections.setCurrentRow(view.tab_of["outcomes"])
    assert view.tabs.currentIndex() == view.tab_of["outcomes"]
    view.tabs.setCurrentIndex(view.tab_of["history"])
    assert sections.currentRow() == view.tab_of["history"]
