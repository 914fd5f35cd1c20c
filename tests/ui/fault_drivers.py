"""The drivers: every writing button of the window, pressed as a coordinator would.

Each returns ``(act, worked)`` (see fault_actions.py). Names and emails
typed here are new people's; the fault itself quotes Zoë Hughes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.fault_actions import (
    Harness,
    action,
    ok_button,
    past_day,
    select_rows,
    uk_day,
)
from tests.ui.fault_injection import FAULT_EMAIL
from tests.ui.helpers import lists_landed
from women_in_ddat.domain.enums import (
    CohortStatus,
    MatchStatus,
    MilestoneStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.errors import NotFound
from women_in_ddat.services.people import PersonInput

# --- People and the person page ------------------------------------------------------------


@action("new person", "People|New person…")
def new_person(h: Harness) -> Any:
    people = h.people()

    def act(again: bool) -> None:
        if not again:
            h.click(people.new_button)
            dialog = people.dialog
            h.qtbot.keyClicks(dialog.fields["first_name"], "Grace")
            h.qtbot.keyClicks(dialog.fields["email"], "grace.fault@kent.gov.uk")
        dialog = people.dialog
        assert dialog.isVisible() and dialog.fields["email"].text() == "grace.fault@kent.gov.uk"
        h.click(dialog.save_button)

    def worked() -> None:
        assert h.services.people.by_email("grace.fault@kent.gov.uk").first_name == "Grace"
        assert not people.dialog.isVisible()

    return act, worked


@action("edit person", "People|Edit…")
def edit_person(h: Harness) -> Any:
    view = h.show_person()
    people = h.page("People")

    def act(again: bool) -> None:
        if not again:
            h.click(view.edit_button)
            people.dialog.fields["job_title"].setText("Senior data analyst")
        dialog = people.dialog
        assert dialog.isVisible() and dialog.fields["job_title"].text() == "Senior data analyst"
        h.click(dialog.save_button)

    def worked() -> None:
        assert h.services.people.by_email(FAULT_EMAIL).job_title == "Senior data analyst"

    return act, worked


@action("delete person", "People|Delete…")
def delete_person(h: Harness) -> Any:
    view = h.show_person()
    person_id = h.person_id()

    def act(again: bool) -> None:
        h.messages.answer(True)
        h.click(view.delete_button)

    def worked() -> None:
        try:
            h.services.people.get(person_id)
        except NotFound:
            return
        raise AssertionError("she was not deleted")

    return act, worked


def _tab(view: Any, title: str) -> None:
    index = next(i for i in range(view.tabs.count()) if view.tabs.tabText(i).startswith(title))
    view.tabs.setCurrentIndex(index)


@action("record outcome", "People|Record outcome…")
def record_outcome(h: Harness) -> Any:
    view = h.show_person()
    _tab(view, "Outcomes")
    panel = view.outcomes
    before = len(h.services.progress.outcomes(h.person_id()))

    def act(again: bool) -> None:
        if not again:
            h.click(panel.record_button)
            dialog = panel.dialog
            dialog.kind.setCurrentIndex(dialog.kind.findData(OutcomeKind.QUALIFICATION.value))
            dialog.occurred_on.setText(uk_day(past_day()))
            h.qtbot.keyClicks(dialog.description, "Passed the data ethics course")
        dialog = panel.dialog
        assert dialog.isVisible()
        assert dialog.description.toPlainText() == "Passed the data ethics course"
        h.click(dialog.ok_button)

    def worked() -> None:
        outcomes = h.services.progress.outcomes(h.person_id())
        assert len(outcomes) == before + 1
        assert any(o.description == "Passed the data ethics course" for o in outcomes)

    return act, worked


@action("edit outcome", "People|Edit outcome…")
def edit_outcome(h: Harness) -> Any:
    view = h.show_person()
    _tab(view, "Outcomes")
    panel = view.outcomes
    panel.table.selectRow(0)
    outcome_id = panel.selected().id

    def act(again: bool) -> None:
        if not again:
            h.click(panel.edit_button)
            panel.dialog.description.setPlainText("Acting head of data for six months")
        dialog = panel.dialog
        assert dialog.isVisible()
        assert dialog.description.toPlainText() == "Acting head of data for six months"
        h.click(dialog.ok_button)

    def worked() -> None:
        [stored] = [o for o in h.services.progress.outcomes(h.person_id()) if o.id == outcome_id]
        assert stored.description == "Acting head of data for six months"

    return act, worked


@action("delete outcome", "People|Delete outcome…")
def delete_outcome(h: Harness) -> Any:
    view = h.show_person()
    _tab(view, "Outcomes")
    panel = view.outcomes
    panel.table.selectRow(0)
    outcome_id = panel.selected().id

    def act(again: bool) -> None:
        if again:
            panel.table.selectRow(panel.model.find(lambda o: o.id == outcome_id))
        h.messages.answer(True)
        h.click(panel.delete_button)

    def worked() -> None:
        assert all(o.id != outcome_id for o in h.services.progress.outcomes(h.person_id()))

    return act, worked


@action("edit a cohort place from her page", "People|Edit place…")
def edit_place_from_her_page(h: Harness) -> Any:
    view = h.show_person()
    _tab(view, "Cohorts")
    view.views["participations"].selectRow(0)
    place_id = view.selected_place().id

    def act(again: bool) -> None:
        if not again:
            h.click(view.edit_place_button)
            dialog = view.dialog
            dialog.status.setCurrentIndex(dialog.status.findData(ParticipationStatus.ACTIVE.value))
            dialog.goals.setPlainText("Lead the data strategy refresh")
        dialog = view.dialog
        assert dialog.isVisible(), "the dialog closed and lost what she typed"
        assert dialog.goals.toPlainText() == "Lead the data strategy refresh"
        h.click(dialog.ok_button)

    def worked() -> None:
        place = h.services.cohorts.place(place_id)
        assert (place.status, place.goals) == ("active", "Lead the data strategy refresh")

    return act, worked


@action("record confidence", "People|Record confidence…")
def record_confidence(h: Harness) -> Any:
    view = h.show_person()
    _tab(view, "Questionnaires")
    panel = view.confidence
    before = len(h.context.person_detail.detail(h.person_id()).assessments)

    def act(again: bool) -> None:
        if not again:
            h.click(panel.record_button)
            dialog = panel.dialog
            dialog.point.setCurrentIndex(dialog.point.findData("end"))
            dialog.assessor.setCurrentIndex(dialog.assessor.findData("mentor"))
            h.click(dialog.groups["network"].button(4))
            dialog.completed_on.setText(uk_day(past_day()))
        dialog = panel.dialog
        assert dialog.isVisible() and dialog.score("network") == 4
        h.click(dialog.ok_button)

    def worked() -> None:
        after = h.context.person_detail.detail(h.person_id()).assessments
        assert len(after) == before + 1
        assert not panel.dialog.isVisible()

    return act, worked


@action("rate skills", "People|Rate skills…")
def rate_skills(h: Harness) -> Any:
    view = h.show_person()
    _tab(view, "Skills")
    panel = view.skills
    chosen: dict[str, Any] = {}

    def act(again: bool) -> None:
        if not again:
            h.click(panel.rate_button)
            dialog = panel.dialog
            dialog.point.setCurrentIndex(dialog.point.findData("end"))
            skill, combo = next(iter(dialog.combos.items()))
            combo.setCurrentIndex(combo.count() - 1)
            chosen.update(skill=skill, level=combo.currentData())
            dialog.completed_on.setText(uk_day(past_day()))
        dialog = panel.dialog
        assert dialog.isVisible()
        assert dialog.combos[chosen["skill"]].currentData() == chosen["level"]
        h.click(dialog.ok_button)

    def worked() -> None:
        assert not panel.dialog.isVisible()
        detail = h.context.person_detail.detail(h.person_id())
        assert any(a.point == "end" for a in detail.assessments)

    return act, worked


@action("equality answers", "People|Equality answers…")
def equality_answers(h: Harness) -> Any:
    personal = h.services.personal_data
    for programme in personal.equality_settings():
        personal.set_equality_collection(programme.id, True)
    view = h.show_person()
    _tab(view, "Profile")
    dialog_holder: dict[str, Any] = {}

    def act(again: bool) -> None:
        if not again:
            h.click(view.equality_button)
            dialog = view.dialog
            combo = next(iter(dialog.questions.values()))
            combo.setCurrentIndex(combo.count() - 1)
            dialog_holder.update(combo=combo, value=combo.currentData())
        dialog = view.dialog
        assert dialog.isVisible() and dialog_holder["combo"].currentData() == dialog_holder["value"]
        h.click(dialog.ok_button)

    def worked() -> None:
        assert not view.dialog.isVisible()
        assert personal.equality_status(h.person_id()).answers is not None

    return act, worked


@action("undo", "WINDOW|Undo")
def undo_last(h: Harness) -> Any:
    people = h.people()
    h.click(people.new_button)
    people.dialog.fields["first_name"].setText("Temporary")
    people.dialog.fields["email"].setText("temporary.fault@kent.gov.uk")
    h.click(people.dialog.save_button)
    person_id = h.person_id("temporary.fault@kent.gov.uk")

    def act(again: bool) -> None:
        assert h.window.undo_action.isEnabled(), "the undo step was lost"
        h.window.undo_action.trigger()

    def worked() -> None:
        try:
            h.services.people.get(person_id)
        except NotFound:
            return
        raise AssertionError("undo did not remove her")

    return act, worked


# --- Cohorts ------------------------------------------------------------------------------


def _select_cohort(h: Harness, name: str) -> Any:
    page = h.page("Cohorts")
    page.refresh()
    page.cohort_table.selectRow(page.cohort_model.find(lambda c: c.name == name))
    assert page.cohort is not None and page.cohort.name == name
    return lists_landed(page)


def _new_cohort(h: Harness, open_dialog: Any) -> Any:
    page = h.page("Cohorts")

    def act(again: bool) -> None:
        if not again:
            open_dialog(page)
            h.qtbot.keyClicks(page.dialog.name, "Top Talent Fault 2027")
        dialog = page.dialog
        assert dialog.isVisible() and dialog.name.text() == "Top Talent Fault 2027"
        h.click(ok_button(dialog))

    def worked() -> None:
        assert h.services.cohorts.by_name("Top Talent Fault 2027")

    return act, worked


@action("new cohort", "Cohorts|New cohort…")
def new_cohort(h: Harness) -> Any:
    return _new_cohort(h, lambda page: h.click(page.new_button))


@action("new from the Edit menu", "WINDOW|New…")
def new_from_menu(h: Harness) -> Any:
    return _new_cohort(h, lambda page: h.window.new_action.trigger())


@action("save cohort details", "Cohorts|Save details")
def save_cohort_details(h: Harness) -> Any:
    page = _select_cohort(h, "Top Talent Thames Gateway 2027")
    cohort_id = page.cohort.id

    def act(again: bool) -> None:
        if not again:
            page.place_edit.setText("Thurrock")
        assert page.place_edit.text() == "Thurrock"
        h.click(page.save_button)

    def worked() -> None:
        assert h.services.cohorts.get(cohort_id).place == "Thurrock"

    return act, worked


@action("apply milestone template", "Cohorts|Apply the template to every mentee")
def apply_template(h: Harness) -> Any:
    from sqlalchemy import delete

    from women_in_ddat.domain.models import Milestone

    cohort = h.services.cohorts.by_name("Top Talent Thames Gateway 2027")
    [mentee, *_] = [
        m for m in h.services.cohorts.members(cohort.id) if m.role == ParticipantRole.MENTEE.value
    ]
    with h.services.db.transaction() as session:  # set-up: a mentee who lacks her milestones
        session.execute(
            delete(Milestone).where(Milestone.participation_id == mentee.participation_id)
        )
    page = _select_cohort(h, "Top Talent Thames Gateway 2027")
    before = len(h.services.progress.milestones(cohort_id=cohort.id))

    def act(again: bool) -> None:
        h.click(page.apply_button)

    def worked() -> None:
        assert len(h.services.progress.milestones(cohort_id=cohort.id)) > before

    return act, worked


@action("add a cohort member", "Cohorts|Add a member…")
def add_member(h: Harness) -> Any:
    person = h.services.people.create(
        PersonInput(email="nadia.fault@suffolk.gov.uk", first_name="Nadia", last_name="Quinn",
                    organisation="Suffolk County Council")
    )  # fmt: skip
    page = _select_cohort(h, "Top Talent Thames Gateway 2027")
    cohort_id = page.cohort.id

    def act(again: bool) -> None:
        if not again:
            h.click(page.add_member_button)
            dialog = page.dialog
            h.qtbot.keyClicks(dialog.search, "quinn")
            h.qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
            dialog.role.setCurrentIndex(dialog.role.findData(ParticipantRole.MENTOR.value))
            dialog.capacity.setValue(3)
        dialog = page.dialog
        assert dialog.isVisible() and dialog.search.text() == "quinn"
        assert dialog.results.currentItem() is not None and dialog.capacity.value() == 3
        h.click(ok_button(dialog))

    def worked() -> None:
        members = {m.person_id for m in h.services.cohorts.members(cohort_id)}
        assert person.id in members

    return act, worked


@action("edit a cohort place from the cohort", "Cohorts|Edit place…")
def edit_place_from_the_cohort(h: Harness) -> Any:
    page = _select_cohort(h, "Top Talent Thames Gateway 2027")
    page.mentor_table.selectRow(0)
    mentor = page.selected_member()

    def act(again: bool) -> None:
        if not again:
            h.click(page.edit_place_button)
            page.dialog.capacity.setValue(mentor.mentor_capacity + 1)
        dialog = page.dialog
        assert dialog.isVisible(), "the dialog closed and lost what she typed"
        assert dialog.capacity.value() == mentor.mentor_capacity + 1
        h.click(dialog.ok_button)

    def worked() -> None:
        place = h.services.cohorts.place(mentor.participation_id)
        assert place.mentor_capacity == mentor.mentor_capacity + 1

    return act, worked


@action(
    "mark a milestone done for mentees", "Cohorts|Mark a milestone done for the selected mentees…"
)
def bulk_mark_done(h: Harness) -> Any:
    page = _select_cohort(h, "Top Talent Kent 2026")
    cohort_id = page.cohort.id
    title = "Module or course completed"
    open_rows = [
        m
        for m in h.services.progress.milestones(cohort_id=cohort_id, open_only=True)
        if m.title == title
    ]
    chosen = {m.participation_id for m in open_rows[:2]}
    rows = [
        r for r in range(page.mentee_model.rowCount())
        if page.mentee_model.row_at(r).participation_id in chosen
    ]  # fmt: skip

    def act(again: bool) -> None:
        if not again:
            select_rows(page.mentee_table, rows)
            h.click(page.bulk_done_button)
            dialog = page.dialog
            dialog.title_choice.setCurrentText(title)
            dialog.completed_on.setText(uk_day(past_day()))
            dialog.evidence.setText("Certificates seen")
        dialog = page.dialog
        assert dialog.isVisible(), "the dialog closed and lost what she typed"
        assert dialog.evidence.text() == "Certificates seen"
        h.click(dialog.ok_button)

    def worked() -> None:
        done = [
            m for m in h.services.progress.milestones(cohort_id=cohort_id)
            if m.title == title and m.participation_id in chosen
        ]  # fmt: skip
        assert done and all(m.status == MilestoneStatus.DONE.value for m in done)

    return act, worked


def _lifecycle(h: Harness, start: CohortStatus, target: CohortStatus) -> Any:
    name = f"Lifecycle {start.value} to {target.value}"
    cohort = h.services.cohorts.create_cohort(name)
    path = {
        CohortStatus.DRAFT: [],
        CohortStatus.INTAKE_OPEN: [CohortStatus.INTAKE_OPEN],
        CohortStatus.INTAKE_CLOSED: [CohortStatus.INTAKE_OPEN, CohortStatus.INTAKE_CLOSED],
        CohortStatus.IN_PROGRESS: [
            CohortStatus.INTAKE_OPEN, CohortStatus.INTAKE_CLOSED, CohortStatus.IN_PROGRESS
        ],
    }[start]  # fmt: skip
    for step in path:
        h.services.cohorts.set_status(cohort.id, step)
    page = _select_cohort(h, name)

    def act(again: bool) -> None:
        if target == CohortStatus.CANCELLED:
            h.messages.answer(True)
        h.click(page.lifecycle_buttons[target])

    def worked() -> None:
        assert h.services.cohorts.get(cohort.id).status == target.value

    return act, worked


for _start, _target, _label in (
    (CohortStatus.DRAFT, CohortStatus.INTAKE_OPEN, "Open intake"),
    (CohortStatus.INTAKE_OPEN, CohortStatus.INTAKE_CLOSED, "Close intake"),
    (CohortStatus.INTAKE_OPEN, CohortStatus.DRAFT, "Back to draft"),
    (CohortStatus.INTAKE_CLOSED, CohortStatus.IN_PROGRESS, "Start the cohort"),
    (CohortStatus.IN_PROGRESS, CohortStatus.COMPLETED, "Mark completed"),
    (CohortStatus.DRAFT, CohortStatus.CANCELLED, "Cancel the cohort…"),
):
    action(f"cohort: {_label.rstrip('…').lower()}", f"Cohorts|{_label}")(
        lambda h, s=_start, t=_target: _lifecycle(h, s, t)
    )


# --- Matches --------------------------------------------------------------------------------


def _select_match(h: Harness, wanted: Any) -> Any:
    page = h.page("Matches")
    page.cohort_filter.setCurrentIndex(0)
    page.current_only.setChecked(False)
    lists_landed(page)
    row = page.model.find(wanted)
    assert row is not None, "no such match in the demo"
    page.table.selectRow(row)
    return page


@action("new match", "Matches|New match…")
def new_match(h: Harness) -> Any:
    page = h.page("Matches")
    choices = h.context.match_choices
    cohorts = h.services.cohorts.summaries()
    place = next(
        (c.id, m.participation_id)
        for c in cohorts
        for m in choices.mentees_without_match(c.id)
        if choices.mentors_for(m.participation_id)
    )
    cohort_id, mentee = place

    def act(again: bool) -> None:
        if not again:
            h.click(page.new_button)
            dialog = page.dialog
            dialog.cohort.setCurrentIndex(dialog.cohort.findData(cohort_id))
            dialog.mentee.setCurrentIndex(dialog.mentee.findData(mentee))
            h.qtbot.keyClicks(dialog.rationale, "Both work on data platforms")
        dialog = page.dialog
        assert dialog.isVisible() and dialog.mentee.currentData() == mentee
        assert dialog.rationale.toPlainText() == "Both work on data platforms"
        h.click(dialog.ok_button)

    def worked() -> None:
        assert not page.dialog.isVisible()
        assert any(
            m.mentee_participation_id == mentee
            for m in h.services.matches.rows(cohort_id=cohort_id)
        )

    return act, worked


@action("change match status", "Matches|Change status…")
def change_match_status(h: Harness) -> Any:
    page = _select_match(h, lambda m: m.status == MatchStatus.ACTIVE.value)
    match_id = page.selected_match().id

    def act(again: bool) -> None:
        if not again:
            h.click(page.status_button)
            dialog = page.dialog
            dialog.status.setCurrentIndex(dialog.status.findData(MatchStatus.ON_HOLD.value))
            dialog.reason.setText("Parental leave")
        dialog = page.dialog
        assert dialog.isVisible() and dialog.reason.text() == "Parental leave"
        h.click(dialog.ok_button)

    def worked() -> None:
        assert page.model.find(lambda m: m.id == match_id) is not None
        stored = next(m for m in h.services.matches.rows() if m.id == match_id)
        assert stored.status == MatchStatus.ON_HOLD.value

    return act, worked


@action("log a session", "Matches|Log a session…")
def log_session(h: Harness) -> Any:
    page = _select_match(h, lambda m: m.status == MatchStatus.ACTIVE.value)
    match_id = page.selected_match().id
    before = page.selected_match().sessions

    def act(again: bool) -> None:
        if not again:
            h.click(page.log_button)
            page.dialog.note.setText("Talked about the promotion board")
        dialog = page.dialog
        assert dialog.isVisible() and dialog.note.text() == "Talked about the promotion board"
        h.click(dialog.ok_button)

    def worked() -> None:
        stored = next(m for m in h.services.matches.rows() if m.id == match_id)
        assert stored.sessions == before + 1

    return act, worked


# --- Milestones ----------------------------------------------------------------------------


def _milestones(h: Harness, wanted: Any, count: int) -> tuple[Any, list[int]]:
    page = h.page("Milestones")
    page.open_only.setChecked(False)
    page.overdue_only.setChecked(False)
    lists_landed(page)
    rows = [r for r in range(page.model.rowCount()) if wanted(page.model.row_at(r))][:count]
    assert len(rows) == count
    ids = [page.model.row_at(r).id for r in rows]
    select_rows(page.table, rows)
    return page, ids


def _reselect(page: Any, ids: list[int]) -> None:
    select_rows(
        page.table, [r for r in range(page.model.rowCount()) if page.model.row_at(r).id in ids]
    )


def _statuses(h: Harness, ids: list[int]) -> set[str]:
    return {m.status for m in h.services.progress.milestones() if m.id in ids}


OPEN = {MilestoneStatus.NOT_STARTED.value, MilestoneStatus.IN_PROGRESS.value}


@action("mark milestones done", "Milestones|Mark done…")
def mark_milestones_done(h: Harness) -> Any:
    page, ids = _milestones(h, lambda m: m.status in OPEN, 2)

    def act(again: bool) -> None:
        if not again:
            _reselect(page, ids)
            h.click(page.done_button)
            page.dialog.completed_on.setText(uk_day(past_day()))
            page.dialog.evidence.setText("Confirmed by her mentor")
        dialog = page.dialog
        assert dialog.isVisible(), "the dialog closed and lost what she typed"
        assert dialog.evidence.text() == "Confirmed by her mentor"
        h.click(dialog.ok_button)

    def worked() -> None:
        assert _statuses(h, ids) == {MilestoneStatus.DONE.value}

    return act, worked


@action("milestones not applicable", "Milestones|Not applicable")
def milestones_not_applicable(h: Harness) -> Any:
    page, ids = _milestones(h, lambda m: m.status in OPEN, 2)

    def act(again: bool) -> None:
        _reselect(page, ids)
        h.click(page.na_button)

    def worked() -> None:
        assert _statuses(h, ids) == {MilestoneStatus.NOT_APPLICABLE.value}

    return act, worked


@action("reopen milestones", "Milestones|Reopen")
def reopen_milestones(h: Harness) -> Any:
    page, ids = _milestones(h, lambda m: m.status == MilestoneStatus.DONE.value, 2)

    def act(again: bool) -> None:
        _reselect(page, ids)
        h.click(page.reopen_button)

    def worked() -> None:
        assert _statuses(h, ids) == {MilestoneStatus.NOT_STARTED.value}

    return act, worked


# --- Part-way: actions over several records, failing after the first is saved ---------------

action("milestones not applicable, failing part-way", part_way="Milestone")(
    milestones_not_applicable
)


@action("undo marking milestones done, failing part-way", part_way="Milestone")
def undo_milestones_done(h: Harness) -> Any:
    page, ids = _milestones(h, lambda m: m.status in OPEN, 2)
    h.click(page.done_button)
    page.dialog.completed_on.setText(uk_day(past_day()))
    h.click(page.dialog.ok_button)
    assert _statuses(h, ids) == {MilestoneStatus.DONE.value}

    def act(again: bool) -> None:
        assert h.window.undo_action.isEnabled(), "the undo step was lost"
        h.window.undo_action.trigger()

    def worked() -> None:
        assert _statuses(h, ids) <= OPEN

    return act, worked


# --- Changed while you were editing: Save mine over theirs ---------------------------------


def _over_theirs(h: Harness, form: Any, again_button: Any, kept: Any) -> Any:
    """She pressed Save, someone else had saved meanwhile: she chooses Save mine over theirs.
    After the fault the form is still there, answering to their version; Save puts hers over."""
    h.qtbot.waitUntil(lambda: form.conflict_dialog is not None and form.conflict_dialog.isVisible())

    def act(again: bool) -> None:
        if not again:
            h.click(form.conflict_dialog.save_mine)
            return
        kept()
        h.click(again_button)

    return act


@action("save my person details over theirs")
def person_over_theirs(h: Harness) -> Any:
    view = h.show_person()
    h.click(view.edit_button)
    form = h.page("People").dialog
    zoe = h.services.people.by_email(FAULT_EMAIL)
    h.services.people.update(
        zoe.id, PersonInput(phone="01245 000000"), expected_version=zoe.version
    )
    form.fields["job_title"].setText("Head of data")
    h.click(form.save_button)

    def kept() -> None:
        assert form.isVisible() and form.fields["job_title"].text() == "Head of data"

    def worked() -> None:
        assert h.services.people.get(zoe.id).job_title == "Head of data"

    return _over_theirs(h, form, form.save_button, kept), worked


@action("save my outcome over theirs")
def outcome_over_theirs(h: Harness) -> Any:
    view = h.show_person()
    _tab(view, "Outcomes")
    panel = view.outcomes
    panel.table.selectRow(0)
    line = panel.selected()
    h.click(panel.edit_button)
    form = panel.dialog
    [stored] = [o for o in h.services.progress.outcomes(h.person_id()) if o.id == line.id]
    h.services.progress.update_outcome(
        stored.id,
        OutcomeKind(stored.kind),
        stored.occurred_on,
        description="Changed by the other coordinator",
        expected_version=stored.version,
    )
    form.description.setPlainText("Acting head of data for six months")
    h.click(form.ok_button)

    def kept() -> None:
        assert form.isVisible()
        assert form.description.toPlainText() == "Acting head of data for six months"

    def worked() -> None:
        [after] = [o for o in h.services.progress.outcomes(h.person_id()) if o.id == line.id]
        assert after.description == "Acting head of data for six months"

    return _over_theirs(h, form, form.ok_button, kept), worked


@action("save my cohort details over theirs")
def cohort_over_theirs(h: Harness) -> Any:
    page = _select_cohort(h, "Top Talent Thames Gateway 2027")
    cohort = page.cohort
    h.services.cohorts.update_cohort(cohort.id, place="Chelmsford", expected_version=cohort.version)
    page.place_edit.setText("Colchester")
    h.click(page.save_button)

    def kept() -> None:
        assert page.place_edit.text() == "Colchester"

    def worked() -> None:
        assert h.services.cohorts.get(cohort.id).place == "Colchester"

    return _over_theirs(h, page, page.save_button, kept), worked


@action("save my cohort place over theirs")
def place_over_theirs(h: Harness) -> Any:
    view = h.show_person()
    _tab(view, "Cohorts")
    view.views["participations"].selectRow(0)
    place_id = view.selected_place().id
    h.click(view.edit_place_button)
    form = view.dialog
    h.services.cohorts.set_goals(place_id, "Changed by the other coordinator")
    form.goals.setPlainText("Lead the data strategy refresh")
    h.click(form.ok_button)

    def kept() -> None:
        assert form.isVisible()
        assert form.goals.toPlainText() == "Lead the data strategy refresh"

    def worked() -> None:
        assert h.services.cohorts.place(place_id).goals == "Lead the data strategy refresh"

    return _over_theirs(h, form, form.ok_button, kept), worked
