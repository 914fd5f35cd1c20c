"""The person page by the programme's rules: milestone states and her mentors, now and before."""

from __future__ import annotations

import pytest

from tests.ui.helpers import settled, wait_for_people

pytestmark = pytest.mark.gui

STATE_COLUMN, DUE_COLUMN = 4, 3


@pytest.fixture(autouse=True)
def opens_on_people() -> None:
    """The window starts on People: these tests have nothing to do with the dashboard."""
    from women_in_ddat.ui.settings import app_settings

    app_settings().setValue("window/page", "People")


@pytest.fixture
def person_page(qtbot, window, context):  # type: ignore[no-untyped-def]
    people = window.show_page("People")
    wait_for_people(qtbot, people)

    def show(email: str):  # type: ignore[no-untyped-def]
        person = context.services.people.by_email(email)
        people.show_person(person.id)
        qtbot.waitUntil(
            lambda: people.view.detail is not None and people.view.detail.id == person.id
        )
        settled(qtbot, people)  # her lazy tabs (sessions, outcomes) land on a worker
        return people.view

    return show


def _states(view) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    model = view.models["milestones"]
    return [
        (
            model.index(r, STATE_COLUMN).data(),
            bool(
                model.index(r, STATE_COLUMN).data(Qt.ItemDataRole.FontRole)
                and model.index(r, STATE_COLUMN).data(Qt.ItemDataRole.FontRole).bold()
            ),
        )
        for r in range(model.rowCount())
    ]


def test_a_withdrawn_mentee_has_no_overdue_milestones(person_page) -> None:
    view = person_page("ngozi.adeyemi@hertfordshire.gov.uk")
    states = _states(view)
    assert states and {s for s, _ in states} <= {"Withdrawn", "Done", "Not applicable"}
    assert "Withdrawn" in {s for s, _ in states}
    assert not any(bold for _, bold in states)
    place = view.detail.participations[0]
    assert place.withdrawn_reason  # the demo says why
    assert view.mentor_history.text() == (
        f"Top Talent Kent 2026: no mentor now (she withdrew: {place.withdrawn_reason})."
    )


def test_an_unmatched_mentee_waits_for_a_match_instead_of_being_overdue(person_page) -> None:
    view = person_page("aisha.begum@essex.gov.uk")
    states = _states(view)
    model = view.models["milestones"]
    waiting = [
        r
        for r in range(model.rowCount())
        if model.index(r, STATE_COLUMN).data() == "Waiting for match"
    ]
    assert waiting
    assert all(model.index(r, DUE_COLUMN).data() == "once matched" for r in waiting)
    assert not any(bold for state, bold in states if state != "Overdue")
    from datetime import date

    started = view.detail.participations[0].start_date
    days = (date.today() - started).days
    assert view.mentor_history.text() == (
        f"Top Talent Kent 2026: not matched yet ({days} days since her place started)."
    )


def test_a_rematched_mentee_shows_her_mentor_now_and_the_one_before_with_why(
    person_page, context
) -> None:
    view = person_page("jess.turner@kent.gov.uk")
    history = context.services.matches.history_for_person(view.detail.id)
    ended = next(h for h in history if h.status == "ended_early")
    current = next(h for h in history if h.is_current)
    text = view.mentor_history.text()
    first, before = text.split("\n")
    assert first.startswith(
        f"Top Talent Kent 2026: mentor now {current.mentor_name} (Active since "
    )
    assert before.strip().startswith(f"Before: {ended.mentor_name}, Ended early (")
    assert ended.end_reason and ended.end_reason in before
    statuses = [
        view.models["matches"].index(r, 3).data() for r in range(view.models["matches"].rowCount())
    ]
    assert sorted(statuses) == ["Active", "Ended early"]
    reasons = [
        view.models["matches"].index(r, 6).data() for r in range(view.models["matches"].rowCount())
    ]
    assert ended.end_reason in reasons


def test_a_match_on_hold_is_visible(person_page) -> None:
    from PySide6.QtCore import Qt

    view = person_page("mei.chen@suffolk.gov.uk")
    assert "(On hold since " in view.mentor_history.text()
    model = view.models["matches"]
    row = next(r for r in range(model.rowCount()) if model.index(r, 3).data() == "On hold")
    assert model.index(row, 3).data(Qt.ItemDataRole.FontRole).bold()


def test_a_promoted_mentee_has_one_record_shown_in_both_places(person_page) -> None:
    view = person_page("priya.sharma@suffolk.gov.uk")
    model = view.models["milestones"]
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data() == "Promotion or new role"
    )
    assert model.index(row, STATE_COLUMN).data() == "Done"
    outcomes = view.models["outcomes"]
    dates = [
        outcomes.index(r, 0).data()
        for r in range(outcomes.rowCount())
        if outcomes.index(r, 1).data().lower().startswith("promot")
    ]
    assert dates == [model.index(row, 5).data()]  # the milestone is dated the promotion
    now, before = view.mentor_history.text().split("\n")
    assert now == "Top Talent Essex 2025: no mentor now (her place is completed)."
    assert before.strip().startswith("Before: ") and ", Completed (" in before
    assert before.endswith(").")  # who closed a completed match is not news


def test_withdrawing_her_place_asks_the_day_and_the_rules_follow(
    qtbot, person_page, context
) -> None:
    from datetime import date, timedelta

    from women_in_ddat.domain.enums import ParticipationStatus
    from women_in_ddat.ui.pages.participation_dialog import ParticipationDialog

    view = person_page("mei.chen@suffolk.gov.uk")  # on hold with her mentor
    view.tabs.setCurrentIndex(view.tab_of["participations"])
    view.views["participations"].selectRow(0)
    view.edit_place()
    dialog = view.dialog
    assert isinstance(dialog, ParticipationDialog)
    assert not dialog.ended_on.isVisibleTo(dialog)  # nothing ends yet
    dialog.status.setCurrentIndex(dialog.status.findData(ParticipationStatus.WITHDRAWN.value))
    assert dialog.ended_on.isVisibleTo(dialog) and dialog.ended_on.date_value() == date.today()
    day = date.today() - timedelta(days=10)
    dialog.ended_on.setText(day.strftime("%d/%m/%Y"))
    qtbot.keyClicks(dialog.reason, "Moved to a role outside the sector")
    dialog.submit()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: view.detail.participations[0].status == "withdrawn")
    [history] = context.services.matches.history_for_person(view.detail.id)
    assert (history.status, history.ended_on) == ("ended_early", day)
    assert {s for s, _ in _states(view)} <= {"Withdrawn", "Done", "Not applicable"}
    assert view.mentor_history.text().startswith(
        "Top Talent Kent 2026: no mentor now (she withdrew: Moved to a role outside the sector)."
    )


def test_a_withdrawal_cannot_be_dated_in_the_future(qtbot, person_page) -> None:
    from datetime import date, timedelta

    from women_in_ddat.domain.enums import ParticipationStatus

    view = person_page("mei.chen@suffolk.gov.uk")
    view.tabs.setCurrentIndex(view.tab_of["participations"])
    view.views["participations"].selectRow(0)
    view.edit_place()
    dialog = view.dialog
    dialog.status.setCurrentIndex(dialog.status.findData(ParticipationStatus.WITHDRAWN.value))
    dialog.reason.setText("Moved away")
    dialog.ended_on.setText((date.today() + timedelta(days=5)).strftime("%d/%m/%Y"))
    dialog.submit()
    assert dialog.isVisible() and dialog.errors.message("ended_on")
    assert view.detail.participations[0].status != "withdrawn"
