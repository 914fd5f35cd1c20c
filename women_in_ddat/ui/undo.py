"""Ctrl+Z for the actions that can be taken back safely.

Each undoable action pushes a label and a function that reverses it
through the services (deleting a session just logged, reopening
milestones just ticked off, removing a person just created). An undo that
the data no longer allows (someone changed the record since) is refused
by the service like any other action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

MAX_UNDO = 20


@dataclass(frozen=True)
class UndoStep:
    label: str
    reverse: Callable[[], object]


class UndoStack(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[UndoStep] = []

    def push(self, label: str, reverse: Callable[[], object]) -> None:
        self._steps.append(UndoStep(label, reverse))
        del self._steps[:-MAX_UNDO]
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._steps)

    def next_label(self) -> str:
        return self._steps[-1].label if self._steps else ""

    def pop(self) -> UndoStep | None:
        if not self._steps:
            return None
        step = self._steps.pop()
        self.changed.emit()
        return step

    def clear(self) -> None:
        self._steps.clear()
        self.changed.emit()
