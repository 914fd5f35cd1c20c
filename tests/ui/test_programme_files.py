"""Starting and switching programmes: the welcome screen, New programme, Open, Open recent, About."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from women_in_ddat.ui import app as app_module
from women_in_ddat.ui.settings import recent_programmes, remember_database

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def switches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Opening another programme starts a new copy of the app: recorded here instead."""
    asked: list[str] = []
    monkeypatch.setattr(app_module, "_switch_database", lambda window, path: asked.append(path))
    return asked


@pytest.fixture
def started_apps(qtbot):  # type: ignore[no-untyped-def]
    started = []
    yield started
    for s in started:
        if s.opener is not None:
            qtbot.waitUntil(
                lambda s=s: s.window.context is not None or s.opener.refusal is not None,
                timeout=15000,
            )
        s.close()


@pytest.fixture
def welcome(qtbot, started_apps):  # type: ignore[no-untyped-def]
    from women_in_ddat.paths import default_database_path

    started = app_module.start_app(str(default_database_path()))
    started_apps.append(started)
    assert started.exit_code is None
    return started.window


def test_a_first_run_shows_the_welcome_screen_and_creates_nothing(welcome) -> None:
    from women_in_ddat.paths import data_dir, default_database_path

    assert welcome.stack.currentWidget() is welcome.welcome
    assert welcome.windowTitle() == "Welcome — Women in DDaT"
    page = welcome.welcome
    assert [b.text() for b, _ in page.choices] == [
        "&New programme…",
        "&Open programme…",
        "Try the &demo programme",
    ]
    assert welcome.context is None and not welcome.navigation.isEnabled()
    assert not default_database_path().exists()
    assert not data_dir().exists() or not any(data_dir().iterdir())


def test_a_named_database_opens_without_the_welcome(qtbot, demo_db_path, started_apps) -> None:
    started = app_module.start_app(str(demo_db_path))
    started_apps.append(started)
    assert started.window.welcome is None
    with qtbot.waitSignal(started.window.ready, timeout=15000):
        pass


def test_new_programme_from_the_welcome_makes_a_private_file_and_opens_it(
    qtbot, welcome, tmp_path, switches
) -> None:
    welcome.welcome.new_button.click()
    dialog = welcome.programme_dialog
    assert dialog.path.text().endswith("programme.db")
    qtbot.keyClicks(dialog.name, "Kent Women in DDaT 2027")
    assert Path(dialog.path.text()).name == "kent-women-in-ddat-2027.db"  # follows the name
    target = tmp_path / "mine" / "kent.db"
    dialog.path.setText(str(target))
    dialog.path.textEdited.emit(str(target))
    chooser: list[str] = []
    dialog.ask_save_path = lambda: chooser.append("asked") or ""  # type: ignore[method-assign]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(welcome.openDatabaseRequested, timeout=15000) as opened:
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter where she typed: create
    assert chooser == []
    assert opened.args == [str(target)]
    assert switches == [str(target)]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.programme_file import programme_names

    services = Services.open(str(target))
    try:
        assert programme_names(services.db) == ["Kent Women in DDaT 2027"]
    finally:
        services.close()


def test_new_programme_never_touches_an_existing_file(qtbot, welcome, tmp_path) -> None:
    kept = tmp_path / "kept.db"
    kept.write_bytes(b"someone's file")
    welcome.new_programme()
    dialog = welcome.programme_dialog
    dialog.name.setText("Medway")
    dialog.path.setText(str(kept))
    with qtbot.assertNotEmitted(welcome.openDatabaseRequested, wait=300):
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.general.isVisibleTo(dialog), timeout=15000)
    assert "already exists" in dialog.general.text()
    assert kept.read_bytes() == b"someone's file"
    assert dialog.ok_button.isEnabled()  # she can choose another name and try again


def test_new_programme_needs_a_name(qtbot, welcome, tmp_path) -> None:
    welcome.new_programme()
    dialog = welcome.programme_dialog
    dialog.path.setText(str(tmp_path / "x.db"))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.errors.message("programme") != "", timeout=15000)
    assert not (tmp_path / "x.db").exists()


def test_the_save_dialog_choice_becomes_the_file(welcome, monkeypatch, tmp_path) -> None:
    welcome.new_programme()
    dialog = welcome.programme_dialog
    assert Path(dialog.path.text()).parent == dialog.folder  # Documents by default
    monkeypatch.setattr(dialog, "ask_save_path", lambda: str(tmp_path / "chosen"))
    dialog.choose_button.click()
    assert dialog.path.text() == str(tmp_path / "chosen.db")
    dialog.name.setText("Essex")
    assert dialog.path.text() == str(tmp_path / "chosen.db")  # her choice stays


def test_open_accepts_an_existing_programme_and_refuses_anything_else(
    qtbot, welcome, demo_db_path, tmp_path, monkeypatch, messages
) -> None:
    monkeypatch.setattr(welcome, "ask_open_path", lambda: str(demo_db_path))
    with qtbot.waitSignal(welcome.openDatabaseRequested) as opened:
        welcome.welcome.open_button.click()
    assert opened.args == [str(demo_db_path)]
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("shopping list")
    monkeypatch.setattr(welcome, "ask_open_path", lambda: str(not_a_db))
    with qtbot.assertNotEmitted(welcome.openDatabaseRequested):
        welcome.choose_database()
    ((title, text),) = messages.problems
    assert "not a SQLite database" in text
    assert welcome.isVisible()


