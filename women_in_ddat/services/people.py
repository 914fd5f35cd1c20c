"""People and their organisations."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import AuditAction, SkillDirection
from women_in_ddat.domain.models import Organisation, Person, PersonSkillInterest
from women_in_ddat.domain.values import (
    clean_multiline,
    clean_text,
    email_problem,
    name_key,
    normalise_email,
    person_key,
    phone_problem,
)
from women_in_ddat.errors import Conflict, EditConflict, InvalidInput, NotFound
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.edit_conflicts import Compared, edit_conflict
from women_in_ddat.storage.contention import lost_a_race

# Fields a coordinator edits directly, with how each is cleaned.
TEXT_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "phone",
    "job_title",
    "current_role_family",
    "current_role",
    "current_level",
    "target_role_family",
    "target_role",
    "target_level",
    "region",
)
BOOL_FIELDS = (
    "open_to_remote",
    "consent_to_store",
    "consent_to_share_with_sponsor",
    "consent_to_case_study",
    "do_not_contact",
)

# How each field is captioned on the person form, for showing two versions side by side.
PERSON_CAPTIONS = {
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "pronouns": "Pronouns",
    "email": "Email",
    "phone": "Phone",
    "organisation": "Organisation",
    "job_title": "Job title",
    "region": "Region",
    "line_manager_email": "Line manager's email",
    "current_role_family": "Current role family",
    "current_role": "Current role",
    "current_level": "Current level",
    "target_role_family": "Target role family",
    "target_role": "Target role",
    "target_level": "Target level",
    "notes": "Notes",
    "open_to_remote": "Open to remote mentoring",
    "consent_to_store": "Consents to us storing their details",
    "consent_to_share_with_sponsor": "Consents to sharing progress with their sponsor",
    "consent_to_case_study": "Consents to being a case study",
    "do_not_contact": "Asked not to be contacted",
    "skills_wanted": "Skills wanted",
    "skills_offered": "Skills offered",
}


class LikelyDuplicate(Conflict):
    """Someone of the same name in the same organisation is already recorded."""

    def __init__(self, namesakes: list[PersonRecord]) -> None:
        first = namesakes[0]
        super().__init__(
            f"{first.display_name} ({first.email}) is already recorded in the same "
            "organisation: this may be the same person."
        )
        self.namesakes = namesakes


@dataclass
class PersonInput:
    """What a form or an import row says about a person. None means "not given"."""

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    preferred_name: str | None = None
    pronouns: str | None = None
    phone: str | None = None
    organisation: str | None = None
    job_title: str | None = None
    current_role_family: str | None = None
    current_role: str | None = None
    current_level: str | None = None
    target_role_family: str | None = None
    target_role: str | None = None
    target_level: str | None = None
    line_manager_email: str | None = None
    region: str | None = None
    notes: str | None = None
    open_to_remote: bool | None = None
    consent_to_store: bool | None = None
    consent_to_share_with_sponsor: bool | None = None
    consent_to_case_study: bool | None = None
    # She asked not to be contacted: every mailing leaves her out.
    do_not_contact: bool | None = None
    skills_wanted: list[str] | None = None
    skills_offered: list[str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def given(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "extra" and getattr(self, f.name) is not None
        }


def validate_person_input(
    data: PersonInput, *, creating: bool, kept_phone: str | None = None
) -> dict[str, Any]:
    """Clean every given value; raise InvalidInput naming each bad field.

    ``kept_phone`` is the phone number stored before: one saved before phone
    numbers were checked may stay as it is, a new or changed one must be a number.
    """
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in data.given().items():
        if name in TEXT_FIELDS:
            cleaned[name] = clean_text(value)
        elif name in BOOL_FIELDS:
            cleaned[name] = bool(value)
        elif name == "notes":
            cleaned[name] = clean_multiline(value)
        elif name == "organisation":
            cleaned[name] = clean_text(value)
        elif name in ("email", "line_manager_email"):
            email = normalise_email(value)
            if name == "line_manager_email" and not email:
                cleaned[name] = ""
                continue
            problem = email_problem(email)
            if problem:
                problems[name] = problem
            cleaned[name] = email
        elif name in ("skills_wanted", "skills_offered"):
            cleaned[name] = sorted({clean_text(s) for s in value if clean_text(s)})
    if creating:
        if "email" not in cleaned and "email" not in problems:
            problems["email"] = "an email address is required"
        if not cleaned.get("first_name"):
            problems["first_name"] = "a first name is required"
    elif "first_name" in cleaned and not cleaned["first_name"]:
        problems["first_name"] = "a first name is required"
    phone = cleaned.get("phone", "")
    if phone != kept_phone and (problem := phone_problem(phone)):
        problems["phone"] = problem
    if cleaned.get("line_manager_email") and cleaned.get("line_manager_email") == cleaned.get(
        "email"
    ):
        problems["line_manager_email"] = "a person cannot be their own line manager"
    for name in TEXT_FIELDS:
        limit = Person.model_fields[name].metadata
        max_len = next((m.max_length for m in limit if hasattr(m, "max_length")), None)
        if max_len and len(cleaned.get(name, "")) > max_len:
            problems[name] = f"too long (at most {max_len} characters)"
    if problems:
        raise InvalidInput("Please correct the highlighted fields.", problems)
    return cleaned


def find_or_create_organisation(session: Session, name: str) -> Organisation | None:
    name = clean_text(name)
    if not name:
        return None
    key = name_key(name)
    org = session.scalar(select(Organisation).where(col(Organisation.name_key) == key))
    if org is None:
        org = Organisation(name=name, name_key=key)
        session.add(org)
        session.flush()
    return org


def set_skill_interests(
    session: Session, person_id: int, direction: SkillDirection, skills: list[str]
) -> bool:
    existing = session.scalars(
        select(PersonSkillInterest).where(
            col(PersonSkillInterest.person_id) == person_id,
            col(PersonSkillInterest.direction) == direction.value,
        )
    ).all()
    if sorted(s.skill for s in existing) == sorted(skills):
        return False
    for row in existing:
        session.delete(row)
    session.flush()
    for skill in skills:
        session.add(
            PersonSkillInterest(person_id=person_id, skill=skill, direction=direction.value)
        )
    return True


def create_person_in(session: Session, cleaned: dict[str, Any]) -> Person:
    """A new person from validated values, inside the caller's transaction (never commits)."""
    if (
        session.scalar(select(col(Person.id)).where(col(Person.email) == cleaned["email"]))
        is not None
    ):
        raise InvalidInput(
            "Someone with that email address is already recorded.",
            {"email": "this email address is already in use"},
        )
    person = Person(first_name=cleaned["first_name"], email=cleaned["email"])
    session.add(person)
    apply_person_values(session, person, cleaned)
    session.flush()
    apply_person_values(
        session, person, {k: v for k, v in cleaned.items() if k.startswith("skills_")}
    )
    return person


