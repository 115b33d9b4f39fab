"""How long something took, as the days between two dates of one row (tools/sql/date_spans.py): "on average, how
many days did it take to close tickets" is the average of closed minus opened over the rows counted, with rows
missing either date left out. The dates are the ones the question names (a start the table's one starting date
when only the end is named), ordered by "from X to Y" or by what the names say. Never read: no unit said, two
starts to choose from, dates in two tables, no aggregate."""

from pathlib import Path

from tests.support.sql_proposals import answer, propose, seeded_database
from tools.sql.database import Database

HELPDESK = """
CREATE TABLE ticket (
    ticket_id INTEGER PRIMARY KEY, priority TEXT, opened_date DATE, closed_date DATE, weight REAL
);
INSERT INTO ticket VALUES
    (1, 'Urgent', '2024-01-01', '2024-01-05', 1), (2, 'Urgent', '2024-01-02', NULL, 1),
    (3, 'Low', '2024-01-01', '2024-01-15', 1), (4, 'Urgent', '2024-02-01', '2024-02-03', 1);
"""

WORKS = """
CREATE TABLE region (region_id INTEGER PRIMARY KEY, region_name TEXT);
CREATE TABLE job (
    job_id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES region(region_id),
    quote_date DATE, fitting_date DATE
);
INSERT INTO region VALUES (1, 'Hills'), (2, 'Coast');
INSERT INTO job VALUES (1, 1, '2024-01-01', '2024-01-11'), (2, 1, '2024-01-01', '2024-01-21'),
    (3, 2, '2024-02-01', '2024-02-03');
"""

TWO_STARTS = """
CREATE TABLE ticket (
    ticket_id INTEGER PRIMARY KEY, priority TEXT, opened_date DATE, created_date DATE, closed_date DATE
);
INSERT INTO ticket VALUES (1, 'Urgent', '2024-01-01', '2023-12-01', '2024-01-05');
"""

TWO_TABLES = """
CREATE TABLE ticket (ticket_id INTEGER PRIMARY KEY, priority TEXT, opened_date DATE);
CREATE TABLE closure (
    closure_id INTEGER PRIMARY KEY, ticket_id INTEGER REFERENCES ticket(ticket_id), closed_date DATE
);
INSERT INTO ticket VALUES (1, 'Urgent', '2024-01-01');
INSERT INTO closure VALUES (1, 1, '2024-01-05');
"""


def _db(tmp_path: Path, script: str) -> Database:
    return seeded_database(tmp_path / "spans.sqlite", script)


async def test_average_days_to_close_is_closed_minus_opened_over_closed_rows(tmp_path: Path) -> None:
    sql, rows = await answer(_db(tmp_path, HELPDESK), "On average, how many days did it take to close Urgent tickets?")
    assert "JULIANDAY" in sql and "AVG" in sql and "IS NULL" in sql
    assert rows == [[3.0]]


async def test_the_longest_number_of_days_between_two_named_events(tmp_path: Path) -> None:
    _, rows = await answer(
        _db(tmp_path, HELPDESK), "What is the longest number of days between opening and closing a ticket?"
    )
    assert rows == [[14]]


async def test_weeks_are_days_divided_by_seven(tmp_path: Path) -> None:
    _, rows = await answer(_db(tmp_path, HELPDESK), "On average, how many weeks did it take to close tickets?")
    assert round(float(str(rows[0][0])), 4) == round((4 + 14 + 2) / 3 / 7, 4)  # rows missing a date left out


async def test_from_x_to_y_orders_dates_no_name_orders_and_groups_by_a_parent(tmp_path: Path) -> None:
    _, rows = await answer(
        _db(tmp_path, WORKS),
        "On average, how many days does it take from getting the quote to fitting, in each region?",
    )
    assert sorted(rows) == [["Coast", 2.0], ["Hills", 15.0]]


async def test_the_span_renders_as_calendar_days_on_postgres(tmp_path: Path) -> None:
    proposal = await propose(_db(tmp_path, HELPDESK), "On average, how many days did it take to close tickets?")
    assert proposal.decision == "answer"
    sql = proposal.candidates[0].candidate.sql("postgres")
    assert 'CAST("ticket"."closed_date" AS DATE)' in sql and 'CAST("ticket"."opened_date" AS DATE)' in sql


async def test_no_unit_said_is_declined(tmp_path: Path) -> None:
    database = _db(tmp_path, HELPDESK)
    assert (await propose(database, "On average, how much did it take to close tickets?")).decision == "decline"
    assert (await answer(database, "On average, how many days did it take to close tickets?"))[1] == [[20 / 3]]


async def test_two_dates_that_could_start_the_span_are_declined(tmp_path: Path) -> None:
    database = _db(tmp_path, TWO_STARTS)
    assert (await propose(database, "On average, how many days did it take to close tickets?")).decision == "decline"
    _, rows = await answer(database, "On average, how many days were there between opening and closing tickets?")
    assert rows == [[4.0]]


async def test_dates_in_two_tables_are_declined(tmp_path: Path) -> None:
    question = "On average, how many days did it take to close Urgent tickets?"
    assert (await propose(_db(tmp_path, TWO_TABLES), question)).decision == "decline"
    assert (await answer(seeded_database(tmp_path / "one.sqlite", HELPDESK), question))[1] == [[3.0]]


async def test_a_pair_whose_order_nothing_tells_is_declined(tmp_path: Path) -> None:
    database = _db(tmp_path, WORKS)
    unordered = "On average, how many days are there between quote and fitting?"
    assert (await propose(database, unordered)).decision == "decline"
    _, rows = await answer(database, "On average, how many days are there from quote to fitting?")
    assert rows == [[32 / 3]]


async def test_days_without_an_aggregate_are_not_listed(tmp_path: Path) -> None:
    database = _db(tmp_path, HELPDESK)
    proposal = await propose(database, "How many days did it take to close Urgent tickets?")
    assert proposal.decision == "decline" or "JULIANDAY" not in proposal.candidates[0].sql
    assert (await answer(database, "On average, how many days did it take to close Urgent tickets?"))[1] == [[3.0]]
