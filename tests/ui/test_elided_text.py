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


def test_every_tab_of_her_page_is_in_sight(qtbot, window, context) -> None:
    people = window.show_page("People")
    wait_for_people(qtbot, people)
    people.show_person(context.services.people.by_email("zoe.hughes@essex.gov.uk").id)
    tabs = people.view.tabs
    bar = tabs.tabBar()
    people.splitter.setSizes([900, 420])  # a narrow pane
    qtbot.waitUntil(lambda: bar.width() <= tabs.width())
    for i in range(bar.count()):
        assert bar.tabRect(i).right() <= bar.width(), tabs.tabText(i)
