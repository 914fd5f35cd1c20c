"""Refreshing the DDaT framework from the official CSV files."""

from __future__ import annotations

import argparse
import json
import stat
from datetime import date

import pytest

from tests.matching.framework_files import ROLE_HEADER, role_rows, write_roles, write_skills
from women_in_ddat.cli import cmd_framework
from women_in_ddat.domain.enums import SkillLevel
from women_in_ddat.domain.reference import load_framework
from women_in_ddat.errors import FileProblem, InvalidInput
from women_in_ddat.services.framework_import import (
    current_framework,
    framework_file,
    import_framework,
)


def test_import_records_version_and_date_and_becomes_the_framework_in_use(tmp_path) -> None:
    assert current_framework().source == "shipped"
    result = import_framework(
        write_roles(tmp_path / "roles.csv"), write_skills(tmp_path / "skills.csv"),
        version="October 2024", framework_date=date(2024, 10, 22),
    )  # fmt: skip
    assert (result.families, result.roles, result.role_levels, result.described_skills) == (
        2,
        2,
        5,
        2,
    )
    path = framework_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["version"] == "October 2024" and stored["framework_date"] == "2024-10-22"
    assert [s["name"] for s in stored["sources"]] == ["roles.csv", "skills.csv"]
    info = current_framework()
    assert info.source == "imported" and info.version == "October 2024"
    assert info.framework_date == date(2024, 10, 22)
    assert info.described.startswith(
        "Government Digital and Data Profession Capability Framework, version October 2024, dated 22/10/2024"
    )
    family = info.framework.family("product and delivery")
    assert family is not None and family.roles == ("business analyst",)
    assert "Business modelling" in info.framework.skills_for("Product and delivery")
    # Person levels stay the framework's generic words, in order.
    assert info.framework.role_levels == load_framework().role_levels
    assert info.skill_descriptions["Business analysis"] == "Analysing needs."


def test_required_levels_for_a_person_s_role_and_level(tmp_path) -> None:
    import_framework(write_roles(tmp_path / "roles.csv"))
    info = current_framework()
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
    assert current_framework() is info  # read once while the file is unchanged


def test_a_file_with_problems_is_refused_whole_and_nothing_changes(tmp_path) -> None:
    import_framework(write_roles(tmp_path / "good.csv"), version="v1")
    before = framework_file().read_bytes()
    bad_rows = role_rows()
    bad_rows[2][7] = "guru"
    bad_rows[4][5] = ""
    with pytest.raises(InvalidInput) as refused:
        import_framework(write_roles(tmp_path / "bad.csv", bad_rows), version="v2")
    message = refused.value.message
    assert message.startswith(
        "The framework files have 2 problems (first: row 4: skill level 'guru' is not"
    )
    assert message.endswith("nothing was imported.")
    assert "row 6: no skill name" in refused.value.problems.values()
    assert framework_file().read_bytes() == before
    assert current_framework().version == "v1"
    assert not list(framework_file().parent.glob("*.part"))


def test_wrong_files_get_a_clear_message(tmp_path) -> None:
    with pytest.raises(InvalidInput, match="no column for skill level"):
        import_framework(
            write_roles(tmp_path / "r.csv", header=ROLE_HEADER[:7] + ("Level",) + ROLE_HEADER[8:])
        )
    with pytest.raises(FileProblem, match="does not exist"):
        import_framework(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(FileProblem, match="is empty"):
        import_framework(tmp_path / "empty.csv")
    with pytest.raises(InvalidInput, match="no roles"):
        import_framework(write_roles(tmp_path / "header_only.csv", []))
    assert not framework_file().exists()


def test_windows_1252_files_are_read_correctly(tmp_path) -> None:
    rows = role_rows()
    rows[0][2] = "Analyses needs – worth £££ to the café"
    path = write_roles(tmp_path / "cp1252.csv", rows, encoding="cp1252")
    import_framework(path)
    stored = json.loads(framework_file().read_text(encoding="utf-8"))
    descriptions = [r["description"] for f in stored["role_families"] for r in f["roles"]]
    assert "Analyses needs – worth £££ to the café" in descriptions


def test_a_damaged_framework_file_falls_back_to_the_shipped_one(tmp_path) -> None:
    import_framework(write_roles(tmp_path / "roles.csv"))
    framework_file().write_text("{not json", encoding="utf-8")
    info = current_framework()
    assert info.source == "shipped" and "damaged" in info.problem
    assert info.framework == load_framework()


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cmd_framework.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_command_line_import_and_show(tmp_path, capsys) -> None:
    roles = write_roles(tmp_path / "roles.csv")
    skills = write_skills(tmp_path / "skills.csv")
    assert _cli(["framework", "show"]) == 0
    assert "(shipped with the app)" in capsys.readouterr().out
    code = _cli(["framework", "import", str(roles), str(skills), "--framework-version", "Oct 2024",
                 "--framework-date", "22/10/2024"])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.strip() == (
        "Framework version Oct 2024, dated 22/10/2024 is now in use: 2 role families, 2 roles, "
        "5 role levels, 4 skills (2 with descriptions)."
    )
    assert _cli(["framework", "show"]) == 0
    shown = capsys.readouterr().out
    assert (
        "version Oct 2024, dated 22/10/2024 (imported)" in shown
        and "roles.csv, skills.csv" in shown
    )
    with pytest.raises(InvalidInput, match="not a date"):
        _cli(["framework", "import", str(roles), "--framework-date", "31/02/2024"])
