"""``women-in-ddat match suggest|start|end``: suggest mentors; start and end matches."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from women_in_ddat.services.matching_service import CohortSuggestions, MenteeSuggestions


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "match",
        help="suggest mentors (the best assignment for a cohort, or a ranked list for one "
        "mentee); start or end a match",
    )
    actions = parser.add_subparsers(dest="match_command", metavar="ACTION", required=True)
    suggest = actions.add_parser(
        "suggest",
        help="suggest mentors for a cohort's unmatched mentees (nothing is saved)",
        description="Suggests the assignment that matches the most mentees, then has the "
        "highest total fit, never breaking a hard rule (own organisation, line manager, "
        "capacity). JSON is a list of objects with mentee_email, mentor_email, score and "
        "reasons; a mentee left unmatched has mentor_email and score null and the reason "
        "she is unmatched in reasons. Nothing is saved: accept suggestions in the app.",
    )
    suggest.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
    suggest.add_argument(
        "--mentee",
        metavar="EMAIL",
        help="instead, every mentor who may take this mentee, best fit first",
    )
    suggest.add_argument("--format", "-f", choices=("table", "json"), default="table")
    suggest.add_argument(
        "--reconsider-unpinned",
        action="store_true",
        help="also reconsider proposed matches that are not pinned",
    )
    add_db_option(suggest)
    add_db_option(parser)
    suggest.set_defaults(func=run)

    start = actions.add_parser(
        "start",
        help="make a match active from a date (created if need be)",
        description="Her proposed or on-hold match with this mentor becomes active from DATE; "
        "without one, the match is made (the hard rules apply) and is active from DATE. "
        "Milestones counted from the match's start fall due from then.",
    )
    start.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
    start.add_argument("mentee", metavar="MENTEE_EMAIL")
    start.add_argument("mentor", metavar="MENTOR_EMAIL")
    start.add_argument("--on", metavar="DATE", help="active from (YYYY-MM-DD; default today)")
    add_db_option(start)
    start.set_defaults(func=run_start)

    end = actions.add_parser("end", help="end a mentee's current match early, saying why")
    end.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
    end.add_argument("mentee", metavar="MENTEE_EMAIL")
    end.add_argument("--on", required=True, metavar="DATE", help="when it ended (YYYY-MM-DD)")
    end.add_argument("--reason", required=True, metavar="TEXT", help="why it ended")
    add_db_option(end)
    end.set_defaults(func=run_end)


def run_start(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import member, open_programme, optional_day

    on = optional_day(args.on, "--on")
    services = open_programme(args)
    try:
        mentee = member(services, args.cohort, args.mentee, "mentee")
        mentor = member(services, args.cohort, args.mentor, "mentor")
        match = services.matches.start(mentee.participation_id, mentor.participation_id, on=on)
    finally:
        services.close()
    print(f"{args.mentee} is matched with {args.mentor}, active from {match.start_date}.")
    return 0


def run_end(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import day, member, open_programme
    from women_in_ddat.errors import NotFound

    on = day(args.on, "--on")
    services = open_programme(args)
    try:
        mentee = member(services, args.cohort, args.mentee, "mentee")
        current = services.matches.current_match(mentee.participation_id)
        if current is None:
            raise NotFound("That mentee has no current match to end.")
        services.matches.end(current.id, on=on, reason=args.reason)
    finally:
        services.close()
    print(f"Ended the match of {args.mentee} with {current.mentor_email} on {on}.")
    return 0


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from women_in_ddat.cli.common import open_services

    services = open_services(args)
    try:
        matching = services.matching
        cohort_id = int(services.cohorts.by_name(args.cohort).id or 0)
        if args.mentee:
            participation_id = _mentee_participation(services, cohort_id, args.mentee)
            ranked = matching.suggest_for_mentee(participation_id)
            records = _mentee_records(ranked)
            text = _mentee_table(ranked)
        else:
            suggestions = matching.suggest_for_cohort(
                cohort_id, reconsider_unpinned=args.reconsider_unpinned
            )
            records = _cohort_records(suggestions)
            text = _cohort_table(suggestions)
    finally:
        services.close()
    if args.format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(text)
    return 0


def _mentee_participation(services: Any, cohort_id: int, email: str) -> int:
    from women_in_ddat.domain.enums import ParticipantRole
    from women_in_ddat.errors import NotFound

    person = services.people.by_email(email)
    for member in services.cohorts.members(cohort_id):
        if member.person_id == person.id and member.role == ParticipantRole.MENTEE.value:
            return int(member.participation_id)
    raise NotFound("That person is not a mentee in this cohort.")


def _cohort_records(suggestions: CohortSuggestions) -> list[dict[str, Any]]:
    return [
        {
            "mentee_email": p.mentee_email,
            "mentor_email": p.mentor_email,
            "score": p.score,
            "reasons": list(p.reasons),
        }
        for p in suggestions.pairs
    ] + [
        {"mentee_email": u.mentee_email, "mentor_email": None, "score": None, "reasons": [u.why]}
        for u in suggestions.unmatched
    ]


def _mentee_records(ranked: MenteeSuggestions) -> list[dict[str, Any]]:
    return [
        {
            "mentee_email": ranked.mentee_email,
            "mentor_email": o.mentor_email,
            "score": o.score,
            "reasons": list(o.reasons),
        }
        for o in ranked.options
    ]


def _cohort_table(s: CohortSuggestions) -> str:
    lines = [f"Suggested matches for {s.cohort}"]
    if s.kept:
        lines.append(f"({s.kept} mentee{'s' if s.kept != 1 else ''} keep their current match.)")
    if not s.pairs and not s.unmatched:
        lines.append("Every mentee taking part has a current match; nothing to suggest.")
    for p in s.pairs:
        lines.append("")
        lines.append(f"{p.mentee_email}  ->  {p.mentor_email}   fit {p.score}/100")
        if p.rematch_reason:
            lines.append(f"    Rematch: her last match ended early ({p.rematch_reason})")
        if p.replaces is not None:
            lines.append("    Replaces her unpinned proposed match")
        lines.extend(f"    {reason}" for reason in p.reasons)
    if s.pairs:
        lines.append("")
        lines.append(f"{len(s.pairs)} suggested, total fit {s.total_fit}.")
    if s.unmatched:
        lines.append("")
        lines.append(f"Unmatched ({len(s.unmatched)}):")
        lines.extend(f"  {u.mentee_email}: {u.why}" for u in s.unmatched)
    return "\n".join(lines) + "\n"


def _mentee_table(r: MenteeSuggestions) -> str:
    lines = [f"Mentors who may take {r.mentee_email}, best fit first"]
    if not r.options:
        lines.append("None: every mentor in the cohort is ruled out (see below).")
    for rank, o in enumerate(r.options, start=1):
        lines.append("")
        lines.append(f"{rank}. {o.mentor_email}   fit {o.score}/100")
        lines.extend(f"    {reason}" for reason in o.reasons)
    if r.excluded:
        lines.append("")
        lines.append(f"Ruled out ({len(r.excluded)}):")
        lines.extend(f"  {e.mentor_email}: {'; '.join(e.why)}" for e in r.excluded)
    return "\n".join(lines) + "\n"
