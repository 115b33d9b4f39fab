"""Words that name the whole data set or the business that holds it ("in our fleet", "on file", "in the collection",
"across the chain", "do we hold", "we operate") are no condition: the question reads as it would without them
(tools/sql/whole_set.py). Where the schema could make them one (a table, column or stored value the word names, a
noun qualified by a value or an "of", a verb the stored values share a stem with) they stay to be read."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

MUSEUM = """
CREATE TABLE artist (artist_id INTEGER PRIMARY KEY, name TEXT, nationality TEXT);
CREATE TABLE artwork (
    artwork_id INTEGER PRIMARY KEY, title TEXT, object_type TEXT, artist_id INTEGER REFERENCES artist (artist_id)
);
INSERT INTO artist VALUES (1, 'Hokusai', 'Japanese'), (2, 'Morisot', 'French'), (3, 'Hiroshige', 'Japanese');
INSERT INTO artwork VALUES (1, 'Great Wave', 'print', 1), (2, 'The Cradle', 'painting', 2),
    (3, 'Plum Garden', 'print', 3), (4, 'Summer', 'painting', 2);
"""

DEPOT = """
CREATE TABLE vehicle (vehicle_id INTEGER PRIMARY KEY, plate TEXT, make TEXT, fuel TEXT, status TEXT);
INSERT INTO vehicle VALUES (1, 'AB1', 'Tesla', 'electric', 'active'), (2, 'AB2', 'Ford', 'diesel', 'retired'),
    (3, 'AB3', 'Tesla', 'electric', 'retired'), (4, 'AB4', 'Volvo', 'diesel', 'active');
"""

HOTELS = """
CREATE TABLE hotel (hotel_id INTEGER PRIMARY KEY, name TEXT, region TEXT, ownership TEXT);
CREATE TABLE staff (
    staff_id INTEGER PRIMARY KEY, name TEXT, department TEXT, hotel_id INTEGER REFERENCES hotel (hotel_id)
);
CREATE TABLE document (document_id INTEGER PRIMARY KEY, file_name TEXT, kind TEXT);
INSERT INTO hotel VALUES (1, 'Lakeside', 'Midwest', 'owned'), (2, 'Harbor', 'South', 'leased'),
    (3, 'Prairie', 'Midwest', 'leased');
