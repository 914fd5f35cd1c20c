"""The first screen when there is no programme yet: start one, open one, or try the demo.

Shown in the main window's place for pages, so the menus (File > New
programme…, Open programme…, Open recent) work here as everywhere. Each
choice ends with the window asking to open a database
(``MainWindow.openDatabaseRequested``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.ui.text import plain_label

DEMO_FILE_NAME = "demo-programme.db"


def demo_programme_path() -> Path:
    """Where the demo programme is built: the app's own data folder, never the user's files."""
    from women_in_ddat.paths import data_dir

    return data_dir() / DEMO_FILE_NAME


def build_demo_programme(target: Path) -> Path:
    """The demo programme at ``target``, built once (an existing one is opened as it is).

    Built under a private temporary name and linked into place, so a demo
    interrupted half-way is never opened as if it were whole.
    """
    from women_in_ddat.paths import ensure_private_dir
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.demo import load_demo

    if target.exists():
        return target
    ensure_private_dir(target.parent)
    # Built in a private folder beside it (with whatever the build writes there, such as the
    # backup an import takes), then linked into place; the folder goes either way.
    building_dir = Path(tempfile.mkdtemp(prefix=".demo-", dir=target.parent))
    try:
        building = building_dir / target.name
        services = Services.open(str(building))
        try:
            load_demo(services)
        finally:
            services.close()
        try:
            os.link(building, target)
        except FileExistsError:
            pass  # built meanwhile by another copy of the app: that one is opened
    finally:
        shutil.rmtree(building_dir, ignore_errors=True)
    return target


class WelcomePage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAccessibleName("Welcome")
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 36, 48, 36)
        column.addStretch(1)
        title = plain_label(f"Welcome to {APP_DISPLAY_NAME}", name="pageTitle")
        column.addWidget(title)
        intro = plain_label(
            "Everything about a mentoring programme (its people, cohorts, matches, milestones "
            "and outcomes) is kept in one programme file on this computer. Start a new one, "
            "open one you already have, or look around the demo programme first.",
            name="subtitle",
        )
        intro.setWordWrap(True)
        intro.setMaximumWidth(720)
        column.addWidget(intro)
        column.addSpacing(18)
        self.choices: list[tuple[QPushButton, QWidget]] = []
        self.new_button = self._choice(
            "&New programme…",
            "Start an empty programme file, named and saved where you choose.",
            primary=True,
        )
        self.new_button.clicked.connect(self.newRequested)
        self.open_button = self._choice(
            "&Open programme…", "Open a programme file you (or a colleague) already have."
        )
        self.open_button.clicked.connect(self.openRequested)
        self.demo_button = self._choice(
            "Try the &demo programme",
            "A made-up programme of several councils' cohorts, to try things safely (kept apart from yours).",
        )
        self.demo_button.clicked.connect(self.demoRequested)
        for button, hint in self.choices:
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            column.addWidget(hint)
            column.addSpacing(8)
        self.status = plain_label(name="hint")
        self.status.setAccessibleName("Progress")
        column.addWidget(self.status)
        column.addStretch(2)
        self.new_button.setFocus()

    def _choice(self, text: str, explanation: str, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(explanation)
        button.setMinimumWidth(260)
        button.setProperty("primary", primary)
        hint = plain_label(explanation, name="hint")
        hint.setWordWrap(True)
        self.choices.append((button, hint))
        return button

    def set_busy(self, message: str) -> None:
        """While the demo is built: the choices wait, and the page says what is happening."""
        for button, _hint in self.choices:
            button.setEnabled(not message)
        self.status.setText(message)
