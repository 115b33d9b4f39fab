"""Places stored as codes are named in full (issue 15): "customers in Ohio" where `state` holds 'OH' had been
declined, since no stored value reads "Ohio". Codes are read only where every stored value of the column is a code
of one kind."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SHOP = """
CREATE TABLE customer (
    customer_id INTEGER PRIMARY KEY, full_name TEXT, state TEXT, country TEXT, tier TEXT, segment TEXT
);
INSERT INTO customer VALUES
    (1, 'Ann Lee', 'OH', 'US', 'Gold', 'IN'), (2, 'Bo Chan', 'TX', 'CA', 'Gold', 'OUT'),
    (3, 'Cy Ito', 'OH', 'US', 'Silver', 'IN'), (4, 'Di Tarn', 'NY', 'KR', 'Silver', 'OUT');
"""


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


async def test_a_state_named_in_full_finds_its_stored_code(shop: Database) -> None:
    _, rows = await answer(shop, "How many customers are in Ohio?")
    assert rows == [[2]]
    _, rows = await answer(shop, "List the names of Gold customers in Texas")
    assert rows == [["Bo Chan"]]


async def test_a_country_named_in_full_finds_its_stored_code(shop: Database) -> None:
    _, rows = await answer(shop, "How many customers are from South Korea?")
    assert rows == [[1]]
    _, rows = await answer(shop, "How many customers are from the United States?")
    assert rows == [[2]]


async def test_the_stored_code_itself_still_reads(shop: Database) -> None:
    _, rows = await answer(shop, "How many customers are in OH?")
    assert rows == [[2]]


async def test_a_column_that_holds_other_words_is_not_read_as_codes(shop: Database) -> None:
    # 'IN' and 'OUT' are not all codes of one kind: "Indiana" names nothing stored
    proposal = await propose(shop, "How many customers are in Indiana?")
    assert proposal.decision == "decline"


async def test_a_lone_code_is_not_read_as_a_place(tmp_path: Path) -> None:
    lone = seeded_database(
        tmp_path / "lone.sqlite",
        """
        CREATE TABLE account (account_id INTEGER PRIMARY KEY, holder TEXT, status TEXT);
        INSERT INTO account VALUES (1, 'Ann Lee', 'IN'), (2, 'Bo Chan', 'IN');
        """,
    )
    proposal = await propose(lone, "How many accounts are in India?")
    assert proposal.decision == "decline"
