"""The schema-grounded parser over a small shop: "the highest / lowest Y for each X" is the extreme of Y in every
group, labelled by X's name, not the one X whose Y is highest; without "each" or "per" on X, "which X has the
highest Y" is still the one X."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE category (category_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE product (
    product_id INTEGER PRIMARY KEY, title TEXT, price REAL, category_id INTEGER REFERENCES category (category_id)
);
INSERT INTO category VALUES (1, 'Garden'), (2, 'Kitchen');
INSERT INTO product VALUES (1, 'Rake', 12.0, 1), (2, 'Spade', 20.0, 1), (3, 'Pan', 30.0, 2), (4, 'Cup', 4.0, 2);
"""
JOINED = 'FROM "product" JOIN "category" ON "product"."category_id" = "category"."category_id"'


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


@pytest.mark.parametrize(
    ("question", "function", "rows"),
    [
        ("Highest price for each category", "MAX", [["Garden", 20.0], ["Kitchen", 30.0]]),
        ("What is the highest price in each category?", "MAX", [["Garden", 20.0], ["Kitchen", 30.0]]),
        ("Lowest product price per category", "MIN", [["Garden", 12.0], ["Kitchen", 4.0]]),
    ],
)
async def test_an_extreme_for_each_group_is_one_figure_per_group(
    shop: Database, question: str, function: str, rows: list[list[object]]
) -> None:
    sql, answered = await answer(shop, question)
    assert sql == f'SELECT "category"."name", {function}("product"."price") {JOINED} GROUP BY "category"."category_id"'
    assert sorted(answered) == rows


async def test_which_group_has_the_highest_figure_is_still_one_group(shop: Database) -> None:
    sql, rows = await answer(shop, "Which category has the highest average price?")
    assert sql.endswith('ORDER BY AVG("product"."price") DESC LIMIT 1')
    assert rows == [["Kitchen"]]
