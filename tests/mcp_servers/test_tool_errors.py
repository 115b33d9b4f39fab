"""How our servers' tool failures read on the wire: the kind as data in `_meta`, the text in plain words, and a
bug reported as an internal error whose details stay in the server's log."""

from collections.abc import Sequence
from pathlib import Path

import pytest
from fastmcp import Client

from mcp_servers.sql import create_server
from tests.support.results import meta, text_of
from tools.embeddings import Embedder, Vectors
from tools.settings import SqlSettings

KIND = "relayboard/error"


class BrokenEmbedder:
    """An embedder with a bug: every call raises, with internals in the message."""

    dimension, model_name = 384, "broken"

    def encode(self, texts: Sequence[str]) -> Vectors:
        raise RuntimeError("model file /srv/models/secret.bin is truncated")

    async def embed(self, texts: Sequence[str]) -> Vectors:
        return self.encode(texts)


@pytest.fixture
async def client(demo_database: Path, embedder: Embedder):
    async with Client(create_server(SqlSettings(database=str(demo_database)), embedder)) as connected:
        yield connected


async def test_a_bug_inside_a_tool_is_an_internal_error_without_its_internals(demo_database: Path) -> None:
    async with Client(create_server(SqlSettings(database=str(demo_database)), BrokenEmbedder())) as broken:
        result = await broken.call_tool("search_schema", {"query": "sales by country"}, raise_on_error=False)

    assert result.is_error and result.meta is not None
    assert meta(result)[KIND]["kind"] == "internal"
    assert text_of(result).startswith("`search_schema` failed with an internal error")
    assert "secret" not in text_of(result) and "RuntimeError" not in text_of(result)


async def test_a_refusal_carries_its_kind_as_data_and_its_message_unprefixed(client: Client) -> None:
    missing = await client.call_tool("describe_table", {"table": "Invoices"}, raise_on_error=False)
    rejected = await client.call_tool("run_query", {"sql": "DELETE FROM Invoice"}, raise_on_error=False)

    assert missing.is_error and meta(missing)[KIND] == {"kind": "not_found"}
    assert text_of(missing).startswith("no table")
    assert rejected.is_error and meta(rejected)[KIND] == {"kind": "query_rejected"}
    assert text_of(rejected).startswith("`DELETE` is not allowed")


async def test_arguments_a_tool_refuses_are_named_in_plain_words(client: Client) -> None:
    too_many = await client.call_tool("search_schema", {"query": "sales", "limit": 500}, raise_on_error=False)
    too_long = await client.call_tool("search_schema", {"query": "sales " * 200}, raise_on_error=False)
    missing = await client.call_tool("describe_table", {}, raise_on_error=False)

    assert too_many.is_error and meta(too_many)[KIND] == {"kind": "invalid_input"}
    assert text_of(too_many) == "invalid arguments for `search_schema`: `limit` must be at most 50 (got 500)"
    assert text_of(too_long) == (
        "invalid arguments for `search_schema`: `query` must be at most 1000 characters (got 1200)"
    )
    assert text_of(missing) == "invalid arguments for `describe_table`: `table` is required"