def test_open_recent_lists_programmes_by_name_and_opens_them(
    qtbot, demo_db_path, tmp_path, started_apps, messages
) -> None:
    gone = tmp_path / "gone.db"
    remember_database(str(gone), "Old programme")
    started = app_module.start_app(str(demo_db_path))
    started_apps.append(started)
    window = started.window
    with qtbot.waitSignal(window.ready, timeout=15000):
        pass
    newest = recent_programmes()[0]
    assert newest.target == str(demo_db_path)
    assert newest.name  # the demo's programme names, as the file holds them
    assert newest.name in window.windowTitle()
    window._fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert texts[0] == f"&1 {newest.name.replace('&', '&&')} — {demo_db_path}"
    assert texts[1] == f"&2 Old programme — {gone}"
    assert texts[-1] == "&Clear the list"
    # The open one: nothing to switch to.
    with qtbot.assertNotEmitted(window.openDatabaseRequested):
        window.recent_menu.actions()[0].trigger()
    assert window.statusBar().currentMessage() == "This programme is already open here."
    # One no longer there: said so, and taken off the list.
    with qtbot.assertNotEmitted(window.openDatabaseRequested):
        window.recent_menu.actions()[1].trigger()
    assert "gone.db is no longer at" in messages.problems[-1][1]
    assert [r.target for r in recent_programmes()] == [str(demo_db_path)]


def test_open_recent_switches_to_another_programme(qtbot, welcome, demo_db_path) -> None:
    remember_database(str(demo_db_path), "Demo")
    welcome._fill_recent_menu()
    first = welcome.recent_menu.actions()[0]
    assert first.text() == f"&1 Demo — {demo_db_path}"
    with qtbot.waitSignal(welcome.openDatabaseRequested) as opened:
        first.trigger()
    assert opened.args == [str(demo_db_path)]


def test_about_says_which_file_is_open_and_where_backups_and_logs_go(
    qtbot, demo_db_path, started_apps, messages
) -> None:
    from women_in_ddat.logging_setup import log_file_path

    started = app_module.start_app(str(demo_db_path))
    started_apps.append(started)
    with qtbot.waitSignal(started.window.ready, timeout=15000):
        pass
    started.window.show_about()
    ((title, text),) = messages.told
    assert f"Programme file: {demo_db_path}" in text
    assert f"Backups: {demo_db_path.parent / 'programme.db.backups'}" in text
    assert f"Log: {log_file_path()}" in text
    assert "DDaT capability framework" in text


def test_the_demo_programme_is_built_once_in_the_data_folder(tmp_path) -> None:
    from women_in_ddat.ui.welcome import build_demo_programme

    target = tmp_path / "data" / "demo-programme.db"
    assert build_demo_programme(target) == target
    assert [p.name for p in target.parent.iterdir()] == [
        "demo-programme.db"
    ]  # nothing half-made left
    made = target.stat().st_mtime_ns
    assert build_demo_programme(target) == target
    assert target.stat().st_mtime_ns == made


def test_try_the_demo_opens_it(qtbot, welcome, monkeypatch, tmp_path, demo_db_path) -> None:
    from women_in_ddat.ui import welcome as welcome_module

    monkeypatch.setattr(welcome_module, "demo_programme_path", lambda: demo_db_path)
    with qtbot.waitSignal(welcome.openDatabaseRequested, timeout=15000) as opened:
        qtbot.keyClick(welcome.welcome, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert opened.args == [str(demo_db_path)]
    assert welcome.welcome.demo_button.isEnabled()


def test_file_menu_mnemonics_do_not_clash(welcome) -> None:
    from PySide6.QtWidgets import QMenu

    for menu in [welcome.menuBar(), *welcome.menuBar().findChildren(QMenu)]:
        keys = [
            a.text().split("&")[1][:1].lower()
            for a in menu.actions()
            if "&" in a.text() and not a.text().startswith("&1")
        ]
        if menu is not welcome.recent_menu:
            assert len(keys) == len(set(keys)), [a.text() for a in menu.actions()]


def test_the_default_database_once_made_opens_without_the_welcome(
    qtbot, demo_db_path, started_apps
) -> None:
    from women_in_ddat.paths import default_database_path, ensure_private_dir
    from women_in_ddat.storage.backup import backup_sqlite

    target = default_database_path()
    ensure_private_dir(target.parent)
    backup_sqlite(demo_db_path, target)
    started = app_module.start_app(str(target))
    started_apps.append(started)
    assert started.window.welcome is None
    with qtbot.waitSignal(started.window.ready, timeout=15000):
        pass


def test_a_second_start_on_the_welcome_screen_raises_the_first(
    qtbot, welcome, started_apps
) -> None:
    from women_in_ddat.paths import default_database_path

    with qtbot.waitSignal(started_apps[0].guard.raiseRequested, timeout=5000):
        second = app_module.start_app(str(default_database_path()))
    assert second.exit_code == 0 and second.window is None
