"""Issue #7: a fault injected into every action of the app.

For each writing action (tests/ui/fault_drivers.py): every write fails part-way
(fault_injection.py), she presses the button as usual, and then

- a message tells her, in plain words that hold no name or email;
- the database is exactly as it was (every table, the audit trail too);
- files she saves are as they were and no temporary file is left;
- the traceback is in the log, without any name or email;
- a dialog she was filling in still holds what she typed;

and pressing the button again, now that writes work, does what it says: the
app stayed usable. A last test walks every button and menu item of the window
so that a new one is either driven here or said not to write, with a reason.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QPushButton

import tests.ui.fault_drivers  # registers the drivers
import tests.ui.fault_drivers_events
import tests.ui.fault_drivers_programme
import tests.ui.fault_drivers_questionnaires
import tests.ui.fault_drivers_tools  # noqa: F401
from tests.ui.fault_actions import ACTIONS, Harness
from tests.ui.fault_injection import (
    FaultInjector,
    InjectedFault,
    database_digest,
    files_digest,
    people_named,
)
from women_in_ddat.ui.main_window import PAGE_NAMES

pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]

# Buttons and menu items that write nothing, each with why.
NOT_WRITING = {
    "Milestones|Show everyone": "a filter: shows every person's milestones again",
    "WINDOW|Back": "navigation: shows the page or record seen before",
    "WINDOW|Forward": "navigation: shows the page or record seen after",
    "WINDOW|User guide": "opens the help window",
    "Milestones|Clear filter": "a filter: ends the dashboard group's view",
    "Matching|Suggest matches": "computes suggestions; nothing is saved until one is accepted",
    "Import|Choose file…": "opens a file chooser; reading the file writes nothing",
    "Import|Back": "moves back a step of the wizard",
    "Import|Next": "on the columns step a dry run (nothing written); on the preview step see 'import'",
    "Import|Cancel": "cancels a running import (its transaction is then rolled back)",
    "Import|Import another file": "starts the wizard again",
    "Reports|Choose…": "opens a file chooser",
    "Reports|Cancel": "cancels a running report",
    "Reports|Open PDF": "opens the written file in the system's viewer",
    "Reports|Open folder": "opens the folder in the system's file manager",
    "Matches|[x] Current matches only": "a filter",
    "Matches|Show all matches": "ends a narrowed view of the matches",
    "Import|Show the proposed matches": "goes to the Matches page",
    "Milestones|[x] Open milestones only": "a filter",
    "Milestones|[x] Overdue milestones only": "a filter",
    "Matching|[x] Also reconsider proposed matches that are not pinned": "how to suggest",
    "Import|[x] Show only rows with problems": "a filter of the preview",
    "Import|[x] Import the valid rows and leave out the rows with problems": "an import option",
    "Import|[x] Remember my column choices for files laid out like this one": (
        "an import option; the choice is written when the import starts"
    ),
    "Reports|[x] One combined PDF instead of one file per mentee": "a report option",
    "Reports|[x] Write the certificate although she missed a required event": "a report option",
    "Data protection|[x] Include equality monitoring answers": "a subject access option",
    "WINDOW|Open programme…": "a file chooser; opening a programme is tested in test_programme_files.py",
    "WINDOW|New programme…": "a dialog making a new file, never the open one (test_programme_files.py)",
    "WINDOW|Open recent": "a menu",
    "WINDOW|No programmes opened yet": "a disabled menu line",
    "WINDOW|Quit": "closes the window",
    "WINDOW|Find…": "moves the focus to the search box",
    "WINDOW|Refresh": "reloads the page",
    "WINDOW|Keyboard shortcuts": "shows a message",
    "Milestones|Message…": "opens the Messages dialog for those people (see WINDOW|Messages…)",
    "People|Message…": "opens the Messages dialog addressed to her (see WINDOW|Messages…)",
    "People|Message the people shown…": "opens the Messages dialog (see WINDOW|Messages…)",
    "Matches|Message…": "opens the Messages dialog for the pairs (see WINDOW|Messages…)",
    "Dashboard|Message them…": "opens the Messages dialog for the group (see WINDOW|Messages…)",
    "Events|Email the invitation…": "opens the Messages dialog (see WINDOW|Messages…)",
    "Cohorts|Message the selected…": "opens the Messages dialog (see WINDOW|Messages…)",
    "WINDOW|Messages…": (
        "opens the Messages dialog; a mailing records each message as it goes, so a failure "
        "part way leaves the sent ones recorded and the rest to a re-run (tests/messages)"
    ),
    "WINDOW|About Women in DDaT": "shows a message",
    "WINDOW|Sort by this column": "sorts a table",
    "WINDOW|File": "a menu",
    "WINDOW|Edit": "a menu",
    "WINDOW|View": "a menu",
    "WINDOW|Help": "a menu",
    **{f"WINDOW|{name}": "goes to a page" for name in PAGE_NAMES},
}


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultInjector]:
    injector = FaultInjector(monkeypatch)
    yield injector
    injector.close()


@pytest.fixture
def log_path(private_home: Path) -> Iterator[Path]:
    """The app's own log file, in this test's private home."""
    from women_in_ddat import logging_setup

    root = logging.getLogger("women_in_ddat")
    level = root.level
    path = logging_setup.configure_logging()
    yield path
    for handler in list(root.handlers):
        if isinstance(handler, logging_setup._PrivateRotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    logging_setup._configured_path = None
    root.setLevel(level)


@pytest.fixture
def dialog_excepthook(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from women_in_ddat.ui.guard import install_dialog_excepthook

    previous = install_dialog_excepthook()
    yield
    sys.excepthook = previous


@pytest.fixture
def harness(
    qtbot,
    window,
    context,
    messages,
    monkeypatch,
    demo_db_path,
    tmp_path,
    log_path,
    dialog_excepthook,
) -> Iterator[Harness]:  # type: ignore[no-untyped-def]
    out = tmp_path / "saved"
    out.mkdir()
    h = Harness(qtbot, window, context, messages, monkeypatch, Path(demo_db_path), out)
    yield h
    h.settle()


def watched_files(h: Harness, private_home: Path) -> dict[str, str]:
    """Files she saves and the app's own (backups, settings, framework), not the log or the database."""
    found = files_digest([h.out, h.db_path.parent, private_home])
    return {
        path: digest
        for path, digest in found.items()
        if Path(path) != h.db_path
        and not path.endswith("-journal")
        and "women-in-ddat.log" not in Path(path).name
    }


