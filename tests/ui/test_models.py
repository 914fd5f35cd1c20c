from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt

from women_in_ddat.services.people_index import PeopleIndex, PersonListRow
from women_in_ddat.ui.models.people import PeopleModel
from women_in_ddat.ui.models.rows import ROW_ROLE, Column, RowsModel
from women_in_ddat.ui.theme import Tone, tone_colour

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Item:
    name: str
    due: date | None
    late: bool


COLUMNS = [
    Column[Item]("Name", lambda i: i.name),
    Column[Item](
        "Due",
        lambda i: i.due.isoformat() if i.due else "",
        sort_key=lambda i: i.due,
        tone=lambda i: Tone.BAD if i.late else None,
        bold=lambda i: i.late,
    ),
]
ITEMS = [
    Item("b", date(2025, 2, 1), False),
    Item("a", None, True),
    Item("c", date(2024, 1, 1), False),
]


def test_rows_model_passes_the_model_tester(qtmodeltester) -> None:
    model = RowsModel(COLUMNS)
    model.set_rows(ITEMS)
    qtmodeltester.check(model, force_py=True)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_rows(ITEMS[:1])


def test_rows_model_shows_text_tone_and_sorts_keeping_selection(qapp) -> None:
    model = RowsModel(COLUMNS)
    model.set_rows(ITEMS)
    late = model.index(1, 1)
    assert model.data(late, Qt.ItemDataRole.ForegroundRole) == tone_colour(Tone.BAD)
    assert model.data(late, Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(0, 0), ROW_ROLE) is ITEMS[0]
    from PySide6.QtCore import QPersistentModelIndex

    held = QPersistentModelIndex(model.index(0, 0))  # "b"
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [r.name for r in model.rows] == ["c", "b", "a"]  # no date sorts last
    assert held.row() == 1 and held.data() == "b"
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r.name for r in model.rows] == ["c", "b", "a"]


def _people() -> PeopleIndex:
    return PeopleIndex(
        [
            PersonListRow(
                1, "Zoë Hughes", "zoe@essex.gov.uk", "Essex County Council", "Data analyst", 1
            ),
            PersonListRow(
                2, "Ayşe Yılmaz", "ayse@kent.gov.uk", "Kent County Council", "Delivery manager", 1
            ),
            PersonListRow(3, "Ann Able", "ann@nhs.net", "NHS England", "Analyst", 1),
        ]
    )


def test_people_model_passes_the_model_tester_while_filtering(qtmodeltester) -> None:
    model = PeopleModel()
    model.set_index(_people())
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected and checks every reset these cause.
    model.set_filter("analyst")
    model.set_filter("analyst e")
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_filter("")
    assert model.rowCount() == 3


def test_people_model_filters_and_sorts(qapp) -> None:
    model = PeopleModel()
    model.set_index(_people())
    model.set_filter("yilmaz")
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Ayşe Yılmaz"
    model.set_filter("analyst")
    assert [model.person_at(r).id for r in range(model.rowCount())] == [1, 3]
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.person_at(r).id for r in range(model.rowCount())] == [3, 1]
    assert model.row_of_person(1) == 1
    assert model.row_of_person(2) is None  # filtered out
    model.set_filter("")
    assert model.rowCount() == 3


def test_new_rows_keep_the_order_the_coordinator_chose(qapp) -> None:
    model = RowsModel(COLUMNS)
    model.set_rows(ITEMS)
    assert [r.name for r in model.rows] == ["b", "a", "c"]  # as the service gave them
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_rows(list(reversed(ITEMS)))
    assert [r.name for r in model.rows] == ["c", "b", "a"]


def test_tables_sort_from_the_keyboard(qtbot) -> None:
    from women_in_ddat.ui.pages.base import table_view

    model = RowsModel(COLUMNS)
    model.set_rows(ITEMS)
    view = table_view("Things")
    view.setModel(model)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))

    def names() -> list[str]:
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_S, keys)
    assert names() == ["a", "b", "c"]
    qtbot.keyClick(view, Qt.Key.Key_S, keys)
    assert names() == ["c", "b", "a"]
