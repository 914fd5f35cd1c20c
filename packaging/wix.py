"""The WiX v4 source of the Windows installer, generated from the built folder.

One MSI installs per user (no administrator rights: into
``%LOCALAPPDATA%\\Programs\\Women in DDaT``) or per machine (``ALLUSERS=1``,
as administrator: into ``Program Files``). It is a "dual-purpose" package
(``Scope="perUserOrMachine"``: WiX sets ALLUSERS=2 and MSIINSTALLPERUSER=1,
so per user unless the command line says otherwise); the Start menu
shortcut goes into the matching Start menu.

Only the programme's folder is the installer's: the database, backups and
logs live in the user's data folder, which an uninstall never touches.
The icon's id keeps the ``.ico`` extension: Windows Installer takes a
shortcut icon's type from it. Every file gets a component of its own with an identifier derived from its
path, so an upgrade (``MajorUpgrade``) replaces exactly what changed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PureWindowsPath
from xml.sax.saxutils import quoteattr

# Never change: Windows recognises later versions of the app by it.
UPGRADE_CODE = "6D3A5E0B-8C1F-4C52-9B7E-2F1A4D9C0E31"
MANUFACTURER = "Women in DDaT programme"
PRODUCT = "Women in DDaT"
EXECUTABLE = "women-in-ddat.exe"


def _id(prefix: str, relative: str) -> str:
    """A WiX identifier (letters, digits, dots, underscores; at most 72) for a path."""
    return f"{prefix}{hashlib.sha256(relative.encode('utf-8')).hexdigest()[:40]}"


def msi_version(version: str) -> str:
    """An MSI ProductVersion: up to three numbers (the fourth is ignored by upgrades)."""
    numbers = []
    for part in version.split(".")[:3]:
        leading = re.match(r"\d+", part)  # "1rc1" is release 1
        numbers.append(str(int(leading.group())) if leading else "0")
    return ".".join(numbers + ["0"] * (3 - len(numbers)))


def wix_source(app_folder: Path, icon: Path, version: str) -> str:
    """The ``.wxs`` text installing everything under ``app_folder``."""
    lines: list[str] = []
    refs: list[str] = []

    def directory(folder: Path, depth: int) -> None:
        pad = "  " * depth
        for path in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
            relative = path.relative_to(app_folder).as_posix()
            if path.is_dir():
                lines.append(
                    f"{pad}<Directory Id={quoteattr(_id('d', relative))} Name={quoteattr(path.name)}>"
                )
                directory(path, depth + 1)
                lines.append(f"{pad}</Directory>")
            else:
                component = _id("c", relative)
                source = str(PureWindowsPath(path))
                lines.append(f"{pad}<Component Id={quoteattr(component)}>")
                lines.append(
                    f'{pad}  <File Id={quoteattr(_id("f", relative))} Source={quoteattr(source)} KeyPath="yes" />'
                )
                lines.append(f"{pad}</Component>")
                refs.append(component)

    directory(app_folder, 4)
    files = "\n".join(lines)
    component_refs = "\n".join(f"      <ComponentRef Id={quoteattr(c)} />" for c in refs)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="{PRODUCT}" Manufacturer="{MANUFACTURER}" Version="{msi_version(version)}"
           UpgradeCode="{UPGRADE_CODE}" Scope="perUserOrMachine" Compressed="yes" Language="2057">
    <SummaryInformation Description="{PRODUCT} {version}" />
    <MajorUpgrade DowngradeErrorMessage="A newer version of {PRODUCT} is already installed." />
    <MediaTemplate EmbedCab="yes" />
    <Icon Id="AppIcon.ico" SourceFile={quoteattr(str(PureWindowsPath(icon)))} />
    <Property Id="ARPPRODUCTICON" Value="AppIcon.ico" />
    <Property Id="ARPNOMODIFY" Value="1" />

    <StandardDirectory Id="ProgramFiles64Folder">
      <Directory Id="INSTALLFOLDER" Name="{PRODUCT}">
{files}
      </Directory>
    </StandardDirectory>

    <StandardDirectory Id="ProgramMenuFolder">
      <Component Id="StartMenuShortcut" Guid="9F0E5B21-7C44-4E8A-A1D3-5B6C2E8F4A17">
        <Shortcut Id="AppShortcut" Name="{PRODUCT}" Description="Run a women-in-DDaT mentoring programme"
                  Target="[INSTALLFOLDER]{EXECUTABLE}" WorkingDirectory="INSTALLFOLDER" Icon="AppIcon.ico" />
        <!-- HKMU: HKCU for a per-user install, HKLM for a per-machine one. -->
        <RegistryValue Root="HKMU" Key="Software\\{PRODUCT}" Name="StartMenuShortcut" Type="integer" Value="1" KeyPath="yes" />
      </Component>
    </StandardDirectory>

    <Feature Id="Main" Title="{PRODUCT}" Level="1">
{component_refs}
      <ComponentRef Id="StartMenuShortcut" />
    </Feature>
  </Package>
</Wix>
"""
