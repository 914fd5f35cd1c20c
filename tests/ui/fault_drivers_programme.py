"""Fault drivers for issue 14's writing actions of the app (see fault_actions.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.ui.fault_actions import Harness, action, ok_button
from tests.ui.fault_drivers import _select_cohort
from women_in_ddat.domain.enums import ParticipantRole


@action("record someone new and add her to a cohort", "Cohorts|Add a member…")
def add_someone_new(h: Harness) -> Any:
    page = _select_cohort(h, "Top Talent Thames Gateway 2027")
    cohort_id = page.cohort.id
    email = "ruth.fault@thurrock.gov.uk"
    h.extra_names |= {"Ruth", "Okafor", email}

    def act(again: bool) -> None:
        if not again:
            h.click(page.add_member_button)
            dialog = page.dialog
            dialog.someone_new.setChecked(True)
            h.qtbot.keyClicks(dialog.new_fields["first_name"], "Ruth")
            h.qtbot.keyClicks(dialog.new_fields["last_name"], "Okafor")
            h.qtbot.keyClicks(dialog.new_fields["email"], email)
            dialog.role.setCurrentIndex(dialog.role.findData(ParticipantRole.MENTOR.value))
        dialog = page.dialog
        assert dialog.isVisible() and dialog.new_fields["email"].text() == email
        h.click(ok_button(dialog))

    def worked() -> None:
        person = h.services.people.by_email(email)
        assert person.id in {m.person_id for m in h.services.cohorts.members(cohort_id)}

    return act, worked


@action("add her to a cohort from her page", "People|Add to cohort…")
def add_to_cohort_from_her_page(h: Harness) -> Any:
    view = h.show_person()
    view.tabs.setCurrentIndex(view.tab_of["participations"])
    person_id = view.detail.id
    before = {p.cohort_id for p in view.detail.participations}

    def act(again: bool) -> None:
        if not again:
            h.click(view.join_button)
        dialog = view.dialog
        assert dialog.isVisible() and dialog.cohort.count()
        h.click(dialog.ok_button)

    def worked() -> None:
        joined = {
            c.id
            for c in h.services.cohorts.summaries()
            if any(m.person_id == person_id for m in h.services.cohorts.members(c.id))
        }
        assert joined - before

    return act, worked


@action("new match from a cohort", "Cohorts|New match…")
def new_match_from_a_cohort(h: Harness) -> Any:
    choices = h.context.match_choices
    cohort, mentee = next(
        (c, m.participation_id)
        for c in h.services.cohorts.summaries()
        for m in choices.mentees_without_match(c.id)
        if choices.mentors_for(m.participation_id)
    )
    page = _select_cohort(h, cohort.name)

    def act(again: bool) -> None:
        if not again:
            page.mentee_table.selectRow(
                page.mentee_model.find(lambda m: m.participation_id == mentee)
            )
            h.click(page.new_match_button)
        dialog = page.dialog
        assert dialog.isVisible() and dialog.mentee.currentData() == mentee
        h.click(dialog.ok_button)

    def worked() -> None:
        assert any(
            m.mentee_participation_id == mentee
            for m in h.services.matches.rows(cohort_id=cohort.id)
        )

    return act, worked


def _add_template_line(
    button: str, title: str, titles: Callable[[Harness, Any], list[str]]
) -> Callable[[Harness], Any]:
    """A driver that adds ``title`` through the template dialog ``button`` opens on Kent's page;
    ``titles(h, cohort)`` reads back the template it should land in."""

    def drive(h: Harness) -> Any:
        page = _select_cohort(h, "Top Talent Kent 2026")
        cohort = page.cohort

        def act(again: bool) -> None:
            if not again:
                h.click(getattr(page, button))
                page.dialog.add_line()
                h.qtbot.keyClicks(page.dialog.dialog.title_edit, title)
            add = page.dialog.dialog
            assert add.isVisible() and add.title_edit.text() == title
            h.click(add.ok_button)

        def worked() -> None:
            assert title in titles(h, cohort)

        return act, worked

    return drive


action("add a milestone to a cohort's template", "Cohorts|Edit the template…")(
    _add_template_line(
        "edit_template_button",
        "Lunch and learn talk",
        lambda h, cohort: [t.title for t in h.services.templates.list(cohort.id)],
    )
)
action("add a milestone to the programme's template", "Cohorts|Programme template…")(
    _add_template_line(
        "programme_template_button",
        "Programme kick-off attended",
        lambda h, cohort: [
            t.title for t in h.services.templates.list_for_programme(cohort.programme_id)
        ],
    )
)


@action("a milestone just for her", "Cohorts|Milestone just for her…")
def one_off_milestone(h: Harness) -> Any:
    page = _select_cohort(h, "Top Talent Kent 2026")
    page.mentee_table.selectRow(0)
    mentee = page.selected_member()

    def act(again: bool) -> None:
        if not again:
            h.click(page.one_off_button)
            h.qtbot.keyClicks(page.dialog.title_edit, "Present at the regional meet-up")
            page.dialog.due.setText("01/03/2027")
        dialog = page.dialog
        assert dialog.isVisible() and dialog.due.text() == "01/03/2027"
        h.click(dialog.ok_button)

    def worked() -> None:
        rows = h.services.progress.milestones(cohort_id=page.cohort.id)
        assert any(
            m.participation_id == mentee.participation_id
            and m.title == "Present at the regional meet-up"
            for m in rows
        )

    return act, worked


@action("start the next cohort from this one", "Cohorts|Start the next cohort from this one…")
def start_next_cohort(h: Harness) -> Any:
    page = _select_cohort(h, "Top Talent Kent 2026")

    def act(again: bool) -> None:
        if not again:
            h.click(page.next_cohort_button)
            page.dialog.copy_mentors.setChecked(True)
        dialog = page.dialog
        assert dialog.isVisible() and dialog.name.text() == "Top Talent Kent 2027"
        h.click(dialog.ok_button)

    def worked() -> None:
        made = h.services.cohorts.by_name("Top Talent Kent 2027")
        assert any(m.role == "mentor" for m in h.services.cohorts.members(made.id))

    return act, worked
