"""Keyboard first: on each page an Alt+letter reaches one control, never a menu's letter too."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget

from tests.ui.helpers import lists_landed, wait_for_people

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def opens_on_people() -> None:
    from women_in_ddat.ui.settings import app_settings

    app_settings().setValue("window/page", "People")


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Every visible control's Alt+letter, and what carries it."""
    found: dict[str, list[str]] = {}
    for widget in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
        letter = _letter(widget.text())
        if widget.isVisible() and letter:
            found.setdefault(letter, []).append(widget.text())
    for bar in root.findChildren(QTabBar):
        for i in range(bar.count()) if bar.isVisible() else ():
            letter = _letter(bar.tabText(i))
            if letter:
                found.setdefault(letter, []).append(bar.tabText(i))
    return found


def menu_letters(window) -> set[str]:  # type: ignore[no-untyped-def]
    return {_letter(a.text()) for a in window.menuBar().actions()} - {None}


def clashes(window, root: QWidget) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    menus = menu_letters(window)
    return {k: v for k, v in mnemonics(root).items() if len(v) > 1 or k in menus}


def test_the_menus_own_their_letters(window) -> None:
    assert menu_letters(window) == {"f", "e", "v", "h"}


def test_people_and_her_page(qtbot, window, context) -> None:
    people = window.show_page("People")
    wait_for_people(qtbot, people)
    people.show_person(context.services.people.by_email("jess.turner@kent.gov.uk").id)
    qtbot.waitUntil(lambda: people.view.detail is not None)
    view = people.view
    for tab in range(view.tabs.count()):  # each tab's buttons with the page's own
        view.tabs.setCurrentIndex(tab)
        assert clashes(window, people) == {}, view.tabs.tabText(tab)


def test_cohorts(window) -> None:
    cohorts = window.show_page("Cohorts")
    cohorts.mentee_table.selectRow(0)
    assert clashes(window, cohorts) == {}


def test_matches(window) -> None:
    assert clashes(window, window.show_page("Matches")) == {}


def test_the_welcome_screen(qtbot, tmp_path) -> None:
    from women_in_ddat.ui.main_window import MainWindow

    window = MainWindow("Women in DDaT")
    qtbot.addWidget(window)
    window.show_welcome()
    window.show()
    assert clashes(window, window.welcome) == {}


def test_milestones_in_each_of_its_views(window, context) -> None:
    """Everyone's, one dashboard group's (Clear filter shows), and one person's (Show everyone shows)."""
    from women_in_ddat.services.dashboard import DashboardService

    milestones = window.show_page("Milestones")
    assert clashes(window, milestones) == {}
    group = next(
        g
        for g in DashboardService(context.services.db).dashboard().attention
        if g.opens.kind == "milestone"
    )
    milestones.show_signal(group.opens)
    lists_landed(milestones)
    assert milestones.clear_signal_button.isVisible()
    assert clashes(window, milestones) == {}
    milestones.show_person(milestones.model.rows[0].person_id)
    assert milestones.everyone_button.isVisible()
    assert clashes(window, milestones) == {}


def test_dashboard(window) -> None:
    assert clashes(window, window.show_page("Dashboard")) == {}


def test_events(window) -> None:
    events = window.show_page("Events")
    assert clashes(window, events) == {}


def test_the_event_dialog(window, context) -> None:
    from women_in_ddat.ui.pages.event_dialogs import EventDialog

    dialog = EventDialog(context, None, window)
    dialog.show()
    assert {k: v for k, v in mnemonics(dialog).items() if len(v) > 1} == {}
    dialog.reject()


def test_every_page_of_the_window(qtbot, window) -> None:
    """Each page the navigation offers, each tab of it shown in turn."""
    from PySide6.QtWidgets import QTabWidget

    from women_in_ddat.ui.main_window import PAGE_NAMES

    found = {}
    for name in PAGE_NAMES:
        page = window.show_page(name)
        page.ensure_fresh()
        tab_sets = [t for t in page.findChildren(QTabWidget) if t.isVisible()] or [None]
        for tabs in tab_sets:
            for index in range(tabs.count()) if tabs is not None else [None]:
                if tabs is not None:
                    tabs.setCurrentIndex(index)
                clash = clashes(window, page)
                if clash:
                    found[f"{name} {index}"] = clash
    assert found == {}


def test_the_questionnaire_dialogs(window, context) -> None:
    from women_in_ddat.ui.questionnaire_dialogs import CollectDialog, WriteFormsDialog

    for kind in (WriteFormsDialog, CollectDialog):
        dialog = kind(context, window)
        dialog.show()
        assert {k: v for k, v in mnemonics(dialog).items() if len(v) > 1} == {}, kind.__name__
        # A label's letter works only through its buddy; without one the "&" is printed.
        lone = [
            w.text() for w in dialog.findChildren(QLabel) if _letter(w.text()) and not w.buddy()
        ]
        assert lone == [], kind.__name__
        dialog.reject()


def without_a_letter(root: QWidget) -> list[str]:
    """Visible buttons and tabs the keyboard cannot reach with an Alt+letter or a shortcut."""
    missing = [
        b.text()
        for b in root.findChildren(QAbstractButton)
        if b.isVisible() and b.text() and not _letter(b.text()) and b.shortcut().isEmpty()
    ]
    for bar in root.findChildren(QTabBar):
        missing += [
            bar.tabText(i)
            for i in range(bar.count())
            if bar.isVisible() and not _letter(bar.tabText(i))
        ]
    return missing


@pytest.mark.parametrize("name", ["Matching", "Import", "Reports", "Data protection"])
def test_the_moved_pages_are_reached_by_letters(window, name: str) -> None:
    """A new coordinator from the keyboard: each button, box and tab has its letter."""
    page = window.show_page(name)
    page.ensure_fresh()
    tabs = getattr(page, "tabs", None)
    for index in range(tabs.count()) if tabs is not None else [None]:
        if tabs is not None:
            tabs.setCurrentIndex(index)
        assert without_a_letter(page) == [], index
        assert clashes(window, page) == {}, index


def test_the_matching_cohort_label_takes_the_keyboard_to_its_box(window) -> None:
    page = window.show_page("Matching")
    cohort = next(label for label in page.findChildren(QLabel) if label.text() == "C&ohort")
    assert cohort.buddy() is page.cohort_box


@pytest.mark.parametrize("template", ["welcome", "intro", "event"])
def test_the_messages_dialog(window, context, template: str) -> None:
    """Alt+S was both Send and the mail server's box; Alt+D both drafts and the event's date."""
    from women_in_ddat.ui.messages_dialog import MessagesDialog

    dialog = MessagesDialog(context.services, parent=window)
    dialog.show()
    dialog.set_template(template)  # each shows its own fields
    assert {k: v for k, v in mnemonics(dialog).items() if len(v) > 1} == {}, template
    dialog.reject()
