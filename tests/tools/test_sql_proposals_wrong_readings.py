"""The schema-grounded parser over a small lending library with shelves: readings that would answer another
question are declined or read right. A link table is never what is counted, a verb is never a stored value by
coincidence, "by" before a name groups by it, and a person is shown by their whole name."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

LENDING = """
CREATE TABLE author (author_id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE genre (genre_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE book (
    book_id INTEGER PRIMARY KEY, title TEXT, pages INTEGER, writer TEXT,
    author_id INTEGER REFERENCES author (author_id), genre_id INTEGER REFERENCES genre (genre_id)
);
CREATE TABLE shelf (shelf_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE shelf_book (
    shelf_id INTEGER REFERENCES shelf (shelf_id), book_id INTEGER REFERENCES book (book_id),
    PRIMARY KEY (shelf_id, book_id)
);
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE loan (
    loan_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES member (member_id),
    book_id INTEGER REFERENCES book (book_id), state TEXT, fee REAL
);
CREATE TABLE librarian (librarian_id INTEGER PRIMARY KEY, last_name TEXT, first_name TEXT, city TEXT);
INSERT INTO librarian VALUES (1, 'Dahl', 'Siri', 'Bergen'), (2, 'Berg', 'Ola', 'Oslo');
INSERT INTO author VALUES (1, 'Ingrid Vale', 'Norway'), (2, 'Lars Holm', 'Sweden'), (3, 'Maria Cruz', 'Spain');
INSERT INTO genre VALUES (1, 'Poetry'), (2, 'Crime'), (3, 'Returned');
INSERT INTO book VALUES (1, 'Fjords', 320, 'Ana Berg', 1, 1), (2, 'Greatest Poems', 150, 'Lars Holm', 2, 2),
    (3, 'Ana Berg', 410, 'Maria Cruz', 3, 2), (4, 'Written', 90, 'Ana Berg', 1, 1),
    (5, 'Borrow', 200, 'Lars Holm', 2, 1);
INSERT INTO shelf VALUES (1, 'Classics'), (2, 'New'), (3, 'Top Picks');
INSERT INTO shelf_book VALUES (1, 1), (1, 2), (2, 3), (2, 4), (3, 1);
INSERT INTO member VALUES (1, 'Ada', 'Norway'), (2, 'Bo', 'Spain'), (3, 'Cy', 'Norway');
INSERT INTO loan VALUES (1, 1, 1, 'returned', 2.0), (2, 1, 3, 'open', 1.0), (3, 2, 1, 'returned', 3.0),
    (4, 3, 5, 'open', 1.5);
"""


@pytest.fixture
def lending(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "lending.sqlite", LENDING)


async def test_how_many_counts_the_linked_rows_not_the_link_table(lending: Database) -> None:
    # shelf_book has five rows; four different books stand on shelves
    sql, rows = await answer(lending, "How many books are on a shelf?")
    assert sql.startswith('SELECT COUNT(*) FROM "book"')
    assert rows == [[4]]


async def test_which_rows_of_a_link_lists_the_rows_asked_for_not_the_other_end(lending: Database) -> None:
    _, rows = await answer(lending, "Which books are on the Classics shelf?")
    assert sorted(rows) == [["Fjords"], ["Greatest Poems"]]


async def test_not_on_a_value_of_a_linked_table_means_no_pair_with_it(lending: Database) -> None:
    # books 1 and 2 are on Classics; book 1 is also on another shelf, and book 5 on none
    sql, rows = await answer(lending, "How many books are not on the shelf Classics?")
    assert sql.startswith('SELECT COUNT(*) FROM "book" WHERE NOT "book"."book_id" IN (SELECT "shelf_book"."book_id"')
    assert rows == [[3]]
    _, rows = await answer(lending, "Which books are not on the Classics shelf?")
    assert sorted(rows) == [["Ana Berg"], ["Borrow"], ["Written"]]


async def test_a_verb_is_not_read_as_a_title_it_resembles(lending: Database) -> None:
    # a book is called Borrow and another Written: the verbs ask about loans and writers, not those titles
    for question in ("Which books were borrowed?", "How many members borrowed books?", "How many books were written?"):
        proposal = await propose(lending, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)
    proposal = await propose(lending, "How many books were written by Ingrid Vale?")
    assert proposal.decision == "decline" or "'Written'" not in proposal.candidates[0].sql


async def test_a_verb_quoted_or_capitalised_names_the_value(lending: Database) -> None:
    _, rows = await answer(lending, 'Who is the writer of the book "Borrow"?')
    assert rows == [["Lars Holm"]]
    _, rows = await answer(lending, "Who is the writer of the book Written?")
    assert rows == [["Ana Berg"]]


async def test_a_verb_equal_to_a_stored_status_is_that_status(lending: Database) -> None:
    # a genre is also called Returned: a name, which a verb does not name
    sql, rows = await answer(lending, "How many loans were returned?")
    assert sql == 'SELECT COUNT(*) FROM "loan" WHERE "loan"."state" = \'returned\''
    assert rows == [[2]]


async def test_a_value_after_by_names_who_made_the_rows_not_their_title(lending: Database) -> None:
    # a book is titled Ana Berg, and written by Maria Cruz
    _, rows = await answer(lending, "Books by Ana Berg")
    assert sorted(rows) == [["Fjords"], ["Written"]]
    _, rows = await answer(lending, "List the books by Ingrid Vale")
    assert sorted(rows) == [["Fjords"], ["Written"]]


async def test_a_value_after_by_that_two_makers_hold_is_declined(lending: Database) -> None:
    # Lars Holm is an author and also a book's writer: the author's books, or the books he wrote?
    assert (await propose(lending, "Books by Lars Holm")).decision == "decline"


async def test_list_the_rows_of_a_table_lists_that_table(lending: Database) -> None:
    # not the shelf's name with "some shelf_book refers to": the books are what is listed
    _, rows = await answer(lending, "List the books on the Classics shelf")
    assert sorted(rows) == [["Fjords"], ["Greatest Poems"]]


async def test_words_of_a_value_ask_for_no_operation(lending: Database) -> None:
    # "Greatest Poems" is a book's title, not a request for the author with the most books
    sql, rows = await answer(lending, "Which authors have books titled Greatest Poems?")
    assert "LIMIT" not in sql
    assert rows == [["Lars Holm"]]


async def test_by_before_a_column_or_table_name_groups_by_it(lending: Database) -> None:
    sql, rows = await answer(lending, "Total fee by member")
    assert "GROUP BY" in sql
    assert sorted(rows) == [["Ada", 3.0], ["Bo", 3.0], ["Cy", 1.5]]
    for question in ("List books by writer", "Loans by country", "Number of books by country"):
        proposal = await propose(lending, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)


async def test_a_person_named_in_parts_is_shown_by_every_part(lending: Database) -> None:
    sql, rows = await answer(lending, "Which librarians are in Bergen?")
    assert sql.startswith('SELECT "librarian"."first_name", "librarian"."last_name" FROM "librarian"')
    assert rows == [["Siri", "Dahl"]]
