"""The installable app: built with packaging/build.py, then run as a coordinator's machine would.

Slow (a few minutes: PyInstaller freezes Python, Qt and every library), so it
runs only with WDDAT_BUNDLE_TEST=1 (``.ci/run`` installs the build tools and
Xvfb then); WDDAT_BUNDLE_TEST=built tries the build already in dist/. Linux only: the release workflow runs the same smoke test
(packaging/smoke.py) on the Windows and macOS builds.

The frozen command line runs from an empty environment (``env -i HOME=...
PATH=/usr/bin:/bin``: no venv, no Python packages), and the frozen app is
opened on a virtual X screen (Xvfb) until a painted window with the
programme's data shows in a screenshot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import smoke  # noqa: E402

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("WDDAT_BUNDLE_TEST") not in ("1", "built"),
        reason="builds the installable app (minutes): set WDDAT_BUNDLE_TEST=1",
    ),
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="the Linux build; CI builds the others"
    ),
]

FOLDER = ROOT / "dist" / "women-in-ddat-linux-x86_64"
EXECUTABLE = FOLDER / "women-in-ddat"
# A PySide6 widgets app with SciPy and ReportLab: about 290 MB unpacked in
# December 2026. The ceiling catches a heavy module slipping in (WebEngine
# alone is over 150 MB), not a new patch release of a library.
MAX_BUNDLE_MB = 340


@pytest.fixture(scope="module")
def built() -> Path:
    if os.environ.get("WDDAT_BUNDLE_TEST") == "built":
        assert EXECUTABLE.is_file(), f"no build at {EXECUTABLE}: run packaging/build.py"
        return FOLDER
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert EXECUTABLE.is_file() and os.access(EXECUTABLE, os.X_OK)
    return FOLDER


def bundle_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def test_the_bundle_holds_what_the_app_needs_and_nothing_heavy_it_does_not(built: Path) -> None:
    internal = built / "_internal"
    for needed in (
        "women_in_ddat/resources/fonts/DejaVuSans.ttf",
        "women_in_ddat/resources/fonts/LICENSE-DejaVu.txt",
        "women_in_ddat/resources/fonts/scripts/NotoSansArabic-Regular.ttf",
        "women_in_ddat/resources/fonts/scripts/NotoSansTamil-Regular.ttf",
        "women_in_ddat/resources/fonts/fallback/DroidSansFallback-CJK.ttf",
        "women_in_ddat/resources/fonts/fallback/Symbola-Emoji.ttf",
        "licences/noto-sans-fonts/LICENSE-Noto.txt",
        "women_in_ddat/resources/ddat/framework.json",
        "women_in_ddat/resources/style/app.qss",
        "women_in_ddat/resources/icons/women-in-ddat.svg",
        "women_in_ddat/storage/migrations/env.py",
        "women_in_ddat/storage/migrations/versions/0001_initial_initial_schema.py",
        "licences/INDEX.txt",
        "licences/qt/LGPL-3.0.txt",
        "licences/python/LICENSE.txt",
    ):
        assert (internal / needed).is_file(), needed
    names = {p.name for p in internal.rglob("*")}
    for heavy in (
        "libQt6WebEngineCore.so.6",
        "libQt6Quick.so.6",
        "libQt6Qml.so.6",
        "libQt6Pdf.so.6",
        "_tkinter.cpython-311-x86_64-linux-gnu.so",
        "tkinter",
        "pytest",
        "hypothesis",
    ):
        assert heavy not in names, heavy
    size = bundle_mb(built)
    print(f"\nbundle: {size:.0f} MB unpacked")
    assert size < MAX_BUNDLE_MB


def test_the_tarball_carries_the_app_a_desktop_entry_and_the_icon(built: Path) -> None:
    (tarball,) = (ROOT / "dist").glob("women-in-ddat-*-linux-x86_64.tar.gz")
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
        top = sorted(names)[0].split("/")[0]
        entry = tar.extractfile(f"{top}/women-in-ddat.desktop").read().decode("utf-8")  # type: ignore[union-attr]
    for name in (
        "app/women-in-ddat",
        "women-in-ddat.png",
        "install-menu-entry.sh",
        "women-in-ddat.desktop",
    ):
        assert f"{top}/{name}" in names, name
    assert "Name=Women in DDaT" in entry and "Icon=women-in-ddat" in entry


def test_the_frozen_command_line_works_from_an_empty_environment(
    built: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    result = smoke.smoke(EXECUTABLE, tmp_path, gui="none")

    assert result.failures == []
    assert result.env == {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "x.pdf").pages)
    assert result.person["last_name"] in text
    assert len(list((tmp_path / "batch").glob("*.pdf"))) == smoke.SMOKE_MENTEES
    # The log went into the fresh home folder; the files written are the owner's only.
    assert (tmp_path / "home" / ".local" / "state" / "women-in-ddat" / "log").is_dir()
    for written in (tmp_path / "t.db", tmp_path / "x.pdf"):
        assert written.stat().st_mode & 0o077 == 0, written


def _screen(tmp_path: Path) -> tuple[subprocess.Popen, str]:
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is needed to open the frozen app (Debian: apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as displayfd:
        number = displayfd.readline().strip()
    assert number, "Xvfb did not start"
    return server, f":{number}"


def _screenshot(display: str, path: Path) -> set[int]:
    """The distinct colours on the screen (a blank screen has one)."""
    from PySide6.QtGui import QImage

    subprocess.run(
        ["import", "-display", display, "-window", "root", str(path)],
        check=True,
        timeout=60,
        capture_output=True,
    )
    image = QImage(str(path))
    return {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }


def test_the_frozen_app_opens_a_painted_window_on_an_x_screen(built: Path, tmp_path: Path) -> None:
    if shutil.which("import") is None or shutil.which("xwininfo") is None:
        pytest.fail(
            "ImageMagick's import and xwininfo are needed for the screenshot (apt-get install imagemagick x11-utils)"
        )
    work = tmp_path / "work"
    work.mkdir()
    env = smoke.clean_environment(tmp_path / "home")
    subprocess.run(
        [str(EXECUTABLE), "--db", "t.db", "demo"],
        cwd=work,
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )
    server, display = _screen(tmp_path)
    try:
        screen = {**env, "DISPLAY": display}
        # The app's own start-up signal on a real X screen: the window painted, the data loaded.
        ready = subprocess.run(
            [str(EXECUTABLE), "--db", "t.db"],
            cwd=work,
            timeout=180,
            capture_output=True,
            env={**screen, "WOMEN_IN_DDAT_QUIT_AFTER": "ready"},
        )
        assert ready.returncode == 0, ready.stderr.decode(errors="replace")[-2000:]

        app = subprocess.Popen(
            [str(EXECUTABLE), "--db", "t.db"],
            cwd=work,
            env=screen,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            colours: set[int] = set()
            while time.monotonic() < deadline and app.poll() is None:
                time.sleep(2)
                colours = _screenshot(display, tmp_path / "screen.png")
                if len(colours) > 40:
                    time.sleep(3)  # the dashboard's figures, after the database opened
                    colours = _screenshot(display, tmp_path / "screen.png")
                    break
            windows = subprocess.run(
                ["xwininfo", "-display", display, "-root", "-tree"],
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
        finally:
            app.terminate()
            app.wait(timeout=30)
        assert app.returncode is not None
        assert len(colours) > 40, f"the screen stayed blank ({len(colours)} colours)"
        assert '"Women in DDaT' in windows or "Women in DDaT" in windows
        shutil.copyfile(tmp_path / "screen.png", ROOT / "dist" / "bundle-test-screen.png")
    finally:
        server.terminate()
        server.wait(timeout=30)
