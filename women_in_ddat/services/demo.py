"""A realistic, deterministic demo programme for trying the app and for tests.

Two completed/in-progress cohorts and one taking applications, about forty
people across several councils, with matches, milestones in every state,
sessions, assessments and outcomes. Dates are laid out relative to the day
it is loaded (so "overdue" and "due soon" mean something), but the people,
pairings and scores are fixed by a seeded generator. Loading it twice adds
nothing the second time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    AssessmentPoint,
    Assessor,
    AuditAction,
    CohortStatus,
    MatchStatus,
    MilestoneCategory,
    MilestoneStatus,
    OrganisationKind,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
    ScoreKind,
    SessionFormat,
    SkillDirection,
    SkillLevel,
)
from women_in_ddat.domain.models import (
    Assessment,
    AssessmentScore,
    Cohort,
    MentoringSession,
    Milestone,
    Organisation,
    Outcome,
    Participation,
    Person,
    PersonSkillInterest,
)
from women_in_ddat.domain.reference import load_framework
from women_in_ddat.domain.values import name_key
from women_in_ddat.errors import Conflict
from women_in_ddat.services.cohorts import apply_templates_to_participation, ensure_programme
from women_in_ddat.services.matches import create_match_in

DEMO_PROGRAMME = "Top Talent"
DEMO_MARKER_COHORT = "Top Talent Essex 2025"

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
    ("Data", "data analyst", "Associate", "Data", "data scientist", "Practitioner"),
    (
        "Product and delivery",
        "business analyst",
        "Junior",
        "Product and delivery",
        "business analyst",
        "Senior",
    ),
    (
        "Product and delivery",
        "delivery manager",
        "Associate",
        "Product and delivery",
        "delivery manager",
        "Senior",
    ),
    (
        "IT operations",
        "service desk manager",
        "Practitioner",
        "IT operations",
        "IT service manager",
        "Senior",
    ),
    (
        "IT operations",
        "business relationship manager",
        "Associate",
        "IT operations",
        "business relationship manager",
        "Lead",
    ),
    (
        "Software development",
        "software developer",
        "Junior",
        "Software development",
        "software developer",
        "Senior",
    ),
    (
        "User-centred design",
        "user researcher",
        "Associate",
        "User-centred design",
        "user researcher",
        "Senior",
    ),
    ("Data", "performance analyst", "Practitioner", "Data", "data governance manager", "Lead"),
    (
        "Architecture",
        "technical architect",
        "Practitioner",
        "Architecture",
        "solution architect",
        "Lead",
    ),
)
MENTOR_ROLES = (
    ("Chief digital and data", "chief digital information officer", "Head of profession"),
    ("Data", "data scientist", "Principal"),
    ("Product and delivery", "programme delivery manager", "Lead"),
    ("IT operations", "IT service manager", "Head of profession"),
    ("Architecture", "enterprise architect", "Principal"),
    ("Software development", "software developer", "Principal"),
    ("User-centred design", "service designer", "Lead"),
    ("Product and delivery", "product manager", "Lead"),
)
SESSION_NOTES = (
    "Talked through the development plan and the first three goals.",
    "Practised the all-staff presentation; feedback on pace & signposting.",
    "Reviewed a job description for a senior role <b>before</b> applying.",
    "Shadowing day arranged with the mentor's data team.",
    "Discussed imposter feelings and how to ask for stretch work.",
    "Mock interview for the lead analyst post.",
)


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    people: int
    cohorts: int
    matches: int


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


def load_demo(services, *, today: date | None = None) -> DemoSummary:  # type: ignore[no-untyped-def]
    """Fill the database with the demo programme (once)."""
    today = today or date.today()
    rng = random.Random(2025)
    framework = load_framework()
    with services.db.transaction() as session:
        if session.scalar(select(Cohort.id).where(Cohort.name == DEMO_MARKER_COHORT)) is not None:
            return DemoSummary(False, 0, 0, 0)

        orgs = {}
        for name, kind, region in ORGANISATIONS:
            org = session.scalar(
                select(Organisation).where(Organisation.name_key == name_key(name))
            )
            if org is None:
                org = Organisation(
                    name=name, name_key=name_key(name), kind=kind.value, region=region
                )
                session.add(org)
                session.flush()
            orgs[name] = org
        council_names = [n for n, kind, _ in ORGANISATIONS if "council" in kind.value]
        programme = ensure_programme(session, DEMO_PROGRAMME)
        programme.description = (
            "A talent pipeline for women in digital, data and technology across councils."
        )

        def person(first: str, last: str, org_name: str, job: str, **roles: str) -> Person:
            email = _email(first, last, org_name)
            existing = session.scalar(select(Person).where(Person.email == email))
            if existing is not None:
                return existing
            p = Person(
                first_name=first,
                last_name=last,
                email=email,
                organisation_id=orgs[org_name].id,
                job_title=job,
                region=orgs[org_name].region,
                pronouns="she/her",
                phone=f"01245 {rng.randint(100000, 999999)}",
                consent_to_store=True,
                consent_to_share_with_sponsor=rng.random() < 0.85,
                consent_to_case_study=rng.random() < 0.4,
                **roles,
            )
            session.add(p)
            session.flush()
            return p

        mentors = []
        for i, (first, last) in enumerate(MENTOR_NAMES):
            org_name = ORGANISATIONS[(i * 3 + 1) % len(ORGANISATIONS)][0]
            family, role, level = MENTOR_ROLES[i % len(MENTOR_ROLES)]
            p = person(
                first,
                last,
                org_name,
                f"{level} {role}".replace("Head of profession ", "Head of "),
                current_role_family=family,
                current_role=role,
                current_level=level,
            )
            for skill in rng.sample(framework.skills_for(family), 4):
                session.add(
                    PersonSkillInterest(
                        person_id=p.id, skill=skill, direction=SkillDirection.OFFERS.value
                    )
                )
            mentors.append(p)

        mentees = []
        for i, (first, last) in enumerate(MENTEE_NAMES):
            org_name = council_names[i % len(council_names)]
            cf, cr, cl, tf, tr, tl = MENTEE_ROLES[i % len(MENTEE_ROLES)]
            manager = f"manager.{i}@{_email('x', 'y', org_name).split('@')[1]}"
            p = person(
                first,
                last,
                org_name,
                f"{cl} {cr}",
                current_role_family=cf,
                current_role=cr,
                current_level=cl,
                target_role_family=tf,
                target_role=tr,
                target_level=tl,
                line_manager_email=manager,
            )
            if i == 0:
                p.preferred_name = "Zoë"
                p.notes = "Prefers morning sessions. Interested in data ethics & AI assurance."
            for skill in rng.sample(framework.skills_for(tf), 3):
                session.add(
                    PersonSkillInterest(
                        person_id=p.id, skill=skill, direction=SkillDirection.WANTS_TO_GROW.value
                    )
                )
            mentees.append(p)

        cohorts_made = 0
        matches_made = 0
        # (name, place, start offset in days from today, length, status, mentees slice, mentors slice)
        plans = (
            (
                "Top Talent Essex 2025",
                "Essex",
                -420,
                365,
                CohortStatus.COMPLETED,
                slice(0, 10),
                slice(0, 6),
            ),
            (
                "Top Talent Kent 2026",
                "Kent",
                -200,
                230,
                CohortStatus.IN_PROGRESS,
                slice(10, 22),
                slice(6, 14),
            ),
            (
                "Top Talent Thames Gateway 2027",
                "Thurrock and Southend",
                60,
                365,
                CohortStatus.INTAKE_OPEN,
                slice(22, 26),
                slice(0, 2),
            ),
        )
        # The pipeline at work: an Essex 2025 mentee mentors in Kent 2026.
        alumni_mentor = mentees[1]
        for name, place, offset, length, status, mentee_slice, mentor_slice in plans:
            start = today + timedelta(days=offset)
            cohort = Cohort(
                programme_id=programme.id,
                name=name,
                place=place,
                start_date=start,
                end_date=start + timedelta(days=length),
                status=status.value,
            )
            session.add(cohort)
            session.flush()
            cohorts_made += 1
            cohort_mentors = list(mentors[mentor_slice])
            if name == "Top Talent Kent 2026":
                cohort_mentors.append(alumni_mentor)
            mentor_parts = []
            for m in cohort_mentors:
                part = Participation(
                    person_id=m.id,
                    cohort_id=cohort.id,
                    role=ParticipantRole.MENTOR.value,
                    status=(
                        ParticipationStatus.COMPLETED
                        if status == CohortStatus.COMPLETED
                        else ParticipationStatus.ACTIVE
                    ).value,
                    mentor_capacity=2,
                    start_date=start,
                )
                session.add(part)
                mentor_parts.append(part)
            session.flush()
            for j, mentee in enumerate(mentees[mentee_slice]):
                if status == CohortStatus.INTAKE_OPEN:
                    p_status = (
                        ParticipationStatus.APPLIED if j % 2 else ParticipationStatus.ACCEPTED
                    )
                elif status == CohortStatus.COMPLETED:
                    p_status = (
                        ParticipationStatus.WITHDRAWN if j == 9 else ParticipationStatus.COMPLETED
                    )
                else:
                    p_status = (
                        ParticipationStatus.ACCEPTED if j >= 10 else ParticipationStatus.ACTIVE
                    )
                part = Participation(
                    person_id=mentee.id,
                    cohort_id=cohort.id,
                    role=ParticipantRole.MENTEE.value,
                    status=p_status.value,
                    start_date=start,
                    withdrawn_reason="Moved to a role outside the sector"
                    if p_status == ParticipationStatus.WITHDRAWN
                    else "",
                    goals="1. Lead a data project end to end.\n2. Speak at the regional DDaT meet-up.\n3. Apply for a senior role within 12 months.",
                )
                session.add(part)
                session.flush()
                if p_status in (
                    ParticipationStatus.APPLIED,
                    ParticipationStatus.ACCEPTED,
                    ParticipationStatus.WITHDRAWN,
                ):
                    apply_templates_to_participation(session, cohort, part)
                    continue
                mentee_org = mentee.organisation_id
                candidates = [
                    mp
                    for mp in mentor_parts
                    if session.get(Person, mp.person_id).organisation_id != mentee_org
                ]
                chosen = None
                for mp in sorted(candidates, key=lambda mp: rng.random()):
                    try:
                        match_status = (
                            MatchStatus.COMPLETED
                            if status == CohortStatus.COMPLETED
                            else MatchStatus.ACTIVE
                        )
                        match = create_match_in(
                            session,
                            part.id,
                            mp.id,
                            start_date=start + timedelta(days=14),
                            status=MatchStatus.ACTIVE,
                            rationale="Mentor's experience fits the mentee's target role.",
                        )
                        chosen = mp
                        break
                    except Conflict:
                        continue
                if chosen is None:
                    continue
                matches_made += 1
                if j == 3 and status == CohortStatus.IN_PROGRESS:
                    match_status = MatchStatus.ON_HOLD
                    match.status_reason = "Mentor on leave for six weeks"
                if j == 5 and status == CohortStatus.IN_PROGRESS:
                    match_status = MatchStatus.ENDED_EARLY
                    match.status_reason = "Mentor changed jobs"
                    match.end_date = today - timedelta(days=20)
                match.status = match_status.value
                if match_status == MatchStatus.COMPLETED:
                    match.end_date = cohort.end_date
                first_held = _sessions(
                    session,
                    rng,
                    match.id,
                    match.start_date,
                    min(today, cohort.end_date),
                    quiet=(j == 2 and status == CohortStatus.IN_PROGRESS),
                )
                _milestones(
                    session,
                    rng,
                    part.id,
                    today,
                    first_held,
                    cohort_completed=status == CohortStatus.COMPLETED,
                )
                _assessments(session, rng, part.id, mentee, start, cohort, today, framework)
                if status == CohortStatus.COMPLETED and j % 3 == 0:
                    session.add(
                        Outcome(
                            person_id=mentee.id,
                            cohort_id=cohort.id,
                            kind=OutcomeKind.PROMOTION.value,
                            occurred_on=cohort.end_date - timedelta(days=30),
                            description="Promoted to senior analyst",
                            role_family=mentee.target_role_family,
                            role=mentee.target_role,
                            level=mentee.target_level,
                        )
                    )
                if status == CohortStatus.COMPLETED and j % 4 == 1:
                    session.add(
                        Outcome(
                            person_id=mentee.id,
                            cohort_id=cohort.id,
                            kind=OutcomeKind.SPEAKING_OR_VISIBILITY.value,
                            occurred_on=cohort.end_date - timedelta(days=90),
                            description="Spoke at the East of England LocalGov Digital meet-up",
                        )
                    )
        session.add(
            Outcome(
                person_id=alumni_mentor.id,
                kind=OutcomeKind.BECAME_MENTOR.value,
                occurred_on=today - timedelta(days=200),
                cohort_id=None,
                description="Mentoring in Top Talent Kent 2026",
            )
        )
        services.people.audit(
            session, AuditAction.DEMO, "programme", programme.id, "demo programme loaded"
        )
        return DemoSummary(True, len(mentors) + len(mentees), cohorts_made, matches_made)


def _sessions(
    session, rng: random.Random, match_id: int, start: date, until: date, *, quiet: bool
) -> date | None:  # type: ignore[no-untyped-def]
    """Adds the match's sessions; returns the day of the first, if one was held."""
    day = start
    first_held: date | None = None
    last_allowed = until - timedelta(days=45) if quiet else until
    while True:
        day = day + timedelta(days=rng.randint(18, 35))
        if day > last_allowed:
            return first_held
        first_held = first_held or day
        session.add(
            MentoringSession(
                match_id=match_id,
                held_on=day,
                duration_minutes=rng.choice((45, 60, 60, 90)),
                format=rng.choice(list(SessionFormat)).value,
                note=rng.choice(SESSION_NOTES),
            )
        )


