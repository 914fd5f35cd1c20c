"""Refreshing the DDaT framework from the official CSV files, into the programme database."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.matching.framework_files import ROLE_HEADER, role_rows, write_roles, write_skills
from women_in_ddat.cli import cmd_framework
from women_in_ddat.domain.enums import SkillLevel
from women_in_ddat.domain.models import AuditEvent, ReferenceFramework
from women_in_ddat.domain.reference import load_framework
from women_in_ddat.errors import FileProblem, InvalidInput
from women_in_ddat.services.context import Services
from women_in_ddat.storage.backup import backup_dir_for, list_backups


def _rows(services: Services) -> list[ReferenceFramework]:
    with services.db.reading() as session:
        return list(session.scalars(select(ReferenceFramework).order_by(ReferenceFramework.id)))


def test_import_records_version_and_date_and_becomes_the_framework_in_use(
    services: Services, tmp_path: Path, private_home: Path
) -> None:
    assert services.framework.current().source == "shipped"
    result = services.framework.import_csvs(
        write_roles(tmp_path / "roles.csv"), write_skills(tmp_path / "skills.csv"),
        version="October 2024", framework_date=date(2024, 10, 22),
    )  # fmt: skip
    assert (result.families, result.roles, result.role_levels, result.described_skills) == (
        2,
        2,
        5,
        2,
    )
    (row,) = _rows(services)
    assert (row.id, row.version, row.published_on) == (
        result.record_id,
        "October 2024",
        date(2024, 10, 22),
    )
    assert (row.source, row.imported_by) == ("roles.csv, skills.csv", "tester")
    # Nothing is kept on this computer any more.
    assert not list(private_home.rglob("ddat-framework.json"))
    info = services.framework.current()
    assert info.source == "imported" and info.version == "October 2024"
    assert info.framework_date == date(2024, 10, 22) and info.imported_by == "tester"
    assert info.source_files == ("roles.csv", "skills.csv")
    assert info.described.startswith(
        "Government Digital and Data Profession Capability Framework, version October 2024, "
        "dated 22/10/2024 (imported into this programme's database)"
    )
    family = info.framework.family("product and delivery")
    assert family is not None and family.roles == ("business analyst",)
    assert "Business modelling" in info.framework.skills_for("Product and delivery")
    # Person levels stay the framework's generic words, in order.
    assert info.framework.role_levels == load_framework().role_levels
    assert info.skill_descriptions["Business analysis"] == "Analysing needs."
    with services.db.reading() as session:
        audit = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "reference_framework")
        ).one()
    assert (audit.action, audit.entity_id, audit.actor) == ("import", str(row.id), "tester")
    if services.db.sqlite_path is not None:
        (backup,) = list_backups(backup_dir_for(services.db.sqlite_path))
        assert "before-framework-import" in backup.path.name


def test_required_levels_for_a_person_s_role_and_level(services: Services, tmp_path) -> None:
    services.framework.import_csvs(write_roles(tmp_path / "roles.csv"))
    info = services.framework.current()
    assert info.required_levels("Business Analyst", "Senior") == {
        "Business analysis": SkillLevel.PRACTITIONER,
        "Stakeholder relationship management": SkillLevel.PRACTITIONER,
        "Business modelling": SkillLevel.PRACTITIONER,
    }
    assert (
        info.required_levels("business analyst", "Junior business analyst")["Business analysis"]
        == SkillLevel.WORKING
    )
    assert (
        info.required_levels("business analyst", "Practitioner")["Business analysis"]
        == SkillLevel.PRACTITIONER
    )
    assert (
        info.required_levels("business analyst", "Head of profession")["Business analysis"]
        == SkillLevel.EXPERT
    )
    assert info.required_levels("business analyst", "Lead") is None
    assert info.required_levels("delivery manager", "Senior") is None
    # Parsed once while no newer framework is imported.
    assert services.framework.current() is info


def test_another_coordinator_sees_a_new_framework_at_once(
    services: Services, db_target: str, tmp_path: Path
) -> None:
    """The shared office: two copies of the app on one database use one framework."""
    other = Services.open(db_target, actor="colleague")
    try:
        assert other.framework.current().source == "shipped"
        services.framework.import_csvs(write_roles(tmp_path / "v1.csv"), version="v1")
        seen = other.framework.current()
        assert (seen.source, seen.version, seen.imported_by) == ("imported", "v1", "tester")
        assert other.framework.current() is seen  # cached while nothing newer is imported
        rows = role_rows() + [
            ["Data", "quantum wrangler", "", "Quantum wrangler", "", "Qubits", "", "Expert", "", ""]
        ]
        services.framework.import_csvs(write_roles(tmp_path / "v2.csv", rows), version="v2")
        refreshed = other.framework.current()
        assert refreshed.version == "v2" and refreshed is not seen
        assert "Qubits" in refreshed.framework.all_skills
        # Her skill ratings are checked against it too: a skill only in v2 is accepted.
        assert "Qubits" in other.development._framework().framework.all_skills
        assert [r.version for r in other.framework.history()] == ["v2", "v1"]
        assert [r.in_use for r in other.framework.history()] == [True, False]
    finally:
        other.close()


def test_a_file_with_problems_is_refused_whole_and_nothing_changes(
    services: Services, tmp_path
) -> None:
    services.framework.import_csvs(write_roles(tmp_path / "good.csv"), version="v1")
    bad_rows = role_rows()
    bad_rows[2][7] = "guru"
    bad_rows[4][5] = ""
    with pytest.raises(InvalidInput) as refused:
        services.framework.import_csvs(write_roles(tmp_path / "bad.csv", bad_rows), version="v2")
    message = refused.value.message
    assert message.startswith(
        "The framework files have 2 problems (first: row 4: skill level 'guru' is not"
    )
    assert message.endswith("nothing was imported.")
    assert "row 6: no skill name" in refused.value.problems.values()
    assert [r.version for r in _rows(services)] == ["v1"]
    assert services.framework.current().version == "v1"


def test_wrong_files_get_a_clear_message(services: Services, tmp_path) -> None:
    framework = services.framework
    with pytest.raises(InvalidInput, match="no column for skill level"):
        framework.import_csvs(
            write_roles(tmp_path / "r.csv", header=ROLE_HEADER[:7] + ("Level",) + ROLE_HEADER[8:])
        )
    with pytest.raises(FileProblem, match="does not exist"):
        framework.import_csvs(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(FileProblem, match="is empty"):
        framework.import_csvs(tmp_path / "empty.csv")
    with pytest.raises(InvalidInput, match="no roles"):
        framework.import_csvs(write_roles(tmp_path / "header_only.csv", []))
    assert _rows(services) == []


def test_windows_1252_files_are_read_correctly(services: Services, tmp_path) -> None:
    rows = role_rows()
    rows[0][2] = "Analyses needs – worth £££ to the café"
    services.framework.import_csvs(write_roles(tmp_path / "cp1252.csv", rows, encoding="cp1252"))
    (row,) = _rows(services)
    assert "Analyses needs – worth £££ to the café" in row.document


def test_a_damaged_framework_row_falls_back_to_the_shipped_one(
    services: Services, tmp_path
) -> None:
    services.framework.import_csvs(write_roles(tmp_path / "roles.csv"))
    with services.db.transaction() as session:
        session.execute(update(ReferenceFramework).values(document="{not json"))
    # A later import replaces the damaged one as the framework in use.
    info = services.framework.current()
    assert info.source == "shipped" and "cannot be read" in info.problem
    assert info.framework == load_framework()
    services.framework.import_csvs(write_roles(tmp_path / "again.csv"), version="again")
    assert services.framework.current().version == "again"


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cmd_framework.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_command_line_import_and_show(db_target: str, tmp_path, capsys) -> None:
    roles = write_roles(tmp_path / "roles.csv")
    skills = write_skills(tmp_path / "skills.csv")
    assert _cli(["framework", "show", "--db", db_target]) == 0
    assert "(shipped with the app)" in capsys.readouterr().out
    code = _cli(["framework", "import", str(roles), str(skills), "--framework-version", "Oct 2024",
                 "--framework-date", "22/10/2024", "--db", db_target])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.strip() == (
        "Framework version Oct 2024, dated 22/10/2024 is now in use in this programme's "
        "database: 2 role families, 2 roles, 5 role levels, 4 skills (2 with descriptions)."
    )
    _cli(["framework", "import", str(roles), "--framework-version", "Nov 2024", "--db", db_target])
    capsys.readouterr()
    assert _cli(["framework", "show", "--db", db_target]) == 0
    shown = capsys.readouterr().out
    assert "version Nov 2024 (imported into this programme's database)" in shown
    assert " from roles.csv\n" in shown
    assert "Used before:\n  version Oct 2024, dated 22/10/2024, imported " in shown
    with pytest.raises(InvalidInput, match="not a date"):
        _cli(["framework", "import", str(roles), "--framework-date", "31/02/2024"])


def _leave_an_earlier_file(tmp_path: Path) -> None:
    """What an earlier version wrote on import: the document, in a file in the data folder."""
    import json

    from women_in_ddat.services.framework_import import (
        earlier_framework_file,
        read_framework_csvs,
    )

    read = read_framework_csvs(
        write_roles(tmp_path / "old.csv"),
        version="Kept on a laptop",
        framework_date=date(2024, 3, 1),
        now=datetime(2025, 1, 6, 10, 0, tzinfo=UTC),
    )
    path = earlier_framework_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(read.document), encoding="utf-8")


def test_a_framework_an_earlier_version_kept_on_this_computer_is_offered_then_adopted(
    services: Services, db_target: str, tmp_path: Path, capsys
) -> None:
    _leave_an_earlier_file(tmp_path)
    assert services.framework.current().source == "shipped"  # not used until she says so
    earlier = services.framework.earlier_import()
    assert earlier is not None and earlier.version == "Kept on a laptop"
    assert earlier.framework_date == date(2024, 3, 1)
    _cli(["framework", "show", "--db", db_target])
    assert "'framework adopt' puts it in use" in capsys.readouterr().out

    assert _cli(["framework", "adopt", "--db", db_target]) == 0
    assert "Framework version Kept on a laptop, dated 01/03/2024 is now in use" in (
        capsys.readouterr().out
    )
    info = services.framework.current()
    assert (info.version, info.framework_date, info.source_files) == (
        "Kept on a laptop",
        date(2024, 3, 1),
        ("old.csv",),
    )
    assert services.framework.earlier_import() is None  # the database has a framework now


def test_a_database_upgraded_from_0003_keeps_the_shipped_framework_and_offers_the_file(
    tmp_path: Path,
) -> None:
    """The migration copies no file in: what it does must not depend on the computer."""
    import shutil

    frozen = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0003_edit_versions.db"
    copy = tmp_path / "programme.db"
    shutil.copyfile(frozen, copy)
    _leave_an_earlier_file(tmp_path)
    upgraded = Services.open(str(copy), actor="tester")
    try:
        assert _rows(upgraded) == []
        assert upgraded.framework.current().source == "shipped"
        assert upgraded.framework.earlier_import() is not None
        upgraded.framework.adopt_earlier_import()
        assert upgraded.framework.current().version == "Kept on a laptop"
    finally:
        upgraded.close()


def test_the_frozen_0004_database_s_framework_is_in_use(tmp_path: Path) -> None:
    import shutil

    frozen = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0004_reference_framework.db"
    copy = tmp_path / "programme.db"
    shutil.copyfile(frozen, copy)
    opened = Services.open(str(copy), actor="tester")
    try:
        info = opened.framework.current()
        assert (info.version, info.framework_date, info.imported_by) == (
            "Frozen 2026",
            date(2026, 10, 1),
            "fixture",
        )
        assert info.imported_at == datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
        assert info.framework.family_of_role("data wrangler") is not None
    finally:
        opened.close()


def test_matching_scores_with_the_database_s_framework(services: Services, tmp_path) -> None:
    from women_in_ddat.services.matching_service import _scorer

    rows = role_rows() + [
        ["Data", "quantum wrangler", "", "Quantum wrangler", "", "Qubits", "", "Expert", "", ""]
    ]
    assert _scorer(services.matching)._family_of_role("quantum wrangler") is None
    services.framework.import_csvs(write_roles(tmp_path / "v2.csv", rows), version="v2")
    assert _scorer(services.matching)._family_of_role("quantum wrangler") == "Data"


def test_a_programme_moved_to_postgresql_keeps_its_framework(
    sqlite_services: Services, db_path: Path, pg_url: str, tmp_path: Path, capsys
) -> None:
    from women_in_ddat.cli.main import main

    sqlite_services.framework.import_csvs(write_roles(tmp_path / "v1.csv"), version="v1")
    sqlite_services.framework.import_csvs(write_roles(tmp_path / "v2.csv"), version="v2")
    sqlite_services.close()
    assert main(["--db", str(db_path), "migrate-to", pg_url]) == 0, capsys.readouterr()
    moved = Services.open(pg_url, actor="tester")
    try:
        assert moved.framework.current().version == "v2"
        assert [r.version for r in moved.framework.history()] == ["v2", "v1"]
        moved.framework.import_csvs(write_roles(tmp_path / "v3.csv"), version="v3")
        assert moved.framework.current().version == "v3"
    finally:
        moved.close()
