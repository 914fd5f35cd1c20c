"""Invisible characters: removed on every way in, and look-alike organisations are one.

A left-to-right mark after "Essex County Council" displays the same; kept,
it made a second organisation, so an Essex mentor could be matched with an
Essex mentee, and it stopped the cohort's report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.importing.corpus import write_csv
from tests.matching.builders import cohort, join, person
from tests.matching.framework_files import role_rows, write_roles
from tests.reports.pdf_tools import read_pdf
from women_in_ddat.cli.main import main
from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.models import Organisation, Person
from women_in_ddat.domain.values import clean_multiline, clean_text, name_key, normalise_email
from women_in_ddat.importing.run import ImportSettings, run_import
from women_in_ddat.services.context import Services

ESSEX = "Essex County Council"
LRM, RLM = "\u200e", "\u200f"
# Each bidi control and mark, and other default-ignorable characters.
INVISIBLE = [LRM, RLM, "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
             "\u2068", "\u2069", "\u061c", "\u00ad", "\u034f", "\u2060", "\u2063", "\ufeff",
             "\u200b", "\u200c", "\u200d", "\ufe0f", "\U000e0041", "\u3164"]  # fmt: skip


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_are_removed_from_text_as_typed(char: str) -> None:
    assert clean_text(f"{char}Essex{char} County Council{char}") == ESSEX
    assert clean_multiline(f"Line{char} one\nline two{char}") == "Line one\nline two"
    assert normalise_email(f"ann.lee@essex.gov.uk{char}") == "ann.lee@essex.gov.uk"


def test_joiners_are_kept_between_letters_of_the_scripts_that_need_them() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a Persian word
    devanagari = "\u0915\u094d\u200d\u0937"  # ZWJ after a virama
    assert clean_text(persian) == persian
    assert clean_text(devanagari) == devanagari
    # At a word's edge, or beside Latin letters, they only hide a difference.
    assert clean_text(f"\u200c{persian}\u200d") == persian
    assert clean_text("Ann\u200dLee \u200c\u0645") == "AnnLee \u0645"


def test_organisation_names_are_compared_by_one_normalised_key() -> None:
    key = name_key(ESSEX)
    for look_alike in (f"{ESSEX}{LRM}", f"\u202a{ESSEX}\u202c", "ESSEX  county\u00a0council",
                       "\uff25\uff53\uff53\uff45\uff58 County Council", "Essex Coun\u00adty Council"):  # fmt: skip
        assert name_key(look_alike) == key, look_alike


def _org_ids(services: Services) -> dict[str, int | None]:
    with services.db.reading() as session:
        people = session.scalars(select(Person)).all()
        return {p.email: p.organisation_id for p in people}


def test_the_app_files_look_alike_organisations_under_one(services: Services) -> None:
    person(services, "ann@essex.gov.uk", organisation=ESSEX)
    person(services, "bea@essex.gov.uk", organisation=f"{ESSEX}{LRM}")
    person(
        services, "cat@essex.gov.uk", organisation="\uff25\uff53\uff53\uff45\uff58 county council"
    )
    assert len(set(_org_ids(services).values())) == 1
    with services.db.reading() as session:
        assert [o.name for o in session.scalars(select(Organisation))] == [ESSEX]
    created = services.people.get(
        person(services, f"{RLM}dee@kent.gov.uk{LRM}", organisation="Kent")
    )
    assert created.email == "dee@kent.gov.uk"


def test_the_own_organisation_rule_holds_for_a_look_alike_name(services: Services) -> None:
    cohort_id = cohort(services, "Top Talent Essex 2025")
    mentee = join(services, cohort_id, person(services, "ann@essex.gov.uk", organisation=ESSEX),
                  ParticipantRole.MENTEE)  # fmt: skip
    join(services, cohort_id, person(services, "bea@essex.gov.uk", organisation=f"{ESSEX}{LRM}"),
         ParticipantRole.MENTOR, capacity=2)  # fmt: skip
    join(services, cohort_id, person(services, "cat@kent.gov.uk", organisation="Kent County Council"),
         ParticipantRole.MENTOR, capacity=2)  # fmt: skip
    suggestions = services.matching.suggest_for_mentee(mentee)
    assert [o.mentor_email for o in suggestions.options] == ["cat@kent.gov.uk"]
    assert [(e.mentor_email, e.why) for e in suggestions.excluded] == [
        ("bea@essex.gov.uk", ("works in the mentee's own organisation",))
    ]
    pairs = services.matching.suggest_for_cohort(cohort_id).pairs
    assert [p.mentor_email for p in pairs] == ["cat@kent.gov.uk"]


HEADER = ["First name", "Last name", "Email", "Organisation", "Job title", "Role", "Mentor email"]


def test_an_import_removes_them_and_keeps_the_own_organisation_rule(
    db_path: Path, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        [
            f"Bea{RLM}",
            f"{LRM}Lee",
            f"bea@essex.gov.uk{LRM}",
            f"{ESSEX}{LRM}",
            "Head of data\u202c",
            "Mentor",
            "",
        ],
        ["Ann", "Hughes", "ann@essex.gov.uk", ESSEX, "Analyst", "Mentee", f"bea@essex.gov.uk{RLM}"],
    ]
    outcome = run_import(str(db_path), write_csv(tmp_path / "c.csv", rows),
                         ImportSettings(cohort="Essex 2025", use_remembered_mappings=False), actor="t").outcome  # fmt: skip
    assert not outcome.written
    assert [p.reason for p in outcome.problems] == [
        "the mentor works in the mentee's own organisation"
    ]
    rows[2][-1] = ""
    outcome = run_import(str(db_path), write_csv(tmp_path / "c.csv", rows),
                         ImportSettings(cohort="Essex 2025", use_remembered_mappings=False), actor="t").outcome  # fmt: skip
    assert outcome.written and outcome.created == 2
    services = Services.open(str(db_path), actor="t")
    try:
        with services.db.reading() as session:
            bea = session.scalars(select(Person).where(Person.email == "bea@essex.gov.uk")).one()
            assert (bea.first_name, bea.last_name, bea.job_title) == ("Bea", "Lee", "Head of data")
            assert [o.name for o in session.scalars(select(Organisation))] == [ESSEX]
        assert len(set(_org_ids(services).values())) == 1
    finally:
        services.close()


def test_report_cohort_and_organisation_work_with_a_look_alike_name(
    services: Services, db_target: str, tmp_path: Path
) -> None:
    cohort_id = cohort(services, "Top Talent Essex 2025")
    join(services, cohort_id, person(services, "ann@essex.gov.uk", organisation=f"{ESSEX}{LRM}"),
         ParticipantRole.MENTEE)  # fmt: skip
    join(services, cohort_id, person(services, "cat@kent.gov.uk", organisation="\u2067Kent County Council\u2069"),
         ParticipantRole.MENTOR, capacity=2)  # fmt: skip
    target = tmp_path / "cohort.pdf"
    assert (
        main(["--db", db_target, "report", "cohort", "Top Talent Essex 2025", "-o", str(target)])
        == 0
    )
    assert "Essex County Council" in read_pdf(target).text
    # A name typed or pasted on the command line is cleaned the same way.
    assert (
        main(
            [
                "--db",
                db_target,
                "report",
                "cohort",
                f"Top Talent Essex 2025{RLM}",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    target = tmp_path / "org.pdf"
    assert (
        main(["--db", db_target, "report", "organisation", f"{ESSEX}{LRM}", "-o", str(target)]) == 0
    )
    assert read_pdf(target).metadata["/Title"] == f"Organisation report: {ESSEX}"


def test_a_framework_import_removes_them(
    services: Services, tmp_path: Path, private_home: Path
) -> None:
    rows = role_rows()
    for row in rows:
        row[0] = f"{row[0]}{LRM}"
        row[1] = f"\u202b{row[1]}\u202c"
    services.framework.import_csvs(
        write_roles(tmp_path / "roles.csv", rows), None, version=f"Oct{RLM} 2024"
    )
    info = services.framework.current()
    assert info.version == "Oct 2024"
    family = info.framework.family("product and delivery")
    assert family is not None and family.name == "Product and delivery"
    assert family.roles == ("business analyst",)
