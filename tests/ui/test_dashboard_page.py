"""The dashboard page: each signal grouped by cohort; Enter opens a group's page, filtered, or a record.

Needs attention once listed every overdue milestone as its own row; it now
shows each signal's cohorts with their counts and the most urgent few by
name, so these tests read that tree and follow Enter from each level.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import settled, wait_for_people
from women_in_ddat.domain.enums import (
    CohortStatus,
    MatchStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.services.dashboard import MOST_URGENT, AttentionKind, SignalRef
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui.pages.dashboard import REF_ROLE, CohortCard

pytestmark = pytest.mark.gui

TODAY = date.today()


def _items(page) -> dict[str, list[tuple[str, object]]]:  # type: ignore[no-untyped-def]
    """Each signal's heading -> its groups (headline, what Enter opens)."""
    model = page.attention.model_
    grouped = {}
    for g in range(model.rowCount()):
        heading = model.index(g, 0)
        grouped[heading.data()] = [
            (model.index(r, 0, heading).data(), model.index(r, 0, heading).data(REF_ROLE))
            for r in range(model.rowCount(heading))
        ]
    return grouped


def _heading(page, kind_label: str):  # type: ignore[no-untyped-def]
    model = page.attention.model_
    for g in range(model.rowCount()):
        heading = model.index(g, 0)
        if heading.data().startswith(kind_label):
            return heading
    raise AssertionError(f"no heading {kind_label}")


def _select(page, kind_label: str, row: int = 0, child: int | None = None):  # type: ignore[no-untyped-def]
    """Make a group (or, with ``child``, one of its rows) current; return what Enter will open."""
    model = page.attention.model_
    index = model.index(row, 0, _heading(page, kind_label))
    if child is not None:
        index = model.index(child, 0, index)
    page.attention.setCurrentIndex(index)
    return index.data(REF_ROLE)


@pytest.fixture
def programme(context):  # type: ignore[no-untyped-def]
    """Beside the demo: a cohort ending in ten days, six mentees matched 100 days ago (their match
    milestones overdue) and one never matched."""
    s = context.services
    cohort = s.cohorts.create_cohort(
        "Top Talent Essex 2026",
        start_date=TODAY - timedelta(days=100),
        end_date=TODAY + timedelta(days=10),
        status=CohortStatus.IN_PROGRESS,
    )

    def place(n: int, role: ParticipantRole):  # type: ignore[no-untyped-def]
        person = s.people.create(
            PersonInput(email=f"e{n}@essex.gov.uk", first_name=f"Essex{n}", last_name="Test")
        )
        return s.cohorts.add_participant(
            cohort.id,
            person.id,
            role,
            status=ParticipationStatus.ACTIVE,
            mentor_capacity=6 if role is ParticipantRole.MENTOR else None,
        )

    mentor = place(99, ParticipantRole.MENTOR)
    mentees = [place(n, ParticipantRole.MENTEE) for n in range(7)]
    for mentee in mentees[:6]:
        s.matches.create_match(
            mentee.id, mentor.id, status=MatchStatus.ACTIVE, start_date=TODAY - timedelta(days=100)
        )
    return cohort, mentees


def _group_of(context, kind: AttentionKind, cohort_id: int):  # type: ignore[no-untyped-def]
    return next(
        g
        for g in context.dashboard.dashboard().attention
        if g.kind is kind and g.cohort_id == cohort_id
    )


def test_each_signal_shows_its_cohorts_with_counts_and_the_most_urgent_named(
    qtbot, window, context, programme
) -> None:
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)
    dashboard = context.dashboard.dashboard()
    shown = _items(page)
    for kind, groups in dashboard.attention_by_kind().items():
        if not groups:
            continue
        heading = f"{kind.label}: {sum(g.count for g in groups):,}"
        assert [h for h, _ in shown[heading]] == [g.headline for g in groups]
        assert [ref for _, ref in shown[heading]] == [g.opens for g in groups]
    assert page.attention_title.text() == f"Needs attention ({len(dashboard.attention)})"

    cohort, _ = programme
    group = _group_of(context, AttentionKind.MILESTONE_OVERDUE, cohort.id)
    assert group.count > MOST_URGENT
    model = page.attention.model_
    heading = _heading(page, AttentionKind.MILESTONE_OVERDUE.label)
    row = next(
        r
        for r in range(model.rowCount(heading))
        if model.index(r, 0, heading).data(REF_ROLE) == group.opens
    )
    index = model.index(row, 0, heading)
    children = [model.index(r, 0, index).data() for r in range(model.rowCount(index))]
    assert children == [i.headline for i in group.most_urgent] + [f"… and {group.more:,} more"]


