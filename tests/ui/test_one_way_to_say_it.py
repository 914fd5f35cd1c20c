"""One app: every page shows a date as dd/mm/yyyy (hh:mm), and the audit trail in plain words."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

import women_in_ddat.ui as ui_package
from tests.ui.helpers import column_texts, settled
from women_in_ddat.domain.models import AuditEvent
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.person_view import PersonView
from women_in_ddat.ui.pages.privacy import PrivacyPage

pytestmark = pytest.mark.gui

UK_MOMENT = re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d$")
UK_DAY = re.compile(r"^\d\d/\d\d/\d{4}$")

# The date formats a page may still spell itself, and why (each is not a date style of its own).
ALLOWED_FORMATS = {
    ("pages/dashboard.py", "%A"): "the page's heading names the weekday",
    ("pages/dashboard.py", "%B %Y"): "the heading's long date, 'Monday 7 December 2026'",
    ("pages/events.py", "%a"): "a day of an event is named with its weekday before uk()",
    ("pages/event_dialogs.py", "%H:%M"): "the start and end times of an event day",
}
DATE_FORMAT = re.compile(r"%[-#]?[aAbBdmyYHMSjpI](?:[^\"'}]*%[-#]?[aAbBdmyYHMSjpI])*")


def test_no_page_spells_a_date_format_of_its_own() -> None:
    """Dates reach the screen through uk() / uk_time() only (ui/widgets/forms.py)."""
    root = Path(ui_package.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        if where == "widgets/forms.py":
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            if "isoformat(" in line and "fromisoformat(" not in line and "-{date" not in line:
                found.append(f"{where}:{number}: {line.strip()}")
            for spelled in DATE_FORMAT.findall(line):
                if (where, spelled) not in ALLOWED_FORMATS:
                    found.append(f"{where}:{number}: {spelled!r} in {line.strip()}")
    assert found == []


@pytest.fixture
def privacy(qtbot, demo_services, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "Europe/London")  # winter: London's clock is UTC's
    time.tzset()
    # Five lines of one walk-through, written as the services and imports write them.
    lines = [
        (datetime(2026, 12, 10, 9, 43), "import", "import_batch", "3"),
        (datetime(2027, 1, 2, 14, 5), "create", "mentoring_session", "8"),
        (datetime(2027, 1, 1, 8, 0), "tidy_up", "skill_interest_note", "9"),
        (datetime(2026, 12, 20, 11, 30), "update", "match", "4"),
        (datetime(2026, 12, 21, 11, 30), "delete", "match", "5"),
    ]
    with demo_services.db.transaction() as session:
        session.add_all(
            AuditEvent(
                at=at.replace(tzinfo=UTC),
                actor="walkthrough",
                action=a,
                entity=e,
                entity_id=i,
                detail="",
            )
            for at, a, e, i in lines
        )
    page = PrivacyPage(AppContext(demo_services))
    qtbot.addWidget(page)
    qtbot.keyClicks(page.audit_filter, "walkthrough")
    settled(qtbot, page)
    yield page
    QThreadPool.globalInstance().waitForDone(10000)
    monkeypatch.undo()
    time.tzset()


def test_the_audit_log_says_what_was_done_to_what_in_her_words(privacy) -> None:
    view = privacy.audit_view
    # Newest first, by the moment itself (as text, 10/12/2026 would sort after 02/01/2027).
    assert column_texts(view, 0) == [
        "02/01/2027 14:05",
        "01/01/2027 08:00",
        "21/12/2026 11:30",
        "20/12/2026 11:30",
        "10/12/2026 09:43",
    ]
    said = list(zip(column_texts(view, 2), column_texts(view, 3), strict=True))
    assert said == [
        ("Added", "Mentoring session"),
        ("Tidy up", "Skill interest note"),  # a name no one listed still reads as words
        ("Deleted", "Match"),
        ("Changed", "Match"),
        ("Imported", "Import"),
    ]


def test_the_audit_log_is_found_and_sorted_by_the_words_she_sees(privacy, qtbot) -> None:
    view = privacy.audit_view
    qtbot.keyClicks(privacy.audit_filter, " added")  # stored as "create"
    settled(qtbot, privacy)
    assert column_texts(view, 3) == ["Mentoring session"]
    privacy.audit_filter.setText("walkthrough")
    settled(qtbot, privacy)
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    settled(qtbot, privacy)
    # "update" sorts after "delete", but "Changed" before "Deleted".
    assert column_texts(view, 2) == ["Added", "Changed", "Deleted", "Imported", "Tidy up"]
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    settled(qtbot, privacy)
    assert column_texts(view, 0)[:2] == ["10/12/2026 09:43", "20/12/2026 11:30"]


def test_the_data_protection_page_shows_dates_as_every_page_does(privacy, qtbot) -> None:
    privacy.backup_now()
    qtbot.waitUntil(lambda: privacy.backup_model.rowCount() == 1, timeout=10000)
    assert UK_MOMENT.match(column_texts(privacy.backup_view, 0)[0])
    due = privacy.due_model
    if due.rowCount():
        assert all(UK_DAY.match(text) for text in column_texts(privacy.due_view, 3) if text)


def test_her_history_says_what_happened_in_words_with_uk_dates(qtbot, context) -> None:
    page = PersonView(context)
    qtbot.addWidget(page)
    person = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    page.show_detail(context.person_detail.detail(person.id))
    history = page.views["history"]
    assert history.model().rowCount() > 0
    assert all(UK_MOMENT.match(text) for text in column_texts(history, 0))
    what = column_texts(history, 2)
    assert all("_" not in text for text in what), what
    assert all(text[0].isupper() for text in what), what
    shown = {
        page.overview_form.itemAt(row, page.overview_form.ItemRole.LabelRole).widget().text(): (
            page.overview_form.itemAt(row, page.overview_form.ItemRole.FieldRole).widget()
        )
        for row in range(page.overview_form.rowCount())
    }
    assert UK_DAY.match(shown["Recorded:"].text())
    assert UK_MOMENT.match(shown["Last changed:"].text())


def test_a_summer_moment_is_shown_on_the_clock_of_the_office(monkeypatch) -> None:
    """Stored in UTC, shown as the coordinator's clock read it (British Summer Time)."""
    from women_in_ddat.ui.widgets.forms import uk, uk_time

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        assert uk_time(datetime(2026, 7, 1, 8, 43, tzinfo=UTC)) == "01/07/2026 09:43"
        assert uk(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == "02/07/2026"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_every_action_and_record_word_reads_whole(privacy) -> None:
    from women_in_ddat.domain.audit_words import ACTION_WORDS, RECORD_WORDS

    view = privacy.audit_view
    metrics = view.fontMetrics()
    for column, words in ((2, ACTION_WORDS), (3, RECORD_WORDS)):
        widest = max(metrics.horizontalAdvance(said) for said in words.values())
        assert widest + 6 <= view.columnWidth(column), column
