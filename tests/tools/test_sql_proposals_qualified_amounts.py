"""An amount a verb qualifies ("the largest amount claimed", "the largest amount anyone has claimed") is the number
column named with the verb, never another table's amount that a name saying "claim" happens to account for: with
that column's amount unnamed (`val_claimed`) the question declines; named (`claimed_amount`, or `amt_claimed`, whose
shortening reads in full) it is read."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

CLAIMS = """
CREATE TABLE claim (claim_id INTEGER PRIMARY KEY, {claimed} REAL, cause TEXT);
CREATE TABLE claim_payment (
    payment_id INTEGER PRIMARY KEY, claim_id INTEGER REFERENCES claim (claim_id), amount REAL
);
INSERT INTO claim VALUES (1, 900, 'Fire'), (2, 300, 'Flood');
INSERT INTO claim_payment VALUES (1, 1, 200), (2, 1, 250), (3, 2, 100);
"""
QUESTIONS = ["What is the largest amount claimed?", "What is the single largest amount anyone has claimed?"]


@pytest.fixture
def abbreviated(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "abbreviated.sqlite", CLAIMS.format(claimed="val_claimed"))


@pytest.fixture
def spelled_out(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "spelled.sqlite", CLAIMS.format(claimed="claimed_amount"))


@pytest.mark.parametrize("question", QUESTIONS)
async def test_an_amount_claimed_is_not_a_payment_amount(abbreviated: Database, question: str) -> None:
    proposal = await propose(abbreviated, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql


@pytest.mark.parametrize("question", QUESTIONS)
async def test_an_amount_claimed_reads_the_column_named_with_the_verb(spelled_out: Database, question: str) -> None:
    sql, rows = await answer(spelled_out, question)
    assert "claimed_amount" in sql and rows == [[900.0]]


@pytest.mark.parametrize("question", QUESTIONS)
async def test_a_shortened_amount_named_with_the_verb_is_read(tmp_path: Path, question: str) -> None:
    shortened = seeded_database(tmp_path / "shortened.sqlite", CLAIMS.format(claimed="amt_claimed"))
    sql, rows = await answer(shortened, question)
    assert "amt_claimed" in sql and rows == [[900.0]]


async def test_an_amount_no_column_names_the_verb_of_is_read_as_before(spelled_out: Database) -> None:
    _, rows = await answer(spelled_out, "What is the largest payment amount?")
    assert rows == [[250.0]]
