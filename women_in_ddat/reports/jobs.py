"""What the command line and the Reports page ask for, as one job.

``report_job(db, actor, request)`` returns a ``job(progress)`` function (see
women_in_ddat.services.jobs) that reads the data and writes the PDF(s)
atomically, recording the report in the audit trail once they are complete
and before they are published: a failed write records nothing, a failed
record publishes nothing. It runs
synchronously from the command line and in tests, and on a worker thread
in the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from women_in_ddat.domain.wording import counted
from women_in_ddat.errors import DatabaseReadOnly, InvalidInput
from women_in_ddat.services.jobs import Progress
from women_in_ddat.services.report_data_gather import ReportDataService
from women_in_ddat.services.report_data_mentor import is_mentor_only
from women_in_ddat.storage.database import Database

NOT_RECORDED = (
    "The audit trail could not record this report: the database is read-only. "
    "The report was written all the same."
)


class ReportKind(StrEnum):
    PERSON = "person"
    CERTIFICATE = "certificate"
    COHORT = "cohort"
    ORGANISATION = "organisation"
    BATCH = "batch"
    PROGRAMME = "programme"

    @property
    def label(self) -> str:
        return {
            "person": "Progress summary for a mentee",
            "certificate": "Certificate of completion",
            "cohort": "Cohort summary",
            "organisation": "Organisation report for a sponsor",
            "batch": "Progress summaries for a whole cohort",
            "programme": "Programme impact report",
        }[self.value]

    @property
    def writes_folder(self) -> bool:
        return self is ReportKind.BATCH


@dataclass(frozen=True)
class ReportRequest:
    kind: ReportKind
    # The mentee's email, or the cohort's or organisation's name.
    scope: str
    # A PDF file; for a batch, the folder (or, when combined, the PDF file).
    output: Path
    # For a mentee's summary or certificate: which cohort (default: her latest).
    cohort: str | None = None
    combined: bool = False
    workers: int | None = None
    # A certificate despite required events she missed: the coordinator's decision, audited.
    override_missed_events: bool = False
    produced: date | None = None
    # For the programme report: the years of the cohorts' starts to count.
    from_year: int | None = None
    to_year: int | None = None


@dataclass(frozen=True)
class ReportOutcome:
    files: tuple[Path, ...]
    folder: Path
    warnings: tuple[str, ...] = ()
    skipped: tuple[str, ...] = field(default=())

    @property
    def summary(self) -> str:
        n = len(self.files)
        form = "PDF " if all(f.suffix.lower() == ".pdf" for f in self.files) else ""
        text = f"Wrote {n} {form}file{'s' if n != 1 else ''} in {self.folder}."
        if self.skipped:
            text += f" {counted(len(self.skipped), 'mentee')} skipped."
        return text


def report_job(
    db: Database, actor: str, request: ReportRequest
) -> Callable[[Progress], ReportOutcome]:
    _check(request)

    def job(progress: Progress) -> ReportOutcome:
        return run_report(ReportDataService(db, actor), request, progress)

    return job


PROGRAMME_SUFFIXES = (".pdf", ".docx", ".xlsx")


def _check(request: ReportRequest) -> None:
    if request.kind is ReportKind.PROGRAMME:
        output = Path(request.output)
        if str(request.output).strip() in ("", ".") or output.is_dir():
            raise InvalidInput("Choose a file name for the report.", {"output": "required"})
        if output.suffix.lower() not in PROGRAMME_SUFFIXES:
            raise InvalidInput(
                "The programme report's file name should end in .pdf, .docx or .xlsx.",
                {"output": "not .pdf, .docx or .xlsx"},
            )
        return
    if not request.scope.strip():
        what = (
            "email address"
            if request.kind in (ReportKind.PERSON, ReportKind.CERTIFICATE)
            else "name"
        )
        raise InvalidInput(
            f"Say which {what} the report is for.", {"scope": f"an {what} is needed"}
        )
    if str(request.output).strip() in ("", "."):  # Path("") reads as "."
        raise InvalidInput("Choose where to save the report.", {"output": "required"})
    output = Path(request.output)
    if request.kind.writes_folder and not request.combined:
        if output.exists() and not output.is_dir():
            raise InvalidInput(
                "A batch of summaries needs a folder, not a file.", {"output": "not a folder"}
            )
    elif output.is_dir():
        raise InvalidInput("Choose a file name for the PDF, not a folder.", {"output": "a folder"})
    elif output.suffix.lower() != ".pdf":
        raise InvalidInput("The report file name should end in .pdf.", {"output": "not .pdf"})


def _mentor_report(
    data: ReportDataService, request: ReportRequest
) -> tuple[Any, tuple[str, int, str]]:
    """A mentor's report or certificate of recognition (her email asked for a person's)."""
    from women_in_ddat.errors import Conflict
    from women_in_ddat.reports.mentor import (
        mentor_certificate_meta,
        mentor_certificate_story,
        mentor_meta,
        mentor_story,
    )
    from women_in_ddat.services.report_data_mentor import MentorReportData

    record = MentorReportData(data.db, data.actor).mentor_record(request.scope)
    first = record.places[-1].participation_id
    if request.kind is ReportKind.CERTIFICATE:
        if not record.completed_places:
            raise Conflict(
                "A certificate of recognition is issued once a mentor's place is completed; "
                "hers is not yet."
            )
        return (
            lambda g, d: (
                mentor_certificate_meta(record, g, d),
                mentor_certificate_story(record, g, d),
            ),
            ("participation", first, "mentor certificate"),
        )
    return (
        lambda g, d: (mentor_meta(record, g, d), mentor_story(record, g, d)),
        ("participation", first, "mentor report"),
    )


def run_report(
    data: ReportDataService, request: ReportRequest, progress: Progress
) -> ReportOutcome:
    from women_in_ddat.reports import batch
    from women_in_ddat.reports.certificate import certificate_meta, certificate_story
    from women_in_ddat.reports.cohort import cohort_meta, cohort_story
    from women_in_ddat.reports.organisation import organisation_meta, organisation_story
    from women_in_ddat.reports.person import progress_meta, progress_story
    from women_in_ddat.reports.render import render_to

    _check(request)
    kind, produced, output = request.kind, request.produced, Path(request.output)
    progress.step(0, 2, "Reading the programme data")
    unrecorded: list[str] = []

    def record_report(entity: str, entity_id: object, detail: str) -> None:
        # A report is read within the programme's own care, unlike an export
        # or a subject access file: on a read-only database it is still
        # written, and says that the audit trail could not record it.
        try:
            data.record_report(entity, entity_id, detail)
        except DatabaseReadOnly:
            unrecorded.append(NOT_RECORDED)

    if kind is ReportKind.PROGRAMME:
        from women_in_ddat.reports.programme_output import write_programme

        path = write_programme(
            data.db,
            data.actor,
            output,
            request.from_year,
            request.to_year,
            produced,
            progress=progress,
            before_publish=lambda: record_report("programme", "", output.suffix.lstrip(".")),
        )
        return ReportOutcome((path,), path.parent, tuple(unrecorded))

    if kind is ReportKind.BATCH:
        header, mentees = data.cohort_progress(request.scope)

        def record(count: int) -> None:
            record_report("cohort", header.id, f"{count} progress summaries")

        if request.combined:
            result = batch.write_combined(
                header, mentees, output, produced=produced, progress=progress, before_publish=record
            )
        else:
            result = batch.write_batch(
                mentees,
                output,
                produced=produced,
                progress=progress,
                workers=request.workers,
                before_publish=record,
            )
        return ReportOutcome(
            tuple(result.written),
            result.folder,
            (*unrecorded, *(f"Mentee {pid}: {w}" for pid, w in result.warnings)),
            tuple(f"Mentee {pid}: {message}" for pid, message in result.skipped),
        )

    if kind in (ReportKind.PERSON, ReportKind.CERTIFICATE) and is_mentor_only(data, request.scope):
        make, entity = _mentor_report(data, request)
    elif kind is ReportKind.PERSON:
        person = data.person_progress(request.scope, request.cohort)
        make, entity = (
            lambda g, d: (progress_meta(person, g, d), progress_story(person, g, d)),
            ("participation", person.participation_id, "progress summary"),
        )
    elif kind is ReportKind.CERTIFICATE:
        person = data.certificate_progress(
            request.scope, request.cohort, override_missed_events=request.override_missed_events
        )
        missed = len(person.required_events_missed)
        noted = (
            f"certificate, coordinator's override: {counted(missed, 'required event')} "
            "not attended in full"
            if missed
            else "certificate"
        )
        make, entity = (
            lambda g, d: (certificate_meta(person, g, d), certificate_story(person, g, d)),
            ("participation", person.participation_id, noted),
        )
    elif kind is ReportKind.COHORT:
        cohort = data.cohort_data(request.scope)
        make, entity = (
            lambda g, d: (cohort_meta(cohort, g, d), cohort_story(cohort, g, d)),
            ("cohort", cohort.cohort.id, "cohort summary"),
        )
    else:
        org = data.organisation_data(request.scope)
        make, entity = (
            lambda g, d: (organisation_meta(org, g, d), organisation_story(org, g, d)),
            ("organisation", org.id, "organisation report"),
        )
    progress.step(1, 2, "Writing the PDF")
    rendered = render_to(
        output,
        make,
        produced,
        progress=progress,
        before_publish=lambda: record_report(*entity),
    )
    progress.step(2, 2, "Done")
    return ReportOutcome((rendered.path,), rendered.path.parent, (*unrecorded, *rendered.warnings))
