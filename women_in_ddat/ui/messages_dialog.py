"""The Messages dialog: choose a template and who gets it, preview every message, send or draft.

Everything is asked of the message service (``services.messages``): the
plan is every message as it will go, shown one by one before anything is
sent. Sending runs on a worker thread (ui.tasks) with progress and Cancel;
the window never waits on the mail server. The relay is named here as
``smtp://user@host:port?security=...`` (kept in the app's settings); its
password goes only to the operating system's keyring.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.domain.message_templates import (
    EVENT_FIELDS,
    SENDING_FIELDS,
    Attachment,
    fields_used,
)
from women_in_ddat.errors import UserFacingError
from women_in_ddat.services.context import Services
from women_in_ddat.services.events import EventDayRow
from women_in_ddat.services.message_audience import Audience, Group
from women_in_ddat.services.messages import MailingPlan, MailingResult
from women_in_ddat.ui import file_dialogs
from women_in_ddat.ui.widgets.forms import uk
from women_in_ddat.ui.widgets.person_picker import PersonPicker
from women_in_ddat.ui.widgets.progress_panel import ProgressPanel

SMTP_SETTING = "messages/smtp"
POINT_LABELS = {"baseline": "Baseline form", "mid": "Mid-point form", "end": "End form"}
GROUP_LABELS = {
    Group.MENTEES: "Mentees",
    Group.MENTORS: "Mentors",
    Group.ALL: "Everyone",
    Group.OVERDUE: "Mentees with a milestone overdue",
    Group.QUIET: "Both sides of quiet matches",
    Group.UNMATCHED: "Mentees not matched yet",
}
FIELD_LABELS = {
    "event_title": "Event t&itle",
    "event_date": "Eve&nt date",
    "event_venue": "&Venue",
    "questionnaire_link": "Questionnaire &link",
}


def ask_drafts_folder(parent: QWidget) -> Path | None:
    """The system's folder chooser (tests replace this)."""
    chosen = file_dialogs.folder_path(parent, file_dialogs.DRAFTS, "Folder for the drafts")
    return Path(chosen) if chosen else None


def confirm_sending(parent: QWidget, count: int, server: str) -> bool:
    """Asked before anything goes: sent mail cannot be called back (tests replace this)."""
    from women_in_ddat.ui import dialogs
    from women_in_ddat.ui.text import counted

    return dialogs.confirm(
        parent,
        "Send",
        f"Send {counted(count, 'message')} now through {server}? "
        "Sent mail cannot be called back. (Write drafts instead to check them in Outlook first.)",
        action="Send now",
        destructive=True,  # Cancel is the default: Enter must not send what cannot be recalled
    )


def _setting(name: str, default: str = "") -> str:
    try:
        from women_in_ddat.ui.settings import app_settings

        return str(app_settings().value(name, default, type=str))
    except Exception:  # settings are a convenience only
        return default


def _remember(name: str, value: str) -> None:
    try:
        from women_in_ddat.ui.settings import app_settings

        settings = app_settings()
        settings.setValue(name, value)
        settings.sync()
    except Exception:
        pass