def test_enter_on_a_cohorts_overdue_group_opens_the_milestones_page_filtered(
    qtbot, window, context, programme
) -> None:
    cohort, _ = programme
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)
    group = _group_of(context, AttentionKind.MILESTONE_OVERDUE, cohort.id)
    heading = _heading(page, AttentionKind.MILESTONE_OVERDUE.label)
    model = page.attention.model_
    row = next(
        r
        for r in range(model.rowCount(heading))
        if model.index(r, 0, heading).data(REF_ROLE) == group.opens
    )
    page.attention.setCurrentIndex(model.index(row, 0, heading))
    page.attention.setFocus()
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)

    assert window.current_page_name() == "Milestones"
    milestones = settled(qtbot, window.pages["Milestones"])
    rows = milestones.model.rows
    assert len(rows) == group.count
    assert {m.cohort_id for m in rows} == {cohort.id} and all(m.is_overdue() for m in rows)
    assert milestones.signal_label.isVisible()
    assert milestones.signal_label.text() == "Showing: Overdue milestones of Top Talent Essex 2026"
    assert milestones.cohort_filter.currentData() == cohort.id

    qtbot.mouseClick(milestones.clear_signal_button, Qt.MouseButton.LeftButton)
    settled(qtbot, milestones)
    assert (
        not milestones.signal_label.isVisible() and not milestones.clear_signal_button.isVisible()
    )
    # The cohort's open milestones, not only the overdue ones.
    assert len(milestones.model.rows) > group.count


def test_the_more_row_opens_the_same_filtered_page(qtbot, window, context, programme) -> None:
    cohort, _ = programme
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)
    group = _group_of(context, AttentionKind.MILESTONE_OVERDUE, cohort.id)
    heading = _heading(page, AttentionKind.MILESTONE_OVERDUE.label)
    model = page.attention.model_
    row = next(
        r
        for r in range(model.rowCount(heading))
        if model.index(r, 0, heading).data(REF_ROLE) == group.opens
    )
    more = model.index(len(group.most_urgent), 0, model.index(row, 0, heading))
    assert more.data(REF_ROLE) == group.opens
    page.attention.setCurrentIndex(more)
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)
    assert isinstance(window.pages["Milestones"].signal, SignalRef)
    assert len(settled(qtbot, window.pages["Milestones"]).model.rows) == group.count


def test_enter_on_a_named_overdue_milestone_opens_it(qtbot, window, context, programme) -> None:
    cohort, _ = programme
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)
    group = _group_of(context, AttentionKind.MILESTONE_OVERDUE, cohort.id)
    heading = _heading(page, AttentionKind.MILESTONE_OVERDUE.label)
    model = page.attention.model_
    row = next(
        r
        for r in range(model.rowCount(heading))
        if model.index(r, 0, heading).data(REF_ROLE) == group.opens
    )
    page.attention.setCurrentIndex(model.index(0, 0, model.index(row, 0, heading)))
    ref = group.most_urgent[0].opens
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)
    assert window.current_page_name() == "Milestones"
    milestones = settled(qtbot, window.pages["Milestones"])
    assert [m.id for m in milestones.selected()] == [ref.id]
    assert {m.person_id for m in milestones.model.rows} == {ref.person_id}
    assert milestones.everyone_button.isVisible()
    assert not milestones.signal_label.isVisible()


def test_choosing_another_cohort_leaves_the_dashboards_filter(window, context, programme) -> None:
    cohort, _ = programme
    milestones = window.show_page("Milestones")
    milestones.open_record(_group_of(context, AttentionKind.MILESTONE_OVERDUE, cohort.id).opens)
    assert milestones.signal is not None
    milestones.cohort_filter.setCurrentIndex(0)  # All cohorts
    assert milestones.signal is None and not milestones.signal_label.isVisible()


def test_a_named_mentee_not_matched_opens_her_page(qtbot, window, context, programme) -> None:
    cohort, mentees = programme
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)
    group = _group_of(context, AttentionKind.MENTEE_UNMATCHED, cohort.id)
    assert [i.opens.id for i in group.most_urgent] == [mentees[6].person_id]
    heading = _heading(page, AttentionKind.MENTEE_UNMATCHED.label)
    model = page.attention.model_
    row = next(
        r
        for r in range(model.rowCount(heading))
        if model.index(r, 0, heading).data(REF_ROLE) == group.opens
    )
    page.attention.setCurrentIndex(model.index(0, 0, model.index(row, 0, heading)))
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)
    assert window.current_page_name() == "People"
    people = window.pages["People"]
    wait_for_people(qtbot, people)
    person_id = mentees[6].person_id
    qtbot.waitUntil(
        lambda: people.view.detail is not None and people.view.detail.id == person_id, timeout=5000
    )


