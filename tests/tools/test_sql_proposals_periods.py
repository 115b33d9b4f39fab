"""The schema-grounded parser over a small clinic: a half year ("the second half of 2024", "H1 2024") and a decade
("the 2020s") are half-open ranges on the one date column, like a year; relative periods ("last month") and a half
with no year are declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

CLINIC = """
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, name TEXT, town TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patient (patient_id), visit_date TEXT, fee REAL
);
INSERT INTO patient VALUES (1, 'Ines Valcourt', 'Norvale'), (2, 'Tomas Wren', 'Eastbrook');
INSERT INTO visit VALUES
    (1, 1, '2019-12-30', 40.0), (2, 1, '2024-03-02', 50.0), (3, 2, '2024-06-30', 60.0),
    (4, 2, '2024-07-01', 70.0), (5, 1, '2024-12-31', 80.0), (6, 2, '2025-01-02', 90.0);
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "clinic.sqlite", CLINIC)


@pytest.mark.parametrize(
    ("question", "low", "high", "count"),
    [
        ("How many visits were there in the second half of 2024?", "2024-07-01", "2025-01-01", 2),
        ("How many visits were there in the latter half of 2024?", "2024-07-01", "2025-01-01", 2),
        ("How many visits were there in the first half of 2024?", "2024-01-01", "2024-07-01", 2),
        ("How many visits were there in H1 2024?", "2024-01-01", "2024-07-01", 2),
        ("How many visits were there in the 2020s?", "2020-01-01", "2030-01-01", 5),
    ],
)
async def test_a_half_year_or_a_decade_is_a_range_on_the_one_date(
    clinic: Database, question: str, low: str, high: str, count: int
) -> None:
    sql, rows = await answer(clinic, question)
    assert sql == (
        f'SELECT COUNT(*) FROM "visit" WHERE "visit"."visit_date" >= \'{low}\' AND "visit"."visit_date" < \'{high}\''
    )
    assert rows == [[count]]


async def test_before_a_decade_ends_where_it_begins(clinic: Database) -> None:
    sql, rows = await answer(clinic, "How many visits were there before the 2020s?")
    assert sql.endswith('WHERE "visit"."visit_date" < \'2020-01-01\'')
    assert rows == [[1]]


@pytest.mark.parametrize(
    "question",
    [
        "How many visits were there last month?",  # relative: which month is a guess
        "How many visits were there in the second half?",  # of which year?
        "How many visits were there in the second half of 2024 and 2025?",  # two periods, neither joined
    ],
)
async def test_a_relative_period_or_a_half_with_no_year_is_declined(clinic: Database, question: str) -> None:
    assert (await propose(clinic, question)).decision == "decline"
