"""Questionnaires that come back by themselves: PDF forms filled as readers fill them, and Forms exports.

Every test fills real forms written by the app, reads them back through
pypdf exactly as a coordinator's collection does, and checks where each
answer landed in the database: on the right person and point, once.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from tests.matching.builders import cohort, join, person
from women_in_ddat.domain.enums import AssessmentPoint, ParticipantRole
from women_in_ddat.domain.models import Assessment, AssessmentScore, Feedback
from women_in_ddat.domain.questionnaire_items import FEEDBACK_QUESTIONS, skill_question
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.importing.questionnaire_files import preview_returns
from women_in_ddat.reports.questionnaire_forms import write_forms
from women_in_ddat.services.development import DevelopmentService
from women_in_ddat.services.questionnaires import QuestionnaireService

BASE, MID, END = AssessmentPoint.BASELINE, AssessmentPoint.MID, AssessmentPoint.END
ANALYST = dict(
    organisation="Kent County Council",
    family="Product and delivery",
    role="business analyst",
    level="Junior",
    target_family="Product and delivery",
    target_role="business analyst",
    target_level="Senior",
)


@pytest.fixture
def programme(services):
    c = cohort(services, "Essex 2026")
    places = {
        name: join(
            services, c, person(services, f"{name}@kent.gov.uk", **ANALYST), ParticipantRole.MENTEE
        )
        for name in ("ann", "bea", "cat")
    }
    places["dee"] = join(
        services,
        c,
        person(services, "dee@essex.gov.uk", organisation="Essex County Council"),
        ParticipantRole.MENTOR,
        capacity=2,
    )
    return c, places


@pytest.fixture
def quest(services) -> QuestionnaireService:
    return services.questionnaires


def forms_by_owner(folder: Path) -> dict[str, Path]:
    """{'ann': path, ...} from the written forms' pre-filled name field."""
    found = {}
    for path in folder.glob("*.pdf"):
        name = PdfReader(str(path)).get_fields()["name"]["/V"]
        found[str(name).split()[0].lower()] = path
    return found


def fill(
    source: Path, target: Path, values: dict[str, str], *, need_appearances: bool = False
) -> Path:
    """Fill a form as a PDF reader would: each field's value, and the chosen button turned on.

    ``need_appearances``: leave drawing the answers to whoever opens it next, as some
    readers and tools do (the values are all that is read back).
    """
    writer = PdfWriter(clone_from=str(source))
    radios = {name for name, f in writer.get_fields().items() if f.get("/FT") == "/Btn"}
    # A reader stores a radio choice as a PDF name (/4) and turns that button's appearance on.
    named = {name: f"/{value}" if name in radios else value for name, value in values.items()}
    writer.update_page_form_field_values(None, named, auto_regenerate=need_appearances)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


def fill_with_pikepdf(source: Path, target: Path, values: dict[str, str]) -> Path:
    """A second tool: pikepdf sets the values and draws its own appearance streams (qpdf's)."""
    import pikepdf
    from pikepdf.form import DefaultAppearanceStreamGenerator, Form, RadioButtonGroup

    with pikepdf.open(source) as pdf:
        form = Form(pdf, DefaultAppearanceStreamGenerator)
        for name, value in values.items():
            field = form[name]
            field.value = (
                pikepdf.Name(f"/{value}") if isinstance(field, RadioButtonGroup) else value
            )
        pdf.save(target)
    return target


def mentee_answers(confidence: int, skill: str, *, skip: str = "") -> dict[str, str]:
    values = {
        f"conf_{item}": str(confidence)
        for item in ("ddat_skills", "speaking_up", "senior_role", "network", "leadership")
    }
    values.pop(skip, None)
    values["skill_business_analysis"] = skill
    return values


FEEDBACK = {
    "fb_satisfaction": "4",
    "fb_recommend": "9",
    "fb_what_changed": "I applied for a senior post – and got an interview.",
    "fb_what_should_change": "More time with mentors",
    "fb_quote": "It gave me the push I needed.",
    "fb_quote_consent": "role",
}


