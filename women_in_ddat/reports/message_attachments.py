"""The files a message carries: her certificate, her organisation's report, the event's
calendar entry, or her questionnaire form.

PDFs are made by the ordinary report job (or the questionnaire form writer)
into a private temporary folder (0700), read into memory and removed at
once, so the file attached is exactly the one the Reports page would write.
A questionnaire form's key is recorded only once the message has gone
(``Attached.after_sent``), so a form that never left is never chased.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from women_in_ddat.domain.message_templates import Attachment
from women_in_ddat.errors import InvalidInput
from women_in_ddat.reports.file_names import readable_stem
from women_in_ddat.services.mail_transport import FileToAttach
from women_in_ddat.services.messages import Attached, Attacher, PlannedMessage
from women_in_ddat.storage.database import Database


def attacher(db: Database, actor: str) -> Attacher:
    def attach(message: PlannedMessage) -> Attached:
        if message.attachment == Attachment.CERTIFICATE:
            return _report(db, actor, "certificate", message.about_email, message.about_cohort)
        if message.attachment == Attachment.ORGANISATION_REPORT:
            if not message.about_organisation:
                raise InvalidInput(
                    "No organisation is recorded for her, so there is no report to attach."
                )
            return _report(db, actor, "organisation", message.about_organisation, "")
        if message.attachment == Attachment.EVENT_ICS:
            return _calendar_entry(db, actor, message.about_event_id)
        if message.attachment == Attachment.QUESTIONNAIRE_FORM:
            return _questionnaire_form(db, actor, message)
        return Attached()

    return attach


def _in_private_folder(make: Callable[[Path], None]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="wid-attach-") as folder:
        os.chmod(folder, 0o700)
        output = Path(folder) / "attachment"
        make(output)
        return output.read_bytes()


def _report(db: Database, actor: str, kind: str, scope: str, cohort: str) -> Attached:
    from women_in_ddat.reports.jobs import ReportKind, ReportRequest, report_job
    from women_in_ddat.services.jobs import NO_PROGRESS

    report_kind = ReportKind.CERTIFICATE if kind == "certificate" else ReportKind.ORGANISATION
    filename = "Certificate.pdf" if kind == "certificate" else "Organisation report.pdf"

    def make(output: Path) -> None:
        request = ReportRequest(
            kind=report_kind, scope=scope, output=output.with_suffix(".pdf"), cohort=cohort or None
        )
        report_job(db, actor, request)(NO_PROGRESS)
        output.with_suffix(".pdf").rename(output)

    return Attached((FileToAttach(filename, _in_private_folder(make)),))


def _calendar_entry(db: Database, actor: str, event_id: int | None) -> Attached:
    from women_in_ddat.reports.calendar_entry import calendar_per_day, organiser
    from women_in_ddat.services.events import EventService
    from women_in_ddat.services.messages import MessageService

    if event_id is None:
        raise InvalidInput("Choose the event whose calendar entry goes with the message.")
    event = EventService(db, actor).get(event_id)
    return Attached(
        tuple(
            FileToAttach(name, calendar.to_ical(), "text", "calendar")
            for name, calendar in calendar_per_day(
                event, organiser_email=organiser(MessageService(db, actor).settings())
            )
        )
    )


def _questionnaire_form(db: Database, actor: str, message: PlannedMessage) -> Attached:
    from women_in_ddat.domain.enums import AssessmentPoint
    from women_in_ddat.domain.models import Participation
    from women_in_ddat.reports.questionnaire_forms import write_form
    from women_in_ddat.services.questionnaires import QuestionnaireService

    service = QuestionnaireService(db, actor)
    part_id = message.about_participation_id
    with db.reading() as session:
        part = session.get(Participation, part_id) if part_id else None
        cohort_id = part.cohort_id if part else None
    forms = (
        service.forms_to_write(cohort_id, AssessmentPoint(message.about_point), only=[part_id])
        if cohort_id and part_id
        else []
    )
    if not forms:
        raise InvalidInput(f"She has no {message.about_point} questionnaire to fill in.")
    [form] = forms
    content = _in_private_folder(lambda output: write_form(form, output))
    filename = f"{readable_stem(f'{form.point} questionnaire - {form.name}', 'Questionnaire')}.pdf"
    return Attached(
        (FileToAttach(filename, content),),
        after_sent=lambda: service.record_forms([form]),
    )
