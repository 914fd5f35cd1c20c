"""Drivers for the pages built on first use: Matching, Import, Reports, Data protection,
and File > Update DDaT framework…. Each returns ``(act, worked)`` (see fault_actions.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from tests.ui.fault_actions import Harness, action, ok_button, select_rows
from tests.ui.fault_injection import FAULT_EMAIL
from women_in_ddat.domain.enums import MatchStatus
from women_in_ddat.errors import NotFound

KENT = "Top Talent Kent 2026"

# --- Matching ---------------------------------------------------------------------------------


def _matching(h: Harness, *, suggest: bool = True) -> tuple[Any, int]:
    page = h.inner("Matching")
    kent = int(h.services.cohorts.by_name(KENT).id)
    page.select_cohort(kent)
    _lists_in(h, page)
    if suggest:
        h.click(page.suggest_button)
        assert page.pairs_model.rowCount() > 1
    return page, kent


def _lists_in(h: Harness, page: Any) -> None:
    """The cohort's current matches and rematch list have landed (read on a worker)."""
    h.qtbot.waitUntil(lambda: not page.is_loading(), timeout=10000)


def _stored(page: Any, cohort_id: int) -> dict[int, Any]:
    """The cohort's current matches by mentee place."""
    return {m.mentee_participation_id: m for m in page.matching.cohort_matches(cohort_id)}


def _accepting(h: Harness, button: str, *, pin: bool) -> Any:
    page, kent = _matching(h)
    page.pairs_view.selectRow(0)
    pair = page.pairs_model.row_at(0)

    def act(again: bool) -> None:
        assert page.pairs_model.row_at(0) == pair  # the suggestions she was looking at stay
        page.pairs_view.selectRow(0)
        h.click(getattr(page, button))

    def worked() -> None:
        stored = _stored(page, kent)[pair.mentee_participation_id]
        assert stored.mentor_participation_id == pair.mentor_participation_id
        assert stored.pinned == pin

    return act, worked


@action("accept a suggested match", "Matching|Accept selected")
def accept_selected(h: Harness) -> Any:
    return _accepting(h, "accept_selected_button", pin=False)


@action("accept and pin a suggested match", "Matching|Accept and pin")
def accept_and_pin(h: Harness) -> Any:
    return _accepting(h, "pin_selected_button", pin=True)


@action("accept all suggested matches", "Matching|Accept all")
def accept_all(h: Harness) -> Any:
    page, kent = _matching(h)
    pairs = list(page.pairs_model.rows)

    def act(again: bool) -> None:
        assert list(page.pairs_model.rows) == pairs
        h.click(page.accept_all_button)

    def worked() -> None:
        stored = _stored(page, kent)
        for pair in pairs:
            assert stored[pair.mentee_participation_id].mentor_participation_id == (
                pair.mentor_participation_id
            )

    return act, worked


