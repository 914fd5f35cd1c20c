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
