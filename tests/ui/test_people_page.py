from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.ui.helpers import column_texts, settled, wait_for_people
from women_in_ddat.errors import NotFound
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui.pages.person_dialog import PersonDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def people(qtbot, window):  # type: ignore[no-untyped-def]
    page = window.show_page("People")
    wait_for_people(qtbot, page)
    return page


def test_filter_as_you_type_across_name_email_organisation_and_job(qtbot, people, context) -> None:
    total = context.services.people.count()
    assert people.model.rowCount() == total
    assert people.count_label.text() == f"{total} people"
    qtbot.keyClicks(people.filter, "hugh")
    assert column_texts(people.table, 0) == ["Zoë Hughes"]
    # Typed without the accent, found with it; the only match is shown at once.
    qtbot.waitUntil(
        lambda: people.view.detail is not None and people.view.detail.display_name == "Zoë Hughes"
    )
    assert people.count_label.text() == f"1 of {total} shown"
    people.filter.clear()
    qtbot.keyClicks(people.filter, "lukas")
    assert column_texts(people.table, 0) == ["Agnieszka Łukasiewicz"]
    people.filter.clear()
    qtbot.keyClicks(people.filter, "cabinet-office")
    assert column_texts(people.table, 1) and all(
        e.endswith("@digital.cabinet-office.gov.uk") for e in column_texts(people.table, 1)
    )
    people.filter.clear()
    qtbot.keyClicks(people.filter, "medway council")
    assert set(column_texts(people.table, 2)) == {"Medway Council"}
    people.filter.clear()
    qtbot.keyClicks(people.filter, "data scientist")
    assert column_texts(people.table, 3) and all(
        "data scientist" in j.lower() for j in column_texts(people.table, 3)
    )


def test_enter_in_the_filter_moves_to_the_results(qtbot, people) -> None:
    qtbot.keyClicks(people.filter, "kent")
    qtbot.keyClick(people.filter, Qt.Key.Key_Return)
    assert people.table.hasFocus() or people.window().focusWidget() is people.table
    assert people.table.selectionModel().selectedRows()


def test_the_person_view_shows_everything_about_her(qtbot, people, context) -> None:
    zoe = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    people.show_person(zoe.id)
    view = people.view
    assert view.name.text().startswith("Zoë Hughes")
    detail = context.person_detail.detail(zoe.id)
    settled(qtbot, people)  # her sessions and outcomes are lazy lists, read on a worker
    for key in (
        "participations",
        "matches",
        "milestones",
        "sessions",
        "assessments",
        "outcomes",
        "history",
    ):
        assert view.models[key].rowCount() == len(getattr(detail, key)), key
    assert view.models["sessions"].rowCount() > 0
    for key in ("sessions", "outcomes"):  # newest first, as her page always listed them
        assert [r.id for r in view.models[key].rows] == [r.id for r in getattr(detail, key)], key
    assert {r.partner_name for r in view.models["sessions"].rows} == {
        s.partner_name for s in detail.sessions
    }
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert f"Sessions ({len(detail.sessions)})" in tabs
    # Notes with markup-like text show as typed.
    notes = [
        w.text()
        for w in view.overview.findChildren(type(view.name))
        if w.accessibleName() == "Notes"
    ]
    assert notes == ["Prefers morning sessions. Interested in data ethics & AI assurance."]


