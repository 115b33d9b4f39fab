"""A verb in any tense between the subject's noun and a value or noun of another table ("shops that sell tea",
"students who took Algebra") is accounted for by a reading that relates the two by a key or a table referring to
both; a verb that names a column or a value, a measure, a longer route and a list of values account for nothing."""

from pathlib import Path

import pytest

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

SCHOOL = """
CREATE TABLE student (student_id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE course (course_id INTEGER PRIMARY KEY, subject TEXT);
CREATE TABLE enrollment (
    enrollment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES student (student_id),
    course_id INTEGER REFERENCES course (course_id)
);
CREATE TABLE teacher (teacher_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE lesson (
    teacher_id INTEGER REFERENCES teacher (teacher_id),
    course_id INTEGER REFERENCES course (course_id)
);
CREATE TABLE shop (shop_id INTEGER PRIMARY KEY, name TEXT, town TEXT);
CREATE TABLE product (product_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE stock (
    shop_id INTEGER REFERENCES shop (shop_id),
    product_id INTEGER REFERENCES product (product_id)
);
CREATE TABLE member (member_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE boat (boat_id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES member (member_id), name TEXT);
INSERT INTO student VALUES (1, 'Ann', 'Oslo'), (2, 'Bob', 'Rome'), (3, 'Cat', 'Oslo'), (4, 'Dan', 'Lima'),
    (5, 'Eva', 'Lima');
INSERT INTO course VALUES (1, 'Algebra'), (2, 'Biology'), (3, 'Chemistry');
-- Dan takes Algebra twice; Eva takes nothing
INSERT INTO enrollment VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 2), (5, 4, 1), (6, 4, 1);
INSERT INTO teacher VALUES (1, 'Tom'), (2, 'Una');
INSERT INTO lesson VALUES (1, 2), (2, 1), (2, 3);
INSERT INTO shop VALUES (1, 'Leaf', 'Oslo'), (2, 'Bean', 'Rome'), (3, 'Cup', 'Lima');
INSERT INTO product VALUES (1, 'tea'), (2, 'coffee'), (3, 'cocoa');
INSERT INTO stock VALUES (1, 1), (1, 2), (2, 2), (3, 1), (3, 3);
INSERT INTO member VALUES (1, 'Hal'), (2, 'Ivy');
INSERT INTO boat VALUES (1, 1, 'Wave'), (2, 2, 'Gull');
"""


@pytest.fixture
def school(tmp_path: Path) -> Database:
    return seeded_database(tmp_path / "school.sqlite", SCHOOL)


@pytest.mark.parametrize(
    "question",
    ["Which shops sell tea?", "Which shops sold tea?", "Which shops are selling tea?", "Shops that sell tea"],
)
async def test_a_verb_before_a_value_of_a_linked_table_is_the_link(school: Database, question: str) -> None:
    sql, rows = await answer(school, question)
    assert sorted(rows) == [["Cup"], ["Leaf"]]
    assert '"stock"' in sql, sql


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which students took Algebra?", [["Ann"], ["Bob"], ["Dan"]]),
        ("Which students take Algebra?", [["Ann"], ["Bob"], ["Dan"]]),
        ("Which students from Oslo have taken Algebra?", [["Ann"]]),
        ("Which teachers teach Biology?", [["Tom"]]),
        ("Which teachers taught Chemistry?", [["Una"]]),
        ("How many students took Algebra?", [[3]]),  # Dan once, though he takes it twice
    ],
)
async def test_irregular_and_present_forms_relate_through_the_referring_rows(
    school: Database, question: str, expected: list[list[object]]
) -> None:
    _, rows = await answer(school, question)
    assert sorted(rows) == expected


async def test_the_verb_relates_both_values_of_subqueries_over_the_link(school: Database) -> None:
    sql, rows = await answer(school, "Which shops sell both tea and coffee?")
    assert rows == [["Leaf"]]
    assert sql.count("IN (SELECT") == 2, sql


async def test_a_reading_that_does_not_join_the_related_table_leaves_the_verb_unread(tmp_path: Path) -> None:
    database = seeded_database(
        tmp_path / "specialty.sqlite",
        """
        CREATE TABLE shop (shop_id INTEGER PRIMARY KEY, name TEXT, specialty TEXT);
        CREATE TABLE product (product_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE stock (
            shop_id INTEGER REFERENCES shop (shop_id),
            product_id INTEGER REFERENCES product (product_id)
        );
        INSERT INTO shop VALUES (1, 'Leaf', 'cake'), (2, 'Bean', 'tea');
        INSERT INTO product VALUES (1, 'tea');
        INSERT INTO stock VALUES (1, 1);
        """,
    )
    # the shop's own specialty is no relation to the products: only the stock says what a shop sells
    sql, rows = await answer(database, "Which shops sell tea?")
    assert rows == [["Leaf"]]
    assert '"stock"' in sql, sql


