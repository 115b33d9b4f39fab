"""Relayboard's MCP edge served through a running gateway: tools, resources and prompts forwarded to its /mcp,
the gateway's progress notifications forwarded back to the IDE."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.types import (
    CallToolRequestParams,
    CallToolResult,
    GetPromptRequestParams,
    GetPromptResult,
    InitializeResult,
    ListPromptsResult,
    ListResourcesResult,
    ListResourceTemplatesResult,
    ListToolsResult,
    PaginatedRequestParams,
    ReadResourceRequestParams,
    ReadResourceResult,
)


@asynccontextmanager
async def gateway_session(
    endpoint: str, headers: dict[str, str]
) -> AsyncIterator[tuple[ClientSession, InitializeResult]]:
    """An initialized MCP session with the gateway's `/mcp` endpoint, sending `headers` (the API key) on each request.

    Raises:
        Exception: whatever the transport raises when the gateway refuses or cannot be reached.
    """
    async with create_mcp_http_client(headers=headers) as http:
        async with streamable_http_client(endpoint, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                yield session, await session.initialize()


def create_proxy_server(session: ClientSession, upstream: InitializeResult) -> Server[Any]:
    """A server offering the upstream's tools, resources, prompts and instructions (only the kinds the upstream
    advertises); each request goes to the upstream unchanged.

    Its `initialize` result is the upstream's (`serverInfo`, capabilities, instructions), apart from the protocol
    version it negotiates with its own client: `relayboard mcp` answers the handshake from the upstream's before
    this server exists (gateway/mcp_edge/upstream.py), and the SDK's answer is checked against that one."""

    async def list_tools(_: Any, params: PaginatedRequestParams | None) -> ListToolsResult:
        return await session.list_tools(params=params)

    async def call_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams) -> CallToolResult:
        async def relay(progress: float, total: float | None, message: str | None) -> None:
            await ctx.session.report_progress(progress, total, message)

        # The IDE's cancellation cancels this handler, and with it the upstream call (which tells the gateway).
        return await session.call_tool(params.name, params.arguments, progress_callback=relay)

    async def list_resources(_: Any, params: PaginatedRequestParams | None) -> ListResourcesResult:
        return await session.list_resources(params=params)

    async def list_resource_templates(_: Any, params: PaginatedRequestParams | None) -> ListResourceTemplatesResult:
        return await session.list_resource_templates(params=params)

    async def read_resource(_: Any, params: ReadResourceRequestParams) -> ReadResourceResult:
        return await session.read_resource(str(params.uri))

    async def list_prompts(_: Any, params: PaginatedRequestParams | None) -> ListPromptsResult:
        return await session.list_prompts(params=params)

    async def get_prompt(_: Any, params: GetPromptRequestParams) -> GetPromptResult:
        return await session.get_prompt(params.name, params.arguments)

    offers = upstream.capabilities
    resources = offers.resources is not None
    prompts = offers.prompts is not None
    identity = upstream.server_info
    return Server(
        identity.name,
        version=identity.version,
        title=identity.title,
        description=identity.description,
        website_url=identity.website_url,
        icons=identity.icons,
        instructions=upstream.instructions,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources if resources else None,
        on_list_resource_templates=list_resource_templates if resources else None,
        on_read_resource=read_resource if resources else None,
        on_list_prompts=list_prompts if prompts else None,
        on_get_prompt=get_prompt if prompts else None,
    )
