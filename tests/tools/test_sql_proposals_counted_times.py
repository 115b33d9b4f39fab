"""Occasions counted as "the most times" or "the number of times" are the rows themselves (issue 15): "which model
has been rented the most times" had been declined on "times"."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

RENTALS = """
CREATE TABLE vehicle (vehicle_id INTEGER PRIMARY KEY, model TEXT, daily_rate REAL);
CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, vehicle_id INTEGER REFERENCES vehicle (vehicle_id), miles REAL);
INSERT INTO vehicle VALUES (1, 'Corolla', 40), (2, 'Civic', 45), (3, 'Corolla', 42), (4, 'Civic', 44);
INSERT INTO rental VALUES (1, 1, 100), (2, 3, 50), (3, 2, 70), (4, 1, 20), (5, 4, 10);
"""


@pytest.fixture
def rentals(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "rentals.sqlite", RENTALS)


async def test_the_most_times_ranks_by_the_number_of_rows(rentals: Database) -> None:
    _, rows = await answer(rentals, "Which model was on a rental the most times?")
    assert rows == [["Corolla"]]


async def test_the_number_of_times_counts_the_rows(rentals: Database) -> None:
    _, rows = await answer(rentals, "Number of times each model was on a rental")
    assert sorted(rows) == [["Civic", 2], ["Corolla", 3]]


async def test_times_as_arithmetic_is_not_a_count(rentals: Database) -> None:
    proposal = await propose(rentals, "Which vehicles have a daily rate two times 40?")
    assert proposal.decision == "decline"
