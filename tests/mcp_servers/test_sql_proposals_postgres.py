"""`propose_queries` over a real PostgreSQL: the database is learnt through the same tools, SQL is rendered in
PostgreSQL's dialect and runs there."""

import pytest
from fastmcp import Client

from mcp_servers.sql import create_server
from tests.support.postgres import PostgresServer
from tools.embeddings import Embedder
from tools.settings import SqlSettings

pytestmark = pytest.mark.postgres


async def test_a_schema_answer_is_rendered_for_postgresql_and_runs_there(
    postgres: PostgresServer, embedder: Embedder
) -> None:
    async with Client(create_server(SqlSettings(database=postgres.reader_url), embedder)) as client:
        result = await client.call_tool("propose_queries", {"question": "Which genres have more than 100 tracks?"})
        proposal = result.structured_content
        assert proposal["decision"] == "answer", proposal["reason"]
        rows = (await client.call_tool("run_query", {"sql": proposal["candidates"][0]["sql"]})).structured_content
    assert sorted(rows["rows"]) == [["Alternative & Punk"], ["Jazz"], ["Latin"], ["Metal"], ["Rock"]]
