"""The MCP edge's limits as an IDE's client meets them: input schemas that fit the body cap, refusals (401, 403,
413, 429) that the MCP SDK client shows as a message saying what to do, protected-resource metadata that asks
for a static key, and tools listed per the caller's grants."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.exceptions import MCPError

from gateway.limits import LimitSettings
from gateway.mcp_edge import EdgeSystem, create_edge_server, handed
from gateway.mcp_edge.descriptions import ServedLimits, described_facts
from gateway.settings import GatewaySettings
from gateway.text_cap import text_cap
from tests.support.fake_system import FakeSystem, fake_app
from tests.support.served import listening_socket, served

ALICE = "alice-key-0123456789abcdef"
BOB = "bob-key-0123456789abcdefgh"
KEYS: Any = {ALICE: {"name": "alice"}, BOB: {"name": "bob", "grants": ["agent:sql", "tool:sql:*", "table:*"]}}
SQL_TOOLS = {"ask", "run_sql", "list_tables", "describe_table", "search_schema"}


@asynccontextmanager
async def gateway(limits: LimitSettings | None = None) -> AsyncIterator[str]:
    """A keyed gateway around a fake agent system, on a real port."""
    listening, port = listening_socket()
    async with fake_app(FakeSystem(), limits, GatewaySettings(port=port, api_keys=KEYS)) as app:
        async with served(app, listening) as url:
            yield url


@asynccontextmanager
async def mcp_session(url: str, headers: dict[str, str]) -> AsyncIterator[ClientSession]:
    """The MCP SDK's client on `url`/mcp, initialized."""
    async with create_mcp_http_client(headers=headers) as http:
        async with streamable_http_client(f"{url}/mcp", http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                yield session


def shown(exc: BaseException) -> str:
    """The message the MCP client raised (out of the transport's task groups, which wrap a failed handshake)."""
    while isinstance(exc, BaseExceptionGroup):
        exc = exc.exceptions[0]
    assert isinstance(exc, MCPError), repr(exc)
    return str(exc)


def key(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


async def test_the_longest_text_the_schema_allows_fits_the_body_cap_and_a_longer_body_is_a_shown_413() -> None:
    limits = LimitSettings(max_body_bytes=64 * 1024)
    async with gateway(limits) as url, mcp_session(url, key(ALICE)) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        longest = tools["summarise"].input_schema["properties"]["text"]["maxLength"]
        assert longest == text_cap(64 * 1024) == tools["ask"].input_schema["properties"]["question"]["maxLength"]
        # Control characters are the longest a client writes a character (\u0001: six bytes), yet it fits (with
        # one letter: text must hold something to read).
        fits = await session.call_tool("summarise", {"text": "\x01" * (longest - 1) + "a"})
        over_schema = await session.call_tool("summarise", {"text": "a" * (longest + 1)})
        with pytest.raises(MCPError) as too_large:
            await session.call_tool("summarise", {"text": "\x01" * 64 * 1024})
    assert "invalid arguments" not in str(fits.content)  # within the schema, past the transport
    assert over_schema.is_error and f"at most {longest} characters" in over_schema.content[0].text  # type: ignore[union-attr]
    message = str(too_large.value)
    assert "HTTP 413" in message and "larger than 65536 bytes" in message and "RELAYBOARD_MAX_BODY_BYTES" in message


async def test_asks_question_is_capped_by_the_deployments_question_limit_on_both_transports(monkeypatch) -> None:
    listening, port = listening_socket()
    settings = GatewaySettings(port=port, api_keys=KEYS, max_question_chars=500)
    async with fake_app(FakeSystem(), None, settings) as app, served(app, listening) as url:
        async with mcp_session(url, key(ALICE)) as session:
            over_http = (await session.list_tools()).tools
    monkeypatch.setenv("RELAYBOARD_MAX_QUESTION_CHARS", "500")  # what `relayboard mcp` reads
    limits = ServedLimits.from_environment()
    over_stdio = await create_edge_server(handed(EdgeSystem()), limits=limits).list_tools()
    for tools in (over_http, over_stdio):
        ask = next(tool for tool in tools if tool.name == "ask")
        assert ask.input_schema["properties"]["question"]["maxLength"] == 500
    assert described_facts(limits, {})["limits"]["max_question_chars"] == 500  # so no manifest of the default serves


async def test_a_missing_key_is_a_message_the_client_shows_naming_the_header_to_configure() -> None:
    async with gateway() as url:
        with pytest.raises(BaseException) as refused:
            async with mcp_session(url, {}):
                pass
        async with httpx.AsyncClient(base_url=url, timeout=10) as http:
            unauthorized = await http.post("/mcp", json={}, headers={"accept": "application/json, text/event-stream"})
            metadata = (await http.get("/.well-known/oauth-protected-resource/mcp")).json()
            root_metadata = (await http.get("/.well-known/oauth-protected-resource")).json()
    message = shown(refused.value)
    assert "HTTP 401" in message and "no API key was sent" in message
    assert '"headers": {"Authorization": "Bearer KEY"}' in message
    assert unauthorized.status_code == 401 and unauthorized.json()["error"]["data"] == {
        "status": 401,
        "title": "Unauthorized",
    }
    assert unauthorized.headers["www-authenticate"] == (
        f'Bearer resource_metadata="{url}/.well-known/oauth-protected-resource/mcp"'
    )
    assert metadata["resource"] == f"{url}/mcp" and metadata["bearer_methods_supported"] == ["header"]
    assert "authorization_servers" not in metadata and "authorization_servers" not in root_metadata
    assert root_metadata["resource"] == url


async def test_a_refused_origin_and_a_spent_rate_are_messages_the_client_shows() -> None:
    async with gateway(LimitSettings(requests_per_minute=5)) as url:
        with pytest.raises(BaseException) as forbidden:
            async with mcp_session(url, {**key(ALICE), "origin": "http://rebind.evil.example"}):
                pass
        with pytest.raises(BaseException) as limited:
            async with mcp_session(url, key(BOB)) as session:
                for _ in range(10):
                    await session.list_tools()
    assert "HTTP 403" in shown(forbidden.value) and "DNS-rebinding protection" in shown(forbidden.value)
    assert "HTTP 429" in shown(limited.value) and "bob has used its 5 requests per minute" in shown(limited.value)


async def test_tools_list_shows_each_key_only_the_tools_its_grants_allow() -> None:
    async with gateway() as url:
        async with mcp_session(url, key(ALICE)) as alice:
            everything = {tool.name for tool in (await alice.list_tools()).tools}
        async with mcp_session(url, key(BOB)) as bob:
            sql_only = {tool.name for tool in (await bob.list_tools()).tools}
            rows = await bob.call_tool("list_tables", {})
            with pytest.raises(MCPError) as unlisted:
                await bob.call_tool("search_documents", {"query": "tracing"})
    assert len(everything) == 9 and sql_only == SQL_TOOLS
    assert "may not" not in str(rows.content)
    assert str(unlisted.value) == (
        "the key of bob may not use `search_documents`: it needs the grant `tool:retrieval:search_documents` "
        "(tools/list shows the tools it may use)"
    )


async def test_prompts_list_shows_each_key_only_the_prompts_whose_tools_it_may_use() -> None:
    async with gateway() as url:
        async with mcp_session(url, key(ALICE)) as alice:
            everything = {prompt.name for prompt in (await alice.list_prompts()).prompts}
        async with mcp_session(url, key(BOB)) as bob:
            sql_only = {prompt.name for prompt in (await bob.list_prompts()).prompts}
            explained = await bob.get_prompt("explain_table", {"table": "Invoice"})
            with pytest.raises(MCPError) as unlisted:
                await bob.get_prompt("summarise_document", {"doc_id": "guide.md"})
    assert everything == {"summarise_document", "explain_table", "ask_collection"}
    assert sql_only == {"explain_table"}
    assert "describe_table on `Invoice`" in str(explained.messages[0].content)
    assert unlisted.value.error.code == -32602
    assert str(unlisted.value) == (
        "the key of bob may not use the prompt `summarise_document`: it uses tools the key may not call "
        "(`get_document` needs the grant `tool:retrieval:get_document`; `summarise` needs the grant "
        "`tool:summarise:summarise_text`; prompts/list shows the prompts it may use)"
    )
