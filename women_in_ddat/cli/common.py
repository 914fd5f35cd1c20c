"""Small helpers the commands share."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services


def database_target(args: argparse.Namespace) -> str:
    from women_in_ddat.paths import resolve_database_target

    return resolve_database_target(getattr(args, "db", None))


def open_services(args: argparse.Namespace) -> Services:
    from women_in_ddat.services.context import Services

    return Services.open(database_target(args))
