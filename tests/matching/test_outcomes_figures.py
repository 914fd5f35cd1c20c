"""Outcome figures per cohort, and the follow-ups 6, 12 and 24 months after a cohort ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.matching.builders import join, person
from women_in_ddat.domain.enums import (
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.services.outcomes_figures import (
    FollowUp,
    OutcomeFiguresService,
    add_months,
    follow_up_schedule,
    follow_up_showing,
)


def test_follow_ups_fall_due_6_12_and_24_months_after_the_end() -> None:
    assert follow_up_schedule(date(2025, 8, 31)) == (
        FollowUp(6, date(2026, 2, 28)),
        FollowUp(12, date(2026, 8, 31)),
        FollowUp(24, date(2027, 8, 31)),
    )
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 2) == date(2026, 1, 15)


@pytest.mark.parametrize(
    ("today", "months"),
    [
        (date(2025, 6, 30), None),  # cohort just ended
        (date(2025, 12, 17), None),  # 15 days before the first
        (date(2025, 12, 18), 6),  # shows two weeks before
        (date(2026, 6, 16), 6),  # until the next one starts showing
        (date(2026, 6, 17), 12),
        (date(2027, 6, 17), 24),
        (date(2027, 9, 28), 24),  # the last shows 90 days after its date
        (date(2027, 9, 29), None),
    ],
)
def test_which_follow_up_shows_today(today: date, months: int | None) -> None:
    showing = follow_up_showing(date(2025, 7, 1), today)
    assert (showing.months if showing else None) == months
    assert follow_up_showing(None, today) is None


@pytest.fixture
def finished(services):
    s = services
    start = date.today() - timedelta(days=500)
    c = s.cohorts.create_cohort(
        "Figures 2024", start_date=start, end_date=start + timedelta(days=365)
    )
    later = s.cohorts.create_cohort("Figures 2025", start_date=start + timedelta(days=400))
    ids = {}
    for name, status in (
        ("promoted", ParticipationStatus.COMPLETED), ("promoted_late", ParticipationStatus.COMPLETED),
        ("left", ParticipationStatus.COMPLETED), ("mentor_later", ParticipationStatus.COMPLETED),
        ("quiet", ParticipationStatus.ACTIVE), ("gone", ParticipationStatus.WITHDRAWN),
    ):  # fmt: skip
        pid = person(s, f"{name}@essex.gov.uk", organisation="Essex County Council")
        join(s, c.id, pid, ParticipantRole.MENTEE, status=status)
        ids[name] = pid
    join(s, later.id, ids["mentor_later"], ParticipantRole.MENTOR, capacity=1)
    record = s.progress.record_outcome
    record(ids["promoted"], OutcomeKind.PROMOTION, start + timedelta(days=100), cohort_id=c.id)
    record(ids["promoted"], OutcomeKind.PROMOTION, start + timedelta(days=300), cohort_id=c.id)
    record(ids["promoted_late"], OutcomeKind.PROMOTION, start + timedelta(days=400))
    record(ids["left"], OutcomeKind.LEFT_SECTOR, start + timedelta(days=200))
    record(ids["left"], OutcomeKind.LEFT_ORGANISATION, start + timedelta(days=200))
    # Before the cohort began, and credited elsewhere: neither counts.
    record(ids["quiet"], OutcomeKind.PROMOTION, start - timedelta(days=10))
    record(ids["quiet"], OutcomeKind.BECAME_MENTOR, start + timedelta(days=30), cohort_id=later.id)
    record(ids["gone"], OutcomeKind.PROMOTION, start + timedelta(days=50), cohort_id=c.id)
    return s, c, start


def test_cohort_figures(finished) -> None:
    s, c, start = finished
    figures = OutcomeFiguresService(s.db, s.actor).cohort_figures(c.id)
    assert (figures.took_part, figures.withdrew) == (5, 1)
    assert (figures.promoted.count, figures.promoted.of) == (2, 5)
    assert str(figures.promoted) == "2 of 5 (40%)"
    assert figures.time_to_promotion.days == (100, 400)
    assert figures.time_to_promotion.median_months == pytest.approx(250 / (365.25 / 12))
    assert (figures.retained_in_sector.count, figures.left_sector, figures.left_organisation) == (
        4,
        1,
        1,
    )
    assert figures.became_mentors.count == 1  # mentors in a later cohort
    assert figures.people_by_outcome["promotion"] == 2
    assert [f.months for f in figures.follow_ups] == [6, 12, 24]
    assert figures.follow_ups[0].due == add_months(start + timedelta(days=365), 6)


def test_demo_figures_and_follow_ups(demo_services) -> None:
    service = OutcomeFiguresService(demo_services.db, demo_services.actor)
    by_name = {f.cohort: f for f in service.all_cohorts()}
    essex = by_name["Top Talent Essex 2025"]
    assert essex.took_part == 9 and essex.withdrew == 1
    assert essex.promoted.count >= 1 and essex.became_mentors.count >= 1
    assert by_name["Top Talent Thames Gateway 2027"].promoted.of == 0
    assert str(by_name["Top Talent Thames Gateway 2027"].promoted) == "no one yet"
    essex_end = essex.end_date
    showing = service.follow_ups_showing(today=add_months(essex_end, 6))
    assert [(name, f.months) for _, name, f in showing] == [("Top Talent Essex 2025", 6)]
