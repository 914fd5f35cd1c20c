"""Opening a page does no database work on the GUI thread that grows with the programme.

What a page reads while the window waits must be bounded (a cohort's names, a
window of rows); a count or a scan over every person belongs on a worker. At
100,000 people such a statement holds the window for a frame or more (see
``tests/benchmarks/bench_pages.py``, which times it). Here nothing is timed:
each page is opened on a programme of 50 people and on one of 500 (the same
cohorts, matches and milestones per person), and SQLite's instructions run on
the main thread are counted. Reading a row costs SQLite ten instructions or
more, so a scan of every place grows by thousands; a bounded page's work does
not grow at all.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.benchmarks.bench_pages import build_pages_db
from tests.benchmarks.gui_queries import STEP, GuiThreadQueries
from women_in_ddat.ui.main_window import PAGE_NAMES

pytestmark = pytest.mark.gui

SMALL, LARGE = 50, 500
# SQLite instructions on the GUI thread allowed per person added: less than one row read.
PER_PERSON = 1
# Still reading every place (or a cohort's every match) on the GUI thread as they open (issue #16).
STILL_SCANNING: dict[str, str] = {}


def _wait_for_lists(page: object, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    is_loading = getattr(page, "is_loading", lambda: False)
    while True:
        QApplication.processEvents()
        if not is_loading():
            break
        assert time.monotonic() < deadline, "the page's lists did not load"
        time.sleep(0.002)
    for _ in range(5):  # what landed is shown
        QApplication.processEvents()


def gui_work_to_open(path: Path, name: str) -> tuple[int, list[str]]:
    """Hundreds of SQLite instructions, and the statements, run on the GUI thread to open ``name``."""
    from PySide6.QtCore import QThreadPool

    from women_in_ddat.services.context import Services
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.main_window import MainWindow
    from women_in_ddat.ui.settings import app_settings

    app_settings().setValue("window/page", "Dashboard")  # attach opens the dashboard
    services = Services.open(str(path), actor="tester")
    window = MainWindow(path.name)
    try:
        window.resize(1400, 900)
        window.show()
        with GuiThreadQueries(services.db.engine) as recorder:
            window.attach(AppContext(services))
            _wait_for_lists(window.current_page())
            if name != "Dashboard":
                recorder.steps, recorder.queries = 0, []
                _wait_for_lists(window.show_page(name))
            return recorder.steps, [q.opening() for q in recorder.queries]
    finally:
        window.close()
        window.deleteLater()
        assert QThreadPool.globalInstance().waitForDone(20000)
        services.close()


@pytest.fixture(scope="module")
def programmes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("gui-work")
    return {size: build_pages_db(folder / f"{size}.db", size) for size in (SMALL, LARGE)}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=True, reason=STILL_SCANNING[name])
            if name in STILL_SCANNING
            else (),
        )
        for name in PAGE_NAMES
    ],
)
def test_opening_a_page_does_no_gui_thread_work_that_grows_with_the_programme(
    qapp, programmes, name
) -> None:
    small, _ = gui_work_to_open(programmes[SMALL], name)
    large, statements = gui_work_to_open(programmes[LARGE], name)
    assert (large - small) * STEP <= (LARGE - SMALL) * PER_PERSON, (
        f"{name}: {small}00 SQLite instructions on the GUI thread at {SMALL} people, "
        f"{large}00 at {LARGE}; statements: {statements}"
    )
