"""A table's name and the question's word for it agree in every form: the plural of a name that ends in -ing or
-ed (`bookings` for `booking`, `breeds` for `breed`) is the name (tools/sql/wording.py `stem`)."""

from pathlib import Path

from tests.support.sql_proposals import answer, seeded_database

KENNEL = """
CREATE TABLE breed (breed_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE booking (
    booking_id INTEGER PRIMARY KEY, guest TEXT, nights INTEGER, breed_id INTEGER REFERENCES breed (breed_id)
);
INSERT INTO breed VALUES (1, 'Collie'), (2, 'Beagle'), (3, 'Poodle');
INSERT INTO booking VALUES (1, 'Ann', 3, 1), (2, 'Bo', 1, 1), (3, 'Cy', 2, 2);
"""


async def test_the_plural_of_a_name_ending_in_ing_is_that_table(tmp_path: Path) -> None:
    database = seeded_database(tmp_path / "kennel.sqlite", KENNEL)
    _, rows = await answer(database, "How many bookings are there?")
    assert rows == [[3]]


async def test_the_plural_of_a_name_ending_in_ed_is_that_table(tmp_path: Path) -> None:
    database = seeded_database(tmp_path / "kennel.sqlite", KENNEL)
    _, rows = await answer(database, "How many breeds are there?")
    assert rows == [[3]]


async def test_both_forms_read_the_same_question_alike(tmp_path: Path) -> None:
    database = seeded_database(tmp_path / "kennel.sqlite", KENNEL)
    _, plural = await answer(database, "What is the average nights of the bookings?")
    _, singular = await answer(database, "What is the average nights of a booking?")
    assert plural == singular == [[2.0]]
