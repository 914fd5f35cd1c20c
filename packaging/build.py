"""Build the installable app for the machine this runs on, into ``dist/``.

    python packaging/build.py [--no-installer]

Needs the build tools: ``pip install -e '.[build]'``. Writes:

- Linux: ``dist/women-in-ddat-linux-<arch>/`` (the app, ready to run in place:
  ``dist/women-in-ddat-linux-<arch>/women-in-ddat``) and beside it
  ``women-in-ddat-<version>-linux-<arch>.tar.gz`` holding that folder, a
  desktop entry, the icon and a script that adds both to the user's menu;
- Windows: ``dist/women-in-ddat/`` and ``women-in-ddat-<version>-windows-<arch>.msi``
  (needs the WiX v4 ``wix`` command on PATH);
- macOS: ``dist/Women in DDaT.app`` and ``women-in-ddat-<version>-macos-<arch>.dmg``
  (needs ``hdiutil``, part of macOS).

``--no-installer`` stops after the app folder (quicker, for trying a change).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
NAME = "women-in-ddat"
DISPLAY_NAME = "Women in DDaT"

sys.path.insert(0, str(HERE))
from icons import make_icons  # noqa: E402


class BuildFailed(Exception):
    pass


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)


def folder_size_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def run(argv: list[str], **kwargs: object) -> None:
    print("+", " ".join(argv[:4]), "..." if len(argv) > 4 else "", flush=True)
    done = subprocess.run(argv, **kwargs)  # type: ignore[call-overload]
    if done.returncode:
        raise BuildFailed(f"{argv[0]} failed with exit status {done.returncode}")


def windows_version_info(version: str, target: Path) -> Path:
    """The version resource Windows shows in the executable's Properties."""
    from wix import msi_version

    numbers = [int(n) for n in msi_version(version).split(".")] + [0]
    fields = {
        "CompanyName": "Women in DDaT programme",
        "FileDescription": DISPLAY_NAME,
        "FileVersion": version,
        "InternalName": NAME,
        "LegalCopyright": "MIT licence; third-party licences in the licences folder",
        "OriginalFilename": f"{NAME}.exe",
        "ProductName": DISPLAY_NAME,
        "ProductVersion": version,
    }
    strings = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in fields.items())
    target.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple(numbers)}, prodvers={tuple(numbers)}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080904B0', [
{strings}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])])
  ]
)
""",
        encoding="utf-8",
    )
    return target


def freeze(icons: dict[str, Path], version: str) -> None:
    icon = (
        icons["ico"]
        if sys.platform == "win32"
        else icons["icns"]
        if sys.platform == "darwin"
        else icons["png"]
    )
    extra = ["--icon", str(icon)]
    if sys.platform == "win32":
        extra += [
            "--windows-version-info",
            str(windows_version_info(version, WORK / "version-info.txt")),
        ]
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(HERE / "women-in-ddat.spec"),
            "--",
            *extra,
        ],
        cwd=ROOT,
    )


DESKTOP_ENTRY = f"""[Desktop Entry]
Type=Application
Name={DISPLAY_NAME}
GenericName=Mentoring programme manager
Comment=Run a women-in-DDaT mentoring programme
Exec="@APP@"
Icon={NAME}
Terminal=false
Categories=Office;
StartupWMClass={NAME}
"""

INSTALL_SCRIPT = f"""#!/bin/sh
# Add {DISPLAY_NAME} to this user's application menu, run from where it was unpacked.
# Nothing outside your home folder is changed; remove the two files below to undo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${{XDG_DATA_HOME:-$HOME/.local/share}}/applications"
icons="${{XDG_DATA_HOME:-$HOME/.local/share}}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/{NAME}.png" "$icons/{NAME}.png"
sed "s|@APP@|$here/app/{NAME}|" "$here/{NAME}.desktop" > "$apps/{NAME}.desktop"
echo "Added: $apps/{NAME}.desktop and $icons/{NAME}.png"
"""


def strip_python_runtime(folder: Path) -> None:
    """Drop the debugging sections of the Python runtime the build ran on.

    A Python built from source (pyenv) keeps them: most of libpython's 23 MB.
    Only the interpreter's own files: the libraries inside wheels are
    stripped already, and some (auditwheel's) break when stripped again.
    """
    strip = shutil.which("strip")
    if strip is None:
        return
    internal = folder / "_internal"
    files = [*internal.glob("libpython*.so*"), *internal.glob("python3*/lib-dynload/*.so")]
    files = [f for f in files if f.is_file() and not f.is_symlink()]
    if files:
        run([strip, "--strip-debug", *map(str, files)])


def linux_package(icons: dict[str, Path], version: str, *, tarball: bool) -> list[Path]:
    folder = DIST / f"{NAME}-linux-{arch()}"
    if folder.exists():
        shutil.rmtree(folder)
    (DIST / NAME).rename(folder)
    strip_python_runtime(folder)
    if not tarball:
        return [folder]
    archive = DIST / f"{NAME}-{version}-linux-{arch()}.tar.gz"
    top = f"{NAME}-{version}"
    staging = WORK / "tarball"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    (staging / f"{NAME}.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    (staging / "install-menu-entry.sh").write_text(INSTALL_SCRIPT, encoding="utf-8")
    (staging / "install-menu-entry.sh").chmod(0o755)
    shutil.copyfile(icons["png"], staging / f"{NAME}.png")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname=f"{top}/app")
        for path in sorted(staging.iterdir()):
            tar.add(path, arcname=f"{top}/{path.name}")
    return [folder, archive]


def windows_package(icons: dict[str, Path], version: str) -> list[Path]:
    from wix import wix_source

    folder = DIST / NAME
    source = WORK / f"{NAME}.wxs"
    source.write_text(wix_source(folder, icons["ico"], version), encoding="utf-8")
    msi = DIST / f"{NAME}-{version}-windows-{arch()}.msi"
    wix = shutil.which("wix")
    if wix is None:
        raise BuildFailed(
            "the WiX v4 'wix' command is not on PATH (dotnet tool install --global wix)"
        )
    run([wix, "build", "-arch", "x64", "-o", str(msi), str(source)])
    return [folder, msi]


def macos_package(icons: dict[str, Path], version: str) -> list[Path]:
    app = DIST / f"{DISPLAY_NAME}.app"
    staging = WORK / "dmg"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    # ditto keeps the bundle's symbolic links and extended attributes (its signature).
    run(["ditto", str(app), str(staging / app.name)])
    (staging / "Applications").symlink_to("/Applications")
    dmg = DIST / f"{NAME}-{version}-macos-{arch()}.dmg"
    dmg.unlink(missing_ok=True)
    run(
        [
            "hdiutil",
            "create",
            "-volname",
            DISPLAY_NAME,
            "-srcfolder",
            str(staging),
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            str(dmg),
        ]
    )
    return [app, dmg]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-installer", action="store_true", help="stop after the app folder")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            "build: PyInstaller is missing; install the build tools: pip install -e '.[build]'",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    version = project_version()
    WORK.mkdir(parents=True, exist_ok=True)
    icons = make_icons(WORK / "icons")
    try:
        freeze(icons, version)
        if sys.platform.startswith("linux"):
            outputs = linux_package(icons, version, tarball=not args.no_installer)
        elif sys.platform == "win32":
            outputs = [DIST / NAME] if args.no_installer else windows_package(icons, version)
        elif sys.platform == "darwin":
            outputs = (
                [DIST / f"{DISPLAY_NAME}.app"]
                if args.no_installer
                else macos_package(icons, version)
            )
        else:
            raise BuildFailed(f"no installer for {sys.platform}")
    except BuildFailed as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    print(f"built {DISPLAY_NAME} {version} in {time.monotonic() - started:.0f} s:")
    for path in outputs:
        size = folder_size_mb(path) if path.is_dir() else path.stat().st_size / 1e6
        print(f"  {path.relative_to(ROOT)}  {size:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
