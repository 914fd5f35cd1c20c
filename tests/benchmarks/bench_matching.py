"""Suggesting a whole cohort's matches: 300 mentees and 100 mentors, target under a second.

Two rows, each against the same baseline measured in the same run: SciPy's
bare ``linear_sum_assignment`` on the expanded cost matrix the suggestion
solves (so the ratio shows what scoring, the rules and the reasons cost).

- the service end to end on a real SQLite file: reading the cohort, scoring
  every pair with reasons, the hard rules, the optimal assignment;
- the pure matching core alone, on the same people as plain profiles.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.benchmarks.common import BenchRow, best_of

MENTEES, MENTORS = 300, 100
ORGANISATIONS = 12
TARGET_SECONDS = 1.0


def build_cohort_db(path: Path, mentees: int, mentors: int, seed: int = 11) -> tuple[Path, int]:
    """A database holding one cohort of ``mentees`` and ``mentors``, none matched yet."""
    from sqlalchemy import insert, select

    from women_in_ddat.domain.models import (
        Cohort,
        Organisation,
        Participation,
        Person,
        PersonSkillInterest,
        Programme,
    )
    from women_in_ddat.domain.reference import load_framework
    from women_in_ddat.domain.values import name_key
    from women_in_ddat.storage.database import open_database

    rng = random.Random(seed)
    framework = load_framework()
    families = [f for f in framework.families]
    levels = list(framework.role_levels)
    regions = ("East of England", "South East", "London", "South West", "North West")
    now = datetime.now(UTC)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    db = open_database(str(path))
    with db.engine.begin() as conn:
        conn.execute(
            insert(Organisation),
            [
                {"name": f"Council {i}", "name_key": name_key(f"Council {i}"), "kind": "county_council",
                 "region": regions[i % len(regions)], **stamp}
                for i in range(ORGANISATIONS)
            ],
        )  # fmt: skip
        programme_id = conn.execute(
            insert(Programme).returning(Programme.id),
            [{"name": "Bench", "description": "", "retention_months": 24, **stamp}],
        ).scalar_one()
        start = date.today() - timedelta(days=30)
        cohort_id = conn.execute(
            insert(Cohort).returning(Cohort.id),
            [{"programme_id": programme_id, "name": "Bench cohort", "place": "", "start_date": start,
              "end_date": start + timedelta(days=365), "status": "in_progress", **stamp}],
        ).scalar_one()  # fmt: skip

        def person_row(
            email: str,
            family: str,
            role: str,
            level: str,
            target: tuple[str, str, str],
            manager: str,
        ) -> dict:
            return {
                "first_name": "Bench", "last_name": email.split("@")[0], "preferred_name": "", "pronouns": "",
                "email": email, "phone": "", "organisation_id": 1 + rng.randrange(ORGANISATIONS), "job_title": "",
                "current_role_family": family, "current_role": role, "current_level": level,
                "target_role_family": target[0], "target_role": target[1], "target_level": target[2],
                "line_manager_email": manager, "region": rng.choice(regions), "open_to_remote": rng.random() < 0.8,
                "notes": "", "consent_to_store": True, "consent_to_share_with_sponsor": True,
                "consent_to_case_study": False, **stamp,
            }  # fmt: skip

        mentor_emails = [f"mentor{j}@bench.gov.uk" for j in range(mentors)]
        rows = []
        for email in mentor_emails:
            family = rng.choice(families)
            rows.append(
                person_row(
                    email,
                    family.name,
                    rng.choice(family.roles),
                    rng.choice(levels[5:]),
                    ("", "", ""),
                    "",
                )
            )
        for i in range(mentees):
            family = rng.choice(families)
            manager = rng.choice(mentor_emails) if rng.random() < 0.1 else ""
            target = (family.name, rng.choice(family.roles), rng.choice(levels[4:8]))
            rows.append(
                person_row(
                    f"mentee{i}@bench.gov.uk",
                    family.name,
                    rng.choice(family.roles),
                    rng.choice(levels[1:5]),
                    target,
                    manager,
                )
            )
        conn.execute(insert(Person), rows)
        people = conn.execute(select(Person.id, Person.email, Person.current_role_family)).all()
        skills = []
        for person_id, email, family in people:
            pool = list(dict.fromkeys(framework.skills_for(family)))
            direction = "offers" if email.startswith("mentor") else "wants_to_grow"
            for skill in rng.sample(pool, min(len(pool), 4 if direction == "offers" else 3)):
                skills.append({"person_id": person_id, "skill": skill, "direction": direction})
        conn.execute(insert(PersonSkillInterest), skills)
        parts = []
        for person_id, email, _ in people:
            mentor = email.startswith("mentor")
            parts.append(
                {"person_id": person_id, "cohort_id": cohort_id, "role": "mentor" if mentor else "mentee",
                 "status": "active" if mentor else "accepted", "withdrawn_reason": "",
                 "mentor_capacity": rng.randint(1, 4) if mentor else 0, "start_date": start, "goals": "", **stamp}
            )  # fmt: skip
        conn.execute(insert(Participation), parts)
    db.dispose()
    return path, int(cohort_id)


def rows(quick: bool, workdir: Path) -> list[BenchRow]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from women_in_ddat.matching.assignment import assign_cohort, exclusions
    from women_in_ddat.matching.scoring import Scorer
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.matching_service import MatchingService, _load_pool

    mentees, mentors = (60, 20) if quick else (MENTEES, MENTORS)
    path, cohort_id = build_cohort_db(workdir / "cohort.db", mentees, mentors)
    services = Services.open(str(path), actor="bench")
    try:
        matching = MatchingService(services.db, services.actor)
        with services.db.reading() as session:
            pool = _load_pool(session, cohort_id, reconsider_unpinned=False)
        scorer = Scorer.for_framework(services.framework.current().framework)
        # The baseline's input: the same expanded matrix, built once outside the timing.
        scores = scorer.score_matrix(pool.mentees, pool.mentors)
        allowed = np.array([[not exclusions(me, mo) for mo in pool.mentors] for me in pool.mentees])
        places = [m.capacity_left for m in pool.mentors]
        slots = np.repeat(np.arange(len(places)), places)
        cost = np.zeros((len(pool.mentees), len(slots) + len(pool.mentees)))
        weight = MENTEES * 100 + 1
        block = -(scores[:, slots] + weight).astype(float)
        block[~allowed[:, slots]] = np.inf
        cost[:, : len(slots)] = block
        repeat = 3 if quick else 7
        baseline = best_of(lambda: linear_sum_assignment(cost), repeat)
        service = best_of(lambda: matching.suggest_for_cohort(cohort_id), repeat)
        core = best_of(lambda: assign_cohort(pool.mentees, pool.mentors, scorer), repeat)
        suggestion = matching.suggest_for_cohort(cohort_id)
    finally:
        services.close()
    size = f"{len(pool.mentees)} open mentees x {len(pool.mentors)} mentors ({len(slots)} places)"
    note = f"{len(suggestion.pairs)} suggested, {len(suggestion.unmatched)} unmatched"
    return [
        BenchRow(
            name=f"match suggest, service on SQLite: {size}",
            ours=service, baseline=baseline, unit="s", target=f"< {TARGET_SECONDS:g} s",
            met=service < TARGET_SECONDS, note=note,
        ),
        BenchRow(
            name=f"match suggest, scoring + rules + assignment: {size}",
            ours=core, baseline=baseline, unit="s", target=f"< {TARGET_SECONDS:g} s",
            met=core < TARGET_SECONDS,
        ),
    ]  # fmt: skip
