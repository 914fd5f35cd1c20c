from __future__ import annotations

import pytest

from women_in_ddat.domain.enums import MatchStatus, ParticipantRole, ParticipationStatus
from women_in_ddat.errors import NotFound
from women_in_ddat.services.match_choices import MatchChoicesService
from women_in_ddat.services.people import PersonInput


@pytest.fixture
def setup(services):
    s = services
    cohort = s.cohorts.create_cohort("C")

    def person(email: str, org: str, manager: str = "") -> int:
        return s.people.create(
            PersonInput(
                email=email,
                first_name=email.split("@")[0],
                organisation=org,
                line_manager_email=manager,
            )
        ).id

    mentee = s.cohorts.add_participant(
        cohort.id,
        person("mentee@essex.gov.uk", "Essex", "boss@kent.gov.uk"),
        ParticipantRole.MENTEE,
    )
    other_mentee = s.cohorts.add_participant(
        cohort.id, person("other@medway.gov.uk", "Medway"), ParticipantRole.MENTEE
    )
    applicant = s.cohorts.add_participant(
        cohort.id,
        person("applicant@medway.gov.uk", "Medway"),
        ParticipantRole.MENTEE,
        status=ParticipationStatus.APPLIED,
    )
    mentors = {
        "same_org": s.cohorts.add_participant(
            cohort.id, person("senior@essex.gov.uk", "Essex"), ParticipantRole.MENTOR
        ),
        "manager": s.cohorts.add_participant(
            cohort.id, person("boss@kent.gov.uk", "Kent"), ParticipantRole.MENTOR
        ),
        "full": s.cohorts.add_participant(
            cohort.id,
            person("full@thurrock.gov.uk", "Thurrock"),
            ParticipantRole.MENTOR,
            mentor_capacity=1,
        ),
        "roomy": s.cohorts.add_participant(
            cohort.id,
            person("roomy@suffolk.gov.uk", "Suffolk"),
            ParticipantRole.MENTOR,
            mentor_capacity=3,
        ),
        "one_left": s.cohorts.add_participant(
            cohort.id,
            person("one@herts.gov.uk", "Herts"),
            ParticipantRole.MENTOR,
            mentor_capacity=1,
        ),
    }
    s.matches.create_match(other_mentee.id, mentors["full"].id)
    return MatchChoicesService(s.db), cohort, mentee, other_mentee, applicant, mentors


def test_only_mentors_the_hard_rules_allow_are_offered(setup) -> None:
    choices, _, mentee, _, _, mentors = setup
    offered = choices.mentors_for(mentee.id)
    assert [c.participation_id for c in offered] == [mentors["roomy"].id, mentors["one_left"].id]
    assert (offered[0].load, offered[0].capacity, offered[0].places_left) == (0, 3, 3)


def test_mentees_still_needing_a_mentor(services, setup) -> None:
    choices, cohort, mentee, other_mentee, applicant, mentors = setup
    assert [c.participation_id for c in choices.mentees_without_match(cohort.id)] == [mentee.id]
    match = services.matches.create_match(mentee.id, mentors["roomy"].id)
    assert choices.mentees_without_match(cohort.id) == []
    services.matches.change_status(match.id, MatchStatus.ENDED_EARLY, reason="moved")
    assert [c.participation_id for c in choices.mentees_without_match(cohort.id)] == [mentee.id]


def test_an_unknown_mentee_is_not_found(setup) -> None:
    choices = setup[0]
    with pytest.raises(NotFound):
        choices.mentors_for(12345)
