"""What the sponsor and the mentee read about mentors, read back from the PDFs with pypdf."""

from __future__ import annotations

from sqlalchemy import select

from tests.reports.pdf_tools import body_text, squash
from women_in_ddat.domain.models import Cohort, Organisation, Participation, Person

ESSEX_COUNCIL = "Essex County Council"
KENT = "Top Talent Kent 2026"


def _place(services, email: str) -> int:  # type: ignore[no-untyped-def]
    with services.db.reading() as session:
        return session.scalar(
            select(Participation.id)
            .join(Person, Person.id == Participation.person_id)
            .join(Cohort, Cohort.id == Participation.cohort_id)
            .where(Person.email == email, Cohort.name == KENT)
        )


def test_the_sponsor_is_never_told_of_a_mentor_only_proposed(demo_services, run_report):
    services = demo_services
    with services.db.reading() as session:
        # An Essex mentee waiting for a match, who agreed to share with her sponsor, and a
        # mentor from elsewhere with a place to spare.
        mentee = session.execute(
            select(Person.email, Person.first_name)
            .join(Participation, Participation.person_id == Person.id)
            .join(Organisation, Organisation.id == Person.organisation_id)
            .join(Cohort, Cohort.id == Participation.cohort_id)
            .where(
                Cohort.name == KENT,
                Organisation.name == ESSEX_COUNCIL,
                Participation.status == "accepted",
                Person.consent_to_share_with_sponsor.is_(True),  # type: ignore[attr-defined]
            )
        ).first()
        essex_id = session.scalar(select(Organisation.id).where(Organisation.name == ESSEX_COUNCIL))
    assert mentee is not None
    place, person = next(
        (place, person)
        for place, person in services.matches.eligible_mentors(_place(services, mentee.email))
        if person.organisation_id != essex_id
    )
    _, facts = run_report(services, "organisation", ESSEX_COUNCIL)
    assert squash(person.display_name) not in squash(body_text(facts))

    match = services.matches.create_match(_place(services, mentee.email), place.id)
    _, facts = run_report(services, "organisation", ESSEX_COUNCIL)
    text = squash(body_text(facts))
    assert squash(mentee.first_name) in text
    assert squash(person.display_name) not in text

    # Once it has started, her sponsor may read who her mentor is.
    services.matches.start_match(match.id)
    _, facts = run_report(services, "organisation", ESSEX_COUNCIL)
    assert squash(person.display_name) in squash(body_text(facts))


def test_her_mentor_reads_as_a_job_title(demo_services, run_report):
    """The demo's heads of profession have the titles councils give them."""
    services = demo_services
    with services.db.reading() as session:
        rows = session.execute(
            select(Person.job_title, Person.current_role).where(Person.current_role != "")
        ).all()
        mentee = session.scalar(
            select(Person.email)
            .join(Participation, Participation.person_id == Person.id)
            .where(Person.email == "roisin.mccarthy@essex.gov.uk")
        )
    assert not [t for t, role in rows if t == f"Head of {role}"]
    _, facts = run_report(services, "person", mentee)
    text = body_text(facts)
    assert squash("Head of IT service management") in squash(text)
    assert squash("Head of IT service manager") not in squash(text)
