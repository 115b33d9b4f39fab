"""A superlative of quantity before a measure the subject has many rows of is their total (issue 15): "which
technician logged the fewest labor hours" had been answered with the technician of the one shortest work order,
and "which manufacturer has the most labor hours" with the maker of the one longest, both wrong answers."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, seeded_database
from tools.sql.database import Database

# Hours led in all: Ann 2, Bo 12 (4 x 3), Cy 10 (1 + 9); Cy leads both the shortest and the longest single order.
# Hours by maker: Boeing 11 (2 + 9, with the longest order), Airbus 13.
HANGAR = """
CREATE TABLE aircraft (aircraft_id INTEGER PRIMARY KEY, tail_number TEXT, manufacturer TEXT);
CREATE TABLE technician (tech_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
CREATE TABLE work_order (
    wo_id INTEGER PRIMARY KEY, aircraft_id INTEGER REFERENCES aircraft (aircraft_id),
    lead_tech_id INTEGER REFERENCES technician (tech_id), labor_hours REAL
);
INSERT INTO aircraft VALUES (1, 'N1', 'Boeing'), (2, 'N2', 'Airbus'), (3, 'N3', 'Airbus');
INSERT INTO technician VALUES (1, 'Ann', 'Lee'), (2, 'Bo', 'Chan'), (3, 'Cy', 'Ito');
INSERT INTO work_order VALUES
    (1, 1, 1, 2), (2, 2, 2, 3), (3, 3, 2, 3), (4, 2, 2, 3), (5, 3, 2, 3), (6, 2, 3, 1), (7, 1, 3, 9);
"""


@pytest.fixture
def hangar(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "hangar.sqlite", HANGAR)


async def test_the_most_of_a_measure_per_group_is_the_largest_total(hangar: Database) -> None:
    sql, rows = await answer(hangar, "Which manufacturer has the most labor hours?")
    assert rows == [["Airbus"]] and "SUM" in sql


async def test_the_fewest_of_a_measure_per_subject_is_the_smallest_total(hangar: Database) -> None:
    sql, rows = await answer(hangar, "Which technician logged the fewest labor hours?")
    assert rows == [["Ann", "Lee"]] and "SUM" in sql
    sql, rows = await answer(hangar, "Which technician logged the most labor hours?")
    assert rows == [["Bo", "Chan"]] and "SUM" in sql
