"""Phone numbers are checked leniently; people of the same name in one organisation are found."""

from __future__ import annotations

import pytest

from women_in_ddat.domain.values import phone_problem
from women_in_ddat.errors import InvalidInput
from women_in_ddat.services.people import LikelyDuplicate, PersonInput, validate_person_input


@pytest.mark.parametrize(
    "phone", ["01632 960001", "+44 (0)1632 960-001", "07700900123", "+1 212-555-0100", ""]
)
def test_phone_numbers_as_people_write_them_are_accepted(phone: str) -> None:
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["x", "01632 96000x", "123 45", "ext 12", "01632.960001"])
def test_what_is_not_a_phone_number_is_refused(phone: str) -> None:
    assert "not a phone number" in (phone_problem(phone) or "")


def test_a_phone_number_kept_from_before_may_stay_as_it_was() -> None:
    data = PersonInput(first_name="Ada", phone="ext 12")
    with pytest.raises(InvalidInput) as refused:
        validate_person_input(data, creating=False)
    assert set(refused.value.problems) == {"phone"}
    assert validate_person_input(data, creating=False, kept_phone="ext 12")["phone"] == "ext 12"


def test_a_namesake_in_the_same_organisation_is_refused_until_she_says_go_on(services) -> None:
    people = services.people
    people.create(PersonInput(email="sian@kent.gov.uk", first_name="Siân", last_name="Jones",
                              organisation="Kent County Council"))  # fmt: skip
    same = PersonInput(email="sian2@kent.gov.uk", first_name="SIAN", last_name=" jones",
                       organisation="kent county council")  # fmt: skip
    with pytest.raises(LikelyDuplicate) as warned:
        people.create(same, namesakes_ok=False)
    assert [p.email for p in warned.value.namesakes] == ["sian@kent.gov.uk"]
    elsewhere = PersonInput(email="sian3@essex.gov.uk", first_name="Siân", last_name="Jones",
                            organisation="Essex County Council")  # fmt: skip
    assert people.create(elsewhere, namesakes_ok=False).email == "sian3@essex.gov.uk"
    assert people.create(same).email == "sian2@kent.gov.uk"
