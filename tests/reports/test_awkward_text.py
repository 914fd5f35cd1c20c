"""Whatever a coordinator typed prints literally: never markup, an image, a link or a style.

Each awkward string is stored through the services (as typed in a form)
in four places of a mentee's record, her progress summary is written, and
the text read back from the PDF must equal the stored text in every place.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.reports.corpus import AWKWARD
from tests.reports.pdf_tools import body_text, squash
from women_in_ddat.domain.enums import MilestoneStatus, OutcomeKind
from women_in_ddat.domain.values import clean_multiline, clean_text
from women_in_ddat.services.people import PersonInput

ZOE = "zoe.hughes@essex.gov.uk"
TABLE_HEADERS = (
    ("Milestone", "Due", "Done", "Status", "Evidence"),
    ("Date", "Outcome", "Details"),
)


def test_the_corpus_is_big_enough() -> None:
    assert len(AWKWARD) >= 50
    assert len(set(AWKWARD)) == len(AWKWARD)


@pytest.mark.parametrize("index", range(len(AWKWARD)))
def test_awkward_text_prints_exactly_as_stored(demo_services, run_report, index: int) -> None:  # type: ignore[no-untyped-def]
    text = AWKWARD[index]
    # Markers (with a '<' of their own) fence the text so it can be found in the page.
    opening, closing = f"[[{index}<", f">{index}]]"
    typed = f"{opening}{text}{closing}"
    person = demo_services.people.by_email(ZOE)
    # The second milestone: a long first row could never leave a header row behind it.
    milestone = demo_services.progress.milestones(person_id=person.id)[1]
    demo_services.cohorts.set_goals(milestone.participation_id, typed)
    demo_services.progress.set_milestone(
        milestone.id, status=MilestoneStatus.DONE, evidence_note=typed
    )
    demo_services.progress.record_outcome(
        person.id,
        OutcomeKind.NEW_ROLE,
        date.today(),
        description=typed,
        cohort_id=milestone.cohort_id,
    )
    places = 3
    if len(typed) <= 200:
        demo_services.people.update(person.id, PersonInput(job_title=typed))
        places += 1

    _, facts = run_report(demo_services, "person", ZOE)

    stored = {clean_multiline(typed), clean_text(typed)}
    assert len({squash(s) for s in stored}) == 1  # cleaning only ever touches spacing
    fenced = re.compile(re.escape(opening) + "(.*?)" + re.escape(closing), re.DOTALL)
    found = fenced.findall(squash(body_text(facts, TABLE_HEADERS)))
    assert found == [squash(typed[len(opening) : -len(closing)])] * places
    # A long row splits where the page ends; its table's header is never repeated mid-page.
    assert all(page.count("\n".join(TABLE_HEADERS[0])) <= 1 for page in facts.pages)
    assert facts.images == 0
    assert facts.annotations == 0  # no link of any kind
    assert all("DejaVuSans" in font for font in facts.fonts), facts.fonts
