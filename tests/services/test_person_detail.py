from __future__ import annotations

from datetime import date, timedelta

import pytest

from women_in_ddat.domain.enums import (
    AssessmentPoint,
    CohortStatus,
    MatchStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
    SessionFormat,
)
from women_in_ddat.errors import NotFound
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.person_detail import DeletionImpact, PersonDetailService

TODAY = date.today()


@pytest.fixture
def pair(services):
    s = services
    cohort = s.cohorts.create_cohort(
        "Kent 2026",
        start_date=TODAY - timedelta(days=60),
        end_date=TODAY + timedelta(days=200),
        status=CohortStatus.IN_PROGRESS,
    )
    mentee = s.people.create(
        PersonInput(
            email="zoe@essex.gov.uk",
            first_name="Zoë",
            last_name="Hughes",
            organisation="Essex County Council",
            job_title="Data analyst",
            skills_wanted=["Data ethics"],
        )
    )
    mentor = s.people.create(
        PersonInput(
            email="helen@kent.gov.uk",
            first_name="Helen",
            last_name="Carter",
            organisation="Kent County Council",
        )
    )
    mentee_part = s.cohorts.add_participant(
        cohort.id, mentee.id, ParticipantRole.MENTEE, status=ParticipationStatus.ACTIVE
    )
    mentor_part = s.cohorts.add_participant(cohort.id, mentor.id, ParticipantRole.MENTOR)
    match = s.matches.create_match(
        mentee_part.id,
        mentor_part.id,
        status=MatchStatus.ACTIVE,
        start_date=TODAY - timedelta(days=50),
    )
    s.matches.log_session(
        match.id, held_on=TODAY - timedelta(days=40), format=SessionFormat.PHONE, note="Plan"
    )
    s.matches.log_session(match.id, held_on=TODAY - timedelta(days=10))
    s.development.record_confidence(
        mentee_part.id, AssessmentPoint.BASELINE, {"ddat_skills": 2, "network": 4}
    )
    s.progress.record_outcome(
        mentee.id, OutcomeKind.SECONDMENT, TODAY - timedelta(days=5), cohort_id=cohort.id
    )
    return mentee, mentor, cohort, match


def test_everything_about_a_mentee_is_in_one_detail(services, pair) -> None:
    mentee, mentor, cohort, match = pair
    detail = PersonDetailService(services.db).detail(mentee.id)
    assert detail.display_name == "Zoë Hughes"
    assert detail.organisation == "Essex County Council"
    assert detail.skills_wanted == ("Data ethics",)
    assert [(p.cohort, p.role, p.status) for p in detail.participations] == [
        ("Kent 2026", "mentee", "active")
    ]
    (m,) = detail.matches
    assert (m.id, m.role, m.partner_name, m.sessions) == (match.id, "mentee", "Helen Carter", 2)
    assert m.last_session == TODAY - timedelta(days=10)
    assert [s.held_on for s in detail.sessions] == [
        TODAY - timedelta(days=10),
        TODAY - timedelta(days=40),
    ]
    assert detail.sessions[1].format == "phone"
    assert len(detail.milestones) == 6
    # Logging her first session completed "First mentoring session", dated that session
    # (it was due 14 days after the match began; before the rules it showed overdue).
    first = next(ms for ms in detail.milestones if ms.title == "First mentoring session")
    assert (first.status, first.completed_on, first.evidence_note) == (
        "done",
        TODAY - timedelta(days=40),
        "Session logged",
    )
    assert not first.overdue and first.state == "done"
    plan = next(ms for ms in detail.milestones if ms.title == "Development plan agreed")
    assert plan.due_date == TODAY - timedelta(days=20) and plan.state == "overdue"
    (assessment,) = detail.assessments
    assert assessment.confidence == {"ddat_skills": 2, "network": 4}
    assert assessment.confidence_mean == 3
    assert [o.kind for o in detail.outcomes] == ["secondment"]
    assert detail.outcomes[0].cohort == "Kent 2026"


