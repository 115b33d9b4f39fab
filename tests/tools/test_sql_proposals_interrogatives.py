"""The schema-grounded parser over a small hospital and a music venue: "when", "where", "how old" and "how long"
ask for the one column of that type (a date, a place, an age, a duration) of the rows the question names, or the
one its other words name ("hired": `hire_date`); none, two, or a date or place of something else is declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

HOSPITAL = """
CREATE TABLE ward (ward_id INTEGER PRIMARY KEY, name TEXT, floor INTEGER);
CREATE TABLE nurse (
    nurse_id INTEGER PRIMARY KEY, name TEXT, hire_date TEXT, birth_date TEXT, city TEXT,
    ward_id INTEGER REFERENCES ward (ward_id)
);
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, name TEXT, age INTEGER, city TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patient (patient_id), fee REAL
);
CREATE TABLE donor (donor_id INTEGER PRIMARY KEY, name TEXT, address TEXT, city TEXT, country TEXT);
CREATE TABLE surgeon (surgeon_id INTEGER PRIMARY KEY, name TEXT, birth_date TEXT);
CREATE TABLE depot (depot_id INTEGER PRIMARY KEY, name TEXT, house_number INTEGER, street TEXT, town TEXT);
CREATE TABLE porter (
    porter_id INTEGER PRIMARY KEY, name TEXT, start_date TEXT, ward_id INTEGER REFERENCES ward (ward_id)
);
INSERT INTO ward VALUES (1, 'North', 2), (2, 'South', 3);
INSERT INTO nurse VALUES (1, 'Ann Lee', '2019-03-01', '1990-06-12', 'Leeds', 1),
    (2, 'Bo Tran', '2021-07-15', '1985-01-30', 'York', 2);
INSERT INTO patient VALUES (1, 'Cy Moss', 71, 'Hull'), (2, 'Di Vane', 34, 'York'), (3, 'Ed Wynn', 71, 'Ely');
INSERT INTO visit VALUES (1, 1, 30), (2, 1, 45), (3, 2, 20);
INSERT INTO donor VALUES (1, 'Fay Orr', '1 Elm Row', 'Bath', 'UK');
INSERT INTO surgeon VALUES (1, 'Gus Pell', '1970-02-01');
INSERT INTO depot VALUES (1, 'North Yard', 12, 'Mill Lane', 'Derby');
INSERT INTO porter VALUES (1, 'Al Reid', '2020-09-01', 1);
"""

VENUE = """
CREATE TABLE gig (gig_id INTEGER PRIMARY KEY, title TEXT, gig_date TEXT, venue TEXT);
CREATE TABLE track (track_id INTEGER PRIMARY KEY, title TEXT, duration_seconds INTEGER);
INSERT INTO gig VALUES (1, 'Night One', '2022-05-01', 'Arena'), (2, 'Night Two', '2023-06-01', 'Dome');
INSERT INTO track VALUES (1, 'Dig', 200), (2, 'Soar', 340), (3, 'Glide', 340);
"""


@pytest.fixture
def hospital(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "hospital.sqlite", HOSPITAL)


@pytest.fixture
def venue(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "venue.sqlite", VENUE)


@pytest.mark.parametrize(
    ("question", "column", "value"),
    [
        ("When was the nurse Ann Lee hired?", "hire_date", "2019-03-01"),  # "hired" picks one of two dates
        ("When was Ann Lee born?", "birth_date", "1990-06-12"),  # "born" names a birth date
    ],
)
async def test_when_shows_the_date_the_verb_names(hospital: Database, question: str, column: str, value: str) -> None:
    sql, rows = await answer(hospital, question)
    assert sql == f'SELECT "nurse"."{column}" FROM "nurse" WHERE "nurse"."name" = \'Ann Lee\''
    assert rows == [[value]]


async def test_when_shows_the_rows_only_date(venue: Database) -> None:
    sql, rows = await answer(venue, "When is the gig Night One?")
    assert sql == 'SELECT "gig"."gig_date" FROM "gig" WHERE "gig"."title" = \'Night One\''
    assert rows == [["2022-05-01"]]


async def test_a_place_verb_alone_lists_no_places(venue: Database) -> None:
    assert (await propose(venue, "Where were gigs held?")).decision == "decline"


@pytest.mark.parametrize(
    ("database", "question", "sql", "value"),
    [
        (
            "venue",
            "Where was the gig Night One held?",
            """SELECT "gig"."venue" FROM "gig" WHERE "gig"."title" = 'Night One'""",
            "Arena",
        ),
        (
            "hospital",
            "Where does the patient Cy Moss live?",
            """SELECT "patient"."city" FROM "patient" WHERE "patient"."name" = 'Cy Moss'""",
            "Hull",
        ),
        (
            "hospital",
            "How old is the patient Di Vane?",
            """SELECT "patient"."age" FROM "patient" WHERE "patient"."name" = 'Di Vane'""",
            34,
        ),
        (
            "venue",
            "How long is the track Dig?",
            """SELECT "track"."duration_seconds" FROM "track" WHERE "track"."title" = 'Dig'""",
            200,
        ),
    ],
)
async def test_where_how_old_and_how_long_show_the_rows_one_place_age_or_duration(
    request: pytest.FixtureRequest, database: str, question: str, sql: str, value: object
) -> None:
    found, rows = await answer(request.getfixturevalue(database), question)
    assert (found, rows) == (sql, [[value]])


@pytest.mark.parametrize(
    ("database", "question", "value"),
    [
        ("hospital", "How old is the oldest patient?", 71),  # two patients are 71: one age
        ("venue", "How long is the longest track?", 340),  # two tracks are 340 seconds: one duration
    ],
)
async def test_how_old_or_long_is_the_extreme_is_one_value_however_many_rows_tie(
    request: pytest.FixtureRequest, database: str, question: str, value: int
) -> None:
    _, rows = await answer(request.getfixturevalue(database), question)
    assert rows == [[value]]


@pytest.mark.parametrize(
    "question",
    [
        "Where does the donor Fay Orr live?",  # an address, a city and a country
        "When did the nurse Ann Lee start?",  # a hire date and a birth date, and "start" names neither
        "How old is the surgeon Gus Pell?",  # only a birth date: the age depends on today
        "Where does the nurse Ann Lee work?",  # her city is where she lives, not her ward
        "Where was the patient Cy Moss born?",  # a city, but no birthplace
        "Where is the depot North Yard?",  # a house number, a street and a town: the address is in parts
        "Where do patients live?",  # every patient's city says nothing about whose
        "When did Cy Moss pay?",  # a patient has no date; the visits' fees are not a when
        "When was the porter Al Reid in the ward North?",  # his only date is when he started, not his ward's
        "When did the porter Al Reid work?",  # "work" says the date is of something else than his start
    ],
)
async def test_a_question_word_with_no_one_column_or_of_something_else_is_declined(
    hospital: Database, question: str
) -> None:
    assert (await propose(hospital, question)).decision == "decline"
