"""The schema-grounded parser over a small shop and a company: explicit output lists show every listed column, a
count whose noun is a stored value counts that value's rows, a verb that names a key of a table to itself reads
across it, and a decline names only words the user wrote (issue 15)."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database
from tools.sql.decline_reasons import unaccounted

SHOP = """
CREATE TABLE maker (maker_id INTEGER PRIMARY KEY, name TEXT, town TEXT);
CREATE TABLE product (
    product_id INTEGER PRIMARY KEY, title TEXT, price REAL, format TEXT, maker_id INTEGER REFERENCES maker (maker_id)
);
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, age INTEGER, town TEXT);
INSERT INTO maker VALUES (1, 'Acme', 'Eastbrook'), (2, 'Bolt', 'Westholm'), (3, 'Crux', 'Eastbrook');
INSERT INTO product VALUES (1, 'Red Kettle', 7.5, 'paperback', 1), (2, 'Blue Pan', 12, 'hardback', 1),
    (3, 'Green Cup', 5, 'paperback', 2), (4, 'Gold Fork', 3, 'paperback', 3), (5, 'Iron Pot', 30, 'hardback', 3);
INSERT INTO patient VALUES (1, 'Ines', 'Vale', 84, 'Norvale'), (2, 'Tom', 'Wren', 45, 'Norvale'),
    (3, 'Ola', 'Berg', 91, 'Northby');
"""
COMPANY = """
CREATE TABLE employee (
    employee_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, title TEXT,
    supervisor_id INTEGER REFERENCES employee (employee_id)
);
INSERT INTO employee VALUES (1, 'Ada', 'Quill', 'Director', NULL), (2, 'Bo', 'Reed', 'Lead', 1),
    (3, 'Cy', 'Stone', 'Clerk', 1), (4, 'Di', 'Tarn', 'Clerk', 2);
"""


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


@pytest.fixture
def company(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "company.sqlite", COMPANY)


async def test_every_listed_column_is_shown_even_one_a_condition_uses(shop: Database) -> None:
    sql, rows = await answer(shop, "List titles and prices of paperbacks under 8.")
    assert sql.startswith('SELECT "product"."title", "product"."price" FROM "product"')
    assert sorted(rows) == [["Gold Fork", 3.0], ["Green Cup", 5.0], ["Red Kettle", 7.5]]


async def test_names_in_a_list_show_both_parts_of_a_persons_name(shop: Database) -> None:
    _, rows = await answer(shop, "Give the names and ages of patients over 80.")
    assert sorted(rows) == [["Ines", "Vale", 84], ["Ola", "Berg", 91]]


async def test_a_column_named_alone_is_no_list(shop: Database) -> None:
    # no enumeration: the condition's column is not shown beside the titles
    sql, _ = await answer(shop, "List titles of paperbacks with a price under 8.")
    assert sql.startswith('SELECT "product"."title" FROM')


async def test_a_count_of_a_stored_value_counts_its_rows_not_the_related_table(shop: Database) -> None:
    # three paperbacks, two of them by the two Eastbrook makers; counting makers would give 2 as well only by luck
    for question in ("Count the paperbacks from Eastbrook makers.", "How many paperbacks are from Eastbrook makers?"):
        sql, rows = await answer(shop, question)
        assert sql.startswith('SELECT COUNT(*) FROM "product" JOIN "maker"'), question
        assert rows == [[2]]


async def test_a_count_of_the_related_table_named_first_still_counts_it(shop: Database) -> None:
    sql, rows = await answer(shop, "How many makers in Eastbrook have paperbacks?")
    assert sql.startswith('SELECT COUNT(DISTINCT "maker"."maker_id") FROM "maker"')
    assert rows == [[2]]


async def test_a_verb_naming_a_key_to_the_same_table_reads_across_it(company: Database) -> None:
    _, rows = await answer(company, "Who supervises Di Tarn?")
    assert rows == [["Bo Reed"]]  # "who" asks for people: one whole name each


async def test_a_verb_no_key_is_named_by_still_declines(company: Database) -> None:
    for question in ("Who reports to Ada Quill?", "Which employees are paid by Ada Quill?"):
        proposal = await propose(company, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)


def test_a_decline_names_the_words_as_the_user_wrote_them() -> None:
    # "locations" came from rewording "places", and "many" is the count the nearest reading is not
    reason = unaccounted("How many places sell kettles?", ("many", "locations", "sell", "kettles"))
    assert reason == "no reading accounts for 'sell', 'kettles'"
    assert unaccounted("Where is it?", ("where",)) == "no reading accounts for 'where'"
