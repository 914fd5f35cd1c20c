"""Warning when the database sits where SQLite can be corrupted.

SQLite's locking is unreliable on network file systems, and sync clients
(OneDrive, Dropbox, Google Drive, iCloud) may upload a half-written file
or restore an old copy over a new one. We cannot prevent it; we can say so.
"""

from __future__ import annotations

import sys
from pathlib import Path, PureWindowsPath

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "afs",
    "ncpfs",
    "fuse.sshfs",
    "9p",
    "davfs",
    "fuse.davfs2",
}
SYNCED_FOLDER_MARKERS = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "icloud drive",
    "mobile documents",
    "box sync",
    "nextcloud",
    "owncloud",
)


def _mount_type(path: Path, mounts_text: str) -> str | None:
    best, best_type = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(
            mount_point
        ) > len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def location_warning(
    database: Path, *, mounts_text: str | None = None, platform: str = sys.platform
) -> str | None:
    """A sentence for the coordinator if the database's folder is risky, else None."""
    text = str(database)
    lowered = text.casefold()
    for marker in SYNCED_FOLDER_MARKERS:
        if marker in lowered:
            return (
                "The database is in a cloud-synced folder. Sync programs can corrupt a database "
                "that is open; keep it in a local folder and back it up instead."
            )
    if platform.startswith("win"):
        if PureWindowsPath(text).drive.startswith("\\\\"):
            return "The database is on a network share, where it can be corrupted. Keep it on this computer."
        return None
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8")
        except OSError:
            return None
    fs_type = _mount_type(
        database.resolve().parent if database.exists() else database.parent, mounts_text
    )
    if fs_type in NETWORK_FS:
        return (
            f"The database is on a network file system ({fs_type}), where it can be corrupted. "
            "Keep it on this computer, or use a shared PostgreSQL database for several coordinators."
        )
    return None
