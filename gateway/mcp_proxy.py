"""Relayboard's MCP edge served through a running gateway: tools, resources and prompts forwarded to its /mcp,
the gateway's progress notifications forwarded back to the IDE.

While the gateway is down, a tool call is a tool error (`isError`, which the model and the IDE show) and any other
request a JSON-RPC error, each saying which gateway and what to do; the next request reconnects
(gateway/gateway_link.py)."""

from collections.abc import Awaitable
from typing import Any, TypeVar

from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INTERNAL_ERROR,
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
    TextContent,
)

from gateway.gateway_link import GatewayLink, GatewayUnreachable

T = TypeVar("T")


def create_proxy_server(link: GatewayLink, upstream: InitializeResult) -> Server[Any]:
    """A server offering the upstream's tools, resources, prompts and instructions (only the kinds the upstream
    advertises); each request goes to the upstream through `link` unchanged.

    Its `initialize` result is the upstream's (`serverInfo`, capabilities, instructions), apart from the protocol
    version it negotiates with its own client: `relayboard mcp` answers the handshake from the upstream's before
    this server exists (gateway/mcp_edge/upstream.py), and the SDK's answer is checked against that one."""

    async def list_tools(_: Any, params: PaginatedRequestParams | None) -> ListToolsResult:
        return await _forwarded(link.send(lambda session: session.list_tools(params=params)))

    async def call_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams) -> CallToolResult:
        async def relay(progress: float, total: float | None, message: str | None) -> None:
            await ctx.session.report_progress(progress, total, message)

        # The IDE's cancellation cancels this handler, and with it the upstream call (which tells the gateway).
        try:
            return await link.send(
                lambda session: session.call_tool(params.name, params.arguments, progress_callback=relay)
            )
        except GatewayUnreachable as exc:
            return CallToolResult(content=[TextContent(type="text", text=str(exc))], is_error=True)

    async def list_resources(_: Any, params: PaginatedRequestParams | None) -> ListResourcesResult:
        return await _forwarded(link.send(lambda session: session.list_resources(params=params)))

    async def list_resource_templates(_: Any, params: PaginatedRequestParams | None) -> ListResourceTemplatesResult:
        return await _forwarded(link.send(lambda session: session.list_resource_templates(params=params)))

    async def read_resource(_: Any, params: ReadResourceRequestParams) -> ReadResourceResult:
        return await _forwarded(link.send(lambda session: session.read_resource(str(params.uri))))

    async def list_prompts(_: Any, params: PaginatedRequestParams | None) -> ListPromptsResult:
        return await _forwarded(link.send(lambda session: session.list_prompts(params=params)))

    async def get_prompt(_: Any, params: GetPromptRequestParams) -> GetPromptResult:
        return await _forwarded(link.send(lambda session: session.get_prompt(params.name, params.arguments)))

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


async def _forwarded(answer: Awaitable[T]) -> T:
    """The upstream's answer; a gateway that is down is a JSON-RPC error saying so (the SDK sends an MCPError as
    one)."""
    try:
        return await answer
    except GatewayUnreachable as exc:
        raise MCPError(code=INTERNAL_ERROR, message=str(exc)) from exc
