from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.people_index import (
    PeopleIndex,
    PersonListRow,
    fold_for_search,
    load_people_index,
)


def _row(i: int, name: str, email: str = "", org: str = "", job: str = "") -> PersonListRow:
    return PersonListRow(i, name, email or f"p{i}@x.gov.uk", org, job, 1)


ROWS = [
    _row(1, "Zoë Hughes", org="Essex County Council", job="Data analyst"),
    _row(2, "Agnieszka Łukasiewicz", org="Kent County Council", job="Business analyst"),
    _row(3, "Ayşe Yılmaz", org="Thurrock Council", job="Delivery manager"),
    _row(4, "Ольга Петренко", org="Medway Council", job="User researcher"),
    _row(5, "Thu Nguyễn Thị", email="thu.nguyen@nhs.net", org="NHS England"),
]


def test_accents_and_case_are_folded() -> None:
    assert (
        fold_for_search("Zoë ŁUKASIEWICZ Yılmaz Nguyễn Straße")
        == "zoe lukasiewicz yilmaz nguyen strasse"
    )


def _names(index: PeopleIndex, text: str) -> list[str]:
    return [index.rows[i].name for i in index.matching(text)]


def test_filter_matches_name_email_organisation_and_job_title() -> None:
    index = PeopleIndex(ROWS)
    assert _names(index, "zoe") == ["Zoë Hughes"]
    assert _names(index, "lukas") == ["Agnieszka Łukasiewicz"]
    assert _names(index, "YILMAZ") == ["Ayşe Yılmaz"]
    assert _names(index, "ольга") == ["Ольга Петренко"]
    assert _names(index, "nhs.net") == ["Thu Nguyễn Thị"]
    assert _names(index, "kent") == ["Agnieszka Łukasiewicz"]
    assert _names(index, "analyst") == ["Zoë Hughes", "Agnieszka Łukasiewicz"]
    assert _names(index, "analyst essex") == ["Zoë Hughes"]
    assert _names(index, "nobody") == []
    assert len(index.matching("  ")) == 5


def test_a_word_never_matches_across_two_fields() -> None:
    index = PeopleIndex([_row(1, "Ann Lee", org="Essex", job="Analyst")])
    assert index.matching("essexanalyst") == []


def _brute_force(rows: list[PersonListRow], text: str) -> list[int]:
    from women_in_ddat.services.people_index import haystack_for, search_words

    words = search_words(text)
    return [i for i, r in enumerate(rows) if all(w in haystack_for(r) for w in words)]


def test_narrowing_and_widening_give_the_same_answers_as_a_fresh_search() -> None:
    index = PeopleIndex(ROWS)
    for text in [
        "c",
        "co",
        "cou",
        "coun",
        "council",
        "council k",
        "council",
        "co",
        "",
        "a",
        "an analyst",
    ]:
        assert index.matching(text) == PeopleIndex(ROWS).matching(text), text


WORDS = st.text(alphabet="aeiklnorstuzëłı Ł.@", max_size=8)


@given(st.lists(WORDS, min_size=1, max_size=8))
def test_any_typing_sequence_agrees_with_a_fresh_search(typed: list[str]) -> None:
    index = PeopleIndex(ROWS)
    for text in typed:
        assert index.matching(text) == PeopleIndex(ROWS).matching(text) == _brute_force(ROWS, text)


def test_sorting_reorders_and_keeps_the_filter_right() -> None:
    index = PeopleIndex(ROWS)
    index.matching("council")
    index.sort(lambda r: fold_for_search(r.name), descending=True)
    assert _names(index, "council") == [
        "Ольга Петренко",
        "Zoë Hughes",
        "Ayşe Yılmaz",
        "Agnieszka Łukasiewicz",
    ]
    shown = index.matching("")
    assert [index.rows[i].id for i in shown] == [4, 1, 5, 3, 2]
    assert index.position_of(1) == 0  # positions name rows as loaded; only the shown order changed


def test_loads_every_person_from_the_database(services) -> None:
    services.people.create(
        PersonInput(
            email="z@essex.gov.uk",
            first_name="Zoë",
            last_name="Hughes",
            preferred_name="Zo",
            organisation="Essex County Council",
        )
    )
    services.people.create(PersonInput(email="a@x.gov.uk", first_name="Ann", last_name="Able"))
    index = load_people_index(services.db)
    assert [(r.name, r.organisation) for r in index.rows] == [
        ("Ann Able", ""),
        ("Zo Hughes", "Essex County Council"),
    ]
    assert _names(index, "essex") == ["Zo Hughes"]


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(["name", "email", "organisation", "job_title"]),
    st.booleans(),
)
def test_a_sorted_index_filters_like_a_fresh_search_in_the_sorted_order(
    typed: list[str], column: str, descending: bool
) -> None:
    index = PeopleIndex(ROWS)
    index.sort(lambda r: fold_for_search(getattr(r, column)), descending=descending)
    order = sorted(
        range(len(ROWS)),
        key=lambda i: fold_for_search(getattr(ROWS[i], column)),
        reverse=descending,
    )
    for text in typed:
        expected = set(_brute_force(ROWS, text))
        assert index.matching(text) == [i for i in order if i in expected]
