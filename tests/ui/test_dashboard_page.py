from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import wait_for_people
from women_in_ddat.services.dashboard import AttentionKind
from women_in_ddat.ui.pages.dashboard import CohortCard

pytestmark = pytest.mark.gui


def _items(page) -> dict[str, list[tuple[str, object]]]:  # type: ignore[no-untyped-def]
    model = page.attention.model_
    grouped = {}
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        grouped[group.data()] = [
            (model.index(r, 0, group).data(), model.index(r, 0, group).data(Qt.ItemDataRole.UserRole + 2))
            for r in range(model.rowCount(group))
        ]
    return grouped


def _select(page, kind_label: str, row: int = 0):  # type: ignore[no-untyped-def]
    model = page.attention.model_
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        if group.data().startswith(kind_label):
            index = model.index(row, 0, group)
            page.attention.setCurrentIndex(index)
            return index.data(Qt.ItemDataRole.UserRole + 2)
    raise AssertionError(f"no group {kind_label}")


def test_every_signal_is_listed_with_its_count(window, context) -> None:
    page = window.pages["Dashboard"]
    expected = context.dashboard.dashboard().attention_by_kind()
    shown = _items(page)
    for kind, items in expected.items():
        if items:
            assert [h for h, _ in shown[f"{kind.label} ({len(items)})"]] == [i.headline for i in items]
    assert page.attention_title.text() == f"Needs attention ({sum(len(v) for v in expected.values())})"


def test_enter_on_an_overdue_milestone_opens_it_on_the_milestones_page(qtbot, window) -> None:
    page = window.pages["Dashboard"]
    ref = _select(page, AttentionKind.MILESTONE_OVERDUE.label)
    page.attention.setFocus()
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)
    assert window.current_page_name() == "Milestones"
    milestones = window.pages["Milestones"]
    selected = milestones.selected()
    assert [m.id for m in selected] == [ref.id]
    assert {m.person_id for m in milestones.model.rows} == {ref.person_id}
    assert milestones.everyone_button.isVisible()


def test_an_unmatched_mentee_opens_her_page(qtbot, window) -> None:
    page = window.pages["Dashboard"]
    ref = _select(page, AttentionKind.MENTEE_UNMATCHED.label)
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)
    assert window.current_page_name() == "People"
    people = window.pages["People"]
    wait_for_people(qtbot, people)
    qtbot.waitUntil(lambda: people.view.detail is not None and people.view.detail.id == ref.id, timeout=5000)


def test_a_quiet_match_opens_on_the_matches_page(qtbot, window) -> None:
    page = window.pages["Dashboard"]
    ref = _select(page, AttentionKind.MATCH_QUIET.label)
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)
    assert window.current_page_name() == "Matches"
    assert window.pages["Matches"].selected_match().id == ref.id


def test_a_cohort_ending_soon_opens_the_cohort(qtbot, window) -> None:
    page = window.pages["Dashboard"]
    ref = _select(page, AttentionKind.COHORT_ENDING.label)
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)
    assert window.current_page_name() == "Cohorts"
    assert window.pages["Cohorts"].cohort.id == ref.id


def test_each_cohort_has_a_card_with_its_figures(window, context) -> None:
    page = window.pages["Dashboard"]
    cards = page.cards_holder.findChildren(CohortCard)
    overviews = context.dashboard.cohort_overviews()
    assert [c.cohort_id for c in cards] == [o.cohort_id for o in overviews]
    kent = next(o for o in overviews if o.name == "Top Talent Kent 2026")
    card = next(c for c in cards if c.cohort_id == kent.cohort_id)
    texts = " | ".join(label.text() for label in card.findChildren(type(page.subtitle)))
    ms = kent.milestones
    assert f"{ms.done} of {ms.applicable} done" in texts
    assert f"{kent.sessions.count} sessions held" in texts
    assert f"({kent.confidence.change:+.1f})" in texts
    from women_in_ddat.ui.widgets.charts import PipelineChart

    chart = card.findChild(PipelineChart)
    assert chart.accessibleDescription() == ", ".join(f"{s} {n}" for s, n in kent.pipeline.stages())


def test_an_empty_programme_says_so(qtbot, services, messages) -> None:
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.pages.dashboard import DashboardPage

    page = DashboardPage(AppContext(services))
    qtbot.addWidget(page)
    page.show()
    assert page.all_clear.isVisible()
    assert not page.attention.isVisible()
