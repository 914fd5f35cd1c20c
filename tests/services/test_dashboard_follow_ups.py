"""Follow-ups 6, 12 and 24 months after a cohort ends are on the dashboard's "needs attention"
list, by the one rule in outcomes_figures (the cohort page asks the same question)."""

from __future__ import annotations

from datetime import date, timedelta

from women_in_ddat.domain.enums import (
    CohortStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.services.dashboard import AttentionKind, DashboardService, RecordRef
from women_in_ddat.services.outcomes_figures import add_months, follow_up_showing
from women_in_ddat.services.people import PersonInput

TODAY = date(2026, 11, 22)


def _ended(services, name: str, months_ago: int, mentees: int = 2) -> int:  # type: ignore[no-untyped-def]
    end = add_months(TODAY, -months_ago)
    cohort = services.cohorts.create_cohort(
        name, start_date=end - timedelta(days=300), end_date=end, status=CohortStatus.DRAFT
    )
    for i in range(mentees):
        person = services.people.create(
            PersonInput(
                email=f"{i}.{months_ago}@thurrock.gov.uk", first_name=f"P{i}", last_name="Test"
            )
        )
        services.cohorts.add_participant(
            cohort.id, person.id, ParticipantRole.MENTEE, status=ParticipationStatus.COMPLETED
        )
    return cohort.id


def test_cohorts_ended_six_twelve_and_twenty_four_months_ago_all_need_attention(services) -> None:
    ids = {months: _ended(services, f"Ended {months} months ago", months) for months in (6, 12, 24)}
    # Too early for the first, and past the last one's three months.
    quiet = {_ended(services, f"Ended {m} months ago", m) for m in (3, 30)}
    dash = DashboardService(services.db, "tester")

    items = dash.dashboard(TODAY).attention_by_kind()[AttentionKind.OUTCOME_FOLLOW_UP]

    by_cohort = {item.cohort_id: item for item in items}
    assert set(by_cohort) == set(ids.values())
    for months, cohort_id in ids.items():
        item = by_cohort[cohort_id]
        assert item.headline == f"Ended {months} months ago: {months}-month follow-up"
        assert item.opens == RecordRef("cohort", cohort_id)
        assert item.days == 0  # due today
        assert "2 of 2 mentees" in item.detail
    # The dashboard and the outcome figures give the same answer.
    showing = services.outcomes.follow_ups_showing(TODAY)
    assert {(cid, f.months) for cid, _name, f in showing} == {(cid, m) for m, cid in ids.items()}
    assert not quiet & {cid for cid, _n, _f in showing}


def test_the_window_is_the_outcome_figures_rule_day_by_day(services) -> None:
    cohort_id = _ended(services, "Ended", 6, mentees=1)
    dash = DashboardService(services.db, "tester")
    end = add_months(TODAY, -6)
    for offset in range(-30, 800, 7):
        day = TODAY + timedelta(days=offset)
        listed = [
            i.headline
            for i in dash.dashboard(day).attention_by_kind()[AttentionKind.OUTCOME_FOLLOW_UP]
            if i.cohort_id == cohort_id
        ]
        expected = follow_up_showing(end, day)
        assert listed == ([f"Ended: {expected.months}-month follow-up"] if expected else []), day


def test_an_outcome_recorded_since_answers_the_follow_up(services) -> None:
    cohort_id = _ended(services, "Ended", 12, mentees=1)
    dash = DashboardService(services.db, "tester")
    person = services.people.by_email("0.12@thurrock.gov.uk")
    services.progress.record_outcome(
        person.id, OutcomeKind.NEW_ROLE, date.today(), cohort_id=cohort_id
    )
    # Recorded today (the clock's today), so the check is against the clock's date.
    today = date.today()
    items = dash.dashboard(today).attention_by_kind()[AttentionKind.OUTCOME_FOLLOW_UP]
    assert cohort_id not in {i.cohort_id for i in items}
