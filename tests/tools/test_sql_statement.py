"""Finding the SQL statement a request carries: bare, after a colon, in backticks or a fence; never in prose."""

import pytest

from tools.sql.statement import find_statement


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("SELECT Name FROM Genre", "SELECT Name FROM Genre"),
        ("SELECT COUNT(*) FROM Customer;", "SELECT COUNT(*) FROM Customer"),
        ("Run this SQL: SELECT COUNT(*) FROM Customer", "SELECT COUNT(*) FROM Customer"),
        ("Run this: `SELECT 1 FROM Track`", "SELECT 1 FROM Track"),
        ("Please run\n```sql\nSELECT Name\nFROM Genre\n```\nthanks", "SELECT Name\nFROM Genre"),
        ("```\nDELETE FROM Invoice\n```", "DELETE FROM Invoice"),
        (
            "What does this return?\nwith t as (select 1 as n) select n from t",
            "with t as (select 1 as n) select n from t",
        ),
        ("DELETE FROM Invoice", "DELETE FROM Invoice"),
        ("delete from invoice", "delete from invoice"),
        ("drop table invoice", "drop table invoice"),
        ("UPDATE Invoice SET Total = 0 WHERE InvoiceId = 1", "UPDATE Invoice SET Total = 0 WHERE InvoiceId = 1"),
        ("Can you execute `DROP TABLE Invoice`?", "DROP TABLE Invoice"),
        ("PRAGMA writable_schema = 1", "PRAGMA writable_schema = 1"),
        ("ATTACH DATABASE '/tmp/x.db' AS x", "ATTACH DATABASE '/tmp/x.db' AS x"),
        ("SELECT 1; DROP TABLE Invoice", "SELECT 1; DROP TABLE Invoice"),
    ],
)
def test_a_statement_is_found_as_written(text: str, statement: str) -> None:
    assert find_statement(text) == statement


@pytest.mark.parametrize(
    "text",
    [
        "select the best answer from the list",
        "Select all customers from Canada",
        "Which customers selected the premium plan from the list?",
        "Drop the table of contents from the report",
        "Create a summary of revenue by month",
        "Describe the Invoice table",
        "Show me the sales for 2010",
        "Update: the deploy is done.",
        "Note: delete the old documents from the collection",
        "With the sales data in mind, what's the trend?",
        "Summarise this: SELECT statements read rows and never change them; writes need other statements entirely.",
        "How do I write a `SELECT` that joins two tables?",
        "```python\nprint('hello')\n```",
    ],
)
def test_prose_that_mentions_sql_words_carries_no_statement(text: str) -> None:
    assert find_statement(text) is None