def _choosing(h: Harness, open_dialog: Any, mentee: int, kent: int, page: Any) -> Any:
    reason = "Shadowed her team last year"
    chosen: dict[str, int] = {}

    def act(again: bool) -> None:
        if not again:
            open_dialog()
            dialog = page.choice_dialog
            dialog.mentors.setCurrentRow(dialog.mentors.count() - 1)
            chosen["mentor"] = dialog.chosen_mentor()
            h.qtbot.keyClicks(dialog.rationale, reason)
        dialog = page.choice_dialog
        assert dialog.isVisible(), "the choice dialog closed and lost what she typed"
        assert dialog.rationale_text() == reason and dialog.chosen_mentor() == chosen["mentor"]
        h.click(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    def worked() -> None:
        stored = _stored(page, kent)[mentee]
        assert stored.mentor_participation_id == chosen["mentor"] and stored.pinned
        assert reason in stored.rationale

    return act, worked


@action("choose another mentor for a suggestion", "Matching|Choose another mentor…")
def choose_another_mentor(h: Harness) -> Any:
    page, kent = _matching(h)
    page.pairs_view.selectRow(0)
    mentee = page.pairs_model.row_at(0).mentee_participation_id
    return _choosing(h, lambda: h.click(page.choose_button), mentee, kent, page)


@action("choose a mentor for a rematch", "Matching|Choose a mentor…")
def choose_for_rematch(h: Harness) -> Any:
    from tests.ui.helpers import a_mentor_left

    a_mentor_left(h.services)  # the demo re-matches its own early end
    page, kent = _matching(h, suggest=False)
    page.tabs.setCurrentIndex(2)
    page.rematch_view.selectRow(0)
    mentee = page.rematch_model.row_at(0).mentee_participation_id
    [button] = [
        b
        for b in page.tabs.widget(2).findChildren(QPushButton)
        if b.text().replace("&", "") == "Choose a mentor…"
    ]
    return _choosing(h, lambda: h.click(button), mentee, kent, page)


def _proposed(h: Harness, *, pinned: bool, count: int) -> tuple[Any, int, list[Any]]:
    """Accept the suggestions behind the page's back, then select ``count`` proposed matches."""
    page, kent = _matching(h, suggest=False)
    suggestions = page.matching.suggest_for_cohort(kent)
    page.matching.accept(suggestions.pairs, pin=pinned)
    page._load_cohort_lists()  # as the page does after a change
    _lists_in(h, page)
    page.tabs.setCurrentIndex(1)
    proposed = [m for m in page.matches_model.rows if m.status == MatchStatus.PROPOSED.value]
    chosen = [proposed[0]]
    if count == 2:
        chosen.append(
            next(
                m
                for m in proposed[1:]
                if m.mentor_participation_id != proposed[0].mentor_participation_id
            )
        )
    select_rows(
        page.matches_view,
        [page.matches_model.find(lambda m, i=c.id: m.id == i) for c in chosen],
    )
    return page, kent, chosen


def _pinning(h: Harness, pin: bool) -> Any:
    page, kent, [match] = _proposed(h, pinned=not pin, count=1)

    def act(again: bool) -> None:
        _lists_in(h, page)  # read again after the last try
        select_rows(page.matches_view, [page.matches_model.find(lambda m: m.id == match.id)])
        h.click(page.pin_button if pin else page.unpin_button)

    def worked() -> None:
        assert _stored(page, kent)[match.mentee_participation_id].pinned == pin

    return act, worked


@action("pin a proposed match", "Matching|Pin")
def pin_match(h: Harness) -> Any:
    return _pinning(h, True)


@action("unpin a proposed match", "Matching|Unpin")
def unpin_match(h: Harness) -> Any:
    return _pinning(h, False)


@action("swap two mentors", "Matching|Swap mentors")
def swap_mentors(h: Harness) -> Any:
    page, kent, (first, second) = _proposed(h, pinned=False, count=2)

    def act(again: bool) -> None:
        _lists_in(h, page)  # read again after the last try
        select_rows(
            page.matches_view,
            [page.matches_model.find(lambda m, i=c.id: m.id == i) for c in (first, second)],
        )
        h.click(page.swap_button)

    def worked() -> None:
        stored = _stored(page, kent)
        assert stored[first.mentee_participation_id].mentor_participation_id == (
            second.mentor_participation_id
        )

    return act, worked


@action("start a proposed match", "Matching|Start match")
def start_match(h: Harness) -> Any:
    page, kent, (match,) = _proposed(h, pinned=False, count=1)

    def act(again: bool) -> None:
        _lists_in(h, page)  # read again after the last try
        select_rows(page.matches_view, [page.matches_model.find(lambda m: m.id == match.id)])
        h.click(page.start_button)

    def worked() -> None:
        stored = _stored(page, kent)[match.mentee_participation_id]
        assert stored.status == MatchStatus.ACTIVE.value

    return act, worked


# --- Import ---------------------------------------------------------------------------------

NEWCOMERS = [
    ["Ffion", "Faulkner", "ffion.faulkner@kent.gov.uk", "Kent County Council", "Data analyst",
     "Mentee", "Data", date(2026, 1, 12), ""],
    ["Bronwen", "Pryce", "bronwen.pryce@medway.gov.uk", "Medway Council", "Delivery manager",
     "Mentee", "Product and delivery", date(2026, 1, 12), ""],
]  # fmt: skip
BAD_ROW = ["Bad", "Row", "not-an-email", "", "", "mentee", "", "", ""]


def _imported_names(h: Harness) -> None:
    for first, last, email, *_ in NEWCOMERS:
        h.extra_names.update({f"{first} {last}", str(email)})


def _import_page(h: Harness, rows: list[list[object]]) -> Any:
    from tests.importing.corpus import HEADER, write_csv

    _imported_names(h)
    page = h.inner("Import")
    page.cohort_box.setCurrentText("Top Talent Fault 2026")
    page.load_file(write_csv(h.out / "newcomers.csv", [HEADER, *rows]))
    h.qtbot.waitUntil(lambda: page.step == "columns" and page.task is None, timeout=20000)
    page.go_next()
    h.qtbot.waitUntil(lambda: page.step == "preview" and page.task is None, timeout=20000)
    return page


def _finish_import(h: Harness, page: Any) -> None:
    h.messages.answer(True)  # yes, create the new cohort
    h.click(page.next_button)
    h.qtbot.waitUntil(lambda: page.step == "summary" and page.task is None, timeout=20000)


def _newcomers_stored(h: Harness) -> bool:
    try:
        h.services.people.by_email(str(NEWCOMERS[0][2]))
    except NotFound:
        return False
    return True


@action("import a spreadsheet", "Import|Next", seams=frozenset({"db", "sql"}), backup_first=True)
def import_spreadsheet(h: Harness) -> Any:
    page = _import_page(h, NEWCOMERS)

    def act(again: bool) -> None:
        assert page.step == "preview"  # back where she was, the file and mapping as they were
        h.messages.answer(True)  # yes, create the new cohort
        h.click(page.next_button)

    def worked() -> None:
        assert page.step == "summary" and _newcomers_stored(h)

    return act, worked


def _undoing(h: Harness, selected: bool) -> Any:
    page = _import_page(h, NEWCOMERS)
    _finish_import(h, page)
    assert _newcomers_stored(h)
    if selected:
        h.click(page.again_button)
        # The history is read on a worker thread.
        h.qtbot.waitUntil(lambda: not page.batches_loading(), timeout=10000)
        page.batches.selectRow(0)  # the newest import

    def act(again: bool) -> None:
        h.messages.answer(True)
        h.click(page.undo_selected_button if selected else page.undo_button)

    def worked() -> None:
        assert not _newcomers_stored(h)

    return act, worked


@action(
    "undo this import", "Import|Undo this import", seams=frozenset({"db", "sql"}), backup_first=True
)
def undo_this_import(h: Harness) -> Any:
    return _undoing(h, selected=False)


@action(
    "undo a listed import",
    "Import|Undo selected import…",
    seams=frozenset({"db", "sql"}),
    backup_first=True,
)
def undo_selected_import(h: Harness) -> Any:
    return _undoing(h, selected=True)


def _saving(h: Harness, page: Any, button: Any, target: Path) -> Any:
    h.monkeypatch.setattr(page, "ask_save_path", lambda title, suggested: str(target))

    def act(again: bool) -> None:
        h.click(button)

    def worked() -> None:
        assert target.read_bytes()[:2] == b"PK"  # an xlsx

    return act, worked


@action("save the cohort template", "Import|Save cohort template…")
def save_template(h: Harness) -> Any:
    page = h.inner("Import")
    return _saving(h, page, page.template_button, h.out / "cohort-template.xlsx")


@action("save rejected rows", "Import|Save rejected rows…")
def save_rejected(h: Harness) -> Any:
    page = _import_page(h, [*NEWCOMERS, BAD_ROW])
    page.skip_box.setChecked(True)
    _finish_import(h, page)
    return _saving(h, page, page.save_rejected_button, h.out / "rejected.xlsx")


# --- Reports --------------------------------------------------------------------------------


def _report_status(h: Harness) -> str:
    text = h.inner("Reports").status.text()
    return text if text.startswith("The report was not written") else ""


def _report(h: Harness, kind: str, target: Path, combined: bool = False) -> Any:
    from women_in_ddat.reports.jobs import ReportKind

    page = h.inner("Reports")
    h.qtbot.waitUntil(lambda: not page.is_loading())  # its choices load on a worker
    page.set_kind(ReportKind(kind))
    assert page.scope_box.count()
    page.scope_box.setCurrentIndex(0)
    page.combined_box.setChecked(combined)
    page.path_edit.setText(str(target))

    def act(again: bool) -> None:
        assert page.path_edit.text() == str(target)
        h.click(page.run_button)
        h.qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)

    def worked() -> None:
        written = sorted(target.glob("*.pdf")) if target.is_dir() else [target]
        assert written and all(p.read_bytes()[:5] == b"%PDF-" for p in written)

    return act, worked


