"""A word glossed in parentheses by a column's name, or glossing one, asks for that column (issue 15); a
parenthesis that holds a condition is no gloss."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

BREWS = """
CREATE TABLE recipe (recipe_id INTEGER PRIMARY KEY, name TEXT, ibu REAL, status TEXT);
INSERT INTO recipe VALUES (1, 'Pale', 40, 'brewed'), (2, 'Stout', 60, 'shelved'), (3, 'Lager', 20, 'brewed');
"""


@pytest.fixture
def brews(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "brews.sqlite", BREWS)


@pytest.mark.parametrize(
    "question",
    ["What is the average bitterness (IBU) of recipes?", "What is the average IBU (bitterness) of recipes?"],
)
async def test_a_gloss_beside_a_column_name_reads_as_that_column(brews: Database, question: str) -> None:
    _, rows = await answer(brews, question)
    assert rows == [[40.0]]


async def test_without_the_column_name_the_glossing_word_is_declined(brews: Database) -> None:
    assert (await propose(brews, "What is the average bitterness of recipes?")).decision == "decline"


async def test_a_parenthesised_condition_is_no_gloss_and_never_dropped(brews: Database) -> None:
    # dropped as a gloss, "(not brewed)" would leave the average of every recipe, 40
    proposal = await propose(brews, "What is the average IBU of recipes (not brewed)?")
    rows = (await brews.run(proposal.candidates[0].sql)).rows if proposal.decision == "answer" else None
    assert rows in (None, [[60.0]])
