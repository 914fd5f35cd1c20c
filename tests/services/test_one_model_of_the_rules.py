"""One fact, one record: the dashboard, the pages, the reports and the messages read one rule.

Each test drives the services as the app, the command line and the demo do,
then reads the fact back from every place that shows it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from women_in_ddat.domain.enums import (
    AttendanceStatus,
    CohortStatus,
    MatchStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.programme_rules import MilestoneState
from women_in_ddat.reports.cohort_counts import pipeline
from women_in_ddat.services.attention import AttentionKind, SignalRef
from women_in_ddat.services.dashboard import DashboardService
from women_in_ddat.services.events import DayPlan, EventInput
from women_in_ddat.services.list_query import ListSpec
from women_in_ddat.services.message_audience import Audience, Group, reach
from women_in_ddat.services.milestone_list import MilestoneList
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.report_data_gather import ReportDataService

TODAY = date.today()
COHORT_START = TODAY - timedelta(days=200)


@pytest.fixture
def kent(services):
    """A cohort 200 days in (ending in 20): a mentee matched from the start, one who joined
    late and waits for a mentor (accepted), and two mentors (one accepted)."""
    s = services
    cohort = s.cohorts.create_cohort(
        "Kent",
        start_date=COHORT_START,
        end_date=TODAY + timedelta(days=20),
        status=CohortStatus.IN_PROGRESS,
    )

    def person(key: str, org: str) -> int:
        return s.people.create(
            PersonInput(email=f"{key}@{org}.gov.uk", first_name=key.title(), organisation=org)
        ).id

    early = s.cohorts.add_participant(
        cohort.id, person("ada", "essex"), ParticipantRole.MENTEE, status=ParticipationStatus.ACTIVE
    )
    late = s.cohorts.add_participant(
        cohort.id,
        person("bea", "essex"),
        ParticipantRole.MENTEE,
        start_date=TODAY - timedelta(days=30),
    )
    helen = s.cohorts.add_participant(
        cohort.id,
        person("helen", "kent"),
        ParticipantRole.MENTOR,
        mentor_capacity=3,
        status=ParticipationStatus.ACTIVE,
    )
    sarah = s.cohorts.add_participant(
        cohort.id, person("sarah", "suffolk"), ParticipantRole.MENTOR, mentor_capacity=3
    )
    s.matches.create_match(
        early.id, helen.id, status=MatchStatus.ACTIVE, start_date=COHORT_START + timedelta(days=14)
    )
    return s, cohort, early, late, helen, sarah


def active_everywhere(s, cohort) -> tuple[int, int, int]:
    """Her cohort's active mentees as the dashboard card, the Cohorts page and the report count them."""
    cards = DashboardService(s.db, "t").dashboard(TODAY).cohorts
    on_card = next(o for o in cards if o.cohort_id == cohort.id).pipeline.active
    on_page = sum(
        1
        for m in s.cohorts.members(cohort.id)
        if m.role == ParticipantRole.MENTEE.value and m.status == ParticipationStatus.ACTIVE.value
    )
    in_report = pipeline(ReportDataService(s.db, "t").cohort_data(cohort.name).mentees).active
    return on_card, on_page, in_report


@pytest.mark.parametrize("path", ["start", "start_match", "create_active", "log_session"])
def test_a_match_that_starts_makes_both_places_active(kent, path: str) -> None:
    s, cohort, _, late, _, sarah = kent
    assert active_everywhere(s, cohort) == (1, 1, 1)
    if path == "start":  # the command line
        s.matches.start(late.id, sarah.id)
    elif path == "start_match":  # the match page's Start on a proposed match
        s.matches.start_match(s.matches.create_match(late.id, sarah.id).id)
    elif path == "create_active":  # the new-match dialog, active from today
        s.matches.create_match(late.id, sarah.id, status=MatchStatus.ACTIVE)
    else:  # a session logged on a proposed match starts it
        s.matches.log_session(s.matches.create_match(late.id, sarah.id).id, held_on=TODAY)
    assert s.cohorts.place(late.id).status == ParticipationStatus.ACTIVE.value
    assert s.cohorts.place(sarah.id).status == ParticipationStatus.ACTIVE.value
    assert active_everywhere(s, cohort) == (2, 2, 2)


def test_a_proposed_match_leaves_her_place_as_it_was(kent) -> None:
    s, cohort, _, late, _, sarah = kent
    s.matches.create_match(late.id, sarah.id)
    assert s.cohorts.place(late.id).status == ParticipationStatus.ACCEPTED.value
    assert active_everywhere(s, cohort) == (1, 1, 1)


def test_active_is_her_places_status_on_the_dashboard_as_on_every_page(kent) -> None:
    s, cohort, _, late, _, sarah = kent
    s.matches.start(late.id, sarah.id)
    # The coordinator says otherwise (or a database from before the rule): her place decides.
    s.cohorts.set_participation_status(late.id, ParticipationStatus.ACCEPTED)
    assert active_everywhere(s, cohort) == (1, 1, 1)


