"""The schema-grounded parser over a small podcast network: a quantity in units ("longer than 5 minutes", "over
2 MB") is compared with the column whose name states a unit, converted to it. A column in no stated unit, or two
columns of the same kind, are declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

NETWORK = """
CREATE TABLE episode (episode_id INTEGER PRIMARY KEY, title TEXT, duration_ms INTEGER, size_bytes INTEGER);
CREATE TABLE trailer (trailer_id INTEGER PRIMARY KEY, title TEXT, duration INTEGER);
CREATE TABLE clip (clip_id INTEGER PRIMARY KEY, title TEXT, length_seconds INTEGER, intro_ms INTEGER);
CREATE TABLE listener (listener_id INTEGER PRIMARY KEY, name TEXT, province TEXT);
INSERT INTO episode VALUES (1, 'Pilot', 1800000, 3145728), (2, 'Finale', 280000, 1048576),
    (3, 'Recap', 60000, 500000);
INSERT INTO trailer VALUES (1, 'Soon', 40), (2, 'Later', 4000);
INSERT INTO clip VALUES (1, 'Cut', 30, 2000), (2, 'Long cut', 400, 5000);
INSERT INTO listener VALUES (1, 'Ida', 'MB'), (2, 'Jon', 'ON');
"""


@pytest.fixture
def network(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "network.sqlite", NETWORK)


async def test_minutes_and_seconds_are_converted_to_the_columns_milliseconds(network: Database) -> None:
    sql, rows = await answer(network, "Which episodes are longer than 5 minutes?")
    assert sql.endswith('WHERE "episode"."duration_ms" > 300000')
    assert rows == [["Pilot"]]
    _, rows = await answer(network, "How many episodes are shorter than 90 seconds?")
    assert rows == [[1]]


async def test_megabytes_are_converted_to_the_columns_bytes(network: Database) -> None:
    sql, rows = await answer(network, "Which episodes are over 2 MB?")
    assert sql.endswith('WHERE "episode"."size_bytes" > 2097152')
    assert rows == [["Pilot"]]
    _, rows = await answer(network, "How many episodes are at least 1 MB?")
    assert rows == [[2]]


async def test_a_unit_after_a_number_is_a_unit_even_where_a_value_is_spelt_alike(network: Database) -> None:
    _, rows = await answer(network, "How many episodes are over 2 MB?")
    assert rows == [[1]]
    _, rows = await answer(network, "How many listeners are in MB?")
    assert rows == [[1]]


async def test_a_column_in_no_stated_unit_is_declined(network: Database) -> None:
    proposal = await propose(network, "Which trailers are longer than 1 minute?")
    assert proposal.decision == "decline"
    assert "minute" in proposal.reason


async def test_two_columns_of_the_units_kind_are_declined(network: Database) -> None:
    proposal = await propose(network, "Which clips are longer than 1 minute?")
    assert proposal.decision == "decline"
