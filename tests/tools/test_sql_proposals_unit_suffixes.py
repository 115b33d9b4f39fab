"""A column named with its unit (`prize_pool_usd`) is meant by its words without the unit (issue 15): "the largest
prize pool" had been declined because nothing said "usd". Where the words name another column too, or the same
measure in another unit, the question must say which."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

LEAGUE = """
CREATE TABLE team (team_id INTEGER PRIMARY KEY, team_name TEXT);
CREATE TABLE player (
    player_id INTEGER PRIMARY KEY, gamer_tag TEXT, team_id INTEGER REFERENCES team (team_id), role TEXT,
    salary_usd REAL, weight_kg REAL, weight_lb REAL
);
CREATE TABLE tournament (tournament_id INTEGER PRIMARY KEY, tournament_name TEXT, prize_pool_usd REAL);
INSERT INTO team VALUES (1, 'Tigers'), (2, 'Wolves');
INSERT INTO player VALUES
    (1, 'ace', 1, 'Mid', 90000, 70, 154), (2, 'bolt', 2, 'Top', 50000, 80, 176), (3, 'cyan', 2, 'Mid', 70000, 65, 143);
INSERT INTO tournament VALUES (1, 'Spring Cup', 100000), (2, 'Worlds', 2000000), (3, 'Winter Open', 50000);
"""


@pytest.fixture
def league(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "league.sqlite", LEAGUE)


async def test_a_measure_is_named_without_the_unit_its_column_is_in(league: Database) -> None:
    _, rows = await answer(league, "Which tournament had the largest prize pool?")
    assert rows == [["Worlds"]]
    _, rows = await answer(league, "What is the average salary of Mid players?")
    assert rows == [[80000.0]]


async def test_a_comparison_on_the_measure_reads_the_unit_too(league: Database) -> None:
    _, rows = await answer(league, "Which tournaments had a prize pool above 80000?")
    assert sorted(rows) == [["Spring Cup"], ["Worlds"]]


async def test_the_unit_said_by_the_question_still_names_the_column(league: Database) -> None:
    _, rows = await answer(league, "What is the total prize pool in usd?")
    assert rows == [[2150000.0]]
    _, rows = await answer(league, "What is the average weight in kg of players?")
    assert rows == [[71.66666666666667]]


async def test_one_measure_in_two_units_needs_the_unit_said(league: Database) -> None:
    proposal = await propose(league, "What is the average weight of players?")
    assert proposal.decision == "decline"


async def test_a_column_named_by_the_words_alone_is_the_one_meant(tmp_path: Path) -> None:
    both = seeded_database(
        tmp_path / "pay.sqlite",
        """
        CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, full_name TEXT, salary REAL, salary_usd REAL);
        INSERT INTO staff VALUES (1, 'Ann Lee', 100, 110), (2, 'Bo Chan', 300, 330);
        """,
    )
    sql, rows = await answer(both, "What is the average salary of staff?")
    assert rows == [[200.0]] and "salary_usd" not in sql


async def test_words_that_go_on_to_name_another_column_are_that_column(tmp_path: Path) -> None:
    orders = seeded_database(
        tmp_path / "orders.sqlite",
        """
        CREATE TABLE orders (order_id INTEGER PRIMARY KEY, delivery_fee REAL, delivery_minutes INTEGER);
        INSERT INTO orders VALUES (1, 2.5, 30), (2, 3.5, 50);
        """,
    )
    _, rows = await answer(orders, "What's the average delivery fee across all orders?")
    assert rows == [[3.0]]
    _, rows = await answer(orders, "What is the average delivery of orders?")
    assert rows == [[40.0]]
