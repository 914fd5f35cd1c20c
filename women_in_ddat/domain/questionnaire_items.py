"""The questions a returned questionnaire answers, and how each answer is read back.

One list serves the fillable PDF form, the question list pasted into
Microsoft Forms or Google Forms, and the reading of both: a question is
recognised by its text (case, punctuation and spacing aside), an answer
by its value or its label ("Strongly agree" is 5).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from women_in_ddat.domain.enums import CONFIDENCE_ITEMS, AssessmentPoint, SkillLevel

CONFIDENCE_LABELS: dict[int, str] = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
SATISFACTION_LABELS: dict[int, str] = {
    1: "Very dissatisfied",
    2: "Dissatisfied",
    3: "Neither satisfied nor dissatisfied",
    4: "Satisfied",
    5: "Very satisfied",
}
RECOMMEND_MIN, RECOMMEND_MAX = 0, 10

# Her consent to publish her quote: the stored value and the answer she picks.
QUOTE_CONSENT_LABELS: dict[str, str] = {
    "name": "Yes, with my name",
    "role": "Yes, with my role only (no name)",
    "anonymous": "Yes, anonymously",
    "none": "No, please do not publish it",
}

SATISFACTION = "satisfaction"
RECOMMEND = "recommend"
WHAT_CHANGED = "what_changed"
WHAT_SHOULD_CHANGE = "what_should_change"
QUOTE = "quote"
QUOTE_CONSENT = "quote_consent"

FEEDBACK_QUESTIONS: dict[str, str] = {
    SATISFACTION: "Overall, how satisfied are you with the programme so far?",
    RECOMMEND: "How likely are you to recommend the programme to a colleague (0 = not at all, 10 = extremely)?",
    WHAT_CHANGED: "What has changed for you since the programme began?",
    WHAT_SHOULD_CHANGE: "What should we change about the programme?",
    QUOTE: "A sentence or two about the programme that we may quote",
    QUOTE_CONSENT: "May we publish your quote?",
}
FEEDBACK_TEXTS = (WHAT_CHANGED, WHAT_SHOULD_CHANGE, QUOTE)
# Feedback is asked at the mid-point and the end; the baseline asks confidence only.
FEEDBACK_POINTS = frozenset({AssessmentPoint.MID.value, AssessmentPoint.END.value})

# The fillable PDF form's field names.
FORM_ID_FIELD = "form_id"
NAME_FIELD = "name"
CONFIDENCE_PREFIX = "conf_"
SKILL_PREFIX = "skill_"
FEEDBACK_PREFIX = "fb_"

SKILL_QUESTION = "My skill level in {skill}"
_SKILL_PREFIX = "my skill level in "

POINT_TITLES: dict[str, str] = {
    AssessmentPoint.BASELINE.value: "start of programme",
    AssessmentPoint.MID.value: "mid-point",
    AssessmentPoint.END.value: "end of programme",
}


def has_feedback(point: str) -> bool:
    return point in FEEDBACK_POINTS


def normalised(text: object) -> str:
    """Text compared for meaning: case, accents' forms, punctuation and spacing aside."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def parse_scale(value: object, labels: Mapping[int, str], low: int, high: int) -> int:
    """A whole number in [low, high] from its digit ("4", 4.0, "4 - Agree") or its label."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float) and float(value).is_integer():
        number = int(value)
        if low <= number <= high:
            return number
        raise ValueError(value)
    text = normalised(value)
    by_label = {normalised(label): n for n, label in labels.items()}
    if text in by_label:
        return by_label[text]
    leading = re.match(r"^(\d+)\b", text)
    if leading and low <= int(leading.group(1)) <= high:
        return int(leading.group(1))
    raise ValueError(value)


def parse_confidence(value: object) -> int:
    return parse_scale(value, CONFIDENCE_LABELS, 1, 5)


def parse_satisfaction(value: object) -> int:
    return parse_scale(value, SATISFACTION_LABELS, 1, 5)


def parse_recommend(value: object) -> int:
    return parse_scale(value, {}, RECOMMEND_MIN, RECOMMEND_MAX)


def parse_skill(value: object) -> SkillLevel:
    text = normalised(value)
    for level in SkillLevel:
        if text in (level.value, normalised(level.label), str(level.rank)):
            return level
    raise ValueError(value)


def parse_consent(value: object) -> str:
    text = normalised(value)
    for key, label in QUOTE_CONSENT_LABELS.items():
        if text in (key, normalised(label)):
            return key
    # Forms' own short answers, and a bare yes (published anonymously: the least she agreed to).
    if text.startswith("no"):
        return "none"
    if "name" in text and "no name" not in text:
        return "name"
    if "role" in text:
        return "role"
    if text.startswith("yes") or "anonym" in text:
        return "anonymous"
    raise ValueError(value)


def confidence_question(item: str) -> str:
    return CONFIDENCE_ITEMS[item]


def skill_question(skill: str) -> str:
    return SKILL_QUESTION.format(skill=skill)


def skill_of_question(text: str, skills: Mapping[str, str]) -> str | None:
    """The skill a question heading names (``skills``: normalised name -> name)."""
    folded = normalised(text)
    if not folded.startswith(_SKILL_PREFIX):
        return None
    return skills.get(folded.removeprefix(_SKILL_PREFIX).strip())


def question_key(text: str) -> str | None:
    """The confidence item or feedback key a question heading asks, if any."""
    folded = normalised(text)
    for item, statement in CONFIDENCE_ITEMS.items():
        if folded == normalised(statement):
            return f"confidence:{item}"
    for key, question in FEEDBACK_QUESTIONS.items():
        if folded == normalised(question):
            return f"feedback:{key}"
    return None


def question_list(point: str, skills: list[str] | tuple[str, ...] = ()) -> str:
    """The questions to paste into Microsoft Forms or Google Forms, with a short guide."""
    title = POINT_TITLES.get(point, point)
    lines = [
        f"Women in DDaT mentoring: {title} questionnaire",
        "",
        "How to set up the form (Microsoft Forms; Google Forms is alike):",
        f"1. New Form. Title it with the point, e.g. 'Mentoring {title} questionnaire': the",
        "   app reads baseline, mid or end from the export's file name (or give --point).",
        "2. Settings: 'Only people in my organisation can respond' and 'Record name', so the",
        "   export has each person's email (people are matched by email). For people outside",
        "   your organisation, add a required Text question 'Email address' instead.",
        "3. Add each question below exactly as written (copy and paste): the app recognises",
        "   them by their text. Use a Choice question with the options listed, one per line;",
        "   for 0 to 10 use a Net Promoter Score or Rating question; Text for the rest.",
        "4. Afterwards: Responses > Open results in Excel (or Download a copy), and collect",
        "   that file: women-in-ddat questionnaire collect FILE.xlsx --dry-run first.",
        "",
        "QUESTIONS",
    ]
    number = 0

    def ask(text: str, options: list[str] | None, kind: str) -> None:
        nonlocal number
        number += 1
        lines.append("")
        lines.append(f"{number}. {text}")
        lines.append(f"   [{kind}]")
        lines.extend(f"   - {option}" for option in options or [])

    confidence_choices = [f"{n} {label}" for n, label in CONFIDENCE_LABELS.items()]
    for statement in CONFIDENCE_ITEMS.values():
        ask(statement, confidence_choices, "Choice, mentees only")
    levels = [level.label for level in SkillLevel]
    for skill in skills:
        ask(
            skill_question(skill),
            levels,
            "Choice, optional: only if this skill is in your target role",
        )
    if has_feedback(point):
        ask(
            FEEDBACK_QUESTIONS[SATISFACTION],
            [f"{n} {label}" for n, label in SATISFACTION_LABELS.items()],
            "Choice",
        )
        ask(FEEDBACK_QUESTIONS[RECOMMEND], None, "Net Promoter Score, 0 to 10")
        for key in (WHAT_CHANGED, WHAT_SHOULD_CHANGE, QUOTE):
            ask(FEEDBACK_QUESTIONS[key], None, "Text, long answer, optional")
        ask(FEEDBACK_QUESTIONS[QUOTE_CONSENT], list(QUOTE_CONSENT_LABELS.values()), "Choice")
    return "\n".join(lines) + "\n"
