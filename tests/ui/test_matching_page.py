"""The matching page, driven through its widgets; what it stored is read back from the services."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.helpers import a_mentor_left, settled
from women_in_ddat.domain.enums import MatchStatus
from women_in_ddat.services.matching_service import MatchingService
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.matching import MatchingPage

pytestmark = pytest.mark.gui
KENT = "Top Talent Kent 2026"


@pytest.fixture
def page(qtbot, demo_services):  # type: ignore[no-untyped-def]
    a_mentor_left(demo_services)  # one mentee to rematch
    widget = MatchingPage(AppContext(demo_services))
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    kent = demo_services.cohorts.by_name(KENT)
    widget.select_cohort(kent.id)
    return settled(qtbot, widget)  # the cohort's lists are read on a worker


@pytest.fixture
def matching(demo_services) -> MatchingService:
    return MatchingService(demo_services.db, demo_services.actor)


def kent_id(services) -> int:  # type: ignore[no-untyped-def]
    return int(services.cohorts.by_name(KENT).id)


def suggest(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.suggest_button, Qt.MouseButton.LeftButton)


def test_the_page_shows_the_cohort_s_suggestions_with_scores_and_reasons(
    qtbot, page, matching, demo_services
) -> None:
    assert page.cohort_box.currentText().startswith(KENT)
    assert page.pairs_model.rowCount() == 0
    suggest(qtbot, page)
    expected = matching.suggest_for_cohort(kent_id(demo_services))
    model = page.pairs_model
    assert model.rowCount() == len(expected.pairs) > 0
    shown = [
        (model.index(r, 0).data(), model.index(r, 1).data(), model.index(r, 2).data())
        for r in range(model.rowCount())
    ]
    assert shown == [(p.mentee_name, p.mentor_name, f"{p.score}/100") for p in expected.pairs]
    # The first row is selected and its reasons are spelled out.
    assert page.reasons_view.toPlainText().splitlines()[1:6] == list(expected.pairs[0].reasons)
    assert "Nothing is saved until you accept." in page.summary.text()
    assert page.tabs.tabText(2) == "Rema&tch (1)"
    # Nothing was saved by suggesting.
    assert all(
        m.status != MatchStatus.PROPOSED.value
        for m in matching.cohort_matches(kent_id(demo_services))
    )


def test_accept_selected_stores_a_proposed_match_with_its_reasons(
    qtbot, page, matching, demo_services
) -> None:
    suggest(qtbot, page)
    first = page.pairs_model.row_at(0)
    with qtbot.waitSignal(page.context.dataChanged):
        qtbot.mouseClick(page.accept_selected_button, Qt.MouseButton.LeftButton)
    stored = [
        m
        for m in matching.cohort_matches(kent_id(demo_services))
        if m.mentee_participation_id == first.mentee_participation_id
    ]
    assert len(stored) == 1
    assert stored[0].mentor_participation_id == first.mentor_participation_id
    assert stored[0].status == MatchStatus.PROPOSED.value and not stored[0].pinned
    assert stored[0].rationale.startswith(f"Suggested with a fit of {first.score}/100")
    # The page suggested again: the accepted mentee is no longer offered.
    assert first.mentee_participation_id not in {
        p.mentee_participation_id for p in page.pairs_model.rows
    }
    assert page.summary.text().startswith(
        "1 match accepted, saved as proposed. Proposed: start each match under Current matches"
    )


def test_accept_all_then_the_rematch_list_is_empty(qtbot, page, matching, demo_services) -> None:
    suggest(qtbot, page)
    pairs = list(page.pairs_model.rows)
    with qtbot.waitSignal(page.context.dataChanged):
        qtbot.mouseClick(page.accept_all_button, Qt.MouseButton.LeftButton)
    stored = {
        (m.mentee_participation_id, m.mentor_participation_id)
        for m in matching.cohort_matches(kent_id(demo_services))
    }
    assert {(p.mentee_participation_id, p.mentor_participation_id) for p in pairs} <= stored
    assert matching.rematch_list(kent_id(demo_services)) == []
    settled(qtbot, page)
    assert page.rematch_model.rowCount() == 0 and page.tabs.tabText(2) == "Rema&tch"


def test_accept_all_says_what_was_saved_and_what_comes_next_and_forgets_the_pair_shown(
    qtbot, page, matching, demo_services
) -> None:
    suggest(qtbot, page)
    pairs = list(page.pairs_model.rows)
    assert page.reasons_view.toPlainText().startswith(pairs[0].mentee_name)
    with qtbot.waitSignal(page.context.dataChanged):
        qtbot.mouseClick(page.accept_all_button, Qt.MouseButton.LeftButton)
    summary = page.summary.text()
    assert summary.startswith(f"{len(pairs)} matches accepted, saved as proposed.")
    assert "start each match under Current matches (Start match)" in summary
    assert "Nothing is saved until you accept" not in summary
    # Every suggestion was taken: nothing is selected, so no pair's reasons stay on show.
    assert page.pairs_model.rowCount() == 0
    assert page.reasons_view.toPlainText() == ""


def test_suggest_from_the_current_matches_tab_shows_the_suggestions(qtbot, page) -> None:
    page.tabs.setCurrentIndex(1)
    suggest(qtbot, page)
    assert page.tabs.currentIndex() == 0 and page.pairs_model.rowCount() > 0


def test_a_proposed_match_is_started_from_the_current_matches_tab(
    qtbot, page, matching, demo_services
) -> None:
    suggest(qtbot, page)
    first = page.pairs_model.row_at(0)
    qtbot.mouseClick(page.accept_selected_button, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=20000)  # read on a worker
    [proposed] = [
        m
        for m in page.matches_model.rows
        if m.mentee_participation_id == first.mentee_participation_id
    ]
    assert proposed.status == MatchStatus.PROPOSED.value
    page.matches_view.clearSelection()
    assert not page.start_button.isEnabled()
    page.matches_view.selectRow(page.matches_model.find(lambda m: m.id == proposed.id))
    assert page.start_button.isEnabled()
    with qtbot.waitSignal(page.context.dataChanged):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=20000)
    [after] = [m for m in matching.cohort_matches(kent_id(demo_services)) if m.id == proposed.id]
    assert after.status == MatchStatus.ACTIVE.value
    assert page.summary.text().startswith("1 match started: active from today.")
    # An active match cannot be started again.
    page.matches_view.selectRow(page.matches_model.find(lambda m: m.id == proposed.id))
    assert not page.start_button.isEnabled()


def test_the_guide_says_how_a_proposed_match_becomes_active() -> None:
    from women_in_ddat.resources import resource_path

    guide = resource_path("help", "guide.html").read_text(encoding="utf-8")
    matching_section = guide.split('<a name="matching"></a>', 1)[1].split("<h2>", 1)[0]
    assert "<i>Start match</i>" in matching_section and "proposed" in matching_section


def test_accept_and_pin_then_unpin_from_the_current_matches(
    qtbot, page, matching, demo_services
) -> None:
    suggest(qtbot, page)
    first = page.pairs_model.row_at(0)
    qtbot.mouseClick(page.pin_selected_button, Qt.MouseButton.LeftButton)
    [stored] = [
        m
        for m in matching.cohort_matches(kent_id(demo_services))
        if m.mentee_participation_id == first.mentee_participation_id
    ]
    assert stored.pinned
    settled(qtbot, page)
    page.tabs.setCurrentIndex(1)
    row = page.matches_model.find(lambda m: m.id == stored.id)
    assert page.matches_model.index(row, 3).data() == "Pinned"
    page.matches_view.selectRow(row)
    with qtbot.waitSignal(page.context.dataChanged):
        qtbot.mouseClick(page.unpin_button, Qt.MouseButton.LeftButton)
    [after] = [m for m in matching.cohort_matches(kent_id(demo_services)) if m.id == stored.id]
    assert not after.pinned


def test_choosing_another_mentor_records_the_reason(qtbot, page, matching, demo_services) -> None:
    suggest(qtbot, page)
    first = page.pairs_model.row_at(0)
    page.pairs_view.selectRow(0)
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    dialog = page.choice_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    # Pick a mentor other than the suggestion; without a reason the match cannot be made.
    other_row = next(
        i for i in range(dialog.mentors.count())
        if dialog.mentors.item(i).data(Qt.ItemDataRole.UserRole) != first.mentor_participation_id
    )  # fmt: skip
    dialog.mentors.setCurrentRow(other_row)
    chosen = dialog.chosen_mentor()
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.rationale, "Shadowed her team last year")
    assert ok.isEnabled()
    with qtbot.waitSignal(page.context.dataChanged):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    [stored] = [
        m
        for m in matching.cohort_matches(kent_id(demo_services))
        if m.mentee_participation_id == first.mentee_participation_id
    ]
    assert stored.mentor_participation_id == chosen
    assert stored.pinned
    assert stored.rationale == "Chosen by the coordinator: Shadowed her team last year"


def test_the_rematch_tab_lists_the_reason_and_a_mentor_can_be_chosen(
    qtbot, page, matching, demo_services
) -> None:
    page.tabs.setCurrentIndex(2)
    assert page.rematch_model.rowCount() == 1
    assert page.rematch_model.index(0, 4).data() == "Mentor changed jobs"
    page.rematch_view.selectRow(0)
    page.choose_for_rematch()
    dialog = page.choice_dialog
    assert dialog is not None and dialog.mentors.count() > 0
    # The mentor whose match ended is offered only with that said.
    previous = page.rematch_model.row_at(0).previous_mentor_name
    texts = [dialog.mentors.item(i).text() for i in range(dialog.mentors.count())]
    assert any(t.startswith(previous) and "ended early" in t for t in texts), (previous, texts)
    dialog.mentors.setCurrentRow(0)
    qtbot.keyClicks(dialog.rationale, "Rematched after the early end")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert matching.rematch_list(kent_id(demo_services)) == []
    assert settled(qtbot, page).rematch_model.rowCount() == 0


def test_a_stale_suggestion_is_refused_with_a_message_and_nothing_changes(
    qtbot, page, matching, demo_services, messages
) -> None:
    suggest(qtbot, page)
    pairs = list(page.pairs_model.rows)
    # Behind the page's back, someone fills the first suggested mentor's last place.
    matching.override(
        pairs[0].mentee_participation_id, pairs[0].mentor_participation_id, "Done by phone"
    )
    before = matching.cohort_matches(kent_id(demo_services))
    qtbot.mouseClick(page.accept_all_button, Qt.MouseButton.LeftButton)
    assert messages.problems and messages.problems[-1][0] == "Accept matches"
    assert "cannot be made" in messages.problems[-1][1]
    assert matching.cohort_matches(kent_id(demo_services)) == before


def test_swap_needs_two_proposed_matches(qtbot, page, matching, demo_services, messages) -> None:
    page.tabs.setCurrentIndex(1)
    page.matches_view.selectRow(0)
    qtbot.mouseClick(page.swap_button, Qt.MouseButton.LeftButton)
    assert messages.problems[-1] == (
        "Swap mentors",
        "Select exactly two proposed matches to swap their mentors.",
    )
    suggest(qtbot, page)
    qtbot.mouseClick(page.accept_all_button, Qt.MouseButton.LeftButton)
    proposed = [
        m for m in settled(qtbot, page).matches_model.rows if m.status == MatchStatus.PROPOSED.value
    ]
    assert len(proposed) >= 2
    first, second = (
        proposed[0],
        next(
            m
            for m in proposed[1:]
            if m.mentor_participation_id != proposed[0].mentor_participation_id
        ),
    )
    page.matches_view.clearSelection()
    for match in (first, second):
        page.matches_view.selectionModel().select(
            page.matches_model.index(page.matches_model.find(lambda m, i=match.id: m.id == i), 0),
            page.matches_view.selectionModel().SelectionFlag.Select
            | page.matches_view.selectionModel().SelectionFlag.Rows,
        )
    problems_before = len(messages.problems)
    with qtbot.waitSignal(page.context.dataChanged):
        qtbot.mouseClick(page.swap_button, Qt.MouseButton.LeftButton)
    assert len(messages.problems) == problems_before
    stored = {m.id: m for m in matching.cohort_matches(kent_id(demo_services))}
    assert stored[first.id].mentor_participation_id == second.mentor_participation_id
    assert stored[second.id].mentor_participation_id == first.mentor_participation_id
    assert stored[first.id].pinned and stored[second.id].pinned


def test_the_unmatched_are_shown_with_why_and_can_be_given_a_mentor(qtbot, services) -> None:
    from tests.matching.builders import cohort, join, person
    from women_in_ddat.domain.enums import ParticipantRole

    c = cohort(services, "Small cohort")
    first = join(
        services,
        c,
        person(services, "a@kent.gov.uk", organisation="Kent County Council"),
        ParticipantRole.MENTEE,
    )
    second = join(
        services,
        c,
        person(services, "b@kent.gov.uk", organisation="Kent County Council"),
        ParticipantRole.MENTEE,
    )
    mentor = join(
        services,
        c,
        person(services, "m@medway.gov.uk", organisation="Medway Council"),
        ParticipantRole.MENTOR,
        capacity=1,
    )
    page = MatchingPage(AppContext(services))
    qtbot.addWidget(page)
    page.show()
    page.select_cohort(c)
    suggest(qtbot, page)
    assert page.pairs_model.rowCount() == 1 and page.unmatched_model.rowCount() == 1
    assert page.unmatched_title.text() == "Unmatched (1)"
    unmatched = page.unmatched_model.row_at(0)
    assert page.unmatched_model.index(0, 1).data() == unmatched.why
    assert "no places left once the others are matched" in unmatched.why
    assert {
        unmatched.mentee_participation_id,
        page.pairs_model.row_at(0).mentee_participation_id,
    } == {first, second}
    # The coordinator gives the place to the unmatched mentee instead.
    page.unmatched_view.selectRow(0)
    page.choose_for_unmatched()
    dialog = page.choice_dialog
    assert dialog is not None and dialog.chosen_mentor() == mentor
    qtbot.keyClicks(dialog.rationale, "She starts a new role next month")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    [stored] = MatchingService(services.db, services.actor).cohort_matches(c)
    assert (stored.mentee_participation_id, stored.mentor_participation_id) == (
        unmatched.mentee_participation_id,
        mentor,
    )
    assert page.pairs_model.rowCount() == 0
    assert "no places left" in page.unmatched_model.row_at(0).why


def test_empty_tables_show_their_whole_column_titles(page) -> None:
    for view in (page.pairs_view, page.unmatched_view):
        header = view.horizontalHeader()
        assert view.model().rowCount() == 0
        last = header.count() - 1  # the last section stretches to fill the rest
        for section in range(last):
            assert header.sectionSize(section) >= header.sectionSizeHint(section), (
                view.model().headerData(section, Qt.Orientation.Horizontal)
            )


OPEN_THEN_SUGGEST = """
import json, sys
from PySide6.QtWidgets import QApplication
from women_in_ddat.services.context import Services
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.matching import MatchingPage

app = QApplication([])
services = Services.open(sys.argv[1], actor="tester")
page = MatchingPage(AppContext(services))
page.show()
page.select_cohort(int(services.cohorts.by_name(sys.argv[2]).id))
opened = sorted(m for m in ("scipy", "numpy") if m in sys.modules)
page.suggest()
print(json.dumps({"opened": opened, "suggested": "scipy" in sys.modules,
                  "pairs": page.pairs_model.rowCount()}))
"""


def test_the_page_opens_without_loading_the_solver_which_comes_with_the_first_suggestion(
    demo_db_path, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    # SciPy costs ~75 MB and seconds: a first visit at 100,000 people blocked 3 s on it.
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WOMEN_IN_DDAT_HOME": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", OPEN_THEN_SUGGEST, str(demo_db_path), KENT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["opened"] == []
    assert seen["suggested"] and seen["pairs"] > 0


def test_the_page_fits_a_laptop_window_on_every_tab(page) -> None:
    # A hint that does not wrap widens every tab, pushing Suggest matches off the window.
    assert page.minimumSizeHint().width() <= 1060  # 1280 less the sidebar
