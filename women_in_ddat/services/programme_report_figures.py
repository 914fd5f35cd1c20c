"""From the gathered programme data to the impact report's model (pure: no database).

Every people count goes through one CountGrid, so a figure hidden in one
table cannot be worked out from another (a year's total less its cohorts,
the programme's total less the other organisations).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from datetime import date

from women_in_ddat.domain.enums import OrganisationKind, OutcomeKind, ParticipationStatus
from women_in_ddat.services.outcomes_figures import FOLLOW_UP_MONTHS, add_months
from women_in_ddat.services.programme_report_data import (
    EQUALITY_FIELDS,
    CohortRecord,
    MenteePlace,
    ProgrammeData,
)
from women_in_ddat.services.programme_report_model import (
    Cell,
    ChartSpec,
    ProgrammeReport,
    ReportTable,
    Section,
    words,
)
from women_in_ddat.services.programme_report_suppression import (
    HIDDEN_TEXT,
    SUPPRESSED_TEXT,
    SUPPRESSION_NOTE,
    CountGrid,
    hidden_text,
    is_small,
)
from women_in_ddat.services.report_data_figures import SMALL_GROUP

NOT_RECORDED = "not recorded"
NOT_YET = "not yet"
NO_REGION = "Region not recorded"
NO_ORGANISATION = "Organisation not recorded"

# Withdrawal reasons are free text; these words sort them into categories
# a board can read (first match wins, checked in this order).
WITHDRAWAL_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Left the sector or organisation", ("sector", "left", "leaving", "moved", "new job")),
    ("Work pressure or role change", ("workload", "work", "role", "job", "promot", "busy")),
    (
        "Health, caring or personal",
        ("caring", "carer", "health", "ill", "personal", "family", "maternity", "leave"),
    ),
    ("Time or capacity", ("time", "capacity")),
    ("Mentoring match", ("mentor", "match")),
)
REASON_NOT_GIVEN = "Reason not given"
REASON_OTHER = "Other reason"


def withdrawal_category(reason: str) -> str:
    text = reason.casefold().strip()
    if not text:
        return REASON_NOT_GIVEN
    for category, words_ in WITHDRAWAL_CATEGORIES:
        if any(w in text for w in words_):
            return category
    return REASON_OTHER


# --- cells -------------------------------------------------------------------------


class Counts:
    """The report's one grid of people counts, and cells drawn from it."""

    def __init__(self, solved: set[Hashable] | None = None) -> None:
        self.grid = CountGrid()
        # The second pass prints with the first pass's answer: a cell made before
        # a later table's sums were known must not stay shown.
        self.solved = solved

    def hides(self, key: Hashable) -> bool:
        # First pass (nothing solved yet): only the sums are being collected.
        return self.solved is not None and key in self.solved

    def add(self, key: Hashable, value: int, *, total: bool = False) -> Hashable:
        self.grid.add(key, value, total=total)
        return key

    def complement(self, key: Hashable, part: Hashable, whole: Hashable) -> None:
        """``whole`` less ``part`` is a group too: a reader can work it out."""
        self.grid.add(key, self.grid.values[whole] - self.grid.values[part], hidden=True)
        self.grid.line((part, key, whole))

    def cell(self, key: Hashable) -> Cell:
        value = self.grid.values[key]
        if self.hides(key):
            return Cell(hidden_text(value), None, numeric=True, suppressed=True)
        return Cell(f"{value:,}", value, numeric=True)

    def rate(self, part: Hashable, whole: Hashable) -> Cell:
        """``part`` as a share of ``whole``: hidden with either."""
        if self.hides(part) or self.hides(whole):
            return Cell(HIDDEN_TEXT, None, numeric=True, suppressed=True)
        of = self.grid.values[whole]
        if not of:
            return Cell("–", None, numeric=True)
        share = self.grid.values[part] / of
        return Cell(f"{share:.0%}", round(share, 4), numeric=True)


