"""A deployment's allow-list of tables, enforced on the parsed statement before anything runs."""

from pathlib import Path

import pytest
from sqlglot.errors import OptimizeError

from tests.support.sql_attacks import SQLITE_SHADOWING
from tools.errors import NotFound, QueryRejected
from tools.settings import SqlSettings
from tools.sql import allowlist
from tools.sql.allowlist import TableAllowList
from tools.sql.database import open_database
from tools.sql.guard import ensure_read_only

SALES = TableAllowList(["Invoice", "InvoiceLine"], default_schema="main")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM Customer",
        "SELECT i.Total FROM Invoice i JOIN Customer c ON c.CustomerId = i.CustomerId",
        "SELECT * FROM Invoice WHERE CustomerId IN (SELECT CustomerId FROM customer)",
        "WITH c AS (SELECT * FROM Customer) SELECT * FROM c",
        "SELECT name FROM sqlite_master",
        "SELECT * FROM other.Invoice",
    ],
)
def test_a_query_naming_a_table_outside_the_list_is_refused_with_the_list(sql: str) -> None:
    with pytest.raises(QueryRejected, match=r"is not readable in this deployment; readable: Invoice, InvoiceLine"):
        ensure_read_only(sql, "sqlite", SALES)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT COUNT(*) FROM invoice",
        "SELECT * FROM main.Invoice JOIN InvoiceLine USING (InvoiceId)",
        "WITH Customer AS (SELECT CustomerId FROM Invoice) SELECT * FROM Customer",
    ],
)
def test_queries_over_listed_tables_and_their_own_ctes_pass(sql: str) -> None:
    assert ensure_read_only(sql, "sqlite", SALES) is not None


async def test_a_cte_named_like_a_table_hides_it_from_neither_list_outside_the_ctes_scope(demo_database: Path) -> None:
    open_to_all = open_database(SqlSettings(database=str(demo_database)))
    deployment = open_database(SqlSettings(database=str(demo_database), allowed_tables=["Invoice", "InvoiceLine"]))
    api_key = open_to_all.for_caller(["Invoice", "InvoiceLine"])
    for sql in SQLITE_SHADOWING:
        rows = (await open_to_all.run(sql)).rows
        assert any("@" in str(value) for row in rows for value in row), f"not a real read of Customer: {sql}"
        with pytest.raises(QueryRejected, match=r"(?i)the table customer is not readable in this deployment"):
            await deployment.run(sql)
        with pytest.raises(QueryRejected, match=r"(?i)the table customer is not readable with this API key"):
            await api_key.run(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "WITH Customer AS (SELECT CustomerId FROM Invoice) SELECT COUNT(*) FROM Customer",
        "SELECT COUNT(*) FROM (WITH Customer AS (SELECT Total FROM Invoice) SELECT * FROM Customer)",
        "WITH Customer AS (SELECT CustomerId FROM Invoice) "
        "SELECT COUNT(*) FROM Invoice WHERE CustomerId IN (SELECT CustomerId FROM Customer)",
        "WITH Customer AS (SELECT InvoiceId FROM Invoice) "
        "SELECT COUNT(*) FROM (SELECT InvoiceId FROM Customer UNION SELECT InvoiceId FROM Invoice)",
        "WITH Customer AS (SELECT InvoiceId FROM Invoice) "
        "SELECT COUNT(*) FROM (SELECT InvoiceId FROM Customer INTERSECT SELECT InvoiceId FROM Invoice)",
        "WITH a AS (SELECT InvoiceId FROM Invoice), b AS (SELECT * FROM a) "
        "SELECT COUNT(*) FROM b JOIN a USING (InvoiceId)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 412) "
        "SELECT COUNT(*) FROM n JOIN Invoice ON InvoiceId = i",
        'WITH customer AS (SELECT CustomerId FROM Invoice) SELECT COUNT(*) FROM "CUSTOMER"',
    ],
)
async def test_ctes_read_where_they_are_visible_still_run_under_the_list(demo_database: Path, sql: str) -> None:
    database = open_database(SqlSettings(database=str(demo_database), allowed_tables=["Invoice"]))
    assert (await database.run(sql)).rows == [[412]]


def test_a_statement_whose_scopes_cannot_be_built_is_refused_not_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    # No known statement breaks sqlglot's scope builder, so the failure is injected at that seam.
    def broken(_: object) -> None:
        raise OptimizeError("Cannot build a scope for set operation operand")

    monkeypatch.setattr(allowlist, "traverse_scope", broken)
    with pytest.raises(QueryRejected, match=r"could not work out which tables the query reads \(Cannot build a s"):
        ensure_read_only("WITH Customer AS (SELECT 1) SELECT * FROM Customer", "sqlite", SALES)
    assert ensure_read_only("SELECT 1", "sqlite") is not None  # no list, nothing to resolve


def test_schema_entries_cover_their_schema_and_bare_names_resolve_to_the_default_schema() -> None:
    public = TableAllowList(["public.*", "reports.daily"], default_schema="public")
    assert public.allows("invoice") and public.allows("invoice", "public") and public.allows("daily", "reports")
    assert not public.allows("weekly", "reports") and not public.allows("daily", "other")
    assert not TableAllowList(["reports.daily"], default_schema="public").allows("daily")
    assert TableAllowList([], default_schema="public").allows("anything", "anywhere")


async def test_the_setting_narrows_what_the_database_lists_describes_and_runs(demo_database: Path) -> None:
    database = open_database(SqlSettings(database=str(demo_database), allowed_tables=["Invoice", "InvoiceLine"]))
    assert await database.list_tables() == ["Invoice", "InvoiceLine"]
    with pytest.raises(NotFound, match=r"no table named 'Customer'; tables: Invoice, InvoiceLine$"):
        await database.describe_table("Customer")
    with pytest.raises(QueryRejected, match="Customer is not readable"):
        await database.run("SELECT * FROM Customer")
    assert (await database.run("SELECT COUNT(*) FROM Invoice")).rows == [[412]]


async def test_a_callers_list_narrows_the_deployments_and_never_widens_it(demo_database: Path) -> None:
    deployment = open_database(SqlSettings(database=str(demo_database), allowed_tables=["Invoice", "InvoiceLine"]))
    caller = deployment.for_caller(["Invoice", "Customer"])
    assert await caller.list_tables() == ["Invoice"]
    with pytest.raises(QueryRejected, match="Customer is not readable in this deployment"):
        await caller.run("SELECT * FROM Customer")
    with pytest.raises(QueryRejected, match="InvoiceLine is not readable with this API key; readable: Invoice, Cus"):
        await caller.run("SELECT * FROM InvoiceLine")
    assert (await caller.run("SELECT COUNT(*) FROM Invoice")).rows == [[412]]

    nothing = deployment.for_caller([])
    assert await nothing.list_tables() == []
    with pytest.raises(QueryRejected, match="readable: none"):
        await nothing.run("SELECT COUNT(*) FROM Invoice")
    assert deployment.for_caller(None) is deployment


def test_the_allow_list_is_read_from_the_environment_as_a_json_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_SQL_ALLOWED_TABLES", '["Invoice", "public.*"]')
    assert SqlSettings().allowed_tables == ["Invoice", "public.*"]
