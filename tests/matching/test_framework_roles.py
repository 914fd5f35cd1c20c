"""Roles as the framework writes them, found from what a coordinator types."""

from __future__ import annotations

import pytest

from women_in_ddat.domain.reference import load_framework, role_at_level


def test_the_shipped_roles_are_written_as_the_framework_writes_them() -> None:
    framework = load_framework()
    data = framework.family("data")
    assert data is not None and "Data analyst" in data.roles
    assert all(role[:1].isupper() for family in framework.families for role in family.roles)


@pytest.mark.parametrize(
    ("typed", "found"),
    [("data ANALYST", "Data analyst"), ("  Data   analyst ", "Data analyst"), ("analyst", None)],
)
def test_a_typed_role_is_found_whatever_its_case(typed: str, found: str | None) -> None:
    framework = load_framework()
    assert framework.choice(typed, framework.family("Data").roles) == found  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Lead data analyst", ("Data analyst", "Lead")),
        ("head of profession DATA analyst", ("Data analyst", "Head of profession")),
        ("Lead data wrangler", None),
        ("Data analyst", None),
    ],
)
def test_a_role_typed_with_its_level_in_front(typed: str, found: tuple[str, str] | None) -> None:
    framework = load_framework()
    roles = framework.family("Data").roles  # type: ignore[union-attr]
    assert framework.role_with_level(typed, roles) == found


def test_a_role_at_its_level_reads_as_a_sentence() -> None:
    assert role_at_level("Associate", "Data analyst") == "Associate data analyst"
    assert role_at_level("Senior", "IT service manager") == "Senior IT service manager"
    assert role_at_level("Lead", "DevOps engineer") == "Lead DevOps engineer"
    assert role_at_level("", "Data analyst") == "Data analyst"
