"""Screenshots of the app on the demo programme, for the README.

    python -m women_in_ddat.ui.screenshots OUTDIR [--scale 2] [--dark]
    python -m women_in_ddat.ui.screenshots --guide resources/help/images

Writes OUTDIR/dashboard.png and OUTDIR/person.png from the real window
(QWidget.grab), on a fresh copy of the demo programme, so the README shows
what the app looks like today. With --guide it writes one picture of every
page (named after the page's section of the user guide, resources/help), so
the F1 guide shows the app as it is. Runs headless (offscreen) when there is no
display. Nothing of the user's own settings or data is read or written, and no
folder of the machine they are taken on shows: the app sees a home folder of
its own, whose reports go to "Documents/Programme reports".
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

WINDOW_SIZE = (1600, 1000)
# The demo mentee shown on the person page: she has every kind of record.
DEMO_PERSON_EMAIL = "zoe.hughes@essex.gov.uk"


# The folder the Reports picture shows in "Save to", under the home folder the app is given.
REPORTS_FOLDER = Path("Documents", "Programme reports")
# What the home folder and the per-user folders follow (Linux, where the pictures are taken).
_HOME_VARIABLES = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")


@contextmanager
def neutral_home() -> Iterator[Path]:
    """A home folder of the pictures' own, with its reports folder remembered; yields that folder.

    Without it the Reports page suggests a file in the builder's own folder
    (``/home/someone/...``), and the guide would show it to every reader.
    """
    from women_in_ddat.ui.pages.reports import REPORT_FOLDER_SETTING
    from women_in_ddat.ui.settings import app_settings

    work = Path(tempfile.mkdtemp(prefix="wid-shots-"))
    home = work / "Coordinator"
    reports = home / REPORTS_FOLDER
    reports.mkdir(parents=True)
    before = {name: os.environ.get(name) for name in _HOME_VARIABLES}
    os.environ["HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    os.environ["XDG_DATA_HOME"] = str(home / ".local" / "share")
    os.environ["XDG_CACHE_HOME"] = str(home / ".cache")
    settings = app_settings()
    remembered = settings.value(REPORT_FOLDER_SETTING)
    settings.setValue(REPORT_FOLDER_SETTING, str(reports))
    settings.sync()
    try:
        yield reports
    finally:
        if remembered is None:
            settings.remove(REPORT_FOLDER_SETTING)
        else:
            settings.setValue(REPORT_FOLDER_SETTING, remembered)
        settings.sync()
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(work, ignore_errors=True)


def _wait_until(condition: Callable[[], object], timeout_ms: int = 20000) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = QDeadlineTimer(timeout_ms)
    app = QApplication.instance()
    while not condition():
        if deadline.hasExpired():
            raise TimeoutError("the app did not get ready in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)  # type: ignore[union-attr]


def _settle() -> None:
    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtWidgets import QApplication

    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < 300:
        QApplication.processEvents()


def _dark_palette() -> QPalette:
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#2a2b2e",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2e31",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.Mid: "#5f6368",
        QPalette.ColorRole.Midlight: "#3c4043",
        QPalette.ColorRole.Light: "#4a4c50",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.ToolTipBase: "#2d2e31",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


def take(out_dir: Path, *, dark: bool = False) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from women_in_ddat.services.context import Services
    from women_in_ddat.services.demo import load_demo
    from women_in_ddat.ui.app import application
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.main_window import MainWindow

    out_dir.mkdir(parents=True, exist_ok=True)
    app = application()
    if dark:
        app.setPalette(_dark_palette())
    with neutral_home(), tempfile.TemporaryDirectory(prefix="wid-shots-") as work:
        services = Services.open(str(Path(work) / "demo.db"), actor="coordinator")
        try:
            load_demo(services)
            window = MainWindow("programme.db")
            window.resize(*WINDOW_SIZE)
            window.show()
            ready = []
            window.ready.connect(lambda: ready.append(True))
            window.attach(AppContext(services))
            window.show_page("Dashboard")
            _wait_until(lambda: bool(ready))
            _settle()
            written = []
            suffix = "-dark" if dark else ""
            path = out_dir / f"dashboard{suffix}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)

            people: Any = window.show_page("People")
            _wait_until(lambda: not people.is_loading() and people.model.total > 0)
            person = services.people.by_email(DEMO_PERSON_EMAIL)
            people.show_person(int(person.id or 0))
            people.view.tabs.setCurrentIndex(0)  # the Profile tab
            _settle()
            path = out_dir / f"person{suffix}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
            window.close()
            QApplication.processEvents()
            return written
        finally:
            services.close()


# The guide shows its pictures at their own size (smoothly scaled here, once): sharp in the
# guide window and small enough to ship with the app.
GUIDE_IMAGE_WIDTH = 640
GUIDE_WINDOW_SIZE = (1280, 800)


def _finished(is_loading: Callable[[], bool]) -> Callable[[], bool]:
    return lambda: not is_loading()


def take_guide(out_dir: Path) -> list[Path]:
    """One picture per page, named for the page's section of the guide ("Data protection" ->
    data-protection.png); the People page shows the demo mentee who has every kind of record."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from women_in_ddat.services.context import Services
    from women_in_ddat.services.demo import load_demo
    from women_in_ddat.ui.app import application
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.help_window import anchor_for
    from women_in_ddat.ui.main_window import PAGE_NAMES, MainWindow

    out_dir.mkdir(parents=True, exist_ok=True)
    application()
    written: list[Path] = []

    def save(window: Any, name: str) -> None:
        image = window.grab().toImage()
        image = image.scaledToWidth(GUIDE_IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
        path = out_dir / f"{name}.png"
        if not image.save(str(path), "PNG", 9):
            raise OSError(f"could not write {path}")
        written.append(path)

    with (
        neutral_home() as reports_folder,
        tempfile.TemporaryDirectory(prefix="wid-guide-") as work,
    ):
        services = Services.open(str(Path(work) / "demo.db"), actor="coordinator")
        try:
            load_demo(services)
            window = MainWindow("programme.db")
            window.resize(*GUIDE_WINDOW_SIZE)
            window.show()
            ready: list[bool] = []
            window.ready.connect(lambda: ready.append(True))
            window.attach(AppContext(services))
            window.show_page("Dashboard")
            _wait_until(lambda: bool(ready))
            for name in PAGE_NAMES:
                page: Any = window.show_page(name)
                if hasattr(page, "is_loading"):
                    _wait_until(_finished(page.is_loading))
                _settle()
                if name == "People":
                    person = services.people.by_email(DEMO_PERSON_EMAIL)
                    page.show_person(int(person.id or 0))
                    page.view.tabs.setCurrentIndex(0)
                    _settle()
                if name == "Matching":  # show suggestions, as she would see them
                    page.suggest()
                    _settle()
                if name == "Reports" and not page.path_edit.text().startswith(str(reports_folder)):
                    raise RuntimeError(
                        f"the Reports picture would show {page.path_edit.text()}, not a file in "
                        f"{REPORTS_FOLDER}"
                    )
                save(window, anchor_for(name))
            window.close()
            QApplication.processEvents()
            return written
        finally:
            services.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out_dir", type=Path, help="where to write dashboard.png and person.png")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="display scaling, e.g. 2 for 200%%"
    )
    parser.add_argument(
        "--dark", action="store_true", help="also check the dark theme (writes *-dark.png)"
    )
    parser.add_argument(
        "--guide",
        action="store_true",
        help="write the user guide's pictures, one per page (resources/help/images)",
    )
    args = parser.parse_args(argv)
    # Never the user's settings, logs or data; no display needed.
    os.environ["WOMEN_IN_DDAT_HOME"] = tempfile.mkdtemp(prefix="wid-shots-home-")
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    shots = take_guide(args.out_dir) if args.guide else take(args.out_dir, dark=args.dark)
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
