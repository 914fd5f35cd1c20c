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
from collections.abc import Iterator
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


# Test folders whose storage-agnostic tests run on SQLite and on PostgreSQL.
# A test there that is about the SQLite file itself says so with
# ``@pytest.mark.sqlite_only(reason=...)`` and runs once, as ``[sqlite]``.
BOTH_BACKENDS = frozenset(
    {"services", "importing", "reports", "cli", "storage", "matching", "events", "messages"}
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    only = metafunc.definition.get_closest_marker("sqlite_only")
    if only is not None:
        if not only.kwargs.get("reason"):
            raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs a reason=")
        backends = ["sqlite"]
    elif Path(metafunc.definition.path).parent.name in BOTH_BACKENDS:
        backends = ["sqlite", "postgresql"]
    else:
        return  # elsewhere (the UI, matching): SQLite only, ids unchanged
    metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database this test runs on: ``sqlite`` unless parametrised (see above)."""
    return getattr(request, "param", "sqlite")


def _pg_database_name(request: pytest.FixtureRequest) -> str:
    import re
    import uuid

    return (
        "t_"
        + re.sub(r"[^a-z0-9]", "_", request.node.name.lower())[:40]
        + "_"
        + uuid.uuid4().hex[:8]
    )


@pytest.fixture(scope="session")
def _pg_templates(pg_server):  # type: ignore[no-untyped-def]
    """Two template databases built once per run: migrated-and-empty, and the demo."""
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.demo import load_demo

    svc = Services.open(pg_server.create_database("template_empty"), actor="tester")
    svc.close()
    svc = Services.open(
        pg_server.create_database("template_demo", template="template_empty"), actor="tester"
    )
    load_demo(svc)
    svc.close()
    return {"empty": "template_empty", "demo": "template_demo"}


def _pg_copy(request: pytest.FixtureRequest, template: str) -> str:
    """A private copy of a template database for this test, dropped after it."""
    server = request.getfixturevalue("pg_server")
    templates = request.getfixturevalue("_pg_templates")
    name = _pg_database_name(request)
    url = server.create_database(name, template=templates[template])
    request.addfinalizer(lambda: server.drop_database(name))
    return url


@pytest.fixture
def db_target(backend: str, request: pytest.FixtureRequest) -> str:
    """This test's database as ``--db`` takes it: a SQLite path (not created yet),
    or the URL of an empty PostgreSQL programme database."""
    if backend == "postgresql":
        return _pg_copy(request, "empty")
    return str(request.getfixturevalue("db_path"))


@pytest.fixture
def services(db_target: str):
    """Services over a fresh, empty, real database (SQLite file or PostgreSQL)."""
    from women_in_ddat.services.context import Services

    svc = Services.open(db_target, actor="tester")
    yield svc
    svc.close()


@pytest.fixture
def sqlite_services(db_path: Path):
    """Services over a fresh SQLite file, for tests about the file itself."""
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
    """A private SQLite copy of the demo programme (for tests about the file)."""
    from women_in_ddat.storage.backup import backup_sqlite

    backup_sqlite(_demo_template, db_path)
    return db_path


@pytest.fixture
def demo_db_target(backend: str, request: pytest.FixtureRequest) -> str:
    """A private copy of the demo programme, as ``--db`` takes it (path or URL)."""
    if backend == "postgresql":
        return _pg_copy(request, "demo")
    return str(request.getfixturevalue("demo_db_path"))


@pytest.fixture
def pg_demo_url(request: pytest.FixtureRequest) -> str:
    """A private PostgreSQL copy of the demo, beside the SQLite one (to compare the two)."""
    return _pg_copy(request, "demo")


@pytest.fixture
def demo_services(demo_db_target: str):
    """Services over a private copy of the demo programme."""
    from women_in_ddat.services.context import Services

    svc = Services.open(demo_db_target, actor="tester")
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the whole run (see tests/postgres_server.py).

    Skipped only where the binaries are absent; under CI (CI=true), where
    .ci/run has just installed them, their absence fails the run instead.
    """
    from tests.postgres_server import find_pg_bin, running_server

    if find_pg_bin() is None:
        reason = "PostgreSQL binaries are not installed (Debian: apt-get install postgresql)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; .ci/run should have installed them", pytrace=False)
        pytest.skip(reason)
    with running_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (no schema yet) for this test."""
    name = _pg_database_name(request)
    yield pg_server.create_database(name)
    pg_server.drop_database(name)


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
        lines = [
            f"personal data in a log file: {needle!r} in {path}" for path, needle in leaks[:20]
        ]
        if reporter is not None:
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
