"""The matching page: a cohort's suggested matches with their reasons, and the decisions.

Three tabs:
- Suggestions: the optimal assignment of the cohort's open mentees (nothing
  is saved until the coordinator accepts), each pair's fit and reasons, and
  the mentees left unmatched with why. Accept, accept and pin, or choose
  another mentor (an override, which asks for the reason).
- Current matches: pin or unpin, swap the mentors of two proposed matches.
- Rematch: mentees whose match ended early, with the reason; choose a
  mentor for one.

Suggesting a cohort of hundreds takes well under a second (see
tests/benchmarks/bench_matching.py), so it runs on the GUI thread behind a
wait cursor rather than as a background task.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.enums import CohortStatus, MatchStatus
from women_in_ddat.services.matching_service import (
    CohortMatch,
    CohortSuggestions,
    MenteeSuggestions,
    ProposalRef,
    RematchRow,
    SuggestedPair,
    UnmatchedRow,
)
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import (
    Page,
    button,
    name_buttons_by_their_text,
    selected_items,
    table_view,
)
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import uk

TITLE = "Matching"
# Cohorts still taking matches come first in the list.
OPEN_COHORTS = (
    CohortStatus.IN_PROGRESS.value,
    CohortStatus.INTAKE_CLOSED.value,
    CohortStatus.INTAKE_OPEN.value,
    CohortStatus.DRAFT.value,
)


def _table(model: RowsModel[Any], name: str, *, multi: bool = False) -> QTableView:
    view = table_view(name, multi_select=multi, object_name=name, model=model)
    # Until there are rows, fit the columns to their titles (Qt's default
    # width cuts "Suggested mentor" short).
    view.resizeColumnsToContents()
    return view


def _button(text: str, handler: Callable[[], None], *, primary: bool = False) -> QPushButton:
    widget = button(text, primary=primary)
    widget.clicked.connect(handler)
    return widget


def _section(text: str) -> QLabel:
    label = plain_label(text, name="sectionTitle")
    return label


class MentorChoiceDialog(QDialog):
    """Choose a mentor other than the suggestion, and say why (the reason is kept).

    OK emits ``chosen``; the page closes the dialog once the match is saved, so a
    refusal or a failure leaves her choice and reason on screen to try again.
    """

    chosen = Signal()

    def __init__(self, ranked: MenteeSuggestions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mentorChoiceDialog")
        self.setWindowTitle("Choose a mentor")
        self.ranked = ranked
        column = QVBoxLayout(self)
        column.addWidget(plain_label(f"Mentor for {ranked.mentee_name}", name="sectionTitle"))
        column.addWidget(
            plain_label(
                "Mentors the hard rules allow, best fit first. Your reason is kept with the match, "
                "and the match is pinned so later suggestions leave it alone.",
                name="hint",
            )
        )
        self.mentors = QListWidget()
        self.mentors.setObjectName("mentorChoices")
        self.mentors.setAccessibleName("Mentors")
        for option in ranked.options:
            item = QListWidgetItem(f"{option.mentor_name} — fit {option.score}/100")
            item.setData(Qt.ItemDataRole.UserRole, option.mentor_participation_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, "\n".join(option.reasons))
            self.mentors.addItem(item)
        for excluded in ranked.excluded:
            if excluded.hard:
                continue  # never offered: no one may make this match
            item = QListWidgetItem(f"{excluded.mentor_name} — {'; '.join(excluded.why)}")
            item.setData(Qt.ItemDataRole.UserRole, excluded.mentor_participation_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, "; ".join(excluded.why))
            self.mentors.addItem(item)
        column.addWidget(self.mentors, 2)
        self.reasons = QPlainTextEdit()
        self.reasons.setObjectName("choiceReasons")
        self.reasons.setReadOnly(True)
        self.reasons.setAccessibleName("Why this mentor fits")
        self.reasons.setMaximumHeight(110)
        column.addWidget(self.reasons)
        column.addWidget(plain_label("Your reason for this choice (required)"))
        self.rationale = QPlainTextEdit()
        self.rationale.setObjectName("rationale")
        self.rationale.setAccessibleName("Reason for this choice")
        self.rationale.setMaximumHeight(80)
        column.addWidget(self.rationale)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Make this match")
        self.buttons.accepted.connect(self.chosen.emit)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.mentors.currentItemChanged.connect(self._update)
        self.rationale.textChanged.connect(self._update)
        if self.mentors.count():
            self.mentors.setCurrentRow(0)
        self._update()
        self.resize(560, 520)

    def chosen_mentor(self) -> int | None:
        item = self.mentors.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def rationale_text(self) -> str:
        return self.rationale.toPlainText().strip()

    def _update(self) -> None:
        item = self.mentors.currentItem()
        self.reasons.setPlainText(
            "" if item is None else str(item.data(Qt.ItemDataRole.UserRole + 1))
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(item is not None and bool(self.rationale_text()))


class MatchingPage(Page):
    title = TITLE

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("matchingPage")
        self.services = context.services
        self.matching = context.services.matching
        self.suggestions: CohortSuggestions | None = None
        self.choice_dialog: MentorChoiceDialog | None = None
        self._build()
        self.refresh()
        self._stale = False
        name_buttons_by_their_text(self)

    # --- layout ------------------------------------------------------------
    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 14, 18, 10)
        header = QHBoxLayout()
        heading = plain_label(TITLE, name="pageTitle")
        header.addWidget(heading)
        header.addSpacing(16)
        cohort_label = QLabel("C&ohort")
        header.addWidget(cohort_label)
        self.cohort_box = QComboBox()
        cohort_label.setBuddy(self.cohort_box)
        self.cohort_box.setObjectName("cohort")
        self.cohort_box.setAccessibleName("Cohort")
        self.cohort_box.setMinimumWidth(260)
        self.cohort_box.currentIndexChanged.connect(self._cohort_changed)
        header.addWidget(self.cohort_box)
        self.reconsider = QCheckBox("Also re&consider proposed matches that are not pinned")
        self.reconsider.setObjectName("reconsider")
        self.reconsider.setAccessibleName("Also reconsider proposed matches that are not pinned")
        header.addWidget(self.reconsider)
        header.addStretch(1)
        self.suggest_button = _button("&Suggest matches", self.suggest_and_show, primary=True)
        header.addWidget(self.suggest_button)
        column.addLayout(header)
        self.summary = plain_label("", name="hint")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("matchingTabs")
        self.tabs.addTab(self._build_suggestions_tab(), "Su&ggestions")
        self.tabs.addTab(self._build_current_tab(), "C&urrent matches")
        self.tabs.addTab(self._build_rematch_tab(), "Rema&tch")
        column.addWidget(self.tabs, 1)

    def _build_suggestions_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        reasons = lambda p: "\n".join(p.reasons)  # noqa: E731 (shared tooltip)
        self.pairs_model: RowsModel[SuggestedPair] = RowsModel(
            [
                Column("Mentee", lambda p: p.mentee_name, tooltip=reasons),
                Column("Suggested mentor", lambda p: p.mentor_name, tooltip=reasons),
                Column(
                    "Fit",
                    lambda p: f"{p.score}/100",
                    sort_key=lambda p: p.score,
                    bold=lambda p: True,
                    tooltip=reasons,
                    right_aligned=True,
                ),
                *(
                    Column(
                        title,
                        _aspect_text(aspect),
                        sort_key=_aspect_key(aspect),
                        tooltip=reasons,
                        right_aligned=True,
                    )
                    for aspect, title in ASPECTS
                ),
                Column("Note", _pair_note, tooltip=reasons),
            ]
        )
        self.pairs_view = _table(self.pairs_model, "suggestions", multi=True)
        self.pairs_view.selectionModel().selectionChanged.connect(self._show_pair_reasons)
        self.reasons_view = QPlainTextEdit()
        self.reasons_view.setObjectName("reasons")
        self.reasons_view.setReadOnly(True)
        self.reasons_view.setAccessibleName("Why this mentor")
        self.reasons_view.setPlaceholderText("Select a suggestion to see why it fits.")
        buttons = QHBoxLayout()
        self.accept_selected_button = _button("&Accept selected", self.accept_selected)
        self.accept_all_button = _button("Accept a&ll", self.accept_all)
        self.pin_selected_button = _button("Accept and &pin", self.pin_selected)
        self.choose_button = _button("Choose a&nother mentor…", self.choose_for_selected)
        for b in (
            self.accept_selected_button,
            self.accept_all_button,
            self.pin_selected_button,
            self.choose_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.unmatched_model: RowsModel[UnmatchedRow] = RowsModel(
            [
                Column("Mentee", lambda u: u.mentee_name),
                Column("Why unmatched", lambda u: u.why, tooltip=lambda u: u.why),
            ]
        )
        self.unmatched_view = _table(self.unmatched_model, "unmatched")
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_column = QVBoxLayout(top)
        top_column.setContentsMargins(0, 0, 0, 0)
        top_column.addWidget(self.pairs_view, 3)
        top_column.addLayout(buttons)
        top_column.addWidget(self.reasons_view, 1)
        bottom = QWidget()
        bottom_column = QVBoxLayout(bottom)
        bottom_column.setContentsMargins(0, 0, 0, 0)
        self.unmatched_title = _section("Unmatched")
        bottom_column.addWidget(self.unmatched_title)
        bottom_column.addWidget(self.unmatched_view)
        bottom_buttons = QHBoxLayout()
        bottom_buttons.addWidget(_button("Choose a &mentor…", self.choose_for_unmatched))
        bottom_buttons.addStretch(1)
        bottom_column.addLayout(bottom_buttons)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        column.addWidget(splitter)
        return tab

    def _build_current_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.matches_model: RowsModel[CohortMatch] = RowsModel(
            [
                Column("Mentee", lambda m: m.mentee_name),
                Column("Mentor", lambda m: m.mentor_name),
                Column("Status", lambda m: MatchStatus(m.status).label),
                Column("Pinned", lambda m: "Pinned" if m.pinned else ""),
                Column(
                    "Rationale",
                    lambda m: m.rationale.replace("\n", " "),
                    tooltip=lambda m: m.rationale,
                ),
            ]
        )
        self.matches_view = _table(self.matches_model, "currentMatches", multi=True)
        self.matches_view.selectionModel().selectionChanged.connect(self._update_match_buttons)
        column.addWidget(self.matches_view)
        buttons = QHBoxLayout()
        self.pin_button = _button("&Pin", lambda: self.set_pinned(True))
        self.unpin_button = _button("U&npin", lambda: self.set_pinned(False))
        self.swap_button = _button("S&wap mentors", self.swap_selected)
        self.start_button = _button("Start &match", self.start_selected)
        self.start_button.setToolTip(
            "The pair has met: the selected proposed matches are active from today."
        )
        for b in (self.start_button, self.pin_button, self.unpin_button, self.swap_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        column.addLayout(buttons)
        hint = plain_label(
            f"{NEXT_STEP} Start makes the selected ones active from today (to give another "
            "day, use Change status on Matches). Pinned matches are kept when matches are "
            "suggested again. Only proposed matches (not yet started) can swap mentors.",
            name="hint",
        )
        hint.setWordWrap(True)  # a long line would widen the page past the window
        column.addWidget(hint)
        return tab

    def _build_rematch_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(
            plain_label("Mentees whose match ended early and who have no mentor now.", name="hint")
        )
        self.rematch_model: RowsModel[RematchRow] = RowsModel(
            [
                Column("Mentee", lambda r: r.mentee_name),
                Column("Cohort", lambda r: r.cohort),
                Column(
                    "Ended",
                    lambda r: uk(r.ended_on),
                    sort_key=lambda r: r.ended_on,
                ),
                Column("Previous mentor", lambda r: r.previous_mentor_name),
                Column("Why it ended", lambda r: r.reason, tooltip=lambda r: r.reason),
            ]
        )
        self.rematch_view = _table(self.rematch_model, "rematch")
        column.addWidget(self.rematch_view)
        buttons = QHBoxLayout()
        buttons.addWidget(_button("Choose a &mentor…", self.choose_for_rematch))
        buttons.addStretch(1)
        column.addLayout(buttons)
        return tab

    # --- loading -------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the cohorts, the current matches and the rematch list."""
        wanted = self.current_cohort_id()
        # Statuses, not summaries: their head counts scan every place (a frame's time at 100,000).
        ordered = sorted(
            (c for c in self.services.cohorts.statuses() if c[2] != CohortStatus.CANCELLED.value),
            key=lambda c: (
                c[2] not in OPEN_COHORTS,
                OPEN_COHORTS.index(c[2]) if c[2] in OPEN_COHORTS else 0,
                c[1].casefold(),
            ),
        )
        self.cohort_box.blockSignals(True)
        self.cohort_box.clear()
        for cohort_id, name, status in ordered:
            self.cohort_box.addItem(f"{name} ({CohortStatus(status).label.lower()})", cohort_id)
        position = self.cohort_box.findData(wanted) if wanted is not None else 0
        self.cohort_box.setCurrentIndex(max(position, 0) if ordered else -1)
        self.cohort_box.blockSignals(False)
        self._load_cohort_lists()

    def current_cohort_id(self) -> int | None:
        data = self.cohort_box.currentData()
        return int(data) if data is not None else None

    def select_cohort(self, cohort_id: int) -> None:
        position = self.cohort_box.findData(cohort_id)
        if position >= 0:
            self.cohort_box.setCurrentIndex(position)

    def _cohort_changed(self) -> None:
        self._clear_suggestions("Press Suggest matches to see the best assignment for this cohort.")
        self._load_cohort_lists()

    def _load_cohort_lists(self) -> None:
        """The cohort's current matches and rematch list, read on a worker: a cohort of
        2,500 mentees took a tenth of a second."""
        cohort_id = self.current_cohort_id()
        self.suggest_button.setEnabled(cohort_id is not None)
        matching = self.matching

        def read() -> tuple[int | None, list[CohortMatch], list[RematchRow]]:
            if cohort_id is None:
                return None, [], []
            return cohort_id, matching.cohort_matches(cohort_id), matching.rematch_list(cohort_id)

        self.load_in_background("cohort lists", read, self._show_cohort_lists)

    def _show_cohort_lists(
        self, lists: tuple[int | None, list[CohortMatch], list[RematchRow]]
    ) -> None:
        cohort_id, matches, rematch = lists
        if cohort_id != self.current_cohort_id():
            return  # another cohort was chosen meanwhile: its lists follow
        has_cohort = cohort_id is not None
        self.matches_model.set_rows(matches)
        self.rematch_model.set_rows(rematch)
        self.tabs.setTabText(2, f"Rema&tch ({len(rematch)})" if rematch else "Rema&tch")
        self.tabs.setTabText(1, f"C&urrent matches ({len(self.matches_model.rows)})")
        for view in (self.matches_view, self.rematch_view):
            view.resizeColumnsToContents()
        self._update_match_buttons()
        if not has_cohort:
            self._clear_suggestions("There are no cohorts yet.")

    def _clear_suggestions(self, message: str) -> None:
        self.suggestions = None
        self.pairs_model.set_rows([])
        self.unmatched_model.set_rows([])
        self.reasons_view.clear()
        self.summary.setText(message)
        self._update_buttons()

    # --- suggesting ------------------------------------------------------------------
    def suggest_and_show(self) -> None:
        """Suggest for the chosen cohort and bring the Suggestions tab forward to show them."""
        self.tabs.setCurrentIndex(0)
        self.suggest()

    def suggest(self) -> None:
        cohort_id = self.current_cohort_id()
        if cohort_id is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok, result = attempt(
                self,
                "Suggest matches",
                lambda: self.matching.suggest_for_cohort(
                    cohort_id, reconsider_unpinned=self.reconsider.isChecked()
                ),
            )
        finally:
            QGuiApplication.restoreOverrideCursor()
        if ok and result is not None:
            self._show_suggestions(result)

    def _show_suggestions(self, s: CohortSuggestions) -> None:
        self.suggestions = s
        self.pairs_model.set_rows(s.pairs)
        # Resetting the rows clears the selection without saying so: the reasons
        # shown belong to a pair that may be gone.
        self.reasons_view.clear()
        self.unmatched_model.set_rows(s.unmatched)
        self.pairs_view.resizeColumnsToContents()
        self.unmatched_view.resizeColumnsToContents()
        self.unmatched_title.setText(f"Unmatched ({len(s.unmatched)})")
        parts = []
        if s.pairs:
            parts.append(
                f"{len(s.pairs)} suggested match{'es' if len(s.pairs) != 1 else ''}, "
                f"total fit {s.total_fit} (the most mentees matched, then the best total fit)."
            )
        else:
            parts.append("No matches to suggest.")
        if s.unmatched:
            parts.append(f"{len(s.unmatched)} cannot be matched (see Unmatched).")
        if s.kept:
            parts.append(f"{s.kept} keep their current match.")
        if s.pairs:
            parts.append("Nothing is saved until you accept.")
        self.summary.setText(" ".join(parts))
        if s.pairs:
            self.pairs_view.selectRow(0)
        self._update_buttons()

    def _show_pair_reasons(self) -> None:
        chosen = selected_items(self.pairs_view, self.pairs_model)
        if len(chosen) == 1:
            pair = chosen[0]
            lines = [
                f"{pair.mentee_name} with {pair.mentor_name}: fit {pair.score}/100",
                *pair.reasons,
            ]
            if pair.rematch_reason:
                lines.append(f"Rematch: her last match ended early ({pair.rematch_reason}).")
            if pair.replaces is not None:
                lines.append("Accepting replaces her unpinned proposed match.")
            self.reasons_view.setPlainText("\n".join(lines))
        else:
            self.reasons_view.setPlainText(f"{len(chosen)} suggestions selected." if chosen else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = len(selected_items(self.pairs_view, self.pairs_model))
        self.accept_selected_button.setEnabled(chosen > 0)
        self.pin_selected_button.setEnabled(chosen > 0)
        self.choose_button.setEnabled(chosen == 1)
        self.accept_all_button.setEnabled(
            bool(self.suggestions and (self.suggestions.pairs or self.suggestions.releases))
        )

    # --- decisions ---------------------------------------------------------------
    def accept_selected(self) -> None:
        self._accept(selected_items(self.pairs_view, self.pairs_model), pin=False)

    def pin_selected(self) -> None:
        self._accept(selected_items(self.pairs_view, self.pairs_model), pin=True)

    def accept_all(self) -> None:
        if self.suggestions is None:
            return
        self._accept(list(self.suggestions.pairs), pin=False, release=self.suggestions.releases)

    def _accept(
        self, pairs: Sequence[SuggestedPair], *, pin: bool, release: Sequence[ProposalRef] = ()
    ) -> None:
        if not pairs and not release:
            return
        ok, created = attempt(
            self,
            "Accept matches",
            lambda: self.matching.accept(pairs, release=release, pin=pin),
        )
        if ok:
            count = len(created or [])
            self._changed(
                f"{count} match{'es' if count != 1 else ''} accepted"
                f"{' and pinned' if pin else ''}, saved as proposed. {NEXT_STEP}"
            )

    def start_selected(self) -> None:
        chosen = selected_items(self.matches_view, self.matches_model)
        if not chosen or not all(m.status == MatchStatus.PROPOSED.value for m in chosen):
            return
        ok, _ = attempt(
            self,
            "Start match",
            lambda: self.services.matches.start_proposed({m.id: m.version for m in chosen}),
        )
        if ok:
            self._changed(
                f"{len(chosen)} match{'es' if len(chosen) != 1 else ''} started: active from today."
            )

    def _update_match_buttons(self) -> None:
        chosen = selected_items(self.matches_view, self.matches_model)
        self.start_button.setEnabled(
            bool(chosen) and all(m.status == MatchStatus.PROPOSED.value for m in chosen)
        )

    def set_pinned(self, pinned: bool) -> None:
        chosen = selected_items(self.matches_view, self.matches_model)
        if not chosen:
            return

        ok, _ = attempt(
            self,
            "Pin" if pinned else "Unpin",
            lambda: self.matching.set_pinned_many(
                {match.id: match.version for match in chosen}, pinned
            ),
        )
        if ok:
            self._changed(
                f"{len(chosen)} match{'es' if len(chosen) != 1 else ''} {'pinned' if pinned else 'unpinned'}."
            )

    def swap_selected(self) -> None:
        chosen = selected_items(self.matches_view, self.matches_model)
        if len(chosen) != 2:
            dialogs.show_problem(
                self, "Swap mentors", "Select exactly two proposed matches to swap their mentors."
            )
            return
        ok, _ = attempt(
            self, "Swap mentors", lambda: self.matching.swap(chosen[0].id, chosen[1].id)
        )
        if ok:
            self._changed("Mentors swapped.")

    def choose_for_selected(self) -> None:
        chosen = selected_items(self.pairs_view, self.pairs_model)
        if len(chosen) == 1:
            self.open_choice_dialog(chosen[0].mentee_participation_id)

    def choose_for_unmatched(self) -> None:
        chosen = selected_items(self.unmatched_view, self.unmatched_model)
        if chosen:
            self.open_choice_dialog(chosen[0].mentee_participation_id)

    def choose_for_rematch(self) -> None:
        chosen = selected_items(self.rematch_view, self.rematch_model)
        if chosen:
            self.open_choice_dialog(chosen[0].mentee_participation_id)

    def open_choice_dialog(self, mentee_participation_id: int) -> MentorChoiceDialog | None:
        """Open (not exec) the mentor choice for one mentee; the override is made on OK."""
        ok, ranked = attempt(
            self,
            "Choose a mentor",
            lambda: self.matching.suggest_for_mentee(mentee_participation_id),
        )
        if not ok or ranked is None:
            return None
        dialog = MentorChoiceDialog(ranked, self)
        dialog.chosen.connect(lambda: self._override_from(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.choice_dialog = dialog
        dialog.open()
        return dialog

    def _override_from(self, dialog: MentorChoiceDialog) -> None:
        mentor = dialog.chosen_mentor()
        if mentor is None:
            return
        mentee = dialog.ranked.mentee_participation_id
        ok, _ = attempt(
            self,
            "Choose a mentor",
            lambda: self.matching.override(mentee, mentor, dialog.rationale_text()),
        )
        if ok:
            dialog.accept()
            self._changed("Match made with your reason recorded; it is pinned.")

    def _changed(self, message: str) -> None:
        self.context.changed(self)
        had_suggestions = self.suggestions is not None
        self._load_cohort_lists()
        if had_suggestions:
            self.suggest()
            self.summary.setText(f"{message} {self.summary.text()}")
        else:
            self.summary.setText(message)


NEXT_STEP = "Proposed: start each match under Current matches (Start match) when the pair has met."

ASPECTS = (
    ("role", "Role"),
    ("level", "Level"),
    ("skills", "Skills"),
    ("place", "Place"),
    ("capacity", "Capacity"),
)


def _aspect_text(aspect: str) -> Callable[[SuggestedPair], str]:
    def text(pair: SuggestedPair) -> str:
        points = pair.points_for(aspect)
        return f"{points[0]}/{points[1]}" if points else ""

    return text


def _aspect_key(aspect: str) -> Callable[[SuggestedPair], int | None]:
    def key(pair: SuggestedPair) -> int | None:
        points = pair.points_for(aspect)
        return points[0] if points else None

    return key


def _pair_note(pair: SuggestedPair) -> str:
    if pair.rematch_reason:
        return "Rematch"
    if pair.replaces is not None:
        return "Replaces proposed"
    return ""
