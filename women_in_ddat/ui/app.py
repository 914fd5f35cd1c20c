"""Starting the desktop app.

The order matters for a quick, safe start:

1. a second copy on the same database hands over to the first and stops;
2. the database file is checked with the standard library only (a refused
   file gets a clear dialog, never a traceback, and is not touched);
3. the window is shown and painted before SQLAlchemy, SQLModel or any
   report library is imported;
4. the database is opened on a worker thread (an upgrade with its backup
   may take a while) and the pages are attached when it is ready.

``WOMEN_IN_DDAT_QUIT_AFTER=paint|ready`` makes the app quit at that point:
the start-up benchmark uses it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from women_in_ddat import APP_DISPLAY_NAME, APP_NAME
from women_in_ddat.errors import DatabaseRefused
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.main_window import MainWindow
from women_in_ddat.ui.single_instance import SingleInstance

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services
    from women_in_ddat.storage.lock import DatabaseLock
    from women_in_ddat.ui.context import AppContext

QUIT_AFTER_ENV = "WOMEN_IN_DDAT_QUIT_AFTER"


@dataclass
class Started:
    """A started app, for ``run_app`` and for tests (which skip the event loop)."""

    exit_code: int | None  # set when the app stopped before showing a window
    window: MainWindow | None = None
    guard: SingleInstance | None = None
    opener: DatabaseOpener | None = None
    lock: DatabaseLock | None = None

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
        if self.opener is not None:
            self.opener.close()
        if self.lock is not None:
            self.lock.release()
        if self.guard is not None:
            self.guard.release()


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(APP_NAME)
    from women_in_ddat.ui.app_icon import DESKTOP_FILE_NAME, app_icon

    app.setWindowIcon(app_icon())
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    from women_in_ddat.ui.theme import apply_theme

    apply_theme(app)
    return app


def choose_database(target: str) -> str:
    """``target`` as given, unless it is the default and another database was used last time."""
    from women_in_ddat.paths import default_database_path
    from women_in_ddat.ui.settings import remembered_database

    if target != str(default_database_path()):
        return target
    last = remembered_database()
    if last and ("://" in last or os.path.exists(last)):
        return last
    return target


def display_name(target: str) -> str:
    from women_in_ddat.storage.preflight import parse_target

    try:
        return parse_target(target).display_name
    except DatabaseRefused:
        return target


def preflight(target: str) -> None:
    """Refuse an unusable file before anything else happens (standard library only)."""
    from women_in_ddat.storage.preflight import check_sqlite_file, parse_target

    parsed = parse_target(target)
    if parsed.sqlite_path is not None:
        check_sqlite_file(parsed.sqlite_path)


@dataclass(frozen=True)
class Opened:
    """What the opening worker hands back: the services, and the programmes the file holds."""

    services: object
    programme_names: list[str]


class DatabaseOpener(QObject):
    """Opens the services after the window's first paint, then attaches them.

    It never ends the event loop itself (``run_app`` connects ``exitRequested``
    to it): once QApplication.exit() has been called, every later event loop
    returns at once, which would break whoever embeds the window (tests).
    """

    exitRequested = Signal(int)

    def __init__(self, window: MainWindow, target: str) -> None:
        super().__init__(window)
        self.window = window
        self.target = target
        self.services: Services | None = None
        self.context: AppContext | None = None
        self.refusal: DatabaseRefused | None = None
        self._started = False
        self._quit_after = os.environ.get(QUIT_AFTER_ENV, "")
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        painting = event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.Paint)
        if watched is self.window and painting and not self._started:
            self._started = True
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        if self._quit_after == "paint":
            self.exitRequested.emit(0)
            return
        self.start()

    def start(self) -> None:
        from women_in_ddat.ui.tasks import Task

        target = self.target

        def open_services(progress: object) -> object:
            from women_in_ddat.services.context import Services
            from women_in_ddat.services.programme_file import programme_names

            try:
                services = Services.open(target)
            except DatabaseRefused as exc:
                return exc
            try:
                return Opened(services, programme_names(services.db))
            except BaseException:
                services.close()
                raise

        self._task = Task(open_services)
        self._task.signals.succeeded.connect(self._opened)
        self._task.signals.failed.connect(self._failed)
        self._task.start()

    def _opened(self, result: object) -> None:
        if isinstance(result, DatabaseRefused):
            self.refusal = result
            dialogs.show_problem(self.window, "Cannot open the database", result.message)
            self.exitRequested.emit(result.exit_code)
            self.window.close()
            return
        from women_in_ddat.services.context import Services
        from women_in_ddat.ui.context import AppContext
        from women_in_ddat.ui.settings import remember_database

        assert isinstance(result, Opened)
        assert isinstance(result.services, Services)
        self.services = result.services
        self.context = AppContext(result.services, self)
        remember_database(self.target, ", ".join(result.programme_names))
        if self._quit_after == "ready":
            self.window.ready.connect(lambda: self.exitRequested.emit(0))
        self.window.set_programme_names(result.programme_names)
        self.window.attach(self.context)
        self._start_daily_backups()

    def _start_daily_backups(self) -> None:
        """A backup each day the app is used: now if none today, then checked hourly."""
        path = self.services.db.sqlite_path if self.services is not None else None
        if path is None:
            return
        from women_in_ddat.ui.tasks import Task

        def check() -> None:
            from women_in_ddat.storage.backup import ensure_daily_backup

            task = Task(lambda progress: ensure_daily_backup(path))
            task.signals.failed.connect(
                lambda message: self.window.statusBar().showMessage(
                    f"The daily backup failed: {message}"
                )
            )
            self._backup_task = task.start()

        check()
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(60 * 60 * 1000)
        self._backup_timer.timeout.connect(check)
        self._backup_timer.start()

    def _failed(self, message: str) -> None:
        dialogs.show_problem(self.window, "Cannot open the database", message)
        self.exitRequested.emit(1)
        self.window.close()

    def close(self) -> None:
        if self.services is not None:
            self.services.close()
            self.services = None


def wants_welcome(target: str) -> bool:
    """A first run: no database named, and none yet where the app keeps its own."""
    from women_in_ddat.paths import default_database_path

    return target == str(default_database_path()) and not os.path.lexists(target)


def start_app(database_target: str) -> Started:
    """Everything ``run_app`` does before the event loop."""
    application()
    target = choose_database(database_target)
    if wants_welcome(target):
        return start_welcome(target)
    name = display_name(target)
    guard = SingleInstance(target)
    if guard.ask_running_copy_to_raise():
        dialogs.inform(
            None,
            "Already open",
            f"{name} is already open in another {APP_DISPLAY_NAME} window, which has been brought to the front.",
        )
        return Started(exit_code=0)
    try:
        preflight(target)
    except DatabaseRefused as exc:
        if not offer_restore(target, exc):
            return Started(exit_code=exc.exit_code)
    if not guard.claim():
        dialogs.inform(
            None, "Already open", f"{name} is already open in another {APP_DISPLAY_NAME} window."
        )
        return Started(exit_code=0)
    lock, lock_refused = take_lock(target)
    if lock_refused is not None:
        guard.release()
        return Started(exit_code=lock_refused)
    window = MainWindow(name, target)
    guard.raiseRequested.connect(window.bring_to_front)
    window.openDatabaseRequested.connect(lambda path: _switch_database(window, path))
    opener = DatabaseOpener(window, target)
    window.show()
    warn_about_location(window, target)
    return Started(exit_code=None, window=window, guard=guard, opener=opener, lock=lock)


def start_welcome(target: str) -> Started:
    """The welcome screen: nothing is opened or created until she chooses.

    The single-instance guard is held for the default database, so starting
    the app again raises this window instead of showing a second welcome.
    """
    guard = SingleInstance(target)
    if guard.ask_running_copy_to_raise() or not guard.claim():
        return Started(exit_code=0)
    window = MainWindow(APP_DISPLAY_NAME)
    guard.raiseRequested.connect(window.bring_to_front)
    window.openDatabaseRequested.connect(lambda path: _switch_database(window, path))
    window.show_welcome()
    window.show()
    return Started(exit_code=None, window=window, guard=guard)


def offer_restore(target: str, refused: DatabaseRefused) -> bool:
    """A refused database: offer the newest automatic backup. True if it was restored."""
    from pathlib import Path

    from women_in_ddat.storage.backup import latest_backup, restore_sqlite
    from women_in_ddat.storage.preflight import parse_target

    path = parse_target(target).sqlite_path
    backup = latest_backup(path) if path is not None else None
    if path is None or backup is None:
        dialogs.show_problem(None, "Cannot open the database", refused.message)
        return False
    if not dialogs.confirm(
        None,
        "Cannot open the database",
        f"{refused.message}\n\nThe latest backup is {backup.name}. Restore it now? The damaged file is "
        "kept beside the backups, byte for byte.",
        action="Restore the latest backup",
    ):
        return False
    try:
        restore_sqlite(Path(backup), path)
    except Exception as exc:  # the restore itself refused: say so, start nothing
        message = getattr(exc, "message", type(exc).__name__)
        dialogs.show_problem(None, "Restore failed", f"The backup could not be restored: {message}")
        return False
    return True


def take_lock(target: str) -> tuple[DatabaseLock | None, int | None]:
    """The single-writer lock for a database file; asks before taking one held elsewhere."""
    from women_in_ddat.storage.lock import DatabaseLock, LockedElsewhere, LockedHere
    from women_in_ddat.storage.preflight import parse_target

    path = parse_target(target).sqlite_path
    if path is None:
        return None, None  # a server database does its own locking
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except LockedHere as exc:
        dialogs.show_problem(None, "Already open", exc.message)
        return None, exc.exit_code
    except LockedElsewhere as exc:
        if not dialogs.confirm(
            None,
            "Database in use elsewhere",
            f"{exc.message}\n\nOnly take it over if you are sure that computer is no longer using it "
            "(for example, it was switched off without closing the app).",
            action="Take it over",
            destructive=True,
        ):
            return None, exc.exit_code
        lock.acquire(force=True)
    except OSError as exc:
        dialogs.show_problem(
            None, "Cannot open the database", f"The lock file cannot be written ({exc.strerror})."
        )
        return None, 6
    return lock, None


def warn_about_location(window: MainWindow, target: str) -> None:
    from women_in_ddat.storage.location import location_warning
    from women_in_ddat.storage.preflight import parse_target

    path = parse_target(target).sqlite_path
    warning = location_warning(path) if path is not None else None
    if warning:
        dialogs.show_problem(window, "Where the database is kept", warning)


def _switch_database(window: MainWindow, path: str) -> None:
    """Open another database in a fresh copy of the app, then close this one."""
    from PySide6.QtCore import QProcess

    from women_in_ddat.ui.settings import remember_database

    remember_database(path)
    if QProcess.startDetached(sys.executable, ["-m", "women_in_ddat", "--db", path])[0]:
        window.close()
    else:
        dialogs.show_problem(
            window, "Cannot open the database", "A new window could not be started."
        )


def quit_when_told_to_stop(app: QCoreApplication) -> None:
    """A logout or shutdown (SIGTERM, SIGHUP, Ctrl+C) quits the app as closing it does.

    Python's default would end the process where it stands, leaving the
    database's lock behind: the next start would then refuse her programme as
    "open in another window" for as long as that process id stays taken.
    """
    import signal

    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, lambda *_: app.quit())
    # Python runs a signal's handler only when it next has control: a timer gives it that
    # while Qt's event loop waits.
    wake = QTimer(app)
    wake.setInterval(250)
    wake.timeout.connect(lambda: None)
    wake.start()


def run_app(database_target: str) -> int:
    """Open the desktop app on ``database_target``; returns the exit code."""
    from women_in_ddat.ui.guard import install_dialog_excepthook

    started = start_app(database_target)
    if started.exit_code is not None:
        return started.exit_code
    app = QApplication.instance()
    assert app is not None
    if started.opener is not None:  # none on the welcome screen
        started.opener.exitRequested.connect(app.exit)
    previous_hook = install_dialog_excepthook()
    quit_when_told_to_stop(app)
    try:
        return int(app.exec())
    finally:
        sys.excepthook = previous_hook
        started.close()