async def test_a_verb_before_a_value_of_a_table_that_refers_to_the_subject(school: Database) -> None:
    sql, rows = await answer(school, "Which members steer the Gull?")
    assert rows == [["Ivy"]]
    assert '"boat"' in sql, sql


async def test_the_same_words_with_a_measure_or_a_qualifier_between_are_declined(school: Database) -> None:
    for question in [
        "Which shop sells the most tea?",  # a quantity sold, not which shops relate to tea
        "Which shops only sell tea?",  # "only": nothing else
        "Which shops have any other tea?",  # "other" qualifies the noun: no verb
        "How many products did Leaf sell?",  # the verb after the value: a count or sum of what was sold
    ]:
        proposal = await propose(school, question)
        assert proposal.decision == "decline", (question, proposal.candidates[0].sql)


async def test_a_verb_that_names_a_column_or_a_stored_value_is_not_a_link(tmp_path: Path) -> None:
    database = seeded_database(
        tmp_path / "named.sqlite",
        """
        CREATE TABLE student (student_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE course (course_id INTEGER PRIMARY KEY, subject TEXT);
        CREATE TABLE enrollment (
            student_id INTEGER REFERENCES student (student_id), course_id INTEGER REFERENCES course (course_id),
            passed INTEGER, outcome TEXT
        );
        INSERT INTO student VALUES (1, 'Ann'), (2, 'Bob');
        INSERT INTO course VALUES (1, 'Algebra');
        INSERT INTO enrollment VALUES (1, 1, 1, 'failed'), (2, 1, 0, 'completed');
        """,
    )
    proposal = await propose(database, "Which students pass Algebra?")  # `passed` says which rows: no link
    assert proposal.decision == "decline", proposal.candidates[0].sql
    sql, rows = await answer(database, "Which students fail Algebra?")  # the outcome 'failed', not the link
    assert rows == [["Ann"]]
    assert "'failed'" in sql, sql


async def test_a_route_through_a_parent_of_a_parent_is_no_link(tmp_path: Path) -> None:
    database = seeded_database(
        tmp_path / "route.sqlite",
        """
        CREATE TABLE school (school_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE form (form_id INTEGER PRIMARY KEY, label TEXT, school_id INTEGER REFERENCES school (school_id));
        CREATE TABLE pupil (pupil_id INTEGER PRIMARY KEY, name TEXT, form_id INTEGER REFERENCES form (form_id));
        INSERT INTO school VALUES (1, 'Northside'), (2, 'Southside');
        INSERT INTO form VALUES (1, '5A', 1), (2, '5B', 2);
        INSERT INTO pupil VALUES (1, 'Ann', 1), (2, 'Bob', 2);
        """,
    )
    proposal = await propose(database, "Which pupils attend Northside?")
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_two_tables_relating_the_same_two_leave_the_verb_unread(tmp_path: Path) -> None:
    database = seeded_database(
        tmp_path / "two.sqlite",
        """
        CREATE TABLE shop (shop_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE product (product_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE stock (
            shop_id INTEGER REFERENCES shop (shop_id),
            product_id INTEGER REFERENCES product (product_id)
        );
        CREATE TABLE recall (
            shop_id INTEGER REFERENCES shop (shop_id),
            product_id INTEGER REFERENCES product (product_id)
        );
        INSERT INTO shop VALUES (1, 'Leaf'), (2, 'Bean');
        INSERT INTO product VALUES (1, 'tea');
        INSERT INTO stock VALUES (1, 1);
        INSERT INTO recall VALUES (2, 1);
        """,
    )
    proposal = await propose(database, "Which shops sell tea?")  # stocked or recalled: the verb would choose
    assert proposal.decision == "decline", proposal.candidates[0].sql


async def test_a_list_of_values_relates_nothing_so_enrolled_is_not_read(school: Database) -> None:
    # Eva of Lima has no enrollment: the city condition alone would list her as enrolled
    proposal = await propose(school, "Which students from Oslo or Lima are enrolled?")
    assert proposal.decision == "decline", proposal.candidates[0].sql
