"""The cohort page's "Development and outcomes" tab, as a coordinator reads it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from women_in_ddat.domain.enums import (
    AssessmentPoint,
    CohortStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.services.outcomes_figures import add_months
from women_in_ddat.services.people import PersonInput

pytestmark = pytest.mark.gui


@pytest.fixture
def cohorts(window):  # type: ignore[no-untyped-def]
    return window.show_page("Cohorts")


def show(page, name: str):  # type: ignore[no-untyped-def]
    row = page.cohort_model.find(lambda c: c.name == name)
    page.cohort_table.selectRow(row)
    page.detail_tabs.setCurrentWidget(page.outcomes_scroll)
    return page.outcomes


def cells(panel, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = panel.confidence_model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_a_completed_cohort_shows_paired_change_and_every_outcome_figure(cohorts, context) -> None:
    panel = show(cohorts, "Top Talent Essex 2025")
    services = context.services
    cohort_id = cohorts.cohort.id
    figures = services.outcomes.cohort_figures(cohort_id)
    paired = services.development.cohort_confidence(cohort_id, later=AssessmentPoint.END)

    assert panel.heading.text() == "Top Talent Essex 2025"
    assert panel.confidence_note.text().startswith(
        "Baseline against the end-of-programme questionnaire"
    )
    assert panel.confidence_table.isVisibleTo(panel)
    assert cells(panel, 0) == [item.label for item in paired.items]
    assert cells(panel, 1) == [str(item.people) for item in paired.items]
    assert cells(panel, 4) == [f"{item.mean_change:+.1f}" for item in paired.items]
    assert all(item.people == 9 for item in paired.items)  # the 9 who took part, each paired
    assert f"over {paired.overall.people} mentees" in panel.confidence_note.text()

    assert figures.promoted.count == 3 and figures.took_part == 9
    assert panel.promotion_card.value.text() == "33%"
    assert panel.promotion_card.detail.text() == "3 of 9 mentees promoted"
    assert panel.time_card.value.text() == f"{figures.time_to_promotion.median_months:.1f} months"
    # No one heard from at a follow-up yet: not a share of nobody (the cohort summary's rule).
    assert not figures.sector_known
    assert panel.retention_card.value.text() == "Not yet"
    assert panel.mentors_card.value.text() == "11%"
    assert "1 withdrew and are not counted" in panel.counted.text()
    for follow_up in figures.follow_ups:
        assert follow_up.due.strftime("%d/%m/%Y") in panel.follow_ups.text()


def test_a_running_cohort_says_no_end_questionnaires_yet_and_pairs_the_mid_point(cohorts) -> None:
    panel = show(cohorts, "Top Talent Kent 2026")
    assert panel.confidence_note.text().startswith("No end-of-programme questionnaires yet.")
    assert "mid-point" in panel.confidence_note.text()
    assert panel.confidence_model.rowCount() == 5
    assert panel.promotion_card.detail.text() == "No promotions recorded yet"
    assert panel.time_card.value.text() == "–"


def test_a_cohort_without_mentees_has_plain_empty_states(cohorts) -> None:
    panel = show(cohorts, "Top Talent Thames Gateway 2027")
    assert panel.confidence_note.text() == (
        "No end-of-programme questionnaires yet. No baseline questionnaires either."
    )
    assert not panel.confidence_table.isVisibleTo(panel)
    assert panel.counted.text().startswith("No mentees have taken part yet")
    assert panel.promotion_card.value.text() == "–"
    assert "once the cohort has ended" in panel.follow_ups.text()


def test_new_answers_and_outcomes_show_and_the_due_follow_up_is_marked(cohorts, context) -> None:
    services = context.services
    today = date.today()
    end = add_months(today, -12)
    cohort = services.cohorts.create_cohort(
        "Top Talent Medway 2025",
        start_date=end - timedelta(days=365),
        end_date=end,
        status=CohortStatus.DRAFT,
    )
    places = []
    for i in range(2):
        person = services.people.create(
            PersonInput(email=f"m{i}@medway.gov.uk", first_name=f"Mentee{i}", last_name="Test")
        )
        places.append(
            services.cohorts.add_participant(
                cohort.id, person.id, ParticipantRole.MENTEE, status=ParticipationStatus.COMPLETED
            )
        )
    services.development.record_confidence(places[0].id, AssessmentPoint.BASELINE, {"network": 2})
    services.development.record_confidence(places[1].id, AssessmentPoint.BASELINE, {"network": 3})
    services.development.record_confidence(places[0].id, AssessmentPoint.END, {"network": 5})
    services.progress.record_outcome(
        places[0].person_id, OutcomeKind.PROMOTION, end, cohort_id=cohort.id
    )
    cohorts.refresh()

    panel = show(cohorts, "Top Talent Medway 2025")
    assert cells(panel, 0) == ["I have a professional network I can draw on"]
    assert cells(panel, 1) == ["1"] and cells(panel, 4) == ["+3.0"]
    assert "1 more with a baseline have not answered it yet" in panel.confidence_note.text()
    assert panel.promotion_card.value.text() == "50%"
    assert panel.time_card.value.text() == "12.0 months"
    due_now = [line for line in panel.follow_ups.text().splitlines() if "due now" in line]
    assert due_now == [
        f"12-month follow-up: {add_months(end, 12):%d/%m/%Y} — due now: on the dashboard's list"
    ]
