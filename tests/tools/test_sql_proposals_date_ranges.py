"""The schema-grounded parser over a small shop: a year, a month of a year, a quarter, or a comparison with one
("after 2022", "before June 2023", "since", "until", "between ... and ...") is a range on the date column it is
about. On a table with one date column that column is meant whatever the verb; on a table with several only the
date the verb names is, and none named is declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, name TEXT, born_on DATE, joined_on DATE);
CREATE TABLE sale (
    sale_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (customer_id), booked DATE, total REAL
);
INSERT INTO customer VALUES (1, 'Ada', '1980-02-03', '2021-05-01'), (2, 'Bo', '1995-07-08', '2023-03-04'),
    (3, 'Cy', '1970-01-01', '2024-01-15');
INSERT INTO sale VALUES (1, 1, '2022-12-31', 10.0), (2, 1, '2023-01-20', 20.0), (3, 2, '2023-03-05', 30.0),
    (4, 2, '2023-03-31', 40.0), (5, 3, '2023-04-01', 50.0), (6, 3, '2023-06-30', 60.0), (7, 1, '2024-02-02', 70.0);
"""


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


async def test_a_month_of_a_year_is_that_month_on_the_one_date_whatever_the_verb(shop: Database) -> None:
    sql, rows = await answer(shop, "How many sales were made in March 2023?")
    assert sql == (
        'SELECT COUNT(*) FROM "sale" WHERE "sale"."booked" >= \'2023-03-01\' AND "sale"."booked" < \'2023-04-01\''
    )
    assert rows == [[2]]
    _, rows = await answer(shop, "How many sales were placed in 2023?")
    assert rows == [[5]]


async def test_a_quarter_of_a_year_is_its_three_months(shop: Database) -> None:
    _, rows = await answer(shop, "How many sales were there in the first quarter of 2023?")
    assert rows == [[3]]
    _, rows = await answer(shop, "How many sales in Q2 2023?")
    assert rows == [[2]]


async def test_after_before_since_and_until_bound_the_dates_by_the_period_named(shop: Database) -> None:
    expected = {
        "How many sales were booked after 2022?": 6,  # from 2023-01-01 on
        "How many sales before June 2023?": 5,
        "How many sales since April 2023?": 3,
        "How many sales until March 2023?": 4,  # March included
        "How many sales between 2023 and 2024?": 6,
        "How many sales from January 2023 to March 2023?": 3,
        "How many sales after 2022 and before 2024?": 5,
    }
    for question, count in expected.items():
        _, rows = await answer(shop, question)
        assert rows == [[count]], question


async def test_a_date_range_needs_no_date_function_of_either_dialect(shop: Database) -> None:
    proposal = await propose(shop, "How many sales were booked before June 2023?")
    assert proposal.decision == "answer"
    assert proposal.candidates[0].candidate.sql("postgres") == (
        'SELECT COUNT(*) FROM "sale" WHERE "sale"."booked" < \'2023-06-01\''
    )


async def test_a_comparison_goes_on_the_date_the_verb_names_among_several(shop: Database) -> None:
    _, rows = await answer(shop, "How many customers joined after 2022?")
    assert rows == [[2]]


async def test_a_verb_that_names_none_of_several_dates_is_declined(shop: Database) -> None:
    # a customer has a birth date and a joining date: "signed up" says which to neither rule
    proposal = await propose(shop, "How many customers signed up since 2023?")
    assert proposal.decision == "decline"
    assert "since" in proposal.reason


async def test_two_years_joined_by_and_are_either_year_never_both_at_once(shop: Database) -> None:
    _, rows = await answer(shop, "How many sales in 2022 and 2023?")
    assert rows == [[6]]  # a sale dated in 2022 or in 2023, not an empty "in both"
    proposal = await propose(shop, "How many sales in both 2022 and 2023?")
    assert proposal.decision == "decline"
    assert "2022" in proposal.reason
