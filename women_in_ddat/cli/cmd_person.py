"""``women-in-ddat person add|contact|export|erase``: record a person; whether she may be
written to; subject access and erasure.

The export's file name decides its form: ``.pdf`` writes a readable PDF,
anything else (or ``-`` for standard output) the JSON.
"""

from __future__ import annotations

import argparse

from women_in_ddat.domain.wording import counted


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    person = subparsers.add_parser(
        "person", help="record a person; subject access and erasure for one person (UK GDPR)"
    )
    actions = person.add_subparsers(dest="person_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="record a new person")
    add.add_argument("--first", required=True, metavar="F", help="first name")
    add.add_argument("--last", required=True, metavar="L", help="last name")
    add.add_argument("--email", required=True, metavar="E", help="email address (her identity)")
    add.add_argument("--organisation", metavar="O", help="where she works")
    add.add_argument("--job-title", metavar="T", help="her job title")
    add_db_option(add)
    add.set_defaults(func=run_add)

    contact = actions.add_parser(
        "contact", help="whether she may be written to (messages leave out who asked not to be)"
    )
    contact.add_argument("email")
    choice = contact.add_mutually_exclusive_group(required=True)
    choice.add_argument(
        "--no", dest="contact", action="store_false", help="she asked not to be contacted"
    )
    choice.add_argument("--yes", dest="contact", action="store_true", help="she may be again")
    add_db_option(contact)
    contact.set_defaults(func=run_contact)

    export = actions.add_parser(
        "export", help="everything held about one person, as JSON or (FILE.pdf) a readable PDF"
    )
    export.add_argument("email")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="FILE.json, FILE.pdf for a readable PDF, or - for JSON on standard output "
        '(default: a PDF named after her, "Subject access - NAME.pdf", in this folder)',
    )
    export.add_argument(
        "--include-equality", action="store_true", help="include equality monitoring answers"
    )
    add_db_option(export)
    export.set_defaults(func=run_export)

    erase = actions.add_parser(
        "erase",
        help="delete the person and everything about them; the audit trail keeps an opaque id",
    )
    erase.add_argument("email")
    erase.add_argument("--yes", action="store_true", help="confirm the erasure")
    add_db_option(erase)
    erase.set_defaults(func=run_erase)


def run_contact(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.services.people import PersonInput

    services = open_programme(args)
    try:
        person = services.people.by_email(args.email)
        services.people.update(person.id or 0, PersonInput(do_not_contact=not args.contact))
    finally:
        services.close()
    if args.contact:
        print("She may be written to again.")
    else:
        print("Recorded: she asked not to be contacted; every message leaves her out.")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.errors import Conflict, NotFound
    from women_in_ddat.services.people import PersonInput

    services = open_programme(args)
    try:
        try:
            services.people.by_email(args.email)
        except NotFound:
            pass
        else:
            raise Conflict(
                "Someone with that email address is already recorded; nothing was changed."
            )
        person = services.people.create(
            PersonInput(
                first_name=args.first,
                last_name=args.last,
                email=args.email,
                organisation=args.organisation,
                job_title=args.job_title,
            )
        )
    finally:
        services.close()
    print(f"Recorded {person.display_name} <{person.email}>.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from women_in_ddat.cli.common import open_services

    # The export is recorded in the audit trail only once it is written.
    services = open_services(args)
    try:
        personal = services.personal_data
        if not args.output:
            from women_in_ddat.reports.file_names import subject_access_file_name

            args.output = subject_access_file_name(
                services.people.by_email(args.email).display_name
            )
        if args.output == "-":
            from women_in_ddat.services.exporting import write_to_stdout
            from women_in_ddat.services.personal_data import subject_access_json

            held = personal.held_about(args.email, include_equality=args.include_equality)
            data = subject_access_json(held)
            # Recorded before it streams out: what has gone cannot be called back.
            personal.record_subject_access(args.email)
            write_to_stdout(data)
            return 0
        if Path(args.output).suffix.lower() == ".pdf":
            from women_in_ddat.reports.subject_access import save_subject_access_pdf

            rendered = save_subject_access_pdf(
                personal, args.email, Path(args.output), include_equality=args.include_equality
            )
            for warning in rendered.warnings:
                print(warning, file=sys.stderr)
        else:
            personal.save_subject_access_json(
                args.email, Path(args.output), include_equality=args.include_equality
            )
    finally:
        services.close()
    print(f"Everything held about that person was written to {args.output}.", file=sys.stderr)
    return 0


def run_erase(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_services
    from women_in_ddat.errors import InvalidInput

    if not args.yes:
        raise InvalidInput("Erasure cannot be undone: add --yes to confirm.")
    services = open_services(args)
    backed_up = services.db.sqlite_path is not None  # a shared server's backups are IT's (pg_dump)
    try:
        summary = services.personal_data.erase_by_email(args.email)
    finally:
        services.close()
    total = sum(summary.rows_removed.values())
    print(
        f"Erased: {counted(total, 'record')} removed. The audit trail refers to this erasure as {summary.token}."
    )
    if backed_up:
        print(
            "The backups taken before it still hold the person until their rotation removes them "
            "(after about six months of use)."
        )
    return 0
