"""Try a built app the way a coordinator's machine would run it: no Python, no venv.

    python packaging/smoke.py PATH/TO/women-in-ddat [--gui offscreen|screen|none] [--keep DIR]

Runs the frozen executable from an empty environment (a fresh home folder,
only the system's own PATH) in a temporary folder: ``--version``, ``demo``,
an import of a spreadsheet, ``report person``, a batch of reports on worker
processes, ``match suggest``, ``check``, then opens the app until its
programme has loaded (``WOMEN_IN_DDAT_QUIT_AFTER=ready``: the app's own
start-up signal). Standard library only, so the release workflow runs it
with any Python on each runner. Exit status 0 when everything worked; each
failure is printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMOKE_COHORT = "Smoke test cohort 2026"
# Two surnames the build must shape with HarfBuzz in its bundled fonts (reports/shaping.py).
SHAPED_SURNAMES = {0: "عبدالله", 1: "क्षत्रिय"}
SMOKE_MENTEES = 30  # more than reports/batch.py's PARALLEL_FROM, so workers are started


def clean_environment(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What a fresh account has: a home folder and the system's PATH, nothing of this build's."""
    if sys.platform == "win32":
        system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        env = {
            "SYSTEMROOT": system_root,
            "WINDIR": system_root,
            "PATH": rf"{system_root}\System32;{system_root}",
            "USERPROFILE": str(home),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            "TEMP": str(home / "Temp"),
            "TMP": str(home / "Temp"),
        }
        (home / "Temp").mkdir(parents=True, exist_ok=True)
    else:
        env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    return {**env, **(extra or {})}


@dataclass
class Smoke:
    app: Path
    work: Path
    env: dict[str, str]
    failures: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    person: dict = field(default_factory=dict)  # the one whose report was written to x.pdf

    def run(
        self, name: str, *args: str, env: dict[str, str] | None = None, timeout: float = 300
    ) -> str:
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [str(self.app), *args],
                cwd=self.work,
                env=env or self.env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            self.failures.append(f"{name}: no answer after {timeout:.0f} s")
            return ""
        self.timings[name] = time.perf_counter() - started
        if done.returncode != 0:
            self.failures.append(
                f"{name}: exit status {done.returncode}: {(done.stderr or done.stdout).strip()[-800:]}"
            )
        print(f"{name}: exit {done.returncode} in {self.timings[name]:.2f} s", flush=True)
        return done.stdout

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.failures.append(message)


def write_cohort_sheet(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "First name",
                "Last name",
                "Email",
                "Organisation",
                "Job title",
                "Role",
                "DDaT job family",
                "Start date",
                "Mentor email",
            ]
        )
        writer.writerow(
            [
                "Siân",
                "Łukasiewicz",
                "smoke.mentor@example.gov.uk",
                "Smoke Borough Council",
                "Head of Data",
                "Mentor",
                "Data",
                "2026-01-12",
                "",
            ]
        )
        for n in range(SMOKE_MENTEES):
            writer.writerow(
                [
                    f"Mentee{n}",
                    SHAPED_SURNAMES.get(n, "Smoke"),
                    f"smoke.mentee{n}@example.gov.uk",
                    "Essex County Council",
                    "Data analyst",
                    "Mentee",
                    "Data",
                    "2026-01-12",
                    "",
                ]
            )


def smoke(app: Path, work: Path, gui: str) -> Smoke:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    home = work / "home"
    home.mkdir()
    s = Smoke(app, work, clean_environment(home))
    out = s.run("--version", "--version")
    s.expect(
        out.strip().endswith(version), f"--version printed {out.strip()!r}, not version {version}"
    )
    s.run("demo", "--db", "t.db", "demo")
    people = json.loads(
        s.run("export people", "--db", "t.db", "export", "people", "--format", "json", "-o", "-")
        or "[]"
    )
    s.expect(len(people) >= 40, f"the demo holds {len(people)} people, not 40")
    s.person = people[0] if people else {"email": "nobody@example.org"}
    email = s.person["email"]
    s.run("report person", "--db", "t.db", "report", "person", email, "-o", "x.pdf")
    pdf = work / "x.pdf"
    s.expect(
        pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000,
        "report person wrote no PDF",
    )
    write_cohort_sheet(work / "cohort.csv")
    s.run("import", "--db", "t.db", "import", "cohort.csv", "--cohort", SMOKE_COHORT)
    s.run(
        "report batch",
        "--db",
        "t.db",
        "report",
        "batch",
        "--cohort",
        SMOKE_COHORT,
        "--out-dir",
        "batch",
        "--jobs",
        "2",
        timeout=600,
    )
    written = sorted((work / "batch").glob("**/*.pdf")) if (work / "batch").is_dir() else []
    s.expect(
        len(written) >= SMOKE_MENTEES,
        f"report batch wrote {len(written)} PDFs, not {SMOKE_MENTEES}",
    )
    fonts = b"".join(pdf.read_bytes() for pdf in written)
    for font in (b"NotoSansArabic", b"NotoSansDevanagari"):
        s.expect(font in fonts, f"no report of the batch printed in {font.decode()}")
    s.run("match suggest", "--db", "t.db", "match", "suggest", "--cohort", SMOKE_COHORT)
    out = s.run("check", "--db", "t.db", "check")
    s.expect("integrity ok" in out, f"check said {out.strip()!r}")
    if gui != "none":
        extra = {"WOMEN_IN_DDAT_QUIT_AFTER": "ready"}
        if gui == "offscreen":
            extra["QT_QPA_PLATFORM"] = "offscreen"
        else:  # the real screen (an X server's DISPLAY on Linux)
            extra.update(
                {
                    k: os.environ[k]
                    for k in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY")
                    if k in os.environ
                }
            )
        s.run("app until ready", "--db", "t.db", env={**s.env, **extra}, timeout=120)
    return s


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("app", type=Path, help="the built executable")
    parser.add_argument("--gui", choices=("offscreen", "screen", "none"), default="offscreen")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    app = args.app.resolve()
    if not app.is_file():
        print(f"smoke: no executable at {app}", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="wid-smoke-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        result = smoke(app, work, args.gui)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    for failure in result.failures:
        print(f"FAILED {failure}", file=sys.stderr)
    print("smoke test passed" if not result.failures else f"{len(result.failures)} failure(s)")
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
