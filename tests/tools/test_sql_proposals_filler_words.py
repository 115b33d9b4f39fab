"""Words that carry no meaning of their own, or only one a reading already expresses, do not block an answer:
"kindly", "just wondering", "all told", "so far", "nobody", and "first" after the order it
restates ("highest first"). Near misses where the same words do matter still decline."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

LIBRARY = """
CREATE TABLE shelf (shelf_id INTEGER PRIMARY KEY, label TEXT);
CREATE TABLE book (book_id INTEGER PRIMARY KEY, title TEXT, shelf_id INTEGER REFERENCES shelf (shelf_id));
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE loan (
    loan_id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES book (book_id),
    member_id INTEGER REFERENCES member (member_id), loaned DATE
);
INSERT INTO shelf VALUES (1, 'Fiction'), (2, 'Poetry'), (3, 'Atlas');
INSERT INTO book VALUES (1, 'Dune', 1), (2, 'Odes', 2), (3, 'Maps', 1), (4, 'Emma', 1);
INSERT INTO member VALUES (1, 'Ann'), (2, 'Bo'), (3, 'Cy');
INSERT INTO loan VALUES (1, 1, 1, '2020-01-01'), (2, 1, 2, '2021-01-01'), (3, 2, 1, '2022-02-02'),
    (4, 1, 3, '2022-03-03'), (5, 2, 2, '2022-04-04'), (6, 4, 3, '2022-05-05');
"""


@pytest.fixture
def library(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "library.sqlite", LIBRARY)


@pytest.mark.parametrize(
    "question",
    [
        "Kindly list the members.",
        "Just wondering, what are the names of the members?",
    ],
)
async def test_politeness_does_not_block_a_list(library: Database, question: str) -> None:
    _, rows = await answer(library, question)
    assert sorted(rows) == [["Ann"], ["Bo"], ["Cy"]]


@pytest.mark.parametrize("question", ["How many members are there all told?", "How many members are there so far?"])
async def test_all_told_and_so_far_mean_every_stored_row(library: Database, question: str) -> None:
    _, rows = await answer(library, question)
    assert rows == [[3]]


async def test_so_or_far_alone_still_has_to_be_read(library: Database) -> None:
    # only the phrase is filler: "far" on its own may ask for a distance
    for question in ("How far are the members?", "So how many members are there, so?"):
        proposal = await propose(library, question)
        assert proposal.decision == "decline", question


@pytest.mark.parametrize(
    "question",
    ["Which books has nobody loaned?", "Which books have no loans so far?"],
)
async def test_negation_forms_read_as_rows_nothing_refers_to(library: Database, question: str) -> None:
    sql, rows = await answer(library, question)
    assert "NOT" in sql and rows == [["Maps"]]


@pytest.mark.parametrize(
    "question", ["Top 2 books by number of loans, highest first.", "Top 2 books by number of loans, biggest first."]
)
async def test_first_after_the_order_it_restates(library: Database, question: str) -> None:
    sql, rows = await answer(library, question)
    assert "DESC LIMIT 2" in sql and rows == [["Dune"], ["Odes"]]


@pytest.mark.parametrize(
    "question",
    [
        # "lowest first" contradicts "top": no order is both
        "Top 2 books by number of loans, lowest first.",
        # a second "first" is an ordinal no reading accounts for
        "Top 2 books by number of loans in their first year, highest first.",
    ],
)
async def test_first_that_does_not_restate_the_order_declines(library: Database, question: str) -> None:
    proposal = await propose(library, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql if proposal.candidates else None
