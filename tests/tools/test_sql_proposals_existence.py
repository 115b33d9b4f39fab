"""The schema-grounded parser on questions that ask whether rows exist: "have some Y", "ever", "any Y" are the rows
some row of the named referring table points to (a semi-join); "some" as a quantity, "any other", "ever" after a
superlative and "some" before a table that does not refer to the subject are declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

PRACTICE = """
CREATE TABLE doctor (doctor_id INTEGER PRIMARY KEY, name TEXT, specialty TEXT);
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, doctor_id INTEGER REFERENCES doctor (doctor_id),
    patient_id INTEGER REFERENCES patient (patient_id), visited DATE, minutes INTEGER
);
CREATE TABLE prescription (
    prescription_id INTEGER PRIMARY KEY, doctor_id INTEGER REFERENCES doctor (doctor_id),
    patient_id INTEGER REFERENCES patient (patient_id), drug TEXT
);
INSERT INTO doctor VALUES (1, 'Ann', 'Surgery'), (2, 'Bob', 'Cardiology'), (3, 'Cat', 'Surgery');
INSERT INTO patient VALUES (1, 'Dora', 'Leeds'), (2, 'Eli', 'York'), (3, 'Fay', 'Leeds'), (4, 'Gus', 'York');
INSERT INTO visit VALUES (1, 1, 1, '2024-01-01', 30), (2, 1, 1, '2020-02-01', 20), (3, 2, 3, '2023-01-01', 45),
    (4, 2, 4, '2020-06-01', 15);
INSERT INTO prescription VALUES (1, 1, 1, 'Aspirin'), (2, 1, 3, 'Ibuprofen');
"""
# Only visits sit between doctors and patients: "seen some patients" could be read through them, unnamed.
ONE_BETWEEN = """
CREATE TABLE doctor (doctor_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, doctor_id INTEGER REFERENCES doctor (doctor_id),
    patient_id INTEGER REFERENCES patient (patient_id)
);
INSERT INTO doctor VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO patient VALUES (1, 'Dora'), (2, 'Eli');
INSERT INTO visit VALUES (1, 1, 1);
"""
SEMI_JOIN = '"patient"."patient_id" IN (SELECT "prescription"."patient_id" FROM "prescription"'


@pytest.fixture
def practice(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "practice.sqlite", PRACTICE)


@pytest.fixture
def one_between(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "one_between.sqlite", ONE_BETWEEN)


async def test_how_many_have_some_referring_rows_counts_the_rows_they_point_to(practice: Database) -> None:
    sql, rows = await answer(practice, "How many patients have some prescriptions?")
    assert sql.startswith('SELECT COUNT(*) FROM "patient" WHERE ' + SEMI_JOIN)
    assert rows == [[2]]


async def test_which_rows_have_some_referring_rows_lists_each_once(practice: Database) -> None:
    sql, rows = await answer(practice, "Which patients have some visits?")
    assert ' IN (SELECT "visit"."patient_id" FROM "visit"' in sql
    assert sorted(rows) == [["Dora"], ["Fay"], ["Gus"]]


async def test_some_referring_rows_with_a_condition_on_them_keep_the_condition(practice: Database) -> None:
    # Gus and Dora visited in 2020; Fay only in 2023
    sql, rows = await answer(practice, "Which patients have had some visits in 2020?")
    assert "'2020-01-01'" in sql
    assert sorted(rows) == [["Dora"], ["Gus"]]


@pytest.mark.parametrize(
    "question",
    [
        "List the doctors who have ever written a prescription",
        "Which doctors wrote prescriptions?",
        "Which doctors have written some prescriptions?",
    ],
)
async def test_an_irregular_verb_relating_the_subject_to_a_named_table_is_the_semi_join(
    practice: Database, question: str
) -> None:
    sql, rows = await answer(practice, question)
    assert '"doctor"."doctor_id" IN (SELECT "prescription"."doctor_id"' in sql
    assert rows == [["Ann"]]


@pytest.mark.parametrize(
    "question",
    [
        "List some of the patients from Leeds",  # a quantity of the patients, not whether rows exist
        "Show some of the patients with visits",
        "Show some patients with visits",  # "some" is the subject's quantity; "with visits" asks for existence
        "Which patients have had some other visits?",
        "Which patients have any other visits?",
    ],
)
async def test_some_as_a_quantity_or_before_other_is_declined(practice: Database, question: str) -> None:
    assert (await propose(practice, question)).decision == "decline"


async def test_ever_after_a_superlative_is_no_semi_join(practice: Database) -> None:
    proposal = await propose(practice, "Which patient had the longest visit ever?")
    assert proposal.decision == "decline" or " IN (SELECT" not in proposal.candidates[0].sql


async def test_some_before_a_table_the_referring_rows_point_to_is_declined(one_between: Database) -> None:
    # the patients do not refer to the doctors: which rows relate them (the visits) is not said
    assert (await propose(one_between, "Which doctors have seen some patients?")).decision == "decline"
    assert (await propose(one_between, "How many doctors have seen some patients?")).decision == "decline"


async def test_an_irregular_verb_is_no_relation_to_a_table_it_does_not_name(practice: Database) -> None:
    # "seen" is the visits, but prescriptions join the same two tables: reading either one would be a guess
    for question in ("Which patients have seen doctors in Surgery?", "Which doctors have seen patients from Leeds?"):
        assert (await propose(practice, question)).decision == "decline"
