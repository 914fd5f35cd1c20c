"""Issue 14's page items: a new person added to a cohort in one dialog, Add to cohort on her
page, New match in the cohort in view, the import summary's link to the matches it proposed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import lists_landed, settled, wait_for_people
from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.errors import NotFound
from women_in_ddat.ui.context import AppContext

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def opens_on_people() -> None:
    """The window starts on People: these tests have nothing to do with the dashboard."""
    from women_in_ddat.ui.settings import app_settings

    app_settings().setValue("window/page", "People")


@pytest.fixture
def cohorts(window):  # type: ignore[no-untyped-def]
    return window.show_page("Cohorts")


def _press_alt(qtbot, widget, key) -> None:  # type: ignore[no-untyped-def]
    """A mnemonic, as she presses it: in the active window."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)


def _select_cohort(page, name: str):  # type: ignore[no-untyped-def]
    row = page.cohort_model.find(lambda c: c.name == name)
    page.cohort_table.selectRow(row)
    assert page.cohort.name == name
    lists_landed(page)
    return page.cohort


def test_adding_a_member_can_record_someone_new_in_the_same_dialog(qtbot, cohorts, context) -> None:
    cohort = _select_cohort(cohorts, "Top Talent Thames Gateway 2027")
    cohorts.add_member()
    dialog = cohorts.dialog
    qtbot.keyClicks(dialog.search, "Priya Natarajan")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.results.count() == 0
    assert "Someone new" in dialog.not_found.text()
    _press_alt(qtbot, dialog, Qt.Key.Key_W)  # Someone ne&w
    qtbot.waitUntil(dialog.someone_new.isChecked)  # a mnemonic clicks after a short animation
    assert dialog.new_fields["first_name"].text() == "Priya"  # started from what she typed
    assert dialog.new_fields["last_name"].text() == "Natarajan"
    assert dialog.new_fields["first_name"].hasFocus()
    assert not dialog.results.isVisibleTo(dialog) and dialog.new_fields["email"].isVisibleTo(dialog)
    dialog.save()  # no email yet: refused beside the field, nothing stored
    assert dialog.errors.message("email")
    with pytest.raises(NotFound):
        context.services.people.by_email("priya.natarajan@thurrock.gov.uk")
    qtbot.keyClicks(dialog.new_fields["email"], "priya.natarajan@thurrock.gov.uk")
    qtbot.keyClicks(dialog.new_fields["organisation"], "Thurrock Council")
    dialog.role.setCurrentIndex(dialog.role.findData(ParticipantRole.MENTOR.value))
    dialog.capacity.setValue(3)
    with qtbot.waitSignal(dialog.added) as added:
        dialog.save()
    person = context.services.people.by_email("priya.natarajan@thurrock.gov.uk")
    assert added.args == [person.id]
    assert (person.first_name, person.last_name) == ("Priya", "Natarajan")
    members = {m.person_id: m for m in context.services.cohorts.members(cohort.id)}
    assert (members[person.id].role, members[person.id].mentor_capacity) == ("mentor", 3)
    lists_landed(cohorts)
    assert cohorts.mentor_model.find(lambda m: m.person_id == person.id) is not None


def test_someone_new_who_cannot_join_is_not_left_recorded(qtbot, cohorts, context) -> None:
    _select_cohort(cohorts, "Top Talent Thames Gateway 2027")
    cohorts.add_member()
    dialog = cohorts.dialog
    dialog.someone_new.setChecked(True)
    dialog.new_fields["first_name"].setText("Ruth")
    dialog.new_fields["email"].setText("ruth.okafor@thurrock.gov.uk")
    dialog.role.setCurrentIndex(dialog.role.findData(ParticipantRole.MENTOR.value))
    dialog.capacity.setMinimum(0)
    dialog.capacity.setValue(0)  # a mentor with no room: the cohort refuses her
    dialog.save()
    assert dialog.isVisible()
    with pytest.raises(NotFound):
        context.services.people.by_email("ruth.okafor@thurrock.gov.uk")


