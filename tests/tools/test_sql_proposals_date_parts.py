"""The schema-grounded parser over a small pottery studio: a month with no year ("in December"), a quarter or half
"of any year", and a day of the week ("on a Sunday", "on weekends") are conditions on the month or weekday of the
date they are about, every year; rendered alike for SQLite and PostgreSQL. A month right before a year stays a
range; "May" that is no month (a verb, a member's name), a weekday stored as a text value, two periods of one kind
and a part on a table with two dates the question does not choose between are declined or read otherwise."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.sql_proposals import answer, postgres_database, propose, seeded_database
from tools.sql.database import Database

STUDIO = """
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT, town TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES member (member_id), visited_on DATE, fee REAL
);
CREATE TABLE lesson (lesson_id INTEGER PRIMARY KEY, title TEXT, scheduled_on DATE, paid_on DATE);
INSERT INTO member VALUES (1, 'Ines Valcourt', 'Norvale'), (2, 'Tomas Wren', 'Eastbrook'), (3, 'Ada Brook', 'Norvale');
INSERT INTO visit VALUES
    (1, 1, '2023-12-03', 10.0), (2, 2, '2024-12-20', 20.0), (3, 3, '2024-03-05', 30.0),
    (4, 1, '2025-03-16 09:30:00', 40.0), (5, 2, '2024-05-11', 50.0), (6, 3, '2024-04-14', 60.0),
    (7, 1, '2025-01-05', 70.0);
