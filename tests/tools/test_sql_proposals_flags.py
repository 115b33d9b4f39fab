"""A yes/no flag column named by its adjective or participle ("which volumes were withdrawn", `withdrawn`
holding Y/N; `is_accessible`; `insured_flag`) asks for the flagged rows: a reading that shows the flag, or every
row, is declined (tools/sql/flags.py)."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

ARCHIVE = """
CREATE TABLE branch (branch_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE volume (
    volume_id INTEGER PRIMARY KEY, title TEXT, withdrawn TEXT, branch_id INTEGER REFERENCES branch (branch_id)
);
CREATE TABLE patron (patron_id INTEGER PRIMARY KEY, surname TEXT, insured_flag TEXT);
CREATE TABLE reading_room (reading_room_id INTEGER PRIMARY KEY, label TEXT, is_accessible INTEGER);
INSERT INTO branch VALUES (1, 'Main'), (2, 'Annex');
INSERT INTO volume VALUES (1, 'Dune', 'Y', 1), (2, 'Emma', 'N', 1), (3, 'Ulysses', 'N', 2);
INSERT INTO patron VALUES (1, 'Lind', 'Y'), (2, 'Ruiz', 'N'), (3, 'Haddad', 'Y');
INSERT INTO reading_room VALUES (1, 'Quiet', 1), (2, 'Attic', 0);
"""


@pytest.fixture
def archive(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "archive.sqlite", ARCHIVE)


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Which volumes were withdrawn?", "withdrawn"),
        ("List the volumes that were withdrawn.", "withdrawn"),
        ("Which volumes are withdrawn? Just their titles.", "withdrawn"),
        ("Which patrons are insured? Give the surname and insured flag.", "insured"),
    ],
)
async def test_a_flag_named_by_its_participle_is_not_answered_with_every_row(
    archive: Database, question: str, word: str
) -> None:
    # without the guard each of these shows the flag column beside every row, flagged or not
    proposal = await propose(archive, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql
    assert word in proposal.reason


async def test_a_flag_word_after_a_filter_on_the_flag_is_still_read(archive: Database) -> None:
    _, rows = await answer(archive, "List the titles of volumes whose withdrawn is 'Y'.")
    assert rows == [["Dune"]]


@pytest.mark.parametrize(
    "question",
    ["List the volume titles with the branch name.", "Which volumes are in the Annex branch?"],
)
async def test_questions_that_name_no_flag_are_unchanged(archive: Database, question: str) -> None:
    proposal = await propose(archive, question)
    assert proposal.decision == "answer", proposal.reason
