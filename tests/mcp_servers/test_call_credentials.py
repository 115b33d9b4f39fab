"""Grants are enforced where the tools run: a real SQL server over HTTP verifies each call's signed token."""

import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import mcp_types
import pytest
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport
from mcp.shared.exceptions import MCPError

from agents.mcp_client import ConnectionAuth
from evals.harness.processes import free_port, running, system_environment
from tests.support.call_tokens import SECRET, call_meta, signer
from tools.call_tokens import CREDENTIAL_META_KEY, LIST_TOOLS, CallSigner
from tools.errors import InvalidInput
from tools.grants import Grants

READER = ["tool:sql:*", "table:Invoice"]
COUNT_INVOICES = {"sql": "SELECT COUNT(*) FROM Invoice"}


@pytest.fixture(scope="module")
def sql_server_url(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("sql-http")
    port = free_port()
    env = system_environment(data_dir, RELAYBOARD_SQL_DATABASE=str(demo_database), RELAYBOARD_CALL_TOKEN_SECRET=SECRET)
    command = [sys.executable, "-m", "mcp_servers.sql", "--http", f"127.0.0.1:{port}"]
    with running(command, env=env, log=data_dir / "mcp-sql.log", ready_port=port, timeout=120):
        yield f"http://127.0.0.1:{port}/mcp"


@pytest.fixture
async def gateway_client(sql_server_url: str) -> AsyncIterator[Client]:
    """A client holding the gateway's connection credentials (a fresh connection token on every request)."""
    transport = StreamableHttpTransport(sql_server_url, auth=ConnectionAuth(signer(), "relayboard-sql"))
    async with Client(transport) as client:
        yield client


def _initialize(url: str, headers: dict[str, str]) -> httpx.Response:
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
    }
    accept = {"accept": "application/json, text/event-stream"}
    return httpx.post(url, json=body, headers={**accept, **headers}, timeout=10)


def test_a_request_without_a_valid_connection_token_is_a_401(sql_server_url: str) -> None:
    forged = CallSigner(b"not-the-deployment-secret-0123456789", ttl_s=60).connection_token("sql")
    expired = CallSigner(SECRET.encode(), ttl_s=60, clock=lambda: time.time() - 600).connection_token("sql")
    for headers in ({}, {"authorization": f"Bearer {forged}"}, {"authorization": f"Bearer {expired}"}):
        response = _initialize(sql_server_url, headers)
        assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer", headers
    replayed = signer().connection_token("sql")
    assert _initialize(sql_server_url, {"authorization": f"Bearer {replayed}"}).status_code == 200
    again = _initialize(sql_server_url, {"authorization": f"Bearer {replayed}"})
    assert again.status_code == 401 and "already used" in again.json()["detail"]


async def _call(client: Client, tool: str, arguments: dict[str, Any], meta: dict[str, Any] | None) -> Any:
    return await client.call_tool(tool, arguments, meta=meta, raise_on_error=False)


async def test_a_call_with_the_callers_token_runs_with_its_grants_and_only_once(gateway_client: Client) -> None:
    meta = call_meta("sql", "run_query", COUNT_INVOICES, READER)
    allowed = await _call(gateway_client, "run_query", COUNT_INVOICES, meta)
    assert not allowed.is_error and allowed.structured_content["rows"] == [[412]]

    replayed = await _call(gateway_client, "run_query", COUNT_INVOICES, meta)
    assert replayed.is_error and replayed.meta["relayboard/error"] == {"kind": "unauthenticated"}
    assert "already used" in replayed.content[0].text

    customers = {"sql": "SELECT COUNT(*) FROM Customer"}
    refused = await _call(gateway_client, "run_query", customers, call_meta("sql", "run_query", customers, READER))
    assert refused.is_error and "Customer is not readable with this API key" in refused.content[0].text


