"""`propose_queries` through a real MCP client (in memory) over the demo database: verdicts, suggestions, scope."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastmcp import Client

from mcp_servers.credentials import enforce_call_credentials
from mcp_servers.sql import create_server
from tests.support.call_tokens import call_meta, verifier
from tests.support.results import structured, text_of
from tools.embeddings import Embedder
from tools.settings import SqlSettings


@pytest.fixture
async def client(demo_database: Path, embedder: Embedder) -> AsyncIterator[Client]:
    async with Client(create_server(SqlSettings(database=str(demo_database)), embedder)) as connected:
        yield connected


async def test_a_question_the_schema_answers_gets_one_select_that_runs(client: Client) -> None:
    result = await client.call_tool("propose_queries", {"question": "How many customers are from Brazil?"})
    proposal = structured(result)
    assert proposal["decision"] == "answer"
    chosen = proposal["candidates"][0]
    assert chosen["sql"] == 'SELECT COUNT(*) FROM "Customer" WHERE "Customer"."Country" = \'Brazil\''
    assert chosen["complete"] is True and chosen["uncovered"] == []
    rows = structured(await client.call_tool("run_query", {"sql": chosen["sql"]}))["rows"]
    assert rows == [[5]]


async def test_a_question_it_cannot_account_for_is_declined_with_a_suggestion_and_tables(client: Client) -> None:
    result = await client.call_tool("propose_queries", {"question": "How many customers churned last winter?"})
    proposal = structured(result)
    assert proposal["decision"] == "decline"
    assert "churned" in proposal["reason"] and "winter" in proposal["reason"]
    assert proposal["candidates"][0]["sql"].startswith("SELECT")
    assert proposal["candidates"][0]["complete"] is False
    assert proposal["tables"][0] == "Customer"


async def test_candidates_use_only_the_tables_the_caller_may_read(demo_database: Path, embedder: Embedder) -> None:
    keyed = create_server(SqlSettings(database=str(demo_database)), embedder)
    enforce_call_credentials(keyed, verifier("sql"), "sql")
    arguments = {"question": "How many customers are from Brazil?"}
    meta = call_meta("sql", "propose_queries", arguments, ["tool:sql:*", "table:Invoice", "table:InvoiceLine"])
    async with Client(keyed) as client:
        result = await client.call_tool("propose_queries", arguments, meta=meta)
    proposal = structured(result)
    assert proposal["decision"] == "decline"  # the customers are out of this caller's reach
    assert proposal["candidates"] and all('"Customer"' not in c["sql"] for c in proposal["candidates"])
    assert proposal["tables"] == ["Invoice"]


async def test_an_empty_question_is_a_tool_error_naming_the_parameter(client: Client) -> None:
    result = await client.call_tool("propose_queries", {"question": ""}, raise_on_error=False)
    assert result.is_error and "question" in text_of(result)


async def test_relearning_the_database_on_demand_gives_the_same_verdict(client: Client) -> None:
    arguments = {"question": "How many albums are there?", "relearn": True}
    proposal = structured(await client.call_tool("propose_queries", arguments))
    assert proposal["decision"] == "answer" and proposal["candidates"][0]["sql"] == 'SELECT COUNT(*) FROM "Album"'
