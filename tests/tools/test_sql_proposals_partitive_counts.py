"""A count "how many of the X", "how many of our X" or "how many of these X" counts what "how many X" does: the
noun right after the count is read there, so a count of a type value ("how many of the Whippets") counts the rows
that refer to it, never the one type row (tools/sql/question.py). "how many of each X" is left as it is."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, seeded_database
from tools.sql.database import Database

KENNEL = """
CREATE TABLE breed (breed_id INTEGER PRIMARY KEY, breed_name TEXT);
CREATE TABLE keeper (keeper_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE hound (
    hound_id INTEGER PRIMARY KEY, name TEXT, age INTEGER,
    breed_id INTEGER REFERENCES breed (breed_id), keeper_id INTEGER REFERENCES keeper (keeper_id)
);
INSERT INTO breed VALUES (1, 'Whippet'), (2, 'Basset'), (3, 'Saluki');
INSERT INTO keeper VALUES (1, 'Ines'), (2, 'Otto');
INSERT INTO hound VALUES (1, 'Rex', 3, 1, 1), (2, 'Max', 7, 1, 2), (3, 'Bea', 2, 2, 1), (4, 'Pip', 9, 1, 1);
"""


@pytest.fixture
def kennel(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "kennel.sqlite", KENNEL)


@pytest.mark.parametrize("partitive", ["", "of the ", "of our ", "of these "])
@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many {}Whippets are there?", [[3]]),
        ("How many {}Whippets are older than 5?", [[2]]),
        ("How many {}Whippets does Ines have?", [[2]]),
        ("How many {}hounds are older than 5?", [[2]]),
    ],
)
async def test_how_many_of_the_x_counts_as_how_many_x(
    kennel: Database, question: str, partitive: str, rows: list[list[object]]
) -> None:
    # before the reading "how many of the Whippets" counted the one breed row, and the rest were declined
    sql, found = await answer(kennel, question.format(partitive))
    assert found == rows, sql
