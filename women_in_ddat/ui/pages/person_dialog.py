"""Create or edit a person, with each problem shown beside its field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.errors import EditConflict, InvalidInput, UserFacingError
from women_in_ddat.services.people import LikelyDuplicate, PersonInput
from women_in_ddat.services.person_detail import PersonDetail
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.conflict_dialog import (
    ChangedMeanwhileDialog,
    after_a_clash,
    show_changed_meanwhile,
)
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.theme import Tone, tone_colour
from women_in_ddat.ui.widgets.forms import FormErrors

TEXT_FIELDS = (
    ("first_name", "&First name *"),
    ("last_name", "&Last name"),
    ("preferred_name", "&Preferred name"),
    ("pronouns", "Pron&ouns"),
    ("email", "E&mail *"),
    ("phone", "P&hone"),
    ("job_title", "&Job title"),
    ("region", "&Region"),
    ("line_manager_email", "Line mana&ger's email"),
    ("current_role_family", "Current role family"),
    ("current_role", "Current role"),
    ("current_level", "Current level"),
    ("target_role_family", "Target role family"),
    ("target_role", "Target role"),
    ("target_level", "Target level"),
)
FRAMEWORK_FIELDS = tuple(
    f"{prefix}_{what}"
    for prefix in ("current", "target")
    for what in ("role_family", "role", "level")
)
CHECKBOXES = (
    ("open_to_remote", "Open to remote mentoring"),
    ("consent_to_store", "Consents to us storing their details"),
    ("consent_to_share_with_sponsor", "Consents to sharing progress with their sponsor"),
    ("consent_to_case_study", "Consents to being a case study"),
    ("do_not_contact", "Asked not to be contacted (left out of every message)"),
)


class PersonDialog(QDialog):
    """``saved(person_id)`` is emitted once the service has stored the person."""

    saved = Signal(int)

    def __init__(
        self, context: AppContext, detail: PersonDetail | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.detail = detail
        # The version this edit started from; after a clash, the version just shown.
        self.expected_version = detail.version if detail is not None else None
        self.conflict_dialog: ChangedMeanwhileDialog | None = None
        creating = detail is None
        heading = "New person" if detail is None else f"Edit {detail.display_name}"
        self.setWindowTitle(f"{heading} — {APP_DISPLAY_NAME}")
        self.setAccessibleName("New person" if creating else "Edit person")
        self.setMinimumWidth(560)
        self.errors = FormErrors()
        self.fields: dict[str, QLineEdit] = {}

        outer = QVBoxLayout(self)
        intro = plain_label(
            "Fields marked * are required." if detail is None else detail.display_name
        )
        intro.setObjectName("hint")
        outer.addWidget(intro)
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, caption in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"field_{field}")
            self.fields[field] = edit
            self.errors.add_row(
                form, caption, field, edit, name=caption.replace("&", "").rstrip(" *")
            )
        self.framework = context.services.framework.current().framework
        self.choice_models: dict[str, QStringListModel] = {}
        self._offer_framework_choices()
        self.organisation = QComboBox()
        self.organisation.setObjectName("field_organisation")
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.organisation.addItem("")
        self.organisation.addItems([o.name for o in context.services.people.organisations()])
        self.errors.add_row(
            form, "&Organisation", "organisation", self.organisation, name="Organisation"
        )
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("field_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 5)
        self.errors.add_row(form, "&Notes", "notes", self.notes, name="Notes")
        self.checks: dict[str, QCheckBox] = {}
        for field, caption in CHECKBOXES:
            box = QCheckBox(caption)
            box.setObjectName(f"field_{field}")
            box.setAccessibleName(caption)
            self.checks[field] = box
            form.addRow("", box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName("Person details")
        outer.addWidget(scroll, 1)

        self.general_error = QLabel()
        self.general_error.setObjectName("generalError")
        self.general_error.setProperty("role", "fieldError")
        palette = self.general_error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, tone_colour(Tone.BAD))
        self.general_error.setPalette(palette)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.general_is_a_summary = False
        outer.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save person")
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(buttons)
        outer.addLayout(row)
        self._fill(detail)
        self.as_opened = self._form_values()
        # The new organisation name she was told about by a first Enter; a second one saves.
        self.new_organisation_noted = ""
        self._clear_each_problem_when_its_field_changes()
        self.resize(640, 720)

    def _clear_each_problem_when_its_field_changes(self) -> None:
        for field, edit in self.fields.items():
            edit.textChanged.connect(lambda _text, f=field: self._field_changed(f))
        self.organisation.currentTextChanged.connect(
            lambda _text: self._field_changed("organisation")
        )
        self.notes.textChanged.connect(lambda: self._field_changed("notes"))

    def _field_changed(self, field: str) -> None:
        if self.errors.message(field):
            self.errors.set(field, "")
            if not self.errors.any_shown() and self.general_is_a_summary:
                self.general_error.hide()

    # --- DDaT roles: the framework's choices, offered as she types ---------------------
    def _offer_framework_choices(self) -> None:
        families = [f.name for f in self.framework.families]
        for prefix in ("current", "target"):
            self._complete(f"{prefix}_role_family", families)
            self._complete(f"{prefix}_level", list(self.framework.role_levels))
            roles = self._complete(f"{prefix}_role", self._roles_of(""))
            self.fields[f"{prefix}_role_family"].textChanged.connect(
                lambda text, model=roles: model.setStringList(self._roles_of(text))
            )

    def _complete(self, field: str, choices: list[str]) -> QStringListModel:
        model = QStringListModel(choices, self)
        self.choice_models[field] = model
        completer = QCompleter(model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.fields[field].setCompleter(completer)
        self.fields[field].setPlaceholderText("Type to choose from the DDaT framework")
        return model

    def _roles_of(self, family_name: str) -> list[str]:
        family = self.framework.family(family_name.strip())
        if family is not None:
            return list(family.roles)
        return sorted({role for f in self.framework.families for role in f.roles})

    def _framework_problems(self, only: str | None = None) -> dict[str, str]:
        """Role fields (or the field ``only``) holding text that is not one of the framework's
        choices; each one that is, is put in the framework's own capitalisation.

        A role typed with its level in front ("Lead data analyst") is the role, its level
        going to the level field. A value stored before (an import of an older framework)
        may stay as it is; a new or changed one must be the framework's.
        """
        problems: dict[str, str] = {}
        for prefix in ("current", "target"):
            family_text = self.fields[f"{prefix}_role_family"].text()
            roles = self._roles_of(family_text)
            choices = {
                f"{prefix}_role_family": ([f.name for f in self.framework.families], "role family"),
                f"{prefix}_role": (roles, "role"),
                f"{prefix}_level": (list(self.framework.role_levels), "level"),
            }
            for field, (allowed, noun) in choices.items():
                if only is not None and field != only:
                    continue
                edit = self.fields[field]
                text = " ".join(edit.text().split())
                stored = getattr(self.detail, field, "") if self.detail is not None else ""
                if not text or text == stored:
                    continue
                canonical = self.framework.choice(text, allowed)
                if canonical is not None:
                    edit.setText(canonical)
                    continue
                with_level = self.framework.role_with_level(text, roles) if noun == "role" else None
                level_edit = self.fields[f"{prefix}_level"]
                level_now = self.framework.choice(level_edit.text(), self.framework.role_levels)
                if with_level is not None and (
                    not level_edit.text().strip() or level_now == with_level[1]
                ):
                    edit.setText(with_level[0])
                    level_edit.setText(with_level[1])
                elif with_level is not None:
                    problems[field] = (
                        f"this says {with_level[1]} but the level below says {level_edit.text()}: "
                        f"type the role alone ({with_level[0]}) and choose the level below"
                    )
                else:
                    problems[field] = f"choose a {noun} from the DDaT framework's list"
        return problems

    # --- Enter and Escape ------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a type-ahead field saves only once what it holds is a valid choice."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._enter_may_save():
            event.accept()
            return
        super().keyPressEvent(event)

    def _enter_may_save(self) -> bool:
        focus = self.focusWidget()
        field = next((f for f in FRAMEWORK_FIELDS if self.fields[f] is focus), None)
        if field is not None:
            edit = self.fields[field]
            if not edit.text().strip():
                return True
            problems = self._framework_problems(only=field)
            if not problems:
                return True
            offered = self._offered(field)
            if len(offered) == 1:  # the one choice her typing leaves: take it, then save
                edit.setText(offered[0])
                return False
            self.errors.set(field, problems[field])
            return False
        if focus is not None and (
            focus is self.organisation or self.organisation.isAncestorOf(focus)
        ):
            name = " ".join(self.organisation.currentText().split())
            known = {
                self.organisation.itemText(i).casefold() for i in range(self.organisation.count())
            }
            if not name or name.casefold() in known or name == self.new_organisation_noted:
                return True
            self.new_organisation_noted = name
            self.errors.set(
                "organisation",
                f"{name} is not one of the organisations recorded: saving adds it as a new one. "
                "Press Enter again to save, or choose one from the list.",
            )
            return False
        return True

    def _offered(self, field: str) -> list[str]:
        """The choices the type-ahead offers for what is typed in ``field``."""
        text = " ".join(self.fields[field].text().split()).casefold()
        return [c for c in self.choice_models[field].stringList() if text in c.casefold()]

    def _form_values(self) -> tuple[object, ...]:
        return (
            *(edit.text() for edit in self.fields.values()),
            self.organisation.currentText(),
            self.notes.toPlainText(),
            *(box.isChecked() for box in self.checks.values()),
        )

    def reject(self) -> None:
        """Escape, Cancel or closing the window: ask before dropping what she typed."""
        if self._form_values() != self.as_opened and not dialogs.confirm(
            self,
            "Discard" if self.detail is None else "Discard changes",
            "Discard the new person?"
            if self.detail is None
            else f"Discard your changes to {self.detail.display_name}?",
            action="Discard",
            destructive=True,
        ):
            return
        super().reject()

    def _fill(self, d: PersonDetail | None) -> None:
        if d is None:
            self.checks["open_to_remote"].setChecked(True)
            self.fields["first_name"].setFocus()
            return
        for field, edit in self.fields.items():
            edit.setText(getattr(d, field))
        self.organisation.setCurrentText(d.organisation)
        self.notes.setPlainText(d.notes)
        for field, box in self.checks.items():
            box.setChecked(bool(getattr(d, field)))

    def person_input(self) -> PersonInput:
        values: dict[str, Any] = {field: edit.text() for field, edit in self.fields.items()}
        values.update({field: box.isChecked() for field, box in self.checks.items()})
        return PersonInput(
            **values,
            organisation=self.organisation.currentText(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        problems = self._framework_problems()
        if problems:
            self.errors.show(problems)
            self._general(
                "Choose the DDaT roles and levels from the framework's lists.", summary=True
            )
            return
        data = self.person_input()
        people = self.context.services.people
        self.general_error.hide()
        try:
            if self.detail is None:
                try:
                    person = people.create(data, namesakes_ok=False)
                except LikelyDuplicate as exc:
                    if not dialogs.confirm(
                        self,
                        "Possible duplicate",
                        f"{exc.message}\n\nAdd {data.first_name} {data.last_name} as a new "
                        "person anyway?".replace("  ", " "),
                        action="Add anyway",
                    ):
                        return
                    person = people.create(data)
                person_id = int(person.id or 0)
                created_version = person.version

                def undo() -> None:
                    people.delete(person_id, expected_version=created_version)

                self.context.undo.push("Undo adding a person", undo)
                message = "Person added"
            else:
                people.update(self.detail.id, data, expected_version=self.expected_version)
                person_id = self.detail.id
                message = "Changes saved"
        except InvalidInput as exc:
            unplaced = self.errors.show(exc.problems)
            self._general(
                " ".join([exc.message, *unplaced]) if unplaced or not exc.problems else exc.message,
                summary=not unplaced and bool(exc.problems),
            )
            return
        except EditConflict as exc:
            self._general(after_a_clash("person"))
            self.expected_version = exc.their_version
            self.conflict_dialog = show_changed_meanwhile(
                self, "person", exc, save_mine=self.save, use_theirs=self.use_theirs
            )
            return
        except UserFacingError as exc:
            self._general(exc.message)
            return
        self.errors.clear()
        self.context.changed(self, message)
        self.saved.emit(person_id)
        self.accept()

    def use_theirs(self) -> None:
        """Fill the form with the person as saved now, dropping this edit."""
        if self.detail is None:
            return
        person_id = self.detail.id
        ok, detail = attempt(
            self, "Cannot load their version", lambda: self.context.person_detail.detail(person_id)
        )
        if not ok or detail is None:
            return
        self.detail = detail
        self.expected_version = detail.version
        self.errors.clear()
        self.general_error.hide()
        self._fill(detail)
        self.as_opened = self._form_values()

    def _general(self, text: str, *, summary: bool = False) -> None:
        """Show ``text`` below the form; a ``summary`` of the fields' problems goes once
        they are all put right."""
        self.general_is_a_summary = summary
        self.general_error.setText(text)
        self.general_error.show()
