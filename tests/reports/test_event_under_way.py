"""A two-day event whose first day is today: the reports count the days held so far.

Read back from the PDFs with pypdf, as the board, the mentee and the sponsor read them.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.reports.pdf_tools import body_text, squash
from women_in_ddat.domain.enums import AttendanceStatus
from women_in_ddat.domain.models import Cohort, Organisation, Participation, Person
from women_in_ddat.services.events import EventInput, days_between

KENT = "Top Talent Kent 2026"
# Of the cohort's 11 mentees: 6 there today, 5 not (so neither figure is a small group).
ATTENDED_TODAY = 6


def _kent_mentees(services):  # type: ignore[no-untyped-def]
    with services.db.reading() as session:
        cohort_id = session.scalar(select(Cohort.id).where(Cohort.name == KENT))
        mentees = session.execute(
            select(Person.id, Person.email, Organisation.name, Person.consent_to_share_with_sponsor)
            .join(Participation, Participation.person_id == Person.id)
            .join(Organisation, Organisation.id == Person.organisation_id)
            .where(
                Participation.cohort_id == cohort_id,
                Participation.role == "mentee",
                Participation.status != "withdrawn",
            )
            .order_by(Person.email)
        ).all()
    return cohort_id, mentees


def _hold_day_one(services, cohort_id, mentees) -> None:  # type: ignore[no-untyped-def]
    """A two-day event, today and tomorrow; the register marks the first few there today."""
    today = date.today()
    event = services.events.plan(
        cohort_id,
        EventInput(
            title="Two-day leadership training", days=days_between(today, today + timedelta(1))
        ),
    )
    services.events.invite(event.id, person_ids=[p for p, *_ in mentees])
    first, _second = services.events.day_ids(event.id, None)
    services.events.mark(
        event.id, [(p, first, AttendanceStatus.ATTENDED) for p, *_ in mentees[:ATTENDED_TODAY]]
    )


@pytest.fixture
def under_way(demo_services):  # type: ignore[no-untyped-def]
    cohort_id, mentees = _kent_mentees(demo_services)
    _hold_day_one(demo_services, cohort_id, mentees)
    return demo_services, mentees


def test_the_board_reads_who_attended_every_day_held_so_far(under_way, run_report):
    services, mentees = under_way
    _, facts = run_report(services, "cohort", KENT)
    text = squash(body_text(facts))
    assert len(mentees) - ATTENDED_TODAY >= 5
    share = round(100 * ATTENDED_TODAY / len(mentees))
    # Not "0 (0%)": nobody can have attended tomorrow yet.
    assert squash("Two-day leadership training") in text
    assert squash(f"{ATTENDED_TODAY} ({share}%) so far: 1 of 2 days held") in text


def test_her_summary_reads_the_days_so_far(under_way, run_report):
    services, mentees = under_way
    _, facts = run_report(services, "person", mentees[0][1])
    assert squash("1 of 2 days so far (1 to come)") in squash(body_text(facts))


SPONSOR_LINE = re.compile(r"attended(\d+)ofthe(\d+)days")


def test_her_sponsor_counts_only_the_day_held(demo_services, run_report):
    services = demo_services
    cohort_id, mentees = _kent_mentees(services)
    # An organisation whose mentee attended today and agreed to share with her sponsor.
    sponsor = next(m[2] for m in mentees[:ATTENDED_TODAY] if m[3])
    ours = [m for m in mentees if m[2] == sponsor and m[3]]
    _, facts = run_report(services, "organisation", sponsor)
    before = SPONSOR_LINE.search(squash(body_text(facts)))
    _hold_day_one(services, cohort_id, mentees)
    _, facts = run_report(services, "organisation", sponsor)
    after = SPONSOR_LINE.search(squash(body_text(facts)))
    assert before and after
    attended_before, days_before = map(int, before.groups())
    attended_after, days_after = map(int, after.groups())
    # One day held each (today's); tomorrow's is not yet missed.
    assert days_after - days_before == len(ours)
    assert attended_after - attended_before == len(
        [m for m in ours if m in mentees[:ATTENDED_TODAY]]
    )
