"""A number column holding 0 and 1 and nothing else is a yes/no flag whose true value is the number 1 (the profile
learns which columns those are, tools/sql/profile.py): "which tournaments are online" over `is_online`, "how many
plots are irrigated" over `Irrigated`, "how many farms are certified organic" over `organic_certified`. "not" or
"never" before the flag reads `= 0` when no row lacks a value; any other negation, a flag known only by its
values and named by a noun, and a column holding other numbers too are declined or not read as flags
(tools/sql/flags.py)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.sql_proposals import answer, postgres_database, propose, seeded_database
from tools.sql.database import Database

LEAGUE = """
CREATE TABLE grower (grower_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE farm (
    farm_id INTEGER PRIMARY KEY, name TEXT, organic_certified INTEGER, HasPool INTEGER, sheds INTEGER,
    grower_id INTEGER REFERENCES grower (grower_id)
);
CREATE TABLE plot (plot_id INTEGER PRIMARY KEY, label TEXT, Irrigated INTEGER, drained INTEGER);
CREATE TABLE tournament (tournament_id INTEGER PRIMARY KEY, title TEXT, is_online INTEGER, entry INTEGER);
CREATE TABLE seat (seat_id INTEGER PRIMARY KEY, student TEXT, attended INTEGER, passed INTEGER);
INSERT INTO grower VALUES (1, 'Hale'), (2, 'Moss');
INSERT INTO farm VALUES (1, 'Oakridge', 1, 0, 2, 1), (2, 'Willow', 0, 1, 0, 2), (3, 'Birch', 1, 1, 1, 1);
INSERT INTO plot VALUES (1, 'East', 1, 1), (2, 'West', 0, NULL), (3, 'Low', 1, 0), (4, 'High', 0, 1);
INSERT INTO tournament VALUES (1, 'Spring Open', 1, 0), (2, 'City Cup', 0, 1), (3, 'Net Masters', 1, 1);
INSERT INTO seat VALUES (1, 'Ana', 1, 1), (2, 'Ben', 1, 0), (3, 'Cy', 0, 0), (4, 'Di', 1, 1);
"""


@pytest.fixture
def league(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "league.sqlite", LEAGUE)


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("Which tournaments are online?", [["Spring Open"], ["Net Masters"]]),
        ("How many plots are irrigated?", [[2]]),
        ("Which plots are drained?", [["East"], ["High"]]),
        ("Which farms have a pool?", [["Willow"], ["Birch"]]),
        ("Which students attended?", [["Ana"], ["Ben"], ["Di"]]),
        ("How many seats were passed?", [[2]]),
        # one word of two a participle, said together in either order
        ("How many farms are certified organic?", [[2]]),
        ("Which farms are organic certified?", [["Oakridge"], ["Birch"]]),
    ],
)
async def test_a_zero_one_flag_named_by_its_word_keeps_the_rows_holding_one(
    league: Database, question: str, rows: list[list[object]]
) -> None:
    # without the profile's 0/1 check each of these is declined: the true value was unknown
    sql, found = await answer(league, question)
    assert found == rows, sql


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("Which tournaments are not online?", [["City Cup"]]),
        ("How many plots are not irrigated?", [[2]]),
        ("Which students never attended?", [["Cy"]]),
        ("How many farms are not certified organic?", [[1]]),
    ],
)
async def test_not_or_never_right_before_a_flag_with_no_missing_value_reads_zero(
    league: Database, question: str, rows: list[list[object]]
) -> None:
    sql, found = await answer(league, question)
    assert found == rows, sql
    assert "= 0" in sql


@pytest.mark.parametrize(
    "question",
    [
        "Which plots are not drained?",  # a plot with NULL is neither drained nor not
        "Which plots are not then irrigated?",  # a negation further off: its reach is a guess
        "Which students neither attended nor passed?",
        "Which farms are certified?",  # one word of two
        "Which farms are organic?",
    ],
)
async def test_other_negations_and_part_of_a_flags_words_are_declined(league: Database, question: str) -> None:
    proposal = await propose(league, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_a_number_column_holding_other_numbers_is_no_flag(league: Database) -> None:
    # `sheds` holds 0, 1 and 2: "which farms have sheds" is no condition sheds = 1
    proposal = await propose(league, "Which farms have sheds?")
    assert not any('"sheds" = 1' in item.sql for item in proposal.candidates)


async def test_a_zero_one_column_named_by_a_noun_is_no_flag(league: Database) -> None:
    # `entry` holds only 0 and 1, but "entry" names the column to show, not a condition on it
    _, rows = await answer(league, "List the tournament titles and entries.")
    assert rows == [["Spring Open", 0], ["City Cup", 1], ["Net Masters", 1]]


@pytest.fixture
def league_on_postgres(postgres: Any) -> Iterator[Database]:
    """The league in a database of its own on the run's PostgreSQL, its flags `smallint` and `integer`."""
    script = LEAGUE.replace("Irrigated INTEGER", "Irrigated SMALLINT").replace("HasPool", '"HasPool"')
    with postgres_database(postgres, "league", script) as database:
        yield database


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many plots are irrigated?", [[2]]),
        ("Which tournaments are not online?", [["City Cup"]]),
        ("How many farms are certified organic?", [[2]]),
    ],
)
async def test_the_same_flags_read_on_postgresql(
    league_on_postgres: Database, question: str, rows: list[list[object]]
) -> None:
    _, found = await answer(league_on_postgres, question)
    assert found == rows
