"""The agent system behind the edge's calls: one already open (the gateway's), or one still starting.

`relayboard mcp` answers `initialize` and `tools/list` before its models and stores load (an IDE gives a server
a few seconds to connect); a call that arrives sooner waits for them, and says so in a progress message.

Not in a log message: the edge declares no `logging` capability (which MCP deprecates), and the spec forbids log
notifications from a server that does not declare it.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio
from mcp.server.mcpserver import Context

from tools.errors import UpstreamUnavailable

if TYPE_CHECKING:  # the agent system's modules load after the handshake (gateway/mcp_command.py)
    from graph.system import AgentSystem

WAITING = "Relayboard is still loading its models and stores; this call waits for them (only the first calls do)"


class EdgeSystem:
    """Hands the edge its AgentSystem once there is one; `ready` and `failed` are called by whoever opens it."""

    def __init__(self, ref: "Callable[[], AgentSystem] | None" = None) -> None:
        """`ref`: the system someone else opened (read per call); without it, wait for `ready` or `failed`."""
        self._ref = ref
        self._system: AgentSystem | None = None
        self._failure: str | None = None
        self._settled = anyio.Event()
        if ref is not None:
            self._settled.set()

    def ready(self, system: "AgentSystem") -> None:
        self._system = system
        self._settled.set()

    def failed(self, message: str) -> None:
        self._failure = message
        self._settled.set()

    async def get(self, ctx: Context[Any] | None = None) -> "AgentSystem":
        """The system, once open; while it is starting, tells `ctx`'s client that the call waits (as progress, when
        the call has a `progressToken`).

        Raises:
            UpstreamUnavailable: it could not start (the message says why).
        """
        if not self._settled.is_set():
            if ctx is not None:
                await ctx.report_progress(0, None, WAITING)
            await self._settled.wait()
        if self._failure is not None:
            raise UpstreamUnavailable(self._failure)
        if self._ref is not None:
            return self._ref()
        assert self._system is not None, "settled without a system or a failure"
        return self._system