def shown_since(h: Harness, count: int, action_name: str) -> list[str]:
    texts = [f"{title}: {text}" for title, text in h.messages.problems[count:]]
    shown_in = ACTIONS[action_name].shown_in
    if shown_in is not None and shown_in(h):
        texts.append(shown_in(h))
    return texts


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=spec.xfail)] if spec.xfail else [],
        )
        for name, spec in sorted(ACTIONS.items())
    ],
)
def test_a_fault_changes_nothing_is_explained_and_the_app_goes_on(
    name: str, harness: Harness, faults: FaultInjector, log_path: Path, private_home: Path
) -> None:
    h, spec = harness, ACTIONS[name]
    act, worked = spec.drive(h)
    h.settle()
    database_before = database_digest(h.db_path)
    files_before = watched_files(h, private_home)
    names = people_named(h.db_path) | h.extra_names
    problems_before = len(h.messages.problems)

    faults.arm(spec.seams, part_way=spec.part_way)
    try:
        act(False)
        h.settle()
        h.qtbot.waitUntil(lambda: bool(shown_since(h, problems_before, name)), timeout=10000)
    finally:
        faults.disarm()
    h.settle()

    assert faults.fired, (
        f"the action wrote nothing through any seam: is the driver right? {h.messages.problems[problems_before:]}"
    )
    shown = shown_since(h, problems_before, name)
    assert shown, "the failure was not shown"
    for text in shown:
        assert InjectedFault.__name__ in text, text  # says what went wrong...
        assert "not saved" in text or "nothing was changed" in text or "not written" in text, text
        for who in names:
            assert who not in text, f"a name or email reached the message: {text}"
    assert database_digest(h.db_path) == database_before, "the database changed"
    files_after = watched_files(h, private_home)
    new_files = set(files_after) - set(files_before)
    assert not [p for p in files_after if p.endswith(".part")], "a temporary file was left behind"
    assert {p: files_after[p] for p in files_before} == files_before, "a file changed"
    if spec.backup_first:
        new_files = {p for p in new_files if ".backups" not in p}
    assert not new_files, f"a file was written: {sorted(new_files)}"
    log = log_path.read_text(encoding="utf-8")
    assert "InjectedFault" in log and "Traceback" in log, "the traceback was not logged"
    for who in names:
        assert who not in log, "a name or email reached the log"

    # Writes work again: the same action, from where she is now, does what it says.
    h.messages.problems.clear()
    act(True)
    h.settle()
    assert h.messages.problems == []
    worked()
    changed = (
        database_digest(h.db_path) != database_before
        or watched_files(h, private_home) != files_before
    )
    assert changed, "the action changed nothing on its second try"


