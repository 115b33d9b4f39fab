"""The schema-grounded parser over a shop with orders and order lines, and a clinic with fees: "how much" is a sum
of money (or one row's price), an amount written as money is compared with a money column, and a question the
schema cannot answer that way is still declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE category (category_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE product (
    product_id INTEGER PRIMARY KEY, name TEXT, price REAL, category_id INTEGER REFERENCES category (category_id)
);
CREATE TABLE orders (
    order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (customer_id), order_date TEXT,
    total REAL
);
CREATE TABLE order_line (
    line_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders (order_id),
    product_id INTEGER REFERENCES product (product_id), unit_price REAL, quantity INTEGER
);
INSERT INTO customer VALUES (1, 'Ada Lund', 'Norway'), (2, 'Bo Berg', 'Sweden'), (3, 'Cy Holm', 'Norway');
INSERT INTO category VALUES (1, 'Garden'), (2, 'Kitchen');
INSERT INTO product VALUES (1, 'Copper Kettle', 30.0, 2), (2, 'Garden Hose', 12.5, 1), (3, 'Tea Towel', 4.0, 2);
INSERT INTO orders VALUES (1, 1, '2023-03-01', 42.5), (2, 2, '2023-07-09', 8.0), (3, 3, '2024-01-15', 30.0),
    (4, 1, '2024-02-02', 16.0);
INSERT INTO order_line VALUES (1, 1, 1, 30.0, 1), (2, 1, 2, 12.5, 1), (3, 2, 3, 4.0, 2), (4, 3, 1, 30.0, 1),
    (5, 4, 3, 4.0, 4);
"""

# Two money columns on a visit (what it cost, what insurance paid): which one "$50" means is a guess.
CLINIC = """
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, city TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patient (patient_id), visit_date TEXT,
    fee REAL, insurance_payment REAL
);
CREATE TABLE treatment (treatment_id INTEGER PRIMARY KEY, name TEXT, fee REAL);
INSERT INTO patient VALUES (1, 'Siri', 'Dahl', 'Oslo'), (2, 'Ola', 'Berg', 'Bergen');
INSERT INTO visit VALUES (1, 1, '2024-01-03', 120.0, 100.0), (2, 1, '2024-05-06', 40.0, 0.0),
    (3, 2, '2024-02-02', 60.0, 30.0);
INSERT INTO treatment VALUES (1, 'X-ray', 80.0), (2, 'Cleaning', 45.0);
"""

