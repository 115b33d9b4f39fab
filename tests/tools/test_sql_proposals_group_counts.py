"""The schema-grounded parser over a small shop and a clinic: what a count per group counts, thresholds on it, the
groups tied at the top, and "how many different X" (issue 15). Each rule has a near miss that must still decline."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE category (category_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE supplier (supplier_id INTEGER PRIMARY KEY, name TEXT, town TEXT);
CREATE TABLE product (
    product_id INTEGER PRIMARY KEY, title TEXT, price REAL,
    category_id INTEGER REFERENCES category (category_id), supplier_id INTEGER REFERENCES supplier (supplier_id)
);
CREATE TABLE client (client_id INTEGER PRIMARY KEY, name TEXT, town TEXT);
CREATE TABLE purchase (
    purchase_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES client (client_id),
    product_id INTEGER REFERENCES product (product_id), quantity INTEGER, placed_on TEXT
);
INSERT INTO category VALUES (1, 'Garden'), (2, 'Kitchen'), (3, 'Toys');
INSERT INTO supplier VALUES (1, 'Acme', 'Eastbrook'), (2, 'Bolt', 'Westvale'), (3, 'Crane', 'Eastbrook');
INSERT INTO product VALUES (1, 'Rake', 12.5, 1, 1), (2, 'Spade', 20, 1, 1), (3, 'Pan', 30, 2, 2),
    (4, 'Kite', 8, 3, 2), (5, 'Ball', 4, 3, 3);
INSERT INTO client VALUES (1, 'Ada', 'Eastbrook'), (2, 'Bo', 'Westvale'), (3, 'Cy', 'Eastbrook'),
    (4, 'Di', 'Northam'), (5, 'Ed', 'Northam');
INSERT INTO purchase VALUES (1, 1, 1, 2, '2024-01-02'), (2, 1, 2, 1, '2024-02-03'), (3, 1, 3, 1, '2024-03-04'),
    (4, 2, 4, 5, '2024-03-05'), (5, 2, 5, 1, '2024-04-01'), (6, 3, 1, 1, '2024-05-01'), (7, 3, 2, 3, '2024-05-02'),
    (8, 5, 4, 1, '2023-06-01');
"""

# a visit's table is named after the ward as well: "ward" must not read as the visit rows
CLINIC = """
CREATE TABLE ward (ward_id INTEGER PRIMARY KEY, name TEXT, building TEXT);
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, name TEXT, town TEXT);
CREATE TABLE ward_visit (
    visit_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patient (patient_id),
    ward_id INTEGER REFERENCES ward (ward_id), kind TEXT
);
INSERT INTO ward VALUES (1, 'North', 'A'), (2, 'South', 'B');
INSERT INTO patient VALUES (1, 'Ines', 'Norvale'), (2, 'Tomas', 'Eastbrook'), (3, 'Ada', 'Norvale');
INSERT INTO ward_visit VALUES (1, 1, 1, 'check-up'), (2, 1, 1, 'scan'), (3, 2, 1, 'scan'), (4, 2, 2, 'check-up'),
    (5, 3, 2, 'scan'), (6, 3, 2, 'scan');
"""


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


@pytest.fixture
def clinic(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "clinic.sqlite", CLINIC)


async def test_more_than_one_of_a_referenced_table_counts_its_distinct_rows_not_the_referring_rows(
    clinic: Database,
) -> None:
    # Ines and Ada each have two visits, both in one ward; only Tomas was in two wards
    sql, rows = await answer(clinic, "Which patients have ward visits in more than one ward?")
    assert 'HAVING COUNT(DISTINCT "ward"."ward_id") > 1' in sql
    assert rows == [["Tomas"]]


async def test_more_than_one_through_a_further_table_counts_distinct_values_along_the_path(shop: Database) -> None:
    # Ada bought two Garden items and a Kitchen one; Cy two Garden items; Bo two Toys
    _, rows = await answer(shop, "Which clients have purchases in more than one category?")
    assert rows == [["Ada"]]
    _, rows = await answer(shop, "Which suppliers have products in more than one category?")
    assert rows == [["Bolt"]]


