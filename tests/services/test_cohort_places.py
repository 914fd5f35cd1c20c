"""Editing a cohort place: status, reason, goals, capacity and start date, in one checked save.

A save carries the version its form showed: a save that began before
someone else's is refused with both versions and writes nothing. Runs on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from women_in_ddat.domain.enums import OutcomeKind, ParticipantRole, ParticipationStatus
from women_in_ddat.domain.models import AuditEvent
from women_in_ddat.errors import Conflict, EditConflict, FieldDifference, InvalidInput
from women_in_ddat.services.people import PersonInput

START = date(2026, 1, 12)
END = date(2026, 12, 18)


@pytest.fixture
def places(services):  # type: ignore[no-untyped-def]
    cohort = services.cohorts.create_cohort("Kent 2026", start_date=START, end_date=END)
    mentee = services.people.create(
        PersonInput(email="sian.jones@kent.gov.uk", first_name="Siân", last_name="Jones")
    )
    mentor = services.people.create(
        PersonInput(email="ruth.ode@medway.gov.uk", first_name="Ruth", last_name="Ode")
    )
    other = services.people.create(
        PersonInput(email="amy.lee@kent.gov.uk", first_name="Amy", last_name="Lee")
    )
    cohorts = services.cohorts
    return {
        "mentee": cohorts.add_participant(cohort.id, mentee.id, ParticipantRole.MENTEE),
        "other": cohorts.add_participant(cohort.id, other.id, ParticipantRole.MENTEE),
        "mentor": cohorts.add_participant(
            cohort.id, mentor.id, ParticipantRole.MENTOR, mentor_capacity=2
        ),
    }


def form_of(services, participation_id: int, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The place's form as opened now, with ``changes`` typed in."""
    shown = services.cohorts.place(participation_id)
    values: dict[str, object] = {
        "expected_version": shown.version,
        "status": ParticipationStatus(shown.status),
        "withdrawn_reason": shown.withdrawn_reason,
        "goals": shown.goals,
        "mentor_capacity": shown.mentor_capacity,
        "start_date": shown.start_date,
    }
    values.update(changes)
    return values


def audit_of(services, participation_id: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with services.db.reading() as session:
        return [
            (e.action, e.detail)
            for e in session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.entity == "participation",
                    AuditEvent.entity_id == str(participation_id),
                )
                .order_by(AuditEvent.id)
            )
        ]


def test_each_field_is_saved_in_one_audited_change(services, places) -> None:
    cohorts = services.cohorts
    mentee_id = places["mentee"].id
    saved = cohorts.update_participation(
        mentee_id,
        **form_of(
            services,
            mentee_id,
            status=ParticipationStatus.ACTIVE,
            goals="  Lead a data project\n\nSpeak at a meet-up  ",
            start_date=START + timedelta(days=7),
        ),
    )
    assert saved.version == 2
    shown = cohorts.place(mentee_id)
    assert (shown.status, shown.goals, shown.start_date) == (
        "active",
        "Lead a data project\n\nSpeak at a meet-up",
        START + timedelta(days=7),
    )
    assert (shown.person_name, shown.cohort, shown.role) == ("Siân Jones", "Kent 2026", "mentee")
    assert audit_of(services, mentee_id)[-1] == ("update", "status active, goals, start date")

    mentor_id = places["mentor"].id
    cohorts.update_participation(mentor_id, **form_of(services, mentor_id, mentor_capacity=4))
    assert cohorts.place(mentor_id).mentor_capacity == 4
    assert audit_of(services, mentor_id)[-1] == ("update", "capacity")

    cohorts.update_participation(
        mentee_id,
        **form_of(
            services,
            mentee_id,
            status=ParticipationStatus.WITHDRAWN,
            withdrawn_reason="Moved to a new job in Jones & Co",
        ),
    )
    shown = cohorts.place(mentee_id)
    assert (shown.status, shown.withdrawn_reason, shown.version) == (
        "withdrawn",
        "Moved to a new job in Jones & Co",
        3,
    )
    # The audit trail names the fields, never the reason or goals she typed.
    assert audit_of(services, mentee_id)[-1] == ("update", "status withdrawn, reason")
    assert all("Jones" not in detail for _, detail in audit_of(services, mentee_id))

    # Back to active: the reason goes with the withdrawal.
    cohorts.update_participation(
        mentee_id, **form_of(services, mentee_id, status=ParticipationStatus.ACTIVE)
    )
    assert cohorts.place(mentee_id).withdrawn_reason == ""


def test_a_save_that_changes_nothing_writes_nothing(services, places) -> None:
    mentee_id = places["mentee"].id
    before = audit_of(services, mentee_id)
    saved = services.cohorts.update_participation(mentee_id, **form_of(services, mentee_id))
    assert saved.version == 1 and audit_of(services, mentee_id) == before


def refused_problems(services, participation_id: int, **changes: object) -> dict[str, str]:  # type: ignore[no-untyped-def]
    before = asdict(services.cohorts.place(participation_id))
    with pytest.raises(InvalidInput) as caught:
        services.cohorts.update_participation(
            participation_id, **form_of(services, participation_id, **changes)
        )
    assert asdict(services.cohorts.place(participation_id)) == before, "something was written"
    return caught.value.problems


