"""Column mappings a coordinator corrected, remembered per source layout.

Keyed by a hash of the header row, so the next file in the same layout
(next term's list from the same council) is mapped the same way. Holds
header positions and field names only, never cell values.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from women_in_ddat.importing.fields import FIELD_BY_KEY

log = logging.getLogger(__name__)
FILE_NAME = "import-mappings.json"


def memory_path() -> Path:
    from women_in_ddat.paths import data_dir

    return data_dir() / FILE_NAME


def load_mappings(path: Path | None = None) -> dict[str, dict[str, int]]:
    path = path or memory_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("the remembered import mappings could not be read; starting afresh")
        return {}
    result: dict[str, dict[str, int]] = {}
    if isinstance(raw, dict):
        for signature, fields in raw.items():
            if isinstance(fields, dict):
                result[str(signature)] = {
                    k: int(v) for k, v in fields.items() if k in FIELD_BY_KEY and isinstance(v, int)
                }
    return result


def remember_mapping(signature: str, fields: dict[str, int], path: Path | None = None) -> None:
    from women_in_ddat.paths import ensure_private_dir
    from women_in_ddat.storage.atomic import atomic_path

    path = path or memory_path()
    ensure_private_dir(path.parent)
    mappings = load_mappings(path)
    mappings[signature] = dict(fields)
    with atomic_path(path, what="mapping memory") as tmp:
        tmp.write_text(json.dumps(mappings, indent=1, sort_keys=True), encoding="utf-8")