async def test_more_than_one_of_a_column_counts_its_distinct_values_even_for_a_filler_word(clinic: Database) -> None:
    # "kind" is a word questions use loosely, but here it names a column: Ada's two visits are both scans
    sql, rows = await answer(clinic, "Which patients had ward visits of more than one kind?")
    assert 'COUNT(DISTINCT "ward_visit"."kind") > 1' in sql
    assert sorted(rows) == [["Ines"], ["Tomas"]]


async def test_more_than_one_of_the_rows_themselves_counts_the_rows(clinic: Database) -> None:
    sql, rows = await answer(clinic, "Which patients have more than one ward visit?")
    assert "HAVING COUNT(*) > 1" in sql
    assert sorted(rows) == [["Ada"], ["Ines"], ["Tomas"]]


async def test_more_than_one_of_the_groups_own_column_is_declined_not_read_as_rows(shop: Database) -> None:
    # a client has one town: "purchases in more than one town" is no count of purchases
    proposal = await propose(shop, "Which clients have purchases in more than one town?")
    assert proposal.decision == "decline"


async def test_the_group_with_the_most_keeps_every_group_tied_at_the_top(shop: Database) -> None:
    # Acme and Bolt supply two products each: neither is "the" one with the most
    sql, rows = await answer(shop, "Which supplier has the most products?")
    assert "LIMIT" not in sql
    assert sorted(rows) == [["Acme"], ["Bolt"]]
    _, rows = await answer(shop, "Which supplier has the fewest products?")
    assert rows == [["Crane"]]


async def test_a_top_n_of_groups_still_takes_n(shop: Database) -> None:
    sql, rows = await answer(shop, "Top 2 suppliers by number of products")
    assert sql.endswith("LIMIT 2")
    assert len(rows) == 2


async def test_exactly_n_per_group_is_an_equality_on_the_count(shop: Database) -> None:
    sql, rows = await answer(shop, "Which suppliers have exactly one product?")
    assert "HAVING COUNT(*) = 1" in sql
    assert rows == [["Crane"]]
    _, rows = await answer(shop, "Which clients have only 2 purchases?")
    assert sorted(rows) == [["Bo"], ["Cy"]]


async def test_how_many_groups_pass_a_threshold_counts_the_groups_not_lists_them(shop: Database) -> None:
    _, rows = await answer(shop, "How many suppliers have exactly one product?")
    assert rows == [[1]]
    _, rows = await answer(shop, "How many clients have purchases in more than one category?")
    assert rows == [[1]]


async def test_at_most_n_per_group_keeps_the_groups_with_none(shop: Database) -> None:
    # Di bought nothing: her count is 0, which is at most 1
    sql, rows = await answer(shop, "Which clients have at most 1 purchase?")
    assert 'LEFT JOIN "purchase"' in sql
    assert sorted(rows) == [["Di"], ["Ed"]]
    _, rows = await answer(shop, "How many clients have fewer than 2 purchases?")
    assert rows == [[2]]


async def test_at_most_n_per_group_with_a_condition_on_the_rows_is_declined(shop: Database) -> None:
    # the year would have to go into the join to keep Di, and Ed whose one purchase is from 2023
    proposal = await propose(shop, "Which clients have at most 1 purchase in 2024?")
    assert proposal.decision == "decline"


async def test_how_many_different_x_counts_the_distinct_rows_the_subjects_rows_lead_to(shop: Database) -> None:
    sql, rows = await answer(shop, "How many different categories did Ada purchase from?")
    assert 'COUNT(DISTINCT "category"."category_id")' in sql
    assert rows == [[2]]
    _, rows = await answer(shop, "How many distinct products were purchased?")
    assert rows == [[5]]
    _, rows = await answer(shop, "How many different suppliers do Garden products come from?")
    assert rows == [[1]]


async def test_how_many_different_rows_that_refer_to_the_subject_is_declined(shop: Database) -> None:
    # purchases refer to products, not the other way round: nothing to count distinct along
    proposal = await propose(shop, "How many different purchases do Garden products have?")
    assert proposal.decision == "decline"
