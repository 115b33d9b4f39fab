"""A phrase that says the question covers every row is no grouping (issue 15): "how much has been spent on travel in
total, across every grant?" had been answered with a total per grant, a wrong answer."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, seeded_database
from tools.sql.database import Database

GRANTS = """
CREATE TABLE grant_award (grant_id INTEGER PRIMARY KEY, title TEXT, amount_awarded REAL);
CREATE TABLE expenditure (
    expenditure_id INTEGER PRIMARY KEY, grant_id INTEGER REFERENCES grant_award (grant_id), category TEXT,
    amount REAL
);
INSERT INTO grant_award VALUES (1, 'Wetlands', 1000), (2, 'Robots', 2000);
INSERT INTO expenditure VALUES (1, 1, 'Travel', 10), (2, 1, 'Travel', 5), (3, 2, 'Travel', 20), (4, 2, 'Lab', 7);
"""


@pytest.fixture
def grants(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "grants.sqlite", GRANTS)


async def test_across_every_row_is_one_total(grants: Database) -> None:
    _, rows = await answer(grants, "How much has been spent on travel in total, across every grant award?")
    assert rows == [[35.0]]
    _, rows = await answer(grants, "How much has been spent on travel across all grant awards?")
    assert rows == [[35.0]]


async def test_for_every_row_is_still_a_figure_per_row(grants: Database) -> None:
    _, rows = await answer(grants, "How much has been spent on travel for every grant award?")
    assert sorted(rows) == [["Robots", 20.0], ["Wetlands", 15.0]]


async def test_across_each_is_still_read_as_per(grants: Database) -> None:
    _, rows = await answer(grants, "How much has been spent on travel across each grant award?")
    assert sorted(rows) == [["Robots", 20.0], ["Wetlands", 15.0]]
