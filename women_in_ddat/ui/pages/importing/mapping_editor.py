"""One sheet's columns and the field each feeds, changeable by the coordinator."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from women_in_ddat.importing.cells import cell_text
from women_in_ddat.importing.fields import FIELD_BY_KEY, FIELDS
from women_in_ddat.importing.run import PreparedSheet

NOT_IMPORTED = "(not imported)"


class MappingEditor(QTableWidget):
    """Rows: the file's columns. Columns: header, a sample value, the field it maps to.

    A column imported as nothing shows the field its header is closest to,
    for the coordinator to choose if it is right.
    """

    mappingChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(
            ["Column in the file", "First value", "Imported as", "Closest field"]
        )
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setAccessibleName("Column mapping")
        self.sheet: PreparedSheet | None = None
        self.combos: list[QComboBox] = []

    def show_sheet(self, sheet: PreparedSheet | None) -> None:
        self.sheet = sheet
        self.combos = []
        self.setRowCount(0)
        if sheet is None or sheet.mapping is None or sheet.header_index is None:
            return
        mapping = sheet.mapping
        sample = next(
            (
                row
                for row in sheet.table.rows[sheet.header_index + 1 :]
                if any(cell_text(c) for c in row)
            ),
            [],
        )
        by_index = {index: key for key, index in mapping.fields.items()}
        self.setRowCount(len(mapping.headers))
        for row, header in enumerate(mapping.headers):
            self.setItem(row, 0, QTableWidgetItem(mapping.column_label(row)))
            self.setItem(
                row, 1, QTableWidgetItem(cell_text(sample[row]) if row < len(sample) else "")
            )
            combo = QComboBox()
            combo.setAccessibleName(f"Field for column {mapping.column_label(row)}")
            combo.addItem(NOT_IMPORTED, None)
            for spec in FIELDS:
                combo.addItem(spec.label, spec.key)
            chosen = by_index.get(row)
            combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
            combo.currentIndexChanged.connect(lambda _=0, r=row: self._changed(r))
            self.setCellWidget(row, 2, combo)
            self.combos.append(combo)
            del header
        self._show_suggestions()

    def _show_suggestions(self) -> None:
        if self.sheet is None or self.sheet.mapping is None:
            return
        suggested = self.sheet.mapping.suggestions()
        for row in range(self.rowCount()):
            key = suggested.get(row)
            self.setItem(row, 3, QTableWidgetItem(FIELD_BY_KEY[key].label if key else ""))

    def choose(self, column: int, field_key: str | None) -> None:
        """Map file column ``column`` to ``field_key`` (None: not imported)."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field_key) if field_key else 0)

    def _changed(self, row: int) -> None:
        if self.sheet is None or self.sheet.mapping is None:
            return
        key = self.combos[row].currentData()
        fields = {k: i for k, i in self.sheet.mapping.fields.items() if i != row}
        if key:
            # A field feeds from one column: the one chosen last.
            previous = fields.pop(key, None)
            if previous is not None and previous < len(self.combos):
                self.combos[previous].blockSignals(True)
                self.combos[previous].setCurrentIndex(0)
                self.combos[previous].blockSignals(False)
            fields[key] = row
        self.sheet.mapping.fields = fields
        self._show_suggestions()
        self.mappingChanged.emit()
