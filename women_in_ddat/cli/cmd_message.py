"""``women-in-ddat message templates|send|log|settings``: messages from the coordinator's own mail.

``send`` goes through the SMTP relay named by ``WOMEN_IN_DDAT_SMTP``
(``smtp://user@host:port?security=starttls|tls|none``), the password from
the keyring or ``WOMEN_IN_DDAT_SMTP_PASSWORD``; or, with ``--drafts DIR``,
writes one ``.eml`` draft per message for Outlook. ``--dry-run`` prints who
would receive what and sends nothing.
"""

from __future__ import annotations

import argparse

GROUPS = ("mentees", "mentors", "all", "overdue", "quiet")
POINTS = ("baseline", "mid", "end")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    message = subparsers.add_parser(
        "message", help="templated messages to mentees, mentors and sponsors (SMTP or drafts)"
    )
    actions = message.add_subparsers(dest="message_action", metavar="ACTION", required=True)

    templates = actions.add_parser("templates", help="list the message templates")
    templates.add_argument("--show", metavar="NAME", help="print one template in full")
    add_db_option(templates)
    templates.set_defaults(func=run_templates)

    send = actions.add_parser("send", help="send a template to a person or a cohort's group")
    send.add_argument("--template", required=True, metavar="NAME")
    who = send.add_mutually_exclusive_group()
    who.add_argument("--person", metavar="EMAIL", help="one person")
    who.add_argument("--cohort", metavar="NAME", help="a cohort (with --to)")
    send.add_argument(
        "--event",
        type=int,
        metavar="ID",
        help="the event written about (its .ics attached); alone: to everyone invited to it",
    )
    send.add_argument(
        "--point",
        choices=POINTS,
        help="the questionnaire point whose form goes to each person (a fillable PDF)",
    )
    send.add_argument("--to", choices=GROUPS, default="all", help="whom in the cohort")
    send.add_argument(
        "--dry-run", action="store_true", help="print who would get what; send nothing"
    )
    send.add_argument("--drafts", metavar="DIR", help="write .eml drafts in DIR instead of sending")
    send.add_argument(
        "--again", action="store_true", help="include people who had this template within a day"
    )
    send.add_argument(
        "--together", action="store_true", help="intro: one message to both of a pair, not one each"
    )
    send.add_argument(
        "--value",
        action="append",
        default=[],
        metavar="FIELD=TEXT",
        help="event_date, event_venue or questionnaire_link for the templates that use them",
    )
    add_db_option(send)
    send.set_defaults(func=run_send)

    log = actions.add_parser("log", help="the messages sent to one person")
    log.add_argument("email")
    add_db_option(log)
    log.set_defaults(func=run_log)

    settings = actions.add_parser(
        "settings", help="the programme's From address, Reply-To and signature"
    )
    settings.add_argument("--from", dest="sender", metavar="ADDRESS")
    settings.add_argument("--reply-to", metavar="ADDRESS")
    settings.add_argument("--signature", metavar="TEXT", help="use \\n for a new line")
    add_db_option(settings)
    settings.set_defaults(func=run_settings)


def run_templates(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme

    services = open_programme(args)
    try:
        if args.show:
            t = services.messages.template(args.show)
            print(f"Subject: {t.subject}\n\n{t.body_text}")
            if t.body_html:
                print(f"--- HTML ---\n{t.body_html}")
            return 0
        for t in services.messages.templates():
            state = "edited" if t.edited else "shipped" if t.shipped else "your own"
            print(f"{t.name:<14} {state:<8} {t.description}")
    finally:
        services.close()
    return 0


def _values(pairs: list[str]) -> dict[str, str]:
    from women_in_ddat.errors import InvalidInput

    values = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            raise InvalidInput("Give each --value as FIELD=TEXT.", {"value": "no ="})
        values[name.strip()] = text
    return values


def run_send(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.errors import InvalidInput
    from women_in_ddat.services.message_audience import Audience

    if args.person:
        audience = Audience.person(args.person)
    elif args.cohort:
        audience = Audience.cohort_group(args.cohort, args.to)
    elif args.event is not None:
        audience = Audience.invited(args.event)
    else:
        raise InvalidInput("Say whom to write to: --person EMAIL, --cohort NAME or --event ID.")
    services = open_programme(args)
    try:
        plan = services.messages.plan(
            args.template,
            audience,
            again=args.again,
            values=_values(args.value),
            pair_together=args.together,
            event_id=args.event,
            point=args.point or "",
        )
        if args.dry_run:
            for m in plan.messages:
                to = ", ".join(f"{r.name} <{r.address}>" for r in m.to)
                attached = f"  [+ {m.attachment_label}]" if m.attachment else ""
                print(f"{to}: {m.subject}{attached}")
            print(f"Dry run, nothing sent: {plan.summary()}")
            return 0
        if not plan.messages:
            print(f"Nothing to send: {plan.summary()}")
            return 0
        if args.drafts:
            from women_in_ddat.services.mail_transport import DraftsFolder

            transport: object = DraftsFolder(Path(args.drafts))
        else:
            from women_in_ddat.services.mail_transport import (
                SmtpTransport,
                smtp_settings_from_environment,
            )

            transport = SmtpTransport(smtp_settings_from_environment())
        from women_in_ddat.reports.message_attachments import attacher

        result = services.messages.send(
            plan, transport, attach=attacher(services.db, services.actor)
        )
    finally:
        services.close()
    for failure in result.failed:
        print(f"failed: {failure.address}: {failure.reason}", file=sys.stderr)
    way = "drafts" if args.drafts else "smtp"
    print(result.summary(way))
    if plan.left_out_summary():
        print(plan.left_out_summary())
    if args.drafts:
        print(f"Drafts are in {args.drafts}: open each in Outlook to send it.")
    return 0 if not result.failed and not result.stopped_because else 1


def run_log(args: argparse.Namespace) -> int:
    from datetime import UTC

    from women_in_ddat.cli.common import open_programme

    services = open_programme(args)
    try:
        lines = services.messages.log(args.email)
    finally:
        services.close()
    if not lines:
        print("No messages are recorded for that person.")
    for line in lines:
        # Stored in UTC; SQLite hands it back without its zone.
        at = line.at if line.at.tzinfo else line.at.replace(tzinfo=UTC)
        when = at.astimezone().strftime("%d/%m/%Y %H:%M")
        why = f" ({line.reason})" if line.reason else ""
        print(f"{when}  {line.template:<13} {line.status:<8} {line.address}  {line.subject}{why}")
    return 0


def run_settings(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme

    services = open_programme(args)
    try:
        if args.sender is None and args.reply_to is None and args.signature is None:
            s = services.messages.settings()
        else:
            signature = args.signature.replace("\\n", "\n") if args.signature is not None else None
            s = services.messages.save_settings(
                sender=args.sender, reply_to=args.reply_to, signature=signature
            )
    finally:
        services.close()
    print(f"From: {s.sender or '(not set)'}")
    print(f"Reply-To: {s.reply_to or '(the From address)'}")
    print("Signature:\n" + (s.signature or "(none)"))
    return 0
