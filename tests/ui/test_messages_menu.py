"""Messages are reached from the Edit menu and with Ctrl+M, from any page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from women_in_ddat.ui.messages_dialog import MessagesDialog

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("start", ["Dashboard", "People"])
def test_ctrl_m_opens_messages(qtbot, window, start) -> None:
    window.show_page(start)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = window.messages_dialog
    assert isinstance(dialog, MessagesDialog) and dialog.isVisible()
    assert dialog.template_box.count() == 9
    dialog.close()


def test_message_on_her_page_addresses_the_dialog_to_her(qtbot, window, context) -> None:
    from tests.ui.helpers import wait_for_people

    people = window.show_page("People")
    wait_for_people(qtbot, people)
    jess = context.services.people.by_email("jess.turner@kent.gov.uk")
    people.show_person(jess.id)
    qtbot.waitUntil(lambda: people.view.detail is not None)
    qtbot.mouseClick(people.view.message_button, Qt.MouseButton.LeftButton)
    dialog = people.view.messages_dialog
    assert dialog.person_radio.isChecked()
    assert dialog.person_edit.text() == "jess.turner@kent.gov.uk"
    dialog.set_template("welcome")
    plan = dialog.make_plan()
    assert [r.address for m in plan.messages for r in m.to] == ["jess.turner@kent.gov.uk"]
    dialog.close()


def test_message_on_the_milestones_page_reaches_the_selected_people(qtbot, window) -> None:
    page = window.show_page("Milestones")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    page.table.selectRow(0)
    chosen = page.selected()[0].person_id
    qtbot.mouseClick(page.message_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.selection_radio.isChecked()
    assert dialog.audience().person_ids == (chosen,)
    dialog.close()


def test_message_with_nothing_selected_reaches_everyone_shown(qtbot, window) -> None:
    page = window.show_page("Milestones")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    page.table.clearSelection()
    # Every row the list holds is loaded here (the demo is small); the message reaches them all.
    assert page.model.rowCount() == page.model.total
    shown = {m.person_id for m in page.model.rows}
    page.message_people()
    assert sorted(page.dialog.audience().person_ids) == sorted(shown)
    assert "People on the Milestones page" in page.dialog.selection_radio.text()
    page.dialog.close()
