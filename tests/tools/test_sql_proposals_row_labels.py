"""A lookup table whose rows are named by a `label` or `description` column (no `name`, no `title`) is shown and
grouped by it, like any named table (tools/sql/profile.py TableProfile.label)."""

from pathlib import Path

from tests.support.sql_proposals import answer, seeded_database

SHOP = """
CREATE TABLE category (category_id INTEGER PRIMARY KEY, label TEXT);
CREATE TABLE product (
    product_id INTEGER PRIMARY KEY, name TEXT, price REAL, category_id INTEGER REFERENCES category (category_id)
);
CREATE TABLE fault_kind (fault_kind_id INTEGER PRIMARY KEY, description TEXT);
CREATE TABLE repair (
    repair_id INTEGER PRIMARY KEY, fault_kind_id INTEGER REFERENCES fault_kind (fault_kind_id), hours REAL
);
INSERT INTO category VALUES (1, 'Kitchen'), (2, 'Garden');
INSERT INTO product VALUES (1, 'Kettle', 30.0, 1), (2, 'Pan', 20.0, 1), (3, 'Hose', 12.0, 2);
INSERT INTO fault_kind VALUES (1, 'Leak'), (2, 'Crack'), (3, 'Rust');
INSERT INTO repair VALUES (1, 1, 2.0), (2, 1, 3.0), (3, 2, 1.5);
"""


async def test_a_group_is_shown_by_its_label_column(tmp_path: Path) -> None:
    database = seeded_database(tmp_path / "shop.sqlite", SHOP)
    _, rows = await answer(database, "What is the average price of products per category?")
    assert sorted(rows) == [["Garden", 12.0], ["Kitchen", 25.0]]


async def test_a_lookup_table_is_listed_by_its_description_column(tmp_path: Path) -> None:
    database = seeded_database(tmp_path / "shop.sqlite", SHOP)
    _, rows = await answer(database, "List all fault kinds.")
    assert sorted(rows) == [["Crack"], ["Leak"], ["Rust"]]
