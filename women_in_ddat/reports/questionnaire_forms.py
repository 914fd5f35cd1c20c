"""Fillable PDF questionnaires: one per person, filled in any PDF reader and emailed back.

Each form carries a hidden field holding a random key (``form_id``) that
finds her again when it comes back (``importing.questionnaire_files``);
her name is pre-filled in a field she can correct, so that a form filled
in by someone else shows. Choices are radio groups whose export values
are the answers themselves (1 to 5, 0 to 10, a skill level, a consent),
so every reader saves the same values whatever it draws.
"""

from __future__ import annotations

from pathlib import Path

from women_in_ddat.domain.enums import CONFIDENCE_ITEMS, AssessmentPoint, SkillLevel
from women_in_ddat.domain.questionnaire_items import (
    CONFIDENCE_LABELS,
    CONFIDENCE_PREFIX,
    FEEDBACK_PREFIX,
    FEEDBACK_QUESTIONS,
    FORM_ID_FIELD,
    NAME_FIELD,
    POINT_TITLES,
    QUOTE,
    QUOTE_CONSENT,
    QUOTE_CONSENT_LABELS,
    RECOMMEND,
    RECOMMEND_MAX,
    RECOMMEND_MIN,
    SATISFACTION,
    SATISFACTION_LABELS,
    SKILL_PREFIX,
    WHAT_CHANGED,
    WHAT_SHOULD_CHANGE,
)
from women_in_ddat.services.jobs import NO_PROGRESS, Progress
from women_in_ddat.services.questionnaires import FormToWrite, field_token

_MARGIN = 50.0
_RADIO = 13
# A statement with its line of choices and their captions: kept on one page.
_QUESTION_SPACE = 62
_RADIO_FLAGS = "noToggleToOff radio"


def form_file_name(form: FormToWrite) -> str:
    """``mid - Jane Smith - 3f2a9c.pdf``: her name for the coordinator, the key's start to tell two apart."""
    from women_in_ddat.reports.text import name_character

    safe = "".join(c if name_character(c) or c in " -'" else "_" for c in form.name).strip()
    safe = safe or "form"
    return f"{form.point} - {safe[:80]} - {form.form_key[:6]}.pdf"


def _latin1_or_blank(text: str) -> str:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return ""
    return text


