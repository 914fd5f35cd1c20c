"""The small object every page gets: the services, the undo stack, and change news.

Pages never talk to each other. When one changes data it calls
``changed()``; the main window then marks the other pages stale, and they
reload when next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.undo import UndoStack

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.dashboard import DashboardService
    from women_in_ddat.services.match_choices import MatchChoicesService
    from women_in_ddat.services.person_detail import PersonDetailService

T = TypeVar("T")


class AppContext(QObject):
    dataChanged = Signal(object)  # the page (or None) that made the change
    statusMessage = Signal(str)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.undo = UndoStack(self)

    # The services pages use most, by their short names (all live in ``services``).
    @property
    def dashboard(self) -> DashboardService:
        return self.services.dashboard

    @property
    def person_detail(self) -> PersonDetailService:
        return self.services.person_detail

    @property
    def match_choices(self) -> MatchChoicesService:
        return self.services.match_choices

    def changed(self, source: object = None, message: str = "") -> None:
        self.dataChanged.emit(source)
        if message:
            self.statusMessage.emit(message)

    def act(
        self,
        parent: QWidget | None,
        title: str,
        action: Callable[[], T],
        *,
        done: str = "",
        undo: Callable[[T], Callable[[], object]] | None = None,
        undo_label: str = "",
    ) -> tuple[bool, T | None]:
        """One user action: run it, show a refusal kindly, announce the change, offer undo."""
        ok, result = attempt(parent, title, action)
        if not ok:
            return False, None
        if undo is not None:
            self.undo.push(
                undo_label or title, undo(cast("T", result))
            )  # ok: the action's own result
        self.changed(parent, done)
        return True, result