def number_cell(value: float | None, places: int = 1, *, missing: str = "–") -> Cell:
    if value is None:
        return Cell(missing, None, numeric=True)
    return Cell(f"{value:,.{places}f}", round(value, places), numeric=True)


def signed_cell(value: float | None, places: int = 1) -> Cell:
    if value is None:
        return Cell("–", None, numeric=True)
    return Cell(f"{value:+.{places}f}", round(value, places), numeric=True)


def small_n(n: int) -> Cell:
    return Cell(f"n{SUPPRESSED_TEXT}" if 0 < n < SMALL_GROUP else "–", None, numeric=True)


# --- the report -------------------------------------------------------------------


def _took_part(m: MenteePlace) -> bool:
    return m.status in (ParticipationStatus.ACTIVE.value, ParticipationStatus.COMPLETED.value)


def _period(data: ProgrammeData) -> str:
    years = sorted({c.header.start_date.year for c in data.cohorts if c.header.start_date})
    first = data.from_year or (years[0] if years else None)
    last = data.to_year or (years[-1] if years else None)
    if first is None:
        return "no cohorts yet"
    return str(first) if first == last else f"{first} to {last}"


def build_report(data: ProgrammeData) -> ProgrammeReport:
    """The report, in two passes: the first finds every sum, the second prints."""
    first = Counts()
    _build(data, first)
    return _build(data, Counts(first.grid.suppressed()))


def _build(data: ProgrammeData, counts: Counts) -> ProgrammeReport:
    period = _period(data)
    by_cohort: dict[int, list[MenteePlace]] = defaultdict(list)
    for m in data.mentees:
        by_cohort[m.cohort_id].append(m)
    hours = sum(m.minutes for m in data.mentees) / 60

    # Headline: distinct people; not suppressed as groups below 5 would be
    # (a programme-wide figure describes no one), unless it is itself small.
    women = {m.person_id for m in data.mentees}
    mentors = {m.person_id for m in data.mentors}
    run = data.cohorts
    organisations = {
        data.locations[p].organisation for p in women | mentors if data.locations[p].organisation
    }
    headline = (
        ("Women supported", counts.cell(counts.add(("headline", "women"), len(women)))),
        (
            "Mentors who gave their time",
            counts.cell(counts.add(("headline", "mentors"), len(mentors))),
        ),
        ("Cohorts run", Cell(str(len(run)), len(run), numeric=True)),
        (
            "Councils and bodies taking part",
            Cell(str(len(organisations)), len(organisations), numeric=True),
        ),
        ("Hours of mentoring", number_cell(hours, 0)),
    )

    cohort_rows = _cohort_tables(data, counts, by_cohort)
    year_table = _year_table(data, counts, by_cohort)
    reasons = _reasons_table(data, counts)
    org_table, region_table = _place_tables(data, counts)
    equality = _equality_tables(data, counts) if data.equality_on else []

    sections = [
        Section(
            "Cohort by cohort",
            (
                "Each cohort's mentees (places that started), how many completed or withdrew, "
                "and what followed.",
            ),
            tuple(cohort_rows),
        ),
        Section(
            "Year on year",
            ("Cohorts are counted in the year they started.",),
            (year_table, _year_chart(year_table), reasons),
        ),
        Section(
            "By organisation and region",
            ("Places taken by each council or body's staff, and what followed for them.",),
            (org_table, region_table),
        ),
    ]
    sections.append(
        Section(
            "Equality monitoring",
            (
                ("Answers of the mentees who started, where the programme collects them.",)
                if data.equality_on
                else ("This programme does not collect equality monitoring data.",)
            ),
            tuple(equality),
        )
    )
    sections.append(_quotes_section(data))
    return ProgrammeReport(
        programme=data.programme,
        title="Programme impact report",
        subtitle=f"{data.programme}: {period}",
        headline=headline,
        sections=tuple(sections),
        method=_method(data, period),
    )


