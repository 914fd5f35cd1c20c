"""The main window: navigation, menus with the usual shortcuts, status bar, remembered layout.

The window is shown before the database is opened (the shell paints in a
fraction of a second); ``attach`` then gives it the services and it builds
each page the first time it is visited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.settings import app_settings

if TYPE_CHECKING:
    from women_in_ddat.domain.records import RecordRef
    from women_in_ddat.ui.context import AppContext

if TYPE_CHECKING:
    from women_in_ddat.ui.pages.base import Page
    from women_in_ddat.ui.welcome import WelcomePage


# Every page is a ``Page(context)``. Each factory imports its page only when the page is
# first visited, so a page's libraries stay off the path to the first window.
def _dashboard(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.dashboard import DashboardPage

    return DashboardPage(context)


def _people(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.people import PeoplePage

    return PeoplePage(context)


def _cohorts(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.cohorts import CohortsPage

    return CohortsPage(context)


def _matches(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.matches import MatchesPage

    return MatchesPage(context)


def _matching(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.matching import MatchingPage

    return MatchingPage(context)


def _milestones(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.milestones import MilestonesPage

    return MilestonesPage(context)


def _import(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.importing import ImportPage

    return ImportPage(context)


def _reports(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.reports import ReportsPage

    return ReportsPage(context)


def _data_protection(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.privacy import PrivacyPage

    return PrivacyPage(context)


def _events(context: AppContext) -> Page:
    from women_in_ddat.ui.pages.events import EventsPage

    return EventsPage(context)


# The navigation, in order (Ctrl+1 … Ctrl+9, then Ctrl+0, follow it). A new page: one factory above, one entry here.
PAGE_FACTORIES: dict[str, Callable[[AppContext], Page]] = {
    "Dashboard": _dashboard,
    "People": _people,
    "Cohorts": _cohorts,
    "Matches": _matches,
    "Matching": _matching,
    "Milestones": _milestones,
    "Import": _import,
    "Reports": _reports,
    "Data protection": _data_protection,
    "Events": _events,
}
PAGE_NAMES = tuple(PAGE_FACTORIES)
STATUS_SECONDS = 6
READY_POLL_MS = 10  # how often attach looks whether the first page's data is in
DEFAULT_SIZE = QSize(1400, 900)
HISTORY_LENGTH = 50


class MainWindow(QMainWindow):
    ready = Signal()  # the services are attached and the first page has its data
    openDatabaseRequested = Signal(str)

    def __init__(self, database_name: str, target: str | None = None) -> None:
        super().__init__()
        self.database_name = database_name
        # The database this window opens (None: the welcome screen, nothing open).
        self.database_target = target
        self.programme_names: list[str] = []
        self.welcome: WelcomePage | None = None
        self.setWindowTitle(f"{database_name} — {APP_DISPLAY_NAME}")
        self.setObjectName("mainWindow")
        self.setAccessibleName(f"{APP_DISPLAY_NAME}, {database_name}")
        self.context: AppContext | None = None  # once the database is open
        self.pages: dict[str, QWidget] = {}
        # Where she has been (page, record or None), for Back and Forward.
        self.history: list[tuple[str, RecordRef | None]] = []
        self.history_at = -1
        self._travelling = False  # showing a page for open_record or Back/Forward

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Sections")
        self.navigation.setAccessibleDescription(
            "Choose a section; Ctrl+1 to Ctrl+9 jump straight to one."
        )
        for i, name in enumerate(PAGE_NAMES, start=1):
            item = QListWidgetItem(name)
            item.setToolTip(f"{name} (Ctrl+{i % 10})")
            self.navigation.addItem(item)
        self.navigation.setFixedWidth(max(170, self.navigation.sizeHintForColumn(0) + 48))
        self.navigation.setEnabled(False)
        self.navigation.currentRowChanged.connect(self._navigate)

        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.opening = QWidget()
        opening_column = QVBoxLayout(self.opening)
        self.opening_label = QLabel(f"Opening {database_name}…")
        self.opening_label.setObjectName("pageTitle")
        self.opening_label.setTextFormat(Qt.TextFormat.PlainText)
        opening_column.addWidget(self.opening_label, 0, Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel(database_name)
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)
        self.database_label.setAccessibleName("Open database")
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().showMessage(f"Opening {database_name}…")
        self._build_menus()
        self._restore_geometry()

    # --- menus --------------------------------------------------------------
    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
        *,
        needs_data: bool = True,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(not needs_data)
        if needs_data:
            self._data_actions.append(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        self._data_actions: list[QAction] = []
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(
            self._action("&New programme…", "Ctrl+Shift+N", self.new_programme, needs_data=False)
        )
        file_menu.addAction(
            self._action(
                "&Open programme…",
                QKeySequence.StandardKey.Open,
                self.choose_database,
                needs_data=False,
            )
        )
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file_menu.addSeparator()
        self.export_action = self._action("&Export…", "Ctrl+Shift+E", self.export_data)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("Update &DDaT framework…", None, self.update_framework, needs_data=False)
        )
        from women_in_ddat.ui.questionnaire_dialogs import add_questionnaire_actions

        file_menu.addSeparator()
        add_questionnaire_actions(file_menu, self._action, lambda: self.context)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", "Ctrl+Q", self.close, needs_data=False))

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self._action("&Undo", QKeySequence.StandardKey.Undo, self.undo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addSeparator()
        self.new_action = self._action("&New…", QKeySequence.StandardKey.New, self.new_record)
        edit_menu.addAction(self.new_action)
        self.find_action = self._action("&Find…", QKeySequence.StandardKey.Find, self.focus_search)
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("&Messages…", "Ctrl+M", self.open_messages))

        view_menu = bar.addMenu("&View")
        self.refresh_action = self._action("&Refresh", "F5", self.refresh_current)
        view_menu.addAction(self.refresh_action)
        self.back_action = self._action("&Back", QKeySequence.StandardKey.Back, self.back)
        self.forward_action = self._action(
            "F&orward", QKeySequence.StandardKey.Forward, self.forward
        )
        view_menu.addAction(self.back_action)
        view_menu.addAction(self.forward_action)
        view_menu.addSeparator()
        for i, name in enumerate(PAGE_NAMES, start=1):
            view_menu.addAction(self._action(name, f"Ctrl+{i % 10}", self._goer(name)))

        help_menu = bar.addMenu("&Help")
        self.help_action = self._action(
            "&User guide", QKeySequence.StandardKey.HelpContents, self.show_help, needs_data=False
        )
        help_menu.addAction(self.help_action)
        help_menu.addAction(
            self._action("&Keyboard shortcuts", None, self.show_shortcuts, needs_data=False)
        )
        help_menu.addAction(
            self._action(f"&About {APP_DISPLAY_NAME}", None, self.show_about, needs_data=False)
        )

    def _goer(self, name: str) -> Callable[[], object]:
        return lambda: self.go_to(name)

    def go_to(self, name: str) -> QWidget:
        """Ctrl+number: the page as she left it, the keyboard in its search box or main table."""
        page = self.show_page(name)
        page.focus_main()  # type: ignore[attr-defined]
        return page

    # --- attaching the database ----------------------------------------------
    def attach(self, context: AppContext) -> None:
        self.context = context
        context.dataChanged.connect(self._data_changed)
        context.statusMessage.connect(
            lambda text: self.statusBar().showMessage(text, STATUS_SECONDS * 1000)
        )
        context.undo.changed.connect(self._undo_changed)
        for action in self._data_actions:
            action.setEnabled(True)
        self._undo_changed()
        self._history_changed()
        self.navigation.setEnabled(True)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # the mouse's back button, wherever the pointer is
        self.statusBar().showMessage("Ready", STATUS_SECONDS * 1000)
        start = str(app_settings().value("window/page", "Dashboard", type=str))
        self.show_page(start if start in PAGE_NAMES else "Dashboard")
        self.navigation.setFocus()
        QTimer.singleShot(0, self._ready_once_loaded)

    def _ready_once_loaded(self) -> None:
        """``ready`` once the first page's data is in (it is read on workers)."""
        page = self.current_page()
        is_loading = getattr(page, "is_loading", None)
        if callable(is_loading) and is_loading():
            QTimer.singleShot(READY_POLL_MS, self._ready_once_loaded)
        else:
            self.ready.emit()

    def page(self, name: str) -> QWidget:
        """The page called ``name``, built on first use."""
        if name not in self.pages:
            assert self.context is not None
            self.pages[name] = self._build_page(name)
            self.stack.addWidget(_scrolling_holder(self.pages[name]))
            self._restore_splitters(self.pages[name])
        return self.pages[name]

    def _build_page(self, name: str) -> QWidget:
        from women_in_ddat.ui.pages.base import unavailable_page

        context = self.context
        assert context is not None
        built: QWidget
        try:
            built = PAGE_FACTORIES[name](context)
        except Exception as exc:  # one page's bug must not take the window down
            from women_in_ddat.logging_setup import log_exception

            log_exception(f"the {name} page could not start", type(exc), exc, exc.__traceback__)
            built = unavailable_page(context, name, exc)
        built.setObjectName("page" + name.replace(" ", ""))
        opener = getattr(built, "openRecord", None)
        if opener is not None:
            opener.connect(self.open_record)
        return built

    def current_page_name(self) -> str:
        row = self.navigation.currentRow()
        return PAGE_NAMES[row] if 0 <= row < len(PAGE_NAMES) else ""

    def current_page(self) -> QWidget | None:
        name = self.current_page_name()
        return self.pages.get(name)

    def show_page(self, name: str) -> QWidget:
        row = PAGE_NAMES.index(name)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # -> _navigate
        else:
            self._navigate(row)
        return self.pages[name]

    def _navigate(self, row: int) -> None:
        if self.context is None or not 0 <= row < len(PAGE_NAMES):
            return
        page = self.page(PAGE_NAMES[row])
        self.stack.setCurrentWidget(_holder_of(page))
        if not self._travelling:  # by the navigation: what an item narrowed to is forgotten
            page.forget_opened()  # type: ignore[attr-defined]
            self._remember(PAGE_NAMES[row], None)

    # --- Back and Forward -------------------------------------------------------
    def _remember(self, name: str, ref: RecordRef | None) -> None:
        place = (name, ref)
        if 0 <= self.history_at < len(self.history) and self.history[self.history_at] == place:
            return
        del self.history[self.history_at + 1 :]
        self.history.append(place)
        del self.history[:-HISTORY_LENGTH]
        self.history_at = len(self.history) - 1
        self._history_changed()

    def _history_changed(self) -> None:
        self.back_action.setEnabled(self.context is not None and self.history_at > 0)
        self.forward_action.setEnabled(
            self.context is not None and self.history_at < len(self.history) - 1
        )

    def back(self) -> None:
        self._travel(-1)

    def forward(self) -> None:
        self._travel(+1)

    def _travel(self, step: int) -> None:
        target = self.history_at + step
        if self.context is None or not 0 <= target < len(self.history):
            return
        self.history_at = target
        name, ref = self.history[target]
        self._travelling = True
        try:
            page = self.show_page(name)
            if ref is None:
                page.forget_opened()  # type: ignore[attr-defined]
            else:
                page.open_record(ref)  # type: ignore[attr-defined]
        finally:
            self._travelling = False
        self._history_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The mouse's back and forward buttons, wherever the pointer is in this window."""
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            button = event.button()  # type: ignore[attr-defined]
            if watched.window() is self and button in (
                Qt.MouseButton.BackButton,
                Qt.MouseButton.ForwardButton,
            ):
                self._travel(-1 if button == Qt.MouseButton.BackButton else +1)
                return True
        return super().eventFilter(watched, event)

    # --- actions --------------------------------------------------------------
    def open_record(self, ref: object) -> None:
        """Show the record an item is about, on the page that owns it."""
        from women_in_ddat.domain.records import RecordRef

        if not isinstance(ref, RecordRef):
            return
        target = {
            "person": "People",
            "cohort": "Cohorts",
            "match": "Matches",
            "milestone": "Milestones",
            "event": "Events",
        }.get(ref.kind)
        if target is None:
            return
        self._travelling = True
        try:
            # Narrowed before it is shown, so its first load is the record's, not everything.
            self.page(target).scope_for(ref)  # type: ignore[attr-defined]
            page = self.show_page(target)
            page.open_record(ref)  # type: ignore[attr-defined]
        finally:
            self._travelling = False
        self._remember(target, ref)

    def new_record(self) -> None:
        page = self.current_page()
        handler = getattr(page, "new_record", None)
        if not (callable(handler) and handler()):
            self.show_page("People").new_record()  # type: ignore[attr-defined]

    def focus_search(self) -> None:
        page = self.current_page()
        handler = getattr(page, "focus_search", None)
        if not (callable(handler) and handler()):
            self.show_page("People").focus_search()  # type: ignore[attr-defined]

    def refresh_current(self) -> None:
        page = self.current_page()
        if page is not None and hasattr(page, "mark_stale"):
            page.mark_stale()
            self.statusBar().showMessage("Refreshed", STATUS_SECONDS * 1000)

    def undo(self) -> None:
        from women_in_ddat.ui.guard import attempt

        if self.context is None:
            return
        step = self.context.undo.pop()
        if step is None:
            self.statusBar().showMessage("Nothing to undo", STATUS_SECONDS * 1000)
            return
        try:
            ok, _ = attempt(self, "Cannot undo", step.reverse)
        except BaseException:
            # An unexpected failure undid nothing (the service rolled back): keep the step
            # so Ctrl+Z can try again. A refusal, by contrast, will not change, so it goes.
            self.context.undo.push(step.label, step.reverse)
            raise
        if ok:
            self.context.changed(None, f"{step.label}: done")

    def _undo_changed(self) -> None:
        if self.context is None:
            return
        label = self.context.undo.next_label()
        self.undo_action.setEnabled(bool(label))
        self.undo_action.setText(f"&{label}" if label else "&Undo")

    def _data_changed(self, source: object) -> None:
        for page in self.pages.values():
            if not _is_within(source, page) and hasattr(page, "mark_stale"):
                page.mark_stale()

    # --- programmes: new, open, recent, demo --------------------------------------
    def show_welcome(self) -> None:
        """No programme yet: the welcome screen takes the pages' place."""
        from women_in_ddat.ui.welcome import WelcomePage

        welcome = WelcomePage()
        welcome.newRequested.connect(self.new_programme)
        welcome.openRequested.connect(self.choose_database)
        welcome.demoRequested.connect(self.try_demo)
        self.welcome = welcome
        self.stack.addWidget(welcome)
        self.stack.setCurrentWidget(welcome)
        self.setWindowTitle(f"Welcome — {APP_DISPLAY_NAME}")
        self.database_label.setText("No programme open")
        self.statusBar().showMessage("No programme open yet")
        welcome.new_button.setFocus()

    def new_programme(self) -> None:
        from women_in_ddat.ui.new_programme_dialog import NewProgrammeDialog

        dialog = NewProgrammeDialog(self)
        dialog.created.connect(self.request_open)
        dialog.open()
        self.programme_dialog = dialog

    def ask_open_path(self) -> str:
        """The open dialog (tests replace this seam)."""
        from women_in_ddat.ui import file_dialogs
        from women_in_ddat.ui.new_programme_dialog import FILE_FILTER

        return file_dialogs.open_path(
            self, file_dialogs.PROGRAMME, f"Open a programme — {APP_DISPLAY_NAME}", FILE_FILTER
        )

    def choose_database(self) -> None:
        path = self.ask_open_path()
        if path:
            self.request_open(path)

    def request_open(self, target: str) -> None:
        """Open ``target`` instead of this programme, once it is known to be openable.

        The file is checked here first, so a wrong choice leaves this window as
        it was, with a message, rather than closing it for a copy that refuses.
        """
        from women_in_ddat.errors import DatabaseRefused
        from women_in_ddat.storage.preflight import check_sqlite_file, parse_target
        from women_in_ddat.ui.settings import forget_recent

        try:
            path = parse_target(target).sqlite_path
            if self.database_target is not None and _same_database(target, self.database_target):
                self.statusBar().showMessage(
                    "This programme is already open here.", STATUS_SECONDS * 1000
                )
                return
            if path is not None and not path.exists():
                forget_recent(target)
                raise DatabaseRefused(f"{path.name} is no longer at {path.parent}.")
            if path is not None:
                check_sqlite_file(path)
        except DatabaseRefused as exc:
            dialogs.show_problem(self, "Cannot open the programme", exc.message)
            return
        self.openDatabaseRequested.emit(target)

    def try_demo(self) -> None:
        """Build the demo programme in the app's data folder (off the GUI thread), then open it."""
        from women_in_ddat.ui.tasks import Task
        from women_in_ddat.ui.welcome import build_demo_programme, demo_programme_path

        target = demo_programme_path()
        if self.welcome is not None:
            self.welcome.set_busy("Building the demo programme… (a few seconds)")
        self.statusBar().showMessage("Building the demo programme…")
        task = Task(lambda progress: str(build_demo_programme(target)))
        task.signals.succeeded.connect(self._demo_ready)
        task.signals.failed.connect(self._demo_failed)
        self.demo_task = task.start()

    def _demo_ready(self, path: str) -> None:
        if self.welcome is not None:
            self.welcome.set_busy("")
        self.request_open(path)

    def _demo_failed(self, message: str) -> None:
        if self.welcome is not None:
            self.welcome.set_busy("")
        dialogs.show_problem(self, "Cannot build the demo programme", message)

    def _fill_recent_menu(self) -> None:
        from women_in_ddat.ui.settings import recent_programmes

        self.recent_menu.clear()
        recent = recent_programmes()
        for number, entry in enumerate(recent, start=1):
            shown = f"{entry.name or 'Programme'} — {entry.target}".replace("&", "&&")
            action = self.recent_menu.addAction(f"&{number} {shown}")
            action.setToolTip(entry.target)
            action.triggered.connect(lambda _c=False, t=entry.target: self.request_open(t))
        if not recent:
            empty = self.recent_menu.addAction("No programmes opened yet")
            empty.setEnabled(False)
            return
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("&Clear the list")
        clear.triggered.connect(self._clear_recent)

    def _clear_recent(self) -> None:
        from women_in_ddat.ui.settings import forget_recent

        forget_recent()
        self._fill_recent_menu()

    def set_programme_names(self, names: list[str]) -> None:
        """The programmes the open file holds, in the title bar."""
        self.programme_names = list(names)
        shown = ", ".join(names)
        title = f"{shown} — {self.database_name}" if shown else self.database_name
        self.setWindowTitle(f"{title} — {APP_DISPLAY_NAME}")

    def show_shortcuts(self) -> None:
        dialogs.inform(
            self,
            "Keyboard shortcuts",
            f"{_page_shortcuts()}\n"
            "Alt+Left / Alt+Right   back and forward through the pages and records you opened "
            "(the mouse's back button too)\n"
            "Ctrl+N   new person, cohort or match (on the page you are on)\n"
            "Ctrl+Shift+N   new programme (a new file)\n"
            "Ctrl+Shift+E   export a dataset (people, matches, milestones…) to CSV or Excel\n"
            "Ctrl+O   open another programme; File > Open recent (Alt+F, R) for the last few\n"
            "Ctrl+F   find (the people search box on the People page)\n"
            "Ctrl+L   log a session for the selected match\n"
            "Ctrl+Shift+S   sort a table by the column of the current cell (again to reverse)\n"
            "Ctrl+Z   undo the last session logged, milestones ticked, or person added\n"
            "F1   the user guide, at the page you are on\n"
            "F5   refresh the page\n"
            "Enter   open the selected item; in a dialog, save it\n"
            "Tab / Shift+Tab   move between controls",
        )

    def show_help(self) -> None:
        """F1: the user guide at the section about the page in view."""
        from women_in_ddat.ui.help_window import HelpWindow

        if getattr(self, "help_window", None) is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_section(self.current_page_name() if self.context else "")

    def show_about(self) -> None:
        from women_in_ddat.ui.about import about_text
        from women_in_ddat.ui.licences import licence_summary

        framework = None
        if self.context is not None:
            from women_in_ddat.ui.framework_dialog import framework_in_use_text

            framework = framework_in_use_text(self.context.services)
        dialogs.inform(
            self,
            "About",
            about_text(self.database_target, self.programme_names, framework)
            + f"\n\n{licence_summary()}",
        )

    def open_messages(self, person_email: str = "") -> QWidget:
        """The Messages dialog (templates, who, preview, send or draft), not blocking the window."""
        from women_in_ddat.ui.messages_dialog import MessagesDialog

        assert self.context is not None
        self.messages_dialog = MessagesDialog(
            self.context.services, self, person_email=person_email
        )
        self.messages_dialog.open()
        return self.messages_dialog

    def export_data(self) -> None:
        from women_in_ddat.ui.export_dialog import ExportDialog

        if self.context is None:
            return
        dialog = ExportDialog(self.context, self)
        dialog.open()
        self.export_dialog = dialog

    def update_framework(self) -> None:
        from women_in_ddat.ui.framework_dialog import FrameworkDialog

        if self.context is None:  # the database is not open yet
            return
        dialog = FrameworkDialog(self.context.services, self)
        dialog.imported.connect(self._framework_updated)
        dialog.open()
        self.framework_dialog = dialog

    def _framework_updated(self, version: str) -> None:
        # Suggestions and skill profiles read the framework afresh: pages reload.
        if self.context is not None:
            self.context.changed(None, f"DDaT framework {version} is now in use")

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage("This database is already open here.", STATUS_SECONDS * 1000)

    # --- remembered layout ------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if not (
            isinstance(geometry, QByteArray)
            and not geometry.isEmpty()
            and self.restoreGeometry(geometry)
        ):
            self.resize(DEFAULT_SIZE)
        fit_on_screen(self)
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def _restore_splitters(self, page: QWidget) -> None:
        settings = app_settings()
        for splitter in page.findChildren(QSplitter):
            if splitter.objectName():
                state = settings.value(f"splitters/{splitter.objectName()}")
                if isinstance(state, QByteArray) and not state.isEmpty():
                    splitter.restoreState(state)

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        if self.current_page_name():
            settings.setValue("window/page", self.current_page_name())
        for page in self.pages.values():
            for splitter in page.findChildren(QSplitter):
                if splitter.objectName():
                    settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():  # work typed but not saved is asked about first
            keep = getattr(page, "keep_unsaved_marks", None)
            if callable(keep):
                keep()
        self.save_layout()
        super().closeEvent(event)


