"""A new programme file: made whole or not at all, and never over someone else's file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services import programme_file
from women_in_ddat.services.context import Services
from women_in_ddat.services.programme_file import create_programme_file, programme_names

pytestmark = pytest.mark.sqlite_only(reason="a programme file is a SQLite file")


def test_a_new_file_holds_one_programme_with_the_standard_milestones(
    tmp_path: Path, backend: str
) -> None:
    path = create_programme_file(
        tmp_path / "new" / "kent.db", "  Top Talent  Kent ", actor="tester"
    )
    assert path == tmp_path / "new" / "kent.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["kent.db"]
    services = Services.open(str(path), actor="tester")
    try:
        assert programme_names(services.db) == ["Top Talent Kent"]
        cohort = services.cohorts.create_cohort("Kent 2027")
        assert [t.title for t in services.cohorts.templates(int(cohort.id or 0))][:2] == [
            "First mentoring session",
            "Development plan agreed",
        ]
        made = services.audit_log.events(entity="programme")
        assert [(e.action, e.detail) for e in made] == [("create", "new programme file")]
    finally:
        services.close()


def test_a_file_made_by_someone_else_meanwhile_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    target = tmp_path / "programme.db"
    add_programme = programme_file._add_programme

    def and_meanwhile(*args: object) -> None:
        add_programme(*args)  # type: ignore[arg-type]
        target.write_bytes(b"another coordinator's programme")

    monkeypatch.setattr(programme_file, "_add_programme", and_meanwhile)
    with pytest.raises(Conflict, match="already exists"):
        create_programme_file(target, "Top Talent")
    assert target.read_bytes() == b"another coordinator's programme"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["programme.db"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_programme_needs_a_name(tmp_path: Path, name: str, backend: str) -> None:
    with pytest.raises(InvalidInput):
        create_programme_file(tmp_path / "p.db", name)
    assert list(tmp_path.iterdir()) == []