def scores(services, place: int, point: AssessmentPoint) -> dict[tuple[str, str], int]:
    with services.db.reading() as session:
        rows = session.execute(
            select(AssessmentScore.kind, AssessmentScore.item, AssessmentScore.score)
            .join(Assessment, Assessment.id == AssessmentScore.assessment_id)
            .where(Assessment.participation_id == place, Assessment.point == point.value)
        ).all()
    return {(kind, item): score for kind, item, score in rows}


def score_rows(services) -> int:
    with services.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(AssessmentScore)) or 0)


def test_filled_forms_land_once_on_the_right_person_and_point(
    services, quest, programme, tmp_path
) -> None:
    c, places = programme
    written = write_forms(services, c, MID, tmp_path / "out")
    assert len(written) == 4  # three mentees and, at the mid-point, the mentor
    forms = forms_by_owner(tmp_path / "out")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill(forms["ann"], inbox / "ann.pdf", {**mentee_answers(4, "working"), **FEEDBACK})
    # Bea left one statement blank; the rest of hers is saved.
    fill(
        forms["bea"],
        inbox / "bea.pdf",
        mentee_answers(2, "awareness", skip="conf_network"),
        need_appearances=True,
    )
    # Cat's form saved by a second tool, which draws the answers its own way, and sent twice.
    fill_with_pikepdf(
        forms["cat"], inbox / "cat.pdf", {**mentee_answers(5, "expert"), "fb_satisfaction": "5"}
    )
    shutil.copy(inbox / "cat.pdf", inbox / "cat (2).pdf")
    fill(forms["dee"], inbox / "dee.pdf", {"fb_satisfaction": "3", "fb_recommend": "6"})

    preview = preview_returns(services, [inbox])
    by_name = {i.source: i for i in preview.items}
    assert all(i.valid for i in preview.items), [i.problems for i in preview.items]
    assert by_name["bea.pdf"].missing[0] == "I have a professional network I can draw on"
    assert [by_name[n].already_saved for n in ("cat (2).pdf", "cat.pdf")].count(True) == 1

    result = quest.collect(preview, source_name="inbox")
    assert result.saved == 4
    ann, bea, cat, dee = (places[n] for n in ("ann", "bea", "cat", "dee"))
    assert scores(services, ann, MID) == {
        **{
            ("confidence", i): 4
            for i in ("ddat_skills", "speaking_up", "senior_role", "network", "leadership")
        },
        ("skill", "Business analysis"): 2,
    }
    assert scores(services, bea, MID)[("confidence", "ddat_skills")] == 2
    assert ("confidence", "network") not in scores(services, bea, MID)
    assert scores(services, cat, MID)[("confidence", "leadership")] == 5
    assert scores(services, cat, MID)[("skill", "Business analysis")] == 4
    assert scores(services, dee, MID) == {}  # a mentor gives feedback, not confidence
    for point in (BASE, END):
        assert all(scores(services, p, point) == {} for p in places.values())
    # 6 + 5 + 6 answers, once each: cat's second copy added nothing.
    assert score_rows(services) == 17
    feedback = {f.participation_id: f for f in _feedback(services)}
    assert set(feedback) == {ann, cat, dee}
    assert (feedback[ann].satisfaction, feedback[ann].recommend) == (4, 9)
    assert feedback[ann].what_changed == FEEDBACK["fb_what_changed"]
    assert (feedback[ann].quote_consent, feedback[ann].role) == ("role", "mentee")
    assert feedback[ann].consent_on is not None
    assert (feedback[dee].role, feedback[dee].satisfaction, feedback[dee].recommend) == (
        "mentor",
        3,
        6,
    )

    # Collected again: every one is already saved, nothing changes.
    again = preview_returns(services, [inbox])
    assert all(i.already_saved for i in again.items)
    assert quest.collect(again, source_name="inbox").saved == 0
    assert score_rows(services) == 17


