"""The first page: what needs attention today, and every cohort at a glance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.enums import CONFIDENCE_ITEMS, CohortStatus
from women_in_ddat.services.dashboard import (
    AttentionGroup,
    AttentionKind,
    CohortOverview,
    Dashboard,
    RecordRef,
    SignalRef,
)
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.base import (
    ElidedTextTooltips,
    Page,
    button,
    page_layout,
    section_title,
)
from women_in_ddat.ui.text import safe_tooltip
from women_in_ddat.ui.theme import Tone, tone_colour
from women_in_ddat.ui.widgets.charts import ConfidenceChart, MilestoneBar, PipelineChart
from women_in_ddat.ui.widgets.forms import uk

REF_ROLE = Qt.ItemDataRole.UserRole + 2
ABOUT_SHARE = 0.55  # of the tree's width at most, so Details always has room

# The template a group's people are most likely to need.
_TEMPLATE_FOR = {
    AttentionKind.MILESTONE_OVERDUE: "reminder",
    AttentionKind.IMPORT_PAST_DUE: "reminder",
    AttentionKind.MATCH_QUIET: "nudge",
    # "You will hear about your match": the plainest word to a mentee still waiting for one.
    AttentionKind.MENTEE_UNMATCHED: "welcome",
    # With the group's point chosen, so each gets her own form again.
    AttentionKind.QUESTIONNAIRE_OUTSTANDING: "questionnaire",
}

# Short labels for the confidence statements, for the chart.
CONFIDENCE_SHORT = {
    "ddat_skills": "DDaT skills",
    "speaking_up": "Speaking up",
    "senior_role": "Senior role",
    "network": "Network",
    "leadership": "Leadership",
}

_KIND_TONE = {
    AttentionKind.MILESTONE_OVERDUE: Tone.BAD,
    AttentionKind.IMPORT_PAST_DUE: Tone.WARN,
    AttentionKind.MENTEE_UNMATCHED: Tone.BAD,
    AttentionKind.MATCH_QUIET: Tone.WARN,
    AttentionKind.MATCH_ON_HOLD: Tone.WARN,
    AttentionKind.MATCH_ENDED_EARLY: Tone.BAD,
    AttentionKind.COHORT_ENDING: Tone.WARN,
    AttentionKind.OUTCOME_FOLLOW_UP: Tone.NEUTRAL,
    AttentionKind.EVENT_MISSED: Tone.BAD,
    AttentionKind.EVENT_NO_REPLY: Tone.WARN,
    AttentionKind.QUESTIONNAIRE_OUTSTANDING: Tone.NEUTRAL,
}


class AttentionTree(QTreeView):
    """Each signal, then its cohorts, then the most urgent few records by name.

    Enter (or a double-click) on a cohort's row opens the page its records
    belong to, filtered to that cohort and signal; on a named record, that
    record.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Needs attention")
        self.setObjectName("attentionList")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setRootIsDecorated(True)
        self.setAllColumnsShowFocus(True)
        self.setItemDelegate(ElidedTextTooltips(self))  # a cut-short Details says it in full
        self.model_ = QStandardItemModel(self)
        self.model_.setHorizontalHeaderLabels(["About", "Details"])
        self.setModel(self.model_)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self._about_width = 420

    def show_groups(self, grouped: dict[AttentionKind, list[AttentionGroup]]) -> None:
        self.model_.removeRows(0, self.model_.rowCount())
        bold = QFont(self.font())
        bold.setBold(True)
        first_group: QStandardItem | None = None
        for kind, groups in grouped.items():
            if not groups:
                continue
            total = sum(g.count for g in groups)
            where = f"{len(groups)} cohort{'s' if len(groups) != 1 else ''}"
            heading = QStandardItem(f"{kind.label}: {total:,}")
            heading.setFont(bold)
            heading.setForeground(tone_colour(_KIND_TONE[kind], self.palette()))
            heading.setAccessibleText(f"{kind.label}: {total:,} in {where}")
            for group in groups:
                row = self._group_row(group, bold)
                heading.appendRow(row)
                first_group = first_group or row[0]
            self.model_.appendRow([heading, QStandardItem(where)])
        self.expandAll()
        self.resizeColumnToContents(0)
        self._about_width = self.columnWidth(0) + 20
        self._fit_about_column()
        if first_group is not None:
            self.setCurrentIndex(first_group.index())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_about_column()

    def _fit_about_column(self) -> None:
        """About as wide as its names, but never so wide that Details is squeezed out of sight."""
        room = int(self.viewport().width() * ABOUT_SHARE)
        self.setColumnWidth(0, max(min(self._about_width, 420, room), 120))

    def details_of(self, index: QModelIndex) -> str:
        """The current row's About and Details in full (the Details column is often cut short)."""
        if not index.isValid():
            return ""
        about = index.siblingAtColumn(0).data() or ""
        detail = index.siblingAtColumn(1).data() or ""
        return f"{about}: {detail}" if detail else str(about)

    @staticmethod
    def _group_row(group: AttentionGroup, bold: QFont) -> list[QStandardItem]:
        about = QStandardItem(group.headline)
        about.setData(group.opens, REF_ROLE)
        detail = QStandardItem(group.detail)
        detail.setData(group.opens, REF_ROLE)
        where = group.opens.describe() if isinstance(group.opens, SignalRef) else group.headline
        hint = f"Press Enter to see {where}." if group.most_urgent else "Press Enter to open it."
        about.setToolTip(safe_tooltip(f"{group.headline}\n{group.detail}\n{hint}"))
        for item in group.most_urgent:
            named = QStandardItem(item.headline)
            named.setData(item.opens, REF_ROLE)
            named.setToolTip(safe_tooltip(f"{item.headline}\n{item.detail}\nPress Enter to open."))
            named_detail = QStandardItem(item.detail)
            named_detail.setData(item.opens, REF_ROLE)
            about.appendRow([named, named_detail])
        if group.more:
            more = QStandardItem(f"… and {group.more:,} more")
            more.setData(group.opens, REF_ROLE)
            more.setToolTip(safe_tooltip(hint))
            more_detail = QStandardItem(f"Press Enter to see them all: {where}")
            more_detail.setData(group.opens, REF_ROLE)
            about.appendRow([more, more_detail])
        return [about, detail]

    def ref_at(self, index: QModelIndex) -> RecordRef | None:
        ref = index.data(REF_ROLE)
        return ref if isinstance(ref, RecordRef) else None

    def group_count(self) -> int:
        return sum(
            self.model_.rowCount(self.model_.index(r, 0)) for r in range(self.model_.rowCount())
        )