def buttons_and_menu_items(window) -> set[str]:  # type: ignore[no-untyped-def]
    found: set[str] = set()
    for name in PAGE_NAMES:
        page = window.show_page(name)
        for button in page.findChildren(QPushButton):
            found.add(f"{name}|{button.text().replace('&', '')}")
        for box in page.findChildren(QCheckBox):
            found.add(f"{name}|[x] {box.accessibleName() or box.text().replace('&', '')}")
    for item in window.findChildren(QAction):
        if item.text():
            found.add(f"WINDOW|{item.text().replace('&', '')}")
    return found


def test_every_button_is_driven_here_or_said_not_to_write(qtbot, window, context) -> None:  # type: ignore[no-untyped-def]
    people = window.show_page("People")
    qtbot.waitUntil(lambda: not people.is_loading() and people.model.total > 0, timeout=10000)
    zoe = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    people.show_person(zoe.id)  # her page's buttons too
    found = buttons_and_menu_items(window)
    covered = {key for spec in ACTIONS.values() for key in spec.covers}
    missing = sorted(found - covered - set(NOT_WRITING))
    assert not missing, (
        f"buttons with neither a fault driver nor a reason in NOT_WRITING: {missing}"
    )
    stale = sorted(set(NOT_WRITING) - found - {"WINDOW|" + n for n in PAGE_NAMES})
    assert not stale, f"NOT_WRITING names buttons that no longer exist: {stale}"


def test_the_injector_fails_writes_part_way_while_reads_go_on(
    faults: FaultInjector, demo_services, demo_db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from women_in_ddat.services.imports_sql import import_connection
    from women_in_ddat.services.people import PersonInput
    from women_in_ddat.storage.atomic import atomic_path

    before = database_digest(demo_db_path)
    faults.arm()
    with pytest.raises(InjectedFault):
        demo_services.people.create(PersonInput(first_name="Ada", email="ada.fault@kent.gov.uk"))
    assert demo_services.people.count() == len(before["person"])  # reads still work
    with (
        pytest.raises(InjectedFault),
        import_connection(str(demo_db_path)) as sql,
        sql.transaction(write=True),
    ):
        sql.run("DELETE FROM audit_event")
        sql.commit()
    (tmp_path / "saved").mkdir()
    target = tmp_path / "saved" / "kept.txt"
    target.write_text("as it was")
    with pytest.raises(InjectedFault), atomic_path(target) as tmp:
        tmp.write_text("new")
    faults.disarm()
    assert faults.fired == ["db", "sql", "file"]
    assert database_digest(demo_db_path) == before
    assert target.read_text() == "as it was" and list(target.parent.iterdir()) == [target]
    demo_services.people.create(PersonInput(first_name="Ada", email="ada.fault@kent.gov.uk"))
    assert database_digest(demo_db_path) != before
