"""The schema-grounded parser over a small shop, a small clinic and a small library: "with their X" shows whose X
it is, "with a X" / "without a X" test a column for a value (NULL and the empty string are no value), a bound on a
count is a comparison and never a top N, and an order asked for in so many words is an ORDER BY."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, name TEXT, town TEXT, email TEXT);
CREATE TABLE sale (sale_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (customer_id), total REAL);
INSERT INTO customer VALUES (1, 'Ava', 'Lyon', 'ava@shop.test'), (2, 'Ben', 'Nice', 'ben@shop.test'),
    (3, 'Cy', 'Lyon', 'cy@shop.test'), (4, 'Dag', 'Nice', 'dag@shop.test');
INSERT INTO sale VALUES (1, 1, 5), (2, 1, 6), (3, 1, 7), (4, 2, 25), (5, 3, 1), (6, 3, 2);
"""

# Lea has no insurer (NULL), Max an empty one; only Lea and Max have a guardian. Patients have two phones.
CLINIC = """
CREATE TABLE doctor (doctor_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE patient (
    patient_id INTEGER PRIMARY KEY, name TEXT, insurer TEXT, home_phone TEXT, work_phone TEXT,
    doctor_id INTEGER REFERENCES doctor (doctor_id), guardian_id INTEGER REFERENCES patient (patient_id)
);
INSERT INTO doctor VALUES (1, 'Dr Holm');
INSERT INTO patient VALUES (1, 'Kai', 'Acme', '1', NULL, 1, NULL), (2, 'Lea', NULL, NULL, '2', 1, 1),
    (3, 'Max', '', '3', '', 1, 1), (4, 'Nia', 'Bolt', '', '4', 1, NULL);
"""

LIBRARY = """
CREATE TABLE section (section_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE book (book_id INTEGER PRIMARY KEY, title TEXT, section_id INTEGER REFERENCES section (section_id));
INSERT INTO section VALUES (1, 'Poetry'), (2, 'Crime'), (3, 'Maps');
INSERT INTO book VALUES (1, 'Fjords', 1), (2, 'Dusk', 2), (3, 'Dawn', 2), (4, 'Noon', 2), (5, 'Odes', 1);
"""


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


@pytest.fixture
def clinic(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "clinic.sqlite", CLINIC)


@pytest.fixture
def library(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "library.sqlite", LIBRARY)


async def test_along_with_their_x_shows_the_subjects_names_beside_x(shop: Database) -> None:
    sql, rows = await answer(shop, "List the customers from Lyon along with their email")
    assert sql == 'SELECT "customer"."name", "customer"."email" FROM "customer" WHERE "customer"."town" = \'Lyon\''
    assert sorted(rows) == [["Ava", "ava@shop.test"], ["Cy", "cy@shop.test"]]


async def test_with_their_x_over_rows_with_no_name_is_still_declined(shop: Database) -> None:
    # a sale has no column that names it: its total alone says nothing of whose it is
    proposal = await propose(shop, "List the sales along with their total")
    assert (proposal.decision, proposal.reason) == ("decline", "no reading accounts for 'with their'")


async def test_with_a_x_keeps_the_rows_whose_column_holds_a_value(clinic: Database) -> None:
    sql, rows = await answer(clinic, "Which patients have an insurer listed?")
    assert sql.endswith('WHERE NOT "patient"."insurer" IS NULL AND "patient"."insurer" <> \'\'')
    assert sorted(rows) == [["Kai"], ["Nia"]]
    # a key to the rows' own table, named by its words without "id"
    sql, rows = await answer(clinic, "List the patients with a guardian")
    assert sql.endswith('WHERE NOT "patient"."guardian_id" IS NULL')
    assert sorted(rows) == [["Lea"], ["Max"]]


async def test_without_a_x_keeps_the_rows_with_null_or_an_empty_string(clinic: Database) -> None:
    sql, rows = await answer(clinic, "patients without an insurer")
    assert '("patient"."insurer" IS NULL OR "patient"."insurer" = \'\')' in sql
    assert sorted(rows) == [["Lea"], ["Max"]]
    _, rows = await answer(clinic, "How many patients have no insurer?")
    assert rows == [[2]]


async def test_presence_of_a_value_two_columns_could_hold_is_declined(clinic: Database) -> None:
    for question in ("patients without a phone", "patients with no insurer number"):
        proposal = await propose(clinic, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)


async def test_at_least_n_rows_is_a_comparison_never_the_n_with_the_fewest(shop: Database) -> None:
    sql, rows = await answer(shop, "Which customers have at least 2 sales?")
    assert sql.endswith("HAVING COUNT(*) >= 2") and "LIMIT" not in sql
    assert sorted(rows) == [["Ava"], ["Cy"]]


async def test_at_most_n_rows_is_read_with_the_groups_that_have_none(shop: Database) -> None:
    # Dag has no sale: a count over the joined sales would leave him out, though 0 is at most 2
    sql, rows = await answer(shop, "Which customers have at most 2 sales?")
    assert 'LEFT JOIN "sale"' in sql
    assert sorted(rows) == [["Ben"], ["Cy"], ["Dag"]]


async def test_sorted_by_a_number_of_rows_orders_by_the_count(library: Database) -> None:
    sql, rows = await answer(library, "List the sections sorted by number of books")
    assert sql.endswith('GROUP BY "section"."section_id" ORDER BY COUNT(*) ASC NULLS LAST')
    assert rows == [["Poetry", 2], ["Crime", 3]]
    _, rows = await answer(library, "List the sections in descending order of the number of books")
    assert rows == [["Crime", 3], ["Poetry", 2]]


async def test_an_order_asked_for_is_never_answered_without_one(library: Database) -> None:
    # no reading orders the counts per section by the sections' names: without the cue, the counts unordered
    proposal = await propose(library, "Show the number of books per section, sorted by name")
    assert proposal.decision == "decline"
    assert "sorted" in proposal.reason
