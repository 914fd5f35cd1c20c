"""``women-in-ddat person export EMAIL -o FILE.pdf``: the readable subject access PDF."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_commands import cli
from tests.reports.pdf_tools import read_pdf, squash

ZOE = "zoe.hughes@essex.gov.uk"


def test_a_pdf_suffix_writes_the_readable_pdf_and_json_stays_json(
    db_path: Path, tmp_path: Path
) -> None:
    assert cli("demo", db=db_path).returncode == 0
    pdf = tmp_path / "zoe.PDF"
    done = cli("person", "export", ZOE, "-o", str(pdf), db=db_path)
    assert done.returncode == 0, done.stderr
    assert "written to" in done.stderr
    facts = read_pdf(pdf)
    assert squash("Everything held about Zoë Hughes") in squash(facts.text)
    assert "Mentoring sessions" in facts.text
    assert oct(pdf.stat().st_mode & 0o777) == "0o600"

    out = cli("person", "export", ZOE, "-o", "-", db=db_path)
    assert json.loads(out.stdout)["subject"]["email"] == ZOE


def test_an_unknown_person_writes_no_pdf(db_path: Path, tmp_path: Path) -> None:
    assert cli("demo", db=db_path).returncode == 0
    pdf = tmp_path / "nobody.pdf"
    done = cli("person", "export", "nobody@nowhere.gov.uk", "-o", str(pdf), db=db_path)
    assert done.returncode == 4
    assert "No one with that email address" in done.stderr and "Traceback" not in done.stderr
    assert not pdf.exists()
