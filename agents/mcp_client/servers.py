"""Opening MCP servers: one self-repairing session per server, the tools each lists, and toolboxes over them."""

from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastmcp import Client
from fastmcp.client.transports import StdioTransport

from agents.contracts import Route
from agents.mcp_client.backoff import Backoff
from agents.mcp_client.caller import CallCredentials
from agents.mcp_client.connection import ServerConnection
from agents.mcp_client.specs import ToolSpec
from agents.mcp_client.toolbox import Toolbox


@dataclass(frozen=True, slots=True)
class ServerTarget:
    """An MCP server to open: its name, the agent whose tools it serves, and a fastmcp client for it (over
    stdio, streamable HTTP or in process: the client's transport decides). `log` is where its own log is.

    `typed_results`: the server is one of ours, whose results are built from the pydantic models of
    `tools.results` and read back as them (`Toolbox.call_as`), so the MCP SDK's JSON-Schema check of each result
    against the tool's `outputSchema` is skipped. Leave it False for any other server: its results are checked.
    """

    name: str
    agent: Route
    client: Client[Any]
    log: Path | None = None
    typed_results: bool = False


@dataclass(frozen=True, slots=True)
class ConnectOptions:
    """How long to wait for servers: at start-up in all, per connect attempt, at most between retries, and for one
    tool call's answer or its next progress report (an idle deadline)."""

    start_timeout_s: float = 60.0
    connect_timeout_s: float = 30.0
    retry_max_s: float = 5.0
    call_timeout_s: float = 300.0


@dataclass(frozen=True, slots=True)
class McpServer:
    """One open MCP server: its session and the tools it listed when it was opened."""

    name: str
    agent: Route
    session: ServerConnection
    tools: list[ToolSpec]

    async def ping(self, wait_s: float | None = None) -> bool:
        """True when the server answers right now (within `wait_s`, when given)."""
        return await self.session.ping(wait_s)


async def open_server(target: ServerTarget, options: ConnectOptions) -> McpServer:
    """Connect to `target` (retrying while it comes up) and read its tools.

    Raises:
        ServerExited: a stdio server exited while starting; the message is what it said last on stderr.
        ServerUnavailable: it did not answer within `options.start_timeout_s`; the message names it and its log.
    """
    session = ServerConnection(
        target.name,
        target.client,
        backoff=Backoff(cap_s=options.retry_max_s),
        connect_timeout_s=options.connect_timeout_s,
        call_timeout_s=options.call_timeout_s,
        log=target.log,
        stdio=isinstance(target.client.transport, StdioTransport),
        check_output_schema=not target.typed_results,
    )
    try:
        await session.start(options.start_timeout_s)
        tools = await session.list_tools()
    except BaseException:
        await session.close()
        raise
    return McpServer(target.name, target.agent, session, tools)


@asynccontextmanager
async def connect_servers(targets: Sequence[ServerTarget], options: ConnectOptions) -> AsyncIterator[list[McpServer]]:
    """Open every target for the life of the context, and close them all afterwards.

    Raises:
        ServerUnavailable: a server did not start or answer in time.
    """
    async with AsyncExitStack() as stack:
        servers = []
        for target in targets:
            server = await open_server(target, options)
            stack.push_async_callback(server.session.close)
            servers.append(server)
        yield servers


def build_toolbox(
    servers: Sequence[McpServer],
    *,
    agent: Route | None = None,
    readers_only: bool = False,
    credentials: CallCredentials | None = None,
) -> Toolbox:
    """The tools of `servers` (those of `agent`'s servers when given), each called through its own server.

    `readers_only` leaves out every tool a server annotated as writing: an agent may read and answer, not delete
    collections. `credentials` sign each call's token (for the servers that verify them).
    """
    chosen = [server for server in servers if agent is None or server.agent == agent]
    tools = [tool for server in chosen for tool in server.tools if tool.read_only or not readers_only]
    return Toolbox(tools, {server.name: server.session for server in chosen}, credentials)


@asynccontextmanager
async def open_toolbox(
    target: ServerTarget, options: ConnectOptions | None = None, credentials: CallCredentials | None = None
) -> AsyncIterator[Toolbox]:
    """One server's tools for the life of the context (evaluations and tests that drive one server).

    Without `credentials` the calls carry no call token: a server over stdio then serves its parent with full
    access, a server over HTTP refuses them.

    Raises:
        ServerUnavailable: the server did not start or answer in time.
    """
    async with connect_servers([target], options or ConnectOptions()) as servers:
        yield build_toolbox(servers, credentials=credentials)
