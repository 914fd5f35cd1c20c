"""A small form dialog that saves through a service, for the person page's records.

``submit`` reads the form (``read`` shows its own problems and returns
None), then calls ``store``. A refusal with field problems is shown beside
the fields; any other refusal is shown in a message box. Either way the
dialog stays open and the service has changed nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.errors import EditConflict, InvalidInput, UserFacingError
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.conflict_dialog import after_a_clash, show_changed_meanwhile
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.theme import Tone, tone_colour
from women_in_ddat.ui.widgets.forms import FormErrors


class FormDialog(QDialog):
    saved = Signal()
    # A form that edits a saved record: what it is called, and the version it answers to.
    record_name = "record"
    expected_version: int | None = None
    conflict_dialog: QDialog | None = None

    def __init__(
        self, context: AppContext, title: str, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.title = title
        self.setWindowTitle(f"{title} — {APP_DISPLAY_NAME}")
        self.setAccessibleName(title)
        self.column = QVBoxLayout(self)
        self.intro = plain_label(name="hint")
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.column.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.column.addLayout(self.form)
        self.errors = FormErrors()
        self.general = plain_label(name="generalError")
        self.general.setProperty("role", "fieldError")
        palette = self.general.palette()
        palette.setColor(QPalette.ColorRole.WindowText, tone_colour(Tone.BAD))
        self.general.setPalette(palette)
        self.general.setWordWrap(True)
        self.general.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        """Put the problem line and the buttons last, under whatever the subclass added."""
        self.column.addWidget(self.general)
        self.column.addWidget(self.buttons)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    # --- what a subclass provides ------------------------------------------
    def read(self) -> Any | None:
        """The form's values, or None after showing what is wrong."""
        raise NotImplementedError

    def store(self, values: Any) -> str:
        """Save through a service; returns the status-bar message."""
        raise NotImplementedError

    # --- saving ---------------------------------------------------------------
    def submit(self) -> None:
        self.errors.clear()
        self.general.hide()
        values = self.read()
        if values is None:
            return
        try:
            message = self.store(values)
        except InvalidInput as exc:
            unplaced = self.errors.show(exc.problems)
            if unplaced or not exc.problems:
                self.show_general(" ".join([exc.message, *unplaced]))
            return
        except EditConflict as exc:
            self.changed_meanwhile(exc)
            return
        except UserFacingError as exc:
            dialogs.show_problem(
                self, f"Cannot {self.title[:1].lower()}{self.title[1:]}", exc.message
            )
            return
        self.context.changed(self, message)
        self.saved.emit()
        self.accept()

    def changed_meanwhile(self, conflict: EditConflict) -> None:
        """Someone else saved this record meanwhile: show both versions and let her choose.

        Whatever she chooses, the form now answers to the version shown, so
        saving again (mine over theirs, or after editing by hand) lands
        unless yet another save came in between.
        """
        self.expected_version = conflict.their_version
        self.show_general(after_a_clash(self.record_name))
        self.conflict_dialog = show_changed_meanwhile(
            self, self.record_name, conflict, save_mine=self.submit, use_theirs=self.use_theirs
        )

    def use_theirs(self) -> None:
        """Fill the form with the record as saved now (a form that edits one provides this)."""
        raise NotImplementedError

    def show_general(self, text: str) -> None:
        self.general.setText(text)
        self.general.show()
