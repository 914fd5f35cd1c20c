"""``women-in-ddat framework import ROLES.csv [SKILLS.csv]``, ``framework show`` and ``framework adopt``.

The framework lives in the programme database: an import changes it for
everyone who uses that database.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from women_in_ddat.services.framework_import import FrameworkImportResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        "problem are refused whole; the framework in use stays as it was. The framework is "
        "stored in the programme's database (a backup of a SQLite file is taken first), so it "
        "changes for everyone who uses that database.",
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
    show = actions.add_parser(
        "show", help="which framework is in use, its version and date, and the earlier ones"
    )
    add_db_option(show)
    show.set_defaults(func=run_show)
    adopt = actions.add_parser(
        "adopt",
        help="store the framework an earlier version imported on this computer in the database",
        description="Earlier versions kept an imported framework in a file on one computer. "
        "This stores that file's framework in the programme's database, where it is in use for "
        "everyone who uses the database.",
    )
    add_db_option(adopt)
    adopt.set_defaults(func=run_adopt)
    add_db_option(parser)


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.cli.common import open_services
    from women_in_ddat.domain.values import parse_date
    from women_in_ddat.errors import InvalidInput

    framework_date = None
    if args.framework_date:
        try:
            framework_date = parse_date(args.framework_date)
        except ValueError as exc:
            raise InvalidInput(
                "The framework date is not a date (use dd/mm/yyyy).", {"framework_date": str(exc)}
            ) from exc
    services = open_services(args)
    try:
        result = services.framework.import_csvs(
            Path(args.roles_csv),
            Path(args.skills_csv) if args.skills_csv else None,
            version=args.framework_version,
            framework_date=framework_date,
        )
    finally:
        services.close()
    _print_result(result)
    return 0


def run_adopt(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_services

    services = open_services(args)
    try:
        result = services.framework.adopt_earlier_import()
    finally:
        services.close()
    _print_result(result)
    return 0


def _print_result(result: FrameworkImportResult) -> None:
    dated = f", dated {result.framework_date:%d/%m/%Y}" if result.framework_date else ""
    print(
        f"Framework version {result.version}{dated} is now in use in this programme's database: "
        f"{result.families} role families, {result.roles} roles, {result.role_levels} role "
        f"levels, {result.skills} skills ({result.described_skills} with descriptions)."
    )


def run_show(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_services

    services = open_services(args)
    try:
        info = services.framework.current()
        history = services.framework.history()
        earlier = services.framework.earlier_import()
    finally:
        services.close()
    framework = info.framework
    print(info.described)
    if info.imported_at is not None:
        by = f" by {info.imported_by}" if info.imported_by else ""
        print(
            f"Imported {info.imported_at:%d/%m/%Y %H:%M} UTC{by} from {', '.join(info.source_files)}"
        )
    if info.problem:
        print(f"Note: {info.problem}.")
    roles = sum(len(f.roles) for f in framework.families)
    print(
        f"{len(framework.families)} role families, {roles} roles, "
        f"{len(framework.all_skills)} skills."
    )
    before = [record for record in history if not record.in_use]
    if before:
        print("Used before:")
        for record in before:
            dated = f", dated {record.published_on:%d/%m/%Y}" if record.published_on else ""
            by = f" by {record.imported_by}" if record.imported_by else ""
            print(
                f"  version {record.version}{dated}, imported "
                f"{record.imported_at:%d/%m/%Y %H:%M} UTC{by}"
            )
    if earlier is not None:
        print(f"Note: {earlier.described}. 'framework adopt' puts it in use for this programme.")
    return 0