def _milestones(
    session,
    rng: random.Random,
    participation_id: int,
    today: date,
    first_session: date | None,
    *,
    cohort_completed: bool,
) -> None:  # type: ignore[no-untyped-def]
    session.flush()
    for m in session.scalars(
        select(Milestone).where(Milestone.participation_id == participation_id)
    ):
        # The draws are made for every dated milestone, the first session's too, so the rest of
        # the demo (matches, capacities) comes out the same whatever this milestone shows.
        roll = rng.random() if m.due_date is not None else 1.0
        done = (
            m.due_date is not None
            and m.due_date <= today
            and (roll < 0.7 or cohort_completed and roll < 0.85)
        )
        slip = rng.randint(-10, 12) if done else 0
        if m.category == MilestoneCategory.FIRST_SESSION.value:
            # Follows the sessions: a coordinator would never see a held session's milestone overdue.
            if first_session is not None:
                m.status = MilestoneStatus.DONE.value
                m.completed_on = first_session
                m.evidence_note = "Session logged"
            continue
        if m.due_date is None:
            continue
        if done:
            m.status = MilestoneStatus.DONE.value
            m.completed_on = min(today, m.due_date - timedelta(days=slip))
            m.evidence_note = "Confirmed by mentor" if roll < 0.4 else "Certificate on file"
        elif m.due_date > today and roll < 0.3:
            m.status = MilestoneStatus.IN_PROGRESS.value
        elif not m.required and roll > 0.9:
            m.status = MilestoneStatus.NOT_APPLICABLE.value


