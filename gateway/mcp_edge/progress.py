"""Progress of long edge calls relayed to the client's `progressToken` (`notifications/progress`).

The agents and the MCP servers behind them report through stream events (`progress` from a server's own
notifications, `route`/`tool_call` from the graph); those are emitted synchronously inside the run, so they
are queued here and sent by one task, in order. The spec wants a token's progress to increase: a relay that
`counts` reports one step per event (an `ask` crosses several tools, each counting from zero); otherwise
the server's own numbers go through, held above the last one sent.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.mcpserver import Context

from agents.contracts import Emit

_Report = tuple[float, float | None, str | None]


def _message(event: str, data: dict[str, Any]) -> str | None:
    if event == "route":
        return f"routing to {data.get('route') or data.get('routes')}"
    if event == "tool_call":
        return f"calling {data['tool']}"
    if event == "progress":
        total = f"/{data['total']:g}" if data.get("total") else ""
        return f"{data['tool']}: {data.get('message') or ''} ({data['progress']:g}{total})".replace(":  (", ": (")
    return None


@asynccontextmanager
async def relayed_progress(ctx: Context[Any], *, counts: bool) -> AsyncIterator[Emit]:
    """An `Emit` whose events become progress notifications for the current request while the block runs."""
    queue: asyncio.Queue[_Report | None] = asyncio.Queue()
    last = {"progress": 0.0, "steps": 0.0}

    async def send() -> None:
        while (report := await queue.get()) is not None:
            await ctx.report_progress(*report)

    def emit(event: str, data: dict[str, Any]) -> None:
        message = _message(event, data)
        if message is None:
            return
        if counts:
            last["steps"] += 1
            queue.put_nowait((last["steps"], None, message))
        elif event == "progress":
            value = max(float(data["progress"]), last["progress"] + 1e-6)
            last["progress"] = value
            queue.put_nowait((value, data.get("total"), data.get("message")))

    sender = asyncio.create_task(send())
    try:
        yield emit
    except BaseException:
        sender.cancel()  # the call failed or was cancelled: its progress no longer matters
        raise
    queue.put_nowait(None)
    await sender  # every report is sent before the result, which ends the token's life
