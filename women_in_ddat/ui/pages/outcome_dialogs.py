"""Recording and correcting one entry of a person's outcome ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from women_in_ddat.domain.enums import OutcomeKind
from women_in_ddat.services.person_detail import OutcomeLine, PersonDetail
from women_in_ddat.services.progress import RemovedOutcome
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.pages.form_dialog import FormDialog
from women_in_ddat.ui.widgets.forms import DateField, uk

OUTCOME_WORDING = {
    OutcomeKind.PROMOTION: "Promotion",
    OutcomeKind.NEW_ROLE: "New role",
    OutcomeKind.SECONDMENT: "Secondment",
    OutcomeKind.ACTING_UP: "Acting up",
    OutcomeKind.QUALIFICATION: "Qualification gained",
    OutcomeKind.SPEAKING_OR_VISIBILITY: "Speaking or visibility (a talk, a blog, an award)",
    OutcomeKind.BECAME_MENTOR: "Became a mentor",
    OutcomeKind.LEFT_ORGANISATION: "Left the organisation",
    OutcomeKind.LEFT_SECTOR: "Left the sector",
}
# Outcomes that put her in a (possibly temporary) DDaT role at a level.
ROLE_KINDS = frozenset(
    {OutcomeKind.PROMOTION, OutcomeKind.NEW_ROLE, OutcomeKind.ACTING_UP, OutcomeKind.SECONDMENT}
)
_HINTS = {
    OutcomeKind.QUALIFICATION: "e.g. BCS Business Analysis Foundation",
    OutcomeKind.SPEAKING_OR_VISIBILITY: "e.g. Spoke at the LocalGov Digital meet-up",
    OutcomeKind.BECAME_MENTOR: "e.g. Mentoring in Top Talent Kent 2026",
}


def outcome_text(kind: str) -> str:
    try:
        return OUTCOME_WORDING[OutcomeKind(kind)]
    except ValueError:
        return kind


def _shown(name: str) -> str:
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class OutcomeValues:
    kind: OutcomeKind
    occurred_on: date
    cohort_id: int | None
    description: str
    role_family: str
    role: str
    level: str


class OutcomeDialog(FormDialog):
    """New when ``outcome`` is None, else a correction of that entry."""

    record_name = "outcome"

    def __init__(
        self,
        context: AppContext,
        detail: PersonDetail,
        outcome: OutcomeLine | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Record outcome" if outcome is None else "Edit outcome"
        super().__init__(context, title, "Save outcome", parent)
        self.detail = detail
        self.outcome = outcome
        self.expected_version = outcome.version if outcome is not None else None
        self.framework = context.services.framework.current().framework
        self.set_intro(f"An entry in {detail.display_name}'s outcome ledger.")

        self.kind = QComboBox()
        for kind, text in OUTCOME_WORDING.items():
            self.kind.addItem(text, kind.value)
        self.errors.add_row(self.form, "&Outcome", "kind", self.kind, name="Outcome")
        self.occurred_on = DateField(date.today())
        self.errors.add_row(self.form, "&Date", "occurred_on", self.occurred_on, name="Date")
        self.cohort = QComboBox()
        self.cohort.addItem("None (not credited to a cohort)", None)
        seen: set[int] = set()
        for place in detail.participations:
            if place.cohort_id not in seen:
                seen.add(place.cohort_id)
                self.cohort.addItem(place.cohort, place.cohort_id)
        self.errors.add_row(self.form, "&Cohort", "cohort_id", self.cohort, name="Cohort")

        self.role_family = QComboBox()
        self.role_family.addItem("—", "")
        for family in self.framework.families:
            self.role_family.addItem(family.name, family.name)
        self.role = QComboBox()
        self.level = QComboBox()
        self.level.addItem("—", "")
        for level in self.framework.role_levels:
            self.level.addItem(level, level)
        self.role_rows = [
            self.errors.add_row(
                self.form, "Role &family", "role_family", self.role_family, name="Role family"
            ),
            self.errors.add_row(self.form, "DDaT &role", "role", self.role, name="DDaT role"),
            self.errors.add_row(self.form, "&Level", "level", self.level, name="Level"),
        ]
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().height() * 4)
        self.errors.add_row(
            self.form, "D&escription", "description", self.description, name="Description"
        )
        self.finish_layout()

        self.role_family.currentIndexChanged.connect(lambda _i: self._fill_roles(""))
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._fill(outcome)
        self.setMinimumWidth(560)

    # --- the form ----------------------------------------------------------------
    def _fill(self, o: OutcomeLine | None) -> None:
        if o is None:
            # Most outcomes are credited to her latest cohort (the first listed).
            self.cohort.setCurrentIndex(min(1, self.cohort.count() - 1))
            self._fill_roles("")
            self._kind_changed()
            return
        _select(self.kind, o.kind)
        self.occurred_on.set_date(o.occurred_on)
        _select(self.cohort, o.cohort_id)
        family = o.role_family
        if not family and o.role:
            found = self.framework.family_of_role(o.role)
            family = found.name if found else ""
        _select(self.role_family, family, add_missing=True)
        self._fill_roles(o.role)
        _select(self.level, o.level, add_missing=True)
        self.description.setPlainText(o.description)
        self._kind_changed()

    def _fill_roles(self, keep: str) -> None:
        """The roles of the chosen family (and ``keep``, if it is not one of them)."""
        self.role.clear()
        self.role.addItem("—", "")
        family = self.framework.family(self.role_family.currentData() or "")
        for role in family.roles if family else ():
            self.role.addItem(_shown(role), role)
        _select(self.role, keep, add_missing=True)

    def chosen_kind(self) -> OutcomeKind:
        return OutcomeKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        with_role = self.chosen_kind() in ROLE_KINDS
        for holder in self.role_rows:
            self.form.setRowVisible(holder, with_role)
        self.description.setPlaceholderText(_HINTS.get(self.chosen_kind(), ""))

    def read(self) -> OutcomeValues | None:
        try:
            when = self.occurred_on.date_value()
        except ValueError as exc:
            self.errors.show({"occurred_on": str(exc)})
            return None
        if when is None:
            self.errors.show({"occurred_on": "say when it happened"})
            return None
        kind = self.chosen_kind()
        with_role = kind in ROLE_KINDS
        return OutcomeValues(
            kind=kind,
            occurred_on=when,
            cohort_id=self.cohort.currentData(),
            description=self.description.toPlainText(),
            role_family=self.role_family.currentData() if with_role else "",
            role=self.role.currentData() if with_role else "",
            level=self.level.currentData() if with_role else "",
        )

    def store(self, values: OutcomeValues) -> str:
        progress = self.context.services.progress
        fields: dict[str, Any] = {
            "description": values.description,
            "cohort_id": values.cohort_id,
            "role_family": values.role_family,
            "role": values.role,
            "level": values.level,
        }
        if self.outcome is None:
            created = progress.record_outcome(
                self.detail.id, values.kind, values.occurred_on, **fields
            )
            created_id = int(created.id or 0)
            self.context.undo.push(
                "Undo recording an outcome", lambda: progress.delete_outcome(created_id)
            )
            return "Outcome recorded"
        progress.update_outcome(
            self.outcome.id,
            values.kind,
            values.occurred_on,
            **fields,
            expected_version=self.expected_version,
        )
        return "Outcome saved"

    def use_theirs(self) -> None:
        if self.outcome is None:
            return
        outcome_id = self.outcome.id
        ok, detail = attempt(
            self,
            "Cannot load their version",
            lambda: self.context.person_detail.detail(self.detail.id),
        )
        saved = (
            next((o for o in detail.outcomes if o.id == outcome_id), None)
            if ok and detail
            else None
        )
        if saved is None:
            if ok:
                dialogs.show_problem(
                    self, "Cannot load their version", "That outcome has been deleted meanwhile."
                )
            return
        self.outcome = saved
        self.expected_version = saved.version
        self.errors.clear()
        self.general.hide()
        self._fill(saved)


def _select(combo: QComboBox, value: object, *, add_missing: bool = False) -> None:
    index = combo.findData(value)
    if index < 0 and add_missing and value:
        combo.addItem(_shown(str(value)), value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def delete_outcome(context: AppContext, parent: QWidget, outcome: OutcomeLine) -> bool:
    """Remove one entry after asking; Ctrl+Z puts it back."""
    question = f"Delete the outcome “{outcome_text(outcome.kind)}” of {uk(outcome.occurred_on)}?"
    if not dialogs.confirm(parent, "Delete outcome", question, action="Delete", destructive=True):
        return False
    progress = context.services.progress

    def undo(removed: RemovedOutcome) -> Callable[[], None]:
        def put_back() -> None:
            progress.record_outcome(
                removed.person_id,
                OutcomeKind(removed.kind),
                removed.occurred_on,
                description=removed.description,
                cohort_id=removed.cohort_id,
                role_family=removed.role_family,
                role=removed.role,
                level=removed.level,
            )

        return put_back

    ok, _ = context.act(
        parent,
        "Cannot delete the outcome",
        lambda: progress.delete_outcome(outcome.id, expected_version=outcome.version),
        done="Outcome deleted",
        undo=undo,
        undo_label="Undo deleting an outcome",
    )
    return ok