def _assessments(session, rng, participation_id, mentee, start, cohort, today, framework) -> None:  # type: ignore[no-untyped-def]
    points = [(AssessmentPoint.BASELINE, start + timedelta(days=7))]
    if cohort.start_date + (cohort.end_date - cohort.start_date) / 2 <= today:
        points.append((AssessmentPoint.MID, start + (cohort.end_date - cohort.start_date) / 2))
    if cohort.end_date <= today:
        points.append((AssessmentPoint.END, cohort.end_date))
    skills = framework.skills_for(mentee.target_role_family)[:4]
    base = {item: rng.randint(1, 3) for item in CONFIDENCE_ITEMS}
    base_skill = {skill: rng.randint(1, 2) for skill in skills}
    for step, (point, when) in enumerate(points):
        a = Assessment(
            participation_id=participation_id,
            point=point.value,
            assessor=Assessor.SELF.value,
            completed_on=when,
        )
        session.add(a)
        session.flush()
        for item, score in base.items():
            session.add(
                AssessmentScore(
                    assessment_id=a.id,
                    kind=ScoreKind.CONFIDENCE.value,
                    item=item,
                    score=min(5, score + step + (rng.random() < 0.4)),
                )
            )
        for skill, rank in base_skill.items():
            session.add(
                AssessmentScore(
                    assessment_id=a.id,
                    kind=ScoreKind.SKILL.value,
                    item=skill,
                    score=min(SkillLevel.EXPERT.rank, rank + step),
                )
            )
