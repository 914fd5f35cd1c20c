"""One driver per writing action of the app, used by test_fault_injection.py.

A driver does what a coordinator does: it gets the window ready (outside the
measured part), then returns ``act(again)``, which presses the button that
writes, and ``worked()``, which checks what the action stored. ``act`` runs
twice: first with every write failing, then again as it is, where ``again``
says the fault has happened (a dialog that stayed open must still hold what
she typed, and she presses its button again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QPushButton, QTableView

from tests.ui.fault_injection import FAULT_EMAIL, SEAMS

Act = Callable[[bool], None]
Worked = Callable[[], None]


@dataclass
class Harness:
    qtbot: Any
    window: Any
    context: Any
    messages: Any
    monkeypatch: Any
    db_path: Path
    out: Path  # where the coordinator saves files
    # Names and emails a driver brings in (an imported file's), checked like the programme's.
    extra_names: set[str] = field(default_factory=set)

    @property
    def services(self) -> Any:
        return self.context.services

    def page(self, name: str) -> Any:
        page = self.window.show_page(name)
        page.ensure_fresh()
        return page

    def inner(self, name: str) -> Any:
        """A page that the window builds on first use (Import, Matching, Reports, Data protection)."""
        return self.page(name)

    def people(self) -> Any:
        page = self.page("People")
        self.qtbot.waitUntil(lambda: not page.is_loading() and page.model.total > 0, timeout=10000)
        return page

    def person_id(self, email: str = FAULT_EMAIL) -> int:
        return int(self.services.people.by_email(email).id)

    def show_person(self, email: str = FAULT_EMAIL) -> Any:
        people = self.people()
        people.show_person(self.person_id(email))
        self.qtbot.waitUntil(
            lambda: people.view.detail is not None and people.view.detail.email == email
        )
        self.settle()  # the list's own (deferred) showing of her page lands now, not mid-test
        return people.view

    def click(self, widget: Any) -> None:
        assert widget.isEnabled(), f"{widget.text()!r} is disabled"
        if isinstance(widget, QCheckBox):
            widget.click()  # a wide check box takes clicks on its box and text only
        else:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def settle(self) -> None:
        """Let every worker finish and every queued signal land."""
        pool = QThreadPool.globalInstance()
        for _ in range(20):
            pool.waitForDone(20000)
            QApplication.processEvents()
            if pool.activeThreadCount() == 0:
                QApplication.processEvents()
                if pool.activeThreadCount() == 0:
                    return


@dataclass(frozen=True)
class Action:
    name: str
    covers: tuple[str, ...]  # "Page|button text" (or "WINDOW|menu item") this action drives
    drive: Callable[[Harness], tuple[Act, Worked]]
    seams: frozenset[str] = SEAMS
    # A backup the action takes before it writes may stay (it is taken before the fault).
    backup_first: bool = False
    # Where the failure is shown if not in a message box (the Reports page's status line).
    shown_in: Callable[[Harness], str] | None = None
    # The kind of record (ORM class) it writes several of: the fault comes as the second
    # is written, failing the action part-way through.
    part_way: str = ""
    # Why this action is known to misbehave (the test then must fail, until it is fixed).
    xfail: str = ""


ACTIONS: dict[str, Action] = {}


def action(
    name: str,
    *covers: str,
    seams: frozenset[str] = SEAMS,
    backup_first: bool = False,
    shown_in: Callable[[Harness], str] | None = None,
    xfail: str = "",
    part_way: str = "",
) -> Callable[[Callable[[Harness], tuple[Act, Worked]]], Callable[[Harness], tuple[Act, Worked]]]:
    def register(
        drive: Callable[[Harness], tuple[Act, Worked]],
    ) -> Callable[[Harness], tuple[Act, Worked]]:
        assert name not in ACTIONS, name
        ACTIONS[name] = Action(name, covers, drive, seams, backup_first, shown_in, part_way, xfail)
        return drive

    return register


def ok_button(dialog: Any) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox)
    for standard in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Save):
        found = box.button(standard)
        if found is not None:
            return found
    raise AssertionError("the dialog has no OK button")


def select_rows(view: QTableView, rows: list[int]) -> None:
    selection = view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            view.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def uk_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def past_day() -> date:
    return min(date.today(), date(2026, 11, 1)) - timedelta(days=1)
