"""A figure asked "for each" group is one figure per group (issue 15): "for each campus, what is the total cost of
prescriptions for patients admitted to wards" had been answered with every prescription's cost listed beside its
ward's campus, a wrong answer."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.embeddings import configured_embedder
from tools.sql.database import Database

HOSPITAL = """
CREATE TABLE ward (ward_id INTEGER PRIMARY KEY, ward_name TEXT, campus TEXT);
CREATE TABLE patient (
    patient_id INTEGER PRIMARY KEY, full_name TEXT, admit_date TEXT, ward_id INTEGER REFERENCES ward (ward_id)
);
CREATE TABLE prescription (
    rx_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patient (patient_id), rx_status TEXT,
    dispensed_date TEXT, total_cost REAL
);
CREATE TABLE artist (artist_id INTEGER PRIMARY KEY, artist_name TEXT);
CREATE TABLE album (album_id INTEGER PRIMARY KEY, title TEXT, artist_id INTEGER REFERENCES artist (artist_id));
INSERT INTO ward VALUES (1, 'A1', 'Main'), (2, 'B1', 'North'), (3, 'A2', 'Main');
INSERT INTO patient VALUES
    (1, 'Ann Lee', '2024-01-01', 1), (2, 'Bo Chan', '2024-01-02', 2), (3, 'Cy Ito', '2024-01-05', 3);
INSERT INTO prescription VALUES
    (1, 1, 'Dispensed', '2024-01-02', 10), (2, 1, 'Dispensed', '2024-01-03', 5), (3, 2, 'Pending', NULL, 7),
    (4, 3, 'Dispensed', '2024-02-01', 10), (5, 2, 'Cancelled', NULL, 4);
INSERT INTO artist VALUES (1, 'Ada'), (2, 'Bix');
INSERT INTO album VALUES (1, 'First', 1), (2, 'Second', 1), (3, 'Third', 2);
"""


@pytest.fixture
def hospital(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "hospital.sqlite", HOSPITAL)


async def test_for_each_group_is_never_every_rows_figure_beside_its_group(
    hospital: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tools.sql.proposals.SHOWN", 30)  # every reading, not only the nearest five
    # with the shipped MiniLM, whose similarity had broken a tie between the readings in favour of the list
    proposal = await propose(
        hospital,
        "For each campus, what is the total cost of dispensed prescriptions for patients admitted to wards on that "
        "campus?",
        configured_embedder(),
    )
    # the wards listed with every prescription's cost beside them (the join repeats each ward)
    listed = [
        item
        for item in proposal.candidates
        if item.candidate.repeats_rows and not any(part in item.sql for part in ("GROUP BY", "SUM(", "COUNT("))
    ]
    assert listed and all("for each" in item.uncovered for item in listed)


async def test_each_before_the_subject_still_lists_its_rows_with_theirs(hospital: Database) -> None:
    _, rows = await answer(hospital, "List each artist name with the album titles")
    assert sorted(sorted(map(str, row)) for row in rows) == [["Ada", "First"], ["Ada", "Second"], ["Bix", "Third"]]
