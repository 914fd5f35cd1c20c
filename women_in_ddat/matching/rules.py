"""The hard rules: never broken by a suggestion, an assignment or an override.

These mirror ``women_in_ddat.services.matches.hard_rule_violations`` (which
guards every match written to the database) on plain profiles, so a cohort
of hundreds can be checked without a query per pair.
"""

from __future__ import annotations

from women_in_ddat.matching.profiles import MenteeProfile, MentorProfile

OWN_ORGANISATION = "works in the mentee's own organisation"
LINE_MANAGER = "is the mentee's line manager"
NO_CAPACITY = "has no places left"
SAME_PERSON = "is the mentee"
# Not a hard rule (a coordinator may choose the pairing again): it only keeps
# suggestions from repeating a match that ended early.
ENDED_EARLY = "had a match with this mentee that ended early"


def pair_rule_problems(mentee: MenteeProfile, mentor: MentorProfile) -> list[str]:
    """The rules about who may mentor whom, leaving capacity aside (for swaps)."""
    problems = []
    if mentee.person_id == mentor.person_id:
        problems.append(SAME_PERSON)
    if mentee.organisation_id is not None and mentee.organisation_id == mentor.organisation_id:
        problems.append(OWN_ORGANISATION)
    if mentee.line_manager_email and mentee.line_manager_email.casefold() == (
        mentor.email.casefold()
    ):
        problems.append(LINE_MANAGER)
    return problems


def hard_rule_problems(mentee: MenteeProfile, mentor: MentorProfile) -> list[str]:
    """Why this mentor may not take this mentee now; empty when she may."""
    problems = pair_rule_problems(mentee, mentor)
    if mentor.capacity_left <= 0:
        problems.append(NO_CAPACITY)
    return problems


# The same problems said of several mentors ("3 have no places left").
_PLURAL = {
    OWN_ORGANISATION: "work in the mentee's own organisation",
    LINE_MANAGER: "are the mentee's line manager",
    NO_CAPACITY: "have no places left",
    ENDED_EARLY: "had matches with this mentee that ended early",
}


def counted(problem: str, count: int) -> str:
    """ "1 has no places left", "3 have no places left"."""
    return f"{count} {problem if count == 1 else _PLURAL.get(problem, problem)}"