class CohortCard(QFrame):
    def __init__(self, overview: CohortOverview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.cohort_id = overview.cohort_id
        self.setAccessibleName(f"Cohort {overview.name}")
        # Minimum, not Maximum: wrapped notes need more height than the card's size hint says.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 10, 14, 12)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        name = section_title(overview.name)
        name.setWordWrap(True)  # the cards share the page's width with Needs attention
        grid.addWidget(name, 0, 0, 1, 2)
        dates = (
            f"{uk(overview.start_date)} – {uk(overview.end_date)}"
            if overview.start_date
            else "no dates yet"
        )
        status = QLabel(f"{CohortStatus(overview.status).label} · {dates}")
        status.setObjectName("hint")
        grid.addWidget(status, 1, 0, 1, 2)

        pipeline = overview.pipeline
        grid.addWidget(self._caption("Mentee pipeline"), 2, 0)
        chart = PipelineChart()
        chart.set_stages(pipeline.stages())
        grid.addWidget(chart, 3, 0)
        aside = []
        if pipeline.applied:
            aside.append(f"{pipeline.applied} applied, not yet accepted")
        if pipeline.withdrawn:
            aside.append(f"{pipeline.withdrawn} withdrawn")
        if aside:
            note = QLabel("; ".join(aside))
            note.setObjectName("hint")
            grid.addWidget(note, 4, 0)

        ms = overview.milestones
        grid.addWidget(self._caption("Milestones"), 2, 1)
        right = QVBoxLayout()
        right.setSpacing(4)
        if ms.counted:
            share = f"{ms.completion:.0%}" if ms.completion is not None else "–"
            text = f"{ms.done:,} of {ms.counted:,} done ({share})"
            if ms.overdue:
                text += f" · {ms.overdue:,} overdue"
        elif ms.left_out:
            text = "No milestones counted"
        else:
            text = "No milestones yet"
        milestone_label = _wrapping(QLabel(text))
        milestone_label.setToolTip(ms.describe())
        right.addWidget(milestone_label)
        if ms.counted or ms.left_out:
            counts = QLabel(ms.describe())
            counts.setObjectName("hint")
            counts.setWordWrap(True)
            right.addWidget(counts)
        bar = MilestoneBar()
        bar.set_counts(ms.done, ms.open, ms.overdue)
        right.addWidget(bar)
        sessions = overview.sessions
        session_text = (
            f"{sessions.count} session{'s' if sessions.count != 1 else ''} held · {sessions.minutes / 60:.1f} hours"
            + (f" · last {uk(sessions.last)}" if sessions.last else "")
            if sessions.count
            else "No sessions logged yet"
        )
        right.addSpacing(6)
        right.addWidget(self._caption("Mentoring sessions"))
        right.addWidget(_wrapping(QLabel(session_text)))
        right.addStretch(1)
        grid.addLayout(right, 3, 1, 2, 1)

        confidence = overview.confidence
        grid.addWidget(
            _wrapping(self._caption("Self-rated confidence (1–5), baseline to latest")), 5, 0, 1, 2
        )
        if confidence.paired and confidence.change is not None:
            summary = QLabel(
                f"Mean {confidence.baseline_mean:.1f} → {confidence.latest_mean:.1f} "
                f"({confidence.change:+.1f}), {confidence.paired} mentee{'s' if confidence.paired != 1 else ''} "
                "answered both"
            )
            grid.addWidget(_wrapping(summary), 6, 0, 1, 2)
            chart_c = ConfidenceChart()
            chart_c.set_items(
                [
                    (CONFIDENCE_SHORT.get(item, CONFIDENCE_ITEMS.get(item, item)), before, after)
                    for item, (before, after, _n) in confidence.per_item.items()
                ]
            )
            grid.addWidget(chart_c, 7, 0, 1, 2)
        else:
            none = QLabel("No mentee has answered both a baseline and a later questionnaire yet.")
            none.setObjectName("hint")
            none.setWordWrap(True)
            grid.addWidget(none, 6, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label


class DashboardPage(Page):
    title = "Dashboard"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.subtitle = QLabel()
        column, header = page_layout(self, self.title, self.subtitle)
        self.message_button = button("&Message them…", "Message the people of this group")
        self.message_button.setToolTip(
            "Write to everyone in the group chosen under Needs attention "
            "(previewed before anything is sent)"
        )
        self.message_button.clicked.connect(self.message_group)
        header.addWidget(self.message_button)
        body = QHBoxLayout()
        body.setSpacing(16)
        column.addLayout(body, 1)

        left = QVBoxLayout()
        self.attention_title = section_title("Needs attention")
        left.addWidget(self.attention_title)
        self.attention = AttentionTree()
        self.attention.activated.connect(self._open)
        self.attention.doubleClicked.connect(self._open)
        self.attention.selectionModel().currentChanged.connect(self._current_changed)
        left.addWidget(self.attention, 1)
        self.all_clear = QLabel("Nothing needs your attention today.")
        self.all_clear.setObjectName("hint")
        self.all_clear.hide()
        left.addWidget(self.all_clear)
        # The chosen row in full: the Details column is cut short, and this line is read out.
        self.details_line = QLabel()
        self.details_line.setObjectName("attentionDetails")
        self.details_line.setTextFormat(Qt.TextFormat.PlainText)
        self.details_line.setWordWrap(True)
        self.details_line.setAccessibleName("Details of the chosen row")
        self.details_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.details_line)
        hint = QLabel(
            "Each cohort's row names the most urgent few: press Enter on it to see them all, "
            "or on a name to open that record."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        left.addWidget(hint)
        body.addLayout(left, 11)

        right = QVBoxLayout()
        right.addWidget(section_title("Cohorts at a glance"))
        self.cards_holder = QWidget()
        self.cards = QVBoxLayout(self.cards_holder)
        self.cards.setContentsMargins(0, 0, 6, 0)
        self.cards.setSpacing(12)
        scroll = QScrollArea()
        scroll.setObjectName("cohortCards")
        scroll.setAccessibleName("Cohorts at a glance")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.cards_holder)
        right.addWidget(scroll, 1)
        body.addLayout(right, 9)
        self.dashboard: Dashboard | None = None

    def refresh(self, today: date | None = None) -> None:
        # On a worker: at 100,000 people the groups and cards take a second to count.
        dashboards = self.context.dashboard
        self.load_in_background("dashboard", lambda: dashboards.dashboard(today), self._show)

    def _show(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        today = dashboard.today
        self.subtitle.setText(f"{today:%A} {today.day} {today:%B %Y}")
        grouped = self.dashboard.attention_by_kind()
        self.attention.show_groups(grouped)
        self._current_changed()
        count = len(self.dashboard.attention)
        self.attention_title.setText(f"Needs attention ({count})" if count else "Needs attention")
        self.attention.setVisible(bool(count))
        self.all_clear.setVisible(not count)
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from the page now, deleted when Qt is idle
                widget.deleteLater()
        for overview in self.dashboard.cohorts:
            self.cards.addWidget(CohortCard(overview))
        if not self.dashboard.cohorts:
            empty = QLabel(
                "No cohorts yet. Create one on the Cohorts page, or import a spreadsheet."
            )
            empty.setObjectName("hint")
            empty.setWordWrap(True)
            self.cards.addWidget(empty)
        self.cards.addStretch(1)

    def _current_changed(self, *_args: object) -> None:
        details = self.attention.details_of(self.attention.currentIndex())
        self.details_line.setText(details)
        self.details_line.setVisible(bool(details))
        self.attention.setAccessibleDescription(details)
        ref = self.attention.ref_at(self.attention.currentIndex())
        self.message_button.setEnabled(ref is not None and _names_people(ref))

    def message_group(self) -> None:
        """The Messages dialog for the people of the chosen group (or the named record)."""
        from women_in_ddat.ui import dialogs
        from women_in_ddat.ui.messages_dialog import MessagesDialog

        ref = self.attention.ref_at(self.attention.currentIndex())
        today = self.dashboard.today if self.dashboard else None
        group = self.context.services.attention_people.people_of(ref, today) if ref else None
        if group is None or not group.person_ids:
            dialogs.inform(
                self,
                "Message them",
                "Choose a group of people under Needs attention first (overdue milestones, "
                "mentees not matched, quiet matches, matches on hold or ended early, "
                "questionnaires not returned, or a named person).",
            )
            return
        self.dialog = MessagesDialog(
            self.context.services,
            self,
            selection=(list(group.person_ids), group.description),
        )
        if isinstance(ref, SignalRef) and ref.signal in _TEMPLATE_FOR:
            self.dialog.set_template(_TEMPLATE_FOR[ref.signal])
            if ref.point:
                self.dialog.set_point(ref.point)
        self.dialog.open()

    def _open(self, index: QModelIndex) -> None:
        ref = self.attention.ref_at(index)
        if ref is not None:
            self.openRecord.emit(ref)


def _wrapping(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    return label


def _names_people(ref: RecordRef) -> bool:
    """Whether the group (or record) is about people she can write to."""
    from women_in_ddat.services.attention_people import (
        MATCH_SIGNALS,
        MILESTONE_SIGNALS,
        PEOPLE_SIGNALS,
    )

    if isinstance(ref, SignalRef):
        return ref.signal in MILESTONE_SIGNALS + MATCH_SIGNALS + PEOPLE_SIGNALS
    return ref.person_id is not None
