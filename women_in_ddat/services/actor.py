"""Who is acting: the coordinator's login name, recorded in the audit trail."""

from __future__ import annotations

import getpass


def current_actor() -> str:
    try:
        return getpass.getuser()[:100]
    except Exception:  # no login name in some sandboxes and services
        return "coordinator"
