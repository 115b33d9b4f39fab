"""The IDE path: a real MCP client calls Relayboard's own MCP server and gets what HTTP gives."""

import sys
from pathlib import Path

import httpx
import pytest
from fastmcp import Client
from fastmcp.client.transports import StdioTransport

from evals.harness.processes import free_port, system_environment

pytestmark = pytest.mark.e2e
QUESTION = "How many invoices were issued in 2010?"
SAME = ("answer", "found", "routes", "mode", "citations", "sql")


def comparable(answer: dict) -> dict:
    return {key: answer[key] for key in SAME}


async def test_ask_over_the_gateways_mcp_endpoint_matches_http(gateway_url: str) -> None:
    over_http = httpx.post(f"{gateway_url}/v1/ask", json={"question": QUESTION}, timeout=60).json()
    async with Client(f"{gateway_url}/mcp") as client:
        names = {tool.name for tool in await client.list_tools()}
        assert {"ask", "search_documents", "run_sql", "summarise"} <= names
        over_mcp = (await client.call_tool("ask", {"question": QUESTION})).structured_content
        rows = (await client.call_tool("run_sql", {"sql": "SELECT COUNT(*) FROM Customer"})).structured_content
        refused = await client.call_tool("run_sql", {"sql": "DROP TABLE Customer"}, raise_on_error=False)
    assert comparable(over_mcp) == comparable(over_http)
    assert rows["rows"] == [[59]]
    assert refused.is_error and "`DROP` is not allowed" in refused.content[0].text


async def test_ask_over_relayboard_mcp_on_stdio_matches_http(
    gateway_url: str, demo_data_dir: Path, tmp_path: Path
) -> None:
    import shutil

    over_http = httpx.post(f"{gateway_url}/v1/ask", json={"question": QUESTION}, timeout=60).json()
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    transport = StdioTransport(
        command=sys.executable,
        args=["-m", "gateway.cli", "mcp"],
        env=system_environment(data_dir, RELAYBOARD_PORT=str(free_port())),  # no gateway there: its own servers
        cwd=str(Path.cwd()),
    )
    async with Client(transport, timeout=180) as client:
        over_stdio = (await client.call_tool("ask", {"question": QUESTION})).structured_content
        unknown = await client.call_tool("ask", {"question": "hi", "thread_id": "nope"}, raise_on_error=False)
    assert comparable(over_stdio) == comparable(over_http)
    assert unknown.is_error and "no conversation with thread_id 'nope'" in unknown.content[0].text


async def test_the_edge_names_a_bad_argument_plainly_with_its_kind(gateway_url: str) -> None:
    async with Client(f"{gateway_url}/mcp") as client:
        result = await client.call_tool("search_documents", {"query": "tracing", "limit": 500}, raise_on_error=False)
    assert result.is_error and result.meta["relayboard/error"] == {"kind": "invalid_input"}
    assert result.content[0].text == "invalid arguments for `search_documents`: `limit` must be at most 50 (got 500)"


def test_an_mcp_session_outlives_the_connection_that_opened_it(gateway_url: str) -> None:
    # Each request on its own connection, as curl or a client with no connection pool sends them: the session
    # belongs to the MCP endpoint, not to the HTTP request that opened it.
    headers = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
    hello = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "curl", "version": "1"}}
    opened = httpx.post(
        f"{gateway_url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello}, headers=headers
    )
    session = {**headers, "mcp-session-id": opened.headers["mcp-session-id"], "mcp-protocol-version": "2025-06-18"}
    notified = httpx.post(
        f"{gateway_url}/mcp", json={"jsonrpc": "2.0", "method": "notifications/initialized"}, headers=session
    )
    listed = httpx.post(f"{gateway_url}/mcp", json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, headers=session)
    assert (opened.status_code, notified.status_code, listed.status_code) == (200, 202, 200)
    assert '"search_documents"' in listed.text
