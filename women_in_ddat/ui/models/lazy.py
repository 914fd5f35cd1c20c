"""The one table model for long lists: rows fetched a window at a time, off the GUI thread.

It is fed by a ``ListQuery`` from the services (``services/list_query.py``):
a small object scoped to what the page shows, answering how many rows match
the words typed and the column sorted on, and the rows of one window. The
model never holds more than the rows scrolled past; every query runs on a
worker thread, so typing or sorting never freezes the window whatever the
size of the programme. Columns are the same ``Column`` objects as
``RowsModel``'s; a column sorts in SQL by its ``sort_by`` name.

Loads are coalesced: while one runs, a newer request waits for it and the
older answer is dropped, so a burst of keystrokes costs one query, not ten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from women_in_ddat.services.list_query import ListQuery, ListSpec
from women_in_ddat.ui.models.rows import Column, ColumnsTable
from women_in_ddat.ui.tasks import Task

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex

# Rows fetched at a time: a few screens' worth.
WINDOW = 200
# Typing pauses this long before the list is asked again (keystrokes cost no query).
TYPING_PAUSE_MS = 120


class LazyRowsModel(ColumnsTable[R]):
    loaded = Signal()  # a new answer is shown (count and first window)
    failed = Signal(str)  # a load failed: the message to show

    def __init__(
        self,
        columns: Sequence[Column[R]],
        parent: Any = None,
        *,
        summary: Callable[[Any, ListSpec], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._summary_of = summary
        self.summary: Any = None
        self._query: ListQuery[R] | None = None
        self._spec = ListSpec()
        self._rows: list[R] = []
        self._total = 0
        self._generation = 0  # bumped by every change of query, words or sort
        self._loading: Task | None = None
        self._fetching: Task | None = None
        self._pending = False
        self._then: list[Callable[[], object]] = []
        self._answers: list[tuple[int, tuple[int, Sequence[R], Any]]] = []
        # A row sought beyond the windows loaded: (generation, test, what to do with its position).
        self._seeking: tuple[int, Callable[[R], bool], Callable[[int | None], object]] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.reload)

    # --- what is asked ---------------------------------------------------
    @property
    def query(self) -> ListQuery[R] | None:
        return self._query

    @property
    def spec(self) -> ListSpec:
        return self._spec

    def set_query(self, query: ListQuery[R], *, then: Callable[[], object] | None = None) -> None:
        """Show the rows of ``query`` (a new scope: cohort, person, ...), keeping words and sort."""
        self._query = query
        self.reload(then=then)

    def clear(self) -> None:
        """Show no rows, at once (nothing chosen to list); an answer still on its way is dropped."""
        self._typing.stop()
        self._query = None
        self._generation += 1
        self._then.clear()
        self._seeking = None
        self.beginResetModel()
        self._rows, self._total, self.summary = [], 0, None
        self.endResetModel()

    def set_filter(self, text: str, *, at_once: bool = False) -> None:
        """Only rows holding every word of ``text``; asked once typing pauses."""
        if text == self._spec.text:
            return
        self._spec = replace(self._spec, text=text)
        self._generation += 1
        if at_once:
            self.reload()
        else:
            self._typing.start()

    def reload(self, *, then: Callable[[], object] | None = None) -> None:
        """Ask again (on a worker); ``then`` runs once the answer is shown."""
        self._typing.stop()
        if then is not None:
            self._then.append(then)
        if self._query is None:
            return
        self._generation += 1
        if self._loading is not None:
            self._pending = True  # asked again when the running load lands
            return
        query, spec, generation, summary_of = (
            self._query,
            self._spec,
            self._generation,
            self._summary_of,
        )

        def load(_progress: Any) -> tuple[int, Sequence[R], Any]:
            total = query.count(spec)
            rows = query.window(spec, 0, WINDOW) if total else []
            return total, rows, summary_of(query, spec) if summary_of is not None else None

        task = Task(load)
        task.signals.succeeded.connect(lambda answer: self._answers.append((generation, answer)))
        task.signals.failed.connect(self._load_failed)
        task.signals.finished.connect(self._load_finished)
        self._loading = task.start()

    def is_loading(self) -> bool:
        return self._loading is not None or self._pending or self._typing.isActive()

    def _landed(self, generation: int, answer: tuple[int, Sequence[R], Any]) -> None:
        if generation != self._generation:
            return  # asked again since: the newer answer follows
        total, rows, summary = answer
        self.beginResetModel()
        self._total, self._rows, self.summary = total, list(rows), summary
        self.endResetModel()
        self.loaded.emit()
        then, self._then = self._then, []
        for step in then:
            step()

    def _load_failed(self, message: str) -> None:
        self._then.clear()
        self.failed.emit(message)

    def _load_finished(self) -> None:
        # Shown once the load is over, so what runs next (``then``, fetchMore) may ask again.
        self._loading = None
        answers, self._answers = self._answers, []
        if self._pending:
            self._pending = False
            self.reload()
        elif answers:
            self._landed(*answers[-1])

    # --- what is shown ---------------------------------------------------
    @property
    def total(self) -> int:
        """How many rows match (loaded or not)."""
        return self._total

    @property
    def rows(self) -> list[R]:
        """The rows loaded so far, in the order shown."""
        return self._rows

    def row_at(self, index: AnyIndex | int) -> R:
        position = index if isinstance(index, int) else index.row()
        return self._rows[position]

    def find(self, predicate: Callable[[R], bool]) -> int | None:
        """The first loaded row ``predicate`` holds for."""
        return next((i for i, r in enumerate(self._rows) if predicate(r)), None)

    def seek(self, predicate: Callable[[R], bool], then: Callable[[int | None], object]) -> None:
        """Find the first row ``predicate`` holds for, fetching further windows (on a worker)
        until it is loaded or none is left; ``then`` gets its position, or None."""
        row = self.find(predicate)
        if row is not None or len(self._rows) >= self._total:
            self._seeking = None
            then(row)
            return
        self._seeking = (self._generation, predicate, then)
        self.fetchMore()

    def _seek_on(self) -> None:
        seeking, self._seeking = self._seeking, None
        if seeking is not None and seeking[0] == self._generation:
            self.seek(seeking[1], seeking[2])

    # --- more rows as she scrolls ---------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        return not parent.isValid() and len(self._rows) < self._total and self._loading is None

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetching is not None or self._query is None:
            return
        if self._loading is not None or len(self._rows) >= self._total:
            return
        query, spec, generation, offset = self._query, self._spec, self._generation, len(self._rows)
        task = Task(lambda _progress: query.window(spec, offset, WINDOW))
        task.signals.succeeded.connect(lambda rows: self._more_landed(generation, offset, rows))
        task.signals.failed.connect(self._load_failed)
        task.signals.finished.connect(self._fetch_finished)
        self._fetching = task.start()

    def _more_landed(self, generation: int, offset: int, rows: Sequence[R]) -> None:
        if generation != self._generation or offset != len(self._rows) or not rows:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def _fetch_finished(self) -> None:
        self._fetching = None
        self._seek_on()

    def is_fetching(self) -> bool:
        return self._fetching is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted by the database: the whole list, not the rows loaded so far."""
        name = self.columns[column].sort_by if 0 <= column < len(self.columns) else None
        spec = replace(self._spec, sort=name, descending=order == Qt.SortOrder.DescendingOrder)
        if spec == self._spec:
            return
        self._spec = spec
        self.reload()
