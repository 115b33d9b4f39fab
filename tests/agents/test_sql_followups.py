"""Reading a follow-up ("And in 2011?", "What about Canada?", "and the top 10?") and changing the one value."""

import pytest

from agents.questions import Change, follow_up_change
from agents.sql.followup import changed_parameters, changed_sql


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("And in 2011?", Change("year", 2011)),
        ("and for 2024", Change("year", 2024)),
        ("What about Canada?", Change("value", "Canada")),
        ("And what about the ones from the last two years?", None),  # a new question, not one value
        ("and the top 10?", Change("limit", 10)),
        ("How many invoices were issued in 2011?", None),
        ("And which of them live in Paris?", None),
    ],
)
def test_only_a_short_follow_up_naming_one_value_is_read_as_a_change(question: str, change: Change | None) -> None:
    assert follow_up_change(question) == change


def test_a_year_range_moves_as_a_whole() -> None:
    sql = 'SELECT COUNT(*) FROM "Invoice" WHERE "InvoiceDate" >= \'2010-01-01\' AND "InvoiceDate" < \'2011-01-01\''
    changed = changed_sql(sql, Change("year", 2013))
    assert changed == (
        'SELECT COUNT(*) FROM "Invoice" WHERE "InvoiceDate" >= \'2013-01-01\' AND "InvoiceDate" < \'2014-01-01\'',
        None,
    )


def test_a_new_text_value_replaces_the_one_compared_and_names_its_column() -> None:
    changed = changed_sql(
        'SELECT COUNT(*) FROM "Customer" WHERE "Customer"."Country" = \'Brazil\'', Change("value", "Canada")
    )
    assert changed is not None
    sql, column = changed
    assert sql == 'SELECT COUNT(*) FROM "Customer" WHERE "Customer"."Country" = \'Canada\''
    assert column is not None and (column.table, column.name) == ("Customer", "Country")


def test_a_query_with_two_text_values_is_not_guessed_at() -> None:
    sql = 'SELECT COUNT(*) FROM "Employee" WHERE "FirstName" = \'Jane\' AND "LastName" = \'Peacock\''
    assert changed_sql(sql, Change("value", "Smith")) is None


def test_top_n_changes_the_limit_and_a_query_without_one_is_left_alone() -> None:
    assert changed_sql('SELECT "Name" FROM "Track" ORDER BY "Milliseconds" DESC LIMIT 5', Change("limit", 10)) == (
        'SELECT "Name" FROM "Track" ORDER BY "Milliseconds" DESC LIMIT 10',
        None,
    )
    assert changed_sql('SELECT "Name" FROM "Track"', Change("limit", 10)) is None


def test_a_curated_querys_one_matching_parameter_is_replaced() -> None:
    assert changed_parameters({"year": 2010}, Change("year", 2011)) == {"year": 2011}
    assert changed_parameters({"country": "Brazil", "limit": 5}, Change("value", "Canada")) == {
        "country": "Canada",
        "limit": 5,
    }
    assert changed_parameters({"limit": 5}, Change("value", "Canada")) is None