class MessagesDialog(QDialog):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        person_email: str = "",
        selection: tuple[list[int], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.selection = selection
        self.plan: MailingPlan | None = None
        self.mailing_result: MailingResult | None = None
        self.drafts_folder: Path | None = None
        self.setWindowTitle(f"Messages — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Messages")
        self.resize(960, 720)
        self._build()
        self._load_choices()
        if person_email:
            self.person_radio.setChecked(True)
            self.person_edit.setText(person_email)
        elif selection is not None:
            self.selection_radio.setChecked(True)
        self._template_changed()

    # --- layout -----------------------------------------------------------
    def _build(self) -> None:
        column = QVBoxLayout(self)
        form = QFormLayout()

        template_row = QHBoxLayout()
        self.template_box = QComboBox()
        self.template_box.setAccessibleName("Template")
        self.edit_template_button = QPushButton("Edit &template…")
        self.edit_template_button.setAccessibleName("Edit template")
        template_row.addWidget(self.template_box, 1)
        template_row.addWidget(self.edit_template_button)
        template_label = QLabel("Te&mplate")
        template_label.setBuddy(self.template_box)
        form.addRow(template_label, template_row)

        self.who = QButtonGroup(self)
        who_column = QVBoxLayout()
        person_row = QHBoxLayout()
        self.person_radio = QRadioButton("One &person")
        self.person_edit = PersonPicker(self.services.people)
        self.person_edit.setAccessibleName("Her name or email address")
        person_row.addWidget(self.person_radio)
        person_row.addWidget(self.person_edit, 1)
        cohort_row = QHBoxLayout()
        self.cohort_radio = QRadioButton("A c&ohort")
        self.cohort_box = QComboBox()
        self.cohort_box.setAccessibleName("Cohort")
        self.group_box = QComboBox()
        self.group_box.setAccessibleName("Whom in the cohort")
        for group, label in GROUP_LABELS.items():
            self.group_box.addItem(label, group)
        cohort_row.addWidget(self.cohort_radio)
        cohort_row.addWidget(self.cohort_box, 1)
        cohort_row.addWidget(self.group_box, 1)
        selection_text = (
            f"The selection: {self.selection[1] or 'chosen people'} ({len(self.selection[0])})"
            if self.selection
            else "The selection"
        )
        self.selection_radio = QRadioButton(selection_text)
        self.selection_radio.setVisible(self.selection is not None)
        self.invited_radio = QRadioButton("Everyone &invited to the event (not declined)")
        self.invited_radio.setVisible(False)
        for i, radio in enumerate(
            (self.person_radio, self.cohort_radio, self.selection_radio, self.invited_radio)
        ):
            radio.setAccessibleName(radio.text().replace("&", ""))
            self.who.addButton(radio, i)
        self.cohort_radio.setChecked(True)
        who_column.addLayout(person_row)
        who_column.addLayout(cohort_row)
        who_column.addWidget(self.selection_radio)
        who_column.addWidget(self.invited_radio)
        form.addRow("To", who_column)

        # What the message is about: an event (its .ics attached), a questionnaire point
        # (her form attached).
        self.event_box = QComboBox()
        self.event_box.setAccessibleName("Event")
        self.event_label = QLabel("&Event")
        self.event_label.setBuddy(self.event_box)
        form.addRow(self.event_label, self.event_box)
        self.point_box = QComboBox()
        self.point_box.setAccessibleName("Questionnaire")
        self.point_box.addItem("A link, typed below (no form attached)", "")
        for point, title in POINT_LABELS.items():
            self.point_box.addItem(title, point)
        self.point_label = QLabel("&Questionnaire")
        self.point_label.setBuddy(self.point_box)
        form.addRow(self.point_label, self.point_box)

        self.value_edits: dict[str, QLineEdit] = {}
        self.value_labels: dict[str, QLabel] = {}
        for name in SENDING_FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(FIELD_LABELS[name].replace("&", ""))
            field_label = QLabel(FIELD_LABELS[name])
            field_label.setBuddy(edit)
            self.value_edits[name], self.value_labels[name] = edit, field_label
            form.addRow(field_label, edit)

        self.together_box = QCheckBox("Introduce each pair in one message to &both")
        self.again_box = QCheckBox("Include people who had this template in the last day (&again)")
        for box in (self.together_box, self.again_box):
            box.setAccessibleName(box.text().replace("&", ""))
            form.addRow("", box)
        column.addLayout(form)

        preview_row = QHBoxLayout()
        self.preview_button = QPushButton("P&review")
        self.preview_button.setAccessibleName("Preview")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName("Who gets it")
        preview_row.addWidget(self.preview_button)
        preview_row.addWidget(self.summary, 1)
        column.addLayout(preview_row)

        split = QSplitter()
        self.message_list = QListWidget()
        self.message_list.setAccessibleName("Messages to send")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("The message as it will go")
        split.addWidget(self.message_list)
        split.addWidget(self.preview)
        split.setSizes([300, 640])
        column.addWidget(split, 1)

        server_row = QHBoxLayout()
        self.server_edit = QLineEdit(_setting(SMTP_SETTING))
        self.server_edit.setPlaceholderText("smtp://you@relay.council.gov.uk:587?security=starttls")
        self.server_edit.setAccessibleName("Mail server")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Mail server password")
        self.password_edit.setPlaceholderText("password (kept in the keyring)")
        self.keep_password_button = QPushButton("&Keep password")
        self.keep_password_button.setAccessibleName("Keep the password in the keyring")
        server_label = QLabel("Mail server (&URL)")
        server_label.setBuddy(self.server_edit)
        server_row.addWidget(server_label)
        server_row.addWidget(self.server_edit, 2)
        server_row.addWidget(self.password_edit, 1)
        server_row.addWidget(self.keep_password_button)
        column.addLayout(server_row)

        actions = QHBoxLayout()
        self.send_button = QPushButton("&Send")
        self.send_button.setProperty("primary", True)
        self.send_button.setAutoDefault(False)  # Enter in a field must never send mail
        self.drafts_button = QPushButton("Write &drafts…")
        self.cancel_button = QPushButton("&Cancel sending")
        self.close_button = QPushButton("C&lose")
        for b in (self.send_button, self.drafts_button, self.cancel_button, self.close_button):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
            actions.addWidget(b)
        actions.insertStretch(3, 1)
        column.addLayout(actions)

        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Sending progress")
        column.addWidget(self.progress_bar)
        self.status = QPlainTextEdit()
        self.status.setReadOnly(True)
        self.status.setMaximumHeight(90)
        self.status.setAccessibleName("What happened")
        column.addWidget(self.status)

        self.template_box.currentIndexChanged.connect(self._template_changed)
        self.edit_template_button.clicked.connect(self.edit_template)
        self.preview_button.clicked.connect(self.make_plan)
        self.message_list.currentRowChanged.connect(self._show_message)
        self.keep_password_button.clicked.connect(self.keep_password)
        self.send_button.clicked.connect(self.send)
        self.drafts_button.clicked.connect(self.write_drafts)
        self.runner = ProgressPanel(
            bar=self.progress_bar,
            cancel_button=self.cancel_button,
            say=self.status.setPlainText,
            locked=(
                self.template_box,
                self.edit_template_button,
                self.preview_button,
                self.send_button,
                self.drafts_button,
                self.close_button,
            ),
            cancelling="Cancelling after the message being sent…",
        )
        self.close_button.clicked.connect(self.close)
        for control in (self.person_edit, self.cohort_box, self.group_box):
            signal = (
                control.textEdited
                if isinstance(control, QLineEdit)
                else control.currentIndexChanged
            )
            signal.connect(self._forget_plan)
        self.who.idToggled.connect(self._forget_plan)
        # Typing her name means writing to her.
        self.person_edit.textEdited.connect(lambda _text: self.person_radio.setChecked(True))
        self.event_box.currentIndexChanged.connect(self._about_changed)
        self.point_box.currentIndexChanged.connect(self._about_changed)
        self.together_box.toggled.connect(self._forget_plan)
        self.again_box.toggled.connect(self._forget_plan)

    def _load_choices(self) -> None:
        current = self.template_box.currentData()
        self.template_box.blockSignals(True)
        self.template_box.clear()
        try:
            self.templates = {t.name: t for t in self.services.messages.templates()}
            cohorts = [c.name for c in self.services.cohorts.summaries()]
        except UserFacingError as exc:
            self._say(exc.message)
            self.templates, cohorts = {}, []
        for t in self.templates.values():
            self.template_box.addItem(f"{t.name} — {t.description}", t.name)
        if current:
            self.template_box.setCurrentIndex(max(0, self.template_box.findData(current)))
        self.template_box.blockSignals(False)
        if not self.cohort_box.count():
            self.cohort_box.addItems(cohorts)
        if not self.event_box.count():
            self.event_box.addItem("Choose the event…", None)
            try:
                events = [e for e in self.services.events.events() if not e.cancelled]
            except UserFacingError:
                events = []
            for e in events:
                where = f", {e.cohort}" if e.cohort else ""
                self.event_box.addItem(f"{e.title} ({_uk_when(e.days)}{where})", e.id)

    # --- choices ----------------------------------------------------------
    def template_name(self) -> str:
        return str(self.template_box.currentData() or "")

    def set_template(self, name: str) -> None:
        self.template_box.setCurrentIndex(self.template_box.findData(name))

    def set_cohort(self, cohort: str, group: Group) -> None:
        self.cohort_radio.setChecked(True)
        self.cohort_box.setCurrentText(cohort)
        self.group_box.setCurrentIndex(self.group_box.findData(group))

    def set_event(self, event_id: int) -> None:
        self.event_box.setCurrentIndex(max(0, self.event_box.findData(event_id)))

    def set_point(self, point: str) -> None:
        self.point_box.setCurrentIndex(max(0, self.point_box.findData(point)))

    def event_id(self) -> int | None:
        if not self.event_box.isVisibleTo(self):
            return None
        data = self.event_box.currentData()
        return int(data) if data is not None else None

    def point(self) -> str:
        return str(self.point_box.currentData() or "") if self.point_box.isVisibleTo(self) else ""

    def _template_changed(self) -> None:
        info = self.templates.get(self.template_name())
        used = fields_used(info.text) if info else set()
        attachment = info.attachment if info else ""
        about_event = attachment == Attachment.EVENT_ICS or bool(used & set(EVENT_FIELDS))
        self.event_box.setVisible(about_event)
        self.event_label.setVisible(about_event)
        about_form = attachment == Attachment.QUESTIONNAIRE_FORM
        self.point_box.setVisible(about_form)
        self.point_label.setVisible(about_form)
        self.together_box.setVisible(self.template_name() == "intro")
        self._about_changed()

    def _about_changed(self, *_args: object) -> None:
        """Show the fields she must type: none that the chosen event or form fills in."""
        info = self.templates.get(self.template_name())
        used = fields_used(info.text) if info else set()
        filled = set(EVENT_FIELDS) if self.event_id() is not None else set()
        if self.point():
            filled.add("questionnaire_link")
        for name in SENDING_FIELDS:
            shown = name in used and name not in filled
            self.value_edits[name].setVisible(shown)
            self.value_labels[name].setVisible(shown)
        has_event = self.event_id() is not None
        self.invited_radio.setVisible(has_event)
        if not has_event and self.invited_radio.isChecked():
            self.cohort_radio.setChecked(True)
        self._forget_plan()

    def audience(self) -> Audience:
        if self.person_radio.isChecked():
            return Audience.person(self.person_edit.person().email)
        if self.selection_radio.isChecked() and self.selection is not None:
            return Audience.selection(*self.selection)
        event_id = self.event_id()
        if self.invited_radio.isChecked() and event_id is not None:
            return Audience.invited(event_id)
        return Audience.cohort_group(self.cohort_box.currentText(), self.group_box.currentData())

    # --- preview ----------------------------------------------------------
    def _forget_plan(self, *_args: object) -> None:
        self.plan = None
        self.message_list.clear()
        self.preview.clear()
        self.summary.setText("Preview to see every message before it goes.")
        self.send_button.setEnabled(False)
        self.drafts_button.setEnabled(False)

    def make_plan(self) -> MailingPlan | None:
        self._forget_plan()
        try:
            values = {
                name: edit.text()
                for name, edit in self.value_edits.items()
                if edit.isVisibleTo(self)
            }
            plan = self.services.messages.plan(
                self.template_name(),
                self.audience(),
                again=self.again_box.isChecked(),
                values=values,
                pair_together=self.together_box.isChecked(),
                event_id=self.event_id(),
                point=self.point(),
            )
        except UserFacingError as exc:
            self.summary.setText(exc.message)
            return None
        self.plan = plan
        for message in plan.messages:
            self.message_list.addItem(", ".join(f"{r.name} <{r.address}>" for r in message.to))
        self.summary.setText(plan.summary())
        if plan.messages:
            self.message_list.setCurrentRow(0)
        self.send_button.setEnabled(bool(plan.messages))
        self.drafts_button.setEnabled(bool(plan.messages))
        return plan

    def _show_message(self, row: int) -> None:
        if self.plan is None or not 0 <= row < len(self.plan.messages):
            self.preview.clear()
            return
        m = self.plan.messages[row]
        name, sender = self.plan.sender
        head = [
            f"From: {name} <{sender}>" if sender else "From: (the programme's From address)",
            "To: " + ", ".join(f"{r.name} <{r.address}>" for r in m.to),
            f"Reply-To: {self.plan.reply_to}" if self.plan.reply_to else "",
            f"Subject: {m.subject}",
            f"Attached: {m.attachment_label}" if m.attachment else "",
            "With a simple HTML version." if m.html else "",
        ]
        self.preview.setPlainText("\n".join(h for h in head if h) + "\n\n" + m.text)

    # --- templates and the password ----------------------------------------
    def edit_template(self) -> None:
        from women_in_ddat.ui.message_template_dialog import MessageTemplateDialog

        info = self.templates.get(self.template_name())
        self.template_dialog = MessageTemplateDialog(self.services, info, self)
        self.template_dialog.saved.connect(self._template_saved)
        self.template_dialog.open()

    def _template_saved(self, name: str) -> None:
        self._load_choices()
        self.set_template(name)
        self._template_changed()

    def keep_password(self) -> None:
        from women_in_ddat.services.mail_transport import parse_smtp_url, save_password

        try:
            settings = parse_smtp_url(self.server_edit.text())
            if not settings.username or not self.password_edit.text():
                self._say("Give the mail server with a user name (smtp://you@…) and a password.")
                return
            save_password(settings, self.password_edit.text())
        except UserFacingError as exc:
            self._say(exc.message)
            return
        self.password_edit.clear()
        _remember(SMTP_SETTING, self.server_edit.text().strip())
        self._say("The password is kept in this computer's keyring.")

    # --- sending ------------------------------------------------------------
    def send(self) -> None:
        from women_in_ddat.services.mail_transport import (
            SmtpTransport,
            parse_smtp_url,
            with_password,
        )

        try:
            settings = parse_smtp_url(self.server_edit.text())
            typed = self.password_edit.text()
            if typed and settings.username:
                settings = type(settings)(
                    settings.host,
                    settings.port,
                    settings.security,
                    settings.username,
                    typed,
                    settings.cafile,
                    settings.timeout,
                )
            else:
                settings = with_password(settings)
        except UserFacingError as exc:
            self._say(exc.message)
            return
        _remember(SMTP_SETTING, self.server_edit.text().strip())
        if self.plan is None or not confirm_sending(self, len(self.plan.messages), settings.host):
            return
        self._start(SmtpTransport(settings), "smtp")

    def write_drafts(self) -> None:
        from women_in_ddat.services.mail_transport import DraftsFolder

        folder = ask_drafts_folder(self)
        if folder is not None:
            self.drafts_folder = folder
            self._start(DraftsFolder(folder), "drafts")

    def _start(self, transport: object, way: str) -> None:
        if self.plan is None or self.runner.is_running():
            return
        from women_in_ddat.reports.message_attachments import attacher

        plan, messages = self.plan, self.services.messages
        attach = attacher(self.services.db, self.services.actor)
        self.way = way
        self.mailing_result = None
        self.runner.run(
            lambda progress: messages.send(plan, transport, progress, attach),
            self._succeeded,
            on_failure=lambda text: self._say(f"Nothing more was sent: {text}"),
            on_cancel=lambda: self._say("Cancelled."),
            then=self._sent,
        )

    def is_running(self) -> bool:
        return self.runner.is_running()

    def cancel(self) -> None:
        self.runner.cancel()

    def _succeeded(self, result: MailingResult) -> None:
        self.mailing_result = result
        lines = [result.summary(self.way)]
        if self.way == "drafts" and self.drafts_folder is not None:
            lines.append(
                f"They are in {self.drafts_folder}: open each in Outlook, check it and press Send."
            )
        lines += [f"Failed: {f.address}: {f.reason}" for f in result.failed]
        self._say("\n".join(lines))

    def _sent(self) -> None:
        self._forget_plan()
        self.send_button.setEnabled(False)

    def _say(self, text: str) -> None:
        self.status.setPlainText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.is_running():  # never leave a worker sending behind a closed window
            event.ignore()
            self._say("Cancel the sending first, or wait for it to finish.")
            return
        super().closeEvent(event)


def _uk_when(days: tuple[EventDayRow, ...]) -> str:
    """The event's day, or first to last day, as every page writes dates (dd/mm/yyyy)."""
    if not days:
        return "no date yet"
    first, last = uk(days[0].on_date), uk(days[-1].on_date)
    return first if first == last else f"{first} to {last}"
