"""A foreign key that names only its table (`REFERENCES product`) points to that table's primary key, as SQLite
reads it: the schema shows that column, and joins along the key run (tools/sql/sqlite.py)."""

from pathlib import Path

from tests.support.sql_proposals import answer, seeded_database

SHOP = """
CREATE TABLE product (product_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE sale (sale_id INTEGER PRIMARY KEY, qty INTEGER, product_id INTEGER REFERENCES product);
INSERT INTO product VALUES (1, 'Mug'), (2, 'Jug');
INSERT INTO sale VALUES (1, 2, 1), (2, 5, 1), (3, 1, 2);
"""


async def test_the_key_is_described_with_the_primary_key_it_points_to(tmp_path: Path) -> None:
    database = seeded_database(tmp_path / "shop.sqlite", SHOP)
    described = await database.describe_table("sale")
    assert described.foreign_keys == ["product_id -> product.product_id"]


async def test_a_join_along_the_key_runs(tmp_path: Path) -> None:
    database = seeded_database(tmp_path / "shop.sqlite", SHOP)
    sql, rows = await answer(database, "How many sales does the product Mug have?")
    assert "None" not in sql and rows == [[2]]
