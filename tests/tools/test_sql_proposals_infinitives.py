"""A lower-case word right after "to" ("spots to dine") is the verb of a paraphrase of the rows' noun, never the
name of a row (an eatery called Dine) unless quoted or capitalised (tools/sql/plain_words.py)."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import SameMeaningEmbedder, answer, propose, seeded_database
from tools.sql.database import Database

DINING = """
CREATE TABLE eatery (eatery_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
INSERT INTO eatery VALUES (1, 'Dine', 'Springfield'), (2, 'Spot On', 'Springfield'), (3, 'Bistro Uno', 'Riverton'),
    (4, 'Grill', 'Springfield');
CREATE TABLE trip (trip_id INTEGER PRIMARY KEY, code TEXT, destination TEXT);
INSERT INTO trip VALUES (1, 'T1', 'Riverton'), (2, 'T2', 'Springfield'), (3, 'T3', 'Riverton');
"""

# "spots" means eatery: the paraphrase's noun names the table, as a sentence embedder reads it
SPOTS = SameMeaningEmbedder("spots eatery")


@pytest.fixture
def dining(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "dining.sqlite", DINING)


@pytest.mark.parametrize(
    "question", ["Count the spots to dine in Springfield.", "How many spots to dine are in Springfield?"]
)
async def test_an_infinitive_is_not_read_as_a_row_name(dining: Database, question: str) -> None:
    # without the rule the count is of the one eatery called Dine; the eateries in Springfield are three
    proposal = await propose(dining, question, SPOTS)
    if proposal.decision == "answer":
        assert (await dining.run(proposal.candidates[0].sql)).rows == [[3]], proposal.candidates[0].sql
    assert "Dine" not in (proposal.candidates[0].sql if proposal.candidates else "")


async def test_a_capitalised_word_after_to_still_names_a_row(dining: Database) -> None:
    _, rows = await answer(dining, "How many spots to 'Dine' are in Springfield?", SPOTS)
    assert rows == [[1]]


async def test_a_value_of_another_column_after_to_is_still_read(dining: Database) -> None:
    _, rows = await answer(dining, "Count the trips to riverton.")
    assert rows == [[2]]
