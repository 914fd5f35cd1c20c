"""How well a mentor fits a mentee: points out of 100, with the reasons in plain words.

| aspect   | points | what earns them |
|----------|-------:|-----------------|
| role     | 35 | the mentor does the mentee's target role (35), works in its role family (25), leads across families (15), or shares the mentee's current family (10) |
| level    | 15 | the mentor is above the mentee's target level (15), at it (10), or at least above her current level (5) |
| skills   | 30 | the share of the skills the mentee wants to grow that the mentor offers |
| place    | 10 | same region (10), or different regions with both open to remote sessions (7) |
| capacity | 10 | the share of the mentor's places still free |

Whole points only, so totals compare exactly (the assignment tests rely on it).
The hard rules are not part of the score: a pair that breaks one is never scored
into a suggestion at all (see rules.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from women_in_ddat.domain.reference import Framework
from women_in_ddat.matching.profiles import MenteeProfile, MentorProfile

if TYPE_CHECKING:
    import numpy as np

ROLE_POINTS = 35
LEVEL_POINTS = 15
SKILL_POINTS = 30
PLACE_POINTS = 10
CAPACITY_POINTS = 10
MAX_SCORE = ROLE_POINTS + LEVEL_POINTS + SKILL_POINTS + PLACE_POINTS + CAPACITY_POINTS

# Chief digital and data leaders oversee every family: a useful mentor for any target.
LEADERSHIP_FAMILY = "chief digital and data"


@dataclass(frozen=True)
class Reason:
    aspect: str
    points: int
    out_of: int
    text: str


@dataclass(frozen=True)
class Fit:
    score: int
    reasons: tuple[Reason, ...]

    @property
    def reason_texts(self) -> list[str]:
        return [r.text for r in self.reasons]


class LevelScale:
    """Orders role levels ("Junior" < "Senior" < "Head of profession").

    A level written as a job title ("Senior business analyst", "Head of
    business analysis") is placed by its first word, which is distinct for
    every level in the framework.
    """

    def __init__(self, levels: Sequence[str]) -> None:
        self._by_name = {name.casefold(): i for i, name in enumerate(levels)}
        self._by_first_word = {name.split()[0].casefold(): i for i, name in enumerate(levels)}

    def rank(self, level: str) -> int | None:
        key = " ".join(level.split()).casefold()
        if not key:
            return None
        if key in self._by_name:
            return self._by_name[key]
        return self._by_first_word.get(key.split()[0])


@dataclass(frozen=True)
class _MenteeKey:
    target_family: str
    target_family_text: str
    target_role: str
    target_role_text: str
    current_family: str
    target_rank: int | None
    current_rank: int | None
    target_level_text: str
    wants: dict[str, str]
    region: str
    region_text: str
    remote: bool


@dataclass(frozen=True)
class _MentorKey:
    family: str
    family_text: str
    role: str
    role_text: str
    rank: int | None
    level_text: str
    offers: frozenset[str]
    region: str
    region_text: str
    remote: bool
    capacity: int
    capacity_left: int


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class Scorer:
    """Scores pairs against one framework (for its levels and role families)."""

    def __init__(
        self, levels: LevelScale, family_of_role: Callable[[str], str | None] | None = None
    ) -> None:
        self.levels = levels
        self._family_of_role = family_of_role or (lambda role: None)

    @classmethod
    def for_framework(cls, framework: Framework) -> Scorer:
        def family_of_role(role: str) -> str | None:
            family = framework.family_of_role(role)
            return family.name if family else None

        return cls(LevelScale(framework.role_levels), family_of_role)

    # --- keys: each profile's facts folded once --------------------------
    def _mentee_key(self, m: MenteeProfile) -> _MenteeKey:
        family_text = m.target_role_family or self._family_of_role(m.target_role) or ""
        return _MenteeKey(
            target_family=_fold(family_text),
            target_family_text=family_text,
            target_role=_fold(m.target_role),
            target_role_text=m.target_role,
            current_family=_fold(m.current_role_family),
            target_rank=self.levels.rank(m.target_level),
            current_rank=self.levels.rank(m.current_level),
            target_level_text=m.target_level,
            wants={_fold(s): s for s in sorted(m.wants_to_grow) if _fold(s)},
            region=_fold(m.region),
            region_text=m.region,
            remote=m.open_to_remote,
        )

    def _mentor_key(self, m: MentorProfile) -> _MentorKey:
        family_text = m.current_role_family or self._family_of_role(m.current_role) or ""
        return _MentorKey(
            family=_fold(family_text),
            family_text=family_text,
            role=_fold(m.current_role),
            role_text=m.current_role,
            rank=self.levels.rank(m.current_level),
            level_text=m.current_level,
            offers=frozenset(_fold(s) for s in m.offers),
            region=_fold(m.region),
            region_text=m.region,
            remote=m.open_to_remote,
            capacity=m.capacity,
            capacity_left=m.capacity_left,
        )

    # --- public ------------------------------------------------------------
    def explain(self, mentee: MenteeProfile, mentor: MentorProfile) -> Fit:
        reasons = _reasons(self._mentee_key(mentee), self._mentor_key(mentor))
        return Fit(sum(r.points for r in reasons), tuple(reasons))

    def score(self, mentee: MenteeProfile, mentor: MentorProfile) -> int:
        return self.explain(mentee, mentor).score

    def score_matrix(
        self, mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]
    ) -> np.ndarray:
        """Scores of every pair (mentees down, mentors across), reasons left out for speed."""
        # NumPy is loaded by the first suggestion, not by the pages that show a score.
        import numpy as np

        mentee_keys = [self._mentee_key(m) for m in mentees]
        mentor_keys = [self._mentor_key(m) for m in mentors]
        scores = np.zeros((len(mentees), len(mentors)), dtype=np.int64)
        for i, me in enumerate(mentee_keys):
            row = scores[i]
            for j, mo in enumerate(mentor_keys):
                row[j] = _points(me, mo)
        return scores


def _points(me: _MenteeKey, mo: _MentorKey) -> int:
    return (
        _role_case(me, mo)[0]
        + _level_case(me, mo)[0]
        + _skill_case(me, mo)[0]
        + _place_case(me, mo)[0]
        + _capacity_case(mo)[0]
    )


def _reasons(me: _MenteeKey, mo: _MentorKey) -> list[Reason]:
    shared = [text for key, text in me.wants.items() if key in mo.offers]
    facts = {
        "me": me,
        "mo": mo,
        "shared": ", ".join(shared),
        "shared_count": len(shared),
        "wanted_count": len(me.wants),
        "places": "place" if mo.capacity == 1 else "places",
        "mentee_region": me.region_text or "region not recorded",
        "mentor_region": mo.region_text or "region not recorded",
        "mentor_family": mo.family_text or "another area",
        "target_family": me.target_family_text or me.target_role_text,
    }
    reasons = []
    for aspect, out_of, (points, case) in (
        ("role", ROLE_POINTS, _role_case(me, mo)),
        ("level", LEVEL_POINTS, _level_case(me, mo)),
        ("skills", SKILL_POINTS, _skill_case(me, mo)),
        ("place", PLACE_POINTS, _place_case(me, mo)),
        ("capacity", CAPACITY_POINTS, _capacity_case(mo)),
    ):
        reasons.append(Reason(aspect, points, out_of, _SAYINGS[case].format(**facts)))
    return reasons


# What each case is called in plain words (filled in with str.format).
_SAYINGS = {
    "role:mentor_unknown": "Role: the mentor's DDaT role is not recorded",
    "role:no_target_same_current": (
        "Role: works in {mo.family_text}, the mentee's current role family "
        "(no target role recorded)"
    ),
    "role:no_target": "Role: the mentee's target role is not recorded",
    "role:same_role": "Role: does the mentee's target role ({mo.role_text})",
    "role:same_family": "Role: works in {mo.family_text}, the role family of the mentee's target role",
    "role:leader": "Role: a {mo.family_text} leader, who oversees every DDaT role family",
    "role:current_family": (
        "Role: works in {mo.family_text}, the mentee's current role family "
        "rather than her target ({target_family})"
    ),
    "role:other": "Role: works in {mentor_family}, outside the mentee's target role family ({target_family})",
    "level:mentor_unknown": "Level: cannot compare, the mentor's level is not recorded or not a DDaT level",
    "level:target_unknown": (
        "Level: cannot compare, the mentee's target level is not recorded or not a DDaT level"
    ),
    "level:above_target": (
        "Level: {mo.level_text}, more senior than the mentee's target level ({me.target_level_text})"
    ),
    "level:at_target": "Level: {mo.level_text}, the mentee's target level",
    "level:above_current": (
        "Level: {mo.level_text}, below the mentee's target level ({me.target_level_text}) "
        "but above her current one"
    ),
    "level:not_above": "Level: {mo.level_text}, not above the mentee's current level",
    "skills:none_wanted": "Skills: the mentee has not named skills she wants to grow",
    "skills:none_shared": "Skills: offers none of the {wanted_count} skills the mentee wants to grow",
    "skills:shared": (
        "Skills: offers {shared_count} of the {wanted_count} skills the mentee wants to grow "
        "({shared})"
    ),
    "place:same_region": "Place: both in {mo.region_text}",
    "place:remote": (
        "Place: different regions ({mentee_region} and {mentor_region}), "
        "both open to remote sessions"
    ),
    "place:mentee_not_remote": "Place: different regions and the mentee is not open to remote sessions",
    "place:mentor_not_remote": "Place: different regions and the mentor is not open to remote sessions",
    "place:neither_remote": "Place: different regions and neither is open to remote sessions",
    "capacity:full": "Capacity: no places left",
    "capacity:left": "Capacity: {mo.capacity_left} of {mo.capacity} {places} left",
}


def _role_case(me: _MenteeKey, mo: _MentorKey) -> tuple[int, str]:
    if not mo.family and not mo.role:
        return 0, "role:mentor_unknown"
    if not me.target_family and not me.target_role:
        if mo.family and mo.family == me.current_family:
            return 10, "role:no_target_same_current"
        return 0, "role:no_target"
    if me.target_role and mo.role == me.target_role:
        return 35, "role:same_role"
    if mo.family and mo.family == me.target_family:
        return 25, "role:same_family"
    if mo.family == LEADERSHIP_FAMILY:
        return 15, "role:leader"
    if mo.family and mo.family == me.current_family:
        return 10, "role:current_family"
    return 0, "role:other"


def _level_case(me: _MenteeKey, mo: _MentorKey) -> tuple[int, str]:
    if mo.rank is None:
        return 0, "level:mentor_unknown"
    if me.target_rank is None:
        return 0, "level:target_unknown"
    if mo.rank > me.target_rank:
        return 15, "level:above_target"
    if mo.rank == me.target_rank:
        return 10, "level:at_target"
    if me.current_rank is not None and mo.rank > me.current_rank:
        return 5, "level:above_current"
    return 0, "level:not_above"


def _skill_case(me: _MenteeKey, mo: _MentorKey) -> tuple[int, str]:
    if not me.wants:
        return 0, "skills:none_wanted"
    shared = sum(1 for key in me.wants if key in mo.offers)
    if not shared:
        return 0, "skills:none_shared"
    return round(SKILL_POINTS * shared / len(me.wants)), "skills:shared"


def _place_case(me: _MenteeKey, mo: _MentorKey) -> tuple[int, str]:
    if me.region and me.region == mo.region:
        return 10, "place:same_region"
    if me.remote and mo.remote:
        return 7, "place:remote"
    if mo.remote:
        return 0, "place:mentee_not_remote"
    if me.remote:
        return 0, "place:mentor_not_remote"
    return 0, "place:neither_remote"


def _capacity_case(mo: _MentorKey) -> tuple[int, str]:
    if mo.capacity <= 0 or mo.capacity_left <= 0:
        return 0, "capacity:full"
    return round(
        CAPACITY_POINTS * min(mo.capacity_left, mo.capacity) / mo.capacity
    ), "capacity:left"
