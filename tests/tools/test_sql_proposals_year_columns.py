"""A year stored as a number (`founded_year`, `year_built`) is compared with the years a question names (issue 15):
"teams founded before 2013" had been declined, since only text dates took a date phrase."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

LEAGUE = """
CREATE TABLE team (team_id INTEGER PRIMARY KEY, team_name TEXT, founded_year INTEGER, year_level INTEGER);
INSERT INTO team VALUES
    (1, 'Tigers', 2010, 1), (2, 'Wolves', 2013, 2), (3, 'Bears', 2016, 3), (4, 'Owls', NULL, 1);
CREATE TABLE aircraft (aircraft_id INTEGER PRIMARY KEY, tail_number TEXT, year_built INTEGER, delivered_on TEXT);
INSERT INTO aircraft VALUES (1, 'N100', 1999, '2000-02-01'), (2, 'N200', 2005, '2005-06-01');
"""


@pytest.fixture
def league(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "league.sqlite", LEAGUE)


async def test_a_year_before_after_or_in_compares_the_year_column(league: Database) -> None:
    _, rows = await answer(league, "Which teams were founded before 2013?")
    assert rows == [["Tigers"]]
    _, rows = await answer(league, "Which teams were founded in 2013?")
    assert rows == [["Wolves"]]
    _, rows = await answer(league, "How many teams were founded after 2012?")
    assert rows == [[2]]
    _, rows = await answer(league, "Which teams were founded between 2012 and 2016?")
    assert sorted(rows) == [["Bears"], ["Wolves"]]


async def test_a_month_says_more_than_a_year_column_holds(league: Database) -> None:
    proposal = await propose(league, "Which teams were founded in March 2013?")
    assert proposal.decision == "decline"


async def test_a_number_named_year_that_holds_no_calendar_years_is_no_date(league: Database) -> None:
    # `year_level` holds 1, 2, 3: a school year, not a calendar year
    proposal = await propose(league, "How many teams have a year level in 2013?")
    assert not any("year_level" in item.sql for item in proposal.candidates if item.complete)


async def test_with_a_date_column_too_the_verb_chooses(league: Database) -> None:
    _, rows = await answer(league, "List the tail numbers of aircraft built before 2000")
    assert rows == [["N100"]]
    _, rows = await answer(league, "List the tail numbers of aircraft delivered in 2005")
    assert rows == [["N200"]]