def _cohort_tables(
    data: ProgrammeData, counts: Counts, by_cohort: dict[int, list[MenteePlace]]
) -> list[ReportTable | ChartSpec]:
    places_rows, career_rows, staying_rows, dev_rows = [], [], [], []
    columns = ("mentees", "completed", "withdrawn", "active")
    for record in data.cohorts:
        c, f = record.header.id, record.figures
        mentees = by_cohort.get(c, [])
        n = {
            "mentees": len(mentees),
            "completed": sum(1 for m in mentees if m.status == ParticipationStatus.COMPLETED.value),
            "withdrawn": sum(1 for m in mentees if m.status == ParticipationStatus.WITHDRAWN.value),
            "active": sum(1 for m in mentees if m.status == ParticipationStatus.ACTIVE.value),
        }
        for col, value in n.items():
            counts.add((col, c), value)
        # A cohort's completions are what its readers look for: where its row must hide
        # a second figure, another is hidden first.
        counts.grid.keep.add(("completed", c))
        counts.grid.line([("completed", c), ("withdrawn", c), ("active", c), ("mentees", c)])
        name = words(record.header.name)
        started = words(
            record.header.start_date.strftime("%b %Y") if record.header.start_date else ""
        )
        places_rows.append(
            (
                name,
                started,
                counts.cell(("mentees", c)),
                counts.cell(("completed", c)),
                counts.rate(("completed", c), ("mentees", c)),
                counts.cell(("withdrawn", c)),
                counts.cell(("active", c)),
            )
        )
        # Careers, over the mentees who took part (the outcome figures' base).
        took = counts.add(("took_part", c), f.took_part)
        counts.grid.line([("took_part", c), ("withdrawn", c), ("mentees", c)])
        promoted = counts.add(("promoted", c), f.promoted.count)
        counts.complement(("not_promoted", c), promoted, took)
        new_role = counts.add(
            ("new_role", c), f.people_by_outcome.get(OutcomeKind.NEW_ROLE.value, 0)
        )
        counts.complement(("no_new_role", c), new_role, took)
        median = f.time_to_promotion.median_months
        career_rows.append(
            (
                name,
                counts.cell(took),
                counts.cell(promoted),
                counts.rate(promoted, took),
                number_cell(median)
                if f.promoted.count >= SMALL_GROUP
                else small_n(f.promoted.count),
                counts.cell(new_role),
                counts.rate(new_role, took),
            )
        )
        staying = [name, counts.cell(took)]
        for months in FOLLOW_UP_MONTHS:
            staying.append(
                _retained_at(record, by_cohort.get(c, []), months, counts, data.gathered_on)
                # Nobody heard from at a follow-up: unknown, never "100%" of nothing.
                if f.sector_known
                else Cell(NOT_YET, None, numeric=True)
            )
        mentor_key = counts.add(("became_mentor", c), f.became_mentors.count)
        counts.complement(("not_mentor", c), mentor_key, took)
        staying += [counts.cell(mentor_key), counts.rate(mentor_key, took)]
        staying_rows.append(tuple(staying))
        conf, skills = record.confidence, record.skills
        conf_cells = (
            (
                number_cell(conf.mean_before),
                number_cell(conf.mean_after),
                signed_cell(conf.mean_change),
                Cell(str(conf.people), conf.people, numeric=True),
            )
            if conf.people >= SMALL_GROUP
            else (small_n(conf.people),) * 3 + (small_n(conf.people),)
        )
        skill_cells = (
            (
                Cell(
                    f"{skills.met_at_baseline / skills.skills:.0%}",
                    skills.met_at_baseline / skills.skills,
                    numeric=True,
                ),
                Cell(
                    f"{skills.met_latest / skills.skills:.0%}",
                    skills.met_latest / skills.skills,
                    numeric=True,
                ),
                Cell(str(skills.people), skills.people, numeric=True),
            )
            if skills.people >= SMALL_GROUP
            else (small_n(skills.people),) * 3
        )
        dev_rows.append(
            (
                name,
                *conf_cells,
                *skill_cells,
                small_n(record.attendance_people)
                if is_small(record.attendance_people)
                else _share_or_not_recorded(record.attendance),
                small_n(record.satisfaction_people)
                if is_small(record.satisfaction_people)
                else number_cell(record.satisfaction, missing=NOT_RECORDED),
            )
        )
    # The programme's total row: every column adds up over the cohorts.
    ids = [r.header.id for r in data.cohorts]
    for col in columns:
        counts.add((col, "all"), sum(counts.grid.values[(col, c)] for c in ids), total=True)
        counts.grid.line([*((col, c) for c in ids), (col, "all")])
    places_rows.append(
        (
            words("All cohorts (places)"),
            words(""),
            counts.cell(("mentees", "all")),
            counts.cell(("completed", "all")),
            counts.rate(("completed", "all"), ("mentees", "all")),
            counts.cell(("withdrawn", "all")),
            counts.cell(("active", "all")),
        )
    )
    blocks: list[ReportTable | ChartSpec] = [
        ReportTable(
            "cohort_places",
            "Places and completion",
            (
                "Cohort",
                "Started",
                "Mentees",
                "Completed",
                "Completed %",
                "Withdrew",
                "Still taking part",
            ),
            tuple(places_rows),
            SUPPRESSION_NOTE,
        ),
        ReportTable(
            "cohort_careers",
            "Promotions and new roles",
            (
                "Cohort",
                "Took part",
                "Promoted",
                "Promoted %",
                "Median months to promotion",
                "New role",
                "New role %",
            ),
            tuple(career_rows),
            "Counted over mentees who took part (active or completed). Months run from the "
            "cohort's start to each woman's first promotion; a median needs at least "
            f"{SMALL_GROUP} promotions.",
        ),
        ReportTable(
            "cohort_retention",
            "Still in the sector, and alumni who became mentors",
            (
                "Cohort",
                "Took part",
                *(f"In sector at {m} months" for m in FOLLOW_UP_MONTHS),
                "Became mentors",
                "Became mentors %",
            ),
            tuple(staying_rows),
            "“In sector” counts those with no “left the sector” outcome by that many months "
            "after the cohort ended; “not yet” until that date has passed and mentees have been "
            "heard from at a follow-up. Moving between "
            "councils is still in the sector.",
        ),
        ReportTable(
            "cohort_development",
            "Confidence and skills",
            (
                "Cohort",
                "Confidence at start",
                "Confidence latest",
                "Change",
                "People (n)",
                "Target skills met at start",
                "Target skills met latest",
                "People (n) ",
                "Training attendance",
                "Satisfaction",
            ),
            tuple(dev_rows),
            "Confidence: each woman's own mean over the statements she answered at both points "
            "(1 to 5), paired baseline against her latest. Skills: the target role's skills at or "
            "above the level that role needs. Figures over fewer than "
            f"{SMALL_GROUP} people are not shown. Training attendance: the share of the days "
            "of training events held so far that the mentees invited attended. Satisfaction: "
            "each mentee's latest answer (end, else mid-point), 1 to 5.",
            people_counts=False,
        ),
    ]
    chart = _confidence_chart(data)
    if chart is not None:
        blocks.append(chart)
    return blocks


