"""Gathering report data from a real database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from tests.reports.builders import add_mentee
from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.errors import Conflict, NotFound
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.report_data_gather import ReportDataService

ZOE = "zoe.hughes@essex.gov.uk"


@pytest.fixture
def data(demo_services) -> ReportDataService:  # type: ignore[no-untyped-def]
    return ReportDataService(demo_services.db, "tester")


def test_a_mentees_progress_agrees_with_what_the_services_show(demo_services, data) -> None:  # type: ignore[no-untyped-def]
    person = demo_services.people.by_email(ZOE)
    p = data.person_progress(ZOE)
    assert p.display_name == "Zoë Hughes"
    assert p.cohort == "Top Talent Essex 2025"
    assert p.programme == "Top Talent"

    matches = [
        m
        for m in demo_services.matches.rows(person_id=person.id)
        if m.mentee_person_id == person.id and m.cohort_id == p.cohort_id
    ]
    assert [m.mentor_name for m in matches] == [m.name for m in p.mentors]
    assert p.sessions.count == sum(m.sessions for m in matches)
    assert p.sessions.last_held == max(m.last_session for m in matches)

    milestones = demo_services.progress.milestones(person_id=person.id)
    assert sorted(m.title for m in milestones) == sorted(m.title for m in p.milestones)
    assert p.milestones_done == sum(1 for m in milestones if m.status == "done")

    answers = demo_services.progress.assessments(p.participation_id)
    baseline = answers[("baseline", "self")]
    assert {c.item: c.baseline for c in p.confidence} == {
        item: score for (kind, item), score in baseline.items() if kind == "confidence"
    }
    assert {s.item for s in p.skills} == {item for kind, item in baseline if kind == "skill"}
    assert [o.kind for o in p.outcomes] == [
        o.kind for o in demo_services.progress.outcomes(person.id) if o.cohort_id == p.cohort_id
    ]


def test_an_unknown_email_is_not_found_and_the_message_does_not_repeat_it(data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound) as caught:
        data.person_progress("nobody.here@example.org")
    assert "nobody" not in caught.value.message


def test_a_mentor_has_no_progress_summary(demo_services, data) -> None:  # type: ignore[no-untyped-def]
    mentor = next(m for m in demo_services.matches.rows())
    with pytest.raises(Conflict):
        data.person_progress(mentor.mentor_email)


def test_a_certificate_needs_a_completed_cohort(demo_services, data) -> None:  # type: ignore[no-untyped-def]
    assert data.certificate_progress(ZOE).status == "completed"
    in_progress = next(
        m.mentee_email for m in demo_services.matches.rows() if m.cohort == "Top Talent Kent 2026"
    )
    with pytest.raises(Conflict):
        data.certificate_progress(in_progress)


def test_a_chosen_cohort_must_be_one_she_is_in(data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Conflict):
        data.person_progress(ZOE, "Top Talent Kent 2026")
    with pytest.raises(NotFound):
        data.person_progress(ZOE, "No Such Cohort")
    assert data.person_progress(ZOE, "top talent essex 2025").cohort == "Top Talent Essex 2025"


def _count_queries(db, fn):  # type: ignore[no-untyped-def]
    statements = []

    def count(*args, **kwargs):  # type: ignore[no-untyped-def]
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        result = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return result, len(statements)


def test_a_cohort_is_read_in_the_same_few_queries_whatever_its_size(services) -> None:  # type: ignore[no-untyped-def]
    cohort = services.cohorts.create_cohort("Scale", start_date=date(2025, 1, 1))
    mentors = []
    for i in range(10):
        person = services.people.create(
            PersonInput(
                email=f"mentor{i}@kent.gov.uk",
                first_name="Mentor",
                last_name=str(i),
                organisation="Kent County Council",
            )
        )
        mentors.append(
            services.cohorts.add_participant(
                cohort.id, person.id, ParticipantRole.MENTOR, mentor_capacity=5
            ).id
        )
    data = ReportDataService(services.db, "tester")
    add_mentee(
        services, cohort.id, "A", "One", email="a1@essex.gov.uk", mentor_participation_id=mentors[0]
    )
    (_, few), small = _count_queries(services.db, lambda: data.cohort_progress("Scale"))
    for i in range(30):
        add_mentee(
            services,
            cohort.id,
            "B",
            f"Many{i}",
            email=f"b{i}@essex.gov.uk",
            mentor_participation_id=mentors[i % 10],
        )
    (_, many), large = _count_queries(services.db, lambda: data.cohort_progress("Scale"))
    assert (len(few), len(many)) == (1, 31)
    assert large == small
    assert all(len(m.milestones) == len(few[0].milestones) for m in many)


def test_the_organisation_report_leaves_out_people_who_did_not_agree_to_share(
    demo_services, data
) -> None:  # type: ignore[no-untyped-def]
    org = data.organisation_data("essex county council")
    assert org.name == "Essex County Council"
    shown = {m.person_id for m in org.mentees}
    zoe = demo_services.people.by_email(ZOE)
    assert zoe.id in shown
    demo_services.people.update(zoe.id, PersonInput(consent_to_share_with_sponsor=False))
    after = data.organisation_data("Essex County Council")
    assert zoe.id not in {m.person_id for m in after.mentees}
    assert after.withheld == org.withheld + 1
    with pytest.raises(NotFound):
        data.organisation_data("Nowhere Council")


def test_the_reports_page_choices_list_mentees_cohorts_and_organisations(data) -> None:  # type: ignore[no-untyped-def]
    mentees = data.mentee_choices()
    assert ZOE in {c.key for c in mentees}
    assert "Top Talent Kent 2026" in {c.key for c in data.cohort_choices()}
    assert "Essex County Council" in {c.key for c in data.organisation_choices()}
