"""The schema-grounded parser over a small library database made here: what it answers, how, and when it declines."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import UnrelatedTextsEmbedder, answer, seeded_database
from tools.sql.database import Database
from tools.sql.proposals import QueryProposer

LIBRARY = """
CREATE TABLE branch (branch_id INTEGER PRIMARY KEY, branch_name TEXT, city TEXT, description TEXT);
CREATE TABLE author (author_id INTEGER PRIMARY KEY, name TEXT, country TEXT, city TEXT);
CREATE TABLE book (
    book_id INTEGER PRIMARY KEY, title TEXT, pages INTEGER, published DATE,
    author_id INTEGER REFERENCES author (author_id), branch_id INTEGER REFERENCES branch (branch_id)
);
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE loan (
    loan_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES member (member_id),
    book_id INTEGER REFERENCES book (book_id)
);
INSERT INTO member VALUES (1, 'Ada'), (2, 'Bo'), (3, 'Cy');
INSERT INTO loan VALUES (1, 1, 1), (2, 1, 3), (3, 2, 1);
INSERT INTO branch VALUES (1, 'Harbour', 'Bergen', 'By the quay'), (2, 'Old Town', 'Oslo', 'Up the hill');
INSERT INTO author VALUES (1, 'Ingrid', 'Norway', 'Bergen'), (2, 'Lars', 'Norway', 'Oslo'),
    (3, 'Maria', 'Spain', 'Madrid'), (4, 'Tove', 'Finland', 'Bergen');
INSERT INTO book VALUES (1, 'Fjords', 320, '2021-03-01', 1, 1), (2, 'Rain', 150, '2022-06-10', 1, 2),
    (3, 'Sun', 410, '2022-09-02', 3, 1), (4, 'Snow', 90, '2023-01-15', 2, 2);
"""


@pytest.fixture
def library(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "library.sqlite", LIBRARY)


async def test_a_count_with_a_stored_value_finds_the_column_that_holds_it(library: Database) -> None:
    sql, rows = await answer(library, "How many authors are from Norway?")
    assert sql == 'SELECT COUNT(*) FROM "author" WHERE "author"."country" = \'Norway\''
    assert rows == [[2]]


async def test_a_value_of_a_table_one_key_away_is_reached_by_a_join(library: Database) -> None:
    sql, rows = await answer(library, "How many books are by Ingrid?")
    assert 'JOIN "author" ON "book"."author_id" = "author"."author_id"' in sql
    assert rows == [[2]]


async def test_per_group_counts_group_by_the_key_of_the_table_named(library: Database) -> None:
    sql, rows = await answer(library, "How many books are there for each author?")
    assert sql.endswith('GROUP BY "author"."author_id"')
    assert sorted(rows) == [["Ingrid", 2], ["Lars", 1], ["Maria", 1]]


async def test_a_superlative_orders_by_the_column_it_names(library: Database) -> None:
    sql, rows = await answer(library, "Which book has the most pages?")
    assert sql == 'SELECT "book"."title" FROM "book" ORDER BY "book"."pages" DESC LIMIT 1'
    assert rows == [["Sun"]]


async def test_without_any_is_an_anti_join_on_the_foreign_key(library: Database) -> None:
    _, rows = await answer(library, "Which authors have no books?")
    assert rows == [["Tove"]]


async def test_rows_without_any_named_row_go_through_the_table_between_them(library: Database) -> None:
    sql, rows = await answer(library, "Which members have not borrowed any books?")
    assert sql == (
        'SELECT "member"."name" FROM "member" WHERE NOT "member"."member_id" IN '
        '(SELECT "loan"."member_id" FROM "loan" WHERE NOT "loan"."member_id" IS NULL)'
    )
    assert rows == [["Cy"]]


async def test_a_question_is_about_the_table_named_after_how_many_or_which(library: Database) -> None:
    _, rows = await answer(library, "How many members did not borrow any books?")
    assert rows == [[1]]
    _, rows = await answer(library, "How many books were never borrowed by any member?")
    assert rows == [[2]]


async def test_a_named_table_the_referring_rows_point_to_qualifies_them(library: Database) -> None:
    _, rows = await answer(library, "How many members have any loans of books?")
    assert rows == [[2]]


async def test_reversed_lexicographical_order_is_descending(library: Database) -> None:
    sql, rows = await answer(library, "List the book titles in reversed lexicographical order.")
    assert sql == 'SELECT "book"."title" FROM "book" ORDER BY "book"."title" DESC'
    assert rows == [["Sun"], ["Snow"], ["Rain"], ["Fjords"]]


async def test_how_a_row_is_described_asks_for_its_description(library: Database) -> None:
    _, rows = await answer(library, "How is the Harbour branch described?")
    assert rows == [["By the quay"]]


async def test_an_average_of_a_count_counts_per_row_of_the_table_referred_to(library: Database) -> None:
    _, rows = await answer(library, "On average, how many books does an author have?")
    assert rows == [[pytest.approx(4 / 3)]]  # Ingrid 2, Lars 1, Maria 1; Tove has none and is not averaged


async def test_a_year_is_a_date_range_that_every_dialect_reads(library: Database) -> None:
    sql, rows = await answer(library, "How many books were published in 2022?")
    assert '"book"."published" >= \'2022-01-01\' AND "book"."published" < \'2023-01-01\'' in sql
    assert rows == [[2]]


async def test_a_comparison_with_the_average_is_a_subquery(library: Database) -> None:
    _, rows = await answer(library, "How many books have pages above the average?")
    assert rows == [[2]]


async def test_candidates_render_for_postgres_with_quoted_identifiers(library: Database) -> None:
    proposer = QueryProposer(library, UnrelatedTextsEmbedder())
    proposal = await proposer.propose("How many authors are from Norway?", library)
    assert proposal.candidates[0].candidate.sql("postgres") == (
        'SELECT COUNT(*) FROM "author" WHERE "author"."country" = \'Norway\''
    )


async def test_a_word_no_reading_accounts_for_is_declined_with_the_nearest_select(library: Database) -> None:
    proposal = await QueryProposer(library, UnrelatedTextsEmbedder()).propose("How many authors won prizes?", library)
    assert proposal.decision == "decline"
    assert proposal.reason == "no reading accounts for 'won', 'prizes'"
    assert proposal.candidates[0].sql == 'SELECT COUNT(*) FROM "author"'
    assert proposal.tables[0] == "author"


async def test_a_value_two_tables_hold_is_declined_rather_than_guessed(library: Database) -> None:
    proposal = await QueryProposer(library, UnrelatedTextsEmbedder()).propose("List the names in Bergen.", library)
    assert proposal.decision == "decline"
    assert proposal.reason.startswith(("the question reads several ways", "no reading accounts for"))
    assert {item.sql for item in proposal.candidates[:2]} == {
        'SELECT "author"."name" FROM "author" WHERE "author"."city" = \'Bergen\'',
        'SELECT "branch"."branch_name" FROM "branch" WHERE "branch"."city" = \'Bergen\'',
    }


async def test_candidates_only_read_tables_the_caller_may_read(library: Database) -> None:
    caller = library.for_caller(["book"])
    proposal = await QueryProposer(library, UnrelatedTextsEmbedder()).propose(
        "How many authors are from Norway?", caller
    )
    assert proposal.decision == "decline"
    assert all('"author"' not in item.sql for item in proposal.candidates)
