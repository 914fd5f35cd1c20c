"""``women-in-ddat framework import ROLES.csv [SKILLS.csv]`` and ``framework show``."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "framework",
        help="the DDaT capability framework in use: show it, or refresh it from the official CSVs",
    )
    actions = parser.add_subparsers(dest="framework_command", metavar="ACTION", required=True)
    importer = actions.add_parser(
        "import",
        help="make the framework's official role (and skill) CSV downloads the framework in use",
        description="Reads the 'Role content' CSV (role family, role, role level, skill name, "
        "skill level, ...) and optionally the 'Skill description' CSV from the Government "
        "Digital and Data Profession Capability Framework's download page. Files with any "
        "problem are refused whole; the framework in use stays as it was.",
    )
    importer.add_argument("roles_csv", metavar="ROLES.csv")
    importer.add_argument("skills_csv", metavar="SKILLS.csv", nargs="?")
    importer.add_argument(
        "--framework-version",
        metavar="TEXT",
        default="",
        help="the release's version, as the framework names it (default: 'imported' and today)",
    )
    importer.add_argument(
        "--framework-date",
        metavar="DATE",
        help="the date the framework says it was last updated (dd/mm/yyyy or yyyy-mm-dd)",
    )
    add_db_option(importer)
    importer.set_defaults(func=run_import)
    show = actions.add_parser("show", help="which framework is in use, its version and date")
    add_db_option(show)
    show.set_defaults(func=run_show)
    add_db_option(parser)


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.domain.values import parse_date
    from women_in_ddat.errors import InvalidInput
    from women_in_ddat.services.framework_import import import_framework

    framework_date = None
    if args.framework_date:
        try:
            framework_date = parse_date(args.framework_date)
        except ValueError as exc:
            raise InvalidInput(
                "The framework date is not a date (use dd/mm/yyyy).", {"framework_date": str(exc)}
            ) from exc
    result = import_framework(
        Path(args.roles_csv),
        Path(args.skills_csv) if args.skills_csv else None,
        version=args.framework_version,
        framework_date=framework_date,
    )
    dated = f", dated {result.framework_date:%d/%m/%Y}" if result.framework_date else ""
    print(
        f"Framework version {result.version}{dated} is now in use: {result.families} role "
        f"families, {result.roles} roles, {result.role_levels} role levels, {result.skills} "
        f"skills ({result.described_skills} with descriptions)."
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from women_in_ddat.services.framework_import import current_framework

    info = current_framework()
    framework = info.framework
    print(info.described)
    if info.imported_at is not None:
        print(f"Imported {info.imported_at:%d/%m/%Y %H:%M} UTC from {', '.join(info.source_files)}")
    if info.problem:
        print(f"Note: {info.problem}.")
    roles = sum(len(f.roles) for f in framework.families)
    print(
        f"{len(framework.families)} role families, {roles} roles, "
        f"{len(framework.all_skills)} skills."
    )
    return 0
