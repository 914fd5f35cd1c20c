"""Keyboard, screen readers, themes: every page and dialog checked the same way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from tests.ui.helpers import wait_for_people
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui import theme
from women_in_ddat.ui.main_window import PAGE_NAMES
from women_in_ddat.ui.new_programme_dialog import NewProgrammeDialog
from women_in_ddat.ui.pages.cohort_dialogs import AddMemberDialog, JoinCohortDialog, NewCohortDialog
from women_in_ddat.ui.pages.match_dialogs import (
    ChangeStatusDialog,
    LogSessionDialog,
    NewMatchDialog,
)
from women_in_ddat.ui.pages.milestone_dialogs import CompleteMilestonesDialog
from women_in_ddat.ui.pages.person_dialog import PersonDialog

pytestmark = pytest.mark.gui

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QPlainTextEdit,
)


def _unnamed_controls(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QHeaderView):
            continue  # column headers: a mouse shortcut for sorting; the rows themselves take focus
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), (QComboBox, QAbstractSpinBox)
        ):
            continue  # the editor inside a combo or spin box: named through its owner
        if (
            widget.parent() is not None
            and widget.parent().inherits("QAbstractScrollArea")
            and not isinstance(widget, QAbstractItemView)
        ):
            continue  # scroll bar buttons
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            if (
                isinstance(widget, QAbstractButton)
                and widget.parent()
                and widget.parent().inherits("QTabBar")
            ):
                continue  # tab scroll arrows
            problems.append(
                f"{type(widget).__name__} {widget.objectName()!r} cannot take keyboard focus"
            )
            continue
        if not widget.accessibleName().strip():
            problems.append(
                f"{type(widget).__name__} {widget.objectName()!r} text={getattr(widget, 'text', lambda: '')()!r}"
            )
    return problems


def test_every_control_on_every_page_has_a_name_and_takes_focus(qtbot, window) -> None:
    for name in PAGE_NAMES:
        page = window.show_page(name)
        if name == "People":
            wait_for_people(qtbot, page)
            page.table.selectRow(0)
        assert _unnamed_controls(page) == [], name
    assert _unnamed_controls(window.navigation.parentWidget()) == []


def _dialogs(context, window):  # type: ignore[no-untyped-def]
    s = context.services
    zoe = context.person_detail.detail(s.people.by_email("zoe.hughes@essex.gov.uk").id)
    match = next(m for m in s.matches.rows() if m.status == "active")
    cohorts = s.cohorts.summaries()
    return [
        PersonDialog(context, None, window),
        PersonDialog(context, zoe, window),
        NewCohortDialog(context, window),
        AddMemberDialog(context, cohorts[0].id, cohorts[0].name, window),
        NewMatchDialog(context, cohorts, window),
        ChangeStatusDialog(context, match, window),
        LogSessionDialog(context, match, window),
        CompleteMilestonesDialog("x", window, titles=["First mentoring session"]),
        JoinCohortDialog(context, zoe.id, zoe.display_name, cohorts, window),
        NewProgrammeDialog(window),
    ]


def test_every_dialog_control_has_a_name(qtbot, window, context) -> None:
    for dialog in _dialogs(context, window):
        dialog.show()
        assert _unnamed_controls(dialog) == [], dialog.accessibleName()
        assert dialog.accessibleName()
        dialog.reject()


def test_tab_walks_the_people_page_in_reading_order(qtbot, window) -> None:
    page = window.show_page("People")
    wait_for_people(qtbot, page)
    page.table.selectRow(0)
    page.filter.setFocus()
    order = []
    widget = page.filter
    for _ in range(12):
        widget = widget.nextInFocusChain()
        while (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus != Qt.FocusPolicy.TabFocus
            or not widget.isVisible()
        ):
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order.index(page.table) < order.index(page.view.edit_button)
    assert page.view.edit_button in order and page.view.delete_button in order


def _frame_pixels(widget: QWidget) -> list[int]:
    image = widget.grab().toImage()
    w, h = image.width(), image.height()
    edge = [(x, 0) for x in range(0, w, 7)] + [(0, y) for y in range(0, h, 7)]
    return [image.pixel(x, y) for x, y in edge]


def test_the_focused_control_is_visibly_marked(qtbot, window) -> None:
    """A table, a search box and a button each look different once they have the focus."""
    page = window.show_page("People")
    wait_for_people(qtbot, page)
    for widget in (page.table, page.filter, page.new_button):
        window.navigation.setFocus()
        qtbot.waitUntil(lambda w=widget: not w.hasFocus())
        before = _frame_pixels(widget)
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        assert _frame_pixels(widget) != before, widget.accessibleName()


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#17181a"),
        (QPalette.ColorRole.Text, "#e8eaed"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("tone", list(theme.Tone))
def test_meaning_colours_are_readable_in_light_and_dark_themes(qapp, tone) -> None:
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    for palette in (light, _dark()):
        colour = theme.tone_colour(tone, palette)
        assert _contrast(colour, palette.color(QPalette.ColorRole.Base)) >= 4.5, (
            tone,
            palette.color(QPalette.ColorRole.Base).name(),
        )


def test_high_contrast_uses_the_systems_own_text_colour(qapp, monkeypatch) -> None:
    monkeypatch.setattr(theme, "is_high_contrast", lambda: True)
    palette = _dark()
    for tone in theme.Tone:
        assert theme.tone_colour(tone, palette) == palette.color(QPalette.ColorRole.Text)


def test_names_with_markup_show_as_typed(qtbot, window, context) -> None:
    person = context.services.people.create(
        PersonInput(
            email="markup@kent.gov.uk",
            first_name="<b>Bold</b>",
            last_name="<img src='/etc/passwd'>",
            notes="a < b & c",
        )
    )
    page = window.show_page("People")
    wait_for_people(qtbot, page)
    page.show_person(person.id)
    assert page.view.name.textFormat() == Qt.TextFormat.PlainText
    assert page.view.name.text().startswith("<b>Bold</b> <img")
    from women_in_ddat.ui.text import safe_tooltip

    assert (
        safe_tooltip("<b>x</b> & y")
        == "<p style='white-space:pre-wrap'>&lt;b&gt;x&lt;/b&gt; &amp; y</p>"
    )


def _tab_until(qtbot, window, target, most: int = 25) -> list[str]:  # type: ignore[no-untyped-def]
    """Press Tab as she would until ``target`` has the keyboard; the controls passed on the way."""
    from PySide6.QtWidgets import QApplication

    passed = []
    for _ in range(most):
        if QApplication.focusWidget() is target:
            return passed
        focused = QApplication.focusWidget()
        passed.append(focused.accessibleName() if focused is not None else "nothing")
        qtbot.keyClick(focused or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName()}: {passed}")


def test_tab_reaches_her_sections_and_the_buttons_in_them(qtbot, window) -> None:
    """Tab once stopped on Delete… (the hidden tab bar took the keyboard and kept it)."""
    page = window.go_to("People")
    wait_for_people(qtbot, page)
    page.table.selectRow(0)
    sections = page.view.sections
    qtbot.waitUntil(lambda: page.view.join_button.isEnabled(), timeout=10000)
    page.filter.setFocus()
    passed = _tab_until(qtbot, window, sections.list)
    assert "Delete person" in passed
    # The arrows choose a section; Tab then goes into it.
    titles = [sections.list.item(i).text() for i in range(sections.list.count())]
    cohorts = next(i for i, t in enumerate(titles) if t.startswith("Cohorts"))
    while sections.list.currentRow() != cohorts:
        key = Qt.Key.Key_Down if sections.list.currentRow() < cohorts else Qt.Key.Key_Up
        qtbot.keyClick(sections.list, key)
    assert sections.tabs.currentWidget().isAncestorOf(page.view.join_button)
    _tab_until(qtbot, window, page.view.join_button)
