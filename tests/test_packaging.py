"""resources/ must ship in the wheel and be found from an installed copy."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_resources_and_finds_them_when_installed(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(wheel_dir.glob("women_in_ddat-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "women_in_ddat/resources/ddat/framework.json",
        "women_in_ddat/resources/fonts/DejaVuSans.ttf",
        "women_in_ddat/resources/fonts/LICENSE-DejaVu.txt",
        "women_in_ddat/storage/migrations/env.py",
        "women_in_ddat/storage/migrations/versions/0001_initial_initial_schema.py",
    ):
        assert required in names, required
    assert not any(n.startswith("tests/") for n in names)

    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    probe = (
        "import women_in_ddat.resources as r, sys;"
        "p = r.resource_path('ddat', 'framework.json');"
        "assert str(p).startswith(sys.argv[1]), p;"
        "from women_in_ddat.domain.reference import load_framework;"
        "print(len(load_framework().families))"
    )
    # Run from outside the checkout so the source tree cannot be picked up.
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(target)!r}); " + probe,
            str(target),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "8"
