"""Test set-up shared by every test.

Environment first, before anything imports Qt: the offscreen platform (no
display needed) and a private home per test run so no test ever touches a
real coordinator's data or logs.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("WOMEN_IN_DDAT_DB", None)
# A home for anything that escapes a test's own tmp_path (set per test below).
_SESSION_HOME = tempfile.mkdtemp(prefix="wid-test-home-")
os.environ["WOMEN_IN_DDAT_HOME"] = _SESSION_HOME
atexit.register(shutil.rmtree, _SESSION_HOME, ignore_errors=True)

import pytest  # noqa: E402  (after the environment is set)


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own data, log and backup folders (outside its tmp_path)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WOMEN_IN_DDAT_HOME", str(home))
    monkeypatch.delenv("WOMEN_IN_DDAT_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's real SQLite file lives (not created yet), alone in its folder."""
    folder = tmp_path / "store"
    folder.mkdir()
    return folder / "programme.db"


@pytest.fixture
def services(db_path: Path):
    """Services over a fresh, empty, real SQLite database."""
    from women_in_ddat.services.context import Services

    svc = Services.open(str(db_path), actor="tester")
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo programme built once per test run; tests get a copy."""
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    svc = Services.open(str(path), actor="tester")
    load_demo(svc)
    svc.close()
    return path


@pytest.fixture
def demo_db_path(_demo_template: Path, db_path: Path) -> Path:
    from women_in_ddat.storage.backup import backup_sqlite

    backup_sqlite(_demo_template, db_path)
    return db_path


@pytest.fixture
def demo_services(demo_db_path: Path):
    """Services over a private copy of the demo programme."""
    from women_in_ddat.services.context import Services

    svc = Services.open(str(demo_db_path), actor="tester")
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the whole run (see tests/postgres_server.py)."""
    from tests.postgres_server import find_pg_bin, running_server

    if find_pg_bin() is None:
        pytest.skip("PostgreSQL binaries are not installed (Debian: apt-get install postgresql)")
    with running_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server, request) -> str:
    """A fresh, empty PostgreSQL database for this test."""
    import re
    import uuid

    name = "t_" + re.sub(r"[^a-z0-9]", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    return pg_server.create_database(name)


@pytest.fixture
def pg_services(pg_url: str):
    from women_in_ddat.services.context import Services

    svc = Services.open(pg_url, actor="tester")
    yield svc
    svc.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the whole run: no log file may contain a fixture's name or email."""
    from tests.pii_scan import find_personal_data, fixture_needles

    roots = [Path(_SESSION_HOME)]
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        roots.append(factory.getbasetemp())
    needles = fixture_needles()
    leaks = [hit for root in roots if root.exists() for hit in find_personal_data(root, needles)]
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = [f"personal data in a log file: {needle!r} in {path}" for path, needle in leaks[:20]]
        if reporter is not None:
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