@action("create a report", "Reports|Create report", shown_in=_report_status)
def create_report(h: Harness) -> Any:
    return _report(h, "cohort", h.out / "cohort.pdf")


@action(
    "create a report, its audit record failing",
    seams=frozenset({"db"}),
    shown_in=_report_status,
)
def create_report_audit_failing(h: Harness) -> Any:
    return _report(h, "cohort", h.out / "cohort.pdf")


@action("create a batch of progress summaries", shown_in=_report_status)
def create_batch(h: Harness) -> Any:
    return _report(h, "batch", h.out / "summaries")


# --- Data protection ----------------------------------------------------------------------


def _privacy(h: Harness) -> Any:
    return h.inner("Data protection")


def _backups(h: Harness) -> list[Path]:
    return sorted((h.db_path.parent / f"{h.db_path.name}.backups").glob("*.db"))


@action("back up now", "Data protection|Back up now")
def back_up_now(h: Harness) -> Any:
    page = _privacy(h)
    before = len(_backups(h))

    def act(again: bool) -> None:
        h.click(page.backup_button)

    def worked() -> None:
        assert len(_backups(h)) == before + 1

    return act, worked


@action("restore a backup", "Data protection|Restore selected backup…")
def restore_backup(h: Harness) -> Any:
    from women_in_ddat.storage.backup import automatic_backup

    page = _privacy(h)
    automatic_backup(h.db_path, reason="by-hand")
    h.services.people.delete(h.person_id())  # a change after the backup, to be restored away
    page.refresh()
    select_rows(page.backup_view, [0])

    def act(again: bool) -> None:
        select_rows(page.backup_view, [page.backup_model.rowCount() - 1])  # the oldest: ours
        h.messages.answer(True)
        h.click(page.restore_button)

    def worked() -> None:
        assert h.services.people.by_email(FAULT_EMAIL).first_name == "Zoë"

    return act, worked


