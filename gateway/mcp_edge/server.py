"""The edge server: Relayboard's tools for IDE assistants, named, described and versioned."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib.metadata import version
from typing import TYPE_CHECKING

from mcp.server.mcpserver import MCPServer

from gateway.limits import LimitSettings
from gateway.mcp_edge.descriptions import INSTRUCTIONS, ServedLimits, tool_descriptions
from gateway.mcp_edge.grants import GrantedTools
from gateway.mcp_edge.prompts import PROMPT_TOOLS, register_prompts
from gateway.mcp_edge.resources import DocumentListing, register_resources
from gateway.mcp_edge.settings import EdgeSettings
from gateway.mcp_edge.system_handle import EdgeSystem
from gateway.mcp_edge.tools import register_tools
from gateway.settings import GatewaySettings
from mcp_servers.errors import ToolServer

if TYPE_CHECKING:  # loaded after the handshake (gateway/mcp_command.py)
    from graph.system import AgentSystem

SystemLifespan = Callable[[MCPServer[EdgeSystem]], AbstractAsyncContextManager[EdgeSystem]]


def create_edge_server(
    lifespan: SystemLifespan,
    settings: EdgeSettings | None = None,
    limits: ServedLimits | None = None,
    *,
    body: LimitSettings | None = None,
    gateway: GatewaySettings | None = None,
) -> MCPServer[EdgeSystem]:
    """The IDE-facing server; `lifespan` yields the handle of the AgentSystem its tools use. Its string inputs
    are no longer than the body cap of `body` and the question cap of `gateway` (default: read from RELAYBOARD_*)
    let through, unless `limits` says otherwise.

    Its tools' failures read as our servers' do (mcp_servers/errors.py): a Relayboard error's message and kind,
    argument errors in plain words, anything unexpected as an internal error with the trace id.

    Raises:
        ConfigurationError: RELAYBOARD_MCP_TOOL_DESCRIPTIONS names a tool the edge does not have.
    """
    edge = settings or EdgeSettings()
    served = limits or ServedLimits.from_environment(body, gateway)
    server: MCPServer[EdgeSystem] = ToolServer(
        "relayboard",
        title="Relayboard",
        version=version("relayboard"),
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        subscriptions=False,  # no list or resource changes to announce: advertise none (listChanged, subscribe)
        middleware=[GrantedTools(PROMPT_TOOLS), DocumentListing()],
    )
    register_tools(server, tool_descriptions(served, edge.tool_descriptions), served)
    register_resources(server)
    register_prompts(server)
    return server


def fixed_system(system_ref: "Callable[[], AgentSystem]") -> SystemLifespan:
    """A lifespan that hands the edge server an AgentSystem someone else opened (the gateway's)."""
    return handed(EdgeSystem(system_ref))


def handed(handle: EdgeSystem) -> SystemLifespan:
    """A lifespan that hands the edge server `handle` (whose system may still be starting)."""

    @asynccontextmanager
    async def lifespan(_: MCPServer[EdgeSystem]) -> AsyncIterator[EdgeSystem]:
        yield handle

    return lifespan
