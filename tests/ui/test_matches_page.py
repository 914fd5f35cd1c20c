from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.helpers import settled
from women_in_ddat.domain.enums import MatchStatus, ParticipantRole
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.people import PersonInput

pytestmark = pytest.mark.gui


@pytest.fixture
def matches(qtbot, window):  # type: ignore[no-untyped-def]
    return settled(qtbot, window.show_page("Matches"))


@pytest.fixture
def pairing_cohort(context):  # type: ignore[no-untyped-def]
    """A mentee with a line manager, and four mentors of whom only two may mentor her."""
    s = context.services
    cohort = s.cohorts.create_cohort("Pairing 2027")

    def person(email: str, org: str, manager: str = "") -> int:
        return s.people.create(
            PersonInput(
                email=email,
                first_name=email.split("@")[0].capitalize(),
                last_name="Test",
                organisation=org,
                line_manager_email=manager,
            )
        ).id

    mentee = s.cohorts.add_participant(
        cohort.id,
        person("mentee@essex.gov.uk", "Essex County Council", "boss@kent.gov.uk"),
        ParticipantRole.MENTEE,
    )
    mentors = {
        "same_org": s.cohorts.add_participant(
            cohort.id,
            person("colleague@essex.gov.uk", "Essex County Council"),
            ParticipantRole.MENTOR,
        ),
        "manager": s.cohorts.add_participant(
            cohort.id, person("boss@kent.gov.uk", "Kent County Council"), ParticipantRole.MENTOR
        ),
        "good": s.cohorts.add_participant(
            cohort.id,
            person("good@medway.gov.uk", "Medway Council"),
            ParticipantRole.MENTOR,
            mentor_capacity=2,
        ),
        "also_good": s.cohorts.add_participant(
            cohort.id,
            person("fine@suffolk.gov.uk", "Suffolk County Council"),
            ParticipantRole.MENTOR,
            mentor_capacity=1,
        ),
    }
    return cohort, mentee, mentors


