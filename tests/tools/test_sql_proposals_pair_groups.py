"""Groups named by two columns joined by "and" ("repairs by brand and finish", "which brand and finish has the most
repairs"): one group of both columns, shown by both, with the measures, thresholds and superlatives of single keys.
Not a measure as a key, not three keys, not two parents on different paths, and not a list of two columns."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

WORKSHOP = """
CREATE TABLE factory (factory_id INTEGER PRIMARY KEY, plant_name TEXT, nation TEXT);
CREATE TABLE appliance (
    appliance_id INTEGER PRIMARY KEY, brand TEXT, finish TEXT, wattage INTEGER,
    factory_id INTEGER REFERENCES factory (factory_id)
);
CREATE TABLE client (client_id INTEGER PRIMARY KEY, full_name TEXT, town TEXT, province TEXT);
CREATE TABLE repair (
    repair_id INTEGER PRIMARY KEY, appliance_id INTEGER REFERENCES appliance (appliance_id),
    client_id INTEGER REFERENCES client (client_id), labour_cost REAL
);
CREATE TABLE technician (technician_id INTEGER PRIMARY KEY, full_name TEXT, team TEXT, grade TEXT);
INSERT INTO factory VALUES (1, 'Rivet', 'Spain'), (2, 'Anvil', 'Chile'), (3, 'Forge', 'Spain');
INSERT INTO appliance VALUES
    (1, 'Kelva', 'Matte', 900, 1), (2, 'Kelva', 'Gloss', 300, 1), (3, 'Mondo', 'Matte', 800, 2),
    (4, 'Kelva', 'Matte', 950, 3), (5, 'Mondo', 'Gloss', 250, 2);
INSERT INTO client VALUES
    (1, 'Ann Lee', 'Elm', 'Ross'), (2, 'Bo Chan', 'Oak', 'Ross'), (3, 'Cy Ito', 'Elm', 'Tay'),
    (4, 'Di Roe', 'Elm', 'Ross');
INSERT INTO repair VALUES
    (1, 1, 1, 50), (2, 4, 2, 70), (3, 2, 3, 20), (4, 3, 1, 40), (5, 1, 4, 30), (6, 5, 2, 10),
    (7, 3, 3, 60), (8, 2, 4, 25);
INSERT INTO technician VALUES
    (1, 'Al Moe', 'Field', 'Senior'), (2, 'Bea Ng', 'Field', 'Junior'), (3, 'Cal Ott', 'Bench', 'Senior'),
    (4, 'Dee Pym', 'Field', 'Junior'), (5, 'Eve Quo', 'Bench', 'Senior');
"""


@pytest.fixture
def workshop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "workshop.sqlite", WORKSHOP)


async def test_a_count_for_each_pair_of_the_subjects_own_columns(workshop: Database) -> None:
    sql, rows = await answer(workshop, "How many technicians are there for each team and grade?")
    assert sorted(rows) == [["Bench", "Senior", 2], ["Field", "Junior", 2], ["Field", "Senior", 1]]
    assert 'GROUP BY "technician"."team", "technician"."grade"' in sql


async def test_a_pair_of_a_parents_columns_groups_the_rows_that_refer_to_it(workshop: Database) -> None:
    sql, rows = await answer(workshop, "Number of repairs by town and province")
    assert sorted(rows) == [["Elm", "Ross", 4], ["Elm", "Tay", 2], ["Oak", "Ross", 2]]
    assert 'FROM "repair" JOIN "client"' in sql


async def test_a_pair_along_one_path_of_parents(workshop: Database) -> None:
    _, rows = await answer(workshop, "How many appliances per nation and brand?")
    assert sorted(rows) == [["Chile", "Mondo", 2], ["Spain", "Kelva", 3]]


async def test_a_sum_per_pair(workshop: Database) -> None:
    _, rows = await answer(workshop, "Total labour cost per brand and finish")
    expected = [
        ["Kelva", "Gloss", 45.0],
        ["Kelva", "Matte", 150.0],
        ["Mondo", "Gloss", 10.0],
        ["Mondo", "Matte", 100.0],
    ]
    assert sorted(rows) == expected


async def test_which_pair_has_the_most_keeps_its_ties(workshop: Database) -> None:
    sql, rows = await answer(workshop, "Which brand and finish has the most repairs?")
    assert rows == [["Kelva", "Matte"]]
    assert "HAVING COUNT(*) = (SELECT MAX(n)" in sql
    _, rows = await answer(workshop, "Which brand and finish has the fewest repairs?")
    assert rows == [["Mondo", "Gloss"]]


async def test_a_threshold_on_each_pair(workshop: Database) -> None:
    _, rows = await answer(workshop, "Which brand and finish have more than 1 repair?")
    assert sorted(rows) == [["Kelva", "Gloss"], ["Kelva", "Matte"], ["Mondo", "Matte"]]


async def test_two_columns_listed_for_each_row_stay_a_list(workshop: Database) -> None:
    sql, rows = await answer(workshop, "List the brand and finish of each appliance")
    assert "GROUP BY" not in sql
    assert len(rows) == 5


async def test_two_columns_shown_of_rows_are_no_pair_without_a_cue(workshop: Database) -> None:
    # the brand and finish of each appliance with more than 1 repair, not the brand-and-finish groups of repairs
    proposal = await propose(workshop, "Show the brand and finish of appliances with more than 1 repair")
    assert not any("brand" in _group_by(item.sql) and "finish" in _group_by(item.sql) for item in proposal.candidates)


async def test_parents_on_two_paths_are_not_paired(workshop: Database) -> None:
    # a repair reaches a town through its client and a brand through its appliance: not one line of parents
    proposal = await propose(workshop, "How many repairs per town and brand?")
    assert proposal.decision == "decline"


def _group_by(sql: str) -> str:
    return sql.partition("GROUP BY")[2].partition("HAVING")[0].partition("ORDER BY")[0]


async def test_a_measure_is_not_one_of_the_pair(workshop: Database) -> None:
    proposal = await propose(workshop, "Number of appliances by brand and wattage")
    assert proposal.decision == "decline"
    assert not any({"brand", "wattage"} <= set(_group_by(item.sql).split('"')) for item in proposal.candidates)


async def test_a_stored_value_is_not_one_of_the_pair(workshop: Database) -> None:
    # "by brand and Elm": the value filters the rows (as without pairs), it is no column to group by
    sql, rows = await answer(workshop, "Number of repairs by brand and Elm")
    assert _group_by(sql).strip() == '"appliance"."brand"'
    assert sorted(rows) == [["Kelva", 4], ["Mondo", 2]]


async def test_three_keys_are_not_read_as_a_pair(workshop: Database) -> None:
    for question in (
        "How many technicians by team, grade and full name?",
        "How many technicians by team and grade and full name?",
    ):
        proposal = await propose(workshop, question)
        assert proposal.decision == "decline", question
