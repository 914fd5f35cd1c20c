"""The demo programme's people: who they are, where they work, what they aim for.

Fixed names from many languages (reports and search must handle them),
roles from the DDaT framework, and the details a coordinator records about
each, drawn from the demo's seeded generator so every load is the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from women_in_ddat.domain.enums import OrganisationKind
from women_in_ddat.domain.reference import Framework, role_at_level
from women_in_ddat.services.people import PersonInput

ORGANISATIONS = (
    ("Essex County Council", OrganisationKind.COUNTY_COUNCIL, "East of England"),
    ("Kent County Council", OrganisationKind.COUNTY_COUNCIL, "South East"),
    ("Thurrock Council", OrganisationKind.UNITARY_COUNCIL, "East of England"),
    ("Southend-on-Sea City Council", OrganisationKind.UNITARY_COUNCIL, "East of England"),
    ("Medway Council", OrganisationKind.UNITARY_COUNCIL, "South East"),
    ("Hertfordshire County Council", OrganisationKind.COUNTY_COUNCIL, "East of England"),
    ("Suffolk County Council", OrganisationKind.COUNTY_COUNCIL, "East of England"),
    ("Central Digital and Data Office", OrganisationKind.CENTRAL_GOVERNMENT, "London"),
    ("NHS England", OrganisationKind.NHS, "National"),
)

# Names from many languages on purpose: reports and search must handle them.
MENTEE_NAMES = (
    ("Zoë", "Hughes"),
    ("Siân", "Llewellyn"),
    ("Agnieszka", "Łukasiewicz"),
    ("Thu", "Nguyễn Thị"),
    ("Ayşe", "Yılmaz"),
    ("Ольга", "Петренко"),
    ("Priya", "Sharma"),
    ("Grace", "Okafor"),
    ("Chloe", "Bennett"),
    ("Fatima", "Rahman"),
    ("Niamh", "O'Connor"),
    ("Amara", "Mensah"),
    ("Hannah", "Fletcher"),
    ("Mei", "Chen"),
    ("Roisin", "McCarthy"),
    ("Jess", "Turner"),
    ("Leah", "Patel"),
    ("Sophie", "Wright"),
    ("Isla", "Robertson"),
    ("Ngozi", "Adeyemi"),
    ("Emily", "Clarke"),
    ("Aisha", "Begum"),
    ("Katarzyna", "Wiśniewska"),
    ("Laura", "Evans"),
    ("Maya", "Goldberg"),
    ("Ruth", "Ellis"),
)
MENTOR_NAMES = (
    ("Helen", "Carter"),
    ("Joanne", "Whitfield"),
    ("Sarah", "Osei"),
    ("Rebecca", "Lloyd"),
    ("Claire", "Ashworth"),
    ("Anjali", "Kapoor"),
    ("Margaret", "Doyle"),
    ("Yvonne", "Bailey"),
    ("Catherine", "Ng"),
    ("Deborah", "Price"),
    ("Elaine", "Morrison"),
    ("Lucy", "Harding"),
    ("Samantha", "Greene"),
    ("Victoria", "Hale"),
)
MENTEE_ROLES = (
    ("Data", "Data analyst", "Associate", "Data", "Data scientist", "Practitioner"),
    (
        "Product and delivery",
        "Business analyst",
        "Junior",
        "Product and delivery",
        "Business analyst",
        "Senior",
    ),
    (
        "Product and delivery",
        "Delivery manager",
        "Associate",
        "Product and delivery",
        "Delivery manager",
        "Senior",
    ),
    (
        "IT operations",
        "Service desk manager",
        "Practitioner",
        "IT operations",
        "IT service manager",
        "Senior",
    ),
    (
        "IT operations",
        "Business relationship manager",
        "Associate",
        "IT operations",
        "Business relationship manager",
        "Lead",
    ),
    (
        "Software development",
        "Software developer",
        "Junior",
        "Software development",
        "Software developer",
        "Senior",
    ),
    (
        "User-centred design",
        "User researcher",
        "Associate",
        "User-centred design",
        "User researcher",
        "Senior",
    ),
    ("Data", "Performance analyst", "Practitioner", "Data", "Data governance manager", "Lead"),
    (
        "Architecture",
        "Technical architect",
        "Practitioner",
        "Architecture",
        "Solution architect",
        "Lead",
    ),
)
MENTOR_ROLES = (
    ("Chief digital and data", "Chief digital information officer", "Head of profession"),
    ("Data", "Data scientist", "Principal"),
    ("Product and delivery", "Programme delivery manager", "Lead"),
    ("IT operations", "IT service manager", "Head of profession"),
    ("Architecture", "Enterprise architect", "Principal"),
    ("Software development", "Software developer", "Principal"),
    ("User-centred design", "Service designer", "Lead"),
    ("Product and delivery", "Product manager", "Lead"),
)
# A head of profession's job title names what she leads, not the role ("Head of IT service
# manager" is not a job): the titles councils use for these posts.
HEAD_OF_PROFESSION_TITLES = {
    "Chief digital information officer": "Chief digital information officer",
    "IT service manager": "Head of IT service management",
}
SESSION_NOTES = (
    "Talked through the development plan and the first three goals.",
    "Practised the all-staff presentation; feedback on pace & signposting.",
    "Reviewed a job description for a senior role <b>before</b> applying.",
    "Shadowing day arranged with the mentor's data team.",
    "Discussed imposter feelings and how to ask for stretch work.",
    "Mock interview for the lead analyst post.",
)


@dataclass
class DemoPerson:
    """One person as the coordinator records her; ``person_id`` once she is recorded."""

    first: str
    last: str
    email: str
    organisation: str
    details: PersonInput
    target_family: str = ""
    target_role: str = ""
    target_level: str = ""
    person_id: int = 0


# Letters that NFKD does not reduce to ASCII, for readable demo addresses.
_TRANSLIT = str.maketrans(
    {
        "ł": "l",
        "ı": "i",
        "о": "o",
        "л": "l",
        "ь": "",
        "г": "g",
        "а": "a",
        "п": "p",
        "е": "e",
        "т": "t",
        "р": "r",
        "н": "n",
        "к": "k",
    }
)


def _email(first: str, last: str, org: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", f"{first}.{last}".lower().translate(_TRANSLIT))
    ascii_name = "".join(
        c
        for c in folded.replace(" ", "").replace("'", "")
        if c.isascii() and (c.isalnum() or c == ".")
    )
    local = ascii_name.strip(".") or "person"
    domain = {
        "Central Digital and Data Office": "digital.cabinet-office.gov.uk",
        "NHS England": "nhs.net",
    }.get(
        org,
        org.lower()
        .replace(" county council", "")
        .replace(" city council", "")
        .replace(" council", "")
        .replace(" ", "")
        + ".gov.uk",
    )
    return f"{local}@{domain}"


def demo_people(
    rng: random.Random, framework: Framework
) -> tuple[list[DemoPerson], list[DemoPerson]]:
    """Everyone in the demo, as a coordinator would record them (same draws every time)."""
    council_names = [n for n, kind, _ in ORGANISATIONS if "council" in kind.value]
    regions = {name: region for name, _, region in ORGANISATIONS}

    def person(first: str, last: str, org: str, job: str, **details: object) -> DemoPerson:
        email = _email(first, last, org)
        return DemoPerson(
            first,
            last,
            email,
            org,
            PersonInput(
                first_name=first,
                last_name=last,
                email=email,
                organisation=org,
                job_title=job,
                region=regions[org],
                pronouns="she/her",
                phone=f"01245 {rng.randint(100000, 999999)}",
                consent_to_store=True,
                consent_to_share_with_sponsor=rng.random() < 0.85,
                consent_to_case_study=rng.random() < 0.4,
                **details,  # type: ignore[arg-type]
            ),
        )

    mentors = []
    for i, (first, last) in enumerate(MENTOR_NAMES):
        org = ORGANISATIONS[(i * 3 + 1) % len(ORGANISATIONS)][0]
        family, role, level = MENTOR_ROLES[i % len(MENTOR_ROLES)]
        p = person(
            first,
            last,
            org,
            HEAD_OF_PROFESSION_TITLES[role]
            if level == "Head of profession"
            else role_at_level(level, role),
            current_role_family=family,
            current_role=role,
            current_level=level,
        )
        p.details.skills_offered = rng.sample(framework.skills_for(family), 4)
        mentors.append(p)

    mentees = []
    for i, (first, last) in enumerate(MENTEE_NAMES):
        org = council_names[i % len(council_names)]
        cf, cr, cl, tf, tr, tl = MENTEE_ROLES[i % len(MENTEE_ROLES)]
        p = person(
            first,
            last,
            org,
            role_at_level(cl, cr),
            current_role_family=cf,
            current_role=cr,
            current_level=cl,
            target_role_family=tf,
            target_role=tr,
            target_level=tl,
            line_manager_email=f"manager.{i}@{_email('x', 'y', org).split('@')[1]}",
        )
        p.target_family, p.target_role, p.target_level = tf, tr, tl
        if i == 0:
            p.details.preferred_name = "Zoë"
            p.details.notes = "Prefers morning sessions. Interested in data ethics & AI assurance."
        p.details.skills_wanted = rng.sample(framework.skills_for(tf), 3)
        mentees.append(p)
    return mentors, mentees
