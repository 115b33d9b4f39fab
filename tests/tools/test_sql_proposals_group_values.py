"""Groups named by a value of a joined table ("by type of buyer") are that value's groups, and a price per unit is
money only times the units (issue 15): both had been read so that the answer repeated groups or added up prices."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, seeded_database
from tools.sql.database import Database

MARKET = """
CREATE TABLE buyer (buyer_id INTEGER PRIMARY KEY, buyer_name TEXT, buyer_kind TEXT);
CREATE TABLE sale (
    sale_id INTEGER PRIMARY KEY, buyer_id INTEGER REFERENCES buyer (buyer_id), kilos_sold REAL,
    price_per_kilo REAL
);
INSERT INTO buyer VALUES (1, 'Acme Mills', 'Mill'), (2, 'Bay Mills', 'Mill'), (3, 'Co-op North', 'Co-op');
INSERT INTO sale VALUES (1, 1, 10, 2.0), (2, 2, 5, 3.0), (3, 3, 4, 1.5), (4, 1, 1, 2.5);
"""


@pytest.fixture
def market(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "market.sqlite", MARKET)


async def test_a_joined_tables_column_named_with_its_table_groups_by_that_column(market: Database) -> None:
    # two mills: grouped by each buyer and shown by kind, "Mill" would come twice
    _, rows = await answer(market, "Number of sales by kind of buyer")
    assert sorted(rows) == [["Co-op", 1], ["Mill", 3]]


async def test_a_price_per_unit_is_summed_as_money_times_the_units(market: Database) -> None:
    _, rows = await answer(market, "What is the total revenue of sales?")
    assert rows == [[43.5]]
    _, rows = await answer(market, "Total revenue of sales by kind of buyer")
    assert sorted(rows) == [["Co-op", 6.0], ["Mill", 37.5]]


CLAIMS = """
CREATE TABLE claim (claim_id INTEGER PRIMARY KEY, cause TEXT, amt_claimed REAL);
CREATE TABLE claim_pmt (
    pmt_id INTEGER PRIMARY KEY, claim_id INTEGER REFERENCES claim (claim_id), amount REAL
);
INSERT INTO claim VALUES (1, 'Theft', 100), (2, 'Fire', 900), (3, 'Theft', 300);
INSERT INTO claim_pmt VALUES (1, 1, 50), (2, 1, 50), (3, 2, 400), (4, 3, 10);
"""


async def test_a_shortened_word_in_a_column_name_reads_in_full(tmp_path: Path) -> None:
    # `amt_claimed` is the amount claimed; the payments' `amount` is another figure
    claims = seeded_database(tmp_path / "claims.sqlite", CLAIMS)
    _, rows = await answer(claims, "What is the average amount claimed for theft claims?")
    assert rows == [[200.0]]
