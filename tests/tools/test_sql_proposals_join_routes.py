"""The schema-grounded parser over tables joined more than one way: two tables between a patient and a doctor
(visits, prescriptions), two keys from one table to another (a flight's origin and destination airport, a
purchase's billing and shipping address). The route taken is the one the question's words name (a table, a key
column, a verb form of either); when they name none, or several, the question is declined and the decline names
the routes."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

# Visits and prescriptions give different answers: Dora visited a surgeon; Dora and Fay had one prescribe to them.
CLINIC = """
CREATE TABLE doctor (doctor_id INTEGER PRIMARY KEY, name TEXT, specialty TEXT);
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, doctor_id INTEGER REFERENCES doctor (doctor_id),
    patient_id INTEGER REFERENCES patient (patient_id), minutes INTEGER
);
CREATE TABLE prescription (
    prescription_id INTEGER PRIMARY KEY, doctor_id INTEGER REFERENCES doctor (doctor_id),
    patient_id INTEGER REFERENCES patient (patient_id), drug TEXT
);
INSERT INTO doctor VALUES (1, 'Ann', 'Surgery'), (2, 'Bob', 'Cardiology');
INSERT INTO patient VALUES (1, 'Dora', 'Leeds'), (2, 'Eli', 'York'), (3, 'Fay', 'Leeds');
INSERT INTO visit VALUES (1, 1, 1, 30), (2, 2, 3, 20), (3, 2, 2, 15);
INSERT INTO prescription VALUES (1, 1, 1, 'Aspirin'), (2, 1, 3, 'Ibuprofen');
"""
# Boston is the origin of three flights and the destination of one; Midway and Stapleton are no flight's origin.
FLIGHTS = """
CREATE TABLE airport (airport_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE flight (
    flight_id INTEGER PRIMARY KEY, code TEXT, seats INTEGER,
    origin_airport_id INTEGER REFERENCES airport (airport_id),
    destination_airport_id INTEGER REFERENCES airport (airport_id)
);
INSERT INTO airport VALUES (1, 'Logan', 'Boston'), (2, 'OHare', 'Chicago'), (3, 'Midway', 'Chicago'),
    (4, 'Stapleton', 'Denver');
INSERT INTO flight VALUES (1, 'RB1', 100, 1, 2), (2, 'RB2', 150, 2, 1), (3, 'RB3', 90, 1, 4), (4, 'RB4', 80, 1, 3);
"""
# Paris is the shipping address of two purchases and the billing address of one.
SHOP = """
CREATE TABLE address (address_id INTEGER PRIMARY KEY, street TEXT, city TEXT);
CREATE TABLE purchase (
    purchase_id INTEGER PRIMARY KEY, billing_address_id INTEGER REFERENCES address (address_id),
    shipping_address_id INTEGER REFERENCES address (address_id), total REAL
);
INSERT INTO address VALUES (1, 'Rue A', 'Paris'), (2, 'High St', 'London');
INSERT INTO purchase VALUES (1, 1, 2, 10), (2, 2, 1, 20), (3, 2, 1, 30);
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "clinic.sqlite", CLINIC)


@pytest.fixture
def flights(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "flights.sqlite", FLIGHTS)


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


async def test_a_verb_naming_the_table_between_takes_the_route_through_it(clinic: Database) -> None:
    sql, rows = await answer(clinic, "Which patients visited doctors in Surgery?")
    assert 'JOIN "visit"' in sql and "prescription" not in sql
    assert rows == [["Dora"]]


async def test_the_route_the_words_name_holds_from_either_end(clinic: Database) -> None:
    sql, rows = await answer(clinic, "Which doctors visited patients from Leeds?")
    assert 'JOIN "visit"' in sql and "prescription" not in sql
    assert sorted(rows) == [["Ann"], ["Bob"]]
    _, counted = await answer(clinic, "How many patients did doctors in Surgery visit?")
    assert counted == [[1]]


async def test_the_other_table_between_named_takes_the_other_route(clinic: Database) -> None:
    sql, rows = await answer(clinic, "Which patients got prescriptions from doctors in Surgery?")
    assert 'JOIN "prescription"' in sql and "visit" not in sql
    assert sorted(rows) == [["Dora"], ["Fay"]]


@pytest.mark.parametrize(
    "question",
    [
        "Which patients have doctors in Surgery?",
        "Which doctors have patients from Leeds?",
        "Which patients have seen doctors in Surgery?",  # "seen" names neither table
    ],
)
async def test_words_naming_no_route_are_declined_and_the_routes_named(clinic: Database, question: str) -> None:
    proposal = await propose(clinic, question)
    assert proposal.decision == "decline"
    assert "through visit" in proposal.reason and "through prescription" in proposal.reason


async def test_words_naming_both_routes_are_declined(clinic: Database) -> None:
    proposal = await propose(clinic, "Which patients visited doctors in Surgery for prescriptions?")
    assert proposal.decision == "decline"


@pytest.mark.parametrize(
    "question",
    [
        "How many flights are from Boston?",  # "from" is no key's word: the origin only if the words say so
        "How many flights go to Chicago?",
        "How many flights per airport?",
        "Which airports have no flights?",
        "On average, how many flights does an airport have?",
    ],
)
async def test_two_keys_to_one_table_the_words_do_not_name_are_declined(flights: Database, question: str) -> None:
    proposal = await propose(flights, question)
    assert proposal.decision == "decline"
    assert "flight.origin_airport_id" in proposal.reason and "flight.destination_airport_id" in proposal.reason


async def test_a_key_named_by_its_own_words_is_the_one_joined(flights: Database) -> None:
    sql, rows = await answer(flights, "How many flights have origin Boston?")
    assert '"flight"."origin_airport_id" = "airport"."airport_id"' in sql
    assert rows == [[3]]
    sql, rows = await answer(flights, "How many flights have Boston as their destination?")
    assert '"flight"."destination_airport_id" = "airport"."airport_id"' in sql
    assert rows == [[1]]


async def test_a_grouping_by_a_named_key_groups_along_it(flights: Database) -> None:
    sql, rows = await answer(flights, "How many flights per origin airport?")
    assert '"flight"."origin_airport_id" = "airport"."airport_id"' in sql
    assert sorted(rows) == [["Logan", 3], ["OHare", 1]]


async def test_a_verb_form_of_a_keys_word_names_that_key(shop: Database) -> None:
    sql, rows = await answer(shop, "How many purchases were shipped to Paris?")
    assert "shipping_address_id" in sql and "billing" not in sql
    assert rows == [[2]]
    sql, rows = await answer(shop, "How many purchases were billed to Paris?")
    assert "billing_address_id" in sql and "shipping" not in sql
    assert rows == [[1]]
    assert (await propose(shop, "How many purchases are in Paris?")).decision == "decline"
