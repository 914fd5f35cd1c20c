"""``women-in-ddat outcome add``: an entry in a person's outcome ledger."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option
    from women_in_ddat.domain.enums import OutcomeKind

    kinds = ", ".join(k.value for k in OutcomeKind)
    outcome = subparsers.add_parser("outcome", help="record what a person achieved")
    actions = outcome.add_subparsers(dest="outcome_action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="record an outcome (a promotion or new role also completes her career-move milestone)",
        description="Records an outcome, credited to her most recent cohort as a mentee unless "
        "--cohort says otherwise (or --no-cohort). A promotion or new role credited to a cohort "
        "completes that place's 'Promotion or new role' milestone.",
    )
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--kind", required=True, metavar="KIND", help=f"one of {kinds}")
    add.add_argument("--on", required=True, metavar="DATE", help="when (YYYY-MM-DD)")
    add.add_argument("--role", metavar="TEXT", help="the role she moved into")
    credited = add.add_mutually_exclusive_group()
    credited.add_argument("--cohort", metavar="NAME", help="the cohort it is credited to")
    credited.add_argument("--no-cohort", action="store_true", help="credit it to no cohort")
    add_db_option(add)
    add.set_defaults(func=run_add)
    add_db_option(outcome)


def run_add(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import day, open_programme
    from women_in_ddat.domain.enums import OutcomeKind
    from women_in_ddat.errors import InvalidInput

    try:
        kind = OutcomeKind.parse(args.kind)
    except ValueError:
        kinds = ", ".join(k.value for k in OutcomeKind)
        raise InvalidInput(f"--kind is one of {kinds}.") from None
    on = day(args.on, "--on")
    services = open_programme(args)
    try:
        person = services.people.by_email(args.email)
        cohort_id, cohort = _credited_to(services, int(person.id or 0), args)
        services.progress.record_outcome(
            int(person.id or 0), OutcomeKind(kind), on, cohort_id=cohort_id, role=args.role or ""
        )
    finally:
        services.close()
    credit = f", credited to {cohort}" if cohort else ", credited to no cohort"
    print(f"Recorded {OutcomeKind(kind).label.lower()} for {args.email} on {on}{credit}.")
    return 0


def _credited_to(
    services: Services, person_id: int, args: argparse.Namespace
) -> tuple[int | None, str]:
    if args.no_cohort:
        return None, ""
    if args.cohort:
        cohort = services.cohorts.by_name(args.cohort)
        return int(cohort.id or 0), cohort.name

    places = services.person_detail.detail(person_id).mentee_places
    return (places[0].cohort_id, places[0].cohort) if places else (None, "")
