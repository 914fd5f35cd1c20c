"""Render one report to a file, atomically.

The story is built before any file is opened; it ends with a note of any
characters that could not be printed (never a refusal: see text.py). The
PDF is written to a temporary file renamed over the target only once
complete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable

from women_in_ddat.reports.blocks import not_printed_note
from women_in_ddat.reports.document import ReportMeta, write_pdf
from women_in_ddat.reports.text import TextGuard
from women_in_ddat.services.jobs import NO_PROGRESS, Progress
from women_in_ddat.storage.atomic import atomic_path


@dataclass(frozen=True)
class Rendered:
    path: Path
    warnings: tuple[str, ...] = ()


StoryMaker = Callable[[TextGuard, date], tuple[ReportMeta, list[Flowable]]]


def render_to(
    target: Path,
    make: StoryMaker,
    produced: date | None = None,
    *,
    progress: Progress = NO_PROGRESS,
    before_publish: Callable[[], None] | None = None,
) -> Rendered:
    """Build the story with ``make`` and write it to ``target`` atomically.

    A cancel during layout stops it; the temporary file is removed and
    ``target`` is left as it was. ``before_publish`` runs once the PDF is
    complete on disk, before it replaces ``target``; if it fails, nothing is
    published.
    """
    guard = TextGuard()
    meta, story = make(guard, produced or date.today())
    story = story + not_printed_note(guard)

    def on_layout(kind: str, value: int) -> None:
        progress.check()

    with atomic_path(Path(target), what="report", before_replace=before_publish) as tmp:
        write_pdf(tmp, story, meta, on_progress=on_layout)
    return Rendered(Path(target), tuple(guard.warnings))
