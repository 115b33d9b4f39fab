"""The parser reads a question word as a schema name when the dictionary says they share a common sense ("clients"
for `customer`) or the word is a form of the name ("shelves" for `shelf`), and only then (issue 15): a rare sense
or two names the word could mean lead to a decline."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database
from tools.thesaurus import WordNetThesaurus

STORE = """
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE shelf (shelf_id INTEGER PRIMARY KEY, label TEXT, aisle INTEGER);
CREATE TABLE car (car_id INTEGER PRIMARY KEY, plate TEXT, customer_id INTEGER REFERENCES customer (customer_id));
INSERT INTO customer VALUES (1, 'Ava', 'USA'), (2, 'Ben', 'USA'), (3, 'Cy', 'Peru'), (4, 'Di', 'Peru'),
    (5, 'Ed', 'Peru');
INSERT INTO shelf VALUES (1, 'A1', 1), (2, 'A2', 1), (3, 'B1', 2);
INSERT INTO car VALUES (1, 'XK-1', 1), (2, 'XK-2', 3);
CREATE TABLE member (member_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, city TEXT);
INSERT INTO member VALUES (1, 'Ola', 'Nordmann', 'Oslo'), (2, 'Kari', 'Berg', 'Oslo'), (3, 'Per', 'Dahl', 'Bergen');
"""


class _Dictionary:
    """A thesaurus of chosen senses: `senses` maps a noun to its senses, each a set of words."""

    def __init__(self, senses: dict[str, list[set[str]]]) -> None:
        self._senses = {noun: [frozenset(sense) for sense in found] for noun, found in senses.items()}

    def load(self) -> None:
        pass

    def base(self, word: str) -> str | None:
        singular = word.lower().removesuffix("s")
        return singular if singular in self._senses else None

    def senses(self, noun: str) -> list[frozenset[str]]:
        return self._senses.get(noun, [])

    def antonyms(self, word: str) -> frozenset[str]:
        return frozenset()


@pytest.fixture
def store(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "store.sqlite", STORE)


async def test_a_synonym_the_dictionary_gives_reads_as_the_table_it_names(
    store: Database, wordnet: WordNetThesaurus
) -> None:
    sql, rows = await answer(store, "How many clients are in Peru?", thesaurus=wordnet)
    assert rows == [[3]]
    assert "customer" in sql.lower()


async def test_an_irregular_plural_reads_as_its_noun(store: Database, wordnet: WordNetThesaurus) -> None:
    _, rows = await answer(store, "How many shelves are there?", thesaurus=wordnet)
    assert rows == [[3]]


async def test_a_two_word_synonym_reads_as_a_two_word_name(store: Database, wordnet: WordNetThesaurus) -> None:
    _, rows = await answer(store, "List the family names of members in Oslo.", thesaurus=wordnet)
    assert sorted(rows) == [["Berg"], ["Nordmann"]]


async def test_without_the_dictionary_those_words_are_declined(store: Database) -> None:
    for question in (
        "How many clients are in Peru?",
        "How many shelves are there?",
        "List the family names of members in Oslo.",
    ):
        assert (await propose(store, question)).decision == "decline", question


async def test_a_rare_sense_is_not_read_as_a_name(store: Database, wordnet: WordNetThesaurus) -> None:
    # WordNet's sixth sense of "machine" is a car; a question about machines is not one about cars
    proposal = await propose(store, "How many machines are there?", thesaurus=wordnet)
    assert proposal.decision == "decline"
    assert proposal.reason == "no table or column of the database matches the question"


async def test_a_word_two_names_could_mean_is_declined(store: Database) -> None:
    dictionary = _Dictionary(
        {
            "patron": [{"patron", "customer", "shelf"}],
            "customer": [{"patron", "customer", "shelf"}],
            "shelf": [{"patron", "customer", "shelf"}],
        }
    )
    proposal = await propose(store, "How many patrons are there?", thesaurus=dictionary)
    assert proposal.decision == "decline"
    one_name = _Dictionary({"patron": [{"patron", "customer"}], "customer": [{"patron", "customer"}]})
    _, rows = await answer(store, "How many patrons are there?", thesaurus=one_name)
    assert rows == [[5]]


async def test_a_sense_the_name_does_not_share_commonly_is_not_read(store: Database) -> None:
    # the word's first sense names `customer`, but for `customer` that sense is only its fourth
    dictionary = _Dictionary(
        {"patron": [{"patron", "customer"}], "customer": [{"customer"}, {"buyer"}, {"client"}, {"patron", "customer"}]}
    )
    assert (await propose(store, "How many patrons are there?", thesaurus=dictionary)).decision == "decline"
