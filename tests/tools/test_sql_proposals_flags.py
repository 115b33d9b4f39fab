"""A yes/no flag column named by its adjective or participle ("which volumes were withdrawn", `withdrawn`
holding Y/N; `is_accessible`; `insured_flag`) asks for the flagged rows: a reading that shows the flag, or every
row, without a condition on the flag, is declined; the flag's stored yes/no pair gives the condition
`flag = <true code>` (tools/sql/flags.py)."""

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
CREATE TABLE quiz (quiz_id INTEGER PRIMARY KEY, prompt TEXT, answer TEXT);
INSERT INTO quiz VALUES (1, 'Sky blue?', 'yes'), (2, 'Fish fly?', 'no');
INSERT INTO branch VALUES (1, 'Main'), (2, 'Annex');
INSERT INTO volume VALUES (1, 'Dune', 'Y', 1), (2, 'Emma', 'N', 1), (3, 'Ulysses', 'N', 2);
INSERT INTO patron VALUES (1, 'Lind', 'Y'), (2, 'Ruiz', 'N'), (3, 'Haddad', 'Y');
INSERT INTO reading_room VALUES (1, 'Quiet', 1), (2, 'Attic', 0);
"""


@pytest.fixture
def archive(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "archive.sqlite", ARCHIVE)


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("Which volumes were withdrawn?", [["Dune"]]),
        ("List the volumes that were withdrawn.", [["Dune"]]),
        ("List the withdrawn volumes.", [["Dune"]]),
        ("How many volumes were withdrawn?", [[1]]),
        ("Which patrons are insured? Just their surnames.", [["Lind"], ["Haddad"]]),
        ("How many patrons are insured?", [[2]]),
        ("Which reading rooms are accessible?", [["Quiet"]]),  # 0 and 1 in a number column: 1 is true
    ],
)
async def test_a_flag_named_by_its_participle_keeps_the_flagged_rows(
    archive: Database, question: str, rows: list[list[object]]
) -> None:
    # without the reading each of these is declined, or shows the flag beside every row
    sql, found = await answer(archive, question)
    assert found == rows, sql


@pytest.mark.parametrize(
    ("question", "word"),
    [
        # "insured" twice: the reading that shows the flag beside every patron answers without the guard
        ("Which patrons are insured? Give the surname and insured flag.", "insured"),
    ],
)
async def test_a_flag_shown_beside_every_row_is_declined(archive: Database, question: str, word: str) -> None:
    proposal = await propose(archive, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql
    assert word in proposal.reason


async def test_not_right_before_a_flag_no_row_leaves_empty_reads_its_false_code(archive: Database) -> None:
    sql, rows = await answer(archive, "Which volumes were not withdrawn?")
    assert rows == [["Emma"], ["Ulysses"]], sql


async def test_a_negation_further_from_the_flag_is_declined(archive: Database) -> None:
    # "not yet withdrawn" is still the flag's negation (tools/sql/flags.py `negated_by`); "then" between is not
    proposal = await propose(archive, "Which volumes were not then withdrawn?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_a_noun_column_holding_yes_or_no_is_no_flag(archive: Database) -> None:
    # `answer` holds only yes/no, but "answers" names the column to show, not a condition on it
    _, rows = await answer(archive, "List the quiz prompts and answers.")
    assert rows == [["Sky blue?", "yes"], ["Fish fly?", "no"]]


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
