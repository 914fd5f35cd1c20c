"""Back and Forward through pages and records; a page reached by the navigation starts plain;
the keyboard lands in the page after Ctrl+number."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

from women_in_ddat.domain.records import RecordRef

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def opens_on_dashboard() -> None:
    from women_in_ddat.ui.settings import app_settings

    app_settings().setValue("window/page", "Dashboard")


def _milestone_group(context):  # type: ignore[no-untyped-def]
    return next(
        g.opens for g in context.dashboard.dashboard().attention if g.opens.kind == "milestone"
    )


def test_a_dashboard_filter_does_not_stick_when_she_comes_back_later(
    qtbot, window, context
) -> None:
    window.open_record(_milestone_group(context))
    milestones = window.pages["Milestones"]
    assert milestones.signal is not None and milestones.clear_signal_button.isVisible()
    window.go_to("People")
    window.go_to("Milestones")
    assert milestones.signal is None
    assert not milestones.clear_signal_button.isVisible()


def test_back_and_forward_through_pages_and_records(qtbot, window, context) -> None:
    match = next(m for m in context.services.matches.rows() if m.status == "active")
    window.go_to("Cohorts")
    window.open_record(RecordRef("match", match.id))
    assert window.current_page_name() == "Matches"
    assert window.back_action.isEnabled() and not window.forward_action.isEnabled()
    window.back()
    assert window.current_page_name() == "Cohorts"
    window.back()
    assert window.current_page_name() == "Dashboard"
    assert not window.back_action.isEnabled()
    window.forward()
    window.forward()
    assert window.current_page_name() == "Matches"
    matches = window.pages["Matches"]
    qtbot.waitUntil(lambda: matches.table.currentIndex().isValid(), timeout=10000)
    assert matches.model.row_at(matches.table.currentIndex()).id == match.id
    # A new place after going back drops the places ahead.
    window.back()
    window.go_to("Reports")
    assert not window.forward_action.isEnabled()


def test_alt_left_and_the_mouse_back_button_go_back(qtbot, window) -> None:
    window.go_to("Cohorts")
    window.go_to("Matches")
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_name() == "Cohorts"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_name() == "Matches"
    qtbot.mouseClick(window.pages["Matches"].table.viewport(), Qt.MouseButton.BackButton)
    assert window.current_page_name() == "Cohorts"


@pytest.mark.parametrize(
    ("key", "name", "kind"),
    [
        (Qt.Key.Key_2, "People", QLineEdit),
        (Qt.Key.Key_3, "Cohorts", QTableView),
        (Qt.Key.Key_4, "Matches", QLineEdit),  # its search box, as People's and Milestones'
        (Qt.Key.Key_6, "Milestones", QLineEdit),
    ],
)
def test_ctrl_number_puts_the_keyboard_in_the_page(qtbot, window, key, name, kind) -> None:
    window.activateWindow()
    window.navigation.setFocus()
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name() == name
    focused = QApplication.focusWidget()
    assert isinstance(focused, kind), type(focused)
    assert window.pages[name].isAncestorOf(focused)
