"""A rate's unit said in another form than the column's name says it: "$80 a month" and "per month" are
`monthly_fee`'s unit, "an hour" `hourly_rate`'s, "a year" and "yearly" `annual_budget`'s. A unit the column is not
in, a length of time ("within a year") and "per month" beside a total (a grouping by a date's month) are not read
so, and decline."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

AGENCY = """
CREATE TABLE plan (plan_id INTEGER PRIMARY KEY, plan_name TEXT, monthly_fee REAL);
CREATE TABLE tutor (tutor_id INTEGER PRIMARY KEY, name TEXT, hourly_rate REAL);
CREATE TABLE project (project_id INTEGER PRIMARY KEY, title TEXT, annual_budget REAL, started DATE);
CREATE TABLE payment (
    payment_id INTEGER PRIMARY KEY, tutor_id INTEGER REFERENCES tutor (tutor_id), amount REAL, paid_on DATE
);
INSERT INTO plan VALUES (1, 'Basic', 50), (2, 'Plus', 90), (3, 'Gold', 120);
INSERT INTO tutor VALUES (1, 'Eve', 40), (2, 'Fox', 60), (3, 'Gus', 30);
INSERT INTO project VALUES (1, 'Alpha', 50000, '2021-01-01'), (2, 'Beta', 120000, '2022-01-01'),
    (3, 'Gamma', 80000, '2022-07-01');
INSERT INTO payment VALUES (1, 1, 400, '2022-01-05'), (2, 2, 600, '2022-01-20'), (3, 2, 300, '2022-02-03');
"""


@pytest.fixture
def agency(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "agency.sqlite", AGENCY)


@pytest.mark.parametrize(
    ("question", "column", "expected"),
    [
        ("Which plans have a fee above 80 a month?", "monthly_fee", [["Gold"], ["Plus"]]),
        ("Which plans have a fee of more than 80 per month?", "monthly_fee", [["Gold"], ["Plus"]]),
        ("Which plans cost more than $80 a month?", "monthly_fee", [["Gold"], ["Plus"]]),
        ("Which tutors have a rate above 35 an hour?", "hourly_rate", [["Eve"], ["Fox"]]),
        ("Which projects have a budget of more than 60000 a year?", "annual_budget", [["Beta"], ["Gamma"]]),
        ("Which projects have a yearly budget above 60000?", "annual_budget", [["Beta"], ["Gamma"]]),
    ],
)
async def test_a_unit_in_another_form_names_the_column_of_its_adjective(
    agency: Database, question: str, column: str, expected: list[list[object]]
) -> None:
    sql, rows = await answer(agency, question)
    assert column in sql and sorted(rows) == expected


async def test_a_lookup_per_month_reads_the_monthly_column(agency: Database) -> None:
    sql, rows = await answer(agency, "How much is the Gold plan per month?")
    assert "monthly_fee" in sql and rows == [[120.0]]


@pytest.mark.parametrize(
    "question",
    [
        # the fee is monthly: no column is in years
        "Which plans cost more than $80 a year?",
        # a length of time, not a rate
        "How many projects started within a year?",
        # a total per month groups by a date's month, which no reading does: never the ungrouped total
        "What is the total amount paid per month?",
        # the unit said twice: the second is left over
        "What is the average monthly fee per month?",
    ],
)
async def test_a_unit_that_states_no_rate_of_the_column_declines(agency: Database, question: str) -> None:
    proposal = await propose(agency, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql if proposal.candidates else None
