"""A cohort that ended six months ago: its follow-up is on the dashboard and opens the cohort,
whose Development and outcomes tab marks the same follow-up as due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import settled
from tests.ui.test_dashboard_page import _items, _select
from women_in_ddat.domain.enums import CohortStatus, ParticipantRole, ParticipationStatus
from women_in_ddat.services.dashboard import AttentionKind
from women_in_ddat.services.outcomes_figures import add_months
from women_in_ddat.services.people import PersonInput

pytestmark = pytest.mark.gui


def test_the_six_month_follow_up_is_listed_and_opens_the_cohort(qtbot, window, context) -> None:
    services = context.services
    end = add_months(date.today(), -6)
    cohort = services.cohorts.create_cohort(
        "Top Talent Medway 2025",
        start_date=end - timedelta(days=300),
        end_date=end,
        status=CohortStatus.DRAFT,
    )
    for i in range(3):
        person = services.people.create(
            PersonInput(email=f"f{i}@medway.gov.uk", first_name=f"F{i}", last_name="T")
        )
        services.cohorts.add_participant(
            cohort.id, person.id, ParticipantRole.MENTEE, status=ParticipationStatus.COMPLETED
        )
    page = window.pages["Dashboard"]
    settled(qtbot, page).refresh()  # the dashboard is counted on a worker
    settled(qtbot, page)

    group = next(k for k in _items(page) if k.startswith(AttentionKind.OUTCOME_FOLLOW_UP.label))
    headlines = [h for h, _ in _items(page)[group]]
    row = headlines.index("Top Talent Medway 2025: 6-month follow-up")
    ref = _select(page, AttentionKind.OUTCOME_FOLLOW_UP.label, row)
    assert ref.kind == "cohort" and ref.id == cohort.id
    page.attention.setFocus()
    qtbot.keyClick(page.attention, Qt.Key.Key_Return)

    assert window.current_page_name() == "Cohorts"
    cohorts = window.pages["Cohorts"]
    assert cohorts.cohort.id == cohort.id
    cohorts.detail_tabs.setCurrentWidget(cohorts.outcomes_scroll)
    assert (
        f"6-month follow-up: {add_months(end, 6):%d/%m/%Y} — due now"
        in cohorts.outcomes.follow_ups.text()
    )