def _feedback(services) -> list[Feedback]:
    with services.db.reading() as session:
        return list(session.scalars(select(Feedback)))


def test_a_form_filled_twice_differently_or_by_someone_else_is_refused(
    services, quest, programme, tmp_path
) -> None:
    c, places = programme
    write_forms(services, c, BASE, tmp_path / "out")
    forms = forms_by_owner(tmp_path / "out")
    assert set(forms) == {"ann", "bea", "cat"}  # no baseline form for a mentor
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill(forms["ann"], inbox / "ann.pdf", mentee_answers(3, "working"))
    fill(forms["ann"], inbox / "ann again.pdf", mentee_answers(4, "working"))
    fill(forms["bea"], inbox / "bea.pdf", {**mentee_answers(2, "working"), "name": "Cat Tester"})
    fill(forms["cat"], inbox / "cat.pdf", {**mentee_answers(5, "expert"), "name": "Cathy T"})
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4 not a form")

    preview = preview_returns(services, [inbox])
    problems = {i.source: i.problems for i in preview.items}
    assert (
        "filled in twice" in problems["ann.pdf"][0]
        and "filled in twice" in problems["ann again.pdf"][0]
    )
    assert "written for Bea Tester but filled in as Cat Tester" in problems["bea.pdf"][0]
    assert problems["cat.pdf"] == ()  # her own form, her name written another way: shown
    assert "the name on the form reads 'Cathy T'" in next(
        i.notes for i in preview.items if i.source == "cat.pdf"
    )
    assert len(preview.unread) == 1 and preview.unread[0].startswith("notes.pdf")

    with pytest.raises(InvalidInput, match="nothing was saved"):
        quest.collect(preview, source_name="inbox")
    assert score_rows(services) == 0
    dry = quest.collect(preview, source_name="inbox", skip_invalid=True, dry_run=True)
    assert (dry.saved, dry.skipped, score_rows(services)) == (1, 3, 0)
    done = quest.collect(preview, source_name="inbox", skip_invalid=True)
    assert (done.saved, done.skipped) == (1, 3)
    assert set(scores(services, places["cat"], BASE).values()) == {5, 4}
    assert score_rows(services) == 6


def test_undo_puts_back_what_was_typed_and_refuses_after_a_later_edit(
    services, quest, programme, tmp_path
) -> None:
    c, places = programme
    dev = DevelopmentService(services.db, services.actor)
    dev.record_confidence(places["ann"], BASE, {"network": 1})
    write_forms(services, c, BASE, tmp_path / "out")
    forms = forms_by_owner(tmp_path / "out")
    fill(forms["ann"], tmp_path / "ann.pdf", mentee_answers(3, "working"))
    fill(forms["bea"], tmp_path / "bea.pdf", mentee_answers(2, "working"))
    first = quest.collect(preview_returns(services, [tmp_path / "ann.pdf"]), source_name="ann.pdf")
    assert scores(services, places["ann"], BASE)[("confidence", "network")] == 3
    assert quest.undo(int(first.collection_id or 0)) == 1
    assert scores(services, places["ann"], BASE) == {("confidence", "network"): 1}
    with pytest.raises(Conflict, match="undone already"):
        quest.undo(int(first.collection_id or 0))

    second = quest.collect(preview_returns(services, [tmp_path / "bea.pdf"]), source_name="bea.pdf")
    dev.record_confidence(places["bea"], BASE, {"network": 5})  # typed over it afterwards
    with pytest.raises(Conflict, match="nothing was undone"):
        quest.undo(int(second.collection_id or 0))
    assert scores(services, places["bea"], BASE) == {
        ("confidence", "network"): 5,
        ("skill", "Business analysis"): 2,
    }


