"""Form building blocks: a date field that takes UK dates, and problems shown where they are.

A service refuses bad values with ``InvalidInput.problems`` (field name ->
what is wrong). ``FormErrors`` puts each message under its own field,
marks the field, tells screen readers, and moves the focus to the first
one; nothing is ever shown as a traceback.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from women_in_ddat.domain.values import parse_date
from women_in_ddat.ui.theme import Tone, tone_colour

UK_DATE_FORMAT = "%d/%m/%Y"


def uk(day: date | None) -> str:
    """A day as every page shows one: ``07/12/2026`` (a stored moment: its day here)."""
    return _here(day).strftime(UK_DATE_FORMAT) if day else ""


def uk_time(moment: datetime | None) -> str:
    """A moment as every page shows one: ``07/12/2026 09:43``, on this computer's clock."""
    return _here(moment).strftime(f"{UK_DATE_FORMAT} %H:%M") if moment else ""


def _here(day: date) -> date:
    # The database keeps moments in UTC: a summer's 09:43 in London is stored as 08:43.
    if isinstance(day, datetime) and day.tzinfo is not None:
        return day.astimezone()
    return day


def _tall_enough(window: QWidget) -> None:
    """A dialog grows to show the problems now under its fields (never shrinks)."""
    layout = window.layout()
    if layout is None or not window.isVisible():
        return
    layout.activate()
    needed = max(window.minimumSizeHint().height(), window.sizeHint().height())
    if window.height() < needed:
        window.resize(window.width(), needed)


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy (or ISO); empty means no date."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(20)
        self.set_date(value)

    def set_date(self, value: date | None) -> None:
        self.setText(uk(value))

    def date_value(self) -> date | None:
        """The date typed; raises ValueError with a message fit to show."""
        return parse_date(self.text())


def read_dates(fields: dict[str, DateField]) -> tuple[dict[str, date | None], dict[str, str]]:
    """Every date field's value, and a problem per field that does not hold a date."""
    values: dict[str, date | None] = {}
    problems: dict[str, str] = {}
    for name, widget in fields.items():
        try:
            values[name] = widget.date_value()
        except ValueError as exc:
            problems[name] = str(exc)
    return values, problems


class FormErrors:
    """The fields of one form, each with a place for its problem."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel, str]] = {}

    def add_row(
        self, form: QFormLayout, label: str, field: str, widget: QWidget, *, name: str = ""
    ) -> QWidget:
        """Add ``widget`` to ``form`` with an (initially hidden) error line under it."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel()
        error.setProperty("role", "fieldError")
        error.setObjectName(f"error_{field}")
        error.setWordWrap(True)
        error.hide()
        palette = error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, tone_colour(Tone.BAD))
        error.setPalette(palette)
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, holder)
        accessible = name or label.replace("&", "").rstrip(":")
        widget.setAccessibleName(accessible)
        self._fields[field] = (widget, error, accessible)
        return holder

    def widget(self, field: str) -> QWidget:
        return self._fields[field][0]

    def message(self, field: str) -> str:
        widget, error, _ = self._fields[field]
        return error.text() if not error.isHidden() else ""

    def clear(self) -> None:
        for field in self._fields:
            self._set(field, "")

    def show(self, problems: dict[str, str]) -> list[str]:
        """Show each problem by its field; returns the problems that have no field here."""
        self.clear()
        unplaced = []
        first: QWidget | None = None
        for field, problem in problems.items():
            if field not in self._fields:
                unplaced.append(problem)
                continue
            self._set(field, problem)
            first = first or self._fields[field][0]
        if first is not None:
            first.setFocus()
            _tall_enough(first.window())
        return unplaced

    def set(self, field: str, problem: str) -> None:
        """Show ``problem`` by ``field`` (an empty one clears it), leaving the others."""
        self._set(field, problem)

    def any_shown(self) -> bool:
        return any(not error.isHidden() for _, error, _ in self._fields.values())

    def _set(self, field: str, problem: str) -> None:
        widget, error, accessible = self._fields[field]
        text = problem[:1].upper() + problem[1:] if problem else ""
        error.setText(text)
        error.setVisible(bool(text))
        widget.setProperty("invalid", bool(text))
        widget.setAccessibleDescription(text)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
