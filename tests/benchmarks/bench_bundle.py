"""The installable app (packaging/build.py) against the same code run from the venv.

- start-up of the command line: ``women-in-ddat --version`` and ``check`` on
  the demo programme, frozen against ``python -m women_in_ddat`` in the venv;
- cold start of the app to a painted window and to the dashboard's data
  (``WOMEN_IN_DDAT_QUIT_AFTER``, offscreen), frozen against the venv;
- the size of the unpacked build.

Each process is fresh ("cold" as in bench_ui: a new process, the disk cache
warm for both sides alike). Needs a build in dist/ (python packaging/build.py);
without one this module reports nothing and says why.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.common import BenchRow, cli

ROOT = Path(__file__).resolve().parents[2]
# As in tests/test_bundle.py: a ceiling that catches a heavy module slipping in.
MAX_BUNDLE_MB = 340
# Every start of a frozen build pays PyInstaller's start-up: its Qt run-time
# hook imports QtCore (to point Qt at the bundle's plugins) even for a
# command that never opens a window, and the bundle's module index is read.
# A person typing a command does not notice 0.3 s; the app's start barely
# moves. Hence an absolute bound for the command line, a ratio for the app.
NOTE = "baseline: the same code run from the venv"


def built_executable() -> Path | None:
    candidates = {
        "linux": ROOT / "dist" / "women-in-ddat-linux-x86_64" / "women-in-ddat",
        "win32": ROOT / "dist" / "women-in-ddat" / "women-in-ddat.exe",
        "darwin": ROOT / "dist" / "Women in DDaT.app" / "Contents" / "MacOS" / "women-in-ddat",
    }
    path = candidates.get("linux" if sys.platform.startswith("linux") else sys.platform)
    return path if path is not None and path.is_file() else None


def _env(workdir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WOMEN_IN_DDAT_HOME": str(workdir / "home"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        **extra,
    }


def _median(argv: list[str], env: dict[str, str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            argv,
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=300,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _size_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def rows(quick: bool, workdir: Path) -> list[BenchRow]:
    app = built_executable()
    if app is None:
        print(
            "bench_bundle: no build in dist/ (python packaging/build.py): nothing measured",
            file=sys.stderr,
        )
        return []
    repeat = 3 if quick else 7
    db = workdir / "demo.db"
    subprocess.run(
        cli("--db", str(db), "demo"), check=True, env=_env(workdir), stdout=subprocess.DEVNULL
    )
    env = _env(workdir)
    frozen, venv = [str(app)], cli()
    for side in (frozen, venv):  # warm the disk cache for both alike
        _median([*side, "--version"], env, 1)
        _median([*side, "--db", str(db)], _env(workdir, WOMEN_IN_DDAT_QUIT_AFTER="paint"), 1)
    result = []
    for label, args, extra, target, limit in (
        ("command line: --version", ["--version"], {}, "<= 0.6 s", 0.6),
        ("command line: check on the demo", ["--db", str(db), "check"], {}, "<= 0.8 s", 0.8),
        (
            "app: cold start to a painted window",
            ["--db", str(db)],
            {"WOMEN_IN_DDAT_QUIT_AFTER": "paint"},
            "<= 1.5x the venv",
            None,
        ),
        (
            "app: cold start to the dashboard's data",
            ["--db", str(db)],
            {"WOMEN_IN_DDAT_QUIT_AFTER": "ready"},
            "<= 1.5x the venv",
            None,
        ),
    ):
        run_env = _env(workdir, **extra)
        ours = _median([*frozen, *args], run_env, repeat)
        baseline = _median([*venv, *args], run_env, repeat)
        met = ours <= limit if limit is not None else ours <= 1.5 * baseline
        result.append(BenchRow(f"installed build: {label}", ours, baseline, "s", target, met, NOTE))
    folder = app.parent if sys.platform != "darwin" else app.parents[2]
    size = _size_mb(folder)
    result.append(
        BenchRow(
            "installed build: size unpacked",
            size,
            MAX_BUNDLE_MB,
            "MB",
            f"< {MAX_BUNDLE_MB} MB",
            size < MAX_BUNDLE_MB,
            f"{folder.name}; baseline: the ceiling tests/test_bundle.py holds",
        )
    )
    return result
