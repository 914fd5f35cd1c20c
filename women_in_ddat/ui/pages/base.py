"""What every page of the main window shares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QHelpEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.records import RecordRef
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.text import safe_tooltip


class Page(QWidget):
    """A page loads its data when first shown, and again when shown after a change elsewhere."""

    title = ""
    openRecord = Signal(object)  # a RecordRef another page should show

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._stale = True
        # The dialog this page opened last (open() keeps it non-blocking; tests reach it here).
        self.dialog: Any = None
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Reload everything from the services."""

    def new_record(self) -> bool:
        """Ctrl+N on this page; False when there is nothing to create here."""
        return False

    def focus_search(self) -> bool:
        """Ctrl+F on this page; False when there is nothing to search here."""
        return False

    def scope_for(self, ref: RecordRef) -> None:
        """Narrow the next load to what ``ref`` needs; called before the page is shown."""

    def open_record(self, ref: RecordRef) -> None:
        """Show the record ``ref`` (the page is already visible)."""

    def forget_opened(self) -> None:
        """She came by the navigation, not by following an item: drop what an item narrowed to."""

    def focus_main(self) -> None:
        """Where the keyboard goes when she switches here: the search box, else the main table."""
        if self.focus_search():
            return
        for view in self.findChildren(QAbstractItemView):
            if view.isVisibleTo(self) and view.focusPolicy() != Qt.FocusPolicy.NoFocus:
                view.setFocus(Qt.FocusReason.ShortcutFocusReason)
                if not view.currentIndex().isValid() and view.model() is not None:
                    first = view.model().index(0, 0)
                    if first.isValid():
                        view.setCurrentIndex(first)
                return
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def is_loading(self) -> bool:
        """Whether a list of this page is still being fetched (on a worker)."""
        from women_in_ddat.ui.models.lazy import LazyRowsModel

        return any(model.is_loading() for model in self.findChildren(LazyRowsModel))

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.ensure_fresh()

    def ensure_fresh(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_fresh()


def page_layout(
    page: QWidget, title: str, subtitle: QLabel | None = None
) -> tuple[QVBoxLayout, QHBoxLayout]:
    """The page's column, with a title row whose right side takes the page's buttons."""
    column = QVBoxLayout(page)
    column.setContentsMargins(18, 14, 18, 10)
    column.setSpacing(8)
    header = QHBoxLayout()
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    heading.setAccessibleName(title)
    header.addWidget(heading)
    if subtitle is not None:
        subtitle.setObjectName("subtitle")
        header.addSpacing(12)
        header.addWidget(subtitle, 0, Qt.AlignmentFlag.AlignBottom)
    header.addStretch(1)
    column.addLayout(header)
    return column, header


def button(
    text: str, name: str = "", *, primary: bool = False, shortcut_hint: str = ""
) -> QPushButton:
    widget = QPushButton(text)
    accessible = name or text.replace("&", "").rstrip("…").strip()
    widget.setAccessibleName(accessible)
    widget.setObjectName("button_" + "_".join(accessible.lower().split()))
    if shortcut_hint:
        widget.setToolTip(f"{accessible} ({shortcut_hint})")
    if primary:
        widget.setProperty("primary", True)
    return widget


def section_title(text: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setObjectName("sectionTitle")
    return label


SORT_SHORTCUT = "Ctrl+Shift+S"


def add_keyboard_sort(view: QTableView) -> None:
    """Sort by the column of the current cell (again to reverse): headers take no focus."""

    def sort_by_current_column() -> None:
        column = view.currentIndex().column()
        if column < 0:
            column = 0
        header = view.horizontalHeader()
        ascending = not (
            header.sortIndicatorSection() == column
            and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        )
        view.sortByColumn(
            column, Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
        )

    action = QAction("Sort by this column", view)
    action.setShortcut(QKeySequence(SORT_SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(sort_by_current_column)
    view.addAction(action)


class ElidedTextTooltips(QStyledItemDelegate):
    """A cell whose text is cut short ("Inta…") shows all of it as a tooltip."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if (
            event.type() == QEvent.Type.ToolTip
            and index.isValid()
            and not index.data(Qt.ItemDataRole.ToolTipRole)
        ):
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if text and is_elided(text, option.fontMetrics, view.visualRect(index).width()):
                QToolTip.showText(event.globalPos(), safe_tooltip(text), view)
                return True
        return super().helpEvent(event, view, option, index)


def is_elided(text: str, metrics: QFontMetrics, width: int) -> bool:
    """Whether ``text`` is cut short in a cell ``width`` pixels wide (with the cell's margins)."""
    return metrics.horizontalAdvance(text) + CELL_MARGINS > width


CELL_MARGINS = 12


def table_view(
    name: str, *, multi_select: bool = False, sortable: bool = True, object_name: str = ""
) -> QTableView:
    """The one read-only table of the app: rows, keyboard, screen readers behave the same."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setObjectName(object_name or "table_" + "_".join(name.lower().split()))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi_select
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    # No column sorted until the coordinator clicks one: rows come in the service's order.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(sortable)
    if sortable:
        add_keyboard_sort(view)
    view.setWordWrap(False)
    view.setItemDelegate(ElidedTextTooltips(view))
    # Tab leaves the table for the next control instead of walking its cells.
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(int(view.fontMetrics().height() * 1.7))
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setSectionsClickable(True)
    return view


def first_selected_row(view: QTableView) -> int | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if rows:
        return min(r.row() for r in rows)
    current = view.currentIndex()
    return current.row() if current.isValid() else None


def selected_rows(view: QTableView) -> list[int]:
    return (
        sorted({r.row() for r in view.selectionModel().selectedRows()})
        if view.selectionModel()
        else []
    )


def select_row(view: QTableView, row: int) -> None:
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    index = model.index(row, 0)
    view.setCurrentIndex(index)
    view.selectRow(row)
    view.scrollTo(index)


def fit_columns(view: QTableView, *, widest: int = 340) -> None:
    """Size columns to what they hold (for small tables), never wider than ``widest``."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count() - 1):
        if view.columnWidth(column) > widest:
            view.setColumnWidth(column, widest)


def width_for(view: QTableView, texts: Iterable[str], *, bold: bool = False) -> int:
    """A column's width that shows the widest of ``texts`` whole (and its header's title)."""
    font = QFont(view.font())
    font.setBold(bold)
    metrics = QFontMetrics(font)
    # The cell's own margins (the focus frame's, either side) and a little air.
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 8
    return max((metrics.horizontalAdvance(text) + margin for text in texts), default=0)


def unavailable_page(context: AppContext, title: str, problem: Exception) -> Page:
    """Stands in for a page that failed to start: the rest of the window works as usual."""
    page = Page(context)
    page.title = title
    column, _ = page_layout(page, title)
    text = (
        f"The {title} page could not start ({type(problem).__name__}). "
        "The rest of the app works as usual; details are in the log."
    )
    message = QLabel(text)
    message.setObjectName("hint")
    message.setWordWrap(True)
    message.setAccessibleName(text)
    column.addWidget(message)
    column.addStretch(1)
    return page


def name_buttons_by_their_text(root: QWidget) -> None:
    """Give each button built without ``button()`` the accessible name its text says."""
    for widget in root.findChildren(QAbstractButton):
        if not widget.accessibleName().strip() and widget.text().strip():
            widget.setAccessibleName(widget.text().replace("&", "").rstrip("…").strip())