def _share_or_not_recorded(value: float | None) -> Cell:
    if value is None:
        return Cell(NOT_RECORDED, None, numeric=True)
    return Cell(f"{value:.0%}", value, numeric=True)


def _retained_at(
    record: CohortRecord,
    mentees: Sequence[MenteePlace],
    months: int,
    counts: Counts,
    today: date,
) -> Cell:
    end = record.header.end_date
    if end is None or add_months(end, months) > today:
        return Cell(NOT_YET, None, numeric=True)
    by = add_months(end, months)
    took = [m for m in mentees if _took_part(m)]
    left = sum(
        1
        for m in took
        if any(o.kind == OutcomeKind.LEFT_SECTOR.value and o.occurred_on <= by for o in m.outcomes)
    )
    c = record.header.id
    key = counts.add(("in_sector", months, c), len(took) - left)
    counts.complement(("left_sector", months, c), key, ("took_part", c))
    return counts.cell(key)


def _confidence_chart(data: ProgrammeData) -> ChartSpec | None:
    """Paired confidence by the year cohorts started: each year's mean over its women
    (a cohort's mean weighted by its people is the mean over those same women)."""
    years: dict[int, list[tuple[int, float, float]]] = defaultdict(list)
    for r in data.cohorts:
        c = r.confidence
        if c.people and c.mean_before is not None and c.mean_after is not None:
            years[r.header.start_date.year].append((c.people, c.mean_before, c.mean_after))  # type: ignore[union-attr]
    shown = {
        y: (
            sum(n for n, _, _ in rows),
            sum(n * b for n, b, _ in rows) / sum(n for n, _, _ in rows),
            sum(n * a for n, _, a in rows) / sum(n for n, _, _ in rows),
        )
        for y, rows in sorted(years.items())
        if sum(n for n, _, _ in rows) >= SMALL_GROUP
    }
    if not shown:
        return None
    parts = [
        f"{y}: {before:.1f} at the start, {after:.1f} latest ({n} women)"
        for y, (n, before, after) in shown.items()
    ]
    return ChartSpec(
        key="chart_confidence",
        title="Mean confidence at the start and latest, by year",
        categories=tuple(str(y) for y in shown),
        series=(
            ("At the start", tuple(round(b, 2) for _, b, _ in shown.values())),
            ("Latest", tuple(round(a, 2) for _, _, a in shown.values())),
        ),
        value_axis_title="Mean confidence (1 to 5)",
        category_axis_title="Year the cohort started",
        value_min=1,
        value_max=5,
        value_step=1,
        alt_text="Bar chart of mean confidence on a 1 to 5 scale, each woman's start "
        "against her latest answers. " + "; ".join(parts) + ".",
    )


