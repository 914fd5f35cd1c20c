from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.ui.helpers import settled, wait_for_people
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui.main_window import PAGE_NAMES, MainWindow
from women_in_ddat.ui.pages.person_dialog import PersonDialog

pytestmark = pytest.mark.gui


def test_title_names_the_database_and_the_dashboard_comes_first(window) -> None:
    assert window.windowTitle() == "programme.db — Women in DDaT"
    assert window.current_page_name() == "Dashboard"
    assert window.database_label.text() == "programme.db"


def test_ctrl_number_goes_to_every_page(qtbot, window) -> None:
    for number, name in enumerate(PAGE_NAMES, start=1):
        # The tenth page is Ctrl+0.
        qtbot.keyClick(
            window, Qt.Key(Qt.Key.Key_0 + number % 10), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_page_name() == name
        # Each page sits in its own scroll area (so it never widens the window).
        assert window.stack.currentWidget().widget() is window.pages[name]


def test_menus_carry_the_usual_shortcuts(window) -> None:
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString() for a in window.actions()}
    assert shortcuts["New…"] == "Ctrl+N"
    assert shortcuts["Find…"] == "Ctrl+F"
    assert shortcuts["Undo"] == "Ctrl+Z"
    assert shortcuts["Refresh"] == "F5"
    assert shortcuts["Quit"] == "Ctrl+Q"
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Help"]


@pytest.mark.parametrize("start", ["Dashboard", "Cohorts", "Events"])
def test_ctrl_f_finds_people_from_anywhere(qtbot, window, start) -> None:
    window.show_page(start)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name() == "People"
    people = window.pages["People"]
    assert window.focusWidget() is people.filter
    assert isinstance(window.focusWidget(), QLineEdit)


def test_ctrl_f_on_milestones_searches_its_people(qtbot, window) -> None:
    page = window.show_page("Milestones")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name() == "Milestones"
    assert window.focusWidget() is page.person_filter


def test_ctrl_f_on_matches_searches_its_mentees_and_mentors(qtbot, window) -> None:
    page = window.show_page("Matches")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name() == "Matches"
    assert window.focusWidget() is page.filter


def test_ctrl_n_on_people_opens_a_new_person_form(qtbot, window) -> None:
    window.show_page("People")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.pages["People"].dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.isVisible()
    dialog.reject()


def test_f5_shows_changes_made_elsewhere(qtbot, window, context) -> None:
    people = window.show_page("People")
    wait_for_people(qtbot, people)
    before = people.model.total
    context.services.people.create(
        PersonInput(email="new.person@kent.gov.uk", first_name="Newcomer")
    )
    assert people.model.total == before  # another program's change is not seen by magic
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: people.model.total == before + 1, timeout=10000)


def test_a_change_on_one_page_refreshes_the_others(qtbot, window, context) -> None:
    dashboard = window.pages["Dashboard"]

    def counted() -> int:  # every group's count (one milestone may count in more than one)
        return sum(group.count for group in dashboard.dashboard.attention)

    before = counted()
    milestones = settled(qtbot, window.show_page("Milestones"))
    overdue = next(m for m in milestones.model.rows if m.is_overdue())
    context.act(
        milestones, "t", lambda: context.services.progress.complete_milestones([overdue.id])
    )
    settled(qtbot, window.show_page("Dashboard"))  # counted again on a worker
    assert counted() < before  # the dashboard read the change when shown again


def test_window_layout_and_page_are_remembered(qtbot, context) -> None:
    first = MainWindow("programme.db")
    qtbot.addWidget(first)
    first.show()
    with qtbot.waitSignal(first.ready, timeout=10000):
        first.attach(context)
    first.show_page("Matches")
    first.resize(780, 540)  # inside the offscreen screen, which restoreGeometry keeps to
    size = (first.width(), first.height())
    assert size != (1400, 900)
    first.close()

    second = MainWindow("programme.db")
    qtbot.addWidget(second)
    second.show()
    with qtbot.waitSignal(second.ready, timeout=10000):
        second.attach(context)
    assert (second.width(), second.height()) == size
    assert second.current_page_name() == "Matches"


def test_import_and_reports_pages_never_break_the_window(qtbot, window) -> None:
    for name in ("Import", "Reports"):
        page = window.show_page(name)
        assert page.isVisible()
    assert window.current_page_name() == "Reports"


def test_the_shortcuts_list_names_every_page_with_its_key(window, messages) -> None:
    window.show_shortcuts()
    ((title, text),) = messages.told
    assert title == "Keyboard shortcuts"
    for name in PAGE_NAMES:
        assert name in text
    assert f"Ctrl+0   go to {PAGE_NAMES[9]}" in text  # the tenth page, Events
