"""The Messages dialog: preview every message, send off the GUI thread with progress, or draft."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from women_in_ddat.services.message_audience import Group
from women_in_ddat.ui import messages_dialog
from women_in_ddat.ui.messages_dialog import MessagesDialog

pytestmark = [
    pytest.mark.gui,
    pytest.mark.sqlite_only(reason="the dialog asks the same services; they run on both"),
]
KENT = "Top Talent Kent 2026"


@pytest.fixture
def asked_to_send(monkeypatch) -> list[tuple[int, str]]:
    """Each "Send now?" question (count, server), answered yes unless a test says otherwise."""
    asked: list[tuple[int, str]] = []

    def confirm(parent, count, server):  # type: ignore[no-untyped-def]
        asked.append((count, server))
        return True

    monkeypatch.setattr(messages_dialog, "confirm_sending", confirm)
    return asked


@pytest.fixture
def dialog(qtbot, demo_services, asked_to_send):
    demo_services.messages.save_settings(sender="coordinator@kent.gov.uk", signature="Jo")
    d = MessagesDialog(demo_services)
    qtbot.addWidget(d)
    d.show()
    yield d
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(20000), "sending is still running"


def test_preview_shows_each_message_as_it_will_go(qtbot, dialog, demo_services) -> None:
    dialog.set_template("reminder")
    dialog.set_cohort(KENT, Group.OVERDUE)
    assert not dialog.send_button.isEnabled()  # nothing goes before a preview
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    plan = demo_services.messages.plan("reminder", dialog.audience())
    assert dialog.message_list.count() == len(plan.messages) > 0
    dialog.message_list.setCurrentRow(1)
    shown = dialog.preview.toPlainText()
    assert f"To: {plan.messages[1].to[0].name} <{plan.messages[1].to[0].address}>" in shown
    assert shown.endswith(plan.messages[1].text)
    assert "• " in shown  # her overdue milestones listed
    assert dialog.send_button.isEnabled()
    # Changing whom it goes to throws the preview away.
    dialog.group_box.setCurrentIndex(dialog.group_box.findData(Group.MENTORS))
    assert dialog.message_list.count() == 0 and not dialog.send_button.isEnabled()


def test_sending_runs_off_the_gui_thread_and_reports(qtbot, dialog, smtp_server) -> None:
    server = smtp_server()
    dialog.server_edit.setText(f"smtp://127.0.0.1:{server.port}?security=none")
    dialog.set_template("welcome")
    dialog.set_cohort(KENT, Group.MENTEES)
    plan = dialog.make_plan()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.is_running() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20000)
    assert len(server.received) == len(plan.messages)
    assert dialog.status.toPlainText().startswith(f"Sent {len(plan.messages)} messages")


def test_nothing_goes_until_she_says_send_now(
    qtbot, dialog, smtp_server, monkeypatch, demo_services
) -> None:
    server = smtp_server()
    dialog.server_edit.setText(f"smtp://127.0.0.1:{server.port}?security=none")
    dialog.set_template("welcome")
    dialog.set_cohort(KENT, Group.MENTEES)
    plan = dialog.make_plan()
    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(
        messages_dialog, "confirm_sending", lambda parent, n, host: asked.append((n, host))
    )  # answers None: no
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert asked == [(len(plan.messages), "127.0.0.1")]
    assert not dialog.is_running() and server.received == []
    assert not dialog.send_button.autoDefault()  # Enter in a field never sends


def test_a_refused_recipient_is_listed_with_the_reason(qtbot, dialog, smtp_server) -> None:
    dialog.set_template("welcome")
    dialog.set_cohort(KENT, Group.MENTEES)
    plan = dialog.make_plan()
    refused = plan.messages[0].to[0].address
    server = smtp_server(refuse=refused)
    dialog.server_edit.setText(f"smtp://127.0.0.1:{server.port}?security=none")
    dialog.send()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20000)
    assert f"Failed: {refused}: 550 5.1.1 Mailbox unavailable" in dialog.status.toPlainText()


def test_drafts_go_to_the_folder_she_chooses(qtbot, dialog, monkeypatch, tmp_path: Path) -> None:
    folder = tmp_path / "outlook drafts"
    monkeypatch.setattr(messages_dialog, "ask_drafts_folder", lambda parent: folder)
    dialog.set_template("intro")
    dialog.set_cohort(KENT, Group.MENTEES)
    dialog.together_box.setChecked(True)
    plan = dialog.make_plan()
    qtbot.mouseClick(dialog.drafts_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20000)
    files = sorted(folder.glob("*.eml"))
    assert len(files) == len(plan.messages)
    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert len(msg["To"].addresses) == 2
    assert f"They are in {folder}: open each in Outlook" in dialog.status.toPlainText()


def test_an_unknown_merge_field_is_refused_in_the_template_editor(qtbot, dialog) -> None:
    dialog.set_template("welcome")
    dialog.edit_template()
    editor = dialog.template_dialog
    editor.text_edit.setPlainText("Dear $nickname")
    assert editor.save() is False
    assert "Unknown merge field $nickname" in editor.problem.text()
    editor.text_edit.setPlainText("Dear $first_name, welcome aboard.")
    assert editor.save() is True
    assert dialog.templates["welcome"].edited


def test_an_event_invitation_is_chosen_previewed_and_drafted_with_its_ics(
    qtbot, demo_services, monkeypatch, tmp_path: Path
) -> None:
    from datetime import date

    from women_in_ddat.services.events import DayPlan, EventInput

    demo_services.messages.save_settings(sender="coordinator@kent.gov.uk", signature="Jo")
    cohort = demo_services.cohorts.by_name(KENT)
    event = demo_services.events.plan(
        cohort.id, EventInput("Leadership day", (DayPlan(date(2027, 1, 12)),), venue="Maidstone")
    )
    invited = demo_services.events.invite(event.id, mentors=True)
    d = MessagesDialog(demo_services)
    qtbot.addWidget(d)
    d.show()
    d.set_template("event")
    assert d.event_box.isVisible() and not d.point_box.isVisible()
    # Its day as every page writes dates.
    assert d.event_box.itemText(d.event_box.findData(event.id)) == (
        f"Leadership day (12/01/2027, {KENT})"
    )
    assert not d.invited_radio.isVisible()
    d.set_event(event.id)
    # The event fills its title, date and venue: nothing to type, and its invitees to choose.
    assert not any(edit.isVisible() for edit in d.value_edits.values())
    assert d.invited_radio.isVisible()
    d.invited_radio.setChecked(True)
    plan = d.make_plan()
    assert plan is not None and len(plan.messages) + len(plan.left_out) == invited > 0
    assert "Attached: the event's calendar entry (.ics)" in d.preview.toPlainText()
    assert "Leadership day on " in d.preview.toPlainText()
    folder = tmp_path / "drafts"
    monkeypatch.setattr(messages_dialog, "ask_drafts_folder", lambda parent: folder)
    d.write_drafts()
    qtbot.waitUntil(lambda: not d.is_running(), timeout=20000)
    files = sorted(folder.glob("*.eml"))
    assert len(files) == len(plan.messages)
    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    [ics] = list(msg.iter_attachments())
    assert ics.get_content_type() == "text/calendar"


def test_a_questionnaire_form_point_hides_the_link(qtbot, dialog) -> None:
    dialog.set_template("questionnaire")
    link = dialog.value_edits["questionnaire_link"]
    assert dialog.point_box.isVisible() and link.isVisible()
    dialog.set_point("mid")
    assert not link.isVisible()
    dialog.set_cohort(KENT, Group.MENTEES)
    plan = dialog.make_plan()
    assert plan is not None and plan.messages
    assert "Attached: her questionnaire form (fillable PDF)" in dialog.preview.toPlainText()


def test_a_silent_server_is_a_clear_timeout_and_the_window_stays_free(qtbot, dialog) -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts the connection, never says a word
        port = listener.getsockname()[1]
        dialog.server_edit.setText(f"smtp://127.0.0.1:{port}?security=none&timeout=1")
        dialog.set_template("welcome")
        dialog.set_cohort(KENT, Group.MENTEES)
        dialog.make_plan()
        dialog.send()
        assert dialog.is_running()
        # The event loop runs while the worker waits on the server: the window answers.
        dialog.status.setPlainText("typed while waiting")
        assert dialog.status.toPlainText() == "typed while waiting"
        qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20000)
    assert dialog.status.toPlainText() == (
        f"Nothing more was sent: The mail server 127.0.0.1:{port} did not answer within 1 "
        "seconds; nothing was sent."
    )


def test_cancel_in_the_dialog_stops_a_slow_mailing_and_a_rerun_sends_the_rest(
    qtbot, dialog, smtp_server
) -> None:
    server = smtp_server(delay=0.4)
    dialog.server_edit.setText(f"smtp://127.0.0.1:{server.port}?security=none")
    dialog.set_template("welcome")
    dialog.set_cohort(KENT, Group.MENTEES)
    plan = dialog.make_plan()
    assert plan is not None and len(plan.messages) > 4
    dialog.send()
    # The window moves on while the relay is slow: the progress shows, Cancel is there.
    qtbot.waitUntil(lambda: dialog.progress_bar.value() >= 1, timeout=10000)
    assert dialog.progress_bar.isVisible() and dialog.progress_bar.maximum() == len(plan.messages)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20000)
    result = dialog.mailing_result
    assert result is not None and result.stopped_because == "Cancelled."
    assert 0 < result.sent == len(server.received) < len(plan.messages)
    assert "run the same mailing again to send only to them" in dialog.status.toPlainText()
    # The same choice again: only those not yet sent.
    rest = dialog.make_plan()
    assert rest is not None and len(rest.messages) == len(plan.messages) - result.sent
    dialog.send()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30000)
    assert sorted(r.rcpt_tos[0] for r in server.received) == sorted(
        m.to[0].address for m in plan.messages
    )


def test_one_person_is_chosen_by_part_of_her_name_from_what_is_offered(qtbot, dialog) -> None:
    dialog.set_template("welcome")
    assert dialog.cohort_radio.isChecked()
    qtbot.keyClicks(dialog.person_edit, "hughes")
    assert dialog.person_radio.isChecked()  # typing her name chose "One person"
    [zoe] = [text for text in dialog.person_edit.offers() if "zoe.hughes@essex.gov.uk" in text]
    assert zoe.startswith("Zoë Hughes — ")
    dialog.person_edit.setText(zoe)  # as if chosen from the list (non-ASCII: set, not typed)
    plan = dialog.make_plan()
    assert plan is not None
    assert [r.address for m in plan.messages for r in m.to] == ["zoe.hughes@essex.gov.uk"]


def test_a_name_several_people_share_is_refused_in_one_line_before_any_preview(
    qtbot, dialog
) -> None:
    dialog.set_template("welcome")
    dialog.person_radio.setChecked(True)
    qtbot.keyClicks(dialog.person_edit, "gov.uk")
    assert dialog.make_plan() is None and dialog.message_list.count() == 0
    said = dialog.summary.text()
    assert said.startswith("At least 20 people match “gov.uk”: type more")  # of 40
    assert "choose her from the list" in said
    assert "\n" not in said and not dialog.send_button.isEnabled()