def overdue_titles(s, participation_id: int) -> set[str]:
    return {
        m.title
        for m in s.progress.milestones()
        if m.participation_id == participation_id and m.state is MilestoneState.OVERDUE
    }


def chased(s, cohort) -> set[int]:
    """The mentees the "milestone overdue" reminder goes to."""
    with s.db.reading() as session:
        reached = reach(session, Audience.cohort_group(cohort.name, Group.OVERDUE), TODAY)
    return {p.participation_id for p in reached.places}


def dashboard_overdue(s, cohort) -> int:
    groups = DashboardService(s.db, "t").dashboard(TODAY).attention_by_kind()
    return sum(g.count for g in groups[AttentionKind.MILESTONE_OVERDUE] if g.cohort_id == cohort.id)


def test_a_mentee_matched_today_owes_nothing_anchored_on_her_match_yet(kent) -> None:
    s, cohort, early, late, _, sarah = kent
    s.matches.start(late.id, sarah.id)
    rows = {m.title: m for m in s.progress.milestones() if m.participation_id == late.id}
    # Anchored on her match: due from the day it started, not from the cohort's start.
    assert rows["First mentoring session"].due_date == TODAY + timedelta(days=14)
    assert rows["Development plan agreed"].due_date == TODAY + timedelta(days=30)
    # Anchored on the cohort's start: the cohort's calendar, as an import's "already due"
    # milestones left open are meant to be (README, import --past-milestones).
    assert rows["Module or course completed"].due_date == COHORT_START + timedelta(days=120)
    assert overdue_titles(s, late.id) == {
        "Module or course completed",
        "Public speaking or visibility task",
        "Shadowing or secondment",
    }
    # The pages, the dashboard and the chaser say the same.
    assert dashboard_overdue(s, cohort) == len(overdue_titles(s, early.id)) + 3
    assert {early.id, late.id} <= chased(s, cohort)


def test_while_her_match_is_on_hold_her_milestones_are_paused_not_chased(kent) -> None:
    s, cohort, early, _, _, _ = kent
    overdue = overdue_titles(s, early.id)
    assert overdue and early.id in chased(s, cohort)
    match = s.matches.current_match(early.id)
    assert match is not None

    s.matches.hold(match.id, reason="Her mentor is on leave")
    assert overdue_titles(s, early.id) == set()
    paused = [m for m in s.progress.milestones() if m.participation_id == early.id]
    assert {m.state for m in paused if m.title in overdue} == {MilestoneState.WAITING}
    assert dashboard_overdue(s, cohort) == 0
    assert early.id not in chased(s, cohort)
    with s.db.reading() as session:
        reached = reach(session, Audience.cohort_group(cohort.name, Group.MENTEES), TODAY)
    # Still a mentee to write to; only the chaser leaves her out.
    assert early.id in {p.participation_id for p in reached.places}

    s.matches.resume(match.id)
    assert overdue_titles(s, early.id) == overdue
    assert early.id in chased(s, cohort)


def test_an_event_under_way_and_people_on_its_register_ask_no_reply(kent) -> None:
    s, cohort, early, late, _, _ = kent
    ada, bea = s.cohorts.place(early.id).person_id, s.cohorts.place(late.id).person_id

    def event(title: str, first_day: date) -> int:
        created = s.events.plan(cohort.id, EventInput(title, (DayPlan(first_day),)))
        s.events.invite(created.id, person_ids=[ada, bea])
        return created.id

    today_event = event("Running today", TODAY)
    tomorrow = event("Tomorrow", TODAY + timedelta(days=1))

    def waiting() -> dict[int, int]:
        groups = DashboardService(s.db, "t").dashboard(TODAY).attention_by_kind()
        return {g.opens.id: g.count for g in groups[AttentionKind.EVENT_NO_REPLY]}

    assert waiting() == {tomorrow: 2}
    # Someone marked there has answered in effect, whatever her reply says.
    (day,) = s.events.day_ids(tomorrow, None)
    s.events.mark(tomorrow, [(ada, day, AttendanceStatus.ATTENDED)])
    assert waiting() == {tomorrow: 1}
    assert today_event not in waiting()


def test_a_cohort_ending_soon_opens_the_milestones_it_counts(kent) -> None:
    s, cohort, early, _, _, _ = kent
    groups = DashboardService(s.db, "t").dashboard(TODAY).attention_by_kind()
    (ending,) = [g for g in groups[AttentionKind.COHORT_ENDING] if g.cohort_id == cohort.id]
    assert isinstance(ending.opens, SignalRef) and ending.opens.kind == "milestone"
    shown = MilestoneList(s.db, cohort_id=cohort.id, signal=ending.opens, today=TODAY)
    assert shown.count(ListSpec()) == ending.count
    rows = shown.window(ListSpec(), 0, 100)
    assert rows and all(r.required for r in rows)
    assert {r.state for r in rows} <= {
        MilestoneState.OPEN,
        MilestoneState.OVERDUE,
        MilestoneState.WAITING,
    }
    # The required ones still open, due or not: more than the overdue ones.
    assert any(r.state is not MilestoneState.OVERDUE for r in rows)
    assert f"{ending.count} required milestones open" in ending.detail