def apply_person_values(session: Session, person: Person, cleaned: dict[str, Any]) -> bool:
    """Write cleaned values onto ``person``; True if anything changed. Never commits."""
    changed = False
    for name, value in cleaned.items():
        if name == "organisation":
            org = find_or_create_organisation(session, value)
            new_id = org.id if org else None
            if person.organisation_id != new_id:
                person.organisation_id = new_id
                changed = True
        elif name in ("skills_wanted", "skills_offered"):
            continue
        elif getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    if person.id is not None:
        for key, direction in (
            ("skills_wanted", SkillDirection.WANTS_TO_GROW),
            ("skills_offered", SkillDirection.OFFERS),
        ):
            if key in cleaned and set_skill_interests(session, person.id, direction, cleaned[key]):
                changed = True
    return changed


@dataclass(frozen=True)
class PersonRow:
    """One line of the people table."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    organisation: str
    job_title: str
    version: int

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class PersonFields:
    """Her values as stored, which every record of a person carries (her organisation aside:
    ``PersonRecord`` gives its id, ``PersonDetail`` its name)."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str
    pronouns: str
    email: str
    phone: str
    job_title: str
    current_role_family: str
    current_role: str
    current_level: str
    target_role_family: str
    target_role: str
    target_level: str
    line_manager_email: str
    region: str
    open_to_remote: bool
    notes: str
    consent_to_store: bool
    consent_to_share_with_sponsor: bool
    consent_to_case_study: bool
    do_not_contact: bool
    created_at: datetime
    updated_at: datetime
    version: int

    @staticmethod
    def values_of(person: Person) -> dict[str, Any]:
        """The stored person's values of these fields, to build a record of her from."""
        return {f.name: getattr(person, f.name) for f in fields(PersonFields)}

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()


