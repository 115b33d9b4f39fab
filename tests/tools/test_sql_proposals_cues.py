"""The schema-grounded parser honours what the question's wording asks of the answer, or declines (issue 15):
superlatives, "how much", currency amounts, "each X", substrings, "with their X", compound column phrases,
abbreviations in capitals, counts of a lookup value, and a value that several tables' columns hold."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import SameMeaningEmbedder, answer, propose, seeded_database
from tools.sql.database import Database

KENNEL = """
CREATE TABLE owner (owner_id INTEGER PRIMARY KEY, name TEXT, email TEXT, address TEXT, country TEXT);
CREATE TABLE dog (dog_id INTEGER PRIMARY KEY, name TEXT, weight REAL, owner_id INTEGER REFERENCES owner (owner_id));
CREATE TABLE care_kind (care_kind_id INTEGER PRIMARY KEY, description TEXT);
CREATE TABLE care (
    care_id INTEGER PRIMARY KEY, dog_id INTEGER REFERENCES dog (dog_id),
    care_kind_id INTEGER REFERENCES care_kind (care_kind_id), fee REAL
);
INSERT INTO owner VALUES (1, 'Ida', 'ida@example.org', '1 Elm Row', 'USA'), (2, 'Jon', 'jon@example.org', '2 Oak Lane',
    'Norway'), (3, 'Kit', 'kit@example.org', '3 Ash Road', 'USA');
INSERT INTO dog VALUES (1, 'Rex', 30.5, 1), (2, 'Bo', 12.0, 1), (3, 'Max', 41.0, 2), (4, 'Pip', 8.5, 3);
INSERT INTO care_kind VALUES (1, 'Grooming'), (2, 'Microchipping');
INSERT INTO care VALUES (1, 1, 1, 25), (2, 1, 2, 40), (3, 2, 1, 25), (4, 3, 2, 40), (5, 3, 1, 30);
"""

CATALOGUE = """
CREATE TABLE band (band_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE record (record_id INTEGER PRIMARY KEY, title TEXT, band_id INTEGER REFERENCES band (band_id));
CREATE TABLE song (
    song_id INTEGER PRIMARY KEY, title TEXT, writer TEXT, record_id INTEGER REFERENCES record (record_id)
);
INSERT INTO band VALUES (1, 'Velvet Moles'), (2, 'Paper Kites');
INSERT INTO record VALUES (1, 'Velvet Moles', 1), (2, 'Deep Burrows', 1), (3, 'Best Flights', 2),
    (4, 'Best Flights Again', 2);
INSERT INTO song VALUES (1, 'Dig', 'Velvet Moles', 1), (2, 'Soil', 'Ann Oak', 2), (3, 'Fly', 'Bo Reed', 3),
    (4, 'Glide', 'Bo Reed', 4);
"""

SHOP = """
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, name TEXT, country TEXT, state TEXT);
CREATE TABLE invoice (
    invoice_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (customer_id), total REAL
);
CREATE TABLE job (job_id INTEGER PRIMARY KEY, title TEXT);
INSERT INTO customer VALUES (1, 'Ava', 'USA', 'Ohio'), (2, 'Ben', 'USA', 'Utah'), (3, 'Cy', 'Peru', 'Lima'),
    (4, 'Di', 'Peru', 'Cusco');
INSERT INTO invoice VALUES (1, 1, 5), (2, 1, 6), (3, 1, 7), (4, 2, 25), (5, 3, 1), (6, 3, 2), (7, 3, 3),
    (8, 3, 4);
