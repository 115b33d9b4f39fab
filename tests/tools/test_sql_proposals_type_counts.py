"""The schema-grounded parser over a small pet clinic whose treatments refer to treatment types: "how many
vaccinations" counts the treatments of that type, never the one type row; when two tables refer to the types and
the question does not say which, it is declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

CLINIC = """
CREATE TABLE owner (owner_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE pet (pet_id INTEGER PRIMARY KEY, name TEXT, species TEXT, owner_id INTEGER REFERENCES owner (owner_id));
CREATE TABLE treatment_type (treatment_type_id INTEGER PRIMARY KEY, description TEXT, price REAL);
CREATE TABLE treatment (
    treatment_id INTEGER PRIMARY KEY, pet_id INTEGER REFERENCES pet (pet_id),
    treatment_type_id INTEGER REFERENCES treatment_type (treatment_type_id), given_on DATE, cost REAL
);
INSERT INTO owner VALUES (1, 'Ada Lund', 'Bergen'), (2, 'Bo Rask', 'Oslo');
INSERT INTO pet VALUES (1, 'Rex', 'dog', 1), (2, 'Tom', 'cat', 1), (3, 'Fido', 'dog', 2);
INSERT INTO treatment_type VALUES (1, 'Vaccination', 30.0), (2, 'Dental cleaning', 80.0), (3, 'Surgery', 500.0);
INSERT INTO treatment VALUES (1, 1, 1, '2024-01-02', 30.0), (2, 2, 1, '2024-02-03', 30.0),
    (3, 3, 2, '2024-03-04', 80.0), (4, 1, 1, '2025-05-06', 35.0);
"""

# Bookings refer to the treatment types as well, and as many bookings as treatments are vaccinations: counting
# either table gives the same figure, so only the rule, not a disagreement of results, can decline.
BOOKINGS = """
CREATE TABLE booking (
    booking_id INTEGER PRIMARY KEY, treatment_type_id INTEGER REFERENCES treatment_type (treatment_type_id),
    booked_on DATE
);
INSERT INTO booking VALUES (1, 1, '2024-01-01'), (2, 1, '2024-02-01'), (3, 1, '2025-05-01'), (4, 3, '2024-06-01');
"""

_COUNT_VACCINATIONS = (
    'SELECT COUNT(*) FROM "treatment" JOIN "treatment_type" ON "treatment"."treatment_type_id" = '
    '"treatment_type"."treatment_type_id" WHERE "treatment_type"."description" = \'Vaccination\''
)


@pytest.fixture
def clinic(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "clinic.sqlite", CLINIC)


@pytest.fixture
def clinic_with_bookings(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "bookings.sqlite", CLINIC + BOOKINGS)


async def test_how_many_of_a_type_counts_the_rows_that_refer_to_it(clinic: Database) -> None:
    sql, rows = await answer(clinic, "How many vaccinations were given?")
    assert sql == _COUNT_VACCINATIONS
    assert rows == [[3]]


async def test_a_type_count_takes_the_referring_rows_filters_too(clinic: Database) -> None:
    sql, rows = await answer(clinic, "How many vaccinations were given in 2024?")
    assert sql.startswith(_COUNT_VACCINATIONS)
    assert rows == [[2]]


async def test_a_type_before_or_after_the_noun_counted_never_counts_the_type_row(clinic: Database) -> None:
    # counting the types table gives 1: the one row that stores the description
    for question in ("How many Vaccination treatments are there?", "How many treatments were Vaccination?"):
        sql, rows = await answer(clinic, question)
        assert sql == _COUNT_VACCINATIONS, question
        assert rows == [[3]], question


async def test_a_type_two_tables_refer_to_is_declined_unless_the_noun_says_which(
    clinic_with_bookings: Database,
) -> None:
    proposal = await propose(clinic_with_bookings, "How many vaccinations were given?")
    assert proposal.decision == "decline"
    sql, rows = await answer(clinic_with_bookings, "How many Vaccination treatments are there?")
    assert sql == _COUNT_VACCINATIONS
    assert rows == [[3]]


async def test_a_value_of_the_rows_own_attribute_is_not_a_type_other_rows_refer_to(clinic: Database) -> None:
    # "dog" is a pet's species; treatments refer to pets, but counting Rex's and Fido's treatments counts no dogs
    proposal = await propose(clinic, "How many dogs does each owner have?")
    assert proposal.decision == "decline" or 'FROM "treatment"' not in proposal.candidates[0].sql
