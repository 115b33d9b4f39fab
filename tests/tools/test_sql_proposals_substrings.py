"""The schema-grounded parser over a small library: "containing", "includes" and "'X' in their title" are matched
anywhere in the column the question names (ignoring case), never as equality, and a fragment with no column to
match it in is declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

LIBRARY = """
CREATE TABLE genre (genre_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE author (author_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE book (
    book_id INTEGER PRIMARY KEY, title TEXT, pages INTEGER,
    author_id INTEGER REFERENCES author (author_id), genre_id INTEGER REFERENCES genre (genre_id)
);
CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, name TEXT, title TEXT);
CREATE TABLE loan (
    loan_id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES book (book_id), loan_date TEXT, days INTEGER
);
INSERT INTO genre VALUES (1, 'Poetry'), (2, 'Crime');
INSERT INTO author VALUES (1, 'Thea Lind'), (2, 'Jon Holm'), (3, 'Anna Mathers');
INSERT INTO book VALUES (1, 'Love Letters', 200, 1, 1), (2, 'Summer of love', 120, 2, 1),
    (3, 'Night Train', 310, 2, 2), (4, 'Poetry Now', 90, 3, 1), (5, 'Cold Case', 250, 3, 2);
INSERT INTO staff VALUES (1, 'Ida', 'Branch Manager'), (2, 'Per', 'Clerk'), (3, 'Eva', 'Manager of Archives');
INSERT INTO loan VALUES (1, 1, '2024-01-02', 14), (2, 3, '2024-02-03', 7);
"""


@pytest.fixture
def library(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "library.sqlite", LIBRARY)


async def test_a_quoted_fragment_in_their_title_matches_anywhere_in_the_title(library: Database) -> None:
    sql, rows = await answer(library, "Which books have 'Love' in their title?")
    assert sql == 'SELECT "book"."title" FROM "book" WHERE LOWER("book"."title") LIKE \'%love%\''
    assert sorted(rows) == [["Love Letters"], ["Summer of love"]]
    _, rows = await answer(library, "How many books have 'Love' in their title?")
    assert rows == [[2]]


async def test_contains_after_the_named_column_matches_the_word_after_it(library: Database) -> None:
    _, rows = await answer(library, "Which books have a title that contains night?")
    assert rows == [["Night Train"]]
    _, rows = await answer(library, "List the staff whose title includes Manager")
    assert sorted(rows) == [["Eva"], ["Ida"]]


async def test_a_quoted_filler_word_is_the_fragment(library: Database) -> None:
    # "the" is filler everywhere else; quoted, it is what the names must contain
    _, rows = await answer(library, "Which authors have 'the' in their name?")
    assert sorted(rows) == [["Anna Mathers"], ["Thea Lind"]]


async def test_a_fragment_that_is_a_stored_value_elsewhere_is_still_a_substring(library: Database) -> None:
    # Poetry is a genre; 'Poetry' in their title asks about titles, not the genre
    sql, rows = await answer(library, "Which books have 'Poetry' in their title?")
    assert "LIKE '%poetry%'" in sql and "genre" not in sql
    assert rows == [["Poetry Now"]]


async def test_a_fragment_no_title_contains_is_an_empty_answer_when_the_column_is_named(library: Database) -> None:
    _, rows = await answer(library, "Which books have 'Zebra' in their title?")
    assert rows == []


async def test_the_same_match_ignores_case_on_postgresql(library: Database) -> None:
    proposal = await propose(library, "Which books have 'Love' in their title?")
    assert 'LOWER("book"."title") LIKE \'%love%\'' in proposal.candidates[0].candidate.sql("postgres")


async def test_a_fragment_with_no_column_to_match_it_in_is_declined(library: Database) -> None:
    for question in (
        "Which loans contain 'Love'?",  # a loan has no text to hold it
        "Which books contain 'Zebra'?",  # no column named, and no title holds it: a guess the data does not bear out
        "Which authors contain the book Night Train?",  # a thing contained, not a fragment
    ):
        proposal = await propose(library, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)
