"""The schema-grounded parser over a small company and music label: a superlative adjective ("youngest", "most
expensive", "longest", "largest", "newest") is the rows at the extreme of the one column its measure names (ties
kept), shown by name. No such column, or two of them, is declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

LABEL = """
CREATE TABLE employee (
    employee_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, birth_date DATE, hire_date DATE
);
CREATE TABLE song (
    song_id INTEGER PRIMARY KEY, title TEXT, duration_ms INTEGER, file_bytes INTEGER, price REAL,
    released DATE
);
CREATE TABLE plan (plan_id INTEGER PRIMARY KEY, name TEXT, monthly_fee REAL, setup_cost REAL);
CREATE TABLE studio (studio_id INTEGER PRIMARY KEY, name TEXT, opened DATE, rooms INTEGER);
INSERT INTO employee VALUES (1, 'Ann', 'Lee', '1990-05-01', '2015-01-01'), (2, 'Ben', 'Ray', '1975-03-03',
    '2010-06-01'), (3, 'Cat', 'Fox', '1990-05-01', '2020-02-02');
INSERT INTO song VALUES (1, 'Dawn', 240000, 4000000, 1.29, '2021-04-01'),
    (2, 'Dusk', 610000, 9000000, 0.99, '2023-08-15'), (3, 'Noon', 95000, 1500000, 0.99, '2019-01-10');
INSERT INTO plan VALUES (1, 'Basic', 5.0, 50.0), (2, 'Pro', 15.0, 0.0);
INSERT INTO studio VALUES (1, 'North', '2001-01-01', 3), (2, 'South', '2011-01-01', 5);
"""


@pytest.fixture
def label(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "label.sqlite", LABEL)


async def test_the_youngest_is_the_latest_birth_date_and_ties_are_kept(label: Database) -> None:
    sql, rows = await answer(label, "Who is the youngest employee?")
    assert 'WHERE "employee"."birth_date" = (SELECT MAX("employee"."birth_date") FROM "employee")' in sql
    assert sorted(rows) == [["Ann", "Lee"], ["Cat", "Fox"]]
    _, rows = await answer(label, "Who is the oldest employee?")
    assert rows == [["Ben", "Ray"]]


async def test_most_expensive_and_cheapest_read_the_one_money_column(label: Database) -> None:
    _, rows = await answer(label, "Which song is the most expensive?")
    assert rows == [["Dawn"]]
    _, rows = await answer(label, "What is the cheapest song?")
    assert sorted(rows) == [["Dusk"], ["Noon"]]
    _, rows = await answer(label, "What is the price of the least expensive song?")
    assert rows == [[0.99]]  # both songs are at the lowest price, which is one price


async def test_longest_reads_a_duration_and_largest_a_size(label: Database) -> None:
    _, rows = await answer(label, "Which song is the longest?")
    assert rows == [["Dusk"]]
    _, rows = await answer(label, "What is the shortest song?")
    assert rows == [["Noon"]]
    _, rows = await answer(label, "What is the largest song?")
    assert rows == [["Dusk"]]


async def test_the_newest_reads_the_one_date_column(label: Database) -> None:
    _, rows = await answer(label, "What is the newest song?")
    assert rows == [["Dusk"]]


async def test_a_number_before_a_superlative_takes_that_many_rows(label: Database) -> None:
    sql, rows = await answer(label, "What are the 2 longest songs?")
    assert sql.endswith('ORDER BY "song"."duration_ms" DESC LIMIT 2')
    assert rows == [["Dusk"], ["Dawn"]]


async def test_a_superlative_with_two_columns_of_its_measure_is_declined(label: Database) -> None:
    # a plan has a monthly fee and a setup cost: which makes it cheap is not said
    proposal = await propose(label, "What is the cheapest plan?")
    assert proposal.decision == "decline"
    assert "cheapest" in proposal.reason


async def test_a_superlative_with_no_column_of_its_measure_is_declined(label: Database) -> None:
    # a studio has an opening date but no birth date or age: "oldest" is not guessed as the first opened
    for question in ("Which studio is the oldest?", "What is the most expensive studio?"):
        proposal = await propose(label, question)
        assert proposal.decision == "decline", question