def test_new_match_offers_only_mentors_the_rules_allow(
    qtbot, matches, context, pairing_cohort
) -> None:
    cohort, mentee, mentors = pairing_cohort
    matches.refresh()
    matches.new_record(cohort_id=cohort.id)
    dialog = matches.dialog
    assert dialog.mentee.currentData() == mentee.id
    offered = [dialog.mentor.itemData(i) for i in range(dialog.mentor.count())]
    assert sorted(offered) == sorted([mentors["good"].id, mentors["also_good"].id])
    assert "2 of 2 places free" in dialog.mentor.itemText(
        dialog.mentor.findData(mentors["good"].id)
    )
    dialog.mentor.setCurrentIndex(dialog.mentor.findData(mentors["also_good"].id))
    dialog.rationale.setPlainText("Both work on data platforms.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (row,) = context.services.matches.rows(cohort_id=cohort.id)
    assert (row.mentee_participation_id, row.mentor_participation_id) == (
        mentee.id,
        mentors["also_good"].id,
    )
    assert row.rationale == "Both work on data platforms."
    settled(qtbot, matches)
    assert matches.selected_match().id == row.id


def test_a_mentor_at_capacity_is_no_longer_offered(matches, context, pairing_cohort) -> None:
    cohort, mentee, mentors = pairing_cohort
    s = context.services
    other = s.cohorts.add_participant(
        cohort.id,
        s.people.create(PersonInput(email="other@thurrock.gov.uk", first_name="Other")).id,
        ParticipantRole.MENTEE,
    )
    s.matches.create_match(other.id, mentors["also_good"].id)
    matches.refresh()
    matches.new_record(cohort_id=cohort.id, mentee_participation_id=mentee.id)
    dialog = matches.dialog
    offered = [dialog.mentor.itemData(i) for i in range(dialog.mentor.count())]
    assert offered == [mentors["good"].id]


def test_changing_status_needs_a_reason_where_it_matters(
    qtbot, matches, context, pairing_cohort
) -> None:
    cohort, mentee, mentors = pairing_cohort
    match = context.services.matches.create_match(
        mentee.id, mentors["good"].id, status=MatchStatus.ACTIVE
    )
    matches.refresh()
    matches.cohort_filter.setCurrentIndex(matches.cohort_filter.findData(cohort.id))
    settled(qtbot, matches)
    matches.change_status()
    dialog = matches.dialog
    dialog.status.setCurrentIndex(dialog.status.findData(MatchStatus.ON_HOLD.value))
    dialog.submit()
    assert dialog.isVisible()
    assert "reason is required" in dialog.errors.message("reason")
    assert context.services.matches.rows(cohort_id=cohort.id)[0].status == "active"
    dialog.reason.setText("Mentee on maternity leave")
    dialog.submit()
    assert not dialog.isVisible()
    stored = context.services.matches.rows(cohort_id=cohort.id)[0]
    assert stored.id == match.id and stored.status == "on_hold"


def _select_match(qtbot, page, match_id: int) -> None:  # type: ignore[no-untyped-def]
    page.open_record(RecordRef("match", match_id))
    qtbot.waitUntil(lambda: getattr(page.selected_match(), "id", None) == match_id, timeout=10000)


def test_log_a_session_from_the_keyboard(qtbot, window, matches, context) -> None:
    active = next(m for m in context.services.matches.rows() if m.status == "active")
    _select_match(qtbot, matches, active.id)
    before = len(context.services.matches.sessions(active.id))
    matches.table.setFocus()
    qtbot.keyClick(matches.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = matches.dialog
    assert dialog.held_on.text() == date.today().strftime("%d/%m/%Y")
    assert dialog.duration.value() == 60
    qtbot.keyClicks(dialog.note, "Talked about a stretch project")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    sessions = context.services.matches.sessions(active.id)
    assert len(sessions) == before + 1
    newest = sessions[0]
    assert (newest.held_on, newest.duration_minutes, newest.format, newest.note) == (
        date.today(),
        60,
        "video",
        "Talked about a stretch project",
    )
    settled(qtbot, matches)
    assert matches.session_model.rowCount() == before + 1

    # The list reloads on a worker meanwhile; offscreen there is no window manager to give
    # the window back its focus once the dialog has gone.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(context.services.matches.sessions(active.id)) == before


def test_a_session_in_the_future_is_refused_beside_the_date(qtbot, matches, context) -> None:
    active = next(m for m in context.services.matches.rows() if m.status == "active")
    _select_match(qtbot, matches, active.id)
    before = len(context.services.matches.sessions(active.id))
    matches.log_session()
    dialog = matches.dialog
    dialog.held_on.setText((date.today() + timedelta(days=3)).strftime("%d/%m/%Y"))
    dialog.submit()
    assert "future" in dialog.errors.message("held_on")
    dialog.held_on.setText("32/01/2026")
    dialog.submit()
    assert "not a real date" in dialog.errors.message("held_on")
    assert len(context.services.matches.sessions(active.id)) == before


def test_an_ended_match_takes_no_sessions(qtbot, matches, context) -> None:
    ended = next(m for m in context.services.matches.rows() if m.status == "ended_early")
    _select_match(qtbot, matches, ended.id)
    assert not matches.log_button.isEnabled()
    matches.log_session()
    assert getattr(matches, "dialog", None) is None or not matches.dialog.isVisible()


def test_a_search_that_hides_the_selected_match_empties_its_sessions_pane(
    qtbot, matches, context
) -> None:
    held = next(m for m in context.services.matches.rows() if m.sessions and m.status == "active")
    _select_match(qtbot, matches, held.id)
    settled(qtbot, matches)
    assert matches.session_model.rowCount() == held.sessions
    qtbot.keyClicks(matches.filter, "nobody is called this")
    settled(qtbot, matches)
    assert matches.model.rowCount() == 0
    assert matches.session_model.rowCount() == 0
    assert matches.sessions_title.text() == "Sessions"


def test_the_sessions_pane_is_a_lazy_list_sorted_by_the_database(
    qtbot, qtmodeltester, matches, context
) -> None:
    from women_in_ddat.domain.enums import SessionFormat
    from women_in_ddat.ui.models.lazy import LazyRowsModel

    held = next(m for m in context.services.matches.rows() if m.sessions > 1)
    s = context.services
    for days, minutes, note in ((400, 45, "Zoë's first chat"), (300, 120, "a long one")):
        s.matches.log_session(
            held.id,
            held_on=date.today() - timedelta(days=days),
            duration_minutes=minutes,
            format=SessionFormat.PHONE,
            note=note,
        )
    matches.refresh()
    _select_match(qtbot, matches, held.id)
    settled(qtbot, matches)
    model = matches.session_model
    assert isinstance(model, LazyRowsModel)
    every = s.matches.sessions(held.id)  # newest first
    assert model.total == model.rowCount() == len(every) == held.sessions + 2
    assert [r.id for r in model.rows] == [r.id for r in every]
    assert matches.sessions_title.text() == (
        f"Sessions of {held.mentee_name} with {held.mentor_name} ({len(every)})"
    )
    assert model.index(len(every) - 1, 3).data() == "Zoë's first chat"  # the oldest last
    qtmodeltester.check(model)
    # A click on Minutes sorts every session by the database, the shortest first.
    header = matches.session_table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 5, header.height() // 2),
    )
    settled(qtbot, matches)
    assert model.spec.sort == "minutes"
    minutes = [int(model.index(r, 1).data()) for r in range(model.rowCount())]
    assert minutes == sorted(minutes) and model.rowCount() == len(every)
    # Another match chosen: its sessions, never the last match's meanwhile.
    other = next(m for m in s.matches.rows() if m.id != held.id and m.cohort_id == held.cohort_id)
    _select_match(qtbot, matches, other.id)
    assert all(r.match_id == other.id for r in model.rows)
    settled(qtbot, matches)
    assert [r.id for r in model.rows] == [
        r.id for r in sorted(s.matches.sessions(other.id), key=lambda r: (r.duration_minutes, r.id))
    ]


def test_a_session_on_a_match_on_hold_is_logged_only_after_she_says_so(
    qtbot, matches, context, messages
) -> None:
    held = next(m for m in context.services.matches.rows() if m.status == "on_hold")
    _select_match(qtbot, matches, held.id)
    before = len(context.services.matches.sessions(held.id))
    matches.log_session()
    dialog = matches.dialog
    messages.answer(False)
    dialog.submit()
    ((title, asked),) = messages.asked
    assert title == "Log a session"
    assert re.fullmatch(
        r"This match is on hold since \d\d/\d\d/\d{4}: log the session anyway\?", asked
    ), asked
    assert dialog.isVisible()
    assert len(context.services.matches.sessions(held.id)) == before
    messages.answer(True)
    dialog.submit()
    assert not dialog.isVisible()
    assert len(context.services.matches.sessions(held.id)) == before + 1