@action("export the audit log", "Data protection|Export audit log…")
def export_audit(h: Harness) -> Any:
    page = _privacy(h)
    target = h.out / "audit.csv"
    h.monkeypatch.setattr(page, "ask_save_path", lambda *a: str(target))

    def act(again: bool) -> None:
        h.click(page.audit_export_button)

    def worked() -> None:
        assert "demo programme loaded" in target.read_text(encoding="utf-8-sig")

    return act, worked


def _subject_access(h: Harness, target: Path) -> Any:
    page = _privacy(h)
    h.monkeypatch.setattr(page, "ask_save_path", lambda *a: str(target))

    def act(again: bool) -> None:
        if not again:
            h.qtbot.keyClicks(page.access_email, FAULT_EMAIL)
        assert page.access_email.text() == FAULT_EMAIL
        h.click(page.export_button)

    def worked() -> None:
        assert target.stat().st_size > 0
        assert h.services.audit_log.events(action="export")

    return act, worked


@action("subject access as PDF", "Data protection|Export everything held…")
def subject_access_pdf(h: Harness) -> Any:
    return _subject_access(h, h.out / "subject-access.pdf")


@action("subject access as JSON")
def subject_access_json(h: Harness) -> Any:
    return _subject_access(h, h.out / "subject-access.json")


@action(
    "erase one person",
    "Data protection|Erase this person…",
    seams=frozenset({"db"}),
    backup_first=True,
)
def erase_one(h: Harness) -> Any:
    page = _privacy(h)
    person_id = h.person_id()

    def act(again: bool) -> None:
        if not again:
            h.qtbot.keyClicks(page.access_email, FAULT_EMAIL)
        assert page.access_email.text() == FAULT_EMAIL
        h.messages.answer(True)
        h.click(page.erase_one_button)

    def worked() -> None:
        try:
            h.services.people.get(person_id)
        except NotFound:
            return
        raise AssertionError("she was not erased")

    return act, worked


@action(
    "erase the people due", "Data protection|Erase selected people…", seams=frozenset({"db"}),
    backup_first=True,
)  # fmt: skip
def erase_selected(h: Harness) -> Any:
    from sqlalchemy import update

    from women_in_ddat.domain.models import Programme

    with h.services.db.transaction() as session:  # set-up: everyone of an ended cohort is due
        session.execute(update(Programme).values(retention_months=0))
    page = _privacy(h)
    page.refresh()
    emails = [page.due_model.rows[i].email for i in (0, 1)]

    def act(again: bool) -> None:
        select_rows(page.due_view, [r for r in range(page.due_model.rowCount())
                                    if page.due_model.rows[r].email in emails])  # fmt: skip
        h.messages.answer(True)
        h.click(page.erase_button)

    def worked() -> None:
        for email in emails:
            try:
                h.services.people.by_email(email)
            except NotFound:
                continue
            raise AssertionError("someone due was not erased")

    return act, worked


