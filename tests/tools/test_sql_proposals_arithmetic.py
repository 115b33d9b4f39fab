"""Arithmetic the question spells out between number columns (tools/sql/arithmetic.py): "quantity times unit
price", "year painted minus birth year", "subtotal plus delivery fee plus tip", "distance divided by hours" are one
measure that sums, averages, ranks and groups like a column, over one table and the tables it refers to. The
figure's word ("cost", "spend") is read only as the head right before the parenthesis that holds the expression, or
as an age for a year minus a birth year. Never a "times" that counts, an operand that names no number column or
more than one placing, nor operands in tables that repeat each other's rows."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

WORKSHOP = """
CREATE TABLE material (material_id INTEGER PRIMARY KEY, material_name TEXT, category TEXT, unit_price REAL);
CREATE TABLE site (site_id INTEGER PRIMARY KEY, site_name TEXT);
CREATE TABLE usage (
    usage_id INTEGER PRIMARY KEY,
    material_id INTEGER REFERENCES material(material_id),
    site_id INTEGER REFERENCES site(site_id),
    quantity INTEGER
);
CREATE TABLE inspection (
    inspection_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES site(site_id), distance INTEGER
);
INSERT INTO material VALUES (1, 'Oak', 'Wood', 2.5), (2, 'Pine', 'Wood', 3.0), (3, 'Steel', 'Metal', 10.0);
INSERT INTO site VALUES (1, 'North'), (2, 'South');
INSERT INTO usage VALUES (1, 1, 1, 4), (2, 3, 1, 2), (3, 2, 2, 10), (4, 1, 2, 1);
INSERT INTO inspection VALUES (1, 1, 30), (2, 2, 5);
"""

GALLERY = """
CREATE TABLE painter (painter_id INTEGER PRIMARY KEY, painter_name TEXT, school TEXT, birth_year INTEGER);
CREATE TABLE canvas (
    canvas_id INTEGER PRIMARY KEY, title TEXT, painter_id INTEGER REFERENCES painter(painter_id), year_painted INTEGER
);
INSERT INTO painter VALUES (1, 'Mo', 'Nabis', 1880), (2, 'Pi', 'Nabis', 1890), (3, 'Da', 'Fauves', 1900);
INSERT INTO canvas VALUES (1, 'A', 1, 1910), (2, 'B', 2, 1925), (3, 'C', 3, 1930), (4, 'D', 3, 1940);
"""

DELIVERIES = """
CREATE TABLE courier (courier_id INTEGER PRIMARY KEY, courier_name TEXT);
CREATE TABLE delivery (
    delivery_id INTEGER PRIMARY KEY, courier_id INTEGER REFERENCES courier(courier_id),
    subtotal REAL, delivery_fee REAL, tip REAL, distance REAL, hours REAL
);
INSERT INTO courier VALUES (1, 'Al'), (2, 'Bea');
INSERT INTO delivery VALUES (1, 1, 20, 3, 2, 30, 1), (2, 1, 30, 4, 5, 10, 2), (3, 2, 10, 2, 0, 40, 4);
"""

STOCKED = """
CREATE TABLE material (material_id INTEGER PRIMARY KEY, material_name TEXT, unit_price REAL, quantity INTEGER);
CREATE TABLE usage (
    usage_id INTEGER PRIMARY KEY, material_id INTEGER REFERENCES material(material_id), quantity INTEGER
);
INSERT INTO material VALUES (1, 'Oak', 2.5, 100), (2, 'Pine', 3.0, 50);
INSERT INTO usage VALUES (1, 1, 4), (2, 2, 10);
"""


@pytest.fixture
def workshop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "workshop.sqlite", WORKSHOP)


@pytest.fixture
def gallery(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "gallery.sqlite", GALLERY)


@pytest.fixture
def deliveries(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "deliveries.sqlite", DELIVERIES)


async def test_a_product_glossed_after_its_figure_is_summed_per_group_across_the_join(workshop: Database) -> None:
    sql, rows = await answer(
        workshop, "What is the total material cost (quantity times unit price) by material category?"
    )
    assert 'SUM(("usage"."quantity" * "material"."unit_price"))' in sql
    assert sorted(rows) == [["Metal", 20.0], ["Wood", 42.5]]


async def test_multiplied_by_is_no_grouping(workshop: Database) -> None:
    _, rows = await answer(workshop, "What is the total of quantity multiplied by unit price for each category?")
    assert sorted(rows) == [["Metal", 20.0], ["Wood", 42.5]]


async def test_the_groups_with_the_highest_product_are_ranked_by_its_sum(workshop: Database) -> None:
    sql, rows = await answer(workshop, "Which category has the highest total cost (quantity times unit price)?")
    assert "ORDER BY SUM(" in sql
    assert rows == [["Wood"]]


async def test_a_figure_named_again_to_be_shown_is_shown_beside_its_ranking(workshop: Database) -> None:
    question = "What were the top 2 materials by total spend (quantity times unit price)? Show material name and spend"
    _, rows = await answer(workshop, question)
    assert rows == [["Pine", 30.0], ["Steel", 20.0]]


async def test_a_year_minus_a_birth_year_is_an_age_averaged_per_group(gallery: Database) -> None:
    for question in (
        "What was the average age (year painted minus birth year) for each school?",
        "For each school, how old were the painters on average (year painted minus birth year)?",
    ):
        sql, rows = await answer(gallery, question)
        assert 'AVG(("canvas"."year_painted" - "painter"."birth_year"))' in sql
        assert sorted(rows) == [["Fauves", 35.0], ["Nabis", 32.5]]


async def test_columns_of_one_row_added_together_are_averaged(deliveries: Database) -> None:
    sql, rows = await answer(deliveries, "What is the average of subtotal plus delivery fee plus tip?")
    assert '"delivery"."subtotal" + "delivery"."delivery_fee" + "delivery"."tip"' in sql
    assert rows == [[pytest.approx(76 / 3)]]  # (25 + 39 + 12) / 3


async def test_a_quotient_is_real_division_that_never_divides_by_zero(deliveries: Database) -> None:
    sql, rows = await answer(deliveries, "What is the average distance divided by hours for each courier?")
    assert "NULLIF(" in sql
    assert sorted(rows) == [["Al", 17.5], ["Bea", 10.0]]


@pytest.mark.parametrize(
    "question",
    [
        "How many times was each material used?",  # a count, no column before "times"
        "What is the total quantity times category?",  # the category is no number
        "What is the total cost of quantity times unit price by category?",  # "cost" is no gloss's head
        "What is the total quantity times distance?",  # a site's usage and inspections repeat each other's rows
    ],
)
async def test_arithmetic_is_not_read_where_it_would_guess(workshop: Database, question: str) -> None:
    proposal = await propose(workshop, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_an_operand_two_tables_could_hold_is_declined(tmp_path: Path) -> None:
    stocked = seeded_database(tmp_path / "stocked.sqlite", STOCKED)
    proposal = await propose(stocked, "What is the total of quantity times unit price?")
    assert proposal.decision == "decline"
    assert "times" in proposal.reason


LINES = """
CREATE TABLE order_line (line_id INTEGER PRIMARY KEY, product TEXT, unit_price REAL, quantity INTEGER);
INSERT INTO order_line VALUES (1, 'Tea', 2.0, 3), (2, 'Tea', 2.0, 1), (3, 'Jam', 5.0, 2);
"""


async def test_a_line_amount_already_multiplied_is_not_multiplied_again(tmp_path: Path) -> None:
    lines = seeded_database(tmp_path / "lines.sqlite", LINES)
    sql, rows = await answer(lines, "What is the total revenue (unit price times quantity) for each product?")
    assert sql.count("*") == 1
    assert sorted(rows) == [["Jam", 10.0], ["Tea", 8.0]]
