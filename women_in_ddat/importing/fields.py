"""The fields a cohort spreadsheet can fill, and the names councils give them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    # Header texts that mean this field, already in header_key() form.
    synonyms: tuple[str, ...]
    # The column's size in the database (None: unlimited).
    max_length: int | None = None
    # Shown in the cohort template.
    in_template: bool = True


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "first_name",
        "First name",
        (
            "first name",
            "firstname",
            "forename",
            "forenames",
            "given name",
            "given names",
            "first names",
            "christian name",
            "fname",
        ),
        100,
    ),
    FieldSpec(
        "last_name",
        "Last name",
        ("last name", "lastname", "surname", "family name", "second name", "lname"),
        100,
    ),
    FieldSpec(
        "full_name",
        "Name",
        (
            "name",
            "full name",
            "fullname",
            "participant name",
            "participant",
            "person",
            "mentee name",
            "staff name",
            "employee name",
            "delegate name",
            "delegate",
        ),
        201,
        in_template=False,
    ),
    FieldSpec(
        "email",
        "Email",
        (
            "email",
            "email address",
            "work email",
            "work email address",
            "mail",
            "email addr",
            "emailaddress",
            "contact email",
            "participant email",
        ),
        254,
    ),
    FieldSpec(
        "organisation",
        "Organisation",
        (
            "organisation",
            "organization",
            "council",
            "employer",
            "authority",
            "local authority",
            "org",
            "organisation name",
            "organization name",
            "council name",
            "employing organisation",
            "employing council",
            "body",
            "company",
        ),
        200,
    ),
    FieldSpec(
        "job_title",
        "Job title",
        (
            "job title",
            "jobtitle",
            "position",
            "post",
            "job",
            "post title",
            "job role",
            "current job title",
            "current role",
            "current post",
        ),
        200,
    ),
    FieldSpec(
        "role",
        "Role",
        (
            "role",
            "participant type",
            "type",
            "participant role",
            "mentee or mentor",
            "mentee mentor",
            "mentor or mentee",
            "mentor mentee",
            "programme role",
            "cohort role",
            "participating as",
            "taking part as",
        ),
    ),
    FieldSpec(
        "ddat_family",
        "DDaT job family",
        (
            "ddat job family",
            "job family",
            "ddat family",
            "role family",
            "ddat role family",
            "profession",
            "ddat profession",
            "family",
            "ddat job families",
            "current role family",  # the people export's heading
        ),
        100,
    ),
    FieldSpec(
        "ddat_role",
        "DDaT role",
        ("ddat role", "ddat job role", "framework role", "ddat job", "ddat job title"),
        100,
    ),
    FieldSpec("region", "Region", ("region", "area", "location", "geography"), 100),
    FieldSpec(
        "start_date",
        "Start date",
        (
            "start date",
            "start",
            "commencement",
            "commencement date",
            "date joined",
            "joined",
            "joining date",
            "programme start",
            "programme start date",
            "start on",
            "starts",
        ),
    ),
    FieldSpec(
        "mentor",
        "Mentor",
        (
            "mentor",
            "mentor email",
            "mentor email address",
            "mentor name",
            "assigned mentor",
            "matched mentor",
            "matched with",
            "mentor s email",
            "mentors email",
            "mentor contact",
        ),
    ),
    FieldSpec(
        "line_manager_email",
        "Line manager email",
        (
            "line manager email",
            "line manager",
            "manager email",
            "line manager email address",
            "lm email",
            "managers email",
            "manager s email",
            "manager",
        ),
        254,
    ),
    FieldSpec(
        "phone",
        "Phone",
        (
            "phone",
            "telephone",
            "tel",
            "mobile",
            "phone number",
            "telephone number",
            "contact number",
            "mobile number",
            "work phone",
        ),
        40,
    ),
    FieldSpec(
        "notes",
        "Notes",
        ("notes", "note", "comments", "comment", "remarks", "additional information"),
    ),
)

FIELD_BY_KEY: dict[str, FieldSpec] = {f.key: f for f in FIELDS}

# Words in a sheet's name that say who is on it.
SHEET_ROLE_WORDS = {
    "mentees": "mentee",
    "mentee": "mentee",
    "mentors": "mentor",
    "mentor": "mentor",
}
