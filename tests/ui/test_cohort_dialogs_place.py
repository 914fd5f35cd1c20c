"""Adding a person to a cohort: the role, status and capacity fields and refusals both dialogs share."""

from __future__ import annotations

import pytest

from women_in_ddat.domain.enums import ParticipantRole, ParticipationStatus
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.cohort_dialogs import AddMemberDialog, JoinCohortDialog

pytestmark = pytest.mark.gui
ZOE = "zoe.hughes@essex.gov.uk"
KENT = "Top Talent Kent 2026"


def _choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))


def test_a_mentor_is_added_with_the_capacity_chosen(qtbot, demo_services) -> None:
    services = demo_services
    zoe = services.people.by_email(ZOE)
    kent = services.cohorts.by_name(KENT)
    others = [c for c in services.cohorts.summaries() if c.id != kent.id]
    free = next(
        c for c in others if zoe.id not in {m.person_id for m in services.cohorts.members(c.id)}
    )
    dialog = JoinCohortDialog(AppContext(services), zoe.id, "Zoë Hughes", [free])
    qtbot.addWidget(dialog)
    _choose(dialog.role, ParticipantRole.MENTEE.value)
    assert not dialog.capacity.isEnabled()  # a mentee has no capacity
    _choose(dialog.role, ParticipantRole.MENTOR.value)
    assert dialog.capacity.isEnabled()
    dialog.capacity.setValue(3)
    _choose(dialog.status, ParticipationStatus.ACTIVE.value)
    dialog.save()
    [place] = [m for m in services.cohorts.members(free.id) if m.person_id == zoe.id]
    assert (place.role, place.status, place.mentor_capacity) == ("mentor", "active", 3)


def test_a_cohort_she_is_in_already_is_refused_in_one_line_and_nothing_changes(
    qtbot, demo_services
) -> None:
    services = demo_services
    zoe = services.people.by_email(ZOE)
    [hers] = [
        c
        for c in services.cohorts.summaries()
        if zoe.id in {m.person_id for m in services.cohorts.members(c.id)}
    ]
    before = services.cohorts.members(hers.id)
    dialog = JoinCohortDialog(AppContext(services), zoe.id, "Zoë Hughes", [hers])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save()
    assert dialog.isVisible() and dialog.general.isVisibleTo(dialog)
    assert dialog.general.text() == "This person is already in the cohort as a mentee."
    assert services.cohorts.members(hers.id) == before


def test_someone_new_with_a_bad_email_is_told_beside_the_field(qtbot, demo_services) -> None:
    services = demo_services
    kent = services.cohorts.by_name(KENT)
    count = services.people.count()
    dialog = AddMemberDialog(AppContext(services), kent.id, KENT)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.someone_new.setChecked(True)
    dialog.new_fields["first_name"].setText("Ruth")
    dialog.new_fields["email"].setText("not an email")
    dialog.save()
    assert dialog.isVisible() and dialog.errors.message("email")
    assert not dialog.general.isVisibleTo(dialog)  # each problem by its field, none left over
    assert services.people.count() == count
