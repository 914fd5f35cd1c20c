"""Help > About: the version, which programme file is open, and where its backups and logs go."""

from __future__ import annotations

from women_in_ddat import APP_DISPLAY_NAME, __version__


def about_text(target: str | None, programme_names: list[str], framework: str | None) -> str:
    from women_in_ddat.logging_setup import log_file_path
    from women_in_ddat.storage.backup import backup_dir_for
    from women_in_ddat.storage.preflight import parse_target

    lines = [
        f"{APP_DISPLAY_NAME} {__version__}",
        "Running a women-in-DDaT mentoring programme.",
        "",
    ]
    if target is None:
        lines.append("No programme is open.")
    else:
        parsed = parse_target(target)
        if programme_names:
            lines.append(f"Programme: {', '.join(programme_names)}")
        if parsed.sqlite_path is not None:
            lines.append(f"Programme file: {parsed.sqlite_path}")
            lines.append(
                f"Backups: {backup_dir_for(parsed.sqlite_path)} (one each day the app is used, "
                "and one before every upgrade; the newest few are kept)"
            )
        else:
            lines.append(
                f"Database: {parsed.display_name} (on a server, which keeps its own backups)"
            )
    lines.append(f"Log: {log_file_path()} (no names or emails are written to it)")
    if framework:
        lines += ["", f"DDaT capability framework: {framework}"]
    return "\n".join(lines)