@action(
    "switch equality monitoring on", "Data protection|[x] Collect equality answers in Top Talent"
)
def equality_monitoring(h: Harness) -> Any:
    page = _privacy(h)
    page.tabs.setCurrentWidget(page.equality)

    def switches_in() -> None:  # the tab reads its programmes on a worker
        h.qtbot.waitUntil(lambda: not page.equality.is_loading(), timeout=10000)

    switches_in()
    programme_id = next(iter(page.equality.boxes))
    assert not page.equality.boxes[programme_id].isChecked()

    def collecting() -> bool:
        settings = h.services.personal_data.equality_settings()
        return next(p.collecting for p in settings if p.id == programme_id)

    def act(again: bool) -> None:
        switches_in()
        box = page.equality.boxes[programme_id]  # the tab rebuilds its switches after a change
        if again:
            assert box.isChecked() == collecting(), "the switch shows what was not saved"
        h.click(box)

    def worked() -> None:
        switches_in()
        assert collecting() and page.equality.boxes[programme_id].isChecked()

    return act, worked


# --- File > Update DDaT framework… ------------------------------------------------------


@action(
    "update the DDaT framework",
    "WINDOW|Update DDaT framework…",
    seams=frozenset({"db"}),  # the framework lives in the database, after a backup
    backup_first=True,
)
def update_framework(h: Harness) -> Any:
    from tests.matching.framework_files import write_roles, write_skills

    roles, skills = write_roles(h.out / "roles.csv"), write_skills(h.out / "skills.csv")
    item = next(
        a
        for menu in h.window.menuBar().actions()
        for a in menu.menu().actions()
        if a.text().replace("&", "") == "Update DDaT framework…"
    )

    def act(again: bool) -> None:
        if not again:
            item.trigger()
            dialog = h.window.framework_dialog
            dialog.roles_path.setText(str(roles))
            dialog.skills_path.setText(str(skills))
            h.qtbot.keyClicks(dialog.version, "October 2024")
            h.qtbot.keyClicks(dialog.framework_date, "22/10/2024")
        dialog = h.window.framework_dialog
        assert dialog.isVisible() and dialog.version.text() == "October 2024"
        h.qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    def worked() -> None:
        assert h.services.framework.current().version == "October 2024"

    return act, worked


# --- File > Export… ----------------------------------------------------------------------


@action("export a dataset", "WINDOW|Export…")
def export_dataset(h: Harness) -> Any:
    """The file and the audit trail's note of it: both written, or neither."""
    target = h.out / "matches.xlsx"
    item = next(
        a
        for menu in h.window.menuBar().actions()
        for a in menu.menu().actions()
        if a.text().replace("&", "") == "Export…"
    )

    def act(again: bool) -> None:
        if not again:
            item.trigger()
            dialog = h.window.export_dialog
            dialog.dataset.setCurrentIndex(dialog.dataset.findData("matches"))
            h.monkeypatch.setattr(dialog, "ask_save_path", lambda _s, _f: str(target))
        dialog = h.window.export_dialog
        # After a failure the dialog stays open with her choice, to try again.
        assert dialog.isVisible() and dialog.chosen() == ("matches", "xlsx")
        h.click(ok_button(dialog))

    def worked() -> None:
        from openpyxl import load_workbook

        assert not h.window.export_dialog.isVisible()
        book = load_workbook(target, read_only=True)
        written = book.active.max_row - 1
        book.close()  # a read-only workbook holds its file open until closed
        rows = len(h.services.matches.rows())
        assert written == rows
        (note,) = h.services.audit_log.events(action="export", entity="matches")
        assert note.detail == f"{rows} rows"

    return act, worked


# --- Part-way: actions over several records, failing after the first is saved ---------------


@action("pin two proposed matches, failing part-way", part_way="Match")
def pin_two_matches(h: Harness) -> Any:
    page, kent, chosen = _proposed(h, pinned=False, count=2)

    def act(again: bool) -> None:
        select_rows(
            page.matches_view,
            [page.matches_model.find(lambda m, i=c.id: m.id == i) for c in chosen],
        )
        h.click(page.pin_button)

    def worked() -> None:
        stored = _stored(page, kent)
        assert all(stored[c.mentee_participation_id].pinned for c in chosen)

    return act, worked


action(
    "erase the people due, failing part-way",
    seams=frozenset({"db"}),
    backup_first=True,
    part_way="Person",
)(erase_selected)


# --- Only the file failing: what was recorded about a file that was not written -------------

action("subject access as PDF, the file failing", seams=frozenset({"file"}))(subject_access_pdf)
action("subject access as JSON, the file failing", seams=frozenset({"file"}))(subject_access_json)
action("restore a backup, its audit record failing", seams=frozenset({"db"}))(restore_backup)
