"""The key a reading relates rows by accounts for what its name says (issue 15): "technicians who have never been
the lead on a work order" had been declined on "lead", though the only key from work orders to technicians is
`lead_tech_id`."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

HANGAR = """
CREATE TABLE technician (tech_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
CREATE TABLE work_order (
    wo_id INTEGER PRIMARY KEY, lead_tech_id INTEGER REFERENCES technician (tech_id), labor_hours REAL
);
INSERT INTO technician VALUES (1, 'Ann', 'Lee'), (2, 'Bo', 'Chan'), (3, 'Cy', 'Ito');
INSERT INTO work_order VALUES (1, 1, 2.0), (2, 1, 3.0), (3, 2, 1.0);
"""


@pytest.fixture
def hangar(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "hangar.sqlite", HANGAR)


async def test_the_keys_own_word_is_accounted_for_by_an_anti_join_through_it(hangar: Database) -> None:
    _, rows = await answer(hangar, "Which technicians have never been the lead on a work order?")
    assert rows == [["Cy", "Ito"]]


async def test_the_keys_own_word_is_accounted_for_by_a_join_through_it(hangar: Database) -> None:
    _, rows = await answer(hangar, "How many work orders has Ann Lee been the lead technician on?")
    assert rows == [[2]]


async def test_a_word_no_key_says_is_still_unaccounted(hangar: Database) -> None:
    proposal = await propose(hangar, "Which technicians have never been the inspector on a work order?")
    assert proposal.decision == "decline"
