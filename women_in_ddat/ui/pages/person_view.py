"""One person's page: who they are, and everything recorded about them."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    PRESENT_STATUSES,
    AssessmentPoint,
    AttendanceStatus,
    MatchStatus,
    ParticipantRole,
    ParticipationStatus,
    Rsvp,
    SessionFormat,
)
from women_in_ddat.domain.programme_rules import MilestoneState, milestone_state
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.domain.reference import role_at_level
from women_in_ddat.services.events import PersonEventRow
from women_in_ddat.services.outcome_list import OutcomeList
from women_in_ddat.services.person_detail import (
    AssessmentLine,
    HistoryLine,
    MatchLine,
    MilestoneLine,
    OutcomeLine,
    ParticipationLine,
    PersonDetail,
)
from women_in_ddat.services.session_list import SessionList, SessionRow
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.feedback_panels import PersonFeedbackPanel
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.models.lazy import LazyRowsModel
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import (
    button,
    first_selected_row,
    fit_columns,
    select_row,
    table_view,
)
from women_in_ddat.ui.pages.cohort_dialogs import JoinCohortDialog, cohorts_to_join
from women_in_ddat.ui.pages.development_dialogs import POINT_WORDING
from women_in_ddat.ui.pages.development_panels import ConfidencePanel, SkillsPanel
from women_in_ddat.ui.pages.equality_dialog import EqualityDialog
from women_in_ddat.ui.pages.outcome_dialogs import outcome_text
from women_in_ddat.ui.pages.outcomes_panel import OutcomesPanel
from women_in_ddat.ui.pages.participation_dialog import ParticipationDialog, open_place_dialog
from women_in_ddat.ui.pages.person_matches import mentor_history_lines
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.theme import Tone
from women_in_ddat.ui.widgets.forms import uk, uk_time
from women_in_ddat.ui.widgets.section_tabs import SectionTabs


def label_of(enum_type: type, value: str) -> str:
    try:
        return str(enum_type(value).label)
    except ValueError:
        return value


def milestone_state_of(m: MilestoneLine) -> MilestoneState:
    """Her milestone's state today, by the programme's one rule (never re-derived here)."""
    return milestone_state(m.status, m.due_date, date.today())


def milestone_status_text(m: MilestoneLine) -> str:
    return milestone_state_of(m).label


def _is_overdue(m: MilestoneLine) -> bool:
    return milestone_state_of(m) == MilestoneState.OVERDUE


def _milestone_tone(m: MilestoneLine) -> Tone | None:
    state = milestone_state_of(m)
    if state == MilestoneState.OVERDUE:
        return Tone.BAD
    if state == MilestoneState.DONE:
        return Tone.GOOD
    if state in (MilestoneState.WITHDRAWN, MilestoneState.CLOSED, MilestoneState.WAITING):
        return Tone.NEUTRAL
    return None


def _due_text(m: MilestoneLine) -> str:
    if m.due_date is None and milestone_state_of(m) == MilestoneState.WAITING:
        return "once matched"
    return uk(m.due_date)


def _match_tone(m: MatchLine) -> Tone | None:
    if m.status == MatchStatus.ON_HOLD.value:
        return Tone.WARN
    if m.status == MatchStatus.ENDED_EARLY.value:
        return Tone.NEUTRAL
    return None


PARTICIPATION_COLUMNS = [
    Column[ParticipationLine]("Cohort", lambda p: p.cohort),
    Column[ParticipationLine]("Role", lambda p: label_of(ParticipantRole, p.role)),
    Column[ParticipationLine]("Status", lambda p: label_of(ParticipationStatus, p.status)),
    Column[ParticipationLine](
        "Started", lambda p: uk(p.start_date), sort_key=lambda p: p.start_date
    ),
    Column[ParticipationLine](
        "Capacity",
        lambda p: str(p.mentor_capacity) if p.role == "mentor" else "",
        right_aligned=True,
    ),
    Column[ParticipationLine](
        "Goals or reason",
        lambda p: p.withdrawn_reason or p.goals.replace("\n", "  "),
        tooltip=lambda p: p.goals,
    ),
]
MATCH_COLUMNS = [
    Column[MatchLine]("With", lambda m: m.partner_name),
    Column[MatchLine]("As", lambda m: m.role.capitalize()),
    Column[MatchLine]("Cohort", lambda m: m.cohort),
    Column[MatchLine](
        "Status",
        lambda m: label_of(MatchStatus, m.status),
        tooltip=lambda m: m.status_reason,
        tone=_match_tone,
        bold=lambda m: m.status == MatchStatus.ON_HOLD.value,
    ),
    Column[MatchLine]("Since", lambda m: uk(m.start_date), sort_key=lambda m: m.start_date),
    Column[MatchLine]("Ended", lambda m: uk(m.end_date), sort_key=lambda m: m.end_date),
    Column[MatchLine]("Why", lambda m: m.status_reason, tooltip=lambda m: m.status_reason),
    Column[MatchLine](
        "Sessions", lambda m: str(m.sessions), sort_key=lambda m: m.sessions, right_aligned=True
    ),
    Column[MatchLine](
        "Last session", lambda m: uk(m.last_session), sort_key=lambda m: m.last_session
    ),
]
MILESTONE_COLUMNS = [
    Column[MilestoneLine]("Milestone", lambda m: m.title),
    Column[MilestoneLine]("Cohort", lambda m: m.cohort),
    Column[MilestoneLine]("Required", lambda m: "Yes" if m.required else "No"),
    Column[MilestoneLine]("Due", _due_text, sort_key=lambda m: m.due_date),
    Column[MilestoneLine]("Status", milestone_status_text, tone=_milestone_tone, bold=_is_overdue),
    Column[MilestoneLine](
        "Completed", lambda m: uk(m.completed_on), sort_key=lambda m: m.completed_on
    ),
    Column[MilestoneLine]("Evidence", lambda m: m.evidence_note, tooltip=lambda m: m.evidence_note),
]
SESSION_COLUMNS = [
    Column[SessionRow]("Date", lambda s: uk(s.held_on), sort_by="held_on"),
    Column[SessionRow]("With", lambda s: s.partner_name, sort_by="with"),
    Column[SessionRow](
        "Minutes", lambda s: str(s.duration_minutes), sort_by="minutes", right_aligned=True
    ),
    Column[SessionRow]("Format", lambda s: label_of(SessionFormat, s.format), sort_by="format"),
    Column[SessionRow](
        "Note", lambda s: s.note.replace("\n", "  "), tooltip=lambda s: s.note, sort_by="note"
    ),
]


def _confidence_text(a: AssessmentLine) -> str:
    return "  ".join(
        f"{CONFIDENCE_ITEMS.get(k, k).split(' ')[-1]} {v}" for k, v in a.confidence.items()
    )


_POINTS = [p.value for p in AssessmentPoint]


def _point_text(a: AssessmentLine) -> str:
    try:
        return POINT_WORDING[AssessmentPoint(a.point)]
    except ValueError:
        return a.point


ASSESSMENT_COLUMNS = [
    Column[AssessmentLine]("Cohort", lambda a: a.cohort),
    Column[AssessmentLine]("When", _point_text, sort_key=lambda a: _POINTS.index(a.point)),
    Column[AssessmentLine](
        "By", lambda a: "Herself" if a.assessor == "self" else a.assessor.capitalize()
    ),
    Column[AssessmentLine](
        "Completed", lambda a: uk(a.completed_on), sort_key=lambda a: a.completed_on
    ),
    Column[AssessmentLine](
        "Mean confidence",
        lambda a: f"{a.confidence_mean:.1f}" if a.confidence_mean is not None else "",
        sort_key=lambda a: a.confidence_mean,
        right_aligned=True,
        tooltip=lambda a: "\n".join(
            f"{CONFIDENCE_ITEMS.get(k, k)}: {v}" for k, v in a.confidence.items()
        ),
    ),
    Column[AssessmentLine](
        "Skills rated", lambda a: ", ".join(f"{k} ({v})" for k, v in a.skills.items())
    ),
]
EQUALITY_OFF = (
    "Equality monitoring is switched off for her programme. It can be switched on under "
    "Data protection → Equality monitoring."
)
OUTCOME_COLUMNS = [
    Column[OutcomeLine]("Date", lambda o: uk(o.occurred_on), sort_by="occurred_on"),
    Column[OutcomeLine]("Outcome", lambda o: outcome_text(o.kind), sort_by="kind"),
    Column[OutcomeLine]("Cohort", lambda o: o.cohort, sort_by="cohort"),
    Column[OutcomeLine](
        "Role", lambda o: " ".join(x for x in (o.level, o.role) if x), sort_by="role"
    ),
    Column[OutcomeLine](
        "Description",
        lambda o: o.description,
        tooltip=lambda o: o.description,
        sort_by="description",
    ),
]
# Her tabs read a window at a time, filtered and sorted by the database (as every long list).
LAZY_TABS = frozenset({"sessions", "outcomes"})
HISTORY_COLUMNS = [
    Column[HistoryLine]("When", lambda h: uk_time(h.at), sort_key=lambda h: h.at),
    Column[HistoryLine]("Who", lambda h: h.actor),
    Column[HistoryLine]("What", lambda h: h.said),
    Column[HistoryLine]("Record", lambda h: h.entity_id),
    Column[HistoryLine]("Detail", lambda h: h.detail),
]


# What Enter (or a double-click) on a row of each tab opens.
EVENT_COLUMNS = [
    Column[PersonEventRow]("Date", lambda e: uk(e.on_date), sort_key=lambda e: e.on_date),
    Column[PersonEventRow]("Event", lambda e: e.title, bold=lambda e: e.required),
    Column[PersonEventRow]("Cohort", lambda e: e.cohort or "Whole programme"),
    Column[PersonEventRow]("Required", lambda e: "Yes" if e.required else "No"),
    Column[PersonEventRow]("Reply", lambda e: label_of(Rsvp, e.rsvp)),
    Column[PersonEventRow](
        "Attendance",
        lambda e: (
            "Cancelled" if e.cancelled else label_of(AttendanceStatus, e.status) if e.status else ""
        ),
        tone=lambda e: (
            Tone.BAD
            if e.required and e.status and AttendanceStatus(e.status) not in PRESENT_STATUSES
            else None
        ),
    ),
]

_OPENERS = {
    "participations": lambda row, person_id: RecordRef("cohort", row.cohort_id),
    "matches": lambda row, person_id: RecordRef("match", row.id),
    "milestones": lambda row, person_id: RecordRef("milestone", row.id, person_id),
    "events": lambda row, person_id: RecordRef("event", row.event_id),
}


class PersonView(QWidget):
    """Shows one PersonDetail; asks for edits and deletion through signals.

    With a ``context`` its Questionnaires, Skills and Outcomes tabs and the
    equality answers can record through the services; ``recordsChanged``
    then asks for the person to be shown again.
    """

    editRequested = Signal(int)
    deleteRequested = Signal(int)
    openRecord = Signal(object)  # a RecordRef: a cohort, match or milestone of this person
    recordsChanged = Signal(int)

    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personView")
        self.setAccessibleName("Person")
        self.context = context
        self.detail: PersonDetail | None = None
        self.dialog: EqualityDialog | ParticipationDialog | JoinCohortDialog | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 4, 0, 0)
        column.setSpacing(6)

        top = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(2)
        self.name = plain_label(name="personName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        names.addWidget(self.name)
        self.byline = plain_label(name="subtitle")
        self.byline.setWordWrap(True)
        names.addWidget(self.byline)
        top.addLayout(names, 1)
        self.edit_button = button("Ed&it…", "Edit person")
        self.edit_button.clicked.connect(
            lambda: self.detail and self.editRequested.emit(self.detail.id)
        )
        self.delete_button = button("Delete…", "Delete person")
        self.delete_button.clicked.connect(
            lambda: self.detail and self.deleteRequested.emit(self.detail.id)
        )
        # No Alt+letter: the page's letters are all spoken for (Tab reaches it).
        self.message_button = button("Message…", "Message this person")
        self.message_button.clicked.connect(self.open_messages)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)

        # Her page's eleven sections listed down the side, each title whole (along the top
        # they were squeezed to "Pr…" and hid Outcomes and History).
        self.sections = SectionTabs("About this person")
        self.tabs = self.sections.tabs
        column.addWidget(self.sections, 1)

        self.overview = QWidget()
        self.overview_form = QFormLayout(self.overview)
        self.overview_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.overview_form.setHorizontalSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.overview)
        scroll.setAccessibleName("Profile")
        self.tabs.addTab(scroll, "Profile")

        self.models: dict[str, RowsModel[Any] | LazyRowsModel[Any]] = {}
        self.views: dict[str, QTableView] = {}
        self.tab_of: dict[str, int] = {}
        for key, title, columns in (
            ("participations", "Cohorts", PARTICIPATION_COLUMNS),
            ("matches", "Matches", MATCH_COLUMNS),
            ("milestones", "Milestones", MILESTONE_COLUMNS),
            ("sessions", "Sessions", SESSION_COLUMNS),
            ("assessments", "Questionnaires", ASSESSMENT_COLUMNS),
            ("outcomes", "Outcomes", OUTCOME_COLUMNS),
            ("events", "Events", EVENT_COLUMNS),
            ("history", "History", HISTORY_COLUMNS),
        ):
            model: RowsModel[Any] | LazyRowsModel[Any] = (
                self._lazy_model(key, columns) if key in LAZY_TABS else RowsModel(columns, self)
            )
            self.models[key] = model
            if key == "assessments":
                assert isinstance(model, RowsModel)
                self.confidence = ConfidencePanel(context, model)
                self.views[key] = self.confidence.list
                self.tab_of[key] = self.tabs.addTab(self.confidence, title)
                self.skills = SkillsPanel(context)
                self.tabs.addTab(self.skills, "Skills")
                self.feedback = PersonFeedbackPanel(
                    context.services if context else None, context=context
                )
                self.tabs.addTab(self.feedback, "Feedback")
                continue
            if key == "outcomes":
                assert isinstance(model, LazyRowsModel)
                self.outcomes = OutcomesPanel(context, model)
                self.views[key] = self.outcomes.table
                self.tab_of[key] = self.tabs.addTab(self.outcomes, title)
                continue
            view = table_view(f"{title} of this person")
            view.setModel(model)
            opener = _OPENERS.get(key)
            if opener is not None:
                view.activated.connect(
                    lambda index, m=model, o=opener: self._open(
                        o(m.row_at(index), self._person_id())
                    )
                )
            self.views[key] = view
            if key == "participations":
                self.tab_of[key] = self.tabs.addTab(self._places_tab(view), title)
                continue
            if key == "matches":
                self.tab_of[key] = self.tabs.addTab(self._matches_tab(view), title)
                continue
            self.tab_of[key] = self.tabs.addTab(view, title)
        for panel in self._panels():
            panel.recordsChanged.connect(self._records_changed)
        self._lazy_person: int | None = None  # whose rows the lazy tabs hold
        self.show_detail(None)

    def is_loading(self) -> bool:
        """Whether a lazy tab of hers (sessions, outcomes) is still being read (on a worker)."""
        return any(m.is_loading() for m in self.models.values() if isinstance(m, LazyRowsModel))

    def _lazy_model(self, key: str, columns: list[Any]) -> LazyRowsModel[Any]:
        model: LazyRowsModel[Any] = LazyRowsModel(columns, self)
        model.loaded.connect(lambda: fit_columns(self.views[key]))
        model.failed.connect(
            lambda message: dialogs.show_problem(self, f"Cannot show her {key}", message)
        )
        return model

    def _show_lazy(self, model: LazyRowsModel[Any], key: str, person_id: int | None) -> None:
        """Ask for her rows of tab ``key`` (on a worker); never another person's meanwhile."""
        if person_id != self._lazy_person:
            model.clear()
        if person_id is None or self.context is None:
            return
        db = self.context.services.db
        model.set_query(
            SessionList(db, person_id=person_id)
            if key == "sessions"
            else OutcomeList(db, person_id)
        )

    def _places_tab(self, view: QTableView) -> QWidget:
        """Her cohorts, with a button to edit the selected place (a double-click opens the cohort)."""
        holder = QWidget()
        holder.setAccessibleName("Cohorts")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(view, 1)
        row = QHBoxLayout()
        self.join_button = button("&Add to cohort…", "Add to cohort")
        self.join_button.clicked.connect(self.add_to_cohort)
        row.addWidget(self.join_button)
        self.edit_place_button = button("Edit &place…", "Edit cohort place")
        self.edit_place_button.clicked.connect(self.edit_place)
        row.addWidget(self.edit_place_button)
        hint = plain_label("Double-click a cohort to open it.", name="hint")
        row.addWidget(hint)
        row.addStretch(1)
        column.addLayout(row)
        view.selectionModel().selectionChanged.connect(lambda *_: self._place_selection_changed())
        return holder

    def _matches_tab(self, view: QTableView) -> QWidget:
        """Her mentors in words (now, before, when and why) above every match she has had."""
        holder = QWidget()
        holder.setAccessibleName("Matches")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 4, 0, 0)
        self.mentor_history = plain_label(name="mentorHistory")
        self.mentor_history.setAccessibleName("Her mentors")
        self.mentor_history.setWordWrap(True)
        self.mentor_history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.mentor_history)
        column.addWidget(view, 1)
        return holder

    def _show_mentor_history(self, d: PersonDetail | None) -> None:
        places = d.mentee_places if d is not None else ()
        context = self.context
        if d is None or not places or context is None:
            self.mentor_history.setText("")
            self.mentor_history.hide()
            return
        person_id = d.id
        ok, histories = attempt(
            self,
            "Cannot show her mentors",
            lambda: context.services.matches.history_for_person(person_id),
        )
        lines = mentor_history_lines(places, histories or []) if ok else []
        self.mentor_history.setText("\n".join(lines))
        self.mentor_history.setVisible(bool(lines))

    def selected_place(self) -> ParticipationLine | None:
        view = self.views["participations"]
        row = first_selected_row(view)
        if row is None or not view.selectionModel().hasSelection():
            return None
        line: ParticipationLine = self.models["participations"].row_at(row)
        return line

    def _place_selection_changed(self) -> None:
        self.edit_place_button.setEnabled(
            self.context is not None and self.selected_place() is not None
        )

    def edit_place(self) -> None:
        place, context = self.selected_place(), self.context
        if place is None or context is None:
            return
        dialog = open_place_dialog(context, self, place.id)
        if dialog is not None:
            dialog.saved.connect(self._records_changed)
            self.dialog = dialog

    def add_to_cohort(self) -> None:
        """Her place in another cohort: chosen from those she is not in yet."""
        d, context = self.detail, self.context
        if d is None or context is None:
            return
        ok, cohorts = attempt(
            self, "Cannot list the cohorts", lambda: context.services.cohorts.summaries()
        )
        if not ok or cohorts is None:
            return
        joined = {p.cohort_id for p in d.participations}
        dialog = JoinCohortDialog(
            context, d.id, d.display_name, cohorts_to_join(cohorts, joined), self
        )
        dialog.added.connect(lambda _cohort_id: self._records_changed())
        dialog.open()
        self.dialog = dialog

    def _panels(self) -> tuple[ConfidencePanel, SkillsPanel, OutcomesPanel]:
        return (self.confidence, self.skills, self.outcomes)

    def _records_changed(self) -> None:
        if self.detail is not None:
            self.recordsChanged.emit(self.detail.id)

    def _person_id(self) -> int | None:
        return self.detail.id if self.detail is not None else None

    def _open(self, ref: RecordRef) -> None:
        self.openRecord.emit(ref)

    def show_detail(self, detail: PersonDetail | None) -> None:
        # The same place stays chosen when her page is shown again (after saving it, say).
        chosen = self.selected_place()
        same_person = detail is not None and self.detail is not None and self.detail.id == detail.id
        keep_place = chosen.id if chosen is not None and same_person else None
        self.detail = detail
        self.edit_button.setEnabled(detail is not None)
        self.message_button.setEnabled(detail is not None and self.context is not None)
        self.delete_button.setEnabled(detail is not None)
        self.edit_place_button.setEnabled(False)  # until a place is chosen
        self.join_button.setEnabled(detail is not None and self.context is not None)
        for panel in self._panels():
            panel.set_detail(detail)
        self.feedback.show_person(detail.id if detail is not None else None)
        if detail is None:
            self.name.setText("No one selected")
            self.byline.setText("Choose a person in the list to see everything about them.")
            for key, model in self.models.items():
                if isinstance(model, LazyRowsModel):
                    self._show_lazy(model, key, None)
                else:
                    model.set_rows([])
            self._lazy_person = None
            self._fill_overview(None)
            self._show_mentor_history(None)
            return
        self.name.setText(
            detail.display_name + (f"  ({detail.pronouns})" if detail.pronouns else "")
        )
        role = " at ".join(x for x in (detail.job_title, detail.organisation) if x)
        self.byline.setText(" · ".join(x for x in (role, detail.email, detail.phone) if x))
        self.setAccessibleDescription(f"{detail.display_name}, {role}")
        for key, model in self.models.items():
            if isinstance(model, LazyRowsModel):
                self._show_lazy(model, key, detail.id)
            else:
                model.set_rows(getattr(detail, key))
                fit_columns(self.views[key])
            count = len(getattr(detail, key))
            index = self.tab_of[key]
            base = self.tabs.tabText(index).split(" (")[0]
            self.tabs.setTabText(index, f"{base} ({count})" if count else base)
            self.tabs.setTabToolTip(index, self.tabs.tabText(index))
        self._lazy_person = detail.id
        self._fill_overview(detail)
        self._show_mentor_history(detail)
        if keep_place is not None:
            row = self.models["participations"].find(lambda p: p.id == keep_place)
            if row is not None:
                select_row(self.views["participations"], row)

    def _fill_overview(self, d: PersonDetail | None) -> None:
        while self.overview_form.rowCount():
            self.overview_form.removeRow(0)
        if d is None:
            return

        def yes_no(value: bool) -> str:
            return "Yes" if value else "No"

        current = role_at_level(d.current_level, d.current_role)
        target = role_at_level(d.target_level, d.target_role)
        rows = [
            ("Email", d.email),
            ("Phone", d.phone),
            ("Organisation", d.organisation),
            ("Job title", d.job_title),
            ("Region", d.region),
            ("Line manager", d.line_manager_email),
            (
                "Current role",
                f"{current} ({d.current_role_family})" if d.current_role_family else current,
            ),
            (
                "Aiming for",
                f"{target} ({d.target_role_family})" if d.target_role_family else target,
            ),
            ("Wants to grow", ", ".join(d.skills_wanted)),
            ("Offers as a mentor", ", ".join(d.skills_offered)),
            ("Open to remote mentoring", yes_no(d.open_to_remote)),
            ("Consent to store", yes_no(d.consent_to_store)),
            ("Consent to share with sponsor", yes_no(d.consent_to_share_with_sponsor)),
            ("Consent to a case study", yes_no(d.consent_to_case_study)),
            ("Asked not to be contacted", yes_no(d.do_not_contact)),
            ("Notes", d.notes),
            ("Recorded", uk(d.created_at)),
            ("Last changed", uk_time(d.updated_at)),
        ]
        for caption, value in rows:
            text = QLabel(value or "—")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setAccessibleName(caption)
            self.overview_form.addRow(f"{caption}:", text)
        self.overview_form.addRow("Equality monitoring:", self._equality_row(d))

    def _equality_row(self, d: PersonDetail) -> QWidget:
        """The button to her answers, or why there is none (never the answers themselves)."""
        holder = QWidget()
        # The note under the button: beside it, it wrapped a word a line in a narrow pane.
        row = QVBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.equality_button = button("E&quality answers…", "Equality answers")
        self.equality_button.clicked.connect(self.open_equality)
        row.addWidget(self.equality_button, 0, Qt.AlignmentFlag.AlignLeft)
        if not d.equality_collecting:
            note = EQUALITY_OFF
            self.equality_button.setEnabled(False)
            self.equality_button.setToolTip(note)
        elif d.equality_recorded_at is not None:
            note = f"Answered on {uk(d.equality_recorded_at)}; kept apart."
        else:
            note = "Not answered yet. Answering is optional."
        self.equality_button.setEnabled(d.equality_collecting and self.context is not None)
        self.equality_note = plain_label(note, name="hint")
        self.equality_note.setWordWrap(True)
        self.equality_note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row.addWidget(self.equality_note)
        row.addStretch(1)
        return holder

    def open_messages(self) -> None:
        """The Messages dialog, addressed to her (a template chosen there, previewed, sent)."""
        d, context = self.detail, self.context
        if d is None or context is None:
            return
        from women_in_ddat.ui.messages_dialog import MessagesDialog

        self.messages_dialog = MessagesDialog(context.services, self, person_email=d.email)
        self.messages_dialog.open()

    def open_equality(self) -> None:
        d, context = self.detail, self.context
        if d is None or context is None:
            return
        ok, status = attempt(
            self,
            "Cannot show the equality answers",
            lambda: context.services.personal_data.equality_status(d.id),
        )
        if not ok or status is None:
            return
        if not status.collecting:
            dialogs.inform(self, "Equality answers", EQUALITY_OFF)
            return
        dialog = EqualityDialog(context, d, status, self)
        dialog.saved.connect(self._records_changed)
        dialog.open()
        self.dialog = dialog