def test_bad_values_are_refused_by_field_and_nothing_is_written(services, places) -> None:
    mentee_id, mentor_id = places["mentee"].id, places["mentor"].id
    assert refused_problems(
        services, mentee_id, status=ParticipationStatus.WITHDRAWN, withdrawn_reason="  "
    ) == {"withdrawn_reason": "say why she withdrew"}
    assert refused_problems(services, mentee_id, mentor_capacity=2) == {
        "mentor_capacity": "only a mentor has a capacity"
    }
    assert refused_problems(services, mentor_id, mentor_capacity=0) == {
        "mentor_capacity": "at least 1"
    }
    assert refused_problems(services, mentee_id, start_date=END + timedelta(days=1)) == {
        "start_date": "after the cohort ends"
    }
    assert refused_problems(services, mentee_id, start_date=date(2024, 1, 1)) == {
        "start_date": "more than a year before the cohort starts"
    }
    # Several at once, each by its field.
    assert set(
        refused_problems(
            services,
            mentee_id,
            status=ParticipationStatus.WITHDRAWN,
            withdrawn_reason="",
            start_date=END + timedelta(days=30),
        )
    ) == {"withdrawn_reason", "start_date"}


def test_capacity_below_her_current_mentees_is_refused(services, places) -> None:
    mentor_id = places["mentor"].id
    services.matches.create_match(places["mentee"].id, mentor_id)
    services.matches.create_match(places["other"].id, mentor_id)
    assert refused_problems(services, mentor_id, mentor_capacity=1) == {
        "mentor_capacity": "she has 2 current mentees already"
    }
    assert services.cohorts.place(mentor_id).current_mentees == 2
    # The older entry point refuses it as before.
    with pytest.raises(Conflict, match="current mentee"):
        services.cohorts.set_mentor_capacity(mentor_id, 1)
    services.cohorts.update_participation(
        mentor_id, **form_of(services, mentor_id, mentor_capacity=2, goals="Two is plenty")
    )
    assert services.cohorts.place(mentor_id).goals == "Two is plenty"


def test_a_stale_save_names_the_changed_fields_and_writes_nothing(services, places) -> None:
    cohorts = services.cohorts
    mentee_id = places["mentee"].id
    opened = form_of(
        services,
        mentee_id,
        status=ParticipationStatus.ACTIVE,
        goals="Lead a data project",
        start_date=START + timedelta(days=3),
    )
    # Meanwhile another coordinator withdraws her.
    cohorts.set_participation_status(
        mentee_id, ParticipationStatus.WITHDRAWN, reason="New job", expected_version=1
    )
    audit_before = audit_of(services, mentee_id)
    with pytest.raises(EditConflict) as caught:
        cohorts.update_participation(mentee_id, **opened)
    conflict = caught.value
    assert conflict.their_version == 2
    assert conflict.differences == (
        FieldDifference("Status", "Withdrawn", "Active"),
        FieldDifference("Why she withdrew", "New job", ""),
        FieldDifference("Goals", "", "Lead a data project"),
        FieldDifference("Place starts", "12 January 2026", "15 January 2026"),
    )
    assert "status, why she withdrew, goals, place starts" in conflict.message
    assert "New job" not in conflict.message and "data project" not in conflict.message
    shown = cohorts.place(mentee_id)
    assert (shown.status, shown.goals, shown.version) == ("withdrawn", "", 2)
    assert audit_of(services, mentee_id) == audit_before
    # Saving over theirs, knowingly: with the version just shown, it lands.
    cohorts.update_participation(mentee_id, **{**opened, "expected_version": 2})
    assert cohorts.place(mentee_id).status == "active"


def test_the_single_field_edits_check_a_version_when_given(services, places) -> None:
    cohorts = services.cohorts
    mentee_id, mentor_id = places["mentee"].id, places["mentor"].id
    cohorts.set_goals(mentee_id, "First goals")  # no version: as callers did before
    with pytest.raises(EditConflict):
        cohorts.set_goals(mentee_id, "Second goals", expected_version=1)
    cohorts.set_goals(mentee_id, "Second goals", expected_version=2)
    with pytest.raises(EditConflict):
        cohorts.set_mentor_capacity(mentor_id, 3, expected_version=5)
    with pytest.raises(Conflict, match="Only a mentor"):
        cohorts.set_mentor_capacity(mentee_id, 3)
    with pytest.raises(InvalidInput):
        cohorts.set_participation_status(mentee_id, ParticipationStatus.WITHDRAWN)
    assert (cohorts.place(mentee_id).goals, cohorts.place(mentor_id).mentor_capacity) == (
        "Second goals",
        2,
    )


def test_deleting_an_outcome_changed_meanwhile_deletes_nothing(services, places) -> None:
    progress = services.progress
    person_id = places["mentee"].person_id
    yesterday = date.today() - timedelta(days=1)
    outcome = progress.record_outcome(person_id, OutcomeKind.NEW_ROLE, yesterday)
    progress.update_outcome(
        outcome.id, OutcomeKind.PROMOTION, yesterday, level="Lead", expected_version=1
    )
    with pytest.raises(Conflict, match="changed by someone else since you opened it"):
        progress.delete_outcome(outcome.id, expected_version=1)
    [kept] = progress.outcomes(person_id)
    assert (kept.id, kept.kind, kept.version) == (outcome.id, "promotion", 2)
    progress.delete_outcome(outcome.id, expected_version=2)
    assert progress.outcomes(person_id) == []
