"""Phrasal verbs that say nothing a reading must account for, or say what a reading already does: "ended up
cancelled" is "cancelled", "broken down by channel" is a grouping by channel, "racked up the most hours" is the
most hours in total, and "work out of the Lakeway clinic" is "work at" it. The same words keep their schema
reading where they have one (a column `ended_at`, a column `total`, a stored value "Split"), and phrasal verbs
that carry meaning ("broke down", "ran out of", "checked out") are not passed over."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

BOOKINGS = """
CREATE TABLE reservation (
    reservation_id INTEGER PRIMARY KEY, guest TEXT, booking_channel TEXT, status TEXT, nights INTEGER
);
INSERT INTO reservation VALUES
    (1, 'Ann', 'web', 'cancelled', 2), (2, 'Bo', 'phone', 'confirmed', 3), (3, 'Cy', 'web', 'confirmed', 1),
    (4, 'Di', 'web', 'cancelled', 4);
"""

HANGAR = """
CREATE TABLE maker (maker_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE aircraft (
    aircraft_id INTEGER PRIMARY KEY, name TEXT, maker_id INTEGER REFERENCES maker (maker_id), base_airport TEXT
);
CREATE TABLE repair (
    repair_id INTEGER PRIMARY KEY, aircraft_id INTEGER REFERENCES aircraft (aircraft_id),
    labor_hours REAL, labor_cost REAL, status TEXT
);
INSERT INTO maker VALUES (1, 'Aerion'), (2, 'Borea');
INSERT INTO aircraft VALUES (1, 'Kestrel', 1, 'North'), (2, 'Osprey', 2, 'South'), (3, 'Merlin', 1, 'North');
-- Borea has the single largest repair (8 hours, 800); Aerion the most in total (5 + 4 hours, 500 + 450)
INSERT INTO repair VALUES (1, 1, 5, 500, 'done'), (2, 2, 8, 800, 'cancelled'), (3, 3, 4, 450, 'done');
"""

CLINICS = """
CREATE TABLE clinic (clinic_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE vet (vet_id INTEGER PRIMARY KEY, name TEXT, clinic_id INTEGER REFERENCES clinic (clinic_id));
INSERT INTO clinic VALUES (1, 'Lakeway'), (2, 'Hillcrest');
INSERT INTO vet VALUES (1, 'Ann', 1), (2, 'Bo', 1), (3, 'Cy', 2);
"""


@pytest.fixture
def bookings(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "bookings.sqlite", BOOKINGS)


@pytest.fixture
def hangar(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "hangar.sqlite", HANGAR)


@pytest.fixture
def clinics(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "clinics.sqlite", CLINICS)


@pytest.mark.parametrize(
    "question",
    [
        "How many reservations ended up cancelled?",
        "How many reservations wound up cancelled?",
        "How many reservations turned out to be cancelled?",
        "How many reservations ended up being cancelled?",
        "Count the reservations that ended up cancelled.",
    ],
)
async def test_an_outcome_verb_before_a_stored_state_reads_as_the_state(bookings: Database, question: str) -> None:
    sql, rows = await answer(bookings, question)
    assert "'cancelled'" in sql and "GROUP BY" not in sql and rows == [[2]]


async def test_an_outcome_of_rows_the_subject_has_is_not_the_subjects(hangar: Database) -> None:
    # a repair was cancelled, not the aircraft: the outcome says the subject's own rows came to hold the state
    proposal = await propose(hangar, "Which aircraft ended up cancelled?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_an_outcome_verb_naming_a_column_keeps_its_schema_reading(tmp_path: Path) -> None:
    # "ended" names `ended_at`: whether the stay ended, or how it turned out, is not for the parser to pass over
    schema = BOOKINGS.replace("nights INTEGER", "nights INTEGER, ended_at TEXT").replace(", 2)", ", 2, NULL)")
    schema = schema.replace(", 3)", ", 3, NULL)").replace(", 1)", ", 1, NULL)").replace(", 4)", ", 4, NULL)")
    database = seeded_database(tmp_path / "ended.sqlite", schema)
    proposal = await propose(database, "How many reservations ended up cancelled?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


@pytest.mark.parametrize(
    "question",
    [
        "Break down the number of reservations by booking channel.",
        "Could you break down the number of reservations by booking channel?",
        "Give the number of reservations broken down by booking channel.",
        "Show the number of reservations, broken out by booking channel.",
        "The number of reservations split by booking channel.",
    ],
)
async def test_a_breakdown_before_a_grouping_by_is_the_grouping(bookings: Database, question: str) -> None:
    sql, rows = await answer(bookings, question)
    assert "GROUP BY" in sql and sorted(rows) == [["phone", 1], ["web", 3]]


async def test_a_breakdown_by_a_parent_column_groups_by_it(hangar: Database) -> None:
    sql, rows = await answer(hangar, "How many aircraft are there, broken out by base airport?")
    assert "GROUP BY" in sql and sorted(rows) == [["North", 2], ["South", 1]]


async def test_a_thing_that_broke_down_is_no_breakdown(tmp_path: Path) -> None:
    # "broke down" says the machines failed: dropping it would count every machine per plant
    database = seeded_database(
        tmp_path / "plant.sqlite",
        """
        CREATE TABLE machine (machine_id INTEGER PRIMARY KEY, name TEXT, plant TEXT, status TEXT);
        INSERT INTO machine VALUES (1, 'Press', 'East', 'running'), (2, 'Lathe', 'East', 'failed'),
            (3, 'Drill', 'West', 'running');
        """,
    )
    proposal = await propose(database, "How many machines broke down, by plant?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_a_stored_value_split_stays_a_value(tmp_path: Path) -> None:
    database = seeded_database(
        tmp_path / "bills.sqlite",
        """
        CREATE TABLE bill (bill_id INTEGER PRIMARY KEY, waiter TEXT, payment TEXT);
        INSERT INTO bill VALUES (1, 'Ann', 'Split'), (2, 'Ann', 'Single'), (3, 'Bo', 'Split'), (4, 'Bo', 'Split');
        """,
    )
    sql, rows = await answer(database, "How many bills were Split, by waiter?")
    assert "'Split'" in sql and sorted(rows) == [["Ann", 1], ["Bo", 2]]


@pytest.mark.parametrize(
    "question",
    [
        "Which maker's aircraft racked up the most labor hours?",
        "Which maker's repairs add up to the highest labor cost?",
        "Which maker's aircraft ran up the highest labor cost?",
    ],
)
async def test_an_accumulation_before_a_superlative_ranks_the_total(hangar: Database, question: str) -> None:
    # the single largest repair is Borea's: only the sum makes Aerion the answer
    sql, rows = await answer(hangar, question)
    assert "SUM(" in sql and rows == [["Aerion"]]


async def test_an_accumulation_before_a_comparison_compares_the_total(hangar: Database) -> None:
    sql, rows = await answer(hangar, "Which maker's aircraft racked up more than 8 labor hours?")
    assert "HAVING SUM(" in sql and rows == [["Aerion"]]


async def test_an_opening_add_up_or_total_up_sums(hangar: Database) -> None:
    sql, rows = await answer(hangar, "Add up the labor hours of Aerion aircraft.")
    assert "SUM(" in sql and rows == [[9.0]]
    sql, rows = await answer(hangar, "Total up the labor cost by maker.")
    assert "SUM(" in sql and sorted(rows) == [["Aerion", 950.0], ["Borea", 800.0]]


async def test_an_accumulation_where_a_column_is_called_total_is_not_read(tmp_path: Path) -> None:
    # reworded as "total", the verb would name the `total` column rather than ask for a sum of labor hours
    database = seeded_database(tmp_path / "totals.sqlite", HANGAR.replace("labor_cost REAL", "total REAL"))
    proposal = await propose(database, "Which maker's aircraft racked up the most labor hours?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


@pytest.mark.parametrize(
    "question",
    [
        "How many vets work out of the Lakeway clinic?",
        "How many vets operate out of Lakeway?",
    ],
)
async def test_out_of_after_a_verb_of_place_reads_as_at(clinics: Database, question: str) -> None:
    sql, rows = await answer(clinics, question)
    assert "'Lakeway'" in sql and rows == [[2]]


async def test_run_out_of_is_not_at(tmp_path: Path) -> None:
    # "ran out of Milk" is having none left, not being based at the product
    database = seeded_database(
        tmp_path / "stores.sqlite",
        """
        CREATE TABLE store (store_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE product (
            product_id INTEGER PRIMARY KEY, name TEXT, store_id INTEGER REFERENCES store (store_id), stock INTEGER
        );
        INSERT INTO store VALUES (1, 'Harbour'), (2, 'Hilltop');
        INSERT INTO product VALUES (1, 'Milk', 1, 0), (2, 'Milk', 2, 5), (3, 'Bread', 2, 0);
        """,
    )
    proposal = await propose(database, "Which stores ran out of Milk?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_a_particle_that_names_a_state_is_not_passed_over(tmp_path: Path) -> None:
    # "checked out" is a condition no column states here: counting every book would be wrong
    database = seeded_database(
        tmp_path / "library.sqlite",
        """
        CREATE TABLE book (book_id INTEGER PRIMARY KEY, title TEXT, shelf TEXT);
        INSERT INTO book VALUES (1, 'Dune', 'A'), (2, 'Emma', 'B');
        """,
    )
    proposal = await propose(database, "How many books ended up checked out?")
    assert proposal.decision == "decline", proposal.candidates[0].sql
