"""The column-wise parser gives exactly what checking row by row gives.

tests/importing/row_by_row.py is the specification (the parser as it was,
one row at a time, every text through clean_text). Records are compared
field by field, problems in order, and each person's fields in the order
they were filled.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.importing.corpus import HEADER, PEOPLE, write_csv, write_openpyxl, write_xlsxwriter
from tests.importing.row_by_row import parse_rows
from women_in_ddat.importing.fields import FIELDS
from women_in_ddat.importing.mapping import ColumnMapping
from women_in_ddat.importing.rows import RowParser
from women_in_ddat.importing.run import ImportSettings, prepare
from women_in_ddat.importing.tables import Table
from women_in_ddat.services.imports import ImportRecord

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def as_compared(record: ImportRecord) -> tuple:
    return (
        record.ref,
        record.email,
        list(record.person.items()),
        record.organisation,
        record.role,
        record.start_date,
        record.mentor_email,
        record.mentor_name_key,
        record.name_key,
        record.lossy,
        record.columns,
        [str(p) for p in record.problems],
        list(record.raw),
    )


def assert_same(
    table: Table, mapping: ColumnMapping, header_index: int, role_hint: str | None
) -> list:
    expected = parse_rows(table, mapping, header_index, role_hint=role_hint)
    got = RowParser(table, mapping, role_hint=role_hint).parse(header_index)
    assert [as_compared(r) for r in got] == [as_compared(r) for r in expected]
    return got


def assert_same_for_file(path: Path, **settings: object) -> int:
    prepared = prepare(path, ImportSettings(use_remembered_mappings=False, **settings))  # type: ignore[arg-type]
    compared = 0
    for sheet in prepared.used:
        assert sheet.mapping is not None and sheet.header_index is not None
        compared += len(
            assert_same(sheet.table, sheet.mapping, sheet.header_index, sheet.role_hint)
        )
    return compared


MESSY_ROWS = [
    *PEOPLE,
    [
        "\u00a0Zoe\u0308\u200b ",
        "  Hughes  ",
        " ZOE.H@ESSEX.GOV.UK\u00a0",
        "Essex  County Council",
        "",
        "MENTEE",
        "data",
        "12/01/2026",
        "",
    ],
    ["Bad", "Row", "not-an-email", "", "", "trainee", "", "31/02/2026", ""],
    [
        "Long",
        "x" * 101,
        "long@x.gov.uk",
        "O" * 201,
        "J" * 201,
        "mentor",
        "F" * 101,
        "1989-12-31",
        "",
    ],
    [
        "Ann",
        "Wi?niewska",
        "ann@x.gov.uk",
        "Ynys M?n Council",
        "Anal?st",
        "mentee",
        "",
        "",
        "Helen Carter",
    ],
    ["", "", "", "Org only", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", ""],
    ["Self", "Named", "self@x.gov.uk", "", "", "", "", "45000", "self@x.gov.uk"],
    ["Mentor", "ByBadEmail", "m@x.gov.uk", "", "", "", "", "next Tuesday", "not@valid"],
    ["Dup", "One", "ann@x.gov.uk", "", "", "Mentees", "Software development", "", ""],
]


@pytest.mark.parametrize("writer", ["csv", "openpyxl", "xlsxwriter"])
def test_same_records_and_problems_on_corpus_files(tmp_path: Path, writer: str) -> None:
    if writer == "csv":
        path = write_csv(tmp_path / "c.csv", [HEADER, *MESSY_ROWS], title_rows=["Cohort list", ""])
    elif writer == "openpyxl":
        path = write_openpyxl(
            tmp_path / "c.xlsx", {"Mentees": [HEADER, *MESSY_ROWS]}, start_cell=(3, 2)
        )
    else:
        path = write_xlsxwriter(tmp_path / "c.xlsx", {"Cohort": [HEADER, *MESSY_ROWS]})
    assert assert_same_for_file(path) == len(MESSY_ROWS) - 1  # the blank row is no record


def test_same_with_one_name_column_notes_and_every_other_field(tmp_path: Path) -> None:
    header = [
        "Name",
        "Email",
        "Line manager",
        "Phone",
        "Region",
        "DDaT role",
        "Comments",
        "Mentor",
        "Start",
    ]
    rows = [
        [
            "Yılmaz, Ayşe",
            "a@m.gov.uk",
            "boss@m.gov.uk",
            "07700 900123",
            "South East",
            "Data scientist",
            "Line one\r\nLine  two",
            "",
            "12/01/2026",
        ],
        [
            "Thu Nguyễn Thị",
            "t@m.gov.uk",
            "t@m.gov.uk",
            "",
            "",
            "Not a DDaT role",
            "",
            "Ayşe Yılmaz",
            "",
        ],
        ["Cher", "c@m.gov.uk", "bad manager", "", "", "", 42, "", ""],
    ]
    path = write_openpyxl(tmp_path / "n.xlsx", {"Mentors": [header, *rows]})
    assert assert_same_for_file(path) == 3


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the shared samples are not beside this checkout")
@pytest.mark.parametrize("name", ["kent_cohort_2026_clean.xlsx", "kent_intake_messy_cp1252.csv"])
def test_same_on_the_shared_samples(name: str) -> None:
    assert assert_same_for_file(SAMPLES / name) == 5


# Hypothesis: any table, any mapping ---------------------------------------

messy_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(
            [
                "\u00a0",
                "\u200b",
                "\ufeff",
                "\t",
                "  ",
                "e\u0301",
                "\u202f",
                "\r\n",
                "\u2000",
                " ",
                "?",
                "\ufffd",
                ",",
                "@",
            ]
        ),
    ),
    max_size=12,
).map("".join)
words = st.sampled_from(
    [
        "mentee",
        "MENTOR",
        " Mentees ",
        "protégé",
        "trainee",
        "Data",
        "data",
        "Software development",
        "Data scientist",
        "data  scientist",
        "Product and delivery",
        "Wi?niewska",
        "?ukasiewicz",
        "Zoë",
        "Zoe\u0308",
        "Helen Carter",
        "Anna Weiß",
        "Yılmaz, Ayşe",
        "Ann",
        "a@b.gov.uk",
        " A@B.GOV.UK ",
        "a@b",
        "x" * 101,
        "y" * 255,
        "31/02/2026",
        "12/01/2026",
        "2026-01-12",
        "12/01/26",
        "1989-12-31",
        "45000",
        "next Tuesday",
        "",
    ]
)
cells = st.one_of(
    words,
    messy_text,
    st.none(),
    st.booleans(),
    st.integers(-5, 3_000_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1890, 1, 1), max_value=date(2200, 1, 1)).map(
        lambda d: datetime(d.year, d.month, d.day)
    ),
    st.just(datetime(2026, 1, 12, 9, 30)),
    st.just(time(9, 30)),
    st.just(timedelta(hours=3)),
)
field_keys = [f.key for f in FIELDS]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    keys=st.lists(st.sampled_from(field_keys), min_size=1, max_size=len(field_keys), unique=True),
    rows=st.lists(st.lists(cells, max_size=16), max_size=12),
    role_hint=st.sampled_from([None, "mentee", "mentor"]),
    excel_1904=st.booleans(),
    first_row=st.integers(1, 40),
)
def test_same_on_generated_tables(keys, rows, role_hint, excel_1904: bool, first_row: int) -> None:
    if "email" not in keys:
        keys = ["email", *keys]
    mapping = ColumnMapping(
        headers=[f"H{i}" for i in range(len(keys))],
        fields={k: i for i, k in enumerate(keys)},
        first_column=first_row % 3,
    )
    table = Table("Sheet 1", [["header"], *rows], first_row_number=first_row, excel_1904=excel_1904)
    assert_same(table, mapping, 0, role_hint)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(words, words, words, words, words), min_size=1, max_size=40))
def test_same_when_values_repeat_down_a_column(rows) -> None:
    """Repeated values take the cached path: still exactly the row-by-row result."""
    keys = ["first_name", "email", "role", "start_date", "ddat_family"]
    mapping = ColumnMapping(headers=keys, fields={k: i for i, k in enumerate(keys)})
    doubled = [list(r) for r in rows] * 2
    assert_same(Table("S", [keys, *doubled]), mapping, 0, None)


def test_a_serial_number_past_the_last_date_is_a_row_problem_not_a_crash() -> None:
    """Found by the test above: 2957004 in a 1904 workbook is past 31/12/9999."""
    mapping = ColumnMapping(headers=["Email", "Start"], fields={"email": 0, "start_date": 1})
    table = Table("S", [["Email", "Start"], ["a@b.gov.uk", 2957004]], excel_1904=True)
    records = assert_same(table, mapping, 0, None)
    assert [str(p) for p in records[0].problems] == [
        "S, row 2, column B (Start): not a date (write it as dd/mm/yyyy)"
    ]