def _year_table(
    data: ProgrammeData, counts: Counts, by_cohort: dict[int, list[MenteePlace]]
) -> ReportTable:
    years: dict[int, list[CohortRecord]] = defaultdict(list)
    for r in data.cohorts:
        years[r.header.start_date.year].append(r)  # type: ignore[union-attr]
    rows = []
    for year in sorted(years):
        records = years[year]
        ids = [r.header.id for r in records]
        cells = [words(str(year)), Cell(str(len(records)), len(records), numeric=True)]
        for col in ("mentees", "completed", "withdrawn"):
            key = counts.add((col, "year", year), sum(counts.grid.values[(col, c)] for c in ids))
            counts.grid.line([*((col, c) for c in ids), key])
            cells.append(counts.cell(key))
        took = counts.add(
            ("took_part", "year", year), sum(counts.grid.values[("took_part", c)] for c in ids)
        )
        counts.grid.line([*(("took_part", c) for c in ids), took])
        for col in ("promoted", "became_mentor"):
            key = counts.add((col, "year", year), sum(counts.grid.values[(col, c)] for c in ids))
            counts.grid.line([*((col, c) for c in ids), key])
            counts.complement((col, "not", "year", year), key, took)
            cells += [counts.cell(key), counts.rate(key, took)]
        minutes = sum(m.minutes for c in ids for m in by_cohort.get(c, []))
        cells.append(number_cell(minutes / 60, 0))
        rows.append(tuple(cells))
    # Years add up to the programme's total too.
    for col in ("mentees", "completed", "withdrawn"):
        counts.grid.line([*((col, "year", y) for y in years), (col, "all")])
    return ReportTable(
        "years",
        "Year on year",
        (
            "Year",
            "Cohorts",
            "Mentees",
            "Completed",
            "Withdrew",
            "Promoted",
            "Promoted %",
            "Became mentors",
            "Became mentors %",
            "Hours of mentoring",
        ),
        tuple(rows),
        SUPPRESSION_NOTE + " Places: a woman in two cohorts is counted in each.",
    )


