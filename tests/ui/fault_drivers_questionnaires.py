"""Questionnaires' writing actions, pressed as a coordinator would (see fault_actions.py):
writing the forms, saving returned ones, undoing a collection, withdrawing a quote's consent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import func, select

from tests.services.test_questionnaires import FEEDBACK, fill, mentee_answers
from tests.ui.fault_actions import Harness, action, ok_button
from tests.ui.fault_injection import FAULT_EMAIL
from women_in_ddat.domain.enums import AssessmentPoint
from women_in_ddat.domain.models import QuestionnaireForm
from women_in_ddat.services.questionnaires import ReturnedAnswers

KENT = "Top Talent Kent 2026"
ESSEX = "Top Talent Essex 2025"


def _menu_item(h: Harness, text: str) -> Any:
    return next(
        a
        for menu in h.window.menuBar().actions()
        for a in menu.menu().actions()
        if a.text().replace("&", "") == text
    )


def _opened(h: Harness, kind: type) -> Any:
    """The dialog the menu item just opened (the window is its parent)."""
    [dialog] = [d for d in h.window.findChildren(kind) if d.isVisible()]
    return dialog


def _forms_recorded(h: Harness) -> int:
    with h.services.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(QuestionnaireForm)) or 0)


def _writing_forms(h: Harness) -> Any:
    from women_in_ddat.ui.questionnaire_dialogs import WriteFormsDialog

    folder = h.out / "forms"
    item = _menu_item(h, "Write questionnaire forms…")
    before = _forms_recorded(h)

    def act(again: bool) -> None:
        if not again:
            item.trigger()
            dialog = _opened(h, WriteFormsDialog)
            dialog.cohort.setCurrentIndex(dialog.cohort.findText(KENT))
            dialog.point.setCurrentIndex(1)  # mid-point
            h.qtbot.keyClicks(dialog.folder, str(folder))
        dialog = _opened(h, WriteFormsDialog)
        assert dialog.folder.text() == str(folder) and dialog.cohort.currentText() == KENT
        h.click(ok_button(dialog))
        h.qtbot.waitUntil(lambda: not dialog.is_writing(), timeout=30000)

    def worked() -> None:
        written = sorted(folder.glob("*.pdf"))
        assert written and _forms_recorded(h) == before + len(written)
        assert all(PdfReader(str(p)).get_fields()["form_id"]["/V"] for p in written)

    return act, worked


@action("write questionnaire forms", "WINDOW|Write questionnaire forms…")
def write_questionnaire_forms(h: Harness) -> Any:
    return _writing_forms(h)


# Every form written, then recording them fails: the forms must go too (none can come back).
action("write questionnaire forms, their record failing", seams=frozenset({"db"}))(
    write_questionnaire_forms
)


def _returned(h: Harness, count: int) -> tuple[Path, list[str]]:
    """``count`` Kent mentees' end-of-programme forms, filled in and saved to an inbox."""
    from women_in_ddat.reports.questionnaire_forms import write_forms

    kent = int(h.services.cohorts.by_name(KENT).id)
    written = write_forms(h.services, kent, AssessmentPoint.END, h.out / "sent")
    inbox = h.out / "inbox"
    inbox.mkdir()
    emails = []
    for path in written:
        fields = PdfReader(str(path)).get_fields()
        if "conf_network" not in fields or len(emails) == count:
            continue
        emails.append(_email_of_form(h, str(fields["form_id"]["/V"])))
        fill(path, inbox / f"back {len(emails)}.pdf", {**mentee_answers(4, "working"), **FEEDBACK})
    return inbox, emails


def _email_of_form(h: Harness, key: str) -> str:
    from women_in_ddat.domain.models import Participation, Person

    with h.services.db.reading() as session:
        return str(
            session.scalar(
                select(Person.email)
                .join(Participation, Participation.person_id == Person.id)
                .join(QuestionnaireForm, QuestionnaireForm.participation_id == Participation.id)
                .where(QuestionnaireForm.form_key == key)
            )
        )


def _collect_dialog(h: Harness, inbox: Path) -> Any:
    from women_in_ddat.ui.questionnaire_dialogs import CollectDialog

    _menu_item(h, "Collect returned questionnaires…").trigger()
    dialog = _opened(h, CollectDialog)
    dialog.add_paths([inbox])
    h.qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=30000)
    return dialog


def _feedback_of(h: Harness, email: str) -> list[Any]:
    return h.services.questionnaires.feedback_of_person(h.person_id(email))


def _saving_answers(h: Harness, count: int) -> Any:
    inbox, emails = _returned(h, count)
    dialog = _collect_dialog(h, inbox)
    assert len(dialog.preview.to_save) == count

    def act(again: bool) -> None:
        assert dialog.isVisible() and len(dialog.preview.to_save) == count
        h.click(dialog.save_button)
        h.qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=30000)

    def worked() -> None:
        for email in emails:
            assert [(f.point, f.satisfaction) for f in _feedback_of(h, email)] == [("end", 4)]

    return act, worked


@action("save returned questionnaires", "WINDOW|Collect returned questionnaires…")
def save_returned_questionnaires(h: Harness) -> Any:
    return _saving_answers(h, 1)


@action(
    "save two returned questionnaires, failing part-way",
    part_way="QuestionnaireCollectionChange",
)
def save_two_returned(h: Harness) -> Any:
    return _saving_answers(h, 2)


@action("undo the last questionnaire collection")
def undo_collection(h: Harness) -> Any:
    from women_in_ddat.importing.questionnaire_files import preview_returns

    inbox, [email] = _returned(h, 1)
    h.services.questionnaires.collect(preview_returns(h.services, [inbox]), source_name="inbox")
    dialog = _collect_dialog(h, inbox)
    assert _feedback_of(h, email)

    def act(again: bool) -> None:
        h.click(dialog.undo_button)
        h.qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=30000)

    def worked() -> None:
        assert _feedback_of(h, email) == []

    return act, worked


@action("withdraw consent to publish a quote", "People|Withdraw consent to publish…")
def withdraw_quote_consent(h: Harness) -> Any:
    service = h.services.questionnaires
    essex = int(h.services.cohorts.by_name(ESSEX).id)
    answers = {"feedback:satisfaction": 5, "feedback:quote": "It changed my career.",
               "feedback:quote_consent": "name"}  # fmt: skip
    preview = service.preview(
        [ReturnedAnswers("row", answers, email=FAULT_EMAIL)],
        point=AssessmentPoint.MID,  # the demo has her end-of-programme answers
        cohort_id=essex,
    )
    service.collect(preview, source_name="set-up")
    view = h.show_person()
    panel = view.feedback
    view.tabs.setCurrentWidget(panel)
    h.qtbot.waitUntil(lambda: bool(panel.model.rows))

    def act(again: bool) -> None:
        panel.table.selectRow(0)  # her mid-point answers, listed before her end ones
        h.messages.answer(True)
        h.click(panel.withdraw_button)

    def worked() -> None:
        [row] = [f for f in _feedback_of(h, FAULT_EMAIL) if f.point == "mid"]
        assert row.consent_withdrawn_on is not None and row.publishable_as == "none"
        assert panel.model.rows[0].consent_withdrawn_on is not None

    return act, worked
