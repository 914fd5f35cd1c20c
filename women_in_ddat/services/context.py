"""The services over one open database, passed around as one small object."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from women_in_ddat.services.actor import current_actor
from women_in_ddat.services.audit_log import AuditLogService
from women_in_ddat.services.cohorts import CohortService
from women_in_ddat.services.event_attendance import EventAttendanceService
from women_in_ddat.services.events import EventService
from women_in_ddat.services.matches import MatchService
from women_in_ddat.services.people import PeopleService
from women_in_ddat.services.personal_data import PersonalDataService
from women_in_ddat.services.progress import ProgressService
from women_in_ddat.services.templates import TemplateService
from women_in_ddat.storage.database import Database, open_database

if TYPE_CHECKING:
    # Imported when first used: matching pulls in SciPy (about a second).
    from women_in_ddat.services.attention_people import AttentionPeopleService
    from women_in_ddat.services.backups import BackupService
    from women_in_ddat.services.dashboard import DashboardService
    from women_in_ddat.services.development import DevelopmentService
    from women_in_ddat.services.exporting import ExportService
    from women_in_ddat.services.framework_service import FrameworkService
    from women_in_ddat.services.import_batches import ImportService
    from women_in_ddat.services.match_choices import MatchChoicesService
    from women_in_ddat.services.matching_service import MatchingService
    from women_in_ddat.services.messages import MessageService
    from women_in_ddat.services.outcomes_figures import OutcomeFiguresService
    from women_in_ddat.services.person_detail import PersonDetailService
    from women_in_ddat.services.programme_report_data import ProgrammeReportService
    from women_in_ddat.services.questionnaires import QuestionnaireService
    from women_in_ddat.services.report_data_gather import ReportDataService


class Services:
    def __init__(self, db: Database, actor: str | None = None) -> None:
        self.db = db
        self.actor = actor or current_actor()

    @classmethod
    def open(cls, target: str, actor: str | None = None) -> Services:
        return cls(open_database(target), actor)

    @cached_property
    def people(self) -> PeopleService:
        return PeopleService(self.db, self.actor)

    @cached_property
    def cohorts(self) -> CohortService:
        return CohortService(self.db, self.actor)

    @cached_property
    def matches(self) -> MatchService:
        return MatchService(self.db, self.actor)

    @cached_property
    def events(self) -> EventService:
        return EventService(self.db, self.actor)

    @cached_property
    def event_attendance(self) -> EventAttendanceService:
        return EventAttendanceService(self.db, self.actor)

    @cached_property
    def progress(self) -> ProgressService:
        return ProgressService(self.db, self.actor)

    @cached_property
    def templates(self) -> TemplateService:
        return TemplateService(self.db, self.actor)

    @cached_property
    def personal_data(self) -> PersonalDataService:
        return PersonalDataService(self.db, self.actor)

    @cached_property
    def audit_log(self) -> AuditLogService:
        return AuditLogService(self.db, self.actor)

    @cached_property
    def backups(self) -> BackupService:
        from women_in_ddat.services.backups import BackupService

        return BackupService(self.db, self.actor)

    @cached_property
    def framework(self) -> FrameworkService:
        from women_in_ddat.services.framework_service import FrameworkService

        return FrameworkService(self.db, self.actor)

    @cached_property
    def matching(self) -> MatchingService:
        from women_in_ddat.services.matching_service import MatchingService

        return MatchingService(self.db, self.actor)

    @cached_property
    def development(self) -> DevelopmentService:
        from women_in_ddat.services.development import DevelopmentService

        return DevelopmentService(self.db, self.actor)

    @cached_property
    def outcomes(self) -> OutcomeFiguresService:
        from women_in_ddat.services.outcomes_figures import OutcomeFiguresService

        return OutcomeFiguresService(self.db, self.actor)

    @cached_property
    def messages(self) -> MessageService:
        from women_in_ddat.services.messages import MessageService

        return MessageService(self.db, self.actor)

    @cached_property
    def attention_people(self) -> AttentionPeopleService:
        from women_in_ddat.services.attention_people import AttentionPeopleService

        return AttentionPeopleService(self.db, self.actor)

    @cached_property
    def questionnaires(self) -> QuestionnaireService:
        from women_in_ddat.services.questionnaires import QuestionnaireService

        return QuestionnaireService(self.db, self.actor)

    @cached_property
    def imports(self) -> ImportService:
        from women_in_ddat.services.import_batches import ImportService

        return ImportService(self.db, self.actor)

    @cached_property
    def dashboard(self) -> DashboardService:
        from women_in_ddat.services.dashboard import DashboardService

        return DashboardService(self.db, self.actor)

    @cached_property
    def person_detail(self) -> PersonDetailService:
        from women_in_ddat.services.person_detail import PersonDetailService

        return PersonDetailService(self.db, self.actor)

    @cached_property
    def match_choices(self) -> MatchChoicesService:
        from women_in_ddat.services.match_choices import MatchChoicesService

        return MatchChoicesService(self.db, self.actor)

    @cached_property
    def exports(self) -> ExportService:
        from women_in_ddat.services.exporting import ExportService

        return ExportService(self.db, self.actor)

    @cached_property
    def report_data(self) -> ReportDataService:
        from women_in_ddat.services.report_data_gather import ReportDataService

        return ReportDataService(self.db, self.actor)

    @cached_property
    def programme_report(self) -> ProgrammeReportService:
        from women_in_ddat.services.programme_report_data import ProgrammeReportService

        return ProgrammeReportService(self.db, self.actor)

    def close(self) -> None:
        self.db.dispose()