def write_form(form: FormToWrite, target: Path) -> None:
    """Write one fillable form to ``target`` (a private file, replaced atomically)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from women_in_ddat.reports.fonts import BOLD, REGULAR, register_fonts
    from women_in_ddat.storage.atomic import atomic_path

    register_fonts()
    with atomic_path(target, what="questionnaire form") as tmp:
        c = canvas.Canvas(str(tmp), pagesize=A4)
        c.setTitle(f"Questionnaire: {POINT_TITLES.get(form.point, form.point)}")
        _FormPage(c, A4, REGULAR, BOLD).draw(form)
        c.save()


class _FormPage:
    def __init__(self, c, size: tuple[float, float], regular: str, bold: str) -> None:  # type: ignore[no-untyped-def]
        self.c = c
        self.width, self.height = size
        self.regular, self.bold = regular, bold
        self.y = self.height - _MARGIN

    def need(self, space: float) -> None:
        if self.y - space < _MARGIN:
            self.c.showPage()
            self.y = self.height - _MARGIN

    def text(self, text: str, *, size: float = 10, bold: bool = False, gap: float = 4) -> None:
        from reportlab.lib.utils import simpleSplit

        font = self.bold if bold else self.regular
        lines = simpleSplit(text, font, size, self.width - 2 * _MARGIN)
        self.need(len(lines) * (size + 3) + gap)
        self.c.setFont(font, size)
        for line in lines:
            self.y -= size + 3
            self.c.drawString(_MARGIN, self.y, line)
        self.y -= gap

    def name_line(self, name: str) -> None:
        """Whose form this is: her name shaped, or in a fallback font, like every report's."""
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        from women_in_ddat.reports.text import TextGuard

        guard = TextGuard()
        markup = f"This form is for {guard.name(name, 'her name')}."
        if guard.warnings:
            markup += " (Some characters of the name could not be printed.)"
        style = ParagraphStyle("name", fontName=self.regular, fontSize=10, leading=13)
        line = Paragraph(markup, style)
        _width, height = line.wrapOn(self.c, self.width - 2 * _MARGIN, self.height)
        self.need(height + 4)
        self.y -= height
        line.drawOn(self.c, _MARGIN, self.y)
        self.y -= 4

    def radios(self, name: str, choices: list[tuple[str, str]], *, width: float) -> None:
        """One radio group on a line: each choice's button with its caption beneath."""
        self.need(_RADIO + 26)
        self.y -= _RADIO + 4
        x = _MARGIN
        for value, caption in choices:
            self.c.acroForm.radio(
                name=name,
                value=value,
                selected=False,
                x=x,
                y=self.y,
                size=_RADIO,
                buttonStyle="circle",
                borderStyle="solid",
                fieldFlags=_RADIO_FLAGS,
                tooltip=caption,
            )
            self._caption(caption, x, width - 4)
            x += width
        self.y -= 26

    def _caption(self, caption: str, x: float, width: float) -> None:
        from reportlab.lib.utils import simpleSplit

        self.c.setFont(self.regular, 7)
        for n, line in enumerate(simpleSplit(caption, self.regular, 7, width)[:2]):
            self.c.drawString(x, self.y - 9 - 8 * n, line)

    def text_field(self, name: str, *, height: float, value: str = "", maxlen: int = 2000) -> None:
        self.need(height + 8)
        self.y -= height
        self.c.acroForm.textfield(
            name=name,
            value=value,
            x=_MARGIN,
            y=self.y,
            width=self.width - 2 * _MARGIN,
            height=height,
            maxlen=maxlen,
            fieldFlags="multiline" if height > 24 else "",
            fontSize=10,
            borderStyle="inset",
        )
        self.y -= 8

    def draw(self, form: FormToWrite) -> None:
        c = self.c
        # The key, invisible and unprintable: what finds her again.
        c.acroForm.textfield(
            name=FORM_ID_FIELD,
            value=form.form_key,
            x=0,
            y=0,
            width=1,
            height=1,
            annotationFlags="hidden",
            fieldFlags="readOnly",
            maxlen=64,
        )
        title = POINT_TITLES.get(form.point, form.point)
        self.text(f"{form.cohort}: {title} questionnaire", size=15, bold=True, gap=6)
        self.text(
            "Please fill this form in on screen (Adobe Reader, Edge or a browser), save it, "
            "and email it back. Choose one answer on each line; leave out any you prefer not "
            "to answer.",
            size=9,
            gap=8,
        )
        self.name_line(form.name)
        self.text("Your name", bold=True, gap=2)
        # Form fields draw with the PDF's standard fonts, which hold Latin-1 only: a
        # name beyond it (Ł, ş, Cyrillic) is printed above and left for her to type.
        self.text_field(NAME_FIELD, height=20, value=_latin1_or_blank(form.name), maxlen=200)
        if form.confidence_items:
            self.text("How far do you agree?", size=12, bold=True, gap=4)
            choices = [(str(n), f"{n} {label}") for n, label in CONFIDENCE_LABELS.items()]
            for item in form.confidence_items:
                self.need(_QUESTION_SPACE)
                self.text(CONFIDENCE_ITEMS[item], gap=0)
                self.radios(f"{CONFIDENCE_PREFIX}{item}", choices, width=98)
        if form.skills:
            self.text("Your skills for the role you are aiming at", size=12, bold=True, gap=4)
            levels = [(level.value, level.label) for level in SkillLevel]
            for skill in form.skills:
                self.need(_QUESTION_SPACE)
                self.text(skill, gap=0)
                self.radios(f"{SKILL_PREFIX}{field_token(skill)}", levels, width=98)
        if form.feedback:
            self._feedback()

    def _feedback(self) -> None:
        self.need(_QUESTION_SPACE + 20)
        self.text("Your feedback", size=12, bold=True, gap=4)
        self.text(FEEDBACK_QUESTIONS[SATISFACTION], gap=0)
        self.radios(
            f"{FEEDBACK_PREFIX}{SATISFACTION}",
            [(str(n), f"{n} {label}") for n, label in SATISFACTION_LABELS.items()],
            width=98,
        )
        self.need(_QUESTION_SPACE)
        self.text(FEEDBACK_QUESTIONS[RECOMMEND], gap=0)
        self.radios(
            f"{FEEDBACK_PREFIX}{RECOMMEND}",
            [(str(n), str(n)) for n in range(RECOMMEND_MIN, RECOMMEND_MAX + 1)],
            width=40,
        )
        for key in (WHAT_CHANGED, WHAT_SHOULD_CHANGE, QUOTE):
            self.need(_QUESTION_SPACE + 50)  # a question stays on the page of its answer box
            self.text(FEEDBACK_QUESTIONS[key], gap=2)
            self.text_field(f"{FEEDBACK_PREFIX}{key}", height=60)
        self.need(_QUESTION_SPACE)
        self.text(FEEDBACK_QUESTIONS[QUOTE_CONSENT], gap=0)
        self.radios(
            f"{FEEDBACK_PREFIX}{QUOTE_CONSENT}",
            list(QUOTE_CONSENT_LABELS.items()),
            width=124,
        )


def write_forms(  # type: ignore[no-untyped-def]
    services,
    cohort_id: int,
    point: AssessmentPoint,
    out_dir: Path,
    progress: Progress = NO_PROGRESS,
) -> list[Path]:
    """One form per person of the cohort into ``out_dir`` (a private folder), recorded once all are written.

    Cancelled (``progress``) or failing part-way, the forms written so far are removed.
    """
    from women_in_ddat.services.questionnaires import QuestionnaireService
    from women_in_ddat.storage.atomic import make_private_folder

    service = QuestionnaireService(services.db, services.actor)
    forms = service.forms_to_write(cohort_id, point)
    from women_in_ddat.errors import FileProblem
    from women_in_ddat.storage.atomic import describe_os_error

    try:
        make_private_folder(Path(out_dir))
        if not Path(out_dir).is_dir():
            raise NotADirectoryError(20, "Not a directory")
    except OSError as exc:
        raise FileProblem(
            f"Cannot write the forms into {out_dir}: {describe_os_error(exc)}; nothing was written."
        ) from None
    written: list[Path] = []
    try:
        for done, form in enumerate(forms):
            progress.step(done, len(forms), "")
            target = Path(out_dir) / form_file_name(form)
            write_form(form, target)
            written.append(target)
        service.record_forms(forms)
    except BaseException:
        # A half-written set would send out forms this programme cannot recognise.
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
