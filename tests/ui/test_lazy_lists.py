"""The long list pages are lazy: a window of rows at a time, filtered and sorted by the database.

The programme here is the benchmarks' (300 people: 270 mentees in matches,
seven milestones each, all past due), written straight into a real SQLite
file: 1,890 milestones, more than one window. What each page shows is
checked against the services' own full lists, filtered and sorted in Python.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.benchmarks.bench_dashboard import build_overdue_db
from tests.ui.helpers import settled
from women_in_ddat.domain.search_text import fold_for_search
from women_in_ddat.services.list_query import ListSpec
from women_in_ddat.services.milestone_list import MilestoneList
from women_in_ddat.ui.models.lazy import WINDOW, LazyRowsModel
from women_in_ddat.ui.pages.milestones import COLUMNS as MILESTONE_COLUMNS

pytestmark = pytest.mark.gui

PEOPLE = 300
MENTEES = 270
MILESTONES_EACH = 7


@pytest.fixture
def big_services(tmp_path: Path):  # type: ignore[no-untyped-def]
    from women_in_ddat.services.context import Services

    path = build_overdue_db(tmp_path / "big.db", PEOPLE)
    services = Services.open(str(path), actor="tester")
    yield services
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(10000)
    services.close()


@pytest.fixture
def big_window(qtbot, big_services):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QThreadPool

    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.main_window import MainWindow

    window = MainWindow("big.db")
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.attach(AppContext(big_services))
    yield window
    assert QThreadPool.globalInstance().waitForDone(10000)


def _wait(qtbot, model) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not model.is_loading(), timeout=10000)


def test_the_model_holds_one_window_and_fetches_the_next_as_she_scrolls(
    qtbot, qtmodeltester, big_services
) -> None:
    model: LazyRowsModel = LazyRowsModel(MILESTONE_COLUMNS)
    model.set_query(MilestoneList(big_services.db))
    _wait(qtbot, model)
    assert model.total == MENTEES * MILESTONES_EACH > 2 * WINDOW
    assert model.rowCount() == WINDOW
    assert model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * WINDOW, timeout=10000)
    qtbot.waitUntil(lambda: not model.is_fetching(), timeout=10000)
    # The service's own order, every milestone loaded: the windows join up without gap or repeat.
    everything = big_services.progress.milestones()
    assert [m.id for m in model.rows] == [m.id for m in everything[: 2 * WINDOW]]
    qtmodeltester.check(model)


def test_the_milestones_page_filters_and_sorts_in_sql(qtbot, big_window, big_services) -> None:
    page = settled(qtbot, big_window.show_page("Milestones"))
    everything = big_services.progress.milestones(open_only=True)
    assert page.model.total == len(everything) > WINDOW
    assert page.model.rowCount() == WINDOW  # not every row: one window
    overdue = sum(1 for m in everything if m.is_overdue())
    assert page.count_label.text() == f"{len(everything):,} shown, {overdue:,} overdue"

    name = next(
        m.person_name
        for m in everything
        if not m.person_name.isascii() and fold_for_search(m.person_name).isascii()
    )
    typed = fold_for_search(name)  # "Zoë Łukasiewicz" found as "zoe lukasiewicz"
    qtbot.keyClicks(page.person_filter, typed)
    settled(qtbot, page)
    wanted = [
        m for m in everything if all(w in fold_for_search(m.person_name) for w in typed.split())
    ]
    assert wanted and page.model.total == len(wanted)
    assert sorted(m.id for m in page.model.rows) == sorted(m.id for m in wanted[:WINDOW])

    page.person_filter.clear()
    settled(qtbot, page)
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # Milestone, Z to A
    settled(qtbot, page)
    by_title = sorted(everything, key=lambda m: m.id, reverse=True)
    by_title.sort(key=lambda m: m.title.casefold(), reverse=True)
    assert [m.id for m in page.model.rows] == [m.id for m in by_title[:WINDOW]]


def test_the_matches_page_finds_a_mentor_among_every_match_not_only_those_loaded(
    qtbot, big_window, big_services
) -> None:
    page = settled(qtbot, big_window.show_page("Matches"))
    everything = big_services.matches.rows()
    current = [m for m in everything if m.status in ("active", "on_hold", "proposed")]
    assert page.model.total == len(current) > WINDOW
    assert page.model.rowCount() == WINDOW
    # A mentor whose matches are not all in the first window.
    last_loaded = {m.id for m in page.model.rows}
    mentor = next(m for m in current if m.id not in last_loaded and m.mentor_name.isascii())
    qtbot.keyClicks(page.filter, mentor.mentor_name.lower())
    settled(qtbot, page)
    wanted = {
        m.id
        for m in current
        if m.mentor_name == mentor.mentor_name or m.mentee_name == mentor.mentor_name
    }
    assert mentor.id in wanted
    assert {m.id for m in page.model.rows} == wanted

    page.filter.clear()
    settled(qtbot, page)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Mentee, A to Z
    settled(qtbot, page)
    names = [m.mentee_name.casefold() for m in page.model.rows]
    assert names == sorted(names)
    assert names[0] == min(m.mentee_name.casefold() for m in current)


def test_a_match_opened_beyond_the_first_window_is_fetched_to_and_selected(
    qtbot, big_window, big_services
) -> None:
    from women_in_ddat.domain.records import RecordRef

    page = settled(qtbot, big_window.show_page("Matches"))
    far = big_services.matches.rows()[-1]
    big_window.open_record(RecordRef("match", far.id))
    qtbot.waitUntil(lambda: getattr(page.selected_match(), "id", None) == far.id, timeout=10000)


def test_a_search_reaches_the_database_once_typing_pauses(qtbot, big_services) -> None:
    asked: list[ListSpec] = []

    class Counted(MilestoneList):
        def count(self, spec: ListSpec) -> int:
            asked.append(spec)
            return super().count(spec)

    model: LazyRowsModel = LazyRowsModel(MILESTONE_COLUMNS)
    model.set_query(Counted(big_services.db))
    _wait(qtbot, model)
    for typed in ("h", "hu", "hug", "hugh"):
        model.set_filter(typed)
    _wait(qtbot, model)
    assert [spec.text for spec in asked] == ["", "hugh"]
    assert model.total == sum(
        1 for m in big_services.progress.milestones() if "hugh" in fold_for_search(m.person_name)
    )
