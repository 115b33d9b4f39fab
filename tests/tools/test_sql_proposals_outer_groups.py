"""The schema-grounded parser over a small library and a small company: a figure per row that asks for the rows
with none as well ("including authors with none", "0 if none") is read from the grouped table with a LEFT JOIN, so
an empty group shows 0; without that wording a grouping stays an inner join; with no foreign key to follow, or a
figure that has no zero (an average), the question is declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

LIBRARY = """
CREATE TABLE author (author_id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE book (
    book_id INTEGER PRIMARY KEY, title TEXT, pages INTEGER, price REAL, author_id INTEGER REFERENCES author (author_id)
);
INSERT INTO author VALUES (1, 'Ingrid Vale', 'Norway'), (2, 'Lars Holm', 'Sweden'), (3, 'Maria Cruz', 'Spain');
INSERT INTO book VALUES (1, 'Fjords', 320, 12.5, 1), (2, 'Poems', 150, 8.0, 2), (3, 'Tides', 410, 20.0, 1);
"""

COMPANY = """
CREATE TABLE department (department_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE employee (
    employee_id INTEGER PRIMARY KEY, name TEXT, city TEXT, salary REAL,
    department_id INTEGER REFERENCES department (department_id)
);
INSERT INTO department VALUES (1, 'Research', 'Oslo'), (2, 'Sales', 'Bergen'), (3, 'Legal', 'Tromso');
INSERT INTO employee VALUES (1, 'Ann', 'Oslo', 100.0, 1), (2, 'Ben', 'Bergen', 90.0, 1), (3, 'Cat', 'Oslo', 80.0, 2);
"""


@pytest.fixture
def library(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "library.sqlite", LIBRARY)


@pytest.fixture
def company(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "company.sqlite", COMPANY)


async def test_a_count_per_row_including_those_with_none_shows_zero_for_the_empty_groups(library: Database) -> None:
    # Maria Cruz has written no book
    for question in (
        "Number of books per author, even those without books",
        "How many books does each author have, including authors with none?",
    ):
        sql, rows = await answer(library, question)
        assert sql == (
            'SELECT "author"."name", COUNT("book"."book_id") FROM "author" '
            'LEFT JOIN "book" ON "book"."author_id" = "author"."author_id" GROUP BY "author"."author_id"'
        ), question
        assert sorted(rows) == [["Ingrid Vale", 2], ["Lars Holm", 1], ["Maria Cruz", 0]], question


async def test_zero_if_none_is_what_the_outer_join_gives(company: Database) -> None:
    sql, rows = await answer(company, "List every department and its number of employees (0 if none)")
    assert 'LEFT JOIN "employee"' in sql
    assert sorted(rows) == [["Legal", 0], ["Research", 2], ["Sales", 1]]


async def test_a_total_per_row_with_none_is_zero_not_null(library: Database) -> None:
    sql, rows = await answer(library, "Total price of books for each author, including those with none")
    assert sql.startswith('SELECT "author"."name", COALESCE(SUM("book"."price"), 0) FROM "author" LEFT JOIN "book"')
    assert sorted(rows) == [["Ingrid Vale", 32.5], ["Lars Holm", 8.0], ["Maria Cruz", 0]]


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many books does each author have?", [["Ingrid Vale", 2], ["Lars Holm", 1]]),
        ("Total price of books per author", [["Ingrid Vale", 32.5], ["Lars Holm", 8.0]]),
    ],
)
async def test_a_figure_for_each_row_of_a_named_table_is_a_grouping_not_one_scalar(
    library: Database, question: str, rows: list[list[object]]
) -> None:
    sql, answered = await answer(library, question)
    assert sql.endswith('GROUP BY "author"."author_id"')
    assert sorted(answered) == rows


async def test_a_count_in_each_value_of_a_column_groups_by_that_column(company: Database) -> None:
    sql, rows = await answer(company, "Number of employees in each city")
    assert sql == 'SELECT "employee"."city", COUNT(*) FROM "employee" GROUP BY "employee"."city"'
    assert sorted(rows) == [["Bergen", 1], ["Oslo", 2]]


async def test_a_count_per_row_without_that_wording_keeps_only_the_groups_with_rows(company: Database) -> None:
    sql, rows = await answer(company, "How many employees are in each department?")
    assert "LEFT JOIN" not in sql
    assert sorted(rows) == [["Research", 2], ["Sales", 1]]


async def test_with_none_over_a_column_no_foreign_key_leads_from_is_declined(company: Database) -> None:
    # Tromso is a department's city, not an employee's: which cities have none is not in the employees' rows
    proposal = await propose(company, "How many employees are in each city, even those with none?")
    assert proposal.decision == "decline"
    assert "with none" in proposal.reason


async def test_an_average_per_row_including_those_with_none_is_declined(company: Database) -> None:
    # a department with no employees has no average salary: 0 would be wrong, and leaving it out ignores the words
    proposal = await propose(company, "Average salary per department, including those with none")
    assert proposal.decision == "decline"
