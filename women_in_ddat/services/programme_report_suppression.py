"""Small-group suppression for every table of people counts in the programme report.

A count of 1 to 4 people is never shown (primary suppression). Where a
published total would reveal a hidden count by subtraction, a second count
in the same sum is hidden too (secondary suppression), repeated until every
published sum with a hidden cell hides at least two. Cells can be "hidden"
ones too (a complement nobody prints, such as the people who were not
promoted): when such a complement is 1 to 4, a cell in its sum is hidden.

Counts of 0 are shown: they reveal nothing about a person.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from women_in_ddat.services.report_data_figures import SMALL_GROUP

SUPPRESSED_TEXT = "<5"
# A figure hidden only so that a total cannot reveal a small group: it may be any size,
# so it must not read as "fewer than 5" (9 women who completed shown as "<5" misleads).
HIDDEN_TEXT = "[c]"
SUPPRESSION_NOTE = (
    f"Groups of fewer than {SMALL_GROUP} people are shown as “{SUPPRESSED_TEXT}”; a figure "
    f"shown as “{HIDDEN_TEXT}” is hidden so that a total cannot reveal one by subtraction."
)


def hidden_text(count: int) -> str:
    """How a suppressed count is printed: "<5" for a small group, else "[c]"."""
    return SUPPRESSED_TEXT if is_small(count) else HIDDEN_TEXT


def is_small(count: int) -> bool:
    return 0 < count < SMALL_GROUP


@dataclass
class CountGrid:
    """Counts keyed by any hashable, and the sums a reader could work out from them."""

    values: dict[Hashable, int] = field(default_factory=dict)
    hidden: set[Hashable] = field(default_factory=set)
    totals: set[Hashable] = field(default_factory=set)
    lines: list[tuple[Hashable, ...]] = field(default_factory=list)
    # Figures the reader most needs (a cohort's completions): hidden only when nothing
    # else in the sum can be, and then a total before a 0 (hiding a 0 protects little).
    keep: set[Hashable] = field(default_factory=set)
    _solved: set[Hashable] | None = None

    def add(self, key: Hashable, value: int, *, total: bool = False, hidden: bool = False) -> None:
        self.values[key] = value
        if total:
            self.totals.add(key)
        if hidden:
            self.hidden.add(key)
        self._solved = None

    def line(self, keys: Iterable[Hashable]) -> None:
        """``keys`` add up: the last (or any one) can be worked out from the others."""
        self.lines.append(tuple(keys))
        self._solved = None

    def suppressed(self) -> set[Hashable]:
        if self._solved is None:
            self._solved = self._solve()
        return self._solved

    def is_suppressed(self, key: Hashable) -> bool:
        return key in self.suppressed()

    def _solve(self) -> set[Hashable]:
        out = {k for k, v in self.values.items() if is_small(v)}
        changed = True
        while changed:
            changed = False
            for keys in self.lines:
                present = [k for k in keys if k in self.values]
                hidden_here = [k for k in present if k in out]
                if len(hidden_here) != 1:
                    continue
                candidates = [k for k in present if k not in out and k not in self.hidden]
                if not candidates:
                    continue
                # Hide the least telling figure: a part before a total, a small one first,
                # and a non-zero one (hiding a 0 beside one hidden figure protects nothing
                # when the reader knows the rest).
                if self.keep:
                    choice = min(
                        candidates,
                        key=lambda k: (
                            k in self.keep,
                            self.values[k] == 0,
                            k in self.totals,
                            self.values[k],
                        ),
                    )
                else:
                    choice = min(
                        candidates,
                        key=lambda k: (k in self.totals, self.values[k] == 0, self.values[k]),
                    )
                out.add(choice)
                changed = True
        return out
