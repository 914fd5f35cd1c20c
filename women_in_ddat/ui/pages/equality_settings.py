"""Switching equality monitoring on or off for each programme (on the Data protection page)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from women_in_ddat.services.context import Services
from women_in_ddat.services.personal_data import ProgrammeEquality
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.tasks import Task
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
        self._reading: Task | None = None  # the programmes and their answers, on a worker
        self._read_again = False  # asked to refresh while reading
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
        """Read again, on a worker: counting who answered joins every place to the answers."""
        if self._reading is not None:
            self._read_again = True
            return
        personal_data = self.services.personal_data
        task = Task(lambda _progress: personal_data.equality_settings())
        task.signals.succeeded.connect(self._show)
        task.signals.failed.connect(self._failed)
        task.signals.finished.connect(self._read)
        self._reading = task.start()

    def is_loading(self) -> bool:
        return self._reading is not None

    def _read(self) -> None:
        self._reading = None
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _failed(self, message: str) -> None:
        from women_in_ddat.ui import dialogs

        dialogs.show_problem(self, "Cannot show equality monitoring", message)
        self._show_programmes([], ok=False)

    def _show(self, settings: list[ProgrammeEquality]) -> None:
        if not self._read_again:  # else a newer answer follows
            self._show_programmes(settings, ok=True)

    def _show_programmes(self, settings: list[ProgrammeEquality], *, ok: bool) -> None:
        for box in self.boxes.values():
            box.deleteLater()
        self.boxes.clear()
        for programme in settings:
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