@dataclass(frozen=True)
class PersonRecord(PersonFields):
    """A person as stored: her values, not the table row."""

    organisation_id: int | None

    @classmethod
    def of(cls, person: Person) -> PersonRecord:
        return cls(**PersonFields.values_of(person), organisation_id=person.organisation_id)


@dataclass(frozen=True)
class OrganisationRecord:
    id: int
    name: str
    kind: str
    region: str
    version: int

    @classmethod
    def of(cls, organisation: Organisation) -> OrganisationRecord:
        return cls(**{f.name: getattr(organisation, f.name) for f in fields(cls)})


class PeopleService(Service):
    def create(self, data: PersonInput, *, namesakes_ok: bool = True) -> PersonRecord:
        """Add a person. Unless ``namesakes_ok``, refuse with LikelyDuplicate when someone
        of the same name is already recorded in the same organisation (she may go on)."""
        cleaned = validate_person_input(data, creating=True)
        if not namesakes_ok and (namesakes := self.namesakes(cleaned)):
            raise LikelyDuplicate(namesakes)
        with self.db.transaction() as session:
            person = create_person_in(session, cleaned)
            self.audit(session, AuditAction.CREATE, "person", person.id)
            return PersonRecord.of(person)

    def update(
        self, person_id: int, data: PersonInput, *, expected_version: int | None = None
    ) -> PersonRecord:
        kept_phone = None
        if data.phone is not None and phone_problem(clean_text(data.phone)):
            with self.db.reading() as session:
                kept_phone = get_or_404(session, Person, person_id, "person").phone
        cleaned = validate_person_input(data, creating=False, kept_phone=kept_phone)
        try:
            with self.db.transaction() as session:
                person = get_or_404(session, Person, person_id, "person")
                if "email" in cleaned and cleaned["email"] != person.email:
                    clash = session.scalar(
                        select(col(Person.id)).where(col(Person.email) == cleaned["email"])
                    )
                    if clash is not None:
                        raise InvalidInput(
                            "Someone else already has that email address.",
                            {"email": "this email address is already in use"},
                        )
                if expected_version is not None and person.version != expected_version:
                    touch(person, expected_version, "person")  # raises Conflict
                if apply_person_values(session, person, cleaned):
                    touch(person)
                    self.audit(session, AuditAction.UPDATE, "person", person.id)
                return PersonRecord.of(person)
        except Conflict as exc:
            if exc.__cause__ is not None and lost_a_race(exc.__cause__):
                raise  # the database was busy, the record unchanged: just try again
            # Stale when opened, or another save committed between our read
            # and our UPDATE (the version check in the WHERE clause): either
            # way show both versions rather than a bare refusal.
            raise self._edit_conflict(person_id, cleaned) from exc

    def _edit_conflict(self, person_id: int, yours: dict[str, Any]) -> EditConflict:
        with self.db.reading() as session:
            person = get_or_404(session, Person, person_id, "person")
            theirs: dict[str, Any] = {}
            for name in yours:
                if name == "organisation":
                    org = (
                        session.get(Organisation, person.organisation_id)
                        if person.organisation_id
                        else None
                    )
                    theirs[name] = org.name if org else ""
                elif name not in ("skills_wanted", "skills_offered"):
                    theirs[name] = getattr(person, name)
            version = person.version
        skills = (
            self.skills(person_id) if {"skills_wanted", "skills_offered"} & yours.keys() else {}
        )
        for name, direction in (
            ("skills_wanted", SkillDirection.WANTS_TO_GROW),
            ("skills_offered", SkillDirection.OFFERS),
        ):
            if name in yours:
                theirs[name] = skills.get(direction.value, [])
        return edit_conflict(
            "person",
            (
                Compared(
                    name, PERSON_CAPTIONS.get(name, name.replace("_", " ")), theirs[name], value
                )
                for name, value in yours.items()
            ),
            version,
        )

    def delete(self, person_id: int, *, expected_version: int | None = None) -> None:
        with self.db.transaction() as session:
            person = get_or_404(session, Person, person_id, "person")
            if expected_version is not None and person.version != expected_version:
                raise Conflict("This person was changed by someone else; reload before deleting.")
            session.delete(person)
            self.audit(session, AuditAction.DELETE, "person", person_id)

    def namesakes(self, cleaned: dict[str, Any]) -> list[PersonRecord]:
        """People already recorded with the same first and last name (case, accents and
        spacing aside) in the same organisation (or, like her, in none)."""
        key = person_key(f"{cleaned.get('first_name', '')} {cleaned.get('last_name', '')}")
        organisation = name_key(cleaned.get("organisation", ""))
        query = select(Person).outerjoin(
            Organisation, col(Organisation.id) == col(Person.organisation_id)
        )
        if organisation:
            query = query.where(col(Organisation.name_key) == organisation)
        else:
            query = query.where(col(Person.organisation_id).is_(None))
        with self.db.reading() as session:
            return [
                PersonRecord.of(person)
                for person in session.scalars(query.order_by(col(Person.id)))
                if person_key(f"{person.first_name} {person.last_name}") == key
            ]

    def get(self, person_id: int) -> PersonRecord:
        with self.db.reading() as session:
            return PersonRecord.of(get_or_404(session, Person, person_id, "person"))

    def by_email(self, email: str) -> PersonRecord:
        key = normalise_email(email)
        with self.db.reading() as session:
            person = session.scalar(select(Person).where(col(Person.email) == key))
            if person is None:
                raise NotFound("No one with that email address is recorded.")
            return PersonRecord.of(person)

    def skills(self, person_id: int) -> dict[str, list[str]]:
        with self.db.reading() as session:
            rows = session.scalars(
                select(PersonSkillInterest).where(col(PersonSkillInterest.person_id) == person_id)
            ).all()
        result: dict[str, list[str]] = {d.value: [] for d in SkillDirection}
        for row in sorted(rows, key=lambda r: r.skill):
            result[row.direction].append(row.skill)
        return result

    def rows(self, text: str = "", *, limit: int | None = None) -> list[PersonRow]:
        """People for the table, filtered on name, email, organisation and job title."""
        query = (
            select(
                col(Person.id),
                col(Person.first_name),
                col(Person.last_name),
                col(Person.preferred_name),
                col(Person.email),
                func.coalesce(col(Organisation.name), ""),
                col(Person.job_title),
                col(Person.version),
            )
            .outerjoin(Organisation, col(Organisation.id) == col(Person.organisation_id))
            .order_by(col(Person.last_name), col(Person.first_name), col(Person.id))
        )
        words = clean_text(text).lower().split()
        for word in words:
            pattern = f"%{word}%"
            query = query.where(
                or_(
                    func.lower(col(Person.first_name)).like(pattern),
                    func.lower(col(Person.last_name)).like(pattern),
                    func.lower(col(Person.preferred_name)).like(pattern),
                    col(Person.email).like(pattern),
                    func.lower(col(Organisation.name)).like(pattern),
                    func.lower(col(Person.job_title)).like(pattern),
                )
            )
        if limit:
            query = query.limit(limit)
        with self.db.reading() as session:
            return [PersonRow(*row) for row in session.execute(query)]

    def count(self) -> int:
        with self.db.reading() as session:
            return session.scalar(select(func.count(col(Person.id)))) or 0

    def organisations(self) -> list[OrganisationRecord]:
        with self.db.reading() as session:
            return [
                OrganisationRecord.of(o)
                for o in session.scalars(select(Organisation).order_by(col(Organisation.name)))
            ]
