"""Small helpers the commands share."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from women_in_ddat.domain.wording import counted as counted  # one plural rule everywhere

if TYPE_CHECKING:
    from women_in_ddat.errors import InvalidInput
    from women_in_ddat.services.context import Services

# What a form shows beside its fields; a command line has no fields to highlight.
FORM_SUMMARY = "Please correct the highlighted fields."


def database_target(args: argparse.Namespace) -> str:
    from women_in_ddat.paths import resolve_database_target

    return resolve_database_target(getattr(args, "db", None))


def open_services(args: argparse.Namespace) -> Services:
    from women_in_ddat.services.context import Services

    return Services.open(database_target(args))


def open_programme(args: argparse.Namespace) -> Services:
    """The services over an existing programme: a mistyped --db never starts a new file."""
    from women_in_ddat.errors import DatabaseRefused
    from women_in_ddat.services.context import Services
    from women_in_ddat.storage.database import open_database
    from women_in_ddat.storage.preflight import parse_target

    target = database_target(args)
    path = parse_target(target).sqlite_path
    if path is not None and not path.exists():
        raise DatabaseRefused(
            f"There is no programme at {path}; nothing was changed. Start one with "
            f'women-in-ddat --db "{path}" new --programme NAME.'
        )
    return Services(open_database(target, create=False))


def one_line(exc: InvalidInput) -> str:
    """A refusal as one line naming each field and what is wrong with it (never its value)."""
    if not exc.problems:
        return exc.message
    listed = "; ".join(f"{field.replace('_', ' ')}: {why}" for field, why in exc.problems.items())
    if exc.message == FORM_SUMMARY:
        return f"Please correct {listed}."
    return f"{exc.message.rstrip('.')} ({listed})."


def day(text: str, option: str) -> date:
    """The date given as YYYY-MM-DD for ``option``, refused in one line if it is not one."""
    from women_in_ddat.errors import InvalidInput

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{option} takes a date written as YYYY-MM-DD.") from None


def optional_day(text: str | None, option: str) -> date | None:
    """As ``day``, for an option that may be left out."""
    return None if text is None else day(text, option)


class Place(NamedTuple):
    """A person's place in a cohort."""

    participation_id: int
    person_id: int
    role: str


def member(services: Services, cohort: str, email: str, role: str | None = None) -> Place:
    """The place in the cohort named ``cohort`` of the person with ``email``.

    Read from her own records, not the cohort's list: as quick in a cohort of 100,000.
    """
    from women_in_ddat.errors import NotFound

    cohort_id = services.cohorts.by_name(cohort).id
    person_id = int(services.people.by_email(email).id or 0)
    detail = services.person_detail.detail(person_id)
    for place in detail.participations:
        if place.cohort_id == cohort_id:
            if role is not None and place.role != role:
                raise NotFound(f"That person is in this cohort as a {place.role}, not a {role}.")
            return Place(place.id, person_id, place.role)
    raise NotFound("That person is not in this cohort.")