def test_her_sessions_and_outcomes_are_lazy_lists_sorted_by_the_database(
    qtbot, people, context
) -> None:
    from women_in_ddat.ui.models.lazy import LazyRowsModel

    s = context.services
    details = [context.person_detail.detail(p.id) for p in s.people.rows()]
    mentor = next(d for d in details if len({x.partner_name for x in d.sessions}) > 1)
    people.show_person(mentor.id)
    settled(qtbot, people)
    view = people.view
    sessions, outcomes = view.models["sessions"], view.models["outcomes"]
    assert isinstance(sessions, LazyRowsModel) and isinstance(outcomes, LazyRowsModel)
    assert sessions.total == len(mentor.sessions)
    # A click on With: every session by her partner's name, sorted by the database.
    view.views["sessions"].sortByColumn(1, Qt.SortOrder.AscendingOrder)
    settled(qtbot, people)
    assert sessions.spec.sort == "with"
    assert [x.id for x in sessions.rows] == [
        x.id
        for x in sorted(
            sorted(mentor.sessions, key=lambda x: x.id), key=lambda x: x.partner_name.casefold()
        )
    ]
    assert [sessions.index(r, 1).data() for r in range(sessions.rowCount())] == sorted(
        (x.partner_name for x in mentor.sessions), key=str.casefold
    )
    # Someone else chosen: never a row of the last person's meanwhile, then hers.
    other = next(
        d for d in details if len({x.occurred_on for x in d.outcomes}) > 1 and d.id != mentor.id
    )
    people.show_person(other.id)
    theirs = {x.id for x in other.sessions}
    assert {x.id for x in sessions.rows} <= theirs
    assert {x.id for x in outcomes.rows} <= {x.id for x in other.outcomes}
    settled(qtbot, people)
    assert {x.id for x in sessions.rows} == theirs
    assert [x.id for x in outcomes.rows] == [x.id for x in other.outcomes]
    view.views["outcomes"].sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the oldest first
    settled(qtbot, people)
    days = [x.occurred_on for x in outcomes.rows]
    assert days == sorted(x.occurred_on for x in other.outcomes)


def _new_person_dialog(qtbot, people) -> PersonDialog:  # type: ignore[no-untyped-def]
    people.new_record()
    dialog = people.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_a_bad_email_is_shown_beside_the_field_and_nothing_is_saved(
    qtbot, people, context, messages
) -> None:
    before = context.services.people.count()
    dialog = _new_person_dialog(qtbot, people)
    qtbot.keyClicks(dialog.fields["first_name"], "Grace")
    qtbot.keyClicks(dialog.fields["email"], "grace.at.kent")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    message = dialog.errors.message("email")
    assert "not a valid email address" in message
    assert dialog.fields["email"].property("invalid") is True
    assert dialog.focusWidget() is dialog.fields["email"]
    assert context.services.people.count() == before
    assert messages.problems == []  # shown in the form, not in a message box

    dialog.fields["email"].setText("grace.new@kent.gov.uk")
    dialog.organisation.setCurrentText("Kent County Council")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = context.services.people.by_email("grace.new@kent.gov.uk")
    assert stored.first_name == "Grace"
    qtbot.waitUntil(
        lambda: people.view.detail is not None and people.view.detail.id == stored.id, timeout=10000
    )
    assert people.model.total == before + 1


def test_a_role_typed_with_its_level_in_front_is_the_framework_s_role_and_level(
    qtbot, people, context
) -> None:
    dialog = _new_person_dialog(qtbot, people)
    dialog.fields["first_name"].setText("Lena")
    dialog.fields["email"].setText("lena.new@kent.gov.uk")
    dialog.fields["current_role"].setText("Lead DATA analyst")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = context.services.people.by_email("lena.new@kent.gov.uk")
    assert (stored.current_role, stored.current_level) == ("Data analyst", "Lead")


def test_a_role_and_a_different_level_typed_are_shown_as_a_problem(qtbot, people, messages) -> None:
    dialog = _new_person_dialog(qtbot, people)
    dialog.fields["first_name"].setText("Lena")
    dialog.fields["email"].setText("lena.new@kent.gov.uk")
    dialog.fields["target_role"].setText("Lead data analyst")
    dialog.fields["target_level"].setText("Senior")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "type the role alone (Data analyst)" in dialog.errors.message("target_role")
    messages.confirm_answers.append(True)
    dialog.reject()


