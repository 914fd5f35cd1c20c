"""The Data protection page saves subject access as a readable PDF (off the GUI thread) or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from tests.reports.pdf_tools import read_pdf, squash
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.privacy import PrivacyPage

pytestmark = pytest.mark.gui
ZOE = "zoe.hughes@essex.gov.uk"


@pytest.fixture
def page(qtbot, demo_services):  # type: ignore[no-untyped-def]
    widget = PrivacyPage(AppContext(demo_services))
    qtbot.addWidget(widget)
    yield widget
    QThreadPool.globalInstance().waitForDone(10000)


def test_choosing_a_pdf_file_writes_the_readable_pdf(
    page, qtbot, messages, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "zoe.pdf"
    asked: list[str] = []
    monkeypatch.setattr(
        page,
        "ask_save_path",
        lambda title, suggested, pattern: asked.append(pattern) or str(target),
    )
    qtbot.keyClicks(page.access_email, ZOE)
    with qtbot.waitSignal(page.subjectAccessSaved, timeout=20000) as saved:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(target)]
    assert asked == ["PDF (*.pdf);;JSON (*.json)"]
    text = read_pdf(target).text
    assert squash("Everything held about Zoë Hughes") in squash(text)
    assert "Equality monitoring answers are not included" in text
    assert messages.told[-1] == (
        "Subject access",
        f"Everything held about that person was saved to {target}.",
    )
    # The export shows in the audit log on the page (read again on a worker).
    qtbot.waitUntil(
        lambda: any(
            row.action == "export" and row.detail == "subject access"
            for row in page.audit_model.rows
        ),
        timeout=10000,
    )


def test_choosing_a_json_file_still_writes_json(page, qtbot, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "zoe.json"
    monkeypatch.setattr(page, "ask_save_path", lambda *a: str(target))
    qtbot.keyClicks(page.access_email, ZOE)
    page.include_equality.setChecked(True)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["subject"]["email"] == ZOE and data["equality_data_included"] is True


def test_a_name_the_pdf_cannot_print_still_gives_the_pdf_and_says_what_is_missing(
    page, qtbot, messages, demo_services, tmp_path: Path, monkeypatch
) -> None:
    demo_services.people.create(
        PersonInput(email="rtl@example.gov.uk", first_name="Layla", last_name="김민지")
    )
    target = tmp_path / "rtl.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda *a: str(target))
    qtbot.keyClicks(page.access_email, "rtl@example.gov.uk")
    with qtbot.waitSignal(page.subjectAccessSaved, timeout=20000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert not messages.problems
    title, text = messages.told[-1]
    assert title == "Subject access" and "CJK" in text and "김민지" not in text
    pdf = read_pdf(target).text
    assert "Layla" in pdf and "CJK" in pdf
