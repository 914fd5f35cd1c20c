from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from tests.ui.helpers import settled
from women_in_ddat.domain.enums import MilestoneStatus
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.ui.theme import Tone, tone_colour

pytestmark = pytest.mark.gui

STATUS_COLUMN = 5


@pytest.fixture
def milestones(qtbot, window):  # type: ignore[no-untyped-def]
    return settled(qtbot, window.show_page("Milestones"))


def test_overdue_milestones_stand_out_in_words_weight_and_colour(milestones) -> None:
    model = milestones.model
    overdue_rows = [r for r in range(model.rowCount()) if model.row_at(r).is_overdue()]
    assert overdue_rows
    for r in overdue_rows:
        index = model.index(r, STATUS_COLUMN)
        assert index.data() == "Overdue"
        assert index.data(Qt.ItemDataRole.FontRole).bold()
        assert index.data(Qt.ItemDataRole.ForegroundRole) == tone_colour(Tone.BAD)
    calm = next(r for r in range(model.rowCount()) if not model.row_at(r).is_overdue())
    assert model.index(calm, STATUS_COLUMN).data() != "Overdue"
    assert milestones.count_label.text().endswith(f"{len(overdue_rows)} overdue")


def test_filters_by_cohort_person_and_overdue(qtbot, milestones, context) -> None:
    kent = context.services.cohorts.by_name("Top Talent Kent 2026")
    milestones.cohort_filter.setCurrentIndex(milestones.cohort_filter.findData(kent.id))
    settled(qtbot, milestones)
    assert {m.cohort for m in milestones.model.rows} == {"Top Talent Kent 2026"}
    milestones.overdue_only.setChecked(True)
    settled(qtbot, milestones)
    assert milestones.model.rows and all(m.is_overdue() for m in milestones.model.rows)
    # Someone with overdue milestones there (an unmatched mentee has none: hers wait).
    name = next(m.person_name for m in milestones.model.rows if m.person_name.isascii())
    qtbot.keyClicks(milestones.person_filter, name.split()[-1].lower())
    settled(qtbot, milestones)
    assert {m.person_name for m in milestones.model.rows} == {name}


def test_tick_off_several_with_a_date_and_evidence(qtbot, window, milestones, context) -> None:
    rows = [
        r for r in range(milestones.model.rowCount()) if milestones.model.row_at(r).is_overdue()
    ][:3]
    chosen = [milestones.model.row_at(r) for r in rows]
    selection = milestones.table.selectionModel()
    for r in rows:
        selection.select(
            milestones.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    milestones.mark_done()
    dialog = milestones.dialog
    assert dialog.completed_on.text() == date.today().strftime("%d/%m/%Y")
    dialog.evidence.setText("Confirmed by mentor")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    stored = {m.id: m for m in context.services.progress.milestones()}
    for m in chosen:
        assert stored[m.id].status == MilestoneStatus.DONE.value
        assert stored[m.id].completed_on == date.today()
        assert stored[m.id].evidence_note == "Confirmed by mentor"
    # Open only: the ticked ones leave the list.
    settled(qtbot, milestones)
    assert not {m.id for m in chosen} & {m.id for m in milestones.model.rows}
    window.undo()
    stored = {m.id: m for m in context.services.progress.milestones()}
    assert all(stored[m.id].status == m.status for m in chosen)


def test_not_applicable_and_reopen(qtbot, milestones, context) -> None:
    milestones.open_only.setChecked(False)
    settled(qtbot, milestones)
    first = milestones.model.row_at(0)
    milestones.table.selectRow(0)
    milestones.set_status(MilestoneStatus.NOT_APPLICABLE)
    assert (
        next(m for m in context.services.progress.milestones() if m.id == first.id).status
        == "not_applicable"
    )
    settled(qtbot, milestones)
    row = milestones.model.find(lambda m: m.id == first.id)
    milestones.table.selectRow(row)
    milestones.set_status(MilestoneStatus.NOT_STARTED)
    assert (
        next(m for m in context.services.progress.milestones() if m.id == first.id).status
        == "not_started"
    )


def test_opened_for_one_person_then_for_everyone(qtbot, milestones, context) -> None:
    some = context.services.progress.milestones()[0]
    milestones.open_record(RecordRef("milestone", some.id, some.person_id))
    settled(qtbot, milestones)
    assert {m.person_id for m in milestones.model.rows} == {some.person_id}
    assert milestones.scope_label.text() == f"Showing only {some.person_name}"
    milestones.everyone_button.click()
    settled(qtbot, milestones)
    assert len({m.person_id for m in milestones.model.rows}) > 1
    assert not milestones.everyone_button.isVisible()


def test_every_status_reads_whole_in_its_column(qtbot, milestones) -> None:
    """ "Waiting for match" was cut to "Waiting for m…": the column fits the longest state."""
    from PySide6.QtGui import QFont, QFontMetrics

    from women_in_ddat.domain.programme_rules import MilestoneState

    bold = QFont(milestones.table.font())
    bold.setBold(True)  # an overdue status is bold
    widest = max(QFontMetrics(bold).horizontalAdvance(s.label) for s in MilestoneState)
    assert widest + 6 <= milestones.table.columnWidth(STATUS_COLUMN)
