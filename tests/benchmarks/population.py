"""Large realistic databases for benchmarks, built fast through the real schema."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

FIRST = (
    "Zoë",
    "Siân",
    "Priya",
    "Grace",
    "Ayşe",
    "Ольга",
    "Mei",
    "Niamh",
    "Fatima",
    "Hannah",
    "Thu",
    "Amara",
)
LAST = (
    "Hughes",
    "Łukasiewicz",
    "Nguyễn",
    "Yılmaz",
    "Петренко",
    "Okafor",
    "Patel",
    "Clarke",
    "Begum",
    "Evans",
)
ORGS = (
    "Essex County Council",
    "Kent County Council",
    "Thurrock Council",
    "Medway Council",
    "Suffolk County Council",
)


def build_people_db(path: Path, people: int, seed: int = 7) -> Path:
    """A database at the current schema holding ``people`` people."""
    from sqlalchemy import insert

    from women_in_ddat.domain.models import Organisation, Person
    from women_in_ddat.domain.values import name_key
    from women_in_ddat.storage.database import open_database

    rng = random.Random(seed)
    db = open_database(str(path))
    now = datetime.now(UTC)
    with db.engine.begin() as conn:
        conn.execute(
            insert(Organisation),
            [
                {
                    "name": o,
                    "name_key": name_key(o),
                    "kind": "county_council",
                    "region": "East",
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                for o in ORGS
            ],
        )
        rows = []
        for i in range(people):
            rows.append(
                {
                    "first_name": rng.choice(FIRST),
                    "last_name": rng.choice(LAST),
                    "preferred_name": "",
                    "pronouns": "she/her",
                    "email": f"person{i}@council{i % 50}.gov.uk",
                    "phone": "01234 567890",
                    "organisation_id": 1 + i % len(ORGS),
                    "job_title": rng.choice(
                        ("Data analyst", "Business analyst", "Delivery manager")
                    ),
                    "current_role_family": "Data",
                    "current_role": "data analyst",
                    "current_level": "Associate",
                    "target_role_family": "Data",
                    "target_role": "data scientist",
                    "target_level": "Senior",
                    "line_manager_email": "",
                    "region": "East of England",
                    "open_to_remote": True,
                    "notes": "",
                    "consent_to_store": True,
                    "consent_to_share_with_sponsor": True,
                    "consent_to_case_study": False,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
        conn.execute(insert(Person), rows)
    db.dispose()
    return path
