"""The schema-grounded parser over a small shop and a music label's studios (issue 15, held-out wrong answers):
an answer never echoes the question's own value back, a name is read on the entity it names before a free-text
column of the rows, and a plain word of the sentence is not a stored title it resembles."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE maker (maker_id INTEGER PRIMARY KEY, maker_label TEXT, base_area TEXT);
CREATE TABLE category (category_id INTEGER PRIMARY KEY, category_label TEXT);
CREATE TABLE product (
    product_id INTEGER PRIMARY KEY, label TEXT, list_price REAL, mass_kg REAL, colour TEXT, designed_by TEXT,
    maker_id INTEGER REFERENCES maker (maker_id), category_id INTEGER REFERENCES category (category_id)
);
INSERT INTO maker VALUES (1, 'Acme', 'Northside'), (2, 'Brightline', 'Docklands'), (3, 'Corvo', 'Eastfield');
INSERT INTO category VALUES (1, 'Kettle'), (2, 'Scale'), (3, 'Lamp');
INSERT INTO product VALUES (1, 'Weigh!', 15, 25, 'white', 'Corvo', 1, 2), (2, 'Boil Pro', 30, 2, 'red', 'Acme', 1, 1),
    (3, 'Glow', 20, 3, 'red', 'Acme', 2, 3), (4, 'Heavy Lift', 80, 40, 'black', 'Acme', 3, 2),
    (5, 'Kettle Mini', 12, 1, 'red', 'Nora Lind', 2, 1), (6, 'Tip', 9, 30, 'red', 'Nora Lind', 3, 2);
"""

STUDIOS = """
CREATE TABLE studio (studio_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE session (
    session_id INTEGER PRIMARY KEY, studio_id INTEGER REFERENCES studio (studio_id), hours INTEGER, mood TEXT
);
INSERT INTO studio VALUES (1, 'Harbour', 'Leeds'), (2, 'Foundry', 'York');
INSERT INTO session VALUES (1, 1, 3, 'calm'), (2, 1, 5, 'loud'), (3, 2, 2, 'calm');
"""


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


@pytest.fixture
def studios(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "studios.sqlite", STUDIOS)


async def test_a_category_value_as_the_head_noun_lists_the_rows_of_that_category(shop: Database) -> None:
    # "kettles" is a category's name: the red products in it, not the category 'Kettle' echoed back
    sql, rows = await answer(shop, "Which red kettles are there?")
    assert sql.startswith('SELECT "product"."label" FROM "product" JOIN "category"')
    assert sorted(rows) == [["Boil Pro"], ["Kettle Mini"]]


async def test_a_column_the_condition_pins_is_never_the_whole_answer(studios: Database) -> None:
    # a session has no name: showing the studio's name, pinned to 'Harbour', would only repeat the question
    for question in ("Which calm Harbour sessions are there?", "Which calm sessions were at Harbour?"):
        proposal = await propose(studios, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)
        assert "harbour" in proposal.reason


async def test_a_pinned_column_the_question_asks_to_see_is_shown(studios: Database) -> None:
    _, rows = await answer(studios, "What is the name and city of the Harbour studio?")
    assert rows == [["Harbour", "Leeds"]]


async def test_a_name_before_the_rows_is_the_entity_they_belong_to_not_a_credit_column(shop: Database) -> None:
    # Acme is a maker and also credited in designed_by: "Acme products" are the maker's
    sql, rows = await answer(shop, "What is the heaviest Acme product?")
    assert '"maker"."maker_label" = \'Acme\'' in sql and "designed_by" not in sql
    assert rows == [["Weigh!"]]
    _, rows = await answer(shop, "Which Acme products are red?")
    assert sorted(rows) == [["Boil Pro"]]


async def test_a_name_only_the_credit_column_holds_is_read_there(shop: Database) -> None:
    # near miss: no maker is called Nora Lind, so the credit column is the only reading
    sql, rows = await answer(shop, "Which Nora Lind products are red?")
    assert "designed_by" in sql
    assert sorted(rows) == [["Kettle Mini"], ["Tip"]]


async def test_the_verb_of_a_comparison_is_not_a_title_it_resembles(shop: Database) -> None:
    # a scale is called "Weigh!" and another "Tip": the verbs compare weights, they name no product
    for verb in ("weigh", "tip"):
        question = f"What is the list price of products that {verb} more than 20 mass kg?"
        proposal = await propose(shop, question)
        assert proposal.decision == "decline" or '"label" =' not in proposal.candidates[0].sql, question


async def test_a_title_with_punctuation_is_named_when_written_as_a_name(shop: Database) -> None:
    # near miss: capitalised, the word names the product
    _, rows = await answer(shop, "What is the colour of Weigh!?")
    assert rows == [["white"]]
    _, rows = await answer(shop, "What is the colour of Tip?")
    assert rows == [["red"]]