def test_her_page_and_her_record_state_the_same_values_once(services, pair) -> None:
    import dataclasses

    from women_in_ddat.services.people import PersonFields

    mentee = pair[0]
    services.people.update(mentee.id, PersonInput(pronouns="she/her", do_not_contact=True))
    record = services.people.get(mentee.id)
    detail = PersonDetailService(services.db).detail(mentee.id)
    shared = [f.name for f in dataclasses.fields(PersonFields)]
    assert {"email", "pronouns", "do_not_contact", "version"} <= set(shared)
    assert [getattr(detail, n) for n in shared] == [getattr(record, n) for n in shared]
    assert (detail.pronouns, detail.do_not_contact) == ("she/her", True)
    assert record.display_name == detail.display_name == "Zoë Hughes"
    # Her organisation: its id in the record, its name on her page.
    [organisation] = [o for o in services.people.organisations() if o.id == record.organisation_id]
    assert organisation.name == detail.organisation == "Essex County Council"
    with pytest.raises(dataclasses.FrozenInstanceError):
        detail.email = "someone@else.gov.uk"  # type: ignore[misc]


def test_the_mentor_sees_the_match_from_her_side(services, pair) -> None:
    mentee, mentor, _, match = pair
    detail = PersonDetailService(services.db).detail(mentor.id)
    (m,) = detail.matches
    assert (m.role, m.partner_id, m.partner_name) == ("mentor", mentee.id, "Zoë Hughes")
    assert len(detail.sessions) == 2
    assert detail.milestones == ()  # mentors have no milestones


def test_history_covers_the_person_and_everything_about_them(services, pair) -> None:
    mentee, mentor, _, match = pair
    services.people.update(mentee.id, PersonInput(job_title="Senior data analyst"))
    detail = PersonDetailService(services.db).detail(mentee.id)
    entities = {(h.entity, h.action) for h in detail.history}
    assert {
        ("person", "create"),
        ("person", "update"),
        ("participation", "create"),
        ("match", "create"),
        ("session", "create"),
        ("assessment", "update"),
        ("outcome", "create"),
    } <= entities
    assert detail.history[0].at >= detail.history[-1].at  # newest first
    # The mentor's own creation is not part of the mentee's history.
    mentor_created = [
        h for h in detail.history if h.entity == "person" and h.entity_id == str(mentor.id)
    ]
    assert mentor_created == []


def test_deletion_impact_counts_what_the_cascade_removes(services, pair) -> None:
    mentee, mentor, _, _ = pair
    details = PersonDetailService(services.db)
    impact = details.deletion_impact(mentee.id)
    assert impact == DeletionImpact(
        participations=1, matches=1, milestones=6, sessions=2, assessments=1, outcomes=1
    )
    assert impact.describe() == (
        "Their 1 cohort place, 1 match, 6 milestones, 2 mentoring sessions, 1 questionnaire "
        "and 1 outcome will be deleted with them."
    )
    services.people.delete(mentee.id)
    # What the confirmation promised is what went: the mentor's match and sessions are gone.
    assert details.detail(mentor.id).matches == ()
    assert details.detail(mentor.id).sessions == ()


def test_a_person_with_nothing_else_recorded(services) -> None:
    person = services.people.create(PersonInput(email="solo@x.gov.uk", first_name="Solo"))
    details = PersonDetailService(services.db)
    assert details.deletion_impact(person.id).describe() == "Nothing else is recorded about them."
    detail = details.detail(person.id)
    assert detail.participations == detail.matches == detail.sessions == ()
    assert [h.action for h in detail.history] == ["create"]


def test_a_missing_person_is_not_found(services) -> None:
    with pytest.raises(NotFound):
        PersonDetailService(services.db).detail(999)
    with pytest.raises(NotFound):
        PersonDetailService(services.db).deletion_impact(999)
