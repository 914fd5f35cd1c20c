"""Small helpers the UI tests share."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView


def wait_for_people(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.is_loading() and page.model.total > 0, timeout=10000)


def settled(qtbot, page):  # type: ignore[no-untyped-def]
    """Wait until a lazy list page's rows have landed (they load on a worker); the page back."""
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10000)
    return page


def lists_landed(page, timeout_s: float = 10.0):  # type: ignore[no-untyped-def]
    """``settled`` for helpers without ``qtbot``: runs the event loop until the lists are in."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while page.is_loading():
        assert time.monotonic() < deadline, "the page's lists did not load"
        QApplication.processEvents()
        time.sleep(0.002)
    return page


def column_texts(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def row_texts(view: QTableView, row: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for column in range(model.columnCount())]


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def a_mentor_left(services, cohort: str = "Top Talent Kent 2026") -> None:  # type: ignore[no-untyped-def]
    """One of the cohort's active matches ended early because her mentor changed jobs.

    The demo re-matches its own early end, so a test of the rematch list makes one.
    """
    from datetime import date, timedelta

    cohort_id = services.cohorts.by_name(cohort).id
    match = next(m for m in services.matches.rows(cohort_id=cohort_id) if m.status == "active")
    services.matches.end(
        match.id, reason="Mentor changed jobs", on=date.today() - timedelta(days=3)
    )
