"""The one place the app asks or tells the coordinator something in a message box.

Pages call these functions instead of building QMessageBox themselves, so
tests replace them (monkeypatch) and are never blocked by a modal dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from women_in_ddat import APP_DISPLAY_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

# QMessageBox is imported when a message is shown: building its Python
# type costs about 30 ms, which the first paint of the window should not pay.


def confirm(
    parent: QWidget | None, title: str, text: str, *, action: str = "OK", destructive: bool = False
) -> bool:
    """Ask before doing something; the safe answer is the default."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle(f"{title} — {APP_DISPLAY_NAME}")
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    go = box.addButton(
        action,
        QMessageBox.ButtonRole.DestructiveRole
        if destructive
        else QMessageBox.ButtonRole.AcceptRole,
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else go)
    box.setEscapeButton(cancel)
    go.setAccessibleName(action)
    box.exec()
    return box.clickedButton() is go


def _tell(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        icon, f"{title} — {APP_DISPLAY_NAME}", "", QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _tell(parent, QMessageBox.Icon.Information, title, text)


def show_problem(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _tell(parent, QMessageBox.Icon.Warning, title, text)