def _page_shortcuts() -> str:
    """Ctrl+1 … Ctrl+9 then Ctrl+0, each with its page, in the navigation's order."""
    first, rest = PAGE_NAMES[:9], PAGE_NAMES[9:]
    text = f"Ctrl+1 … Ctrl+{len(first)}   go to {', '.join(first)}"
    if rest:
        text += f"\nCtrl+0   go to {rest[0]}"
    return text


def fit_on_screen(window: QWidget) -> None:
    """Keep the window (frame and all) inside the screen's available area.

    A size remembered on a bigger monitor, or the default on a small laptop,
    would otherwise leave the window's edge and its buttons off screen.
    """
    # The screen it was restored onto (a second monitor, say), else the one it opens on.
    screen = (
        QApplication.screenAt(window.geometry().center())
        or window.screen()
        or QApplication.primaryScreen()
    )
    if screen is None:
        return
    area = screen.availableGeometry()
    # The frame (title bar, borders) is known once shown; before that, allow for a typical one.
    frame = window.frameGeometry()
    extra_w = max(frame.width() - window.width(), 0)
    extra_h = max(frame.height() - window.height(), 0) or 32
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), area.right() + 1 - width - extra_w)
    y = min(max(window.y(), area.top()), area.bottom() + 1 - height - extra_h)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


def _scrolling_holder(page: QWidget) -> QScrollArea:
    """The page in a frameless scroll area: a page that needs more room than the screen has
    scrolls inside the window instead of pushing the window's edge off the screen."""
    holder = QScrollArea()
    holder.setObjectName("pageHolder")
    holder.setWidgetResizable(True)
    holder.setFrameShape(QScrollArea.Shape.NoFrame)
    holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    holder.setWidget(page)
    return holder


def _holder_of(page: QWidget) -> QWidget:
    holder = page.parentWidget()
    scroll = holder.parentWidget() if holder is not None else None  # the viewport's owner
    return scroll if isinstance(scroll, QScrollArea) else page


def _same_database(one: str, other: str) -> bool:
    from women_in_ddat.storage.preflight import parse_target

    first, second = parse_target(one), parse_target(other)
    if first.sqlite_path is not None and second.sqlite_path is not None:
        return first.sqlite_path.resolve() == second.sqlite_path.resolve()
    return first.url == second.url


def _is_within(source: object, page: QWidget) -> bool:
    """True if ``source`` is ``page`` or one of its widgets or dialogs."""
    current = source
    while isinstance(current, QObject):
        if current is page:
            return True
        current = current.parent()
    return False
