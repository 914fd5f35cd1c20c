"""The data-protection page, driven as a coordinator would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool
from sqlalchemy import update

from tests.ui.helpers import settled
from women_in_ddat.domain.models import Programme
from women_in_ddat.errors import NotFound
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.privacy import PrivacyPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, demo_services):
    # Retention of 0 months: everyone whose only cohort has ended is due.
    with demo_services.db.transaction() as session:
        session.execute(update(Programme).values(retention_months=0))
    widget = PrivacyPage(AppContext(demo_services))
    qtbot.addWidget(widget)
    yield widget
    QThreadPool.globalInstance().waitForDone(10000)


def select_rows(view, rows) -> None:
    model = view.model()
    for r in rows:
        view.selectionModel().select(
            model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_due_list_shows_people_of_ended_cohorts(page) -> None:
    assert page.due_model.rowCount() > 0
    emails = {row.email for row in page.due_model.rows}
    assert "zoe.hughes@essex.gov.uk" in emails
    assert all(row.last_cohort == "Top Talent Essex 2025" for row in page.due_model.rows)


def test_erasing_selected_people_after_confirming(page, qtbot, messages, demo_services) -> None:
    before = page.due_model.rowCount()
    chosen = [page.due_model.rows[i].email for i in (0, 1)]
    select_rows(page.due_view, [0, 1])
    messages.answer(True)
    with qtbot.waitSignal(page.context.dataChanged, timeout=20000):
        qtbot.mouseClick(page.erase_button, Qt.MouseButton.LeftButton)
    assert page.due_model.rowCount() == before - 2
    for email in chosen:
        with pytest.raises(NotFound):
            demo_services.people.by_email(email)
    assert "Erase 2 people" in messages.asked[0][1] or "2 people" in messages.asked[0][1]
    assert messages.told[-1] == ("Erased", "2 people erased.")


def test_saying_no_erases_nobody(page, qtbot, messages, demo_services) -> None:
    select_rows(page.due_view, [0])
    messages.answer(False)
    qtbot.mouseClick(page.erase_button, Qt.MouseButton.LeftButton)
    QThreadPool.globalInstance().waitForDone(5000)
    assert demo_services.people.count() == 40


def test_subject_access_export(page, qtbot, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "zoe.json"
    monkeypatch.setattr(page, "ask_save_path", lambda *a: str(target))
    qtbot.keyClicks(page.access_email, "zoe.hughes@essex.gov.uk")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["subject"]["email"] == "zoe.hughes@essex.gov.uk"
    assert "equality_record" not in data["tables"]
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_unknown_email_is_a_message_not_a_traceback(page, qtbot, messages, monkeypatch) -> None:
    monkeypatch.setattr(page, "ask_save_path", lambda *a: pytest.fail("must not ask for a file"))
    qtbot.keyClicks(page.access_email, "nobody@nowhere.gov.uk")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert messages.problems == [("Subject access", "No one with that email address is recorded.")]


def test_audit_log_is_listed_and_exported(page, qtbot, tmp_path: Path, monkeypatch) -> None:
    settled(qtbot, page)
    assert page.audit_model.rowCount() >= 1
    target = tmp_path / "audit.csv"
    monkeypatch.setattr(page, "ask_save_path", lambda *a: str(target))
    qtbot.mouseClick(page.audit_export_button, Qt.MouseButton.LeftButton)
    assert "demo programme loaded" in target.read_text(encoding="utf-8-sig")


def test_back_up_then_restore(page, qtbot, messages, demo_services) -> None:
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.backup_model.rowCount() == 1, timeout=10000)
    person = demo_services.people.by_email("zoe.hughes@essex.gov.uk")
    demo_services.people.delete(person.id)
    select_rows(page.backup_view, [0])
    messages.answer(True)
    with qtbot.waitSignal(page.context.dataChanged, timeout=20000):
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert demo_services.people.by_email("zoe.hughes@essex.gov.uk").first_name == "Zoë"
    assert demo_services.audit_log.events(action="restore")


def test_the_audit_log_is_read_a_window_at_a_time_and_searched_in_sql(
    page, qtbot, demo_services
) -> None:
    """The whole trail is reachable (not the latest 2,000), newest first, found as typed."""
    from women_in_ddat.domain.models import AuditEvent
    from women_in_ddat.ui.models.lazy import WINDOW

    with demo_services.db.transaction() as session:
        session.add_all(
            AuditEvent(actor="bulk", action="update", entity="person", entity_id=str(i), detail="")
            for i in range(2 * WINDOW)
        )
        session.add(
            AuditEvent(actor="someone", action="erase", entity="person", entity_id="77", detail="x")
        )
    page.refresh()
    settled(qtbot, page)
    everything = demo_services.audit_log.events(limit=100_000)
    assert page.audit_model.total == len(everything) > 2 * WINDOW
    assert page.audit_model.rowCount() == WINDOW
    assert [e.id for e in page.audit_model.rows] == [e.id for e in everything[:WINDOW]]
    qtbot.keyClicks(page.audit_filter, "erase 77")
    settled(qtbot, page)
    assert [(e.action, e.entity_id) for e in page.audit_model.rows] == [("erase", "77")]
