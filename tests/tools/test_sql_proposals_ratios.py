"""Ratios: "what percentage / share / proportion of X ..." is the share of X's rows that meet the predicate, and "the
average number of Y per X" is Y counted per X, averaged; near misses are declined or read as before."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, name TEXT, country TEXT, signup_date TEXT);
CREATE TABLE category (category_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE product (
    product_id INTEGER PRIMARY KEY, name TEXT, price REAL, state TEXT,
    category_id INTEGER REFERENCES category (category_id)
);
CREATE TABLE orders (
    order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (customer_id), order_date TEXT,
    status TEXT, discount_percentage REAL
);
CREATE TABLE order_item (
    order_item_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders (order_id),
    product_id INTEGER REFERENCES product (product_id), quantity INTEGER
);
INSERT INTO customer VALUES (1, 'Ava', 'Canada', '2022-03-01'), (2, 'Ben', 'USA', '2023-01-05'),
    (3, 'Cy', 'Canada', '2023-06-01'), (4, 'Di', 'Mexico', '2021-02-02'), (5, 'Ed', 'USA', '2024-01-01'),
    (6, 'Flo', 'Peru', '2024-02-02'), (7, 'Gus', 'USA', '2020-01-01');
INSERT INTO category VALUES (1, 'Tools'), (2, 'Toys');
INSERT INTO product VALUES (1, 'Hammer', 10, 'active', 1), (2, 'Saw', 20, 'discontinued', 1),
    (3, 'Ball', 5, 'active', 2);
INSERT INTO orders VALUES (1, 1, '2023-01-02', 'shipped', 5), (2, 1, '2023-05-02', 'pending', 0),
    (3, 2, '2022-01-02', 'shipped', 10), (4, 3, '2023-07-07', 'shipped', 0), (5, 4, '2024-01-01', 'cancelled', 0),
    (6, 1, '2024-03-03', 'shipped', 0);
INSERT INTO order_item VALUES (1, 1, 1, 2), (2, 1, 3, 1), (3, 2, 2, 1), (4, 3, 1, 1), (5, 4, 3, 3), (6, 5, 1, 1),
    (7, 6, 2, 1), (8, 6, 3, 2);
"""


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


async def test_a_percentage_of_rows_is_the_matching_count_over_every_row_rounded(shop: Database) -> None:
    sql, rows = await answer(shop, "What percentage of customers are from Canada?")
    assert rows == [[28.57]]  # 2 of 7
    assert sql == (
        'SELECT ROUND(CAST(100.0 * COUNT(*) AS REAL) / NULLIF((SELECT COUNT(*) FROM "customer"), 0), 2) '
        'FROM "customer" WHERE "customer"."country" = \'Canada\''
    )


@pytest.mark.parametrize(
    ("question", "share"),
    [
        ("What share of orders were placed in 2023?", 50.0),  # 3 of 6
        ("What proportion of products are discontinued?", 33.33),
        ("What percent of customers live in Canada or Peru?", 42.86),
        ("What percentage of orders were shipped in 2023?", 33.33),
        ("What percentage of customers have placed an order?", 57.14),  # 4 of 7: a semi-join condition
        ("What percentage of customers have no orders?", 42.86),
        ("What percentage of orders have a discount percentage over 3?", 33.33),  # a column named so, not asked
    ],
)
async def test_shares_read_dates_values_and_rows_that_refer_to_the_subject(
    shop: Database, question: str, share: float
) -> None:
    assert (await answer(shop, question))[1] == [[share]]


async def test_a_share_divides_as_numbers_on_postgresql(shop: Database) -> None:
    proposal = await propose(shop, "What share of orders are shipped?")
    assert proposal.candidates[0].candidate.sql("postgres") == (
        'SELECT ROUND(CAST(CAST(100.0 * COUNT(*) AS DOUBLE PRECISION) / NULLIF((SELECT COUNT(*) FROM "orders"), 0) '
        'AS DECIMAL), 2) FROM "orders" WHERE "orders"."status" = \'shipped\''
    )


@pytest.mark.parametrize(
    "question",
    [
        "What percentage of customers are from Narnia?",  # the numerator's condition is not found
        "What percentage of customers are there?",  # no condition: every row
        "What percentage of orders placed in 2023 were shipped?",  # 2023 may qualify the denominator
        "What percentage of customers from Canada have placed an order?",
        "What percentage of customers who live in Canada have orders?",
        "What percentage of orders per customer are shipped?",
        "What is the discount percentage of order 5?",  # that column, never a share of orders
        # a count covers "percentage" through the column's name, but a share is asked: never the count
        "What percentage of orders placed in 2023 have a discount percentage over 3?",
    ],
)
async def test_shares_whose_parts_are_not_both_read_are_declined(shop: Database, question: str) -> None:
    assert (await propose(shop, question)).decision == "decline"


async def test_a_percentage_naming_a_column_is_that_column(shop: Database) -> None:
    sql, rows = await answer(shop, "What is the discount percentage of the shipped orders?")
    assert rows == [[5.0], [10.0], [0.0], [0.0]]
    assert "ROUND" not in sql


async def test_the_average_number_per_row_counts_only_rows_that_have_some(shop: Database) -> None:
    # customers with no orders (Ed, Flo, Gus) are not averaged in: 6 orders over the 4 customers that placed them
    sql, rows = await answer(shop, "What is the average number of orders per customer?")
    assert rows == [[1.5]]
    assert sql == (
        'SELECT CAST(COUNT(*) * 1.0 AS REAL) / COUNT(DISTINCT "orders"."customer_id") FROM "orders" '
        'WHERE NOT "orders"."customer_id" IS NULL'
    )


async def test_the_average_number_per_row_including_those_with_none_counts_them_as_zero(shop: Database) -> None:
    sql, rows = await answer(shop, "What is the average number of orders per customer, including customers with none?")
    assert rows == [[6 / 7]]
    assert 'FROM "customer" LEFT JOIN "orders"' in sql


@pytest.mark.parametrize(
    ("question", "average"),
    [
        ("On average, how many items does an order have?", 8 / 6),
        ("What is the average number of items per order?", 8 / 6),
        ("What is the average number of orders per customer in 2023?", 1.5),  # Ava's two and Cy's one
    ],
)
async def test_averages_of_counts_read_either_wording(shop: Database, question: str, average: float) -> None:
    assert (await answer(shop, question))[1] == [[average]]


async def test_an_average_of_a_column_per_group_stays_one_row_per_group(shop: Database) -> None:
    assert (await answer(shop, "What is the average price per category?"))[1] == [["Tools", 15.0], ["Toys", 5.0]]


async def test_a_number_per_row_without_average_stays_a_grouping(shop: Database) -> None:
    rows = (await answer(shop, "What is the number of orders per customer?"))[1]
    assert rows == [["Ava", 3], ["Ben", 1], ["Cy", 1], ["Di", 1]]
