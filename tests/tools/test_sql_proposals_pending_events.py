"""Events recorded by when they happened, empty until they do (tools/sql/pending_events.py, event_opposites.py):
over a `return_date` some loans leave NULL, "not yet returned", "still not returned", "has not been returned yet",
"unreturned" and "with no return date yet" read `return_date IS NULL`, and "returned loans" `IS NOT NULL`; "still
open" of a `closed_date` is the dictionary's opposite of "closed". Never over a column no row leaves empty, a
participle that is a stored value, two columns the participle names, or an opposite that is a schema word."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database
from tools.thesaurus import WordNetThesaurus

LENDING = """
CREATE TABLE loan (loan_id INTEGER PRIMARY KEY, borrower TEXT, loan_date TEXT NOT NULL, return_date TEXT);
INSERT INTO loan VALUES
    (1, 'Ann', '2020-01-04', '2020-01-20'), (2, 'Bob', '2020-02-11', NULL),
    (3, 'Cy', '2021-03-02', NULL), (4, 'Dee', '2021-05-09', '2021-06-01'), (5, 'Eve', '2021-07-15', NULL);
"""

SHOP = """
CREATE TABLE shipment (shipment_id INTEGER PRIMARY KEY, customer TEXT, ship_date TEXT, delivered_at TEXT);
INSERT INTO shipment VALUES
    (1, 'Ann', '2020-01-02', '2020-01-05'), (2, 'Bob', '2020-03-04', NULL), (3, 'Cy', NULL, NULL),
    (4, 'Dee', '2021-02-01', '2021-02-03');
"""

DESK = """
CREATE TABLE ticket (ticket_id INTEGER PRIMARY KEY, subject TEXT, raised_on TEXT NOT NULL, closed_date TEXT);
INSERT INTO ticket VALUES
    (1, 'Printer', '2020-01-01', '2020-01-03'), (2, 'Wifi', '2020-02-01', NULL), (3, 'Mail', '2020-03-01', NULL);
"""


@pytest.fixture
def lending(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "lending.sqlite", LENDING)


@pytest.mark.parametrize(
    "question",
    [
        "How many loans are not yet returned?",
        "How many loans have not been returned yet?",
        "How many loans are still not returned?",
        "How many loans haven't been returned yet?",
        "How many unreturned loans are there?",
        "How many loans with no return date yet?",
        "How many loans still have no return date?",
    ],
)
async def test_an_event_not_yet_happened_is_its_empty_date(lending: Database, question: str) -> None:
    sql, rows = await answer(lending, question)
    assert '"return_date" IS NULL' in sql and "NOT" not in sql
    assert rows == [[3]]


async def test_the_participle_alone_is_the_event_having_happened(lending: Database) -> None:
    sql, rows = await answer(lending, "How many loans were returned?")
    assert 'NOT "loan"."return_date" IS NULL' in sql
    assert rows == [[2]]  # not every loan, as when "returned" was read as nothing


async def test_showing_the_event_date_beside_every_row_does_not_pick_the_ones_that_happened(
    lending: Database,
) -> None:
    _, rows = await answer(lending, "List the borrowers of loans that were returned")
    assert sorted(rows) == [["Ann"], ["Dee"]]


async def test_a_negated_participle_of_a_doubled_consonant_or_a_moment_column_reads_its_date(
    tmp_path: Path,
) -> None:
    shop = seeded_database(tmp_path / "shop.sqlite", SHOP)
    assert (await answer(shop, "How many shipments have not shipped yet?"))[1] == [[1]]
    assert (await answer(shop, "Which customers have shipments that were never delivered?"))[1] == [["Bob"], ["Cy"]]
    assert (await answer(shop, "How many shipments have been delivered?"))[1] == [[2]]


async def test_a_year_after_the_participle_is_a_range_on_its_date_not_on_another(lending: Database) -> None:
    proposal = await propose(lending, "How many loans were returned in 2020?")
    assert proposal.decision == "decline" or '"return_date" >=' in proposal.candidates[0].sql
    assert not any(
        '"loan_date" >=' in item.sql and not item.uncovered for item in proposal.candidates
    )  # the loans made in 2020 are not the ones returned then


async def test_still_open_is_the_dictionarys_opposite_of_closed(tmp_path: Path, wordnet: WordNetThesaurus) -> None:
    desk = seeded_database(tmp_path / "desk.sqlite", DESK)
    sql, rows = await answer(desk, "How many tickets are still open?", thesaurus=wordnet)
    assert '"closed_date" IS NULL' in sql and rows == [[2]]
    sql, rows = await answer(desk, "How many tickets are still open, with no close date yet?", thesaurus=wordnet)
    assert sql.count("IS NULL") == 1 and rows == [[2]]


async def test_an_opposite_the_schema_names_is_no_state_before_the_event(
    tmp_path: Path, wordnet: WordNetThesaurus
) -> None:
    desk = seeded_database(
        tmp_path / "desk.sqlite", DESK.replace("raised_on", "opened_date")
    )  # "open" may be the opening date
    proposal = await propose(desk, "How many tickets are still open?", thesaurus=wordnet)
    assert proposal.decision == "decline"


async def test_a_date_every_row_holds_records_no_pending_event(tmp_path: Path) -> None:
    complete = seeded_database(
        tmp_path / "complete.sqlite", LENDING.replace("NULL)", "'2021-08-01')").replace("NULL),", "'2021-08-01'),")
    )
    proposal = await propose(complete, "How many loans have not been returned yet?")
    assert proposal.decision == "decline"


async def test_a_participle_stored_as_a_value_is_no_event_date(tmp_path: Path) -> None:
    status = seeded_database(
        tmp_path / "status.sqlite",
        """
        CREATE TABLE loan (loan_id INTEGER PRIMARY KEY, borrower TEXT, status TEXT, return_date TEXT);
        INSERT INTO loan VALUES
            (1, 'Ann', 'Returned', NULL), (2, 'Bob', 'Lost', NULL), (3, 'Cy', 'Returned', '2020-01-01');
        """,
    )
    for question in ("How many loans were returned?", "How many loans have not been returned yet?"):
        assert (await propose(status, question)).decision == "decline", question  # the status or the date


async def test_two_dates_the_participle_names_are_a_guess(tmp_path: Path) -> None:
    two = seeded_database(
        tmp_path / "two.sqlite",
        """
        CREATE TABLE loan (loan_id INTEGER PRIMARY KEY, borrower TEXT, due_return_date TEXT, actual_return_date TEXT);
        INSERT INTO loan VALUES
            (1, 'Ann', '2020-01-10', '2020-01-09'), (2, 'Bob', NULL, NULL), (3, 'Cy', '2020-02-01', NULL);
        """,
    )
    for question in ("How many loans have not been returned yet?", "How many loans were returned?"):
        assert (await propose(two, question)).decision == "decline", question


async def test_a_participle_after_another_negation_is_left_unread(lending: Database) -> None:
    proposal = await propose(lending, "How many loans ended without being returned?")
    assert proposal.decision == "decline"
