"""Words that carry no query meaning where they stand do not block an answer: an emphatic "single" ("not a single
claim", "the single largest"), "anyone" as the subject of a verb ("the largest amount anyone has claimed"), and
"right now", "at present", "still", "actually" beside a stored state ("policies active right now"). The same words
where they do mean something stay to be read: "single" as a stored marital status, "a single claim" (exactly one),
"right now" with no stored state beside it."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

INSURER = """
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT, marital_status TEXT);
CREATE TABLE policy (
    policy_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES member (member_id), status TEXT
);
CREATE TABLE claim (claim_id INTEGER PRIMARY KEY, policy_id INTEGER REFERENCES policy (policy_id), amount REAL);
INSERT INTO member VALUES (1, 'Ann', 'Single'), (2, 'Bo', 'Married'), (3, 'Cy', 'Single'), (4, 'Di', 'Married');
INSERT INTO policy VALUES (1, 1, 'Active'), (2, 2, 'Lapsed'), (3, 3, 'Active'), (4, 4, 'Active');
INSERT INTO claim VALUES (1, 1, 100), (2, 1, 250), (3, 3, 400), (4, 2, 80);
"""


@pytest.fixture
def insurer(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "insurer.sqlite", INSURER)


@pytest.mark.parametrize(
    "question", ["What is the single largest claim amount?", "What is the largest amount of any single claim?"]
)
async def test_an_emphatic_single_is_no_marital_status(insurer: Database, question: str) -> None:
    sql, rows = await answer(insurer, question)
    assert "marital_status" not in sql and rows == [[400.0]]


@pytest.mark.parametrize(
    "question", ["How many policies have never had a single claim?", "How many policies haven't got a single claim?"]
)
async def test_not_a_single_is_none(insurer: Database, question: str) -> None:
    sql, rows = await answer(insurer, question)
    assert "marital_status" not in sql and "NOT" in sql and rows == [[1]]


@pytest.mark.parametrize("question", ["How many members are single?", "How many single members are there?"])
async def test_single_as_a_stored_status_stays_a_value(insurer: Database, question: str) -> None:
    sql, rows = await answer(insurer, question)
    assert "'Single'" in sql and rows == [[2]]


async def test_a_single_claim_with_no_negation_is_exactly_one_and_declines(insurer: Database) -> None:
    # neither the marital status nor a word to pass over: "a single claim" asks for policies with one claim
    proposal = await propose(insurer, "How many policies have a single claim?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


@pytest.mark.parametrize(
    "question",
    [
        "What is the largest amount anyone has claimed?",
        "What is the largest amount that anybody has claimed?",
        "What is the highest amount someone claimed?",
    ],
)
async def test_anyone_as_the_subject_of_a_verb_stands_for_no_one(insurer: Database, question: str) -> None:
    _, rows = await answer(insurer, question)
    assert rows == [[400.0]]


class _PeopleDictionary:
    """A dictionary in which "someone" and "person" share their one sense, as WordNet's do."""

    def load(self) -> None:
        pass

    def base(self, word: str) -> str | None:
        return word if word in ("someone", "person") else None

    def senses(self, noun: str) -> list[frozenset[str]]:
        return [frozenset({"someone", "person", "individual"})] if noun in ("someone", "person") else []

    def antonyms(self, word: str) -> frozenset[str]:
        return frozenset()


async def test_someone_standing_for_no_one_is_not_read_as_a_table_it_means(tmp_path: Path) -> None:
    claims = seeded_database(
        tmp_path / "claims.sqlite",
        """
        CREATE TABLE person (person_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE claim (claim_id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES person (person_id), amount REAL);
        INSERT INTO person VALUES (1, 'Ann'), (2, 'Bo');
        INSERT INTO claim VALUES (1, 1, 10), (2, 2, 30), (3, 1, 25);
        """,
    )
    # not "the person with the largest total": the amount alone
    sql, rows = await answer(claims, "What is the largest amount someone has claimed?", thesaurus=_PeopleDictionary())
    assert "person" not in sql and rows == [[30.0]]


@pytest.mark.parametrize(
    "question",
    [
        "How many policies are active right now?",
        "How many policies are active at present?",
        "How many policies are still active?",
        "How many policies are actually active?",
    ],
)
async def test_now_beside_a_stored_state_restates_it(insurer: Database, question: str) -> None:
    sql, rows = await answer(insurer, question)
    assert "'Active'" in sql and rows == [[3]]


@pytest.mark.parametrize(
    "question",
    [
        # no stored state beside it: "right now" may ask for a condition no column states
        "How many members have a policy right now?",
        "How many members have a claim at present?",
        # "anyone" opening a question asks about people, or is the object of "by"
        "Has anyone claimed more than 300?",
        "How many claims were made by anyone?",
    ],
)
async def test_the_same_words_elsewhere_still_have_to_be_read(insurer: Database, question: str) -> None:
    proposal = await propose(insurer, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql if proposal.candidates else None