async def test_calls_without_a_token_or_with_a_forged_expired_misbound_or_misaddressed_one_are_refused(
    gateway_client: Client,
) -> None:
    grants = Grants.parse(READER)
    forged = CallSigner(b"not-the-deployment-secret-0123456789", ttl_s=60)
    old = CallSigner(SECRET.encode(), ttl_s=60, clock=lambda: time.time() - 600)
    tokens = {
        "no call credential": None,
        "does not verify": forged.call_token("x", grants, audience="sql", tool="run_query", arguments=COUNT_INVOICES),
        "has expired": old.call_token("x", grants, audience="sql", tool="run_query", arguments=COUNT_INVOICES),
        "another call": signer().call_token(
            "x", grants, audience="sql", tool="run_query", arguments={"sql": "SELECT 1"}
        ),
        "another server": signer().call_token(
            "x", grants, audience="retrieval", tool="run_query", arguments=COUNT_INVOICES
        ),
    }
    for reason, token in tokens.items():
        meta = None if token is None else {CREDENTIAL_META_KEY: token}
        result = await _call(gateway_client, "run_query", COUNT_INVOICES, meta)
        assert result.is_error and result.meta["relayboard/error"] == {"kind": "unauthenticated"}, reason
        assert reason in result.content[0].text, (reason, result.content[0].text)


async def test_a_tool_the_caller_holds_no_grant_for_is_refused_and_not_listed(gateway_client: Client) -> None:
    only_tables = ["tool:sql:list_tables", "table:*"]
    refused = await _call(
        gateway_client, "run_query", COUNT_INVOICES, call_meta("sql", "run_query", COUNT_INVOICES, only_tables)
    )
    assert refused.is_error and refused.meta["relayboard/error"] == {"kind": "forbidden"}
    assert "holds no grant for `run_query` (grant tool:sql:run_query)" in refused.content[0].text

    listed = await gateway_client.session.list_tools(
        params=mcp_types.PaginatedRequestParams.model_validate({"_meta": call_meta("sql", LIST_TOOLS, {}, only_tables)})
    )
    assert [tool.name for tool in listed.tools] == ["list_tables"]
    everything = await gateway_client.list_tools()  # the gateway's own listing, on its connection token
    assert {"list_tables", "run_query", "describe_table"} <= {tool.name for tool in everything}


async def _listed(client: Client, grants: list[str]) -> list[str]:
    meta = call_meta("sql", LIST_TOOLS, {}, grants)
    listed = await client.session.list_tools(params=mcp_types.PaginatedRequestParams.model_validate({"_meta": meta}))
    return sorted(tool.name for tool in listed.tools)


async def test_each_caller_is_listed_only_the_tools_its_grants_name(gateway_client: Client) -> None:
    everything = sorted(tool.name for tool in await gateway_client.list_tools())
    assert {"describe_table", "list_tables", "run_query"} <= set(everything)

    schema_reader = ["tool:sql:describe_*", "tool:sql:list_tables", "table:*"]
    assert await _listed(gateway_client, schema_reader) == ["describe_table", "list_tables"]
    assert await _listed(gateway_client, ["tool:sql:*", "table:Invoice"]) == everything
    assert await _listed(gateway_client, ["tool:retrieval:*", "collection:*:admin"]) == []  # another server's grants


async def test_a_listing_with_a_forged_or_replayed_token_is_refused(gateway_client: Client) -> None:
    forged = CallSigner(b"not-the-deployment-secret-0123456789", ttl_s=60).call_token(
        "x", Grants.parse(["tool:sql:*"]), audience="sql", tool=LIST_TOOLS, arguments={}
    )
    meta = call_meta("sql", LIST_TOOLS, {}, ["tool:sql:*"])
    await gateway_client.session.list_tools(params=mcp_types.PaginatedRequestParams.model_validate({"_meta": meta}))
    for reason, refused in (("does not verify", {CREDENTIAL_META_KEY: forged}), ("already used", meta)):
        with pytest.raises(MCPError, match=reason):
            await gateway_client.session.list_tools(
                params=mcp_types.PaginatedRequestParams.model_validate({"_meta": refused})
            )


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_a_call_token_is_refused_for_arguments_json_cannot_carry(number: float) -> None:
    # The wire sends NaN as null, so a token bound to NaN would fail as "issued for another call" at the server.
    with pytest.raises(InvalidInput, match="the arguments of `upsert_points` hold NaN or Infinity"):
        signer().call_token(
            "tester", Grants.parse([]), audience="retrieval", tool="upsert_points", arguments={"points": [number]}
        )
