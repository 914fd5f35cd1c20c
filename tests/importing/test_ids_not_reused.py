"""An import never gives a new row the id of a deleted one (the audit trail would mislead)."""

from __future__ import annotations

import csv
from pathlib import Path

from women_in_ddat.services.people import PersonInput


def test_imported_people_never_reuse_a_deleted_id(services, tmp_path: Path) -> None:
    newest = services.people.create(PersonInput(email="gone@x.gov.uk", first_name="Gone"))
    services.people.delete(newest.id)
    sheet = tmp_path / "people.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First name", "Last name", "Email"])
        writer.writerow(["Ada", "Lovelace", "ada@x.gov.uk"])
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "women_in_ddat",
            "--db",
            services.db.target.url,
            "import",
            str(sheet),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert services.people.by_email("ada@x.gov.uk").id > newest.id
