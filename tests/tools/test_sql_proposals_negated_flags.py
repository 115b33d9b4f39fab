"""A yes/no flag read through its opposite or a negation (tools/sql/flag_opposites.py, tools/sql/flags.py): "failed
inspections" over `passed_flag` (the dictionary's direct antonym of "passed"), "unpaid fines" over `paid_flag`,
"inactive members" over `is_active`, "non-smoking rooms" over `smoking_yn`, and "fines that haven't been paid yet",
"not yet paid", "still not paid" all read `flag = <false code>`. Never where the opposite is a stored value, the
column holds more than 0 and 1, a row leaves the flag empty, the antonym is a rarer sense's, or a negation already
stands before the opposite. A currency word before the money a reading shows ("the total dollar amount") is read
with it (tools/sql/currency_words.py)."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import SameMeaningEmbedder, answer, propose, seeded_database
from tools.sql.database import Database
from tools.thesaurus import WordNetThesaurus

TOWN = """
CREATE TABLE inspection (inspection_id INTEGER PRIMARY KEY, check_type TEXT, passed_flag INTEGER NOT NULL);
CREATE TABLE fine (fine_id INTEGER PRIMARY KEY, driver TEXT, amount REAL, paid_flag INTEGER NOT NULL);
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT, is_active INTEGER, is_verified INTEGER);
CREATE TABLE room (room_id INTEGER PRIMARY KEY, label TEXT, smoking_yn TEXT);
CREATE TABLE match (match_id INTEGER PRIMARY KEY, venue TEXT, scored_flag INTEGER);
INSERT INTO inspection VALUES (1, 'Fire', 1), (2, 'Fire', 0), (3, 'Gas', 0), (4, 'Gas', 0), (5, 'Water', 1);
INSERT INTO fine VALUES (1, 'Ann', 50, 1), (2, 'Bob', 70, 0), (3, 'Cy', 20, 0), (4, 'Dee', 15, 1);
INSERT INTO member VALUES (1, 'Ines', 1, 1), (2, 'Jon', 0, NULL), (3, 'Kai', 1, 0);
INSERT INTO room VALUES (1, 'Blue', 'Y'), (2, 'Green', 'N'), (3, 'Red', 'N');
INSERT INTO match VALUES (1, 'North', 0), (2, 'South', 1), (3, 'East', 2);
"""

TRIALS = """
CREATE TABLE experiment (
    experiment_id INTEGER PRIMARY KEY, name TEXT, passed_flag INTEGER NOT NULL, succeeded_flag INTEGER NOT NULL
);
INSERT INTO experiment VALUES (1, 'Oslo', 1, 0), (2, 'Lima', 0, 1), (3, 'Pune', 0, 0);
"""

AUDITS = """
CREATE TABLE audit (audit_id INTEGER PRIMARY KEY, area TEXT, outcome TEXT, passed_flag INTEGER NOT NULL);
INSERT INTO audit VALUES (1, 'Kitchen', 'Failed', 1), (2, 'Cellar', 'Passed', 0), (3, 'Yard', 'Failed', 0);
"""


@pytest.fixture
def town(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "town.sqlite", TOWN)


async def test_the_dictionarys_antonym_of_a_flags_word_reads_its_false_code(
    town: Database, wordnet: WordNetThesaurus
) -> None:
    sql, rows = await answer(town, "How many failed inspections were there for each check type?", thesaurus=wordnet)
    assert 'passed_flag" = 0' in sql
    assert rows == [["Fire", 1], ["Gas", 2]]


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("What is the total amount of unpaid fines?", [[90.0]]),
        ("Which members are inactive?", [["Jon"]]),
        ("How many non-smoking rooms are there?", [[2]]),
        ("How many nonsmoking rooms are there?", [[2]]),
    ],
)
async def test_a_flags_word_after_un_in_or_non_reads_its_false_code(
    town: Database, question: str, rows: list[list[object]]
) -> None:
    sql, found = await answer(town, question)  # no dictionary needed
    assert found == rows, sql


@pytest.mark.parametrize(
    "question",
    [
        "What is the total amount of fines that haven't been paid yet?",
        "What is the total amount of fines not yet paid?",
        "What is the total amount of fines that are still not paid?",
        "What is the total amount of fines not paid yet?",
    ],
)
async def test_not_been_yet_and_still_not_negate_the_flag(town: Database, question: str) -> None:
    sql, rows = await answer(town, question)
    assert rows == [[90.0]], sql


async def test_a_currency_word_before_the_summed_money_is_its_unit(town: Database) -> None:
    sql, rows = await answer(town, "What is the total dollar amount of fines that haven't been paid yet?")
    assert rows == [[90.0]], sql


async def test_a_currency_word_before_no_money_is_left_unread(town: Database) -> None:
    proposal = await propose(town, "What is the dollar count of fines?")
    assert proposal.decision == "decline"
    assert "dollar" in proposal.reason


async def test_an_opposite_of_a_flag_some_row_leaves_empty_is_declined(town: Database) -> None:
    # a member whose `is_verified` is NULL is neither verified nor unverified: `= 0` would not say "not 1"
    proposal = await propose(town, "Which members are unverified?")
    assert proposal.decision == "decline"
    assert not any('is_verified" = 1' in item.sql for item in proposal.candidates)


async def test_an_opposite_is_never_read_as_the_flag_itself_where_an_embedding_finds_them_close(
    town: Database,
) -> None:
    # MiniLM finds "inactive" close to the column name "is active": read so, it kept the active members
    close = SameMeaningEmbedder("inactive active", "unverified verified")
    sql, rows = await answer(town, "Which members are inactive?", close)
    assert rows == [["Jon"]], sql
    proposal = await propose(town, "Which members are unverified?", close)
    assert proposal.decision == "decline", proposal.candidates[0].sql


@pytest.mark.parametrize(
    "question",
    [
        "Which members are not inactive?",  # a negation before the opposite: left unread, never "not not active"
        "Which matches were unscored?",  # `scored_flag` holds 0, 1 and 2: no false code
    ],
)
async def test_a_negated_opposite_and_a_flag_of_other_numbers_are_declined(town: Database, question: str) -> None:
    proposal = await propose(town, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_an_antonym_of_a_rarer_sense_is_no_opposite(town: Database, wordnet: WordNetThesaurus) -> None:
    # WordNet opposes "active" to "inactive" in its commonest sense, to "passive" only in rarer ones
    proposal = await propose(town, "Which members are passive?", thesaurus=wordnet)
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_an_opposite_stored_as_a_value_is_read_as_that_value(tmp_path: Path, wordnet: WordNetThesaurus) -> None:
    # `outcome` holds 'Failed': "failed" is that value, never `passed_flag = 0` (which disagrees on the Kitchen)
    audits = seeded_database(tmp_path / "audits.sqlite", AUDITS)
    sql, rows = await answer(audits, "How many failed audits were there?", thesaurus=wordnet)
    assert "passed_flag" not in sql
    assert rows == [[2]]


async def test_an_opposite_of_two_flags_words_is_declined(tmp_path: Path, wordnet: WordNetThesaurus) -> None:
    # "fail" is the antonym of both "pass" and "succeed": which flag the experiments failed is a guess
    trials = seeded_database(tmp_path / "trials.sqlite", TRIALS)
    proposal = await propose(trials, "Which experiments failed?", thesaurus=wordnet)
    assert proposal.decision == "decline", proposal.candidates[0].sql
    _, rows = await answer(trials, "Which experiments were not passed?", thesaurus=wordnet)
    assert rows == [["Lima"], ["Pune"]]