INSERT INTO job VALUES (1, 'IT Manager'), (2, 'Sales Manager');
"""


@pytest.fixture
def kennel(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "kennel.sqlite", KENNEL)


@pytest.fixture
def catalogue(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "catalogue.sqlite", CATALOGUE)


@pytest.fixture
def shop(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "shop.sqlite", SHOP)


async def _answers_or_declines(database: Database, question: str, rows: list[list[object]]) -> None:
    proposal = await propose(database, question)
    if proposal.decision == "answer":
        assert (await database.run(proposal.candidates[0].sql)).rows == rows, proposal.candidates[0].sql


async def test_a_value_that_a_band_and_its_self_titled_record_hold_is_not_read_as_a_title(catalogue: Database) -> None:
    # the records of the band Velvet Moles are two; the record titled Velvet Moles is one of them. "records" reads
    # closest to the songs of that record, so without the cue the count of its one song would answer.
    embedder = SameMeaningEmbedder("records song")
    proposal = await propose(catalogue, "How many records does Velvet Moles have?", embedder)
    assert (proposal.decision, proposal.reason) == ("decline", "no reading accounts for 'velvet moles'")
    _, rows = await answer(catalogue, "How many records does the band Velvet Moles have?", embedder)
    assert rows == [[2]]
    await _answers_or_declines(catalogue, "List the Velvet Moles records", [["Velvet Moles"], ["Deep Burrows"]])


async def test_a_value_before_a_tables_noun_is_not_that_tables_own_title(catalogue: Database) -> None:
    proposal = await propose(catalogue, "Which songs are on Velvet Moles records?")
    if proposal.decision == "answer":
        assert '"record"."title" =' not in proposal.candidates[0].sql
        assert '"song"."writer" =' not in proposal.candidates[0].sql


async def test_words_in_their_title_ask_for_a_substring_never_equality(catalogue: Database) -> None:
    await _answers_or_declines(
        catalogue, "Which records have 'Best Flights' in their title?", [["Best Flights"], ["Best Flights Again"]]
    )
    await _answers_or_declines(
        catalogue, "List records containing Best Flights", [["Best Flights"], ["Best Flights Again"]]
    )


async def test_a_compound_column_phrase_selects_one_column_not_each_of_its_words(kennel: Database) -> None:
    proposal = await propose(kennel, "What is the email address of Ida?")
    if proposal.decision == "answer":
        assert proposal.candidates[0].sql.count('"owner".') <= 2  # the email, and Ida's name in the condition
        assert '"owner"."address"' not in proposal.candidates[0].sql


async def test_an_abbreviation_in_capitals_is_never_dropped_as_a_stop_word(shop: Database) -> None:
    await _answers_or_declines(shop, "How many US customers are there?", [[2]])
    proposal = await propose(shop, "How many customers are in each US state?")
    assert proposal.decision == "decline" or "'USA'" in proposal.candidates[0].sql
    await _answers_or_declines(shop, "How many IT jobs are there?", [[1]])


async def test_how_much_asks_for_an_amount_never_a_count(kennel: Database) -> None:
    proposal = await propose(kennel, "How much care was given?")
    assert (proposal.decision, proposal.reason) == ("decline", "no reading accounts for 'how much'")
    _, rows = await answer(kennel, "How many cares were given?")
    assert rows == [[5]]
    _, rows = await answer(kennel, "How much is the total fee of care?")
    assert rows == [[160.0]]


async def test_a_currency_amount_is_compared_with_money_never_with_a_count(shop: Database) -> None:
    # Ben has one invoice of $25; Cy has four invoices, each under $20
    proposal = await propose(shop, "Which customers received an invoice for more than $3?")
    if proposal.decision == "answer":
        assert "COUNT(" not in proposal.candidates[0].sql


async def test_a_superlative_asks_for_the_extreme_row_not_every_row(kennel: Database) -> None:
    # MiniLM puts "heaviest" close to `weight`: reworded so, the superlative would be lost and every dog's weight
    # would answer; the words a superlative reading needs are never reworded
    embedder = SameMeaningEmbedder("heaviest weight")
    for question in ("Which dog is the heaviest?", "Which dog has the highest weight?"):
        _, rows = await answer(kennel, question, embedder)
        assert rows == [["Max"]], question


async def test_a_figure_for_each_group_is_never_one_scalar(kennel: Database) -> None:
    proposal = await propose(kennel, "What is the total fee for each dog, including those with none?")
    assert proposal.decision == "decline" or "LEFT" in proposal.candidates[0].sql


async def test_counting_a_lookup_value_counts_the_rows_that_refer_to_it(kennel: Database) -> None:
    # "done" reads as care: without the cue the one care_kind row named Microchipping would be counted
    sql, rows = await answer(kennel, "How many Microchipping have been done?", SameMeaningEmbedder("done care"))
    assert sql.startswith('SELECT COUNT(*) FROM "care" JOIN "care_kind"')
    assert rows == [[2]]


async def test_with_their_x_keeps_the_subjects_name(kennel: Database) -> None:
    # their weight alone names no dog: the dogs are shown by their names, beside the weight
    sql, rows = await answer(kennel, "List the dogs of the owner Ida along with their weight")
    assert sql.startswith('SELECT "dog"."name", "dog"."weight" FROM "dog"')
    assert sorted(rows) == [["Bo", 12.0], ["Rex", 30.5]]
    _, rows = await answer(kennel, "List the names of the dogs of the owner Ida along with their weight")
    assert sorted(rows) == [["Bo", 12.0], ["Rex", 30.5]]
