"""A verb-like value is not read on rows that only share a parent with the subject (issue 15): "which artist has
been paid the most in performance fees" had filtered on a 'Paid' status of the ticket orders of the festivals the
artists played, and named the wrong artist."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

FESTIVAL = """
CREATE TABLE festival (festival_id INTEGER PRIMARY KEY, festival_name TEXT);
CREATE TABLE artist (artist_id INTEGER PRIMARY KEY, artist_name TEXT);
CREATE TABLE performance (
    performance_id INTEGER PRIMARY KEY, festival_id INTEGER REFERENCES festival (festival_id),
    artist_id INTEGER REFERENCES artist (artist_id), fee REAL
);
CREATE TABLE ticket_order (
    order_id INTEGER PRIMARY KEY, festival_id INTEGER REFERENCES festival (festival_id), order_status TEXT
);
INSERT INTO festival VALUES (1, 'Spring Fest'), (2, 'Autumn Fest');
INSERT INTO artist VALUES (1, 'Ada'), (2, 'Bix');
INSERT INTO performance VALUES (1, 1, 1, 500), (2, 2, 2, 900), (3, 2, 1, 100);
INSERT INTO ticket_order VALUES (1, 1, 'Paid'), (2, 1, 'Refunded'), (3, 2, 'Refunded'), (4, 1, 'Paid');
"""


@pytest.fixture
def festival(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "festival.sqlite", FESTIVAL)


async def test_a_verb_is_no_status_of_rows_that_share_a_parent(festival: Database) -> None:
    proposal = await propose(festival, "Which artist has been paid the most in performance fees?")
    assert not any(item.complete and "ticket_order" in item.sql for item in proposal.candidates)


async def test_a_verb_like_value_of_the_subject_is_still_read(festival: Database) -> None:
    _, rows = await answer(festival, "How many ticket orders were paid?")
    assert rows == [[2]]