# A library with no money at all: "how much" has nothing to sum.
LIBRARY = """
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE book (book_id INTEGER PRIMARY KEY, title TEXT, pages INTEGER);
CREATE TABLE loan (
    loan_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES member (member_id),
    book_id INTEGER REFERENCES book (book_id), loan_date TEXT
);
INSERT INTO member VALUES (1, 'Ada', 'Norway'), (2, 'Bo', 'Spain');
INSERT INTO book VALUES (1, 'Fjords', 320), (2, 'Tides', 150);
INSERT INTO loan VALUES (1, 1, 1, '2024-01-01'), (2, 2, 2, '2024-02-01');
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


async def test_how_much_customers_in_a_country_spent_sums_their_orders(shop: Database) -> None:
    # Ada's two orders (42.5 + 16.0) and Cy's one (30.0); the order lines add up to the same
    sql, rows = await answer(shop, "How much did customers in Norway spend?")
    assert sql.startswith('SELECT SUM("orders"."total") FROM "customer" JOIN "orders"')
    assert rows == [[88.5]]


async def test_revenue_a_category_brought_in_is_price_times_quantity_of_its_order_lines(shop: Database) -> None:
    # the kettle sold twice (60.0) and the towel six times (24.0); the kettle's list price is no revenue
    sql, rows = await answer(shop, "How much revenue did Kitchen bring in?")
    assert 'SUM("order_line"."unit_price" * "order_line"."quantity")' in sql
    assert rows == [[84.0]]


async def test_how_much_a_named_product_costs_is_its_price_not_a_sum(shop: Database) -> None:
    sql, rows = await answer(shop, "How much does the Copper Kettle cost?")
    assert sql == 'SELECT "product"."price" FROM "product" WHERE "product"."name" = \'Copper Kettle\''
    assert rows == [[30.0]]


async def test_a_total_paid_in_a_year_sums_that_years_money(shop: Database) -> None:
    _, rows = await answer(shop, "What is the total amount we were paid in 2024?")
    assert rows == [[46.0]]
    # the customer has no date: the year is the date of the orders summed
    sql, rows = await answer(shop, "How much did Ada Lund spend in 2024?")
    assert '"orders"."order_date" >= \'2024-01-01\'' in sql
    assert rows == [[16.0]]


async def test_spent_by_names_who_paid_and_groups_nothing(shop: Database) -> None:
    _, rows = await answer(shop, "What is the total spent by customers in Sweden?")
    assert rows == [[8.0]]


async def test_a_bare_how_much_about_a_named_row_is_its_price_not_its_sales(shop: Database) -> None:
    # the kettle's order lines add up to 60.0; "how much is" it asks what it costs
    _, rows = await answer(shop, "How much is the Copper Kettle?")
    assert rows == [[30.0]]


async def test_how_much_is_never_answered_by_a_list_of_names(shop: Database) -> None:
    proposal = await propose(shop, "How much did customers order?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_how_much_each_customer_spent_is_a_total_per_customer(shop: Database) -> None:
    sql, rows = await answer(shop, "How much did each customer spend?")
    assert 'GROUP BY "customer"."customer_id"' in sql
    assert sorted(rows) == [["Ada Lund", 58.5], ["Bo Berg", 8.0], ["Cy Holm", 30.0]]
    _, rows = await answer(shop, "How much did customers spend by country?")
    assert sorted(rows) == [["Norway", 88.5], ["Sweden", 8.0]]


async def test_an_amount_of_money_is_compared_with_the_rows_money_column(shop: Database) -> None:
    sql, rows = await answer(shop, "How many orders are over $20?")
    assert sql == 'SELECT COUNT(*) FROM "orders" WHERE "orders"."total" > 20'
    assert rows == [[2]]
    _, rows = await answer(shop, "Which products cost more than 4.5 dollars?")
    assert sorted(rows) == [["Copper Kettle"], ["Garden Hose"]]


async def test_spent_more_than_an_amount_in_total_keeps_those_whose_sum_passes_it(shop: Database) -> None:
    # no single order of Ada's passes $50; her two together do
    sql, rows = await answer(shop, "Which customers spent more than $50 in total?")
    assert 'HAVING SUM("orders"."total") > 50' in sql
    assert rows == [["Ada Lund"]]


async def test_a_person_named_in_parts_is_shown_by_whole_name_beside_their_total(clinic: Database) -> None:
    # Siri's visits cost 120 and 40: more than $150 only together
    _, rows = await answer(clinic, "Which patients paid a fee of more than $150 in total?")
    assert rows == [["Siri Dahl"]]


async def test_an_amount_with_two_money_columns_to_compare_is_declined(clinic: Database) -> None:
    for question in ("How many visits were over $50?", "How much did patients in Oslo pay?"):
        proposal = await propose(clinic, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)


async def test_how_much_with_no_money_column_is_declined(library: Database) -> None:
    for question in ("How much did members in Norway borrow?", "How much does the book Fjords cost?"):
        proposal = await propose(library, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)


async def test_the_most_expensive_rows_are_ordered_by_what_a_row_costs(shop: Database) -> None:
    _, rows = await answer(shop, "Which product is the most expensive?")
    assert rows == [["Copper Kettle"]]
    _, rows = await answer(shop, "What are the 2 cheapest products?")
    assert rows == [["Tea Towel"], ["Garden Hose"]]
    sql, rows = await answer(shop, "How much does the most expensive product cost?")
    assert sql.startswith('SELECT "product"."price" FROM "product" ORDER BY "product"."price" DESC')
    assert rows == [[30.0]]


async def test_a_ranking_by_money_spent_ranks_the_sums(shop: Database) -> None:
    _, rows = await answer(shop, "Who are our top 2 customers by total spend?")
    assert rows == [["Ada Lund", 58.5], ["Cy Holm", 30.0]]
    _, rows = await answer(shop, "Which category brought in the most revenue?")
    assert rows == [["Kitchen"]]


async def test_a_whole_name_asked_for_beside_a_ranked_total_is_one_column(clinic: Database) -> None:
    _, rows = await answer(clinic, "Who is the top patient by total fee paid? Give full name and amount.")
    assert rows == [["Siri Dahl", 160.0]]


async def test_the_most_expensive_row_with_two_money_columns_is_declined(clinic: Database) -> None:
    proposal = await propose(clinic, "Which visit was the most expensive?")
    assert proposal.decision == "decline", proposal.candidates[0].sql
