"""The Milestones page's window and the progress service state every milestone the same way."""

from __future__ import annotations

from women_in_ddat.services.list_query import ListSpec
from women_in_ddat.services.milestone_list import MilestoneList


def test_the_page_window_and_the_service_give_the_same_rows(demo_services) -> None:
    services = demo_services
    states = set()
    for cohort in services.cohorts.summaries():
        listed = MilestoneList(services.db, cohort_id=cohort.id)
        window = listed.window(ListSpec(), 0, listed.count(ListSpec()))
        rows = services.progress.milestones(cohort_id=cohort.id)
        assert window and sorted(window, key=lambda r: r.id) == sorted(rows, key=lambda r: r.id)
        states |= {r.state for r in rows}
    assert len(states) > 2  # the rule's states as they stand today, not one default
    zoe = services.people.by_email("zoe.hughes@essex.gov.uk")
    [mine] = {r.person_name for r in services.progress.milestones(person_id=zoe.id)}
    assert mine == "Zoë Hughes"