def forms_export(path: Path, header_extra: list[str], rows: list[list[object]]) -> Path:
    """A Microsoft Forms response export as Forms writes it: its own columns, then the questions."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *header_extra])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_microsoft_forms_export_lands_by_email_and_pairs_with_the_baseline(
    services, quest, programme, tmp_path
) -> None:
    c, places = programme
    dev = DevelopmentService(services.db, services.actor)
    for name in ("ann", "bea"):
        dev.record_confidence(places[name], BASE, {"speaking_up": 2, "network": 2})
    questions = [
        "I am confident in my DDaT skills.",  # a full stop added when pasted
        "i am confident speaking up and being visible",
        "I have a professional network I can draw on",
        skill_question("Business analysis").upper(),
        FEEDBACK_QUESTIONS["satisfaction"],
        FEEDBACK_QUESTIONS["recommend"],
        FEEDBACK_QUESTIONS["quote"],
        FEEDBACK_QUESTIONS["quote_consent"],
        "Anything else?",
        "Email address",  # asked of guests, whom Forms records as anonymous
    ]
    path = forms_export(
        tmp_path / "Mentoring mid-point questionnaire(1-3).xlsx",
        questions,
        [
            [1, "24/06/2026 09:29:01", "24/06/2026 09:41:12", "ann@kent.gov.uk", "Ann Tester",
             "Agree", "Strongly agree", "4", "Practitioner", "Very satisfied", 10, "Brilliant.",
             "Yes, with my name", "no"],
            # Forms' own xlsx holds a date cell where a re-saved copy holds UK text.
            [2, "25/06/2026 14:02:00", datetime(2026, 6, 25, 14, 10, 59), "BEA@kent.gov.uk", "Bea Tester",
             "Disagree", "3 Neither agree nor disagree", "Strongly disagree", "", "Satisfied", 7,
             "", "", ""],
            [3, "26/06/2026 08:00:00", "26/06/2026 08:05:00", "someone@else.org", "Someone",
             "Agree", "Agree", "Agree", "", "Satisfied", 8, "", "", ""],
            [4, "27/06/2026 08:00:00", "27/06/2026 08:05:00", "anonymous", "", "Agree", "", "", "",
             "", "", "", "", "", "", "Cat@Kent.gov.uk"],
        ],
    )  # fmt: skip
    preview = preview_returns(services, [path])
    assert preview.unmatched_columns == (f"{path.name}: Anything else?",)
    by_row = {i.source.split(" (")[0]: i for i in preview.items}
    assert "nobody here has the email address" in by_row[f"{path.name} row 4"].problems[0]
    ann = by_row[f"{path.name} row 2"]
    assert (ann.point, ann.person_name, ann.completed_on.isoformat()) == (
        "mid",
        "Ann Tester",
        "2026-06-24",
    )
    assert "skill: Business analysis" in by_row[f"{path.name} row 3"].missing
    assert str(by_row[f"{path.name} row 3"].completed_on) == "2026-06-25"

    with pytest.raises(InvalidInput):
        quest.collect(preview, source_name=path.name)
    quest.collect(preview, source_name=path.name, skip_invalid=True)
    assert scores(services, places["ann"], MID) == {
        ("confidence", "ddat_skills"): 4,
        ("confidence", "speaking_up"): 5,
        ("confidence", "network"): 4,
        ("skill", "Business analysis"): 3,
    }
    assert scores(services, places["bea"], MID) == {
        ("confidence", "ddat_skills"): 2,
        ("confidence", "speaking_up"): 3,
        ("confidence", "network"): 1,
    }
    fb = {f.participation_id: f for f in _feedback(services)}
    assert (
        fb[places["ann"]].satisfaction,
        fb[places["ann"]].recommend,
        fb[places["ann"]].quote_consent,
    ) == (5, 10, "name")
    assert str(fb[places["ann"]].completed_on) == "2026-06-24"
    # Paired change exactly as for typed answers: ann 2 -> 5, bea 2 -> 3 on speaking up.
    change = {i.item: i for i in dev.cohort_confidence(c, later=MID).items}
    assert change["speaking_up"].people == 2 and change["speaking_up"].mean_change == 2.0
    assert change["network"].mean_change == pytest.approx(0.5)
    summary = quest.feedback_summary(c)
    # 10 is a promoter, 7 a passive: (1 - 0) of 2 answers.
    assert (summary.responses, summary.mean_satisfaction, summary.nps) == (2, 4.5, 50.0)


def test_outstanding_lists_who_has_not_returned_her_form(
    services, quest, programme, tmp_path
) -> None:
    c, places = programme
    write_forms(services, c, MID, tmp_path / "out")
    forms = forms_by_owner(tmp_path / "out")
    fill(forms["ann"], tmp_path / "ann.pdf", mentee_answers(3, "working"))
    quest.collect(preview_returns(services, [tmp_path / "ann.pdf"]), source_name="ann.pdf")
    [waiting] = quest.outstanding(c)
    assert (waiting.point, waiting.written) == ("mid", 4)
    assert sorted(name for _, name in waiting.people) == ["Bea Tester", "Cat Tester", "Dee Tester"]


def test_the_dashboard_chases_unreturned_questionnaires_per_cohort_and_point(
    services, quest, programme, tmp_path
) -> None:
    from women_in_ddat.services.attention import AttentionKind
    from women_in_ddat.services.dashboard import DashboardService

    c, places = programme
    write_forms(services, c, BASE, tmp_path / "base")
    write_forms(services, c, MID, tmp_path / "mid")
    forms = forms_by_owner(tmp_path / "base")
    fill(forms["ann"], tmp_path / "ann.pdf", mentee_answers(3, "working"))
    quest.collect(preview_returns(services, [tmp_path / "ann.pdf"]), source_name="ann.pdf")
    groups = [
        g
        for g in DashboardService(services.db, services.actor).needs_attention()
        if g.kind is AttentionKind.QUESTIONNAIRE_OUTSTANDING
    ]
    assert sorted(g.detail for g in groups) == [
        "mid-point: 4 of 4 not returned",
        "start of programme: 2 of 3 not returned",
    ]
    baseline = next(g for g in groups if g.detail.startswith("start"))
    assert [i.headline for i in baseline.most_urgent] == ["Bea Tester", "Cat Tester"]
    assert baseline.opens.id == c and baseline.most_urgent[0].opens.kind == "person"


def test_a_google_forms_csv_and_a_withdrawn_quote(services, quest, programme, tmp_path) -> None:
    c, places = programme
    path = tmp_path / "Mentoring end of programme questionnaire (Responses) - Form responses 1.csv"
    header = [
        "Timestamp",
        "Email address",
        "I see myself as a leader in DDaT",
        FEEDBACK_QUESTIONS["quote"],
        FEEDBACK_QUESTIONS["quote_consent"],
    ]
    rows = [header, ["30/06/2026 10:00:00", "cat@kent.gov.uk", "5 Strongly agree",
                     "Zoë's words: “it worked”", "Yes, anonymously"]]  # fmt: skip
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    preview = preview_returns(services, [path])
    [item] = preview.items
    assert (item.point, item.completed_on, item.confidence) == (
        "end",
        date(2026, 6, 30),
        {"leadership": 5},
    )
    quest.collect(preview, source_name=path.name)
    [fb] = quest.feedback_of_person(_person_of(services, places["cat"]))
    assert (fb.quote, fb.publishable_as) == ("Zoë's words: “it worked”", "anonymous")
    assert quest.feedback_summary(c).quotes_publishable == 1
    quest.withdraw_quote_consent(places["cat"], END)
    [fb] = quest.feedback_of_person(_person_of(services, places["cat"]))
    assert fb.publishable_as == "none" and fb.consent_withdrawn_on == date.today()
    assert quest.feedback_summary(c).quotes_publishable == 0


def _person_of(services, place: int) -> int:
    from women_in_ddat.domain.models import Participation

    with services.db.reading() as session:
        return int(session.get(Participation, place).person_id)


def test_a_name_beyond_latin1_is_printed_and_her_form_still_comes_back(
    services, quest, programme, tmp_path
) -> None:
    from women_in_ddat.services.people import PersonInput

    c, _ = programme
    created = services.people.create(
        PersonInput(email="lucja@kent.gov.uk", first_name="Łucja", last_name="Wiśniewska-Şahin",
                    organisation="Kent County Council")
    )  # fmt: skip
    place = join(services, c, int(created.id), ParticipantRole.MENTEE)
    write_forms(services, c, BASE, tmp_path / "out")
    [form] = [p for p in (tmp_path / "out").glob("*.pdf") if "ucja" in p.name]
    text = PdfReader(str(form)).pages[0].extract_text()
    assert "This form is for Łucja Wiśniewska-Şahin." in text
    fill(form, tmp_path / "back.pdf", mentee_answers(3, "working"))
    preview = preview_returns(services, [tmp_path / "back.pdf"])
    assert preview.items[0].person_name == "Łucja Wiśniewska-Şahin" and preview.items[0].valid
    quest.collect(preview, source_name="x")
    assert scores(services, place, BASE)[("confidence", "leadership")] == 3


def test_a_question_left_blank_keeps_the_answer_typed_in_before(
    services, quest, programme, tmp_path
) -> None:
    c, places = programme
    dev = DevelopmentService(services.db, services.actor)
    dev.record_confidence(places["ann"], MID, {"network": 1, "leadership": 2})
    write_forms(services, c, MID, tmp_path / "out")
    forms = forms_by_owner(tmp_path / "out")
    fill(forms["ann"], tmp_path / "ann.pdf", mentee_answers(4, "working", skip="conf_network"))
    preview = preview_returns(services, [tmp_path / "ann.pdf"])
    result = quest.collect(preview, source_name="ann.pdf")
    saved = scores(services, places["ann"], MID)
    assert saved[("confidence", "network")] == 1  # left blank: the typed answer stays
    assert saved[("confidence", "leadership")] == 4  # answered: replaces the typed one
    quest.undo(int(result.collection_id or 0))
    assert scores(services, places["ann"], MID) == {
        ("confidence", "network"): 1,
        ("confidence", "leadership"): 2,
    }


def test_her_feedback_reads_mid_point_then_end(services, quest, programme) -> None:
    from women_in_ddat.services.questionnaires import ReturnedAnswers

    c, places = programme
    for point in (END, MID):  # the end collected first
        answers = ReturnedAnswers("row", {"feedback:satisfaction": 4}, email="ann@kent.gov.uk")
        quest.collect(quest.preview([answers], point=point, cohort_id=c), source_name="x")
    rows = quest.feedback_of_person(_person_of(services, places["ann"]))
    assert [r.point for r in rows] == ["mid", "end"]


def test_a_quote_given_again_at_the_end_is_printed_once(services, quest, programme) -> None:
    from women_in_ddat.services.questionnaires import ReturnedAnswers

    c, places = programme
    said = {"feedback:quote_consent": "anonymous", "feedback:satisfaction": 5}
    for point, quote in (
        (MID, "It gave me the push I needed."),
        (END, "It gave me the push I needed"),
    ):
        answers = ReturnedAnswers("row", {**said, "feedback:quote": quote}, email="ann@kent.gov.uk")
        quest.collect(quest.preview([answers], point=point, cohort_id=c), source_name="x")
    answers = ReturnedAnswers(
        "row", {**said, "feedback:quote": "Brilliant."}, email="bea@kent.gov.uk"
    )
    quest.collect(quest.preview([answers], point=END, cohort_id=c), source_name="x")
    quotes = quest.publishable_quotes([c])
    assert [(q.text, q.point, q.attribution) for q in quotes] == [
        ("It gave me the push I needed.", "mid", "A mentee"),
        ("Brilliant.", "end", "A mentee"),
    ]
