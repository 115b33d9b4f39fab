"""The schema-grounded parser over a small record-shop database: "or", "not", years, what "how many" counts and
whose value a value is. Each reading is answered right or declined, never answered as another question."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE band (band_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE record (record_id INTEGER PRIMARY KEY, title TEXT, band_id INTEGER REFERENCES band (band_id));
CREATE TABLE style (style_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE song (
    song_id INTEGER PRIMARY KEY, name TEXT, record_id INTEGER REFERENCES record (record_id),
    style_id INTEGER REFERENCES style (style_id)
);
CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, name TEXT, city TEXT, country TEXT, hired DATE, born DATE);
CREATE TABLE client (
    client_id INTEGER PRIMARY KEY, name TEXT, city TEXT, country TEXT, rep_id INTEGER REFERENCES staff (staff_id)
);
CREATE TABLE sale (sale_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES client (client_id), sold DATE, total REAL);
INSERT INTO band VALUES (1, 'Tide'), (2, 'Ember');
INSERT INTO record VALUES (1, 'Tide', 2), (2, 'Low Sun', 1), (3, 'Salt', 1), (4, 'Ash', 1);
INSERT INTO style VALUES (1, 'Folk'), (2, 'Folk Metal'), (3, 'Jazz');
INSERT INTO song VALUES (1, 'A', 2, 1), (2, 'B', 2, 1), (3, 'C', 2, 3), (4, 'D', 3, 2), (5, 'E', 1, 3);
INSERT INTO staff VALUES (1, 'Kim', 'Tromso', 'Norway', '2003-04-01', '1970-02-02'),
    (2, 'Lee', 'Bergen', 'Norway', '2004-05-01', '1980-03-03');
INSERT INTO client VALUES (1, 'Ana', 'Bergen', 'Norway', 1), (2, 'Bea', 'Lund', 'Sweden', 1),
    (3, 'Cal', 'Oslo', 'Norway', 2), (4, 'Dan', 'Porto', 'Portugal', 2), (5, 'Eve', 'Turku', 'Finland', 1);
INSERT INTO sale VALUES (1, 1, '2021-01-05', 10.0), (2, 1, '2022-03-01', 5.0), (3, 3, '2022-07-09', 7.5),
    (4, 4, '2003-02-02', 2.0);
"""


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


async def test_values_joined_by_or_are_one_column_in_both(shop: Database) -> None:
    sql, rows = await answer(shop, "How many clients are in Norway or Sweden?")
    assert sql == 'SELECT COUNT(*) FROM "client" WHERE "client"."country" IN (\'Norway\', \'Sweden\')'
    assert rows == [[3]]
    _, rows = await answer(shop, "How many clients are from Portugal, Finland or Sweden?")
    assert rows == [[3]]


async def test_values_joined_by_or_on_different_columns_are_declined(shop: Database) -> None:
    assert (await propose(shop, "How many clients are in Sweden or Porto?")).decision == "decline"


async def test_an_or_no_value_explains_is_declined_not_read_as_and(shop: Database) -> None:
    assert (await propose(shop, "How many clients are in Norway or have sales?")).decision == "decline"


async def test_not_before_a_value_negates_that_value_on_the_rows_counted(shop: Database) -> None:
    sql, rows = await answer(shop, "How many songs are not in the Jazz style?")
    assert sql == (
        'SELECT COUNT(*) FROM "song" JOIN "style" ON "song"."style_id" = "style"."style_id" '
        'WHERE NOT "style"."name" = \'Jazz\''
    )
    assert rows == [[3]]
    _, rows = await answer(shop, "How many clients are not from Norway?")
    assert rows == [[3]]


async def test_not_before_a_value_of_rows_that_refer_to_the_subject_is_declined(shop: Database) -> None:
    # "no sale of that total" or "some sale of another total": no reading is sure
    assert (await propose(shop, "How many bands are not on the record Salt?")).decision == "decline"


async def test_a_year_is_on_the_subjects_own_date(shop: Database) -> None:
    sql, rows = await answer(shop, "How many sales were there in 2022?")
    assert sql == (
        'SELECT COUNT(*) FROM "sale" WHERE "sale"."sold" >= \'2022-01-01\' AND "sale"."sold" < \'2023-01-01\''
    )
    assert rows == [[2]]


async def test_a_year_with_no_date_of_the_subjects_own_is_declined(shop: Database) -> None:
    # a client's sales, or the date their rep was hired or born: nothing says which
    assert (await propose(shop, "How many clients were there in 2003?")).decision == "decline"


async def test_a_year_on_a_subject_with_several_dates_needs_the_one_it_names(shop: Database) -> None:
    assert (await propose(shop, "How many staff in 2003?")).decision == "decline"
    _, rows = await answer(shop, "How many staff were hired in 2003?")
    assert rows == [[1]]


async def test_how_many_counts_the_table_it_names_with_the_named_parent_as_a_filter(shop: Database) -> None:
    sql, rows = await answer(shop, "How many songs does the record Low Sun have?")
    assert sql.startswith('SELECT COUNT(*) FROM "song" JOIN "record"')
    assert rows == [[3]]


async def test_a_value_that_owns_the_rows_counted_is_never_one_of_them(shop: Database) -> None:
    # 'Tide' is a band and also the title of a record by Ember
    sql, rows = await answer(shop, "How many records does Tide have?")
    assert sql.endswith('WHERE "band"."name" = \'Tide\'')
    assert rows == [[3]]


async def test_a_value_only_another_tables_like_named_column_holds_is_declined(shop: Database) -> None:
    # Tromso is where a rep lives; "clients in Tromso" asks for the clients' own city, which holds none
    assert (await propose(shop, "How many clients are in Tromso?")).decision == "decline"