INSERT INTO lesson VALUES (1, 'Clay Basics', '2024-03-02', '2024-02-10'), (2, 'Glazing', '2024-03-05', '2024-03-02');
"""
# Sundays: visits 1, 4, 6, 7; Saturday: 5; weekdays: 2 (Friday), 3 (Tuesday). Lesson 1 is on a Saturday, paid on
# a Saturday; lesson 2 on a Tuesday, paid on a Saturday.


@pytest.fixture
def studio(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "studio.sqlite", STUDIO)


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many visits were made in December?", [[2]]),
        ("Total fee of visits in March, all years together", [[70.0]]),
        ("What is the total fee of visits made during the month of March?", [[70.0]]),
        ("How many visits were made in March or April?", [[3]]),
        ("How many visits in the first quarter of any year?", [[3]]),
        ("How many visits in Q2 of any year?", [[2]]),
        ("How many visits in the second half of any year?", [[2]]),
        ("How many visits happen on weekends?", [[5]]),
        ("How many visits were made at the weekend?", [[5]]),
        ("How many visits were made on Saturdays or Sundays?", [[5]]),
        ("How many visits were made on weekdays?", [[2]]),
        ("How many visits were made on a Sunday?", [[4]]),
        ("How many visits were made on a Sunday in 2024?", [[1]]),
        ("How many visits were made on a Sunday in December?", [[1]]),
        ("How many visits were made in December 2024?", [[1]]),  # a month of a year stays a range
    ],
)
async def test_a_month_quarter_or_weekday_with_no_year_is_that_part_of_every_year(
    studio: Database, question: str, rows: list[list[object]]
) -> None:
    _, found = await answer(studio, question)
    assert found == rows


async def test_the_members_with_a_sunday_visit_are_read_through_the_visits_date(studio: Database) -> None:
    _, rows = await answer(studio, "Which members visited on a Sunday?")
    assert sorted(rows) == [["Ada Brook"], ["Ines Valcourt"]]


async def test_a_month_is_the_month_of_the_date_on_sqlite_and_on_postgresql(studio: Database) -> None:
    proposal = await propose(studio, "How many visits were made in December?")
    assert proposal.decision == "answer"
    candidate = proposal.candidates[0].candidate
    assert candidate.sql("sqlite") == (
        'SELECT COUNT(*) FROM "visit" WHERE STRFTIME(\'%m\', DATE("visit"."visited_on")) = \'12\''
    )
    assert candidate.sql("postgres") == (
        'SELECT COUNT(*) FROM "visit" WHERE TO_CHAR(CAST("visit"."visited_on" AS DATE), \'MM\') = \'12\''
    )


async def test_a_weekday_is_the_days_since_a_sunday_modulo_seven_on_both_dialects(studio: Database) -> None:
    proposal = await propose(studio, "How many visits happen on weekends?")
    assert proposal.decision == "answer"
    candidate = proposal.candidates[0].candidate
    assert candidate.sql("sqlite") == (
        'SELECT COUNT(*) FROM "visit" WHERE CAST((JULIANDAY(DATE("visit"."visited_on")) - '
        "JULIANDAY(DATE('0001-01-07'))) AS INTEGER) % 7 IN (0, 6)"
    )
    assert candidate.sql("postgres") == (
        'SELECT COUNT(*) FROM "visit" WHERE CAST(EXTRACT(epoch FROM CAST(CAST("visit"."visited_on" AS DATE) AS '
        "TIMESTAMP) - CAST(CAST('0001-01-07' AS DATE) AS TIMESTAMP)) / 86400 AS BIGINT) % 7 IN (0, 6)"
    )


async def test_a_weekday_goes_on_the_date_the_verb_names_among_two(studio: Database) -> None:
    _, rows = await answer(studio, "How many lessons were scheduled on a Saturday?")
    assert rows == [[1]]


@pytest.mark.parametrize(
    "question",
    [
        "How many lessons were there on a Saturday?",  # scheduled or paid on one?
        "How many lessons in March?",
    ],
)
async def test_a_part_on_a_table_with_two_dates_none_named_is_declined(studio: Database, question: str) -> None:
    assert (await propose(studio, question)).decision == "decline"


@pytest.mark.parametrize(
    "question",
    [
        "How many visits were made in March and May?",  # either month, or each: never both at once
        "How many visits were made in December last year?",  # relative
        "How many visits were made on Sunday last week?",  # one Sunday
        "How many visits were made before March?",  # of which year?
        "How many visits in the first quarter?",  # of which year?
        "How many visits in December of each year?",  # a figure per year, perhaps
        "How many visits in Mar?",  # an abbreviation alone is a word too ("mar")
        "May I see the visits?",
    ],
)
async def test_months_and_weekdays_that_name_no_part_of_every_year_are_declined(
    studio: Database, question: str
) -> None:
    proposal = await propose(studio, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql


NAMES = """
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES member (member_id), visited_on DATE, fee REAL
);
CREATE TABLE rota (rota_id INTEGER PRIMARY KEY, tutor TEXT, day TEXT, starts_on DATE);
CREATE TABLE slot (slot_id INTEGER PRIMARY KEY, opens_on DATE, weekend INTEGER);
INSERT INTO slot VALUES (1, '2024-05-04', 0), (2, '2024-05-06', 1);
INSERT INTO member VALUES (1, 'May'), (2, 'Tomas Wren');
INSERT INTO visit VALUES (1, 1, '2024-05-04', 10.0), (2, 2, '2024-05-11', 20.0), (3, 1, '2024-06-01', 30.0);
INSERT INTO rota VALUES (1, 'Ada', 'Sunday', '2024-05-06'), (2, 'Bo', 'Monday', '2024-05-05');
"""


@pytest.fixture
def named(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "named.sqlite", NAMES)


async def test_a_month_that_is_also_a_members_name_is_declined(named: Database) -> None:
    # the visits of May in May 2024, or the visits May made: a guess either way
    proposal = await propose(named, "How many visits were made in May?")
    assert proposal.decision == "decline"


async def test_a_weekday_stored_in_a_text_column_of_weekdays_is_that_value(named: Database) -> None:
    # rota 1 is on Sunday by its `day`, though it starts on a Monday; rota 2 starts on a Sunday
    sql, rows = await answer(named, "Which tutors are on the rota on Sunday?")
    assert rows == [["Ada"]]
    assert "\"day\" = 'Sunday'" in sql


@pytest.fixture
def studio_on_postgres(postgres: Any) -> Iterator[Database]:
    """The studio in a database of its own on the run's PostgreSQL, its dates a `date` and a `timestamp`."""
    with postgres_database(postgres, "studio", STUDIO.replace("visited_on DATE", "visited_on TIMESTAMP")) as database:
        yield database


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many visits were made in December?", [[2]]),
        ("How many visits happen on weekends?", [[5]]),
        ("How many visits were made on a Sunday in 2024?", [[1]]),
        ("How many lessons were scheduled on a Saturday?", [[1]]),
    ],
)
async def test_the_same_parts_run_on_postgresql_dates_and_timestamps(
    studio_on_postgres: Database, question: str, rows: list[list[object]]
) -> None:
    _, found = await answer(studio_on_postgres, question)
    assert found == rows


@pytest.mark.parametrize("question", ["How many slots are there on weekends?", "How many slots are there on weekdays?"])
async def test_a_part_named_by_a_column_is_not_read_as_the_dates_part(named: Database, question: str) -> None:
    # `weekend` is a column of its own: which slots it marks is not the date's business
    proposal = await propose(named, question)
    assert proposal.decision == "decline"
    assert not any("JULIANDAY" in item.sql for item in proposal.candidates)
