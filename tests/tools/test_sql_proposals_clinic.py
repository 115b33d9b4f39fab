"""The schema-grounded parser over a small clinic: a table's own word names its rows, not its date column; a
count over rows that refer to the subject counts each subject once; "last" in a column's name orders nothing."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

CLINIC = """
CREATE TABLE doctor (doctor_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, specialty TEXT);
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, name TEXT, city TEXT, born DATE);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, doctor_id INTEGER REFERENCES doctor (doctor_id),
    patient_id INTEGER REFERENCES patient (patient_id), visited DATE, cost REAL
);
CREATE TABLE ward (ward_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE ward_doctor (ward_id INTEGER REFERENCES ward (ward_id), doctor_id INTEGER REFERENCES doctor (doctor_id));
INSERT INTO doctor VALUES (1, 'Ann', 'Lee', 'Surgery'), (2, 'Bob', 'Kim', 'Cardiology'), (3, 'Cat', 'Ng', 'Surgery');
INSERT INTO patient VALUES (1, 'Dora', 'Leeds', '1980-01-01'), (2, 'Eli', 'York', '2024-02-02'),
    (3, 'Fay', 'Leeds', '2000-03-03');
INSERT INTO visit VALUES (1, 1, 1, '2024-01-01', 100), (2, 1, 1, '2024-02-01', 50), (3, 2, 1, '2023-01-01', 80),
    (4, 3, 3, '2024-02-02', 120), (5, 1, 3, '2023-05-05', 60);
INSERT INTO ward VALUES (1, 'North'), (2, 'South');
INSERT INTO ward_doctor VALUES (1, 1), (1, 2), (2, 3);
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "clinic.sqlite", CLINIC)


async def test_a_year_goes_on_the_date_its_verb_names_not_the_subjects_own(clinic: Database) -> None:
    # Eli was born in 2024 and never visited; Dora visited twice in 2024 and Fay once
    sql, rows = await answer(clinic, "How many patients visited in 2024?")
    assert '"visit"."visited" >= \'2024-01-01\'' in sql
    assert rows == [[2]]


async def test_a_count_over_rows_that_refer_to_the_subject_counts_each_subject_once(clinic: Database) -> None:
    sql, rows = await answer(clinic, "How many patients visited in 2024?")
    assert sql.startswith('SELECT COUNT(DISTINCT "patient"."patient_id")')
    assert rows == [[2]]


async def test_the_most_of_a_tables_word_counts_its_rows_never_orders_by_its_date(clinic: Database) -> None:
    sql, rows = await answer(clinic, "Which doctor has the most visits?")
    assert "HAVING COUNT(*) = (SELECT MAX(n)" in sql
    assert [row[:2] for row in rows] == [["Ann", "Lee"]]


async def test_last_in_a_columns_name_asks_for_no_descending_order(clinic: Database) -> None:
    _, rows = await answer(clinic, "List doctors ordered by last name")
    assert rows == [["Kim"], ["Lee"], ["Ng"]]


async def test_a_link_table_said_in_full_is_not_counted_as_one_of_its_ends(clinic: Database) -> None:
    assert (await propose(clinic, "How many ward doctors are there?")).decision == "decline"


async def test_which_row_has_the_highest_value_is_not_answered_by_the_value_alone(clinic: Database) -> None:
    # a visit has no name to show: the highest cost alone does not say which visit
    proposal = await propose(clinic, "Which visit has the highest cost?")
    assert proposal.decision == "decline" or "MAX(" not in proposal.candidates[0].sql
