"""Two values of one column of the rows that refer to the subject: "both A and B", "A as well as B", "A and also
B" are a subquery per value, "A but not B" one held and the other excluded, and "either A or B" one IN counted
once per subject. Two columns of one row, and the subject's own column, read as before or are declined."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SCHOOL = """
CREATE TABLE student (student_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE course (course_id INTEGER PRIMARY KEY, subject TEXT, level TEXT);
CREATE TABLE enrollment (
    enrollment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES student (student_id),
    course_id INTEGER REFERENCES course (course_id)
);
CREATE TABLE shop (shop_id INTEGER PRIMARY KEY, name TEXT, town TEXT);
CREATE TABLE product (product_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE stock (shop_id INTEGER REFERENCES shop (shop_id), product_id INTEGER REFERENCES product (product_id));
CREATE TABLE client (client_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE bill (bill_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES client (client_id), billing_city TEXT);
INSERT INTO student VALUES (1, 'Ann', 'Oslo'), (2, 'Bob', 'Rome'), (3, 'Cat', 'Oslo'), (4, 'Dan', 'Lima');
INSERT INTO course VALUES (1, 'Algebra', 'Basic'), (2, 'Biology', 'Basic'), (3, 'Chemistry', 'Advanced');
-- Dan takes Algebra twice; one Biology enrollment has no student (a NULL that NOT IN must not see)
INSERT INTO enrollment VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 2), (5, 3, 3), (6, 4, 1), (7, 4, 1),
    (8, NULL, 2);
INSERT INTO shop VALUES (1, 'Leaf', 'Oslo'), (2, 'Bean', 'Rome'), (3, 'Cup', 'Lima');
INSERT INTO product VALUES (1, 'tea'), (2, 'coffee'), (3, 'cocoa');
INSERT INTO stock VALUES (1, 1), (1, 2), (2, 2), (3, 1), (3, 3);
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE visit (visit_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES member (member_id), city TEXT);
INSERT INTO member VALUES (1, 'Hal', 'Bonn'), (2, 'Ivy', 'Graz');
INSERT INTO visit VALUES (1, 1, 'Nice'), (2, 1, 'Turin'), (3, 2, 'Nice');
INSERT INTO client VALUES (1, 'Eve'), (2, 'Fay'), (3, 'Gus');
INSERT INTO bill VALUES (1, 1, 'Paris'), (2, 1, 'Porto'), (3, 2, 'Paris'), (4, 3, 'Porto');
"""


@pytest.fixture
def school(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "school.sqlite", SCHOOL)


@pytest.mark.parametrize(
    "question",
    [
        "Which students are enrolled in both Algebra and Biology?",
        "Which students are enrolled both in Algebra and in Biology?",
        "Which students are enrolled in Algebra as well as Biology?",
        "Which students are enrolled in Algebra and also Biology?",
    ],
)
async def test_both_values_of_the_referring_rows_are_a_subquery_each(school: Database, question: str) -> None:
    sql, rows = await answer(school, question)
    assert rows == [["Ann"]]
    assert sql.count("IN (SELECT") == 2 and "JOIN" not in sql.split("WHERE")[0], sql


async def test_both_values_are_counted_once_per_subject_and_keep_the_subjects_own_conditions(school: Database) -> None:
    _, rows = await answer(school, "How many students are enrolled in both Algebra and Biology?")
    assert rows == [[1]]
    _, rows = await answer(school, "Which students in Oslo are enrolled in both Algebra and Biology?")
    assert rows == [["Ann"]]
    _, rows = await answer(school, "Which students are enrolled in Algebra as well as Chemistry and live in Oslo?")
    assert rows == []


@pytest.mark.parametrize(
    "question",
    [
        "Which students are enrolled in Algebra but not Biology?",
        "Which students are enrolled in Algebra and not in Biology?",
    ],
)
async def test_but_not_keeps_the_rows_with_the_first_value_and_none_with_the_second(
    school: Database, question: str
) -> None:
    sql, rows = await answer(school, question)
    assert rows == [["Bob"], ["Dan"]]  # Dan once, though he takes Algebra twice; the student-less row is no one
    assert "NOT" in sql, sql


async def test_but_not_is_counted_once_per_subject(school: Database) -> None:
    _, rows = await answer(school, "How many students are enrolled in Algebra but not Biology?")
    assert rows == [[2]]


async def test_values_of_a_table_paired_through_a_link_table(school: Database) -> None:
    _, rows = await answer(school, "List the shops that have tea as well as coffee")
    assert rows == [["Leaf"]]
    _, rows = await answer(school, "Which shops have tea but not coffee?")
    assert rows == [["Cup"]]


async def test_values_of_the_referring_rows_own_column(school: Database) -> None:
    _, rows = await answer(school, "Which clients were billed in both Paris and Porto?")
    assert rows == [["Eve"]]
    _, rows = await answer(school, "Which clients have bills in Paris but not Porto?")
    assert rows == [["Fay"]]


async def test_a_column_the_subject_has_too_is_the_subjects_own_unless_the_referring_rows_are_named(
    school: Database,
) -> None:
    proposal = await propose(school, "Which members are in both Nice and Turin?")  # a member has one city
    assert proposal.decision == "decline", proposal.candidates[0].sql
    _, rows = await answer(school, "Which members have visits in both Nice and Turin?")
    assert rows == [["Hal"]]


async def test_the_subqueries_render_for_postgresql(school: Database) -> None:
    proposal = await propose(school, "Which clients have bills in Paris but not Porto?")
    assert proposal.candidates[0].candidate.sql("postgres") == (
        'SELECT "client"."name" FROM "client" WHERE "client"."client_id" IN (SELECT "bill"."client_id" FROM "bill" '
        'WHERE "bill"."billing_city" = \'Paris\') AND NOT "client"."client_id" IN (SELECT "bill"."client_id" FROM '
        '"bill" WHERE "bill"."billing_city" = \'Porto\' AND NOT "bill"."client_id" IS NULL)'
    )


async def test_either_or_is_one_in_counted_once_per_subject(school: Database) -> None:
    sql, rows = await answer(school, "How many students are enrolled in either Algebra or Biology?")
    assert rows == [[4]] and "COUNT(DISTINCT" in sql, sql
    sql, rows = await answer(school, "Which students are enrolled in either Algebra or Biology?")
    assert rows == [["Ann"], ["Bob"], ["Cat"], ["Dan"]]
    sql, rows = await answer(school, "Which students live in either Oslo or Rome?")  # the subject's own column
    assert rows == [["Ann"], ["Bob"], ["Cat"]] and "IN ('Oslo', 'Rome')" in sql, sql


async def test_two_columns_of_one_row_read_as_one_row(school: Database) -> None:
    sql, rows = await answer(school, "Which students are enrolled in both Algebra and Basic?")
    assert rows == [["Ann"], ["Bob"], ["Dan"]]
    assert "IN (SELECT" not in sql and '"course"."level" = \'Basic\'' in sql, sql


@pytest.mark.parametrize(
    "question",
    [
        "Which students live in both Oslo and Rome?",  # the subject's own column holds one value
        "Which students live in Oslo but not Rome?",
        "Which enrollments are in both Algebra and Biology?",  # one enrollment refers to one course
        "How many enrollments are in both Algebra and Biology?",
        "Which students are enrolled in Algebra and Biology?",  # both, or each course's students? Not said
        "Which students are enrolled in both Algebra and Zoology?",  # no course is Zoology
        "Which students are not enrolled in both Algebra and Biology?",
        "Which students are enrolled in Algebra, Biology and Chemistry?",
        "Which students are enrolled in both Algebra and Biology or Chemistry?",
    ],
)
async def test_pairs_no_referring_rows_explain_are_declined(school: Database, question: str) -> None:
    proposal = await propose(school, question)
    assert proposal.decision == "decline", proposal.candidates[0].sql
