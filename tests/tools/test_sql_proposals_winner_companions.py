"""The schema-grounded parser over a small workshop: a superlative's winner shown with a column beside it ("the
cheapest tool, plus its price", "the most expensive tool and its kind", "which tool costs the most, and who makes
it"). The column is the winner's own, or of the one row it refers to; rows that refer to the winner, a second
subject and a word no table has are declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

WORKSHOP = """
CREATE TABLE maker (maker_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE kind (kind_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE tool (
    tool_id INTEGER PRIMARY KEY, name TEXT, price REAL, weight REAL,
    maker_id INTEGER REFERENCES maker (maker_id), kind_id INTEGER REFERENCES kind (kind_id)
);
CREATE TABLE review (
    review_id INTEGER PRIMARY KEY, tool_id INTEGER REFERENCES tool (tool_id), stars INTEGER, comment TEXT
);
INSERT INTO maker VALUES (1, 'Acme', 'Leeds'), (2, 'Borko', 'Turin');
INSERT INTO kind VALUES (1, 'Cutting'), (2, 'Striking');
INSERT INTO tool VALUES (1, 'Lathe', 45, 3.0, 2, 1), (2, 'Anvil', 20, 50.0, NULL, 2), (3, 'Pan', 12, 0.9, 1, 1),
    (4, 'Awl', 12, 0.3, 2, 2);
INSERT INTO review VALUES (1, 1, 5, 'sturdy'), (2, 1, 3, 'loud'), (3, 4, 4, 'sharp');
"""


@pytest.fixture
def workshop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "workshop.sqlite", WORKSHOP)


@pytest.mark.parametrize(
    "question",
    [
        "What is the cheapest tool, plus its price?",
        "What is the cheapest tool and its price?",
        "What is the cheapest tool along with its price?",
        "Give the cheapest tool including its price",
    ],
)
async def test_the_winner_and_its_own_column_shows_the_winners_name_then_the_column(
    workshop: Database, question: str
) -> None:
    _, rows = await answer(workshop, question)
    assert sorted(rows) == [["Awl", 12.0], ["Pan", 12.0]]  # ties kept


@pytest.mark.parametrize(
    "question",
    [
        "Name the most expensive tool and its kind",
        "What is the most expensive tool, including its kind?",
        "What is the most expensive tool, plus its kind's name?",
    ],
)
async def test_a_table_the_winner_refers_to_is_shown_by_its_name(workshop: Database, question: str) -> None:
    _, rows = await answer(workshop, question)
    assert rows == [["Lathe", "Cutting"]]


async def test_a_named_column_of_the_referred_table_is_shown_without_that_tables_name(workshop: Database) -> None:
    _, rows = await answer(workshop, "Name the most expensive tool and its maker's city")
    assert rows == [["Lathe", "Turin"]]


async def test_a_winner_that_refers_to_no_row_still_wins_and_shows_no_companion(workshop: Database) -> None:
    # the heaviest tool has no maker: the extreme is over every tool, not over the tools that have a maker
    sql, rows = await answer(workshop, "Name the heaviest tool and its maker")
    assert "LEFT JOIN" in sql
    assert rows == [["Anvil", None]]


async def test_costs_the_most_is_the_highest_price_and_who_makes_it_is_the_maker(workshop: Database) -> None:
    _, rows = await answer(workshop, "Which tool costs the least?")
    assert sorted(rows) == [["Awl"], ["Pan"]]
    _, rows = await answer(workshop, "Which tool weighs the most?")
    assert rows == [["Anvil"]]
    _, rows = await answer(workshop, "Which tool costs the most, and who makes it?")
    assert rows == [["Lathe", "Borko"]]


async def test_the_first_n_winners_are_shown_with_their_companions(workshop: Database) -> None:
    _, rows = await answer(workshop, "What are the 2 most expensive tools and their kinds?")
    assert rows == [["Lathe", "Cutting"], ["Anvil", "Striking"]]


@pytest.mark.parametrize(
    "question",
    [
        "Name the most expensive tool and its reviews",  # many reviews per tool
        "Name the most expensive tool and its review comments",
        "Name the cheapest tool and its most expensive rival",  # a second subject
        "Name the cheapest tool and its colour",  # no table has a colour
        "Name the most expensive tool and its maker and its city",  # two companions: the maker's city, or whose?
        "Name the cheapest tool and its city",  # the maker's city, or no city of the tool's?
        "Which tool costs the most, and who bought it?",  # no table the tool refers to is its buyer
    ],
)
async def test_a_companion_that_is_not_one_value_of_the_winner_is_declined(workshop: Database, question: str) -> None:
    proposal = await propose(workshop, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_a_list_and_their_own_column_shows_whose_it_is(workshop: Database) -> None:
    _, rows = await answer(workshop, "List the tools and their prices")
    assert sorted(rows) == [["Anvil", 20.0], ["Awl", 12.0], ["Lathe", 45.0], ["Pan", 12.0]]
