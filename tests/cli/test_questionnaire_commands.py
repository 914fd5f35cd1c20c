"""``questionnaire forms / collect / undo / questions`` and the two exports, as a script runs them."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from tests.cli.test_commands import cli
from tests.services.test_questionnaires import FEEDBACK, fill, mentee_answers
from women_in_ddat.domain.enums import CONFIDENCE_ITEMS
from women_in_ddat.domain.questionnaire_items import FEEDBACK_QUESTIONS

KENT = "Top Talent Kent 2026"


def _written(folder: Path) -> dict[str, Path]:
    return {str(PdfReader(str(p)).get_fields()["name"]["/V"]): p for p in folder.glob("*.pdf")}


def test_forms_collected_exported_and_undone(demo_db_target: str, tmp_path: Path) -> None:
    out = cli("questionnaire", "forms", "--cohort", KENT, "--point", "end", "--out-dir",
              str(tmp_path / "forms"), db=demo_db_target)  # fmt: skip
    assert out.returncode == 0, out.stderr
    forms = _written(tmp_path / "forms")
    assert out.stdout.startswith(f"Wrote {len(forms)} end questionnaire forms")
    mentee = next(
        name for name, path in forms.items()
        if "conf_network" in (PdfReader(str(path)).get_fields() or {})
    )  # fmt: skip
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill(forms[mentee], inbox / "back.pdf", {**mentee_answers(4, "working"), **FEEDBACK})

    dry = cli("questionnaire", "collect", str(inbox), "--dry-run", db=demo_db_target)
    assert dry.returncode == 0, dry.stderr
    assert f"back.pdf: {mentee} (end)" in dry.stdout and "nothing was saved" in dry.stdout
    before = json.loads(
        cli("export", "feedback", "-f", "json", "-o", "-", db=demo_db_target).stdout
    )

    done = cli("questionnaire", "collect", str(inbox), db=demo_db_target)
    assert done.returncode == 0, done.stderr
    feedback = json.loads(
        cli("export", "feedback", "-f", "json", "-o", "-", db=demo_db_target).stdout
    )
    [new] = [row for row in feedback if row not in before]
    assert set(new) == {
        "email",
        "cohort",
        "point",
        "satisfaction",
        "recommend",
        "quote",
        "quote_consent",
    }
    assert (new["cohort"], new["point"], new["satisfaction"], new["recommend"]) == (
        KENT,
        "end",
        4,
        9,
    )
    assert (new["quote"], new["quote_consent"]) == (FEEDBACK["fb_quote"], "role")
    scores = json.loads(
        cli("export", "assessments", "-f", "json", "-o", "-", db=demo_db_target).stdout
    )
    mine = [r for r in scores if r["email"] == new["email"] and r["point"] == "end"]
    assert set(mine[0]) == {"email", "cohort", "point", "item", "score"}
    assert {r["item"]: r["score"] for r in mine if r["item"] in CONFIDENCE_ITEMS} == dict.fromkeys(
        CONFIDENCE_ITEMS, 4
    )

    undo = cli("questionnaire", "undo", db=demo_db_target)
    assert undo.returncode == 0 and "1 questionnaires put back" in undo.stdout, undo.stderr
    after = json.loads(cli("export", "feedback", "-f", "json", "-o", "-", db=demo_db_target).stdout)
    assert after == before


def test_collect_refuses_in_one_line_and_saves_nothing(demo_db_target: str, tmp_path: Path) -> None:
    stray = tmp_path / "stray.pdf"
    stray.write_bytes(b"%PDF-1.4\n")
    missing = cli("questionnaire", "collect", str(tmp_path / "nowhere.pdf"), db=demo_db_target)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "Traceback" not in missing.stderr
    not_a_folder = cli("questionnaire", "forms", "--cohort", KENT, "--point", "mid", "--out-dir",
                       str(stray), db=demo_db_target)  # fmt: skip
    assert not_a_folder.returncode == 6 and "nothing was written" in not_a_folder.stderr
    assert not_a_folder.stderr.count("\n") == 1
    foreign = cli("questionnaire", "collect", str(stray), db=demo_db_target)
    assert foreign.returncode == 2 and "No questionnaire was found" in foreign.stderr
    assert "stray.pdf: " in foreign.stderr and "nothing was saved" in foreign.stderr


def test_question_list_names_every_question_of_the_point(tmp_path: Path) -> None:
    target = tmp_path / "questions.txt"
    out = cli("questionnaire", "questions", "--point", "mid", "-o", str(target))
    assert out.returncode == 0, out.stderr
    text = target.read_text(encoding="utf-8")
    for question in [*CONFIDENCE_ITEMS.values(), *FEEDBACK_QUESTIONS.values()]:
        assert question in text
    assert "Strongly agree" in text and "Only people in my organisation" in text
    baseline = tmp_path / "baseline.txt"
    assert (
        cli("questionnaire", "questions", "--point", "baseline", "-o", str(baseline)).returncode
        == 0
    )
    assert FEEDBACK_QUESTIONS["satisfaction"] not in baseline.read_text(encoding="utf-8")
