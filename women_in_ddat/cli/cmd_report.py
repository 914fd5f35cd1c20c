"""``women-in-ddat report {person|certificate|cohort|organisation|batch} ...``: PDF reports."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "report",
        help="write PDF reports: a mentee's progress summary or certificate, "
        "a cohort summary, an organisation report, or a batch for a cohort",
        description="Every report is A4 and written atomically: a failed or cancelled run "
        "never leaves a half-written PDF over a good one.",
    )
    kinds = parser.add_subparsers(dest="report_kind", metavar="REPORT", required=True)

    def single(name: str, help_text: str, scope: str, scope_help: str) -> argparse.ArgumentParser:
        sub = kinds.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("scope", metavar=scope, help=scope_help)
        sub.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
        add_db_option(sub)
        sub.set_defaults(func=run)
        return sub

    person = single(
        "person",
        "a mentee's progress summary",
        "EMAIL",
        "the mentee's email address",
    )
    certificate = single(
        "certificate",
        "a certificate of completion for a mentee who completed a cohort",
        "EMAIL",
        "the mentee's email address",
    )
    for sub in (person, certificate):
        sub.add_argument(
            "--cohort", metavar="NAME", help="which cohort (default: her most recent one)"
        )
    certificate.add_argument(
        "--override-missed-events",
        action="store_true",
        help="issue it although she missed a required event (noted in the audit trail)",
    )
    single("cohort", "a cohort summary for the programme board", "NAME", "the cohort's name")
    single(
        "organisation",
        "an organisation's report for its sponsor (people who agreed to share only)",
        "NAME",
        "the organisation's name",
    )

    programme = kinds.add_parser(
        "programme",
        help="the programme impact report (.pdf, .docx or .xlsx, by the file's suffix)",
        description="What the programme achieved: headline, cohort by cohort, year on year, "
        "by organisation and region. Groups of fewer than 5 people are never shown. "
        "The suffix chooses the form: .pdf to print, .docx to edit, .xlsx for the data.",
    )
    programme.add_argument("-o", "--output", required=True, metavar="FILE")
    programme.add_argument(
        "--from",
        dest="from_year",
        type=int,
        metavar="YEAR",
        help="cohorts starting this year or later",
    )
    programme.add_argument(
        "--to",
        dest="to_year",
        type=int,
        metavar="YEAR",
        help="cohorts starting this year or earlier",
    )
    add_db_option(programme)
    programme.set_defaults(func=run)

    batch = kinds.add_parser(
        "batch",
        help="a progress summary for every mentee of a cohort",
        description="One PDF per mentee (named surname-first-ID.pdf so they sort and never "
        "collide), or with --combined one PDF holding them all. Withdrawn mentees are left out.",
    )
    batch.add_argument("--cohort", required=True, metavar="NAME")
    batch.add_argument("--out-dir", required=True, metavar="DIR", help="the folder to write to")
    batch.add_argument(
        "--combined",
        action="store_true",
        help="write one PDF, DIR/<cohort>-progress-summaries.pdf, instead of one per mentee",
    )
    batch.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="how many processes render PDFs (default: one per CPU core)",
    )
    add_db_option(batch)
    batch.set_defaults(func=run)


def _combined_name(cohort: str) -> str:
    from women_in_ddat.reports.file_names import slug

    return f"{slug(cohort, 60) or 'cohort'}-progress-summaries.pdf"


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from women_in_ddat.cli.common import open_services
    from women_in_ddat.errors import InvalidInput
    from women_in_ddat.reports.jobs import ReportKind, ReportRequest, report_job
    from women_in_ddat.services.jobs import Progress

    kind = ReportKind(args.report_kind)
    if kind is ReportKind.PROGRAMME:
        request = ReportRequest(
            kind, "programme", Path(args.output), from_year=args.from_year, to_year=args.to_year
        )
    elif kind is ReportKind.BATCH:
        if args.jobs is not None and args.jobs < 1:
            raise InvalidInput("--jobs must be at least 1.", {"jobs": "at least 1"})
        out_dir = Path(args.out_dir)
        request = ReportRequest(
            kind,
            args.cohort,
            out_dir / _combined_name(args.cohort) if args.combined else out_dir,
            combined=args.combined,
            workers=args.jobs,
        )
    else:
        request = ReportRequest(
            kind,
            args.scope,
            Path(args.output),
            cohort=getattr(args, "cohort", None),
            override_missed_events=getattr(args, "override_missed_events", False),
        )

    def show(done: int, total: int, message: str) -> None:
        if kind is ReportKind.BATCH and sys.stderr.isatty():
            print(f"\r{message} ", end="", file=sys.stderr, flush=True)

    services = open_services(args)
    try:
        outcome = report_job(services.db, services.actor, request)(Progress(show))
    finally:
        services.close()
    if kind is ReportKind.BATCH and sys.stderr.isatty():
        print(file=sys.stderr)
    for line in (*outcome.skipped, *outcome.warnings):
        print(f"warning: {line}", file=sys.stderr)
    if kind is ReportKind.BATCH:
        print(outcome.summary, file=sys.stderr)
    else:
        print(f"Wrote {outcome.files[0]}.", file=sys.stderr)
    return 0
