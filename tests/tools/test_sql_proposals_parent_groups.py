"""A question groups by a category its rows hold through a parent table it does not name (issue 15): "incidents by
region", where the region is the reporting team's. Two parents holding such a category leave the question unread."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

DISPATCH = """
CREATE TABLE team (team_id INTEGER PRIMARY KEY, team_name TEXT, region TEXT);
CREATE TABLE station (station_id INTEGER PRIMARY KEY, station_name TEXT, district TEXT);
CREATE TABLE responder (
    responder_id INTEGER PRIMARY KEY, full_name TEXT, station_id INTEGER REFERENCES station (station_id),
    district TEXT
);
CREATE TABLE incident (
    incident_id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES team (team_id),
    responder_id INTEGER REFERENCES responder (responder_id), severity TEXT, damage_cost REAL
);
INSERT INTO team VALUES (1, 'Alpha', 'North'), (2, 'Bravo', 'North'), (3, 'Delta', 'South');
INSERT INTO station VALUES (1, 'Harbour', 'Docks'), (2, 'Hilltop', 'Uplands');
INSERT INTO responder VALUES (1, 'Ann Lee', 1, 'Docks'), (2, 'Bo Chan', 2, 'Uplands'), (3, 'Cy Ito', 2, 'Docks');
INSERT INTO incident VALUES
    (1, 1, 1, 'High', 100), (2, 2, 2, 'Low', 50), (3, 3, 3, 'High', 10), (4, 1, 3, 'Low', 40),
    (5, 3, 1, 'Low', 5);
"""


@pytest.fixture
def dispatch(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "dispatch.sqlite", DISPATCH)


async def test_a_category_of_a_parent_the_question_does_not_name_groups_its_rows(dispatch: Database) -> None:
    sql, rows = await answer(dispatch, "Number of incidents by region")
    assert sorted(rows) == [["North", 3], ["South", 2]]
    assert 'JOIN "team"' in sql


async def test_each_and_per_group_by_it_too(dispatch: Database) -> None:
    _, rows = await answer(dispatch, "How many incidents were there in each region?")
    assert sorted(rows) == [["North", 3], ["South", 2]]
    _, rows = await answer(dispatch, "Total damage cost per region")
    assert sorted(rows) == [["North", 190.0], ["South", 15.0]]


async def test_which_category_has_the_most_rows(dispatch: Database) -> None:
    _, rows = await answer(dispatch, "Which region has the most incidents?")
    assert rows == [["North"]]


async def test_two_parents_holding_the_category_leave_the_question_unread(dispatch: Database) -> None:
    # a responder's own district and their station's district: which one is not said
    proposal = await propose(dispatch, "Number of incidents by district")
    assert proposal.decision == "decline"
    assert all("district" not in item.sql for item in proposal.candidates if item.complete)


async def test_a_column_of_the_subject_is_its_own_group_key(dispatch: Database) -> None:
    _, rows = await answer(dispatch, "Number of incidents by severity")
    assert sorted(rows) == [["High", 2], ["Low", 3]]


async def test_a_parents_category_is_not_a_group_without_a_grouping_word(dispatch: Database) -> None:
    proposal = await propose(dispatch, "How many incidents are in the region?")
    assert not any("region" in item.sql for item in proposal.candidates if item.complete)


async def test_a_parents_own_name_is_not_a_category(dispatch: Database) -> None:
    # every responder's name is their own: "by name" is not a grouping of incidents by responder
    proposal = await propose(dispatch, "Number of incidents by full name")
    assert not any("full_name" in item.sql for item in proposal.candidates if item.complete)
