"""The cohort's attendance grid: its people down the side, its events across the top."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QVBoxLayout, QWidget

from women_in_ddat.services.context import Services
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import fit_columns, table_view
from women_in_ddat.ui.text import counted, plain_label
from women_in_ddat.ui.theme import Tone
from women_in_ddat.ui.widgets.forms import uk


@dataclass(frozen=True)
class GridRow:
    person_id: int
    name: str
    role: str
    cells: tuple[str, ...]
    withdrawn: bool = False


def _tone(text: str) -> Tone | None:
    if text in ("absent", "left early", "apologies") or text.endswith(" days"):
        return Tone.WARN
    if text == "attended":
        return Tone.GOOD
    return None


def _cell(index: int) -> Callable[[GridRow], str]:
    return lambda row: row.cells[index]


def _cell_tone(index: int) -> Callable[[GridRow], Tone | None]:
    return lambda row: _tone(row.cells[index])


class CohortAttendanceGrid(QWidget):
    """Each member's attendance at each of the cohort's events (and the programme-wide ones)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        column = QVBoxLayout(self)
        self.summary = plain_label(name="hint")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.table = table_view("Attendance by event")
        self.model: RowsModel[GridRow] = RowsModel([], self)
        self.table.setModel(self.model)
        column.addWidget(self.table, 1)

    def show_cohort(self, cohort_id: int | None) -> None:
        if cohort_id is None:
            self.model.set_columns([])
            self.model.set_rows([])
            self.summary.setText("Choose a cohort to see who came to its events.")
            return
        grid = self.services.events.cohort_grid(cohort_id)
        columns: list[Column[GridRow]] = [
            Column("Name", lambda r: r.name),
            Column("Role", lambda r: r.role.capitalize() + (", withdrawn" if r.withdrawn else "")),
        ]
        for i, event in enumerate(grid.events):
            when = uk(event.first_day)
            title = f"{event.title} ({when})" + (" *" if event.required else "")
            columns.append(Column(title, _cell(i), tone=_cell_tone(i)))
        self.model.set_columns(columns)
        self.model.set_rows(
            [
                GridRow(pid, name, role, cells, pid in grid.withdrawn)
                for (pid, name, role), cells in zip(grid.people, grid.cells, strict=True)
            ]
        )
        fit_columns(self.table, widest=220)
        members = sum(role in ("mentee", "mentor") for _, _, role in grid.people)
        guests = len(grid.people) - members
        others = (
            f" and {counted(guests, 'sponsor or guest', 'sponsors or guests')}" if guests else ""
        )
        self.summary.setText(
            f"{counted(members, 'member')}{others}, {counted(len(grid.events), 'event')} "
            "(* required). "
            'A blank cell: not invited; "withdrawn": she had left the cohort by then.'
            if grid.events
            else "No events are planned for this cohort yet: plan them on the Events page."
        )
