"""Small charts drawn with QPainter: crisp at any scaling, coloured from the theme.

They are pictures of numbers that are also given in words: each chart sets
its accessible description to the same figures, for screen readers.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from women_in_ddat.domain.enums import CONFIDENCE_MAX, CONFIDENCE_MIN
from women_in_ddat.ui.theme import Tone, series_colour, tone_colour


class _Chart(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _painter(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return painter

    def _line_height(self) -> int:
        return self.fontMetrics().height()


class PipelineChart(_Chart):
    """Accepted → matched → active → completed, as bars against the number accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pipeline", parent)
        self._stages: list[tuple[str, int]] = []

    def set_stages(self, stages: list[tuple[str, int]]) -> None:
        self._stages = stages
        self.setAccessibleDescription(", ".join(f"{label} {count}" for label, count in stages))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, int(len(self._stages or [1] * 4) * self._line_height() * 1.6) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._stages:
            return
        painter = self._painter()
        metrics = self.fontMetrics()
        row_height = self._line_height() * 1.6
        label_width = max(metrics.horizontalAdvance(label) for label, _ in self._stages) + 10
        count_width = metrics.horizontalAdvance("0000") + 6
        bar_space = max(10.0, self.width() - label_width - count_width)
        top = max(count for _, count in self._stages) or 1
        text = self.palette().color(QPalette.ColorRole.WindowText)
        track = self.palette().color(QPalette.ColorRole.AlternateBase)
        for i, (label, count) in enumerate(self._stages):
            y = i * row_height + 2
            bar_height = row_height * 0.62
            bar_top = y + (row_height - bar_height) / 2
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_width, row_height), Qt.AlignmentFlag.AlignVCenter, label
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(QRectF(label_width, bar_top, bar_space, bar_height), 3, 3)
            painter.setBrush(series_colour(0, self.palette()))
            painter.drawRoundedRect(
                QRectF(label_width, bar_top, bar_space * count / top, bar_height), 3, 3
            )
            painter.setPen(text)
            painter.drawText(
                QRectF(label_width + bar_space, y, count_width, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                str(count),
            )


class MilestoneBar(_Chart):
    """Done, open and overdue milestones as one bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Milestone completion", parent)
        self._done = self._open = self._overdue = 0

    def set_counts(self, done: int, open_: int, overdue: int) -> None:
        self._done, self._open, self._overdue = done, open_, overdue
        self.setAccessibleDescription(f"{done} done, {open_} open of which {overdue} overdue")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, int(self._line_height() * 0.9) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        total = self._done + self._open
        painter = self._painter()
        rect = QRectF(0, 2, self.width(), self.height() - 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(rect, 4, 4)
        if not total:
            return
        x = rect.left()
        for count, colour in (
            (self._done, tone_colour(Tone.GOOD, self.palette())),
            (self._overdue, tone_colour(Tone.BAD, self.palette())),
        ):
            width = rect.width() * count / total
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(x, rect.top(), width, rect.height()), 4, 4)
            x += width
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 4, 4)


class ConfidenceChart(_Chart):
    """Each confidence statement: the baseline mean (hollow) and the latest mean (filled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Confidence change", parent)
        self._items: list[tuple[str, float, float]] = []

    def set_items(self, items: list[tuple[str, float, float]]) -> None:
        self._items = items
        self.setAccessibleDescription(
            "; ".join(f"{label}: {before:.1f} to {after:.1f}" for label, before, after in items)
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, int((len(self._items) + 2) * self._line_height() * 1.5) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._items:
            return
        painter = self._painter()
        metrics = self.fontMetrics()
        row_height = self._line_height() * 1.5
        label_width = max(metrics.horizontalAdvance(label) for label, _, _ in self._items) + 12
        left, right = label_width + 8, self.width() - 10
        span = CONFIDENCE_MAX - CONFIDENCE_MIN

        def x_of(score: float) -> float:
            return left + (right - left) * (score - CONFIDENCE_MIN) / span

        text = self.palette().color(QPalette.ColorRole.WindowText)
        grid = self.palette().color(QPalette.ColorRole.Mid)
        before_colour, after_colour = (
            series_colour(1, self.palette()),
            series_colour(0, self.palette()),
        )
        axis_y = len(self._items) * row_height
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        for score in range(CONFIDENCE_MIN, CONFIDENCE_MAX + 1):
            painter.drawLine(QPointF(x_of(score), 0), QPointF(x_of(score), axis_y))
        painter.setPen(text)
        for score in range(CONFIDENCE_MIN, CONFIDENCE_MAX + 1):
            painter.drawText(
                QRectF(x_of(score) - 15, axis_y, 30, row_height),
                Qt.AlignmentFlag.AlignCenter,
                str(score),
            )
        radius = max(4.0, self._line_height() * 0.28)
        legend_y = axis_y + row_height * 1.5
        x = float(left)
        for name, hollow in (("Baseline", True), ("Latest", False)):
            colour = before_colour if hollow else after_colour
            painter.setPen(QPen(colour, 2))
            painter.setBrush(self.palette().color(QPalette.ColorRole.Base) if hollow else colour)
            painter.drawEllipse(QPointF(x + radius, legend_y), radius, radius)
            painter.setPen(text)
            label_rect = QRectF(x + radius * 2 + 6, legend_y - row_height / 2, 200, row_height)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter, name)
            x += radius * 2 + 6 + metrics.horizontalAdvance(name) + 24
        for i, (label, before, after) in enumerate(self._items):
            y = i * row_height + row_height / 2
            painter.setPen(text)
            painter.drawText(
                QRectF(0, i * row_height, label_width, row_height),
                Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            painter.setPen(QPen(after_colour, 2))
            painter.drawLine(QPointF(x_of(before), y), QPointF(x_of(after), y))
            painter.setPen(QPen(before_colour, 2))
            painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
            painter.drawEllipse(QPointF(x_of(before), y), radius, radius)
            painter.setPen(QPen(after_colour, 2))
            painter.setBrush(after_colour)
            painter.drawEllipse(QPointF(x_of(after), y), radius, radius)
