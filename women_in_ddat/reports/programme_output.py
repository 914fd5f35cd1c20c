"""Write the programme impact report as .pdf, .docx or .xlsx, atomically.

The figures are gathered and built into one model, then written in the form
the file's suffix asks for; the file replaces its target only once complete.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from women_in_ddat.services.jobs import NO_PROGRESS, Progress
from women_in_ddat.services.programme_report_data import ProgrammeReportService
from women_in_ddat.services.programme_report_figures import build_report
from women_in_ddat.storage.atomic import atomic_path
from women_in_ddat.storage.database import Database


def write_programme(
    db: Database,
    actor: str,
    target: Path,
    from_year: int | None = None,
    to_year: int | None = None,
    produced: date | None = None,
    *,
    progress: Progress = NO_PROGRESS,
    before_publish: Callable[[], None] | None = None,
) -> Path:
    produced = produced or date.today()
    data = ProgrammeReportService(db, actor).gather(from_year, to_year, today=produced)
    report = build_report(data)
    progress.step(1, 2, "Writing the report")
    suffix = target.suffix.lower()
    if suffix == ".pdf":
        from women_in_ddat.reports.programme import pdf_story_maker
        from women_in_ddat.reports.render import render_to

        return render_to(
            target,
            pdf_story_maker(report),
            produced,
            progress=progress,
            before_publish=before_publish,
        ).path
    with atomic_path(target, what="report", before_replace=before_publish) as tmp:
        if suffix == ".docx":
            from women_in_ddat.reports.programme_docx import write_programme_docx

            write_programme_docx(report, tmp, f"Produced {produced.day} {produced:%B %Y}")
        else:
            from women_in_ddat.reports.programme_xlsx import write_programme_xlsx

            write_programme_xlsx(report, tmp)
    return target
