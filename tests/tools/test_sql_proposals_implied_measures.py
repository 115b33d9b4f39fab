"""The schema-grounded parser over a small clinic and a music label: a comparison whose column the question implies
("older than 40", "costs more than 15", "in their forties") is read on the subject's one column of that kind, named
by its own words and type; with two such columns, or an age stored only as a birth date, it is declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

CLINIC = """
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, full_name TEXT, age INTEGER, weight_kg REAL);
CREATE TABLE doctor (doctor_id INTEGER PRIMARY KEY, full_name TEXT, birth_date TEXT);
CREATE TABLE visit (visit_id INTEGER PRIMARY KEY, fee REAL, insurance_payment REAL);
INSERT INTO patient VALUES (1, 'Ines Valcourt', 44, 61.0), (2, 'Tomas Wren', 29, 80.0), (3, 'Ada Quill', 49, 70.0);
INSERT INTO doctor VALUES (1, 'Mira Holt', '1970-02-01');
INSERT INTO visit VALUES (1, 40.0, 10.0), (2, 90.0, 20.0);
"""

LABEL = """
CREATE TABLE album (album_id INTEGER PRIMARY KEY, title TEXT, price REAL);
INSERT INTO album VALUES (1, 'Low Tide', 9.0), (2, 'High Noon', 18.0), (3, 'Dusk', 25.0);
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "clinic.sqlite", CLINIC)


@pytest.fixture
def label(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "label.sqlite", LABEL)


@pytest.mark.parametrize(
    ("question", "condition", "count"),
    [
        ("How many patients are older than 40?", '"patient"."age" > 40', 2),
        ("How many patients are younger than 30?", '"patient"."age" < 30', 1),
        ("How many patients are heavier than 65?", '"patient"."weight_kg" > 65', 2),
        ("How many patients are in their forties?", '"patient"."age" >= 40 AND "patient"."age" < 50', 2),
    ],
)
async def test_a_comparative_or_an_age_band_compares_the_one_column_it_implies(
    clinic: Database, question: str, condition: str, count: int
) -> None:
    sql, rows = await answer(clinic, question)
    assert sql == f'SELECT COUNT(*) FROM "patient" WHERE {condition}'
    assert rows == [[count]]


@pytest.mark.parametrize(
    ("question", "condition", "titles"),
    [
        ("Which albums cost more than 15?", '"album"."price" > 15', ["Dusk", "High Noon"]),
        ("Which albums cost at least 18?", '"album"."price" >= 18', ["Dusk", "High Noon"]),
    ],
)
async def test_a_price_verb_compares_the_one_money_column(
    label: Database, question: str, condition: str, titles: list[str]
) -> None:
    sql, rows = await answer(label, question)
    assert sql == f'SELECT "album"."title" FROM "album" WHERE {condition}'
    assert sorted(str(r[0]) for r in rows) == titles


@pytest.mark.parametrize(
    "question",
    [
        "How many doctors are older than 50?",  # only a birth date: the age depends on today
        "Which visits cost more than 30?",  # a fee and an insurance payment
        "How many doctors are in their fifties?",
    ],
)
async def test_an_implied_column_that_is_missing_or_not_one_is_declined(clinic: Database, question: str) -> None:
    assert (await propose(clinic, question)).decision == "decline"
