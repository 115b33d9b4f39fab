"""A ranking asked to show its measure is not answered by one that leaves the measure out (tools/sql/shown_measures.py);
without such words the winners alone answer, as before."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database

WARDS = """
CREATE TABLE ward (ward_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE admission (admission_id INTEGER PRIMARY KEY, ward_id INTEGER REFERENCES ward (ward_id));
INSERT INTO ward VALUES (1, 'North'), (2, 'South'), (3, 'East');
INSERT INTO admission VALUES (1, 1), (2, 1), (3, 1), (4, 2), (5, 2), (6, 3);
"""


async def test_the_winners_alone_answer_a_ranking_that_asks_for_no_measure(tmp_path: Path) -> None:
    database = seeded_database(tmp_path / "wards.sqlite", WARDS)
    _, rows = await answer(database, "Top 2 wards by number of admissions")
    assert rows == [["North"], ["South"]]


@pytest.mark.parametrize(
    "question",
    [
        "Top 2 wards by number of admissions, with the count.",
        "Top 2 wards by number of admissions: show the ward name and the admission count.",
        "Top 2 wards by number of admissions, and the number of admissions",
    ],
)
async def test_a_ranking_asked_to_show_its_measure_is_not_answered_without_it(tmp_path: Path, question: str) -> None:
    database = seeded_database(tmp_path / "wards.sqlite", WARDS)
    proposal = await propose(database, question)
    if proposal.decision == "answer":
        rows = (await database.run(proposal.candidates[0].sql)).rows
        assert rows == [["North", 3], ["South", 2]]
