"""Cell values, header matching and the count invariant, with Hypothesis where it pays."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.importing.corpus import HEADER, write_csv
from women_in_ddat.domain.values import clean_text
from women_in_ddat.importing.cells import cell_date, cell_text, column_letter
from women_in_ddat.importing.mapping import find_header, map_headers, match_header
from women_in_ddat.importing.rows import has_lost_letter, parse_role
from women_in_ddat.importing.run import ImportSettings, prepare, run_import
from women_in_ddat.importing.tables import Table

# Text as it arrives: spaces of every kind, invisible characters, decomposed accents.
messy_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(
            ["\u00a0", "\u200b", "\ufeff", "\t", "  ", "e\u0301", "\u202f", "\r\n", "a", " "]
        ),
        # Bidi controls and marks, other default-ignorables, joiners and the letters around them.
        st.sampled_from(
            [
                "\u200e",
                "\u200f",
                "\u202b",
                "\u2066",
                "\u2069",
                "\u00ad",
                "\u034f",
                "\ufe0f",
                "\U000e0100",
                "\u3164",
                "\u200c",
                "\u200d",
                "\u0628",
                "\u06cc",
                "\u0915\u094d",
                "\u845b",
            ]
        ),
    ),
    max_size=40,
).map("".join)


@given(messy_text)
def test_fast_cell_text_is_exactly_clean_text(value: str) -> None:
    assert cell_text(value) == clean_text(value)


@given(
    st.lists(
        st.one_of(messy_text, st.none(), st.integers(), st.floats(allow_nan=False)), max_size=8
    )
)
def test_column_cleaning_is_clean_text_cell_by_cell(values: list) -> None:
    from women_in_ddat.importing.cells import column_texts

    rows = [[v] for v in values] + [[]]  # a short row reads as empty
    expected = [clean_text(v) if isinstance(v, str) else cell_text(v) for v in values] + [""]
    assert column_texts(rows, 0) == expected


# Addresses nearly right and nearly wrong: dots and hyphens at label ends,
# labels of 63 and 64 letters, more than 254 in all, newlines (which the
# batched search splits on), and text that is no address at all.
address_like = st.one_of(
    st.builds(
        lambda local, labels, tail: f"{local}@{'.'.join(labels)}{tail}",
        st.sampled_from(["ann", "a.b", "a..b", ".a", "x+y", "o'neil", "A", "a b", "é", "x" * 200]),
        st.lists(
            st.sampled_from(["gov", "uk", "a-b", "-a", "a-", "x" * 63, "x" * 64, "1", ""]),
            min_size=1,
            max_size=4,
        ),
        st.sampled_from(["", "\n", ".", "\nb@c.uk", "\n\n"]),
    ),
    messy_text,
)


@given(st.sets(address_like, max_size=30))
# Well formed but 271 characters: the batched search matches it, the length rule must not.
@example({"x" * 200 + "@" + "x" * 63 + ".gov.uk", "ann@gov.uk"})
def test_addresses_checked_together_are_judged_as_one_at_a_time(addresses: set[str]) -> None:
    from women_in_ddat.domain.values import email_problem, email_problems

    alone = {a: problem for a in addresses if (problem := email_problem(a))}
    assert email_problems(addresses) == alone


@given(messy_text)
def test_cell_text_is_trimmed_nfc_and_idempotent(value: str) -> None:
    import unicodedata

    text = cell_text(value)
    assert text == text.strip() and unicodedata.is_normalized("NFC", text)
    assert "\u200b" not in text and "\u00a0" not in text and "  " not in text
    assert not set(text) & set("\u200e\u200f\u202b\u2066\u2069\u00ad\u034f\u3164")
    assert cell_text(text) == text


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_round_trip_through_every_written_form(day: date) -> None:
    serial_1900 = (day - date(1899, 12, 30)).days
    serial_1904 = (day - date(1904, 1, 1)).days
    assert cell_date(day.strftime("%d/%m/%Y"), excel_1904=False) == day
    assert cell_date(day.isoformat(), excel_1904=False) == day
    assert cell_date(float(serial_1900), excel_1904=False) == day
    if serial_1904 >= 1:
        assert cell_date(serial_1904, excel_1904=True) == day
    assert cell_date(f" {day:%d/%m/%Y}\u00a0", excel_1904=False) == day


def test_uk_order_never_us_and_impossible_dates() -> None:
    assert cell_date("03/04/2026", excel_1904=False) == date(2026, 4, 3)
    with pytest.raises(ValueError, match="not a real date"):
        cell_date("04/31/2026", excel_1904=False)  # US order: no 31st month
    with pytest.raises(ValueError, match="not a real date"):
        cell_date("29/02/2025", excel_1904=False)
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        cell_date("next Tuesday", excel_1904=False)


def test_numbers_read_as_text_lose_no_digits() -> None:
    assert cell_text(7700900123.0) == "7700900123"
    assert cell_text(1.5) == "1.5"
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(27) == "AB"


@pytest.mark.parametrize(
    "header, field",
    [
        ("Forename", "first_name"),
        ("Given name", "first_name"),
        ("FIRST NAME", "first_name"),
        ("Surname", "last_name"),
        ("Surename", "last_name"),
        ("E-mail Address", "email"),
        ("Email *", "email"),
        ("e_mail", "email"),
        ("Council", "organisation"),
        ("Employer", "organisation"),
        ("Organization", "organisation"),
        ("Participant type", "role"),
        ("Role", "role"),
        ("Job family", "ddat_family"),
        ("Commencement", "start_date"),
        ("Start date (dd/mm/yyyy)", "start_date"),
        ("Mentor", "mentor"),
        ("Mentor e-mail", "mentor"),
        ("Line manager", "line_manager_email"),
        ("Tel", "phone"),
        ("Comments", "notes"),
        ("Position", "job_title"),
        ("Name", "full_name"),
    ],
)
def test_header_synonyms(header: str, field: str) -> None:
    assert match_header(header)[0] == field


def test_unrelated_headers_are_not_mapped_and_are_listed() -> None:
    mapping = map_headers(["Email", "Favourite colour", "", "Shoe size"])
    assert mapping.fields == {"email": 0}
    assert [mapping.column_label(i) for i in mapping.unmapped] == [
        "B (Favourite colour)",
        "D (Shoe size)",
    ]


def test_header_row_is_found_below_title_rows() -> None:
    table = Table(
        "S",
        [
            ["Cohort list"],
            ["Printed 01/01/2026", ""],
            [],
            ["Name", "E-mail", "Council"],
            ["Zoë Hughes", "z@e.gov.uk", "Essex"],
        ],
    )
    found = find_header(table)
    assert found is not None and found.row_index == 3
    assert found.mapping.fields == {"full_name": 0, "email": 1, "organisation": 2}


def test_a_notes_row_starting_with_email_is_not_a_header() -> None:
    notes = Table("Guide", [["Column", "What to put in it"], ["Email", "Required. Work email."]])
    assert find_header(notes) is None
    only_emails = Table("List", [["Email"], ["z@e.gov.uk"]])
    found = find_header(only_emails)
    assert found is not None and found.mapping.fields == {"email": 0}


def test_single_name_column_is_split(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "n.csv",
        [["Name", "Email"], ["Yılmaz, Ayşe", "a@m.gov.uk"], ["Thu Nguyễn Thị", "t@m.gov.uk"]],
    )
    records = prepare(path, ImportSettings(use_remembered_mappings=False)).records
    assert [(r.person["first_name"], r.person["last_name"]) for r in records] == [
        ("Ayşe", "Yılmaz"),
        ("Thu", "Nguyễn Thị"),
    ]


@pytest.mark.parametrize(
    "word, role",
    [
        ("mentee", "mentee"),
        ("MENTOR", "mentor"),
        (" Mentees ", "mentee"),
        ("Mentor", "mentor"),
        ("trainee", None),
    ],
)
def test_role_words_in_any_case(word: str, role: str | None) -> None:
    assert parse_role(word) == role


@pytest.mark.parametrize(
    "text, lossy",
    [
        ("Wi?niewska", True),
        ("?ukasiewicz", True),
        ("Ynys M?n", True),
        ("Why?", False),
        ("O'Connor", False),
        ("Zoë", False),
        ("x\ufffdy", True),
    ],
)
def test_lost_letters_are_recognised(text: str, lossy: bool) -> None:
    assert has_lost_letter(text) is lossy


def test_cleaning_of_a_messy_row(tmp_path: Path) -> None:
    row = [
        "\u00a0Zoe\u0308\u200b ",
        "  Hughes  ",
        " ZOE.HUGHES@ESSEX.GOV.UK\u00a0",
        "Essex  County Council",
        "",
        "MENTEE",
        "data",
        "12/01/2026",
        "",
    ]
    records = prepare(
        write_csv(tmp_path / "m.csv", [HEADER, row]), ImportSettings(use_remembered_mappings=False)
    ).records
    record = records[0]
    assert record.person["first_name"] == "Zoë"  # NFC: one code point
    assert len(record.person["first_name"]) == 3
    assert record.email == "zoe.hughes@essex.gov.uk"
    assert record.organisation == "Essex County Council"
    assert record.person["current_role_family"] == "Data"  # the framework's spelling
    assert record.role == "mentee" and record.start_date == date(2026, 1, 12)


def test_remembered_mapping_applies_to_the_same_layout(tmp_path: Path) -> None:
    from women_in_ddat.importing.memory import load_mappings, remember_mapping

    path = write_csv(
        tmp_path / "m.csv", [["Email", "Surname", "Ref"], ["z@e.gov.uk", "Hughes", "Zoë"]]
    )
    prepared = prepare(path, ImportSettings())
    sheet = prepared.used[0]
    assert sheet.mapping is not None and "first_name" not in sheet.mapping.fields
    remember_mapping(sheet.mapping.layout_signature, {"email": 0, "last_name": 1, "first_name": 2})
    assert load_mappings()[sheet.mapping.layout_signature] == {
        "email": 0,
        "last_name": 1,
        "first_name": 2,
    }
    again = prepare(path, ImportSettings())
    assert again.records[0].person["first_name"] == "Zoë"
    assert (
        "first_name"
        not in prepare(path, ImportSettings(use_remembered_mappings=False)).records[0].person
    )


# The invariant: every data row is counted exactly once -------------------

good_row = st.tuples(
    st.sampled_from(["Ann", "Bea", "Zoë", "Siân"]),
    st.integers(0, 8),
    st.sampled_from(["mentee", "mentor"]),
)
bad_row = st.sampled_from(
    [
        ["X", "Y", "no-at-sign", "", "", "mentee", "", "", ""],
        ["X", "Y", "x@bad.gov.uk", "", "", "boss", "", "", ""],
        ["X", "Y", "y@bad.gov.uk", "", "", "mentee", "", "31/02/2026", ""],
        ["", "", "", "Org only", "", "", "", "", ""],
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.lists(st.one_of(good_row, bad_row), min_size=1, max_size=12),
    second=st.lists(st.one_of(good_row, bad_row), min_size=1, max_size=12),
    skip=st.booleans(),
)
def test_created_updated_unchanged_rejected_add_up_to_the_data_rows(
    tmp_path_factory, first, second, skip: bool
) -> None:
    from women_in_ddat.services.context import Services

    folder = tmp_path_factory.mktemp("inv")
    services = Services.open(str(folder / "p.db"), actor="t")
    try:
        for number, rows in enumerate((first, second)):
            data = [
                r
                if isinstance(r, list)
                else [
                    r[0],
                    f"L{r[1]}",
                    f"p{r[1]}@o{r[1]}.gov.uk",
                    f"Org {r[1]}",
                    "",
                    r[2],
                    "",
                    "",
                    "",
                ]
                for r in rows
            ]
            path = write_csv(folder / f"f{number}.csv", [HEADER, *data])
            outcome = run_import(
                str(folder / "p.db"),
                path,
                ImportSettings(cohort="C", skip_invalid=skip, use_remembered_mappings=False),
                actor="t",
            ).outcome
            data_rows = sum(1 for r in data if any(r))
            assert (
                outcome.created + outcome.updated + outcome.unchanged + outcome.rejected
                == data_rows
            )
            assert outcome.rejected == len({p.ref for p in outcome.problems})
            if outcome.written:
                assert services.people.count() >= outcome.created
    finally:
        services.close()


def test_start_dates_far_off_are_refused(tmp_path: Path) -> None:
    row = [
        "Ann",
        "Lee",
        "a@b.gov.uk",
        "",
        "",
        "mentee",
        "",
        (date(1899, 12, 30) + timedelta(days=12)).isoformat(),
        "",
    ]
    records = prepare(
        write_csv(tmp_path / "d.csv", [HEADER, row]), ImportSettings(use_remembered_mappings=False)
    ).records
    assert [p.reason for p in records[0].problems] == [
        "not a plausible start date (check the year)"
    ]


@pytest.mark.parametrize(
    "written", ["01/02/0001", "01/02/0099", "0099-02-01", "01/02/1899", "01/02/2101"]
)
def test_a_year_outside_1900_to_2100_is_a_row_error_never_this_century(
    tmp_path: Path, written: str
) -> None:
    row = ["Ann", "Lee", "a@b.gov.uk", "", "", "mentee", "", written, ""]
    records = prepare(
        write_csv(tmp_path / "d.csv", [HEADER, row]), ImportSettings(use_remembered_mappings=False)
    ).records
    assert records[0].start_date is None
    assert [(p.column, p.reason) for p in records[0].problems] == [
        ("H (Start date)", "the year is not between 1900 and 2100 (check the year)")
    ]


def test_dates_typed_in_the_app_or_command_line_refuse_a_year_outside_1900_to_2100() -> None:
    from women_in_ddat.domain.values import parse_date

    assert parse_date("01/02/26") == date(2026, 2, 1)  # two digits: this century
    assert parse_date("01/02/2100") == date(2100, 2, 1)
    for written in ("01/02/0001", "01/02/0099", "1.2.1899", "2958465"):
        with pytest.raises(ValueError, match="not between 1900 and 2100"):
            parse_date(written)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Email", "Role / job title"], {"email": 0, "job_title": 1}),
        (["Email", "Council or organisation"], {"email": 0, "organisation": 1}),
        (["Email", "Name & surname"], {"email": 0, "full_name": 1}),
        (
            ["Email", "Organisation/Council", "Job title or role", "Mentee or mentor"],
            {"email": 0, "organisation": 1, "job_title": 2, "role": 3},
        ),
        # An alternative whose field another column feeds is passed over.
        (["Role", "Email", "Role / job title"], {"role": 0, "email": 1, "job_title": 2}),
        (["Job title", "Email", "Role / job title"], {"job_title": 0, "email": 1, "role": 2}),
    ],
)
def test_a_header_offering_alternatives_maps_to_one_of_them(
    headers: list[str], expected: dict[str, int]
) -> None:
    assert map_headers(headers).fields == expected


def test_an_unmapped_column_is_given_the_closest_field_not_yet_fed() -> None:
    mapping = map_headers(
        ["Email", "Line mngr", "Council area", "Favourite colour", "Job titel stuff"]
    )
    assert mapping.unmapped == [1, 2, 3, 4]
    assert mapping.suggestions() == {1: "line_manager_email", 2: "organisation", 4: "job_title"}
    mapping = map_headers(["Email", "Organisation", "Council area"])
    assert mapping.suggestions() == {2: "region"}  # organisation is taken


def test_a_file_with_alternative_headers_imports_every_column(tmp_path: Path) -> None:
    header = [
        "Name & surname",
        "Email",
        "Council or organisation",
        "Role / job title",
        "Mentee or mentor",
    ]
    row = ["Ayşe Yılmaz", "a@medway.gov.uk", "Medway Council", "Delivery manager", "Mentee"]
    prepared = prepare(
        write_csv(tmp_path / "alt.csv", [header, row]),
        ImportSettings(use_remembered_mappings=False),
    )
    assert prepared.used[0].mapping.unmapped == []
    record = prepared.records[0]
    assert record.person == {
        "first_name": "Ayşe",
        "last_name": "Yılmaz",
        "job_title": "Delivery manager",
    }
    assert (record.organisation, record.role) == ("Medway Council", "mentee")