def test_a_cohort_ending_soon_opens_the_milestones_it_counts(
    qtbot, window, context, programme
) -> None:
    cohort, _ = programme
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)
    group = _group_of(context, AttentionKind.COHORT_ENDING, cohort.id)
    assert not group.most_urgent and group.count and not group.more
    heading = _heading(page, AttentionKind.COHORT_ENDING.label)
    model = page.attention.model_
    row = next(
        r
        for r in range(model.rowCount(heading))
        if model.index(r, 0, heading).data(REF_ROLE) == group.opens
    )
    assert not model.rowCount(model.index(row, 0, heading))  # one matter: no "… and N more"
    page.attention.setCurrentIndex(model.index(row, 0, heading))
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)
    assert window.current_page_name() == "Milestones"
    milestones = settled(qtbot, window.pages["Milestones"])
    rows = milestones.model.rows
    # The very milestones counted: the cohort's required ones still open, due or not.
    assert len(rows) == group.count
    assert {m.cohort_id for m in rows} == {cohort.id} and all(m.required for m in rows)
    assert not milestones.overdue_only.isChecked()
    assert milestones.signal_label.text() == (
        f"Showing: Required milestones of {cohort.name} still open"
    )


def test_each_cohort_has_a_card_with_its_figures(qtbot, window, context, programme) -> None:
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)
    cards = page.cards_holder.findChildren(CohortCard)
    overviews = context.dashboard.cohort_overviews()
    assert [c.cohort_id for c in cards] == [o.cohort_id for o in overviews]
    cohort, _ = programme
    essex = next(o for o in overviews if o.cohort_id == cohort.id)
    card = next(c for c in cards if c.cohort_id == cohort.id)
    texts = " | ".join(label.text() for label in card.findChildren(type(page.subtitle)))
    ms = essex.milestones
    assert f"{ms.done} of {ms.counted} done" in texts
    assert f"{ms.overdue} overdue" in texts
    assert ms.describe() in texts  # says what the rate counts
    from women_in_ddat.ui.widgets.charts import PipelineChart

    chart = card.findChild(PipelineChart)
    assert chart.accessibleDescription() == ", ".join(
        f"{s} {n}" for s, n in essex.pipeline.stages()
    )


def test_an_empty_programme_says_so(qtbot, services, messages) -> None:
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.pages.dashboard import DashboardPage

    page = DashboardPage(AppContext(services))
    qtbot.addWidget(page)
    page.show()
    settled(qtbot, page)
    assert page.all_clear.isVisible()
    assert not page.attention.isVisible()


def test_a_past_dated_import_is_one_group_that_opens_its_milestones(qtbot, window, context) -> None:
    """The demo imports the Kent sample after its milestones fell due: one group, not one row each."""
    page = window.pages["Dashboard"]
    (group,) = [
        g
        for g in context.dashboard.dashboard().attention
        if g.kind is AttentionKind.IMPORT_PAST_DUE
    ]
    assert group.count > MOST_URGENT and ".xlsx" in group.headline
    _select(page, AttentionKind.IMPORT_PAST_DUE.label)
    page.attention.setFocus()
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)

    milestones = settled(qtbot, window.pages["Milestones"])
    assert window.current_page_name() == "Milestones"
    assert len(milestones.model.rows) == group.count
    assert all(m.is_overdue() and m.cohort_id == group.cohort_id for m in milestones.model.rows)
    assert group.opens.source_name in milestones.signal_label.text()
    assert milestones.clear_signal_button.isVisible()


def test_a_group_scopes_the_milestones_page_before_its_first_load(
    qtbot, window, context, programme, monkeypatch
) -> None:
    """At 100,000 people 'all cohorts' is 700,000 milestones: a dashboard group asks only for its own.

    The window narrows the page before showing it, so not even its first load is of everything.
    """
    cohort, _ = programme
    ref = _group_of(context, AttentionKind.MILESTONE_OVERDUE, cohort.id).opens
    page = window.page("Milestones")  # built, not yet shown: nothing loaded
    asked: list = []
    real = page.model.set_query
    monkeypatch.setattr(
        page.model, "set_query", lambda query, **kw: asked.append(query) or real(query, **kw)
    )
    window.open_record(ref)
    settled(qtbot, page)
    assert asked and all(q.cohort_id == cohort.id and q.signal == ref for q in asked)
    assert page.signal == ref


def test_enter_on_a_quiet_match_group_opens_the_matches_page_narrowed(
    qtbot, window, context, programme
) -> None:
    cohort, _ = programme
    met = context.services.matches.rows(cohort_id=cohort.id)[0]
    context.services.matches.log_session(met.id, held_on=TODAY)  # this one is not quiet
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)
    group = _group_of(context, AttentionKind.MATCH_QUIET, cohort.id)
    assert group.count == 5  # the others: matched 100 days ago, no session since
    heading = _heading(page, AttentionKind.MATCH_QUIET.label)
    model = page.attention.model_
    row = next(
        r
        for r in range(model.rowCount(heading))
        if model.index(r, 0, heading).data(REF_ROLE) == group.opens
    )
    page.attention.setCurrentIndex(model.index(row, 0, heading))
    page.attention.setFocus()
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)

    assert window.current_page_name() == "Matches"
    matches = settled(qtbot, window.pages["Matches"])
    shown = {m.id for m in matches.model.rows}
    assert len(shown) == group.count and met.id not in shown
    assert {m.cohort_id for m in matches.model.rows} == {cohort.id}
    assert "Quiet matches of Top Talent Essex 2026" in matches.narrowed_label.text()