def test_a_persons_cohorts_tab_adds_her_to_another_cohort(qtbot, window, context) -> None:
    people = window.show_page("People")
    wait_for_people(qtbot, people)
    person = context.services.people.by_email("zoe.hughes@essex.gov.uk")
    people.show_person(person.id)
    qtbot.waitUntil(lambda: people.view.detail is not None and people.view.detail.id == person.id)
    view = people.view
    view.tabs.setCurrentIndex(view.tab_of["participations"])
    before = {p.cohort for p in view.detail.participations}
    _press_alt(qtbot, view, Qt.Key.Key_A)  # &Add to cohort…
    qtbot.waitUntil(lambda: view.dialog is not None)
    dialog = view.dialog
    offered = [dialog.cohort.itemText(i).rsplit(" (", 1)[0] for i in range(dialog.cohort.count())]
    assert offered and not set(offered) & before  # never a cohort she is in already
    choice = dialog.cohort.itemText(0).rsplit(" (", 1)[0]
    with qtbot.waitSignal(dialog.added):
        qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: choice in {p.cohort for p in view.detail.participations})
    cohort = context.services.cohorts.by_name(choice)
    assert any(
        m.person_id == person.id and m.role == "mentee"
        for m in context.services.cohorts.members(cohort.id)
    )
    assert view.tabs.tabText(view.tab_of["participations"]) == f"Cohorts ({len(before) + 1})"


def test_new_match_from_a_cohort_is_for_that_cohort_and_its_selected_mentee(
    qtbot, cohorts, context
) -> None:
    cohort = _select_cohort(cohorts, "Top Talent Thames Gateway 2027")
    waiting = context.match_choices.mentees_without_match(cohort.id)
    assert waiting
    row = cohorts.mentee_model.find(lambda m: m.participation_id == waiting[-1].participation_id)
    cohorts.mentee_table.selectRow(row)
    cohorts.dialog = None
    _press_alt(qtbot, cohorts, Qt.Key.Key_W)  # Ne&w match…
    qtbot.waitUntil(lambda: cohorts.dialog is not None)
    dialog = cohorts.dialog
    assert dialog.cohort.currentData() == cohort.id
    assert dialog.mentee.currentData() == waiting[-1].participation_id


def test_new_match_on_the_matches_page_follows_the_cohort_in_view(qtbot, window, context) -> None:
    matches = settled(qtbot, window.show_page("Matches"))
    assert matches.cohort_filter.currentData() is None  # all cohorts
    last = matches.model.rowCount() - 1
    matches.table.selectRow(last)
    selected = matches.selected_match()
    assert selected.cohort_id != matches.cohorts[0].id  # so the default below tells
    matches.new_record()
    assert matches.dialog.cohort.currentData() == selected.cohort_id
    matches.dialog.reject()
    other = matches.cohorts[0]
    matches.cohort_filter.setCurrentIndex(matches.cohort_filter.findData(other.id))
    settled(qtbot, matches)
    matches.new_record()
    assert matches.dialog.cohort.currentData() == other.id


def test_the_import_summary_opens_the_matches_it_proposed(
    qtbot, services, tmp_path, messages
) -> None:
    from PySide6.QtCore import QThreadPool

    from tests.importing.corpus import HEADER, PEOPLE, write_csv
    from women_in_ddat.ui.pages.importing import ImportPage

    page = ImportPage(AppContext(services))
    qtbot.addWidget(page)
    page.show()
    page.cohort_box.setCurrentText("Kent 2026")
    page.load_file(write_csv(tmp_path / "kent.csv", [HEADER, *PEOPLE]))
    qtbot.waitUntil(lambda: page.step == "columns" and page.task is None, timeout=20000)
    page.go_next()
    qtbot.waitUntil(lambda: page.step == "preview" and page.task is None, timeout=20000)
    messages.answer(True)  # yes, create the cohort Kent 2026
    page.go_next()
    qtbot.waitUntil(lambda: page.step == "summary" and page.task is None, timeout=20000)
    assert "3 matches were proposed" in page.summary_label.text()
    assert page.proposed_button.isVisibleTo(page)
    with qtbot.waitSignal(page.openRecord) as opened:
        _press_alt(qtbot, page, Qt.Key.Key_P)  # Show the &proposed matches
    ref = opened.args[0]
    cohort = services.cohorts.by_name("Kent 2026")
    assert (ref.kind, ref.id, ref.describe()) == (
        "match",
        cohort.id,
        "Proposed matches of Kent 2026",
    )
    proposed = [m for m in services.matches.rows(cohort_id=cohort.id) if ref.shows_match(m, None)]
    assert len(proposed) == 3
    QThreadPool.globalInstance().waitForDone()


