"""Progress summaries for a whole cohort: one PDF per mentee, or one combined PDF.

The data is read once in the parent (plain values); rendering is spread
over worker processes (spawned, never forked: forking a process that runs
Qt threads or holds a database connection is unsafe). Each worker writes
into a private staging folder inside the output folder; only when every
summary is done are they renamed into place, one atomic rename each. A
cancelled or failed batch removes the staging folder and leaves the
output folder exactly as it was.

File names sort by surname and never collide: ``surname-first-<id>.pdf``,
where the id is the mentee's place in the cohort.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from women_in_ddat.errors import FileProblem
from women_in_ddat.reports.blocks import not_printed_note
from women_in_ddat.reports.document import PartStart, ReportMeta, write_pdf
from women_in_ddat.reports.file_names import slug
from women_in_ddat.reports.person import KIND, progress_meta, progress_story
from women_in_ddat.reports.text import TextGuard
from women_in_ddat.services.jobs import NO_PROGRESS, Progress
from women_in_ddat.services.report_data import CohortHeader, PersonProgress
from women_in_ddat.storage.atomic import atomic_path, describe_os_error, make_private_folder
from women_in_ddat.storage.partial_files import remove_stale_folders, writer_tag

# Below this many summaries, starting worker processes costs more than it saves.
PARALLEL_FROM = 24
# Summaries are rendered into a hidden folder beside the others, then moved out.
STAGING_PREFIX = ".wid-batch-"


def file_name(data: PersonProgress) -> str:
    """``surname-first-<participation id>.pdf``: sorts by surname, unique, stable across runs."""
    stem = "-".join(x for x in (slug(data.last_name), slug(data.first_name)) if x)
    return f"{stem or 'mentee'}-{data.participation_id}.pdf"


def default_workers() -> int:
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, count or 1)


@dataclass
class BatchResult:
    folder: Path
    written: list[Path] = field(default_factory=list)
    # (participation id, message): never a name.
    skipped: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def _render_one(
    task: tuple[PersonProgress, str, str, date],
) -> tuple[int, str, list[str], str | None]:
    """Worker: write one summary into the staging folder."""
    data, staging, name, produced = task
    guard = TextGuard()
    meta = progress_meta(data, guard, produced)
    story = progress_story(data, guard, produced) + not_printed_note(guard)
    write_pdf(Path(staging) / name, story, meta)
    os.chmod(Path(staging) / name, 0o600)
    return data.participation_id, name, guard.warnings, None


def _warm_up() -> None:
    from women_in_ddat.reports.styles import styles

    styles()


def _results(
    tasks: Sequence[tuple[PersonProgress, str, str, date]], workers: int
) -> Generator[tuple[int, str, list[str], str | None], None, None]:
    if workers <= 1 or len(tasks) < PARALLEL_FROM:
        for task in tasks:
            yield _render_one(task)
        return
    context = multiprocessing.get_context("spawn")
    chunk = max(1, min(8, len(tasks) // (workers * 8)))
    pool = context.Pool(workers, initializer=_warm_up)
    try:
        yield from pool.imap_unordered(_render_one, tasks, chunksize=chunk)
        pool.close()
    finally:
        # On cancel or error the workers stop at once; their half-written
        # files are inside the staging folder, which the caller removes.
        pool.terminate()
        pool.join()


def _render_all(
    tasks: Sequence[tuple[PersonProgress, str, str, date]],
    workers: int,
    progress: Progress,
    result: BatchResult,
) -> list[str]:
    """Render every task into the staging folder; the names of the files made."""
    total = len(tasks)
    done_names: list[str] = []
    results = _results(tasks, workers)
    try:
        progress.step(0, total, "Writing progress summaries")
        for done, (pid, name, warnings, refused) in enumerate(results, start=1):
            if refused:
                result.skipped.append((pid, refused))
            else:
                done_names.append(name)
                result.warnings += [(pid, w) for w in warnings]
            progress.step(done, total, f"Written {done} of {total} progress summaries")
        progress.check()
    finally:
        results.close()  # stops the workers before their folder is removed
    return sorted(set(done_names))


def write_batch(
    mentees: Sequence[PersonProgress],
    folder: Path,
    *,
    produced: date | None = None,
    progress: Progress = NO_PROGRESS,
    workers: int | None = None,
    before_publish: Callable[[int], None] | None = None,
) -> BatchResult:
    """One progress summary per mentee in ``folder``; all or nothing.

    ``before_publish(count)`` runs once every summary is complete, before
    any is moved into place: if it fails, the folder is left as it was.
    """
    produced = produced or date.today()
    folder = Path(folder)
    created = not folder.exists()
    try:
        make_private_folder(folder)
        # A batch killed mid-way left its staging folder (mentees' PDFs): clear it first.
        remove_stale_folders(folder, STAGING_PREFIX)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + writer_tag() + "-", dir=folder))
    except OSError as exc:
        raise FileProblem(
            f"Cannot write to the folder {folder.name}: {describe_os_error(exc)}."
        ) from exc
    result = BatchResult(folder)
    tasks = [(m, str(staging), file_name(m), produced) for m in mentees]
    try:
        names = _render_all(tasks, workers or default_workers(), progress, result)
        if before_publish is not None:
            before_publish(len(names))
        # Every summary is complete: move them into place, one atomic rename each.
        for name in names:
            os.replace(staging / name, folder / name)
            result.written.append(folder / name)
    except OSError as exc:
        saved = len(result.written)
        raise FileProblem(
            f"Cannot save the progress summaries: {describe_os_error(exc)}. "
            + (f"{saved} were saved before the problem; " if saved else "")
            + "no other file in the folder was changed."
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not result.written:
            with contextlib.suppress(OSError):
                folder.rmdir()  # the folder this run made; rmdir leaves it if not empty
    return result


def write_combined(
    header: CohortHeader,
    mentees: Sequence[PersonProgress],
    target: Path,
    *,
    produced: date | None = None,
    progress: Progress = NO_PROGRESS,
    before_publish: Callable[[int], None] | None = None,
) -> BatchResult:
    """Every mentee's summary in one PDF, bookmarked by name, each starting on an odd page
    (a blank page added where needed) with its own "Page 1 of n".

    ``before_publish(count)`` runs once the PDF is complete on disk, before it
    replaces ``target``: if it fails, nothing is published.
    """
    from reportlab.platypus import Flowable

    produced = produced or date.today()
    result = BatchResult(Path(target).parent)
    guard_meta = TextGuard()
    cohort = guard_meta.check_name(header.name, "the cohort's name")
    meta = ReportMeta(
        programme=guard_meta.clean(header.programme, "the programme's name"),
        kind=KIND,
        title=f"Progress summaries: {cohort}",
        subject=f"Mentoring progress in {cohort}",
        produced=produced,
    )
    story: list[Flowable] = []
    total = len(mentees)
    for done, data in enumerate(mentees, start=1):
        guard = TextGuard()
        part = progress_story(data, guard, produced) + not_printed_note(guard)
        progress.step(done, total * 2, "Preparing progress summaries")
        result.warnings += [(data.participation_id, w) for w in guard.warnings]
        # Each woman starts on an odd page, numbered from 1 (duplex-safe).
        story.append(PartStart(done))
        story += part
    if not story:
        raise FileProblem("There is no progress summary to write for this cohort.")
    flowables = len(story)

    def on_layout(kind: str, value: int) -> None:
        if kind == "PROGRESS":
            progress.step(total + int(total * value / flowables), total * 2, "Laying out pages")

    folder = Path(target).parent
    created = not folder.exists()
    try:
        make_private_folder(folder)
        summaries = total - len(result.skipped)

        def publishing() -> None:
            if before_publish is not None:
                before_publish(summaries)

        with atomic_path(Path(target), what="report", before_replace=publishing) as tmp:
            write_pdf(tmp, story, meta, on_progress=on_layout)
    except OSError as exc:
        raise FileProblem(
            f"Cannot write to the folder {folder.name}: {describe_os_error(exc)}."
        ) from exc
    finally:
        if created and not Path(target).exists():
            with contextlib.suppress(OSError):
                folder.rmdir()  # the folder this run made, still empty
    result.written.append(Path(target))
    return result
