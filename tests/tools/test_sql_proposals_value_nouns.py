"""A lower-case word that reads like a verb ("running", "boxing") names a stored value in two tables' columns only
through the noun after it (issue 15): "running events" is an event's kind, "running coaches" a coach's specialty."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

CLUB = """
CREATE TABLE coach (coach_id INTEGER PRIMARY KEY, name TEXT, specialty TEXT);
CREATE TABLE event (event_id INTEGER PRIMARY KEY, title TEXT, kind TEXT, coach_id INTEGER REFERENCES coach (coach_id));
INSERT INTO coach VALUES (1, 'Ann', 'Running'), (2, 'Bo', 'Swimming'), (3, 'Cy', 'Running');
INSERT INTO event VALUES (1, 'Dawn 5k', 'Running', 2), (2, 'Lake Mile', 'Swimming', 1), (3, 'Hill Dash', 'Running', 1),
    (4, 'Park 10k', 'Running', 3);
"""


@pytest.fixture
def club(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "club.sqlite", CLUB)


async def test_the_noun_after_a_verb_like_value_says_which_tables_column_holds_it(club: Database) -> None:
    _, rows = await answer(club, "How many running events are there?")
    assert rows == [[3]]
    _, rows = await answer(club, "How many running coaches are there?")
    assert rows == [[2]]


async def test_without_such_a_noun_the_verb_like_word_names_no_value(club: Database) -> None:
    assert (await propose(club, "How many are running?")).decision == "decline"
