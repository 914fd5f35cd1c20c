"""Editing a message template: subject, plain text, an optional simple HTML version.

The merge fields a template may use are listed beside it; the service
refuses an unknown one when saving and the dialog shows its reason.
Saving under a new name makes the coordinator's own template; a shipped
template edited can be put back to its shipped wording.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.domain.message_templates import MERGE_FIELDS
from women_in_ddat.errors import UserFacingError
from women_in_ddat.services.context import Services
from women_in_ddat.services.messages import TemplateInfo


class MessageTemplateDialog(QDialog):
    saved = Signal(str)  # the template's name

    def __init__(
        self, services: Services, info: TemplateInfo | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.info = info
        self.setWindowTitle(f"Message template — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Message template")
        self.resize(820, 640)
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(info.name if info else "")
        self.name_edit.setAccessibleName("Template name")
        self.subject_edit = QLineEdit(info.subject if info else "")
        self.subject_edit.setAccessibleName("Subject")
        self.text_edit = QPlainTextEdit(info.body_text if info else "")
        self.text_edit.setAccessibleName("Plain text")
        self.text_edit.setTabChangesFocus(True)
        self.html_edit = QPlainTextEdit(info.body_html if info else "")
        self.html_edit.setAccessibleName("HTML version (optional)")
        self.html_edit.setTabChangesFocus(True)
        self.html_edit.setMaximumHeight(140)
        for caption, widget in (
            ("&Name", self.name_edit),
            ("S&ubject", self.subject_edit),
            ("&Text", self.text_edit),
            ("&HTML (optional)", self.html_edit),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, widget)
        column.addLayout(form)
        fields = QLabel(
            "Merge fields: " + ", ".join(f"${name} ({what})" for name, what in MERGE_FIELDS.items())
        )
        fields.setWordWrap(True)
        fields.setTextFormat(Qt.TextFormat.PlainText)
        fields.setObjectName("hint")
        column.addWidget(fields)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setAccessibleName("Problem")
        column.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save template")
        self.save_button.setProperty("primary", True)
        self.reset_button = QPushButton("&Put back the shipped wording")
        self.reset_button.setVisible(bool(info and info.edited))
        self.close_button = QPushButton("Close")
        for b in (self.save_button, self.reset_button, self.close_button):
            b.setAccessibleName(b.text().replace("&", ""))
            buttons.addWidget(b)
        buttons.insertStretch(2, 1)
        column.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.close_button.clicked.connect(self.reject)

    def save(self) -> bool:
        name = self.name_edit.text()
        try:
            self.services.messages.save_template(
                name,
                self.subject_edit.text(),
                self.text_edit.toPlainText(),
                self.html_edit.toPlainText(),
            )
        except UserFacingError as exc:
            self.problem.setText(exc.message)
            return False
        self.saved.emit(name.strip().lower())
        self.accept()
        return True

    def reset(self) -> None:
        if self.info is None:
            return
        try:
            self.services.messages.reset_template(self.info.name)
        except UserFacingError as exc:
            self.problem.setText(exc.message)
            return
        self.saved.emit(self.info.name)
        self.accept()