INSERT INTO staff VALUES (1, 'Ann', 'Fleet', 1), (2, 'Bo', 'Kitchen', 1), (3, 'Cy', 'Fleet', 2), (4, 'Di', 'Desk', 3);
INSERT INTO document VALUES (1, 'a.pdf', 'invoice'), (2, 'b.pdf', 'contract');
"""


@pytest.fixture
def museum(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "museum.sqlite", MUSEUM)


@pytest.fixture
def depot(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "depot.sqlite", DEPOT)


@pytest.fixture
def hotels(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "hotels.sqlite", HOTELS)


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many vehicles in our fleet are retired?", [[2]]),
        ("How many Teslas are in our fleet?", [[2]]),
        ("How many electric vehicles do we have in the fleet?", [[2]]),
        ("How many diesel vehicles are there across the whole fleet?", [[2]]),
        ("How many retired vehicles do we have on file?", [[2]]),
        ("How many vehicles within the organisation are active?", [[2]]),
        ("How many vehicles throughout the company are active?", [[2]]),
    ],
)
async def test_the_holding_named_after_a_preposition_is_no_condition(
    depot: Database, question: str, rows: list[list[object]]
) -> None:
    sql, found = await answer(depot, question)
    assert found == rows, sql


async def test_a_phrase_ending_the_question_after_a_value_is_no_substring_to_search(museum: Database) -> None:
    # "<value> in the <noun>" at the end is otherwise read as "'A' in their title", a LIKE the reading lacks
    sql, rows = await answer(museum, "Which Japanese artists do we have in the collection?")
    assert "LIKE" not in sql and sorted(rows) == [["Hiroshige"], ["Hokusai"]]


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many artworks are in the collection?", [[4]]),
        ("How many artworks do we hold of each object type?", [["painting", 2], ["print", 2]]),
        ("How many artworks do we keep in our archive?", [[4]]),
    ],
)
async def test_we_as_the_holder_with_a_verb_of_holding_is_no_condition(
    museum: Database, question: str, rows: list[list[object]]
) -> None:
    sql, found = await answer(museum, question)
    assert sorted(found) == rows, sql


async def test_a_real_condition_beside_the_holder_is_still_read(hotels: Database) -> None:
    sql, rows = await answer(hotels, "How many hotels do we operate in the Midwest?")
    assert "'Midwest'" in sql and rows == [[2]]


async def test_a_stored_value_the_noun_names_is_that_value_not_the_whole_holding(hotels: Database) -> None:
    # a department called Fleet: "in the fleet" is that department, where "in the company" is every row
    sql, rows = await answer(hotels, "How many staff are in the fleet?")
    assert "'Fleet'" in sql and rows == [[2]]
    _, rows = await answer(hotels, "How many staff are in the company?")
    assert rows == [[4]]


async def test_a_verb_the_stored_values_share_a_stem_with_is_that_value(hotels: Database) -> None:
    # `ownership` holds 'owned': "do we own" is that condition, never every hotel; "operate" names nothing
    sql, rows = await answer(hotels, "How many hotels do we own?")
    assert "'owned'" in sql and rows == [[1]]
    _, rows = await answer(hotels, "How many hotels do we operate?")
    assert rows == [[3]]


async def test_a_verb_a_stored_state_shares_a_stem_with_stays_to_be_read(tmp_path: Path) -> None:
    # a status 'operating' beside 'closed': "do we operate" may ask for the operating sites, never every site
    sites = seeded_database(
        tmp_path / "sites.sqlite",
        """
        CREATE TABLE site (site_id INTEGER PRIMARY KEY, name TEXT, status TEXT);
        INSERT INTO site VALUES (1, 'Dock', 'operating'), (2, 'Yard', 'closed'), (3, 'Mill', 'operating');
        """,
    )
    proposal = await propose(sites, "How many sites do we operate?")
    assert proposal.decision == "decline" or proposal.candidates[0].sql.count("'operating'") == 1, proposal.candidates[
        0
    ].sql


@pytest.mark.parametrize(
    "question",
    [
        "How many documents are on file?",  # `file_name`: the word names a column
        "How many invoices do we have on file?",
    ],
)
async def test_a_noun_a_column_names_stays_to_be_read(hotels: Database, question: str) -> None:
    proposal = await propose(hotels, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_a_noun_a_table_names_stays_to_be_read(tmp_path: Path) -> None:
    # two fleets stored: "our fleet" may be either, so the vehicles of every fleet do not answer it
    fleets = seeded_database(
        tmp_path / "fleets.sqlite",
        DEPOT
        + """
        CREATE TABLE fleet (fleet_id INTEGER PRIMARY KEY, name TEXT);
        INSERT INTO fleet VALUES (1, 'North'), (2, 'South');
        ALTER TABLE vehicle ADD COLUMN fleet_id INTEGER REFERENCES fleet (fleet_id);
        UPDATE vehicle SET fleet_id = 1 + vehicle_id % 2;
        """,
    )
    proposal = await propose(fleets, "How many vehicles in our fleet are retired?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


@pytest.mark.parametrize(
    "question",
    [
        "How many hotels are in the Midwest network?",  # a part of the holding, named by a value
        "How many hotels in the network of Lakeside are leased?",  # whose network
        "How many hotels are in the Lakeside network?",
    ],
)
async def test_a_qualified_holding_is_a_part_of_it_and_declines(hotels: Database, question: str) -> None:
    proposal = await propose(hotels, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql
    _, rows = await answer(hotels, "How many hotels in the network are leased?")
    assert rows == [[2]]


async def test_a_phrasal_verb_after_we_is_another_verb(depot: Database) -> None:
    proposal = await propose(depot, "Which vehicles did we run out of?")
    assert proposal.decision == "decline", proposal.candidates[0].sql
    _, rows = await answer(depot, "How many vehicles do we run?")
    assert rows == [[4]]
