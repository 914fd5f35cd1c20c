"""``women-in-ddat milestone done``: a mentee's milestone reached."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    milestone = subparsers.add_parser("milestone", help="mark a mentee's milestone done")
    actions = milestone.add_subparsers(dest="milestone_action", metavar="ACTION", required=True)
    done = actions.add_parser(
        "done",
        help="mark a mentee's milestone done (a career move also records her outcome)",
        description="Marks one of her milestones done, dated --on. 'Promotion or new role' "
        "stands for an outcome: marking it done records a new role in her outcome ledger (for "
        "a promotion, record it with 'outcome add --kind promotion', which marks the milestone).",
    )
    done.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
    done.add_argument("mentee", metavar="MENTEE_EMAIL")
    done.add_argument(
        "title", metavar="TITLE", help="the milestone's title, e.g. 'Development plan agreed'"
    )
    done.add_argument("--on", metavar="DATE", help="when (YYYY-MM-DD; default today)")
    done.add_argument("--evidence", metavar="TEXT", help="what shows it was done")
    add_db_option(done)
    done.set_defaults(func=run_done)
    add_db_option(milestone)


def run_done(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import member, open_programme, optional_day
    from women_in_ddat.domain.enums import MilestoneStatus
    from women_in_ddat.domain.values import name_key
    from women_in_ddat.errors import Conflict, NotFound

    on = optional_day(args.on, "--on")
    services = open_programme(args)
    try:
        mentee = member(services, args.cohort, args.mentee, "mentee")
        wanted = name_key(args.title)
        found = [
            m
            for m in services.progress.milestones(person_id=mentee.person_id)
            if m.participation_id == mentee.participation_id and name_key(m.title) == wanted
        ]
        if not found:
            raise NotFound("That mentee has no milestone with that title in this cohort.")
        milestone = found[0]
        if milestone.status == MilestoneStatus.DONE.value:
            raise Conflict(
                f"That milestone was done already (on {milestone.completed_on}); nothing was changed."
            )
        done = services.progress.set_milestone(
            milestone.id,
            status=MilestoneStatus.DONE,
            completed_on=on,
            evidence_note=args.evidence,
            expected_version=milestone.version,
        )
    finally:
        services.close()
    print(f"Marked '{milestone.title}' done for {args.mentee} on {done.completed_on}.")
    return 0