def _year_chart(table: ReportTable) -> ChartSpec:
    years = tuple(r[0].text for r in table.rows)
    mentees = tuple(r[2].value for r in table.rows)
    completed = tuple(r[3].value for r in table.rows)
    top = max([v for v in (*mentees, *completed) if v is not None] or [0])
    step = max(1, _nice_step(top))
    described = "; ".join(
        f"{y}: {r[2].text} mentees, {r[3].text} completed"
        for y, r in zip(years, table.rows, strict=True)
    )
    return ChartSpec(
        key="chart_years",
        title="Mentees and completions by year",
        categories=years,
        series=(("Mentees", mentees), ("Completed", completed)),
        value_axis_title="People",
        category_axis_title="Year the cohort started",
        value_min=0,
        value_max=max(step, step * -(-top // step)),
        value_step=step,
        alt_text="Bar chart of mentees and completions by year. "
        + (described or "No cohorts.")
        + f". Groups of fewer than {SMALL_GROUP}, and figures hidden so that a total cannot "
        "reveal one, are not drawn.",
    )


def _nice_step(top: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 6:
            return step
    return 2000


def _reasons_table(data: ProgrammeData, counts: Counts) -> ReportTable:
    tally = Counter(withdrawal_category(r) for rec in data.cohorts for r in rec.withdrawal_reasons)
    categories = [c for c, _ in WITHDRAWAL_CATEGORIES] + [REASON_OTHER, REASON_NOT_GIVEN]
    keys = [counts.add(("reason", c), tally.get(c, 0)) for c in categories]
    counts.grid.line([*keys, ("withdrawn", "all")])
    rows = tuple((words(c), counts.cell(k)) for c, k in zip(categories, keys, strict=True))
    return ReportTable(
        "withdrawal_reasons",
        "Why mentees withdrew",
        ("Reason (category)", "Mentees"),
        (*rows, (words("All who withdrew"), counts.cell(("withdrawn", "all")))),
        SUPPRESSION_NOTE + " Reasons are free text, sorted into categories by their words.",
    )


def _place_tables(data: ProgrammeData, counts: Counts) -> tuple[ReportTable, ReportTable]:
    columns = ("mentees", "completed", "withdrawn", "promoted", "mentors")
    promoted_people = {
        (m.person_id, m.cohort_id)
        for m in data.mentees
        if _took_part(m) and any(o.kind == OutcomeKind.PROMOTION.value for o in m.outcomes)
    }

    def where(person_id: int) -> tuple[str, str]:
        loc = data.locations.get(person_id)
        if loc is None or not loc.organisation:
            return NO_ORGANISATION, (loc.region if loc and loc.region else NO_REGION)
        return loc.organisation, loc.region or NO_REGION

    tallies: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for m in data.mentees:
        t = tallies[where(m.person_id)]
        t["mentees"] += 1
        t["completed"] += m.status == ParticipationStatus.COMPLETED.value
        t["withdrawn"] += m.status == ParticipationStatus.WITHDRAWN.value
        t["promoted"] += (m.person_id, m.cohort_id) in promoted_people
    for mentor in data.mentors:
        tallies[where(mentor.person_id)]["mentors"] += 1
    kinds = {loc.organisation: loc.organisation_kind for loc in data.locations.values()}
    org_rows, region_rows = [], []
    regions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for place in sorted(tallies, key=lambda p: (p[0] == NO_ORGANISATION, p[0].casefold(), p[1])):
        regions[place[1]].append(place)
        row = [words(place[0]), words(_kind_label(kinds.get(place[0], ""))), words(place[1])]
        for col in columns:
            row.append(counts.cell(counts.add(("org", col, place), tallies[place][col])))
        org_rows.append(tuple(row))
    for col in columns:
        total = (col, "all") if col != "promoted" and col != "mentors" else ("org_total", col)
        if total not in counts.grid.values:
            counts.add(total, sum(t[col] for t in tallies.values()), total=True)
        counts.grid.line([*(("org", col, p) for p in tallies), total])
    for region in sorted(regions, key=lambda r: (r == NO_REGION, r.casefold())):
        row = [words(region)]
        for col in columns:
            key = counts.add(("region", col, region), sum(tallies[p][col] for p in regions[region]))
            counts.grid.line([*(("org", col, p) for p in regions[region]), key])
            row.append(counts.cell(key))
        region_rows.append(tuple(row))
    for col in columns:
        total = (col, "all") if col not in ("promoted", "mentors") else ("org_total", col)
        counts.grid.line([*(("region", col, r) for r in regions), total])
    header = ("Mentees", "Completed", "Withdrew", "Promoted", "Mentors")

    def total_row(first: Sequence[str]) -> tuple[Cell, ...]:
        return (
            *(words(t) for t in first),
            *(
                counts.cell((c, "all") if c not in ("promoted", "mentors") else ("org_total", c))
                for c in columns
            ),
        )

    org_rows.append(total_row(("All organisations", "", "")))
    region_rows.append(total_row(("All regions",)))
    note = (
        SUPPRESSION_NOTE
        + " Places: a woman in two cohorts is counted in each; mentors by place too."
    )
    return (
        ReportTable(
            "organisations",
            "By organisation",
            ("Organisation", "Kind", "Region", *header),
            tuple(org_rows),
            note,
        ),
        ReportTable("regions", "By region", ("Region", *header), tuple(region_rows), note),
    )


def _kind_label(kind: str) -> str:
    try:
        return OrganisationKind(kind).label
    except ValueError:
        return kind


def _equality_tables(data: ProgrammeData, counts: Counts) -> list[ReportTable | ChartSpec]:
    tables: list[ReportTable | ChartSpec] = []
    for field_name, label in EQUALITY_FIELDS.items():
        answers = data.equality.get(field_name, {})
        keys = []
        rows = []
        for answer in sorted(answers, key=str.casefold):
            key = counts.add(("equality", field_name, answer), len(set(answers[answer])))
            keys.append(key)
            rows.append((words(answer.replace("_", " ").capitalize()), key))
        total = counts.add(
            ("equality", field_name, "all"), sum(counts.grid.values[k] for k in keys), total=True
        )
        counts.grid.line([*keys, total])
        tables.append(
            ReportTable(
                f"equality_{field_name}",
                label,
                (label, "Mentees"),
                (
                    *((name, counts.cell(k)) for name, k in rows),
                    (words("All who answered"), counts.cell(total)),
                ),
                SUPPRESSION_NOTE,
            )
        )
    return tables


def _quotes_section(data: ProgrammeData) -> Section:
    if not data.quotes:
        return Section(
            "In their words",
            (
                "No quotes are shown: a quote is printed only when she agreed to its "
                "publication, with the date of that consent, and has not withdrawn it.",
            ),
        )
    return Section(
        "In their words",
        tuple(
            f"“{q.text}” – {q.name} (consent to publish given {q.consent_given_on.day} "
            f"{q.consent_given_on:%B %Y})"
            for q in data.quotes
        ),
    )


def _method(data: ProgrammeData, period: str) -> tuple[str, ...]:
    return (
        f"Figures from the database {data.database}, read on {data.gathered_on.day} "
        f"{data.gathered_on:%B %Y}, for cohorts that started in {period}.",
        "Counted: cohorts under way or completed (not drafts, cohorts still taking applications, or cancelled ones); mentees whose place "
        "started (active, completed or withdrawn); mentors whose place was taken up (active or "
        "completed). Left out: applications not decided, places accepted but not started, "
        "cancelled cohorts, and people erased on request (their data no longer exists).",
        "Women supported counts each woman once however many cohorts she joined; the tables "
        "count places. Hours are the mentoring sessions logged on the cohort's matches.",
        "Promotions, new roles, retention and alumni who became mentors use the same "
        "definitions as the app's outcome figures: an outcome belongs to a cohort when it is "
        "credited to it, or to no cohort and dated on or after its start.",
        SUPPRESSION_NOTE,
        "Training-day attendance is read from the events' registers; satisfaction and quotes "
        "from the mid-point and end feedback. A quote is printed only where she consented to "
        "its publication, attributed as she chose, and not after she withdrew that consent.",
    )