def test_the_matches_page_shows_one_cohorts_proposed_matches_until_cleared(
    qtbot, window, context
) -> None:
    from women_in_ddat.ui.pages.matches import proposed_matches_of

    choices = context.match_choices
    for cohort in context.services.cohorts.summaries():  # propose one match, as an import does
        waiting = choices.mentees_without_match(cohort.id)
        mentors = choices.mentors_for(waiting[0].participation_id) if waiting else []
        if mentors:
            made = context.services.matches.create_match(
                waiting[0].participation_id, mentors[0].participation_id
            )
            break
    rows = context.services.matches.rows()
    proposed = next(m for m in rows if m.id == made.id)
    assert proposed.status == "proposed"
    window.open_record(proposed_matches_of(proposed.cohort_id, proposed.cohort))
    matches = settled(qtbot, window.pages["Matches"])
    assert window.current_page_name() == "Matches"
    shown = matches.model.rows
    assert shown and {(m.cohort_id, m.status) for m in shown} == {(proposed.cohort_id, "proposed")}
    assert len(shown) == sum(
        1 for m in rows if m.cohort_id == proposed.cohort_id and m.status == "proposed"
    )
    assert matches.narrowed_label.text() == f"Showing: Proposed matches of {proposed.cohort}."
    _press_alt(qtbot, matches, Qt.Key.Key_A)  # Show &all matches
    qtbot.waitUntil(lambda: not matches.narrowed_bar.isVisibleTo(matches))
    from women_in_ddat.services.matches import CURRENT_STATUSES

    current = [
        m.id
        for m in context.services.matches.rows(cohort_id=proposed.cohort_id)
        if m.status in CURRENT_STATUSES
    ]
    settled(qtbot, matches)
    assert sorted(m.id for m in matches.model.rows) == sorted(current)  # the usual view again


def _import_until_preview(qtbot, page, path) -> None:  # type: ignore[no-untyped-def]
    page.load_file(path)
    qtbot.waitUntil(lambda: page.step == "columns" and page.task is None, timeout=20000)
    page.go_next()
    qtbot.waitUntil(lambda: page.step == "preview" and page.task is None, timeout=20000)


@pytest.mark.parametrize(
    ("key", "status"),
    [(Qt.Key.Key_O, "not_started"), (Qt.Key.Key_D, "done"), (Qt.Key.Key_N, "not_applicable")],
)
def test_the_import_asks_what_becomes_of_milestones_already_due(
    qtbot, services, tmp_path, key, status
) -> None:
    from datetime import date, timedelta

    from PySide6.QtCore import QThreadPool

    from tests.importing.corpus import HEADER, PEOPLE, write_csv
    from women_in_ddat.ui.pages.importing import ImportPage

    started = date.today() - timedelta(days=400)
    services.cohorts.create_cohort("Kent 2026", start_date=started)
    page = ImportPage(AppContext(services))
    qtbot.addWidget(page)
    page.show()
    page.cohort_box.setCurrentText("Kent 2026")
    _import_until_preview(qtbot, page, write_csv(tmp_path / "kent.csv", [HEADER, *PEOPLE]))
    question = page.past_question
    assert question.isVisibleTo(page)
    assert "Kent 2026 started" in question.question.text()
    _press_alt(qtbot, page, key)
    qtbot.waitUntil(lambda: question.choice() == status.replace("not_started", "open"))
    assert page.settings().past_milestones == question.choice()
    page.go_next()
    qtbot.waitUntil(lambda: page.step == "summary" and page.task is None, timeout=20000)
    cohort = services.cohorts.by_name("Kent 2026")
    # Already due by their anchor: the cohort's start was 400 days ago (her match milestones
    # wait for a match that has not started). Undated until her first match starts.
    past = [
        m for m in services.progress.milestones(cohort_id=cohort.id) if m.anchor == "cohort_start"
    ]
    assert past and {m.status for m in past} == {status}
    QThreadPool.globalInstance().waitForDone()


def test_no_question_when_nothing_is_due_yet(qtbot, services, tmp_path) -> None:
    from datetime import date, timedelta

    from PySide6.QtCore import QThreadPool

    from tests.importing.corpus import HEADER, PEOPLE, write_csv
    from women_in_ddat.ui.pages.importing import ImportPage

    services.cohorts.create_cohort("Kent 2027", start_date=date.today() + timedelta(days=30))
    page = ImportPage(AppContext(services))
    qtbot.addWidget(page)
    page.cohort_box.setCurrentText("Kent 2027")
    _import_until_preview(qtbot, page, write_csv(tmp_path / "kent.csv", [HEADER, *PEOPLE]))
    assert page.past_question.isHidden() and page.past_question.choice() == "open"
    QThreadPool.globalInstance().waitForDone()
