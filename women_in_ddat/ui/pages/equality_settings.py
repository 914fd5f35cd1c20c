"""Switching equality monitoring on or off for each programme (on the Data protection page)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from women_in_ddat.services.context import Services
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.text import plain_label

EXPLANATION = (
    "Equality monitoring answers (ethnic group, disability, age band, caring responsibilities, "
    "sexual orientation) are special category data under UK GDPR. Collect them only if your "
    "programme has a reason to, and say so in its privacy notice. When a programme collects "
    "them, an Equality answers… button appears on the Profile of each of its people. Answers "
    "are optional, kept apart, never used for matching and reported only as totals. Switching "
    "collection off keeps the answers already given until each person is erased."
)


class EqualitySettings(QWidget):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        changed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("equalitySettings")
        self.services = services
        self._changed = changed
        self.column = QVBoxLayout(self)
        intro = plain_label(EXPLANATION)
        intro.setWordWrap(True)
        self.column.addWidget(intro)
        self.boxes: dict[int, QCheckBox] = {}
        self.holder = QVBoxLayout()
        self.column.addLayout(self.holder)
        self.empty = plain_label("There is no programme yet.", name="hint")
        self.column.addWidget(self.empty)
        self.column.addStretch(1)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        ok, settings = attempt(
            self, "Cannot show equality monitoring", self.services.personal_data.equality_settings
        )
        for box in self.boxes.values():
            box.deleteLater()
        self.boxes.clear()
        for programme in settings or []:
            answered = programme.people_answered
            box = QCheckBox(
                # "&" in a programme's name is shown, not taken for the box's letter.
                f"&Collect equality answers in {programme.name.replace('&', '&&')}"
                f"  ({answered} {'person has' if answered == 1 else 'people have'} answered)"
            )
            box.setObjectName(f"collectEquality_{programme.id}")
            box.setAccessibleName(f"Collect equality answers in {programme.name}")
            box.setChecked(programme.collecting)
            box.toggled.connect(lambda on, pid=programme.id: self._toggle(pid, on))
            self.holder.addWidget(box)
            self.boxes[programme.id] = box
        self.empty.setVisible(ok and not self.boxes)

    def _toggle(self, programme_id: int, on: bool) -> None:
        try:
            ok, _ = attempt(
                self,
                "Cannot change equality monitoring",
                lambda: self.services.personal_data.set_equality_collection(programme_id, on),
            )
        except BaseException:
            self._show_unchanged(programme_id, on)  # nothing was saved: the box must say so
            raise
        if not ok:
            self._show_unchanged(programme_id, on)
            return
        if self._changed is not None:
            self._changed()

    def _show_unchanged(self, programme_id: int, on: bool) -> None:
        box = self.boxes[programme_id]
        box.blockSignals(True)
        box.setChecked(not on)
        box.blockSignals(False)
