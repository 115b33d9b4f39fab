"""The schema-grounded parser over a small music label and a small company: a count through a lookup value named
with its table's noun ("the Folk genre"), and light verbs ("live in", "work in", "contain") accounted for only when
the reading's condition, join or grouping already says how the things relate."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

# "Folk" is a genre and also the title of a record: a value two tables hold
LABEL = """
CREATE TABLE genre (genre_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE artist (artist_id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE record (record_id INTEGER PRIMARY KEY, title TEXT, artist_id INTEGER REFERENCES artist (artist_id));
CREATE TABLE song (
    song_id INTEGER PRIMARY KEY, name TEXT, seconds INTEGER,
    record_id INTEGER REFERENCES record (record_id), genre_id INTEGER REFERENCES genre (genre_id)
);
CREATE TABLE fan (fan_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
INSERT INTO genre VALUES (1, 'Folk'), (2, 'Techno'), (3, 'Swing');
INSERT INTO artist VALUES (1, 'Kari Fjell', 'Norway'), (2, 'Los Rios', 'Spain');
INSERT INTO record VALUES (1, 'Northern Lights', 1), (2, 'Folk', 2), (3, 'Second Snow', 1);
INSERT INTO song VALUES (1, 'Aurora', 200, 1, 1), (2, 'Snowfall', 180, 1, 1), (3, 'Rio', 240, 2, 2),
    (4, 'Sand', 300, 2, 3), (5, 'Ice', 220, 3, 1), (6, 'Thaw', 210, 3, 2);
INSERT INTO fan VALUES (1, 'Ada', 'Bergen'), (2, 'Bo', 'Oslo'), (3, 'Cy', 'Bergen'), (4, 'Di', 'Bergen');
"""

# "Sales" is a department and also a project
COMPANY = """
CREATE TABLE department (department_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE project (project_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE employee (
    employee_id INTEGER PRIMARY KEY, name TEXT, city TEXT,
    department_id INTEGER REFERENCES department (department_id), project_id INTEGER REFERENCES project (project_id)
);
INSERT INTO department VALUES (1, 'Sales'), (2, 'Research');
INSERT INTO project VALUES (1, 'Sales'), (2, 'Apollo');
INSERT INTO employee VALUES (1, 'Una', 'Oslo', 1, 2), (2, 'Vic', 'Bergen', 1, 2), (3, 'Wes', 'Bergen', 2, 1),
    (4, 'Xan', 'Oslo', 1, 1);
"""


@pytest.fixture
def label(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "label.sqlite", LABEL)


@pytest.fixture
def company(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "company.sqlite", COMPANY)


async def test_a_count_through_a_value_named_with_its_tables_noun_counts_the_rows_that_refer_to_it(
    label: Database,
) -> None:
    # counting the genre table gives the one Folk row; the record titled Folk has two songs
    sql, rows = await answer(label, "How many songs are in the Folk genre?")
    assert sql == (
        'SELECT COUNT(*) FROM "song" JOIN "genre" ON "song"."genre_id" = "genre"."genre_id" '
        'WHERE "genre"."name" = \'Folk\''
    )
    assert rows == [[3]]


async def test_a_value_named_with_its_tables_noun_through_a_light_verb(company: Database) -> None:
    # the project called Sales has two employees, the Sales department three
    sql, rows = await answer(company, "How many employees work in the Sales department?")
    assert '"department"."name" = \'Sales\'' in sql
    assert rows == [[3]]


async def test_a_value_two_tables_hold_without_its_noun_is_still_declined(label: Database, company: Database) -> None:
    for database, question in (
        (label, "How many songs are in Folk?"),
        (company, "How many employees work in Sales?"),
    ):
        proposal = await propose(database, question)
        assert proposal.decision == "decline" or "'Folk'" not in proposal.candidates[0].sql, question


async def test_a_light_verb_is_accounted_for_by_the_grouping_that_relates_the_rows(label: Database) -> None:
    sql, rows = await answer(label, "Which city do most of our fans live in?")
    assert sql.startswith('SELECT "fan"."city" FROM "fan" GROUP BY "fan"."city" HAVING COUNT(*) = (')
    assert [row[0] for row in rows] == ["Bergen"]


async def test_a_light_verb_is_accounted_for_by_a_condition_or_a_join(label: Database, company: Database) -> None:
    _, rows = await answer(company, "Which employees live in Bergen?")
    assert sorted(rows) == [["Vic"], ["Wes"]]
    _, rows = await answer(label, "How many songs does the record Northern Lights contain?")
    assert rows == [[2]]


async def test_a_light_verb_that_alone_would_pick_a_column_is_declined(label: Database) -> None:
    # nothing but "live" says which column answers "where"
    proposal = await propose(label, "Where do fans live?")
    assert proposal.decision == "decline"


async def test_contain_before_a_value_still_asks_for_a_substring(label: Database) -> None:
    # a song is called Rio: "contain" before it is no light verb, so the name equal to Rio does not answer
    proposal = await propose(label, "Which songs contain Rio?")
    assert proposal.decision == "decline" or " LIKE " in proposal.candidates[0].sql
    assert all("= 'Rio'" not in item.sql for item in proposal.candidates if item.complete)
