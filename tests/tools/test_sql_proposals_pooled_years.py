"""The schema-grounded parser over a small library: "throughout" and "across" lead a year like "in"; two years
joined by "and" ("in 2013 and 2014", "across 2013 and 2014 together") are either year on the subject's own date;
"came aboard" is a verb a table's one date speaks of. "Both" years, the dates of rows a subject has, a table with
two dates no word picks, and a number that is a quantity are not read as pooled years."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

LIBRARY = """
CREATE TABLE branch (branch_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE loan (
    loan_id INTEGER PRIMARY KEY, branch_id INTEGER REFERENCES branch (branch_id), issued DATE, fee REAL
);
CREATE TABLE member (member_id INTEGER PRIMARY KEY, surname TEXT, registration_date DATE);
CREATE TABLE trip (trip_id INTEGER PRIMARY KEY, started DATE, ended DATE, km REAL);
INSERT INTO branch VALUES (1, 'Main'), (2, 'East');
INSERT INTO loan VALUES (1, 1, '2013-02-01', 1.0), (2, 1, '2014-03-01', 2.0), (3, 2, '2018-05-05', 3.0),
    (4, 2, '2018-09-09', 4.0), (5, 2, '2016-01-01', 2500.0);
INSERT INTO member VALUES (1, 'Ash', '1990-01-01'), (2, 'Birch', '1999-05-05'), (3, 'Cedar', '2001-01-01');
INSERT INTO trip VALUES (1, '2017-01-01', '2017-01-02', 10), (2, '2017-12-31', '2018-01-03', 20);
"""


@pytest.fixture
def library(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "library.sqlite", LIBRARY)


async def test_throughout_a_year_is_that_year_on_the_one_date(library: Database) -> None:
    sql, rows = await answer(library, "How many loans were made throughout 2018?")
    assert sql == (
        'SELECT COUNT(*) FROM "loan" WHERE "loan"."issued" >= \'2018-01-01\' AND "loan"."issued" < \'2019-01-01\''
    )
    assert rows == [[2]]


async def test_two_touching_years_joined_by_and_are_one_range(library: Database) -> None:
    for question in (
        "How many loans across 2013 and 2014 together?",
        "How many loans were issued in 2013 and 2014?",
        "How many loans in 2013 and 2014 combined?",
    ):
        sql, rows = await answer(library, question)
        assert sql == (
            'SELECT COUNT(*) FROM "loan" WHERE "loan"."issued" >= \'2013-01-01\' AND "loan"."issued" < \'2015-01-01\''
        ), question
        assert rows == [[2]], question


async def test_two_years_apart_are_either_range(library: Database) -> None:
    _, rows = await answer(library, "How many loans were issued during 2013 and 2018?")
    assert rows == [[3]]


async def test_came_aboard_is_what_the_one_date_speaks_of(library: Database) -> None:
    _, rows = await answer(library, "How many members came aboard in 1999?")
    assert rows == [[1]]


async def test_both_years_is_not_either_year(library: Database) -> None:
    proposal = await propose(library, "How many loans in both 2013 and 2014?")
    assert proposal.decision == "decline"


async def test_two_years_on_the_rows_a_subject_has_are_declined(library: Database) -> None:
    # branches with loans in either year, or in each: the question does not say
    proposal = await propose(library, "How many branches had loans in 2013 and 2014?")
    assert proposal.decision == "decline"


async def test_two_dates_that_no_word_picks_are_declined(library: Database) -> None:
    for question in ("How many trips in 2017 and 2018?", "How many trips throughout 2017?"):
        proposal = await propose(library, question)
        assert proposal.decision == "decline", question


async def test_a_quantity_is_not_a_year(library: Database) -> None:
    sql, rows = await answer(library, "How many loans have a fee over 2000?")
    assert sql == 'SELECT COUNT(*) FROM "loan" WHERE "loan"."fee" > 2000'
    assert rows == [[1]]
