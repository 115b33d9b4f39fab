"""People named in full as values: "supervised by Maria Lopez" is one row's first and last name, read as a filter
on that row along the key the question's verb implies; half a name, a name two rows hold, or a person the wording
cannot reach is declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import UnrelatedTextsEmbedder, answer, propose, seeded_database
from tools.sql import person_index
from tools.sql.database import Database
from tools.sql.proposals import QueryProposer

# Every part of every name is shared with another row (another Maria, another Lopez, another Grant), so reading
# the parts apart, or on two rows, gives other rows than the person's.
WARD = """
CREATE TABLE nurse (
    nurse_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, shift TEXT,
    supervisor_id INTEGER REFERENCES nurse (nurse_id)
);
CREATE TABLE doctor (doctor_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, specialty TEXT);
CREATE TABLE patient (patient_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT);
CREATE TABLE visit (
    visit_id INTEGER PRIMARY KEY, doctor_id INTEGER REFERENCES doctor (doctor_id),
    patient_id INTEGER REFERENCES patient (patient_id), visited DATE
);
CREATE TABLE clerk (clerk_id INTEGER PRIMARY KEY, given_name TEXT, family_name TEXT);
CREATE TABLE supply_order (
    supply_order_id INTEGER PRIMARY KEY, clerk_id INTEGER REFERENCES clerk (clerk_id), item TEXT
);
INSERT INTO nurse VALUES (1, 'Maria', 'Lopez', 'Day', NULL), (2, 'Tom', 'Hale', 'Day', 1),
    (3, 'Una', 'Reyes', 'Night', 1), (4, 'Vic', 'Lopez', 'Night', 2), (5, 'Maria', 'Chen', 'Day', 2);
INSERT INTO doctor VALUES (1, 'Alan', 'Grant', 'Surgery'), (2, 'Ellie', 'Sattler', 'Cardiology'),
    (3, 'Ian', 'Grant', 'Surgery'), (4, 'Alan', 'Moss', 'Cardiology');
INSERT INTO patient VALUES (1, 'Peter', 'Novak', 'pn@example.org'), (2, 'Ann', 'Lee', 'al@example.org'),
    (3, 'Peter', 'Lee', 'pl@example.org'), (4, 'Ann', 'Lee', 'al2@example.org'), (5, 'Rosa', 'Novak', 'rn@example.org');
INSERT INTO visit VALUES (1, 1, 1, '2024-01-01'), (2, 1, 2, '2024-02-01'), (3, 2, 1, '2023-01-01'),
    (4, 3, 3, '2024-02-02'), (5, 1, 3, '2024-03-03'), (6, 4, 5, '2024-03-04');
INSERT INTO clerk VALUES (1, 'Jo', 'Park'), (2, 'Jo', 'Marsh'), (3, 'Kay', 'Park');
INSERT INTO supply_order VALUES (1, 1, 'gloves'), (2, 1, 'masks'), (3, 2, 'gowns'), (4, 3, 'swabs');
"""


@pytest.fixture
def ward(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "ward.sqlite", WARD)


async def test_a_full_name_after_a_verb_of_a_self_key_is_the_row_referred_to(ward: Database) -> None:
    sql, rows = await answer(ward, "Which nurses are supervised by Maria Lopez?")
    assert '"supervisor_id" IN (SELECT' in sql
    assert sorted(rows) == [["Tom", "Hale"], ["Una", "Reyes"]]


async def test_a_full_name_before_an_active_verb_of_a_self_key_is_the_row_referred_to(ward: Database) -> None:
    _, rows = await answer(ward, "Which nurses does Maria Lopez supervise?")
    assert sorted(rows) == [["Tom", "Hale"], ["Una", "Reyes"]]


async def test_a_titled_full_name_is_read_across_the_rows_that_relate_the_two(ward: Database) -> None:
    sql, rows = await answer(ward, "How many patients did Dr. Alan Grant see?")
    assert '"doctor"."first_name" = \'Alan\' AND "doctor"."last_name" = \'Grant\'' in sql
    assert rows == [[3]]


async def test_a_full_name_after_a_participle_and_by_is_read_across_the_rows_between(ward: Database) -> None:
    _, rows = await answer(ward, "List the patients seen by Alan Grant")
    assert sorted(rows) == [["Ann", "Lee"], ["Peter", "Lee"], ["Peter", "Novak"]]


async def test_a_full_name_in_given_and_family_columns_filters_the_rows_that_refer_to_it(ward: Database) -> None:
    _, rows = await answer(ward, "How many supply orders were handled by Jo Park?")
    assert rows == [[2]]


@pytest.mark.parametrize("question", ["What is the email of Peter Novak?", "What is the email of Novak Peter?"])
async def test_a_full_name_in_either_order_is_the_one_row_holding_both_parts(ward: Database, question: str) -> None:
    _, rows = await answer(ward, question)
    assert rows == [["pn@example.org"]]


@pytest.mark.parametrize(
    "question",
    [
        "What is the email of Peter Grant?",  # a patient's first name and a doctor's last name: no one's name
        "What is the email of Rosa Lee?",  # both parts are patients' names, never one patient's
        "What is the email of Ann Lee?",  # two patients are called Ann Lee: which one is not said
        "What is the email of Alan Grant?",  # a doctor: "of" does not reach the patients he saw
        "Which nurses are supervised by Maria Reyes?",  # no nurse of that name, though both parts are stored
    ],
)
async def test_a_full_name_no_one_row_answers_for_is_declined(ward: Database, question: str) -> None:
    proposal = await propose(ward, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql if proposal.candidates else ""


async def test_full_names_are_not_indexed_for_a_table_with_more_than_the_bound(
    ward: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(person_index, "MAX_PEOPLE_PER_TABLE", 3)  # clerks have 3 names, every other table more
    profile = await QueryProposer(ward, UnrelatedTextsEmbedder()).profile()
    assert {key[0] for key in profile.people} == {"clerk"}
    # a name the index cannot confirm is one row's is not read in halves either
    assert (await propose(ward, "What is the email of Peter Novak?")).decision == "decline"
    assert (await answer(ward, "How many supply orders were handled by Jo Park?"))[1] == [[2]]


async def test_who_across_a_self_key_shows_each_person_by_whole_name(ward: Database) -> None:
    _, rows = await answer(ward, "Who supervises Tom Hale?")
    assert rows == [["Maria Lopez"]]
