"""A "by" after a passive verb names who did it ("handled by teams in Bavaria"), not a grouping; and a stored verb
form ("rescued") is not named by its noun ("rescue teams") (issue 15). Both had been answered wrongly."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

RESCUE = """
CREATE TABLE team (team_id INTEGER PRIMARY KEY, team_name TEXT, region TEXT);
CREATE TABLE incident (
    incident_id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES team (team_id), place TEXT, outcome TEXT
);
INSERT INTO team VALUES (1, 'Alp One', 'Valais'), (2, 'Alp Two', 'Valais'), (3, 'Berg Three', 'Bavaria'),
    (4, 'Berg Four', 'Bavaria');
INSERT INTO incident VALUES (1, 1, 'Glacier', 'rescued'), (2, 3, 'Ridge', 'rescued'), (3, 3, 'Col', 'found'),
    (4, 4, 'Face', 'rescued'), (5, 2, 'Hut', 'found');
"""


@pytest.fixture
def rescue(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "rescue.sqlite", RESCUE)


async def test_by_after_a_passive_verb_names_the_doer_and_groups_nothing(rescue: Database) -> None:
    _, rows = await answer(rescue, "How many incidents were handled by teams in Bavaria?")
    assert rows == [[3]]
    _, rows = await answer(rescue, "How many incidents were handled by the teams in Bavaria?")
    assert rows == [[3]]


async def test_by_before_a_bare_singular_still_groups(rescue: Database) -> None:
    _, rows = await answer(rescue, "Number of incidents by team")
    assert sorted(rows) == [["Alp One", 1], ["Alp Two", 1], ["Berg Four", 1], ["Berg Three", 2]]


async def test_a_stored_verb_form_is_not_named_by_its_noun(rescue: Database) -> None:
    # read by stem, "rescue" would be the outcome "rescued" and list incidents' places
    proposal = await propose(rescue, "Which rescue teams are in Valais?")
    assert proposal.decision == "decline" or "outcome" not in proposal.candidates[0].sql
