"""File > Update DDaT framework…: importing the official CSV files from the app (real files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.matching.framework_files import role_rows, write_roles, write_skills
from women_in_ddat.ui.framework_dialog import FrameworkDialog

pytestmark = pytest.mark.gui


def menu_action(window, text: str):  # type: ignore[no-untyped-def]
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu item {text!r}")


@pytest.fixture
def dialog(window):  # type: ignore[no-untyped-def]
    menu_action(window, "Update DDaT framework…").trigger()
    shown = window.framework_dialog
    assert isinstance(shown, FrameworkDialog) and shown.isVisible()
    yield shown
    shown.close()


def test_importing_the_csv_files_records_version_and_date(
    qtbot, window, dialog, messages, tmp_path: Path
) -> None:
    services = window.context.services
    assert services.framework.current().source == "shipped"
    assert "(shipped with the app)" in dialog.in_use.text()
    roles, skills = write_roles(tmp_path / "roles.csv"), write_skills(tmp_path / "skills.csv")
    dialog.ask_open_path = lambda title: str(roles) if "roles" in title else str(skills)  # type: ignore[method-assign]
    for button in dialog.findChildren(type(dialog.import_button)):
        if button.text() == "Browse…":
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.roles_path.text() == str(roles) and dialog.skills_path.text() == str(skills)
    qtbot.keyClicks(dialog.version, "October 2024")
    qtbot.keyClicks(dialog.framework_date, "22/10/2024")

    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert imported.args == ["October 2024"]
    info = services.framework.current()
    assert (info.source, info.version, info.framework_date) == (
        "imported",
        "October 2024",
        date(2024, 10, 22),
    )
    in_use = dialog.in_use.text()
    assert (
        "version October 2024, dated 22/10/2024 (imported into this programme's database)" in in_use
    )
    assert f"by {services.actor} from roles.csv, skills.csv." in in_use
    title, text = messages.told[-1]
    assert title == "DDaT framework updated"
    assert text.startswith(
        "Framework version October 2024, dated 22/10/2024 is now in use: 2 role families"
    )
    assert window.statusBar().currentMessage() == "DDaT framework October 2024 is now in use"
    # Help > About says which framework is in use.
    window.show_about()
    assert "version October 2024, dated 22/10/2024 (imported" in messages.told[-1][1]


def test_files_with_problems_are_refused_whole_and_every_problem_is_listed(
    qtbot, window, dialog, tmp_path: Path
) -> None:
    rows = role_rows()
    rows[1][7] = "Guru"
    rows[3][5] = ""
    dialog.roles_path.setText(str(write_roles(tmp_path / "roles.csv", rows)))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems.isVisible(), timeout=20000)
    text = dialog.problems.text()
    assert "2 problems" in text and "nothing was imported" in text
    assert "The framework in use has not changed." in text
    assert "row 3: skill level 'Guru' is not awareness, working, practitioner or expert" in text
    assert "row 5: no skill name" in text
    assert window.context.services.framework.current().source == "shipped"


def test_a_file_that_is_not_the_roles_csv_is_explained(
    qtbot, window, dialog, tmp_path: Path
) -> None:
    other = tmp_path / "people.csv"
    other.write_text("first name,last name\nZoe,Hughes\n", encoding="utf-8")
    dialog.roles_path.setText(str(other))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems.isVisible(), timeout=20000)
    assert "is it the framework's role content CSV?" in dialog.problems.text()
    assert window.context.services.framework.current().source == "shipped"


def test_missing_roles_file_and_a_bad_date_are_shown_beside_the_fields(qtbot, dialog) -> None:
    qtbot.keyClicks(dialog.framework_date, "31/02/2024")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "role content CSV" in dialog.errors.message("roles")
    assert "not a real date" in dialog.errors.message("framework_date")
    assert dialog._task is None  # nothing started


def test_a_second_import_lists_the_first_under_used_before(
    qtbot, window, dialog, tmp_path: Path
) -> None:
    services = window.context.services
    services.framework.import_csvs(write_roles(tmp_path / "first.csv"), version="First")
    dialog.show_in_use()
    assert dialog.history.isHidden()  # the one in use is not "before"
    dialog.roles_path.setText(str(write_roles(tmp_path / "second.csv")))
    dialog.version.setText("Second")
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "version Second" in dialog.in_use.text()
    assert not dialog.history.isHidden()
    assert dialog.history.text().startswith("Used before:\n• version First, imported on ")


def test_a_framework_kept_on_this_computer_by_an_earlier_version_is_offered(
    qtbot, window, tmp_path: Path
) -> None:
    import json

    from women_in_ddat.services.framework_import import earlier_framework_file, read_framework_csvs

    read = read_framework_csvs(write_roles(tmp_path / "old.csv"), version="From the laptop")
    earlier_framework_file().parent.mkdir(parents=True, exist_ok=True)
    earlier_framework_file().write_text(json.dumps(read.document), encoding="utf-8")
    menu_action(window, "Update DDaT framework…").trigger()
    dialog = window.framework_dialog
    try:
        assert not dialog.earlier.isHidden() and not dialog.adopt_button.isHidden()
        assert dialog.earlier.text().startswith("Version From the laptop was imported on ")
        assert "it is not in use" in dialog.earlier.text()
        with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
            qtbot.mouseClick(dialog.adopt_button, Qt.MouseButton.LeftButton)
        assert imported.args == ["From the laptop"]
        assert window.context.services.framework.current().version == "From the laptop"
        assert dialog.earlier.isHidden() and dialog.adopt_button.isHidden()
    finally:
        dialog.close()
