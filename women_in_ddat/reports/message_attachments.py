"""The PDFs a message carries: her certificate, or her organisation's report for a sponsor.

Made by the ordinary report job into a private temporary folder (0700),
read into memory and removed at once, so the PDF attached is exactly the
one the Reports page would write, and its making is in the audit trail.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from women_in_ddat.domain.message_templates import Attachment
from women_in_ddat.errors import InvalidInput
from women_in_ddat.reports.jobs import ReportKind, ReportRequest, report_job
from women_in_ddat.services.jobs import NO_PROGRESS
from women_in_ddat.services.mail_transport import FileToAttach
from women_in_ddat.services.messages import Attacher, PlannedMessage
from women_in_ddat.storage.database import Database


def attacher(db: Database, actor: str) -> Attacher:
    def attach(message: PlannedMessage) -> list[FileToAttach]:
        if message.attachment == Attachment.CERTIFICATE:
            request_for = (ReportKind.CERTIFICATE, message.about_email, message.about_cohort)
            filename = "Certificate.pdf"
        elif message.attachment == Attachment.ORGANISATION_REPORT:
            if not message.about_organisation:
                raise InvalidInput(
                    "No organisation is recorded for her, so there is no report to attach."
                )
            request_for = (ReportKind.ORGANISATION, message.about_organisation, "")
            filename = "Organisation report.pdf"
        else:
            return []
        kind, scope, cohort = request_for
        with tempfile.TemporaryDirectory(prefix="wid-attach-") as folder:
            os.chmod(folder, 0o700)
            output = Path(folder) / "attachment.pdf"
            request = ReportRequest(kind=kind, scope=scope, output=output, cohort=cohort or None)
            report_job(db, actor, request)(NO_PROGRESS)
            content = output.read_bytes()
        return [FileToAttach(filename, content)]

    return attach