def test_enter_in_a_type_ahead_field_saves_only_a_valid_choice(
    qtbot, people, context, messages
) -> None:
    dialog = _new_person_dialog(qtbot, people)
    qtbot.keyClicks(dialog.fields["first_name"], "Ada")
    qtbot.keyClicks(dialog.fields["email"], "ada.enter@kent.gov.uk")
    role = dialog.fields["current_role"]
    role.setFocus()
    qtbot.keyClicks(role, "wrangler")
    role.completer().popup().hide()
    qtbot.keyClick(role, Qt.Key.Key_Return)
    assert dialog.isVisible() and "DDaT framework" in dialog.errors.message("current_role")
    with pytest.raises(NotFound):
        context.services.people.by_email("ada.enter@kent.gov.uk")
    # Typing that leaves one choice: Enter takes it, and the next Enter saves.
    role.setText("ethicis")
    assert dialog.errors.message("current_role") == ""
    role.completer().popup().hide()
    qtbot.keyClick(role, Qt.Key.Key_Return)
    assert dialog.isVisible() and role.text() == "Data ethicist"
    qtbot.keyClick(role, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert context.services.people.by_email("ada.enter@kent.gov.uk").current_role == "Data ethicist"


def test_enter_in_the_organisation_says_a_new_one_is_added_before_saving(
    qtbot, people, context
) -> None:
    dialog = _new_person_dialog(qtbot, people)
    dialog.fields["first_name"].setText("Ada")
    dialog.fields["email"].setText("ada.org@kent.gov.uk")
    dialog.organisation.setFocus()
    dialog.organisation.setCurrentText("Kent Fire")
    qtbot.keyClick(dialog.organisation.lineEdit(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "saving adds it as a new one" in dialog.errors.message("organisation")
    with pytest.raises(NotFound):
        context.services.people.by_email("ada.org@kent.gov.uk")
    qtbot.keyClick(dialog.organisation.lineEdit(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert context.services.people.by_email("ada.org@kent.gov.uk")


def test_escape_asks_before_dropping_what_was_typed(qtbot, people, context, messages) -> None:
    dialog = _new_person_dialog(qtbot, people)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not dialog.isVisible() and messages.asked == []
    dialog = _new_person_dialog(qtbot, people)
    qtbot.keyClicks(dialog.fields["first_name"], "Ada")
    messages.confirm_answers.append(False)
    qtbot.keyClick(dialog.fields["first_name"], Qt.Key.Key_Escape)
    assert messages.asked[-1][1] == "Discard the new person?"
    assert dialog.isVisible() and dialog.fields["first_name"].text() == "Ada"
    messages.confirm_answers.append(True)
    qtbot.keyClick(dialog.fields["first_name"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_phone_that_is_not_a_number_is_refused_beside_the_field(qtbot, people, context) -> None:
    dialog = _new_person_dialog(qtbot, people)
    dialog.fields["first_name"].setText("Ada")
    dialog.fields["email"].setText("ada.phone@kent.gov.uk")
    dialog.fields["phone"].setText("x")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "not a phone number" in dialog.errors.message("phone")
    dialog.fields["phone"].setText("+44 (0)1632 960-001")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert context.services.people.by_email("ada.phone@kent.gov.uk").phone == "+44 (0)1632 960-001"


def test_a_second_person_of_the_same_name_in_the_same_organisation_is_warned_of(
    qtbot, people, context, messages
) -> None:
    zoe = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    dialog = _new_person_dialog(qtbot, people)
    dialog.fields["first_name"].setText(zoe.first_name.upper())
    dialog.fields["last_name"].setText(zoe.last_name)
    dialog.fields["email"].setText("zoe.second@essex.gov.uk")
    dialog.organisation.setCurrentText("Essex County Council")
    messages.confirm_answers.append(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert messages.asked[-1][0] == "Possible duplicate"
    assert "zoe.hughes@essex.gov.uk" in messages.asked[-1][1]
    assert dialog.isVisible()
    with pytest.raises(NotFound):
        context.services.people.by_email("zoe.second@essex.gov.uk")
    messages.confirm_answers.append(True)  # she knows: two people of that name
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert context.services.people.by_email("zoe.second@essex.gov.uk")


def test_a_duplicate_email_is_refused_beside_the_field(qtbot, people, context, messages) -> None:
    dialog = _new_person_dialog(qtbot, people)
    dialog.fields["first_name"].setText("Someone")
    dialog.fields["email"].setText("ZOE.HUGHES@essex.gov.uk")
    dialog.save()
    assert "already in use" in dialog.errors.message("email")
    assert dialog.isVisible()
    messages.confirm_answers.append(True)
    dialog.reject()


def test_undo_takes_back_a_person_just_added(qtbot, window, people, context) -> None:
    dialog = _new_person_dialog(qtbot, people)
    dialog.fields["first_name"].setText("Temporary")
    dialog.fields["email"].setText("temporary@kent.gov.uk")
    dialog.save()
    person = context.services.people.by_email("temporary@kent.gov.uk")
    assert window.undo_action.isEnabled()
    assert "adding a person" in window.undo_action.text()
    window.undo_action.trigger()
    with pytest.raises(NotFound):
        context.services.people.get(person.id)
    assert not window.undo_action.isEnabled()


def test_edit_keeps_what_was_typed_and_saves_it(qtbot, people, context) -> None:
    zoe = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    people.show_person(zoe.id)
    people.view.edit_button.click()
    dialog = people.dialog
    assert dialog.fields["first_name"].text() == "Zoë"  # non-ASCII arrives intact
    dialog.fields["job_title"].setText("Senior data analyst")
    dialog.save()
    assert context.services.people.get(zoe.id).job_title == "Senior data analyst"
    assert context.services.people.get(zoe.id).first_name == "Zoë"


def test_an_edit_that_lost_a_race_is_refused_kindly(qtbot, people, context) -> None:
    zoe = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    people.show_person(zoe.id)
    people.view.edit_button.click()
    dialog = people.dialog
    context.services.people.update(
        zoe.id, PersonInput(phone="01245 000000")
    )  # someone else, meanwhile
    dialog.fields["job_title"].setText("Changed here")
    dialog.save()
    assert dialog.isVisible()
    assert "changed by someone else" in dialog.general_error.text()
    assert context.services.people.get(zoe.id).job_title != "Changed here"


def test_delete_says_what_goes_with_the_person_and_asks_first(
    qtbot, people, context, messages
) -> None:
    zoe = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    people.show_person(zoe.id)
    messages.answer(False)
    people.view.delete_button.click()
    title, question = messages.asked[-1]
    impact = context.person_detail.deletion_impact(zoe.id)
    assert "Zoë Hughes" in question
    assert impact.describe() in question
    assert "mentoring sessions" in question
    assert context.services.people.get(zoe.id)  # declined: still there

    messages.answer(True)
    people.view.delete_button.click()
    with pytest.raises(NotFound):
        context.services.people.get(zoe.id)
    qtbot.waitUntil(
        lambda: people.model.row_of_person(zoe.id) is None and not people.is_loading(),
        timeout=10000,
    )
    assert people.view.detail is None


def test_enter_on_a_row_of_her_page_opens_that_record(qtbot, window, people, context) -> None:
    zoe = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    people.show_person(zoe.id)
    view = people.view
    matches_view = view.views["matches"]
    matches_view.setCurrentIndex(view.models["matches"].index(0, 0))
    qtbot.keyClick(matches_view, Qt.Key.Key_Return)
    assert window.current_page_name() == "Matches"
    wanted = view.models["matches"].row_at(0).id
    matches = window.pages["Matches"]
    qtbot.waitUntil(lambda: getattr(matches.selected_match(), "id", None) == wanted)

    window.show_page("People")
    milestones_view = view.views["milestones"]
    milestones_view.setCurrentIndex(view.models["milestones"].index(0, 0))
    qtbot.keyClick(milestones_view, Qt.Key.Key_Return)
    assert window.current_page_name() == "Milestones"
    settled(qtbot, window.pages["Milestones"])
    assert [m.id for m in window.pages["Milestones"].selected()] == [
        view.models["milestones"].row_at(0).id
    ]


def test_her_page_does_not_stay_beside_a_list_that_no_longer_holds_her(
    qtbot, people, context
) -> None:
    zoe = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    people.show_person(zoe.id)
    assert people.view.detail is not None and people.view.detail.id == zoe.id
    qtbot.keyClicks(people.filter, "cabinet-office")  # several others, not her
    assert people.model.rowCount() > 1
    assert people.view.detail is None
    assert people.view.name.text() == "No one selected"
    people.filter.clear()
    people.show_person(zoe.id)
    qtbot.keyClicks(people.filter, "zzzz-nobody")  # "0 of 40 shown"
    assert people.model.rowCount() == 0
    assert people.view.detail is None


def test_new_person_takes_ddat_roles_from_the_framework_with_type_ahead(
    qtbot, people, context
) -> None:
    dialog = _new_person_dialog(qtbot, people)
    qtbot.keyClicks(dialog.fields["first_name"], "Ada")
    qtbot.keyClicks(dialog.fields["email"], "ada.new@kent.gov.uk")
    family = dialog.fields["current_role_family"]
    qtbot.keyClicks(family, "dat")
    assert "Data" in family.completer().model().stringList()  # offered as she types
    family.setText("data")
    offered_roles = dialog.fields["current_role"].completer().model().stringList()
    assert "Data analyst" in offered_roles and all(  # as the framework writes it
        r in context.services.framework.current().framework.family("Data").roles
        for r in offered_roles
    )
    dialog.fields["current_role"].setText("Data wrangler")  # free text: refused
    dialog.fields["current_level"].setText("junior")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "DDaT framework" in dialog.errors.message("current_role")
    with pytest.raises(NotFound):
        context.services.people.by_email("ada.new@kent.gov.uk")
    # Put right, the field's problem goes as she types.
    dialog.fields["current_role"].setText("data analyst")
    assert dialog.errors.message("current_role") == ""
    assert dialog.general_error.isHidden()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = context.services.people.by_email("ada.new@kent.gov.uk")
    assert (stored.current_role_family, stored.current_role, stored.current_level) == (
        "Data", "Data analyst", "Junior",
    )  # fmt: skip


def _reads_whole(view, row: int, column: int) -> bool:  # type: ignore[no-untyped-def]
    """The cell's text fits its column, and the column is within the list's visible width."""
    text = view.model().index(row, column).data()
    fits = view.fontMetrics().horizontalAdvance(text) + 6 <= view.columnWidth(column)
    seen = view.columnViewportPosition(column) + view.columnWidth(column)
    return fits and 0 <= seen <= view.viewport().width()


def test_name_and_email_read_whole_beside_her_page_at_1280_by_800(qtbot, context) -> None:
    from PySide6.QtCore import QThreadPool

    from women_in_ddat.ui.main_window import MainWindow

    window = MainWindow("programme.db")
    qtbot.addWidget(window)
    window.resize(1280, 800)  # the smallest window the app is made for
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.attach(context)
    page = window.show_page("People")
    wait_for_people(qtbot, page)
    page.show_person(context.services.people.by_email("zoe.hughes@essex.gov.uk").id)
    qtbot.waitUntil(lambda: page.view.detail is not None)
    view, model = page.table, page.model
    cut = [
        model.index(row, column).data()
        for row in range(model.rowCount())
        for column in (0, 1)
        if not _reads_whole(view, row, column)
    ]
    assert cut == []
    # Whatever is cut (a longer name, a narrower pane) is read whole in its tooltip.
    last = model.rowCount() - 1
    for column in range(model.columnCount()):
        assert model.index(last, column).data() in model.index(last, column).data(
            Qt.ItemDataRole.ToolTipRole
        )
    QThreadPool.globalInstance().waitForDone(10000)
